"""Office hours: the bookable occurrences of a mentor's weekly slots, in the mentor's zone."""

import zoneinfo
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from ..models import MentorProfile, MentorSession, OfficeHours, OfficeHoursException

BOOKING_WEEKS = 4  # how far ahead office hours can be booked


@dataclass(frozen=True)
class Slot:
    """One bookable occurrence of a mentor's office hours."""

    office_hours: OfficeHours
    starts_at: datetime
    ends_at: datetime


def open_slots(mentor: MentorProfile, *, weeks: int = BOOKING_WEEKS, now: datetime | None = None) -> list[Slot]:
    """The occurrences of `mentor`'s weekly office hours in the coming weeks that are free to book.

    Computed in the mentor's zone, so a slot stays at the same local time across daylight
    saving changes; days the mentor marked as exceptions and booked times are left out.
    """
    now = now or timezone.now()
    zone = zoneinfo.ZoneInfo(mentor.time_zone)
    today = now.astimezone(zone).date()
    end = today + timedelta(weeks=weeks)
    hours = list(OfficeHours.objects.filter(mentor=mentor).order_by("weekday", "starts_at"))
    skipped = set(
        OfficeHoursException.objects.filter(mentor=mentor, date__gte=today, date__lte=end).values_list(
            "date", flat=True
        )
    )
    booked = set(
        MentorSession.objects.filter(
            mentor=mentor, status=MentorSession.Status.BOOKED, starts_at__gte=now - timedelta(days=1)
        ).values_list("starts_at", flat=True)
    )
    slots = []
    day = today
    while day <= end:
        if day not in skipped:
            for slot in hours:
                if slot.weekday != day.weekday():
                    continue
                starts = datetime.combine(day, slot.starts_at, tzinfo=zone)
                starts = starts.astimezone(zoneinfo.ZoneInfo("UTC")).astimezone(zone)  # normalise a DST gap
                if starts <= now or starts in booked:
                    continue
                slots.append(Slot(slot, starts, starts + timedelta(minutes=slot.duration_minutes)))
        day += timedelta(days=1)
    return slots


def is_open_slot(mentor: MentorProfile, starts_at: datetime) -> Slot | None:
    """The open slot of `mentor` starting at `starts_at`, if there is one."""
    for slot in open_slots(mentor):
        if slot.starts_at == starts_at:
            return slot
    return None
