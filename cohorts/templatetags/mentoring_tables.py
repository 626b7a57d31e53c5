"""The long tables of the mentoring pages, written in one pass.

Each row of the assignments, mentor load, sessions-per-pair and mentor tables resolved a dozen
variables, translated its words, reversed its address and wrote a form's CSRF field through
the template engine. These tags write the same HTML with what is per page (words, address
patterns, the CSRF token) worked out once; every value is escaped.
"""

import html
from collections.abc import Iterable
from datetime import datetime, tzinfo
from functools import lru_cache

from django import template
from django.conf import settings
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import localize
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from accelerator.accounts.time_zones import time_zone_name
from accelerator.companies.models import _in_japanese
from accelerator.dates import date_tz
from accelerator.filter_choices import country_name

from ..addresses import id_address_parts
from ..models import LanguageLevel, MentorAssignment, MentorSession, Side
from ..selectors import AssignmentRow, ListedMentor, MentorLoad, SessionRow, StartupOfMentor, StartupRow
from .mentoring_times import meeting_times

register = template.Library()

_SLUG_MARK = "slug-mark-2147483647"
_ID_MARK = 2147483646


def _text(value) -> str:
    """A value as `{{ value }}` prints it: localized, then escaped.

    Plain text and whole numbers (written without separators unless the site groups
    thousands) skip the formats lookup, most of the cost of a cell.
    """
    kind = type(value)
    if kind is str or (kind is int and not settings.USE_THOUSAND_SEPARATOR):
        return html.escape(str(value))
    text = localize(value)
    return text.__html__() if hasattr(text, "__html__") else html.escape(str(text))


def _slug_address_parts(name: str) -> tuple[str, str]:
    """What comes before and after the slug in the address `name` (a URL name taking one slug)."""
    start, end = reverse(name, kwargs={"slug": _SLUG_MARK}).split(_SLUG_MARK)
    return start, end


def _slug_and_id_address_parts(name: str) -> tuple[str, str, str]:
    """What comes before the slug, between it and the id, and after the id in the address `name`
    (a URL name taking a slug, then an id)."""
    address = reverse(name, args=[_SLUG_MARK, _ID_MARK])
    start, rest = address.split(_SLUG_MARK)
    middle, end = rest.split(str(_ID_MARK))
    return start, middle, end


def _side_names() -> dict[str, str]:
    return _labels(Side, get_language())


# A choice's label, escaped, is the same for every page in one language.
@lru_cache(maxsize=64)
def _labels(choices: type, language: str | None) -> dict[str, str]:
    return {value: _text(label) for value, label in choices.choices}  # type: ignore[attr-defined]


@lru_cache(maxsize=1024)
def _rating(value: float, language: str | None) -> str:
    return _text(floatformat(value, 1))


# A date's wording depends only on the moment, the zone and the language; a process keeps
# the last few thousand it wrote, as the opportunity cards do.
@lru_cache(maxsize=4096)
def _date_tz(value: datetime, zone: tzinfo, language: str | None) -> str:
    return _text(date_tz(value, zone))


@register.simple_tag(takes_context=True)
def assignment_rows(context, assignments: Iterable[AssignmentRow], action_url: str) -> SafeString:
    """The assignments table's rows, each with its form removing the assignment."""
    token = _text(context.get("csrf_token", ""))
    action = _text(action_url)
    sides = _side_names()
    statuses = _labels(MentorAssignment.Status, get_language())
    # Words are translated outside the f-strings of this module: makemessages does not read calls inside them.
    by_hand_text = _text(gettext("set by hand"))
    by_hand = f' <small class="muted">({by_hand_text})</small>'
    remove = _text(gettext("Remove"))
    form_start = (
        f'<form method="post" action="{action}" class="inline">'
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}">'
        '<input type="hidden" name="action" value="remove"><input type="hidden" name="id" value="'
    )
    form_end = f'"><button type="submit" class="link">{remove}</button></form>'
    japanese = _in_japanese()
    rows = []
    for row in assignments:
        company = row.company_name_ja if japanese and row.company_name_ja else row.company_legal_name
        side = sides.get(row.side) or _text(row.side)
        status = statuses.get(row.status) or _text(row.status)
        rows.append(
            f"\n      <tr><td>{_text(company)} "
            f'<small class="muted">{_text(row.company_country)}</small></td>\n'
            f"        <td>{_text(row.mentor_name)}{by_hand if row.by_hand else ''}</td>\n"
            f"        <td>{side}</td><td>{status}</td>\n"
            f"        <td>{form_start}{_text(row.pk)}{form_end}</td></tr>\n    "
        )
    return mark_safe("".join(rows))  # noqa: S308 - every value above was escaped


