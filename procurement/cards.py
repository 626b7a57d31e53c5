"""The opportunity cards of the list and the saved page, written in Python.

A card went through three included templates, a template tag per deadline and a dozen
lookups per field, which took most of the list's time. Here the words (labels, badges, the
reader's zones) and the URLs are worked out once per page and each card only fills in its
own values; every value is escaped. The detail page shows the same deadline and markers
through `deadline_html` and `markers_html`.
"""

import datetime as dt
import html
import unicodedata
import zoneinfo
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import lru_cache
from typing import Any

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import formats, timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django_countries import countries

from accelerator.csrf import page_token
from accelerator.filter_choices import country_name
from accelerator.statements import converter

from . import classifications, selectors
from .models import Opportunity, Source, Status

EASTERN = zoneinfo.ZoneInfo("America/New_York")
JAPAN = zoneinfo.ZoneInfo("Asia/Tokyo")
TAG_CHARS = 60
_SENTINEL = 987654321  # a pk no URL prefix contains, replaced by each card's own


def moment(value: dt.datetime, zone) -> str:
    """The moment as the reader's language writes a date and time in `zone`, with the zone's abbreviation."""
    return _moment(value, zone, get_language())


# Formatting a date through the locale's format string took half of a card. The text depends
# on nothing but the instant, the zone and the language (a changed deadline is another key),
# so a process keeps the last few thousand it wrote.
@lru_cache(maxsize=4096)
def _moment(value: dt.datetime, zone, language: str | None) -> str:
    local = timezone.localtime(value, zone)
    return f"{formats.date_format(local, 'DATETIME_FORMAT')} {local.strftime('%Z')}"


def reader_zones() -> list[tuple[str, dt.tzinfo]]:
    """The current zone, then U.S. Eastern and Japan where those differ from it, each with its label."""
    current = timezone.get_current_timezone()
    zones: list[tuple[str, dt.tzinfo]] = [(_("Your time"), current)]
    for label, zone in ((_("U.S. Eastern"), EASTERN), (_("Japan"), JAPAN)):
        if str(zone) != str(current):
            zones.append((label, zone))
    return zones


def days_left_text(deadline: dt.datetime | None, *, now: dt.datetime | None = None) -> str:
    if not deadline:
        return ""
    return _days_left_words(selectors.days_left(deadline, now=now))


def _days_left_words(days: int | None) -> str:
    """The days left as a deadline's line says them: closed, within a day, or a count."""
    if days is None:
        return _("Closed")
    if days == 0:
        return _("Closes within a day")
    return ngettext("%(days)d day left", "%(days)d days left", days) % {"days": days}


def escape(value) -> str:
    """Django's escape(), same output, without the check for lazy arguments that cost it as much as escaping."""
    return html.escape(str(value))


def money(amount, currency) -> str:
    if amount is None:
        return ""
    places = 0 if currency == "JPY" or amount == amount.to_integral_value() else 2
    return f"{currency} {formats.number_format(amount, places, use_l10n=True, force_grouping=True)}"


def _url_pattern(name: str) -> str:
    return _url_pattern_of(name, get_urlconf(), get_script_prefix())


@lru_cache(maxsize=16)
def _url_pattern_of(name: str, urlconf: str | None, script_prefix: str) -> str:
    return reverse(name, kwargs={"pk": _SENTINEL}).replace(str(_SENTINEL), "{pk}")


@dataclass(frozen=True)
class _Words:
    """What every card of one page says alike, in the page's language and zone, escaped; and the
    moment its days left count from."""

    zones: list[tuple[str, dt.tzinfo]]
    sources: dict[str, str]
    statuses: dict[str, str]
    markers: list[tuple[str, str]]
    markers_label: str
    no_deadline: str
    no_deadline_opening: str
    save_button: str
    saved_button: str
    buyer_not_named: str
    published_in_japanese: str
    value_label: str
    set_aside_label: str
    now: dt.datetime | None = None


def _words() -> _Words:
    return replace(_words_of(get_language(), timezone.get_current_timezone()), now=timezone.now())


# The words depend on nothing but the language and the zone: a process writes them once for each.
@lru_cache(maxsize=64)
def _words_of(language: str | None, zone: dt.tzinfo) -> _Words:
    # Translated outside the f-strings: makemessages does not read calls inside them.
    save, saved, japanese = escape(_("Save")), escape(_("Saved ✓ (remove)")), escape(_("Published in Japanese"))
    return _Words(
        zones=[(escape(label), zone) for label, zone in reader_zones()],
        sources={value: escape(label) for value, label in Source.choices},
        statuses={value: escape(label) for value, label in Status.choices},
        markers=[
            ("itar", escape(_("ITAR wording"))),
            ("ear", escape(_("EAR wording"))),
            ("us_persons_only", escape(_("U.S. persons only"))),
            ("controlled_documents", escape(_("Export-controlled attachments"))),
        ],
        markers_label=escape(_("Export-control markers")),
        no_deadline=escape(_("No response deadline published.")),
        no_deadline_opening=escape(_("No response deadline published. Opening of tenders:")),
        save_button=f'<button type="submit" class="small">{save}</button>',
        saved_button=f'<button type="submit" class="small secondary">{saved}</button>',
        buyer_not_named=escape(_("Buyer not named")),
        published_in_japanese=f'<span class="badge" lang="ja">{japanese}</span>',
        value_label=escape(_("Value")),
        set_aside_label=escape(_("Set-aside")),
    )


