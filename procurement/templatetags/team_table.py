"""The rows of the bid team list, written in one pass.

Each row went through a dozen template lookups, a loop over the members and an included
template for the gate's label. `team_rows` writes the same HTML with the labels, country
names and the address pattern worked out once per page; every value is escaped.
"""

import html
from collections.abc import Iterable
from functools import lru_cache

from django import template
from django.template.defaultfilters import floatformat
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language

from procurement import export_gate
from procurement.bid_checks import MISSING, Check
from procurement.models import BidTeam, TeamMember, TeamStage, TeamStructure

register = template.Library()

_PK_MARK = 2147483647  # an id no address contains, replaced by each team's own
TITLE_CHARS = 80
GATE_ICONS = {export_gate.CLEAR: "✓", export_gate.LICENCE_NEEDED: "⚠"}


def escape(value) -> str:
    """Django's escape(), same output, without its check for lazy text on every cell."""
    return html.escape(str(value))


def _members_html(members: list[TeamMember]) -> str:
    """The accepted members with their country and share, one a line."""
    last = len(members) - 1
    return "".join(
        f"{escape(member.company.display_name)} ({escape(member.company.country.code)}, "
        f"{floatformat(member.share, '-2')}%){'<br>' if index != last else ''}"
        for index, member in enumerate(members)
        if member.status == TeamMember.Status.ACCEPTED
    )


def _checks_html(checks: list[Check]) -> str:
    """The titles of the checks that fail; a dash when no check applies."""
    if not checks:
        return "—"
    return "".join(f"✗ {escape(check.title)}<br>" for check in checks if check.status == MISSING)


@lru_cache(maxsize=64)
def _words(language: str | None, urlconf: str | None, script_prefix: str) -> tuple[str, str, dict, dict, dict]:
    """The team address around its id, and the structures', stages' and gates' labels, escaped:
    the same on every page in one language."""
    address_start, address_end = reverse("procurement:team", args=[_PK_MARK]).split(str(_PK_MARK))
    structures = {value: escape(label) for value, label in TeamStructure.choices}
    stages = {value: escape(label) for value, label in TeamStage.choices}
    gates = {
        label: (
            f'<span class="badge gate-{escape(label)}">{GATE_ICONS.get(label, "⛔")} '
            f"{escape(export_gate.LABELS[label])}</span>\n"
        )
        for label in export_gate.LABELS
    }
    return address_start, address_end, structures, stages, gates


@register.simple_tag
def team_rows(rows: Iterable[tuple[BidTeam, export_gate.Gate, list[Check]]]) -> SafeString:
    """One <tr> per (team, gate, checks)."""
    address_start, address_end, structures, stages, gates = _words(get_language(), get_urlconf(), get_script_prefix())
    country_names: dict[str, str] = {}
    html_rows = []
    for team, gate, checks in rows:
        opportunity = team.opportunity
        code = opportunity.country.code
        country = country_names.get(code)
        if country is None:
            country = country_names[code] = escape(opportunity.country.name)
        members = list(team.members.all())
        html_rows.append(
            "\n      <tr>\n"
            f'        <td><a href="{escape(f"{address_start}{team.pk}{address_end}")}">{escape(team.name)}</a><br>'
            f'<span class="muted small">{structures.get(team.structure) or escape(team.structure)}</span></td>\n'
            f"        <td>{escape(Truncator(opportunity.display_title).chars(TITLE_CHARS))}<br>"
            f'<span class="muted small">{escape(opportunity.buyer_name)} · {country}</span></td>\n'
            f"        <td>{_members_html(members)}</td>\n"
            f'        <td><span class="badge">{stages.get(team.stage) or escape(team.stage)}</span></td>\n'
            f"        <td>{_checks_html(checks)}</td>\n"
            f"        <td>{gates[gate.label]}</td>\n"
            "      </tr>\n    "
        )
    return mark_safe("".join(html_rows))  # noqa: S308 - every value above went through escape()
