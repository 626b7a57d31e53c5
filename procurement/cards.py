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
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from django.middleware.csrf import get_token
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import formats, timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django_countries import countries

from accelerator.filter_choices import country_name

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
    days = selectors.days_left(deadline, now=now)
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
    if opportunity.deadline:
        zones = _zones_html(opportunity.deadline, words)
        left = escape(days_left_text(opportunity.deadline, now=words.now))
        html = f'<dl class="deadline">\n  {zones}\n</dl>\n<p class="days-left"><strong>{left}</strong></p>\n'
    elif opportunity.tenders_opened_at:
        zones = _zones_html(opportunity.tenders_opened_at, words)
        html = f'<p class="muted">{words.no_deadline_opening}</p>\n<dl class="deadline">\n  {zones}\n</dl>\n'
    else:
        html = f'<p class="muted">{words.no_deadline}</p>'
    # Every value in it went through escape().
    return mark_safe(html)  # noqa: S308


def _zones_html(value: dt.datetime, words: _Words) -> str:
    return "".join(f"<div><dt>{label}</dt><dd>{escape(moment(value, zone))}</dd></div>" for label, zone in words.zones)


def markers_html(opportunity: Opportunity, words: _Words | None = None) -> SafeString:
    """The export-control markers found in the notice, if any."""
    words = words or _words()
    found = "".join(f"\n  <li>{label}</li>" for field, label in words.markers if getattr(opportunity, field))
    if not found:
        return mark_safe("")
    # Every label in it went through escape().
    return mark_safe(f'<ul class="tags markers" aria-label="{words.markers_label}">{found}\n</ul>')  # noqa: S308


def opportunity_cards(
    opportunities: Sequence[Opportunity], *, request, saved_ids: Collection[int] = ()
) -> list[SafeString]:
    """One card per opportunity (rows of selectors.card_rows), its save button saying whether `saved_ids` holds it."""
    if not opportunities:
        return []
    words = _words()
    detail_url = _url_pattern("procurement:detail")
    save_url = _url_pattern("procurement:toggle_saved")
    hidden = (
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(get_token(request))}">'
        f'<input type="hidden" name="next" value="{escape(request.get_full_path())}">'
    )
    save_button, saved_button = words.save_button, words.saved_button
    buyer_not_named, published_in_japanese = words.buyer_not_named, words.published_in_japanese
    value_label, set_aside_label = words.value_label, words.set_aside_label
    cards = []
    for opportunity in opportunities:
        pk = opportunity.pk
        title = opportunity.display_title
        original = ""
        if title != opportunity.title:
            original = f'\n    <p class="muted" lang="{escape(opportunity.language)}">{escape(opportunity.title)}</p>'
        code = str(opportunity.country)
        country = escape(country_name(code) or countries.name(code))
        language = ""
        if opportunity.language == "ja":
            language = published_in_japanese
        elif opportunity.language != "en":
            language = f'<span class="badge">{escape(opportunity.language)}</span>'
        facts = []
        if opportunity.value_amount is not None:
            money_text = money(opportunity.value_amount, opportunity.value_currency)
            facts.append(f"<p>{value_label}: <strong>{escape(money_text)}</strong></p>")
        if opportunity.set_aside:
            facts.append(f"<p>{set_aside_label}: {escape(opportunity.set_aside)}</p>")
        codes = "".join(_code_html(*code) for code in selectors.card_codes(opportunity))
        if codes:
            codes = f'<ul class="tags">{codes}</ul>'
        cards.append(
            mark_safe(  # noqa: S308 - every value in it went through escape()
                f'<article class="card opportunity">\n'
                f'  <header class="opportunity-head">\n'
                f'    <h2><a href="{detail_url.format(pk=pk)}">{escape(title)}</a></h2>{original}\n'
                f'    <p class="muted">\n'
                f"      {escape(opportunity.buyer_name) or buyer_not_named} · {country}"
                f" · {words.sources.get(opportunity.source) or escape(opportunity.source)}\n"
                f'      · <span class="badge">'
                f"{words.statuses.get(opportunity.status) or escape(opportunity.status)}</span>\n"
                f"      {language}\n"
                f"    </p>\n"
                f"  </header>\n"
                f'  <div class="opportunity-body">\n'
                f"    <div>\n{deadline_html(opportunity, words)}\n      {''.join(facts)}\n    </div>\n"
                f"    <div>\n      {codes}\n{markers_html(opportunity, words)}\n    </div>\n"
                f"  </div>\n"
                f'  <form method="post" action="{save_url.format(pk=pk)}" class="inline">\n'
                f"    {hidden}\n"
                f"    {saved_button if pk in saved_ids else save_button}\n"
                f"  </form>\n"
                f"</article>\n"
            )
        )
    return cards


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
