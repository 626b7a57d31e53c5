"""How a notice's deadline reads: the reader's zone, U.S. Eastern and Japan, and days left."""

import zoneinfo

from django import template
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from procurement import selectors

register = template.Library()

EASTERN = zoneinfo.ZoneInfo("America/New_York")
JAPAN = zoneinfo.ZoneInfo("Asia/Tokyo")


def _moment(value, zone) -> str:
    local = timezone.localtime(value, zone)
    return f"{formats.date_format(local, 'DATETIME_FORMAT')} {local.strftime('%Z')}"


@register.simple_tag
def deadline_zones(value) -> list[tuple[str, str]]:
    """The moment in the current zone, then Eastern and JST where those differ from it."""
    if not value:
        return []
    current = timezone.get_current_timezone()
    shown = [(_("Your time"), _moment(value, current))]
    for label, zone in ((_("U.S. Eastern"), EASTERN), (_("Japan"), JAPAN)):
        if str(zone) != str(current):
            shown.append((label, _moment(value, zone)))
    return shown


@register.filter
def days_left_text(value) -> str:
    if not value:
        return ""
    days = selectors.days_left(value)
    if days is None:
        return _("Closed")
    if days == 0:
        return _("Closes within a day")
    return ngettext("%(days)d day left", "%(days)d days left", days) % {"days": days}


@register.filter
def money(amount, currency) -> str:
    if amount is None:
        return ""
    places = 0 if currency == "JPY" or amount == amount.to_integral_value() else 2
    return f"{currency} {formats.number_format(amount, places, use_l10n=True, force_grouping=True)}"
