"""A meeting time in the viewer's zone, and also in U.S. Eastern time and JST."""

from zoneinfo import ZoneInfo

from django import template
from django.utils import formats, timezone

register = template.Library()

EASTERN = ZoneInfo("America/New_York")
TOKYO = ZoneInfo("Asia/Tokyo")


def _format(value, zone) -> str:
    local = timezone.localtime(value, zone)
    day = formats.date_format(local, "D")
    date = formats.date_format(local, "DATE_FORMAT")
    time = formats.time_format(local, "TIME_FORMAT")
    return f"{day} {date} {time} {local.strftime('%Z')}"


@register.filter
def meeting_times(value) -> list[str]:
    """The moment in the viewer's zone first, then Eastern and JST unless that is the viewer's zone."""
    if not value:
        return []
    shown = [_format(value, None)]
    current = timezone.get_current_timezone()
    for zone in (EASTERN, TOKYO):
        if str(zone) != str(current):
            shown.append(_format(value, zone))
    return shown
