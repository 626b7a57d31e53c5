"""Date filters that always name the time zone a moment is shown in."""

from django import template
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accelerator.accounts.time_zones import time_zone_name

register = template.Library()


@register.filter
def zone_name(value):
    """A time zone (IANA name or tzinfo) as people say it in the active language."""
    return time_zone_name(str(value)) if value else ""


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


@register.filter
def duration_hours(value):
    """A duration in hours, e.g. "5.5 h", or days and hours past two days."""
    if value is None:
        return ""
    hours = value.total_seconds() / 3600
    if hours < 48:
        return _("%(hours)s h") % {"hours": formats.number_format(round(hours, 1), 1)}
    return _("%(days)d d %(hours)d h") % {"days": int(hours // 24), "hours": int(hours % 24)}
