"""The rows of the staff list of cohorts, written in one pass.

Each row included cohorts/staff/_window.html, whose six moments and two translated lines took
most of the page; `staff_cohort_rows` writes the same HTML with the words worked out once per
page and each moment's text once per process (see `cohorts.moments`). Every value is escaped.
"""

import html
from collections.abc import Iterable
from datetime import tzinfo

from django import template
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from ..models import Cohort
from ..moments import moment
from .application_table import cell_text

register = template.Library()


def window_html(cohort: Cohort, eastern: tzinfo, tokyo: tzinfo) -> str:
    """What cohorts/staff/_window.html writes for the cohort."""
    # Translated outside the f-string: makemessages does not read calls inside it.
    in_eastern = conditional_escape(gettext("U.S. Eastern: %(opens)s – %(closes)s"))
    in_japan = conditional_escape(gettext("Japan: %(opens)s – %(closes)s"))
    opens, closes = cohort.opens_at, cohort.closes_at
    return (
        f'<span class="window">{html.escape(moment(opens))} – {html.escape(moment(closes))}</span>\n'
        f'<br><small class="muted">'
        f"{in_eastern % {'opens': html.escape(moment(opens, eastern)), 'closes': html.escape(moment(closes, eastern))}}"
        "</small>\n"
        f'<br><small class="muted">'
        f"{in_japan % {'opens': html.escape(moment(opens, tokyo)), 'closes': html.escape(moment(closes, tokyo))}}"
        "</small>\n"
    )


@register.simple_tag
def staff_cohort_rows(cohorts: Iterable[Cohort], eastern: tzinfo, tokyo: tzinfo) -> SafeString:
    """One <tr> per cohort (annotated by selectors.staff_cohorts)."""
    statuses = {value: str(label) for value, label in Cohort.Status.choices}
    edit = conditional_escape(gettext("Edit"))
    written = []
    for cohort in cohorts:
        dashboard_url = html.escape(reverse("cohorts:dashboard", args=[cohort.slug]))
        edit_url = html.escape(reverse("cohorts:edit", args=[cohort.slug]))
        written.append(
            "\n    <tr>\n"
            f'      <td><a href="{dashboard_url}">{html.escape(cohort.name)}</a></td>\n'
            f"      <td>{html.escape(statuses.get(cohort.status, cohort.status))}</td>\n"
            f"      <td>{window_html(cohort, eastern, tokyo)}</td>\n"
            f"      <td>{cell_text(cohort.seats)}</td>\n"
            f"      <td>{cell_text(cohort.drafts)}</td>\n"  # type: ignore[attr-defined]
            f"      <td>{cell_text(cohort.submitted)}</td>\n"  # type: ignore[attr-defined]
            f"      <td>{cell_text(cohort.accepted)}</td>\n"  # type: ignore[attr-defined]
            f'      <td><a href="{edit_url}">{edit}</a></td>\n'
            "    </tr>\n  "
        )
    return mark_safe("".join(written))  # noqa: S308 - every value above went through an escape