def deadline_html(opportunity: Opportunity, words: _Words | None = None) -> SafeString:
    """The deadline in the reader's zone, Eastern and Japan, and the days left; or the opening of tenders."""
    words = words or _words()
    days = selectors.days_left(opportunity.deadline, now=words.now)
    # Every value in it went through escape().
    return mark_safe(_deadline_html(opportunity.deadline, opportunity.tenders_opened_at, days, words))  # noqa: S308


def _deadline_html(
    deadline: dt.datetime | None, tenders_opened_at: dt.datetime | None, days: int | None, words: _Words
) -> str:
    if deadline:
        zones = _zones_html(deadline, words)
        left = escape(_days_left_words(days))
        return f'<dl class="deadline">\n  {zones}\n</dl>\n<p class="days-left"><strong>{left}</strong></p>\n'
    if tenders_opened_at:
        zones = _zones_html(tenders_opened_at, words)
        return f'<p class="muted">{words.no_deadline_opening}</p>\n<dl class="deadline">\n  {zones}\n</dl>\n'
    return f'<p class="muted">{words.no_deadline}</p>'


def _zones_html(value: dt.datetime, words: _Words) -> str:
    return "".join(f"<div><dt>{label}</dt><dd>{escape(moment(value, zone))}</dd></div>" for label, zone in words.zones)


def markers_html(opportunity: Opportunity, words: _Words | None = None) -> SafeString:
    """The export-control markers found in the notice, if any."""
    words = words or _words()
    flags = tuple(bool(getattr(opportunity, field)) for field in MARKER_FIELDS)
    # Every label in it went through escape().
    return mark_safe(_markers_html(flags, words))  # noqa: S308


MARKER_FIELDS = ("itar", "ear", "us_persons_only", "controlled_documents")


def _markers_html(flags: tuple[bool, ...], words: _Words) -> str:
    found = "".join(f"\n  <li>{label}</li>" for (_field, label), flag in zip(words.markers, flags, strict=True) if flag)
    if not found:
        return ""
    return f'<ul class="tags markers" aria-label="{words.markers_label}">{found}\n</ul>'


@dataclass(frozen=True)
class Card:
    """What one card shows of its notice (a card_rows() row): equal values write the same card.
    `is_saved` (whether the reader saved it, where the row says) is not part of the card's value."""

    pk: int
    title: str
    title_translation: str
    language: str
    country: str
    buyer_name: str
    source: str
    status: str
    value_amount: Decimal | None
    value_currency: str
    set_aside: str
    deadline: dt.datetime | None
    tenders_opened_at: dt.datetime | None
    markers: tuple[bool, ...]
    codes: str | None
    is_saved: bool = field(default=False, compare=False)

    @classmethod
    def of(cls, opportunity: "Opportunity | Card") -> "Card":
        if isinstance(opportunity, Card):
            return opportunity
        return cls(
            opportunity.pk,
            opportunity.title,
            opportunity.title_translation,
            opportunity.language,
            str(opportunity.country),
            opportunity.buyer_name,
            opportunity.source,
            opportunity.status,
            opportunity.value_amount,
            opportunity.value_currency,
            opportunity.set_aside,
            opportunity.deadline,
            opportunity.tenders_opened_at,
            tuple(bool(getattr(opportunity, field)) for field in MARKER_FIELDS),
            opportunity.codes,  # type: ignore[attr-defined]
            bool(getattr(opportunity, "is_saved", False)),
        )


# Card's fields as card_rows() names its columns (the markers come from four columns).
_CARD_COLUMNS = (
    "id",
    "title",
    "title_translation",
    "language",
    "country",
    "buyer_name",
    "source",
    "status",
    "value_amount",
    "value_currency",
    "set_aside",
    "deadline",
    "tenders_opened_at",
)


def card_reader(db: str, columns: Sequence[str]) -> Callable[[Sequence[Any]], Card]:
    """The Card of each card_rows() row read as `columns` (the notice's attribute names, `codes`
    and `is_saved`) on `db`, made without a model instance: the list reads a page of them on
    every view."""
    notice_columns = [name for name in columns if name not in ("codes", "is_saved")]
    convert = converter(Opportunity, db, notice_columns)
    taken = [columns.index(name) for name in notice_columns]
    fields = [notice_columns.index(name) for name in _CARD_COLUMNS]
    markers = [notice_columns.index(name) for name in MARKER_FIELDS]
    codes, is_saved = columns.index("codes"), columns.index("is_saved")

    def read(row: Sequence[Any]) -> Card:
        values = convert([row[position] for position in taken])
        return Card(
            *[values[position] for position in fields],
            markers=tuple(bool(values[position]) for position in markers),
            codes=row[codes],
            is_saved=bool(row[is_saved]),
        )

    return read


