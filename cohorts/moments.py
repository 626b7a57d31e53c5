"""Moments as list pages write them, each text worked out once per process.

`accelerator.dates.datetime_tz` formats through the locale's format string and translates the
month and a.m./p.m. on every call, which took a good part of a long table. The text depends on
nothing but the instant, the zone and the language, so a process keeps the last few thousand
it wrote.
"""

from datetime import datetime, tzinfo
from functools import lru_cache

from django.utils import timezone
from django.utils.translation import get_language

from accelerator.dates import datetime_tz


def moment(value: datetime | None, zone: tzinfo | None = None) -> str:
    """What `datetime_tz(value, zone)` gives, e.g. "Nov. 24, 2026, 9:30 a.m. JST"; "" without a moment."""
    if not value:
        return ""
    return _moment(value, zone or timezone.get_current_timezone(), get_language())


@lru_cache(maxsize=4096)
def _moment(value: datetime, zone: tzinfo, language: str | None) -> str:
    return datetime_tz(value, zone)
