"""Time zones as people name them, in their language, with the program's common zones first.

Labels come from the CLDR data that Babel ships (for example "(UTC+09:00) Japan Time –
Tokyo" / "(UTC+09:00) 日本時間 – 東京"); the stored value stays the IANA name.
"""

import zoneinfo
from datetime import datetime
from functools import lru_cache

from babel.core import get_global
from babel.dates import get_timezone_location, get_timezone_name
from django.utils import translation
from django.utils.translation import gettext_lazy as _

# Where the program's people are: Japan, the U.S. zones, then the usual partners' capitals.
COMMON_ZONES = (
    "Asia/Tokyo",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Phoenix",
    "America/Los_Angeles",
    "America/Anchorage",
    "Pacific/Honolulu",
    "Europe/London",
    "Europe/Paris",
    "Asia/Seoul",
    "Asia/Singapore",
    "Australia/Sydney",
    "UTC",
)
_REGIONS = ("Africa/", "America/", "Antarctica/", "Asia/", "Atlantic/", "Australia/", "Europe/", "Indian/", "Pacific/")


@lru_cache(maxsize=1)
def canonical_zones() -> tuple[str, ...]:
    """Every current IANA zone under a region, without legacy aliases (Asia/Calcutta, US/Eastern)."""
    aliases = get_global("zone_aliases")
    names = {
        name for name in zoneinfo.available_timezones() if name.startswith(_REGIONS) and aliases.get(name, name) == name
    }
    return tuple(sorted(names | {"UTC"}))


def _offset(name: str, moment: datetime) -> str:
    minutes = _minutes(name, moment)
    sign = "+" if minutes >= 0 else "−"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{rest:02d}"


def time_zone_name(name: str, *, language: str | None = None) -> str:
    """A zone as people say it, in their language: "Eastern Time – New York", "日本時間 – 東京"."""
    locale = (language or translation.get_language() or "en").replace("-", "_")
    if name == "UTC":
        return str(_("Coordinated Universal Time"))
    return _babel_zone_name(name, locale)


@lru_cache(maxsize=256)
def _babel_zone_name(name: str, locale: str) -> str:
    """CLDR's name of a zone in a locale: fixed data, looked up once (every page's footer names one)."""
    try:
        generic = get_timezone_name(name, locale=locale)
        city = get_timezone_location(name, locale=locale, return_city=True)
    except (LookupError, ValueError):
        return name.replace("_", " ")
    return generic if city in generic else f"{generic} – {city}"


def time_zone_label(name: str, *, language: str | None = None, moment: datetime | None = None) -> str:
    """A zone with its offset, for choosing one: "(UTC−05:00) Eastern Time – New York"."""
    moment = moment or datetime.now(zoneinfo.ZoneInfo("UTC"))
    offset = "UTC" if name == "UTC" else _offset(name, moment)
    return f"({offset}) {time_zone_name(name, language=language)}"


@lru_cache(maxsize=16)
def _grouped_choices(language: str, day: str) -> tuple:
    moment = datetime.fromisoformat(day).replace(tzinfo=zoneinfo.ZoneInfo("UTC"))
    with translation.override(language):
        common = [(name, time_zone_label(name, language=language, moment=moment)) for name in COMMON_ZONES]
        others = [
            (name, time_zone_label(name, language=language, moment=moment))
            for name in canonical_zones()
            if name not in COMMON_ZONES
        ]
        # West to east, then by name: a person scans for their offset.
        others.sort(key=lambda choice: (_minutes(choice[0], moment), choice[1]))
        return ((str(_("Common time zones")), tuple(common)), (str(_("All time zones")), tuple(others)))


def _minutes(name: str, moment: datetime) -> int:
    return int(moment.astimezone(zoneinfo.ZoneInfo(name)).utcoffset().total_seconds() // 60)


def time_zone_choices_for_people() -> list:
    """Grouped choices for a form's select, in the active language, offsets as of today."""
    language = translation.get_language() or "en"
    day = datetime.now(zoneinfo.ZoneInfo("UTC")).date().isoformat()
    return [(group, list(choices)) for group, choices in _grouped_choices(language, day)]


def valid_time_zone(name: str) -> bool:
    return name in canonical_zones() or name in zoneinfo.available_timezones()
