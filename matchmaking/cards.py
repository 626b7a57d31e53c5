"""The suggestion cards of the matches page, written in Python.

Each card went through an included template with a few dozen lookups, conditions and two
CSRF tags, which took most of the page's time. Here the words (labels, status names) and the
links' patterns are worked out once per process and language, the CSRF field and the page's
address once per page, and each card only fills in its own values; every value is escaped.
"""

import html
from collections.abc import Sequence
from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .models import Introduction, Suggestion

_SENTINEL = 2147483647  # a pk no URL prefix contains, replaced by each card's own


def escape(value) -> str:
    """Django's escape(), same output, without its check for lazy arguments."""
    return html.escape(str(value))


def _url_pattern(name: str) -> tuple[str, str]:
    before, after = reverse(name, args=[_SENTINEL]).split(str(_SENTINEL))
    return escape(before), escape(after)


@lru_cache(maxsize=32)
def _words(language: str | None, urlconf: str, script_prefix: str) -> tuple:
    """A card's words, badges and link patterns in `language`, worked out once per process."""
    # Translated outside the f-strings: makemessages does not read calls inside them.
    rank_label = escape(_("Rank"))
    fit_title = escape(
        _(
            "Fit from 0 to 100, the same scale in every list: 50 is one specific need met one way; "
            "strong from 75, most often needs met both ways"
        )
    )
    pair_badge = '<span class="badge">{}</span>'.format(escape(_("U.S.–Japan pair")))
    saved_badge = '<span class="badge saved">{}</span>'.format(escape(_("Saved")))
    dismissed_badge = '<span class="badge">{}</span>'.format(escape(_("Dismissed")))
    guidance = '<a href="{}">{}</a>'.format(escape(reverse("matchmaking:itar_bridge")), escape(_("What to do")))
    introduce_label, save_label = escape(_("Request an introduction")), escape(_("Save"))
    restore_label, dismiss_label = escape(_("Restore")), escape(_("Dismiss"))
    statuses = {value: escape(label) for value, label in Introduction.Status.choices}
    patterns = tuple(_url_pattern(name) for name in ("matchmaking:detail", "matchmaking:save", "matchmaking:restore"))
    return (
        (rank_label, fit_title, pair_badge, saved_badge, dismissed_badge, guidance),
        (introduce_label, save_label, restore_label, dismiss_label),
        statuses,
        patterns,
    )


def suggestion_cards(
    suggestions: Sequence[Suggestion], *, token: str, next_path: str, is_member: bool
) -> list[SafeString]:
    """The cards of annotated suggestions (reasons.annotate), each with `.partner_country`,
    `.partner_kind` and `.introduction_status` (the latest introduction's, or None) set;
    with the actions a member of the company may take when `is_member`, their forms carrying
    the CSRF `token` and returning to `next_path`."""
    if not suggestions:
        return []
    (
        (rank_label, fit_title, pair_badge, saved_badge, dismissed_badge, guidance),
        (introduce_label, save_label, restore_label, dismiss_label),
        statuses,
        ((detail_before, detail_after), (save_before, save_after), (restore_before, restore_after)),
    ) = _words(get_language(), get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())
    hidden = (
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(token)}">\n'
        f'      <input type="hidden" name="next" value="{escape(next_path)}">\n'
    )
    cards = []
    for suggestion in suggestions:
        pk, status = suggestion.pk, suggestion.status
        url = f"{detail_before}{pk}{detail_after}"
        band = escape(suggestion.fit_band)
        badges = [pair_badge if suggestion.binational else ""]
        trl = suggestion.partner.profile.trl if hasattr(suggestion.partner, "profile") else None
        badges.append(f'<span class="badge">TRL {escape(trl)}</span>' if trl else "")
        badges.append(saved_badge if status == Suggestion.Status.SAVED else "")
        badges.append(dismissed_badge if status == Suggestion.Status.DISMISSED else "")
        introduction = suggestion.introduction_status
        badges.append(
            f'<span class="badge">{statuses.get(introduction) or escape(introduction)}</span>' if introduction else ""
        )
        reasons = "".join(f"<li>{escape(text)}</li>" for text in suggestion.reason_texts[:4])
        flags = "".join(
            f'<p class="flag-note"><strong>{escape(step)}</strong> {escape(text)} {guidance}</p>'
            for step, text in suggestion.flag_texts
        )
        actions = ""
        if is_member:
            save = ""
            if status != Suggestion.Status.SAVED:
                save = (
                    f'\n    <form method="post" action="{save_before}{pk}{save_after}" class="inline">{hidden}'
                    f'      <button type="submit" class="small secondary">{save_label}</button>\n'
                    "    </form>\n    "
                )
            if status == Suggestion.Status.DISMISSED:
                restore_or_dismiss = (
                    f'\n    <form method="post" action="{restore_before}{pk}{restore_after}" class="inline">{hidden}'
                    f'      <button type="submit" class="small secondary">{restore_label}</button>\n'
                    "    </form>\n    "
                )
            else:
                restore_or_dismiss = (
                    f'\n    <a class="button small secondary" href="{url}#dismiss">{dismiss_label}</a>\n    '
                )
            actions = (
                '\n  <div class="actions">\n'
                f'    <a class="button small" href="{url}#introduce">{introduce_label}</a>\n'
                f"    {save}\n    {restore_or_dismiss}\n"
                "  </div>\n  "
            )
        cards.append(
            mark_safe(  # noqa: S308 - every value in it went through escape()
                '<article class="company-card match">\n'
                '  <div class="page-head">\n'
                f'    <h3><span class="rank" aria-label="{rank_label}">{escape(suggestion.rank)}</span>\n'
                f'      <a href="{url}">{escape(suggestion.partner.display_name)}</a></h3>\n'
                f'    <span class="score fit-{band}" title="{fit_title}">{escape(suggestion.fit)}</span>\n'
                "  </div>\n"
                '  <p class="meta">\n'
                f"    <span>{escape(suggestion.partner_country)}</span>\n"
                f"    <span>{escape(suggestion.partner_kind)}</span>\n"
                f'    <span class="badge fit-{band}">{escape(suggestion.fit_text)}</span>\n'
                f"    {badges[0]}\n    {badges[1]}\n    {badges[2]}\n    {badges[3]}\n    {badges[4]}\n"
                "  </p>\n"
                f'  <ul class="reasons">{reasons}</ul>\n'
                f"  {flags}\n"
                f"  {actions}\n"
                "</article>\n"
            )
        )
    return cards
