"""Moments and durations as people read them: every date names the time zone it is shown in.

Pages use these through the `datetimes` template filters; services use them in messages.
"""

from datetime import datetime, timedelta, tzinfo

from django.utils import formats, timezone
from django.utils.translation import gettext as _


def datetime_tz(value: datetime | None, zone: tzinfo | None = None) -> str:
    """A moment in the current (or given) time zone, e.g. "Nov. 24, 2026, 9:30 a.m. JST"."""
    if not value:
        return ""
    local = timezone.localtime(value, zone)
    return f"{formats.date_format(local, 'DATETIME_FORMAT')} {local.strftime('%Z')}"


def date_tz(value: datetime | None, zone: tzinfo | None = None) -> str:
    """The calendar date of a moment in the current (or given) time zone, with the zone."""
    if not value:
        return ""
    local = timezone.localtime(value, zone)
    return f"{formats.date_format(local, 'DATE_FORMAT')} ({local.strftime('%Z')})"


def duration_hours(value: timedelta | None) -> str:
    """A duration in hours, e.g. "5.5 h", or days and hours past two days."""
    if value is None:
        return ""
    hours = value.total_seconds() / 3600
    if hours < 48:
        return _("%(hours)s h") % {"hours": formats.number_format(round(hours, 1), 1)}
    return _("%(days)d d %(hours)d h") % {"days": int(hours // 24), "hours": int(hours % 24)}