# Where a card's form takes the page's CSRF token and return address.
_HIDDEN = "\x00hidden\x00"


def opportunity_cards(
    opportunities: Sequence[Opportunity | Card], *, request, saved_ids: Collection[int] = ()
) -> list[SafeString]:
    """One card per opportunity (rows of selectors.card_rows, or their Cards), its save button
    saying whether `saved_ids` holds it."""
    if not opportunities:
        return []
    now = timezone.now()
    language, zone = get_language(), timezone.get_current_timezone()
    urls = (get_urlconf(), get_script_prefix())
    hidden = (
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(page_token(request))}">'
        f'<input type="hidden" name="next" value="{escape(request.get_full_path())}">'
    )
    cards = []
    for opportunity in opportunities:
        days = selectors.days_left(opportunity.deadline, now=now)
        card = _card_html(Card.of(opportunity), days, opportunity.pk in saved_ids, language, zone, urls)
        # Every value in it went through escape().
        cards.append(mark_safe(card.replace(_HIDDEN, hidden)))  # noqa: S308
    return cards


# A card depends on nothing but its notice's values, the days left, whether the reader saved it,
# the language, the zone and the addresses: a process writes each such card once and keeps the
# last few thousand (a changed notice is another key).
@lru_cache(maxsize=2048)
def _card_html(card: Card, days: int | None, saved: bool, language: str | None, zone: dt.tzinfo, urls: tuple) -> str:
    words = _words_of(language, zone)
    pk = card.pk
    title = card.title
    if card.title_translation and not (language or "en").startswith(card.language):
        title = card.title_translation
    original = ""
    if title != card.title:
        original = f'\n    <p class="muted" lang="{escape(card.language)}">{escape(card.title)}</p>'
    country = escape(country_name(card.country) or countries.name(card.country))
    badge = ""
    if card.language == "ja":
        badge = words.published_in_japanese
    elif card.language != "en":
        badge = f'<span class="badge">{escape(card.language)}</span>'
    facts = []
    if card.value_amount is not None:
        money_text = money(card.value_amount, card.value_currency)
        facts.append(f"<p>{words.value_label}: <strong>{escape(money_text)}</strong></p>")
    if card.set_aside:
        facts.append(f"<p>{words.set_aside_label}: {escape(card.set_aside)}</p>")
    codes = "".join(_code_html(*code) for code in selectors.codes_of(card.codes))
    if codes:
        codes = f'<ul class="tags">{codes}</ul>'
    detail_url = _url_pattern("procurement:detail").format(pk=pk)
    save_url = _url_pattern("procurement:toggle_saved").format(pk=pk)
    return (
        f'<article class="card opportunity">\n'
        f'  <header class="opportunity-head">\n'
        f'    <h2><a href="{detail_url}">{escape(title)}</a></h2>{original}\n'
        f'    <p class="muted">\n'
        f"      {escape(card.buyer_name) or words.buyer_not_named} · {country}"
        f" · {words.sources.get(card.source) or escape(card.source)}\n"
        f'      · <span class="badge">'
        f"{words.statuses.get(card.status) or escape(card.status)}</span>\n"
        f"      {badge}\n"
        f"    </p>\n"
        f"  </header>\n"
        f'  <div class="opportunity-body">\n'
        f"    <div>\n{_deadline_html(card.deadline, card.tenders_opened_at, days, words)}\n"
        f"      {''.join(facts)}\n    </div>\n"
        f"    <div>\n      {codes}\n{_markers_html(card.markers, words)}\n    </div>\n"
        f"  </div>\n"
        f'  <form method="post" action="{save_url}" class="inline">\n'
        f"    {_HIDDEN}\n"
        f"    {words.saved_button if saved else words.save_button}\n"
        f"  </form>\n"
        f"</article>\n"
    )


def _code_html(scheme: str, code: str, stored_label: str) -> str:
    return _code_html_of(scheme, code, stored_label, get_language())


# A code's tag depends on nothing but the code, its stored label and the language.
@lru_cache(maxsize=4096)
def _code_html_of(scheme: str, code: str, stored_label: str, language: str | None) -> str:
    label = classifications.display_label(scheme, code, stored_label)
    text = f"{escape(scheme)} {escape(code)}"
    if label:
        # Truncator only where it can cut: a shorter label comes out of it normalised, not cut.
        short = unicodedata.normalize("NFC", label) if len(label) <= TAG_CHARS else Truncator(label).chars(TAG_CHARS)
        text += f" · {escape(short)}"
    return f'<li title="{escape(label)}">{text}</li>'