@register.simple_tag
def mentor_load_rows(mentors: Iterable[MentorLoad]) -> SafeString:
    """The mentor load table's rows: name and pause, side, startups against capacity, average rating."""
    address_start, address_end = id_address_parts("cohorts:mentor")
    sides = _side_names()
    paused_text = _text(gettext("paused"))
    paused = f' <small class="muted">({paused_text})</small>'
    rows = []
    for mentor in mentors:
        warn = ' class="warn"' if mentor.load >= mentor.capacity else ""
        rating = "—" if mentor.rating is None else _rating(mentor.rating, get_language())
        rows.append(
            f'<tr><td><a href="{_text(f"{address_start}{mentor.pk}{address_end}")}">{_text(mentor.name)}</a>'
            f"{paused if mentor.is_paused else ''}</td><td>{sides.get(mentor.side) or _text(mentor.side)}</td>"
            f"<td{warn}>{_text(mentor.load)} / {_text(mentor.capacity)}</td><td>{rating}</td></tr>"
        )
    return mark_safe("".join(rows))  # noqa: S308 - every value above was escaped


@register.simple_tag
def pair_rows(pairs: Iterable[AssignmentRow]) -> SafeString:
    """The sessions-per-pair table's rows: startup, mentor and side, sessions held and upcoming, the last one."""
    sides = _side_names()
    zone = timezone.get_current_timezone()
    language = get_language()
    japanese = _in_japanese()
    rows = []
    for pair in pairs:
        company = pair.company_name_ja if japanese and pair.company_name_ja else pair.company_legal_name
        last = _date_tz(pair.last_session, zone, language) if pair.last_session else "—"
        rows.append(
            f"<tr><td>{_text(company)}</td>"
            f"<td>{_text(pair.mentor_name)} "
            f'<small class="muted">{sides.get(pair.side) or _text(pair.side)}</small></td>'
            f"<td>{_text(pair.held)}</td><td>{_text(pair.upcoming)}</td><td>{last}</td></tr>\n  "
        )
    return mark_safe("".join(rows))  # noqa: S308 - every value above was escaped


@register.simple_tag
def company_items(companies: Iterable[StartupRow]) -> SafeString:
    """One <li> linking to each company's page."""
    address_start, address_end = _slug_address_parts("companies:detail")
    items = [
        f'<li><a href="{_text(f"{address_start}{company.slug}{address_end}")}">{_text(company.display_name)}</a></li>'
        for company in companies
    ]
    return mark_safe("".join(items))  # noqa: S308 - every value above was escaped


@register.simple_tag
def listed_mentor_rows(mentors: Iterable[ListedMentor]) -> SafeString:
    """The staff list of mentors: name and zone, side, languages, functional expertise, capacity."""
    address_start, address_end = id_address_parts("cohorts:mentor")
    sides = _side_names()
    levels = {value: _text(label) for value, label in LanguageLevel.choices}
    paused_text = _text(gettext("paused"))
    paused = f" · {paused_text}"
    zones: dict[str, str] = {}
    rows = []
    for mentor in mentors:
        zone = zones.get(mentor.time_zone)
        if zone is None:
            zone = zones[mentor.time_zone] = _text(time_zone_name(mentor.time_zone) if mentor.time_zone else "")
        english = levels.get(mentor.english) or _text(mentor.english)
        japanese = levels.get(mentor.japanese) or _text(mentor.japanese)
        expertise = ", ".join(_text(name) for name in mentor.expertise_names())
        rows.append(
            f'\n    <tr><td><a href="{_text(f"{address_start}{mentor.pk}{address_end}")}">{_text(mentor.name)}</a>'
            f'<br><small class="muted">{zone}</small></td>\n'
            f"      <td>{sides.get(mentor.side) or _text(mentor.side)}</td>\n"
            f"      <td>EN {english} · JA {japanese}</td>\n"
            f"      <td>{expertise}</td>\n"
            f"      <td>{_text(mentor.capacity)}{paused if mentor.is_paused else ''}</td></tr>\n  "
        )
    return mark_safe("".join(rows))  # noqa: S308 - every value above was escaped


