"""Rows of the council lists (actions, the tracker, the home's lists), written in one pass in Python.

Through templates every row was an include that resolved a dozen variables, reversed its
links, translated its words and built the status labels from their lazy choices again.
Here what is per page (words, labels, link patterns, the form's hidden token) is worked
out once and each row fills in its own values, every one of them escaped.
"""

import functools
import html
from collections.abc import Iterable
from functools import cached_property

from django.conf import settings
from django.template.defaultfilters import floatformat, linebreaksbr
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import formats
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from accelerator import dates
from accelerator.csrf import page_token
from accelerator.written import TOKEN_MARK

from .models import ActionItem, AgendaItem, Council, Meeting

_SENTINEL = 987654321  # a pk no URL prefix contains, replaced by each row's own


def escape(value) -> str:
    """Django's escape(), same output, without its check for lazy text on every cell."""
    return html.escape(str(value))


def url_pattern(name: str) -> tuple[str, str]:
    """The parts of `name`'s URL before and after a row's pk (reversed once per process and URLconf)."""
    return _url_pattern(name, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)


@functools.cache
def _url_pattern(name: str, prefix: str, urlconf: str) -> tuple[str, str]:
    before, after = reverse(name, urlconf=urlconf, args=[_SENTINEL]).split(str(_SENTINEL))
    return escape(before), escape(after)


class ActionRows:
    """What councils/_action_row.html writes for each (action, days overdue), with the decision shown;
    the words, links and the form's token of one page worked out once for all its tables."""

    def __init__(self, request, *, token_mark: bool = False):
        """With `token_mark`, the forms carry written.TOKEN_MARK for a part of a page that puts in
        each view's token ({% written_once %})."""
        self.request = request
        self.token_mark = token_mark
        self.decision_url = url_pattern("councils:decision")
        self.status_url = url_pattern("councils:action_status")
        self.statuses = [(escape(value), escape(label)) for value, label in ActionItem.Status.choices]

    def __call__(self, actions: Iterable[tuple[ActionItem, int]], *, can_update: bool) -> SafeString:
        """The rows; with `can_update`, each status is a form that changes it, otherwise its label."""
        decision_start, decision_end = self.decision_url
        status_start, status_end = self.status_url
        statuses = self.statuses
        labels = dict(statuses)
        if can_update:
            form_start, form_end = self._form
        rows = []
        for action, days in actions:
            decision = action.decision
            status = escape(action.status)
            if days:
                overdue = ngettext("%(days)s day overdue", "%(days)s days overdue", days) % {"days": days}
                overdue = f' <strong class="error">{escape(overdue)}</strong>'
            else:
                overdue = ""
            if can_update:
                options = "".join(
                    f'\n        <option value="{value}"{" selected" if value == status else ""}>{label}</option>'
                    for value, label in statuses
                )
                state = (
                    f'\n    <form method="post" action="{status_start}{action.pk}{status_end}" class="inline">'
                    f"{form_start}{options}{form_end}"
                )
            else:
                state = labels.get(status, status)
            rows.append(
                f"<tr>\n"
                f'  <td>{escape(action.title)}<br><a class="small" href="{decision_start}{decision.pk}{decision_end}">'
                f"{escape(decision.reference)}</a></td>\n"
                f"  <td>{escape(action.owner_label)}</td>\n"
                f"  <td>{escape(formats.date_format(action.due_on, 'DATE_FORMAT'))}{overdue}</td>\n"
                f"  <td>{state}</td>\n"
                f"</tr>\n"
            )
        # Every value in the rows went through escape().
        return mark_safe("".join(rows))  # noqa: S308

    @cached_property
    def _form(self) -> tuple[str, str]:
        """The status form's markup before and after its options."""
        # Translated outside the f-strings: makemessages does not read calls inside them.
        token = TOKEN_MARK if self.token_mark else escape(page_token(self.request))
        status, update = escape(gettext("Status")), escape(gettext("Update"))
        return (
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}">\n'
            f'      <select name="status" aria-label="{status}">',
            f'</select>\n      <button type="submit" class="small">{update}</button>\n    </form>\n  ',
        )


