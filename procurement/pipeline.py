"""The staff view of every bid team: stages, country pairs, win rates and the study's friction, measured.

Friction is the time from an opportunity's posting to a formed team (the first partner
accepting) and to a submitted bid: how long U.S. and Japanese companies take to commit
to bidding together. One selector for the dashboard and its tests; two queries
whatever the number of teams. A team's country pair is its accepted members' countries,
e.g. "JP–US" or "AU–JP–US".
"""

import statistics
from collections.abc import Hashable
from dataclasses import dataclass, field

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet
from django.utils import formats
from django.utils.translation import gettext as _

from accelerator.statements import converted

from .models import BidTeam, Opportunity, TeamMember, TeamStage

CHART_WIDTH, LABEL_WIDTH, BAR_HEIGHT, GAP = 640, 150, 20, 8


@dataclass
class PairRow:
    pair: str
    teams: int = 0
    submitted: int = 0
    won: int = 0
    lost: int = 0
    days_to_form: list[float] = field(default_factory=list)
    days_to_submit: list[float] = field(default_factory=list)

    @property
    def win_rate(self) -> int | None:
        decided = self.won + self.lost
        return round(100 * self.won / decided) if decided else None

    @property
    def median_days_to_form(self) -> float | None:
        return round(statistics.median(self.days_to_form), 1) if self.days_to_form else None

    @property
    def median_days_to_submit(self) -> float | None:
        return round(statistics.median(self.days_to_submit), 1) if self.days_to_submit else None


@dataclass
class Pipeline:
    total: int
    by_stage: list[tuple[str, str, int]]
    pairs: list[PairRow]
    overall: PairRow
    stage_chart: dict
    friction_chart: dict

    @property
    def days_to_form(self) -> str:
        return days_text(self.overall.median_days_to_form)

    @property
    def days_to_submit(self) -> str:
        return days_text(self.overall.median_days_to_submit)


def days_text(value: float | None) -> str:
    if value is None:
        return "—"
    return _("%(days)s days") % {"days": formats.number_format(value, 1)}


def _days(start, end) -> float | None:
    if start is None or end is None:
        return None
    return max((end - start).total_seconds() / 86400, 0.0)


def _bars(rows: list[tuple[str, float, str]]) -> dict:
    top = max((value for _label, value, _text in rows), default=0) or 1
    bars = []
    for index, (label, value, text) in enumerate(rows):
        y = index * (BAR_HEIGHT + GAP)
        bars.append(
            {
                "label": label,
                "value": value,
                "text": text,
                "y": y,
                "text_y": y + 14,
                "width": round((CHART_WIDTH - LABEL_WIDTH - 60) * value / top, 1),
                "value_x": LABEL_WIDTH + round((CHART_WIDTH - LABEL_WIDTH - 60) * value / top, 1) + 6,
            }
        )
    return {
        "width": CHART_WIDTH,
        "label_width": LABEL_WIDTH,
        "height": max(len(rows), 1) * (BAR_HEIGHT + GAP),
        "bars": bars,
    }


def _statements(queryset: QuerySet[BidTeam]) -> tuple[QuerySet, QuerySet]:
    """Each team's stage and moments, and its accepted members' countries."""
    teams = queryset.values_list("pk", "stage", "submitted_at", "formed_at", "opportunity__posted_at")
    accepted = TeamMember.objects.filter(team__in=queryset, status=TeamMember.Status.ACCEPTED)
    return teams, accepted.values_list("team_id", "company__country")


# The statements of the few conditions the pipeline is read with (every team, for staff),
# compiled once per process: the ORM took longer to build and compile them than the database
# took to answer them.
_kept_statements: dict[Hashable, tuple[tuple[str, tuple], tuple[str, tuple]]] = {}
KEPT_CONDITIONS = 16


