"""The rows of the staff application table and of the dashboard's ranking, written in one pass.

Including a row template per application made the table the slowest staff page: every
row resolved a dozen variables, reversed its address, translated its badges and built the
status and decision labels from their lazy choices again. `application_rows` writes the
same HTML with what is per page (labels, the address pattern) worked out once, and each
moment's text once per process (see `moments`).
"""

import html
from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache

from django import template
from django.template.defaultfilters import floatformat
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from ..addresses import id_address_parts
from ..models import Application
from ..moments import moment

register = template.Library()


def cell_text(value) -> str:
    """A value as `{{ value }}` prints it: localized, then escaped as conditional_escape would,
    without its check for lazy text on every cell. Plain text (most cells) is only escaped, and a
    count below a thousand, which no locale groups, is written as it is."""
    kind = type(value)
    if kind is str:
        return html.escape(value)
    if kind is int and -1000 < value < 1000:
        return str(value)
    if kind is Decimal:
        return _decimal(str(value), get_language())
    text = localize(value)
    return text.__html__() if hasattr(text, "__html__") else html.escape(str(text))


def _spread(spread) -> str:
    """A score spread as cohorts/staff/_spread.html shows it."""
    return "—" if spread is None else _two_places(spread, get_language())


@lru_cache(maxsize=1024)
def _decimal(text: str, language: str | None) -> str:
    """A decimal (given as its exact text, which says how many places it has) as {{ value }} prints it."""
    return html.escape(localize(Decimal(text)))


@lru_cache(maxsize=1024)
def _two_places(value, language: str | None) -> str:
    return floatformat(value, 2)


@register.simple_tag
def application_rows(applications: Iterable[Application], ranked: bool = False) -> SafeString:
    """One <tr> per application, numbered from 1 when `ranked`."""
    address_start, address_end = id_address_parts("cohorts:application")
    statuses = {value: str(label) for value, label in Application.Status.choices}
    decisions = {value: str(label) for value, label in Application.Decision.choices}
    # Translated outside the f-strings: makemessages does not read calls inside them.
    disagreement_text, answered_text = (
        conditional_escape(gettext("Disagreement")),
        conditional_escape(gettext("Answered")),
    )
    disagreement = f'<span class="badge warn">{disagreement_text}</span>'
    awaiting = conditional_escape(gettext("Awaiting reply"))
    since = gettext("since %(when)s")
    answered = f'<span class="muted">{answered_text}</span>'
    country_names: dict[str, str] = {}
    html = []
    for rank, application in enumerate(applications, start=1):
        company = application.company
        url = conditional_escape(f"{address_start}{application.pk}{address_end}")
        country = country_names.get(company.country.code)
        if country is None:
            country = country_names[company.country.code] = cell_text(company.country.name)
        status = application.status
        decision = application.pending_decision
        from_staff = application.last_message_from_staff  # type: ignore[attr-defined]
        if from_staff is False:
            when = cell_text(moment(application.last_message_at))  # type: ignore[attr-defined]
            messages = (
                f'<a class="badge warn" href="{url}#messages">{awaiting}</a><br>'
                f'<span class="muted">{since % {"when": when}}</span>'
            )
        elif from_staff:
            messages = answered
        else:
            messages = "—"
        html.append(
            f"<tr>{f'<td>{cell_text(rank)}</td>' if ranked else ''}\n"
            f'  <td><a href="{url}">{cell_text(company.display_name)}</a></td>\n'
            f"  <td>{country}</td>\n"
            f"  <td>{cell_text(statuses.get(status, status))}</td>\n"
            f"  <td>{cell_text(moment(application.submitted_at) or '—')}</td>\n"
            f"  <td>{cell_text(application.trl or '—')}</td>\n"  # type: ignore[attr-defined]
            f"  <td>{cell_text(application.score_mean or '—')}</td>\n"
            f"  <td>{_spread(application.spread)}</td>\n"  # type: ignore[attr-defined]
            f"  <td>{cell_text(application.review_count)}</td>\n"
            f"  <td>{disagreement if application.disagreement_flagged else ''}</td>\n"
            f"  <td>{cell_text(decisions.get(decision, decision) or '—')}</td>\n"
            f"  <td>{messages}</td>\n"
            "</tr>\n"
        )
    return mark_safe("".join(html))  # noqa: S308 - every value above went through conditional_escape


@register.simple_tag
def sortable_application_head(sort: str, sort_query: str) -> SafeString:
    """What cohorts/staff/_application_head.html writes with `sortable` (the table's, not the ranking's):
    the column headings, those that sort linked to sort by them, the current one marked."""
    start = f"?{html.escape(sort_query)}&amp;" if sort_query else "?"

    def heading(label: str, key: str | None = None) -> str:
        if key is None:
            return f'  <th scope="col">{html.escape(label)}</th>'
        target, mark = (f"-{key}", " ↓") if sort == key else (key, " ↑" if sort == f"-{key}" else "")
        return f'  <th scope="col"><a href="{start}sort={html.escape(target)}">{html.escape(label)}{mark}</a>\n</th>'

    # Translated outside the f-strings: makemessages does not read calls inside them.
    headings = [
        heading(gettext("Company"), "company"),
        heading(gettext("Country"), "country"),
        heading(gettext("Status")),
        heading(gettext("Submitted"), "submitted"),
        heading(gettext("TRL")),
        heading(gettext("Score"), "score"),
        heading(gettext("Spread")),
        heading(gettext("Reviews"), "reviews"),
        heading(gettext("Flag")) + heading(gettext("Staged decision")).lstrip(),
        heading(gettext("Messages")),
    ]
    lines = "\n".join(headings)
    return mark_safe(f"<thead><tr>\n  \n{lines}\n</tr></thead>\n")  # noqa: S308 - every value went through escape