def tracker_rows(rows: Iterable[dict]) -> SafeString:
    """What the loop of councils/_tracker_table.html writes for each of `_tracker_rows`' rows."""
    decision_start, decision_end = url_pattern("councils:decision")
    # Translated outside the f-strings: makemessages does not read calls inside them.
    no_results, not_yet = escape(gettext("no results set")), escape(gettext("not yet"))
    no_results = f'<span class="muted">{no_results}</span>'
    not_yet = f'<span class="muted">{not_yet}</span>'
    html = []
    for row in rows:
        decision = row["decision"]
        progress = row["progress"]
        if progress is None:
            progress_cell = no_results
        else:
            percent = escape(floatformat(progress, 0))
            progress_cell = f'\n        <progress max="100" value="{percent}">{percent}%</progress> {percent}%'
        first_action, first_progress = row["days_to_first_action"], row["days_to_first_progress"]
        if row["days_overdue"]:
            count = row["overdue_count"]
            actions = ngettext("(%(count)s action)", "(%(count)s actions)", count) % {"count": count}
            overdue_cell = (
                f'<strong class="error">{escape(row["days_overdue"])}</strong>\n'
                f'        <span class="small">{escape(actions)}</span>'
            )
        else:
            overdue_cell = "0"
        decided_on = escape(formats.date_format(decision.decided_on, "DATE_FORMAT"))
        html.append(
            "\n    <tr>\n"
            f'      <td><a href="{decision_start}{decision.pk}{decision_end}">{escape(decision.reference)}</a>\n'
            f'        <span class="muted small">{decided_on}</span>\n'
            f'        <div lang="en">{escape(decision.text_en)}</div>\n'
            f'        <div lang="ja">{escape(decision.text_ja)}</div></td>\n'
            f"      <td>{progress_cell}</td>\n"
            f"      <td>{not_yet if first_action is None else escape(first_action)}</td>\n"
            f"      <td>{not_yet if first_progress is None else escape(first_progress)}</td>\n"
            f"      <td>{overdue_cell}</td>\n"
            "    </tr>\n  "
        )
    # Every value in the rows went through escape().
    return mark_safe("".join(html))  # noqa: S308


def upcoming_meetings(meetings: Iterable[Meeting]) -> SafeString:
    """What the loop over the next meetings of councils/home.html writes for each meeting."""
    meeting_start, meeting_end = url_pattern("councils:meeting")
    # Translated outside the f-strings: makemessages does not read calls inside them.
    unpublished = escape(gettext("agenda not yet published"))
    unpublished = f' <span class="badge">{unpublished}</span>'
    html = []
    for meeting in meetings:
        badge = "" if meeting.is_published else unpublished
        html.append(
            f'\n      <p><a href="{meeting_start}{meeting.pk}{meeting_end}">{escape(meeting.title)}</a> '
            f'<span class="muted">· {escape(meeting.council.name)}</span><br>\n'
            f"        {escape(dates.datetime_tz(meeting.starts_at))}{badge}</p>\n    "
        )
    # Every value in the rows went through escape().
    return mark_safe("".join(html))  # noqa: S308


def action_titles(actions: Iterable[ActionItem]) -> SafeString:
    """What the loop over the reader's actions of councils/home.html writes for each action."""
    decision_start, decision_end = url_pattern("councils:decision")
    labels = {value: escape(label) for value, label in ActionItem.Status.choices}
    # As {% blocktranslate %} writes it: the date escaped, the words as translated.
    due = gettext("Due %(due)s")
    html = []
    for action in actions:
        status = labels.get(action.status) or escape(action.status)
        when = due % {"due": escape(formats.date_format(action.due_on, "DATE_FORMAT"))}
        html.append(
            f'\n      <p><a href="{decision_start}{action.decision_id}{decision_end}">{escape(action.title)}</a><br>\n'
            f'        <span class="muted">{when} · {status}</span></p>\n    '
        )
    # Every value in the rows went through escape(); the words are the catalog's.
    return mark_safe("".join(html))  # noqa: S308


def proposals(items: Iterable[AgendaItem]) -> SafeString:
    """What the loop over the reader's proposals of councils/home.html writes for each item."""
    meeting_start, meeting_end = url_pattern("councils:meeting")
    labels = {value: escape(label) for value, label in AgendaItem.Status.choices}
    html = []
    for item in items:
        status = labels.get(item.status) or escape(item.status)
        reason = f' <span class="muted">— {escape(item.response_reason)}</span>' if item.response_reason else ""
        html.append(
            f'\n        <li><a href="{meeting_start}{item.meeting_id}{meeting_end}">{escape(item.title)}</a> · '
            f"{status}{reason}</li>\n      "
        )
    # Every value in the rows went through escape().
    return mark_safe("".join(html))  # noqa: S308


def council_cards(councils: Iterable[Council]) -> SafeString:
    """What the loop over the councils of councils/home.html writes for each council."""
    council_start, council_end = url_pattern("councils:council")
    members_only = escape(gettext("Members only"))
    members_only = f'<span class="badge">{members_only}</span>'
    html = []
    for council in councils:
        html.append(
            '\n  <section class="card">\n'
            f'    <h3><a href="{council_start}{escape(council.slug)}{council_end}">{escape(council.name)}</a>\n'
            f"      {'' if council.is_public else members_only}</h3>\n"
            f"    <p>{linebreaksbr(council.description, autoescape=True)}</p>\n"
            "  </section>\n"
        )
    # Every value in the cards went through escape() (linebreaksbr escapes before it breaks lines).
    return mark_safe("".join(html))  # noqa: S308


def council_options(councils: Iterable[Council], *, chosen: str) -> SafeString:
    """The options of the tracker's choice of council, the one at address `chosen` selected."""
    html = []
    for council in councils:
        selected = " selected" if council.slug == chosen else ""
        html.append(f'<option value="{escape(council.slug)}"{selected}>{escape(council.name)}</option>')
    # Every value in the options went through escape().
    return mark_safe("".join(html))  # noqa: S308
