"""Date filters that always name the time zone a moment is shown in (see accelerator.dates)."""

from django import template

from accelerator import dates
from accelerator.accounts.time_zones import time_zone_name

register = template.Library()
register.filter("datetime_tz", dates.datetime_tz)
register.filter("date_tz", dates.date_tz)
register.filter("duration_hours", dates.duration_hours)


@register.filter
def zone_name(value):
    """A time zone (IANA name or tzinfo) as people say it in the active language."""
    return time_zone_name(str(value)) if value else ""
