"""Rows of the council lists (actions, the tracker), written in one pass in Python.

Through templates every row was an include that resolved a dozen variables, reversed its
links, translated its words and built the status labels from their lazy choices again.
Here what is per page (words, labels, link patterns, the form's hidden token) is worked
out once and each row fills in its own values, every one of them escaped.
"""

import html
from collections.abc import Iterable
from functools import cached_property

from django.middleware.csrf import get_token
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import formats
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from .models import ActionItem

_SENTINEL = 987654321  # a pk no URL prefix contains, replaced by each row's own


def escape(value) -> str:
    """Django's escape(), same output, without its check for lazy text on every cell."""
    return html.escape(str(value))


def url_pattern(name: str) -> tuple[str, str]:
    """The parts of `name`'s URL before and after a row's pk, reversed once per page."""
    before, after = reverse(name, args=[_SENTINEL]).split(str(_SENTINEL))
    return escape(before), escape(after)


class ActionRows:
    """What councils/_action_row.html writes for each (action, days overdue), with the decision shown;
    the words, links and the form's token of one page worked out once for all its tables."""

    def __init__(self, request):
        self.request = request
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
        token = escape(get_token(self.request))
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
