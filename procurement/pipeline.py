"""The staff view of every bid team: stages, country pairs, win rates and the study's friction, measured.

Friction is the time from an opportunity's posting to a formed team (the first partner
accepting) and to a submitted bid: how long U.S. and Japanese companies take to commit
to bidding together. One selector for the dashboard and its tests; three queries
whatever the number of teams.
"""

import statistics
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.utils import formats
from django.utils.translation import gettext as _

from .models import BidTeam, TeamMember, TeamStage
from .selectors import NOTICE_TEXTS

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


def country_pair(team: BidTeam) -> str:
    """The accepted members' countries, e.g. "JP–US" or "AU–JP–US"."""
    codes = sorted({m.company.country.code for m in team.members.all() if m.status == TeamMember.Status.ACCEPTED})
    return "–".join(codes) or "—"


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


def pipeline(queryset: QuerySet[BidTeam]) -> Pipeline:
    teams = list(
        queryset.select_related("opportunity")
        .defer(*(f"opportunity__{name}" for name in NOTICE_TEXTS))
        .prefetch_related(Prefetch("members", queryset=TeamMember.objects.select_related("company").order_by("pk")))
    )
    counts = dict.fromkeys(TeamStage.values, 0)
    pairs: dict[str, PairRow] = {}
    overall = PairRow(pair="")
    for team in teams:
        counts[team.stage] += 1
        row = pairs.setdefault(country_pair(team), PairRow(pair=country_pair(team)))
        for target in (row, overall):
            target.teams += 1
            target.submitted += team.submitted_at is not None
            target.won += team.stage == TeamStage.WON
            target.lost += team.stage == TeamStage.LOST
            formed = _days(team.opportunity.posted_at, team.formed_at)
            if formed is not None:
                target.days_to_form.append(formed)
            submitted = _days(team.opportunity.posted_at, team.submitted_at)
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