@lru_cache(maxsize=4096)
def _meeting_times(value: datetime, zone: tzinfo, language: str | None) -> str:
    """cohorts/mentoring/_times.html for the moment: the viewer's zone, then Eastern and JST."""
    times = [_text(time) for time in meeting_times(value)]
    others = "".join(f'<br><small class="muted">{time}</small>' for time in times[1:])
    return f'<span class="meeting-time"><strong>{times[0]}</strong>{others}</span>\n'


@register.simple_tag
def session_rows(sessions: Iterable[SessionRow]) -> SafeString:
    """The rows of a table of sessions: when (in three zones), mentor, startup, state, a link to open it."""
    address_start, address_end = id_address_parts("cohorts:mentor_session")
    statuses = _labels(MentorSession.Status, get_language())
    logged, to_log, open_text = _text(gettext("Logged")), _text(gettext("To log")), _text(gettext("Open"))
    zone = timezone.get_current_timezone()
    language = get_language()
    now = timezone.now()
    rows = []
    for session in sessions:
        if session.is_logged:
            state = logged
        elif session.ends_at <= now:
            state = to_log
        else:
            state = statuses.get(session.status) or _text(session.status)
        rows.append(
            f"<tr>\n  <td>{_meeting_times(session.starts_at, zone, language)}</td>\n"
            f"  <td>{_text(session.mentor_name)}</td>\n"
            f"  <td>{_text(session.company_name)}</td>\n"
            f"  <td>{state}</td>\n"
            f'  <td><a href="{_text(f"{address_start}{session.pk}{address_end}")}">{open_text}</a></td>\n</tr>\n'
        )
    return mark_safe("".join(rows))  # noqa: S308 - every value above was escaped


@register.simple_tag
def mentee_articles(mentees: Iterable[StartupOfMentor]) -> SafeString:
    """A mentor's startups: name linking to its page, country, cohort."""
    address_start, address_end = _slug_address_parts("companies:detail")
    articles = [
        f'\n    <article class="mentee">\n      <h3><a href="'
        f'{_text(address_start + mentee.company_slug + address_end)}">'
        f"{_text(mentee.company_name)}</a>\n"
        f'        <span class="muted">· {_text(country_name(mentee.company_country) or mentee.company_country)} · '
        f"{_text(mentee.cohort_name)}</span></h3>\n    </article>\n  "
        for mentee in mentees
    ]
    return mark_safe("".join(articles))  # noqa: S308 - every value above was escaped


@register.simple_tag(takes_context=True)
def shortlist_items(context, shortlisted: Iterable[tuple[StartupOfMentor, bool]]) -> SafeString:
    """The startups whose shortlist names the mentor: assigned already, or a form marking (or undoing) interest."""
    address_start, address_end = _slug_address_parts("companies:detail")
    interest_start, interest_middle, interest_end = _slug_and_id_address_parts("cohorts:mentor_interest")
    token = _text(context.get("csrf_token", ""))
    assigned = _text(gettext("Assigned to you"))
    assigned_badge = f'\n        <span class="badge">{assigned}</span>\n        '
    undo, mark = _text(gettext("Interested ✓ (undo)")), _text(gettext("Mark interest"))
    items = []
    for startup, assigned in shortlisted:
        if assigned:
            action = assigned_badge
        else:
            url = f"{interest_start}{startup.cohort_slug}{interest_middle}{startup.company_id}{interest_end}"
            interested = startup.interested
            action = (
                f'\n        <form method="post" action="{_text(url)}" class="inline">'
                f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}">\n'
                f'          <input type="hidden" name="interested" value="{0 if interested else 1}">\n'
                f'          <button type="submit" class="small{" secondary" if interested else ""}">'
                f"{undo if interested else mark}</button>\n        </form>\n        "
            )
        items.append(
            f'\n      <li><a href="{_text(f"{address_start}{startup.company_slug}{address_end}")}">'
            f"{_text(startup.company_name)}</a>\n"
            f'        <span class="muted">· {_text(startup.cohort_name)}</span>\n        {action}</li>\n    '
        )
    return mark_safe("".join(items))  # noqa: S308 - every value above was escaped