def _kept(queryset: QuerySet[BidTeam]) -> tuple[tuple[str, tuple], tuple[str, tuple]] | None:
    """The statements of `queryset`, kept when it is no more than a condition on the teams."""
    query = queryset.query
    if len(query.alias_map) > 1 or query.annotations or query.extra or query.distinct or query.is_sliced:
        return None
    if query.order_by or not query.default_ordering:
        return None
    key = (queryset.db, query.where)
    try:
        found = _kept_statements.get(key)
    except TypeError:  # a condition that cannot be told from another (not hashable)
        return None
    if found is None:
        teams, accepted = _statements(queryset)
        try:
            found = teams.query.sql_with_params(), accepted.query.sql_with_params()
        except EmptyResultSet:  # no team can meet it: the ORM answers without a query
            return None
        if len(_kept_statements) >= KEPT_CONDITIONS:
            _kept_statements.clear()
        _kept_statements[key] = found
    return found


def values(queryset: QuerySet[BidTeam]) -> tuple[tuple[tuple, ...], tuple[tuple, ...]]:
    """What the figures are worked out from: each team's pk, stage and moments, and (team, country)
    of its accepted members. Plain values: equal values give equal figures."""
    kept = _kept(queryset)
    if kept is None:
        team_query, accepted_query = _statements(queryset)
        return tuple(team_query), tuple(accepted_query)
    (teams_sql, teams_params), (accepted_sql, accepted_params) = kept
    connection = connections[queryset.db]
    with connection.cursor() as cursor:
        cursor.execute(teams_sql, teams_params)
        team_rows = cursor.fetchall()
        cursor.execute(accepted_sql, accepted_params)
        accepted_rows = cursor.fetchall()
    db = connection.alias
    team_values = tuple(
        (
            pk,
            stage,
            converted(db, BidTeam, "submitted_at", submitted_at),
            converted(db, BidTeam, "formed_at", formed_at),
            converted(db, Opportunity, "posted_at", posted_at),
        )
        for pk, stage, submitted_at, formed_at, posted_at in team_rows
    )
    return team_values, tuple(accepted_rows)


def pipeline(queryset: QuerySet[BidTeam]) -> Pipeline:
    # Only the values the figures need: each team's stage and moments, and its accepted
    # members' countries (two queries, no model rows).
    return figures(*values(queryset))


def figures(teams: tuple[tuple, ...], accepted: tuple[tuple, ...]) -> Pipeline:
    """The pipeline's figures from values()."""
    countries: dict[int, set[str]] = {}
    for team_id, country in accepted:
        countries.setdefault(team_id, set()).add(str(country))
    counts = dict.fromkeys(TeamStage.values, 0)
    pairs: dict[str, PairRow] = {}
    overall = PairRow(pair="")
    for pk, stage, submitted_at, formed_at, posted_at in teams:
        counts[stage] += 1
        pair = "–".join(sorted(countries.get(pk, ()))) or "—"
        row = pairs.setdefault(pair, PairRow(pair=pair))
        for target in (row, overall):
            target.teams += 1
            target.submitted += submitted_at is not None
            target.won += stage == TeamStage.WON
            target.lost += stage == TeamStage.LOST
            formed = _days(posted_at, formed_at)
            if formed is not None:
                target.days_to_form.append(formed)
            submitted = _days(posted_at, submitted_at)
            if submitted is not None:
                target.days_to_submit.append(submitted)
    by_stage = [(stage.value, str(stage.label), counts[stage.value]) for stage in TeamStage]
    ordered = sorted(pairs.values(), key=lambda row: (-row.teams, row.pair))
    friction_rows = [
        (f"{row.pair} · {label}", value, days_text(value))
        for row in ordered
        for label, value in (
            (_("to a team"), row.median_days_to_form),
            (_("to a bid"), row.median_days_to_submit),
        )
        if value is not None
    ]
    return Pipeline(
        total=len(teams),
        by_stage=by_stage,
        pairs=ordered,
        overall=overall,
        stage_chart=_bars([(label, count, str(count)) for _code, label, count in by_stage]),
        friction_chart=_bars(friction_rows),
    )
