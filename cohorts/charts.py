"""Geometry of the dashboard's SVG charts; templates under cohorts/staff/charts draw them.

Every chart is also given as a table (visually hidden next to the drawing), so that screen
readers and people printing the page get the same figures.
"""

from typing import Any

from django.utils.translation import gettext as _

from .selectors import READINESS_SCALE, CountryMix

LABEL_WIDTH = 230
BAR_WIDTH = 400
ROW_HEIGHT = 16
ROW_GAP = 4
ITEM_GAP = 12


def readiness_bars(picture: list[dict[str, Any]]) -> dict[str, Any]:
    """One stacked bar per item and country: the share of answers 1 to 5, left to right."""
    rows, y, group = [], 6, None
    for entry in picture:
        item = entry["item"]
        if item.kind != group:
            if group is not None:
                y += ITEM_GAP
            rows.append({"heading": item.get_kind_display(), "y": y + 10})
            y += 18
            group = item.kind
        for position, country in enumerate(entry["countries"]):
            segments, x = [], LABEL_WIDTH
            for score, count in zip(READINESS_SCALE, country["counts"], strict=True):
                width = BAR_WIDTH * count / country["total"] if country["total"] else 0
                if width:
                    segments.append({"x": round(x, 1), "width": round(width, 1), "score": score, "count": count})
                x += width
            rows.append(
                {
                    "label": item.short if position == 0 else "",
                    "country": country["label"],
                    "y": y,
                    "text_y": y + ROW_HEIGHT - 4,
                    "segments": segments,
                    "total": country["total"],
                }
            )
            y += ROW_HEIGHT + ROW_GAP
        y += ITEM_GAP - ROW_GAP
    return {
        "width": LABEL_WIDTH + BAR_WIDTH + 60,
        "height": y + 10,
        "label_width": LABEL_WIDTH,
        "bar_width": BAR_WIDTH,
        "row_height": ROW_HEIGHT,
        "rows": rows,
        "scale": READINESS_SCALE,
        "count_x": LABEL_WIDTH + BAR_WIDTH + 6,
    }


def histogram(bins: list[dict[str, Any]]) -> dict[str, Any]:
    """Vertical bars, one per score bin, scaled to the fullest bin."""
    height, bar, gap, left, top = 160, 44, 8, 30, 16
    highest = max((entry["count"] for entry in bins), default=0) or 1
    bars = []
    for index, entry in enumerate(bins):
        bar_height = round(height * entry["count"] / highest, 1)
        x = left + index * (bar + gap)
        bars.append(
            {
                **entry,
                "x": x,
                "y": top + height - bar_height,
                "height": bar_height,
                "width": bar,
                "middle": x + bar / 2,
                "count_y": top + height - bar_height - 4,
                "unscored": entry["low"] is None,
            }
        )
    return {
        "width": left + len(bins) * (bar + gap),
        "height": top + height + 40,
        "baseline": top + height,
        "label_y": top + height + 16,
        "axis_x": left - 4,
        "bars": bars,
        "highest": highest,
    }


def _mix_bar(us: int, jp: int, other: int, whole: int, y: int, label: str) -> dict[str, Any]:
    """U.S. from the left, Japan from the right, everything else between."""
    scale = BAR_WIDTH / whole if whole else 0
    us_width, jp_width, other_width = us * scale, jp * scale, other * scale
    return {
        "label": label,
        "y": y,
        "text_y": y + 15,
        "segments": [
            segment
            for segment in (
                {"css": "us", "x": LABEL_WIDTH, "width": round(us_width, 1), "count": us, "name": _("U.S.")},
                {
                    "css": "other",
                    "x": round(LABEL_WIDTH + us_width, 1),
                    "width": round(other_width, 1),
                    "count": other,
                    "name": _("Other countries"),
                },
                {
                    "css": "jp",
                    "x": round(LABEL_WIDTH + BAR_WIDTH - jp_width, 1),
                    "width": round(jp_width, 1),
                    "count": jp,
                    "name": _("Japan"),
                },
            )
            if segment["count"]
        ],
    }


def country_mix_bars(mix: CountryMix) -> dict[str, Any]:
    """Submitted applications and accepts (of the seats) by country, with the targets marked."""
    seats = max(mix.seats, mix.accepted)
    return {
        "width": LABEL_WIDTH + BAR_WIDTH + 20,
        "height": 100,
        "label_width": LABEL_WIDTH,
        "bar_width": BAR_WIDTH,
        "bars": [
            _mix_bar(mix.submitted_us, mix.submitted_jp, mix.submitted_other, mix.submitted, 20, _("Submitted")),
            _mix_bar(
                mix.accepted_us, mix.accepted_jp, mix.accepted_other, seats, 52, _("Accepted and staged, of seats")
            ),
        ],
        "target_us_x": round(LABEL_WIDTH + BAR_WIDTH * mix.target_us / 100, 1),
        "target_jp_x": round(LABEL_WIDTH + BAR_WIDTH * (100 - mix.target_jp) / 100, 1),
        "marker_top": 12,
        "marker_bottom": 80,
        "marker_label_y": 94,
    }
