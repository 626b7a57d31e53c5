"""Council screens by audience: the public and council people (public), the secretariat (secretariat)."""

from zoneinfo import ZoneInfo

from django.utils import timezone

# Meetings are also shown in these zones: councils sit across both countries.
COUNCIL_ZONES = ("America/New_York", "Asia/Tokyo")


def other_zones() -> list[ZoneInfo]:
    """U.S. Eastern and JST, without the viewer's own zone."""
    current = timezone.get_current_timezone_name()
    return [ZoneInfo(name) for name in COUNCIL_ZONES if name != current]
