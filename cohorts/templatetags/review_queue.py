"""The rows of a reviewer's queue, written in one pass.

Each row of the template resolved a dozen variables and translated its status badge again;
`review_queue_rows` writes the same HTML with the words and the address pattern worked out
once per page. Every value is escaped.
"""

import html
from collections.abc import Iterable

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from ..addresses import id_address_parts
from ..selectors.reviews import CLOSED, OVERDUE, SUBMITTED, QueuedApplication

register = template.Library()


@register.simple_tag
def review_queue_rows(rows: Iterable[tuple[QueuedApplication, str, bool, str]]) -> SafeString:
    """One <tr> per (application, review status, whether blind review hides the applicant, due date)."""
    address_start, address_end = id_address_parts("cohorts:review")
    # Translated outside the f-strings: makemessages does not read calls inside them.
    submitted, closed, overdue, to_do, draft = (
        conditional_escape(text)
        for text in (
            gettext("Submitted"),
            gettext("Review closed"),
            gettext("Overdue"),
            gettext("To do"),
            gettext("draft saved"),
        )
    )
    statuses = {
        SUBMITTED: f'<span class="badge">{submitted}</span>',
        CLOSED: f'<span class="muted">{closed}</span>',
        OVERDUE: f'<strong class="error">{overdue}</strong>',
    }
    to_do_html = f"<span>{to_do}</span>"
    draft_html = f' <span class="muted small">{draft}</span>'
    applicant = gettext("Applicant #%(number)s")
    cohort_names: dict[int, str] = {}
    written = []
    for application, status, blind, due in rows:
        number = application.pk
        if blind:
            name = conditional_escape(applicant % {"number": number})
        else:
            name = html.escape(application.company.display_name)
        cohort = cohort_names.get(application.cohort_id)
        if cohort is None:
            cohort = cohort_names[application.cohort_id] = html.escape(application.cohort.name)
        state = statuses.get(status, to_do_html)
        if status != SUBMITTED and application.draft_saved:
            state += draft_html
        written.append(
            "\n    <tr>\n"
            f'      <td><a href="{html.escape(f"{address_start}{number}{address_end}")}">{name}</a></td>\n'
            f"      <td>{cohort}</td>\n"
            f"      <td>{html.escape(due) if due else '—'}</td>\n"
            f"      <td>{state}</td>\n"
            "    </tr>\n  "
        )
    return mark_safe("".join(written))  # noqa: S308 - every value above went through an escape
