"""Date filters that always name the time zone a moment is shown in."""

from django import template
from django.utils import formats, timezone

register = template.Library()


@register.filter
def datetime_tz(value, zone=None):
    """A moment in the current (or given) time zone, e.g. "Nov. 24, 2026, 9:30 a.m. JST"."""
    if not value:
        return ""
    local = timezone.localtime(value, zone)
    return f"{formats.date_format(local, 'DATETIME_FORMAT')} {local.strftime('%Z')}"


@register.filter
def date_tz(value, zone=None):
    """The calendar date of a moment in the current (or given) time zone, with the zone."""
    if not value:
        return ""
    local = timezone.localtime(value, zone)
    return f"{formats.date_format(local, 'DATE_FORMAT')} ({local.strftime('%Z')})"
