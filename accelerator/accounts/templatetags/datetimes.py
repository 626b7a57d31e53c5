"""Date filters that always name the time zone a moment is shown in (see accelerator.dates)."""

from django import template

from accelerator import dates

register = template.Library()
register.filter("datetime_tz", dates.datetime_tz)
register.filter("date_tz", dates.date_tz)
register.filter("duration_hours", dates.duration_hours)
