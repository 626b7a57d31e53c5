"""The one iCalendar (RFC 5545) builder, and each user's private, revocable calendar feed.

Apps describe their dated things as `CalendarEvent`s: a mentor session, a procurement
deadline, a council meeting, an action item. `build_calendar` writes them with stable
UIDs, a DTSTAMP and a VTIMEZONE for every zone used, for a feed or an emailed invitation.
An app adds its events to every user's feed with `register_calendar_source` in its
`AppConfig.ready()`; the feed at /calendar/<token>.ics gathers all sources.
"""

import secrets
import zoneinfo
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

import icalendar
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from accelerator.accounts.models import CalendarFeed, User

PRODID = "-//U.S.-Japan Space Accelerator//Platform//EN"


@dataclass(frozen=True)
class CalendarEvent:
    """One dated thing, written in `time_zone` (which gets a VTIMEZONE)."""

    uid: str
    start: datetime
    end: datetime | None = None
    summary: str = ""
    description: str = ""
    location: str = ""
    url: str = ""
    time_zone: str = "UTC"
    # Raised each time the event changes, so that calendars replace their copy.
    sequence: int = 0
    cancelled: bool = False
    organizer_email: str = ""
    attendee_emails: tuple[str, ...] = field(default_factory=tuple)


def event_uid(kind: str, pk: int | str) -> str:
    """A UID that stays the same for the same object in every feed and invitation."""
    return f"{kind}-{pk}@{_domain()}"


def _domain() -> str:
    return settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "accelerator.example"


def _component(event: CalendarEvent, stamp: datetime) -> icalendar.Event:
    zone = zoneinfo.ZoneInfo(event.time_zone)
    component = icalendar.Event.new(
        uid=event.uid,
        stamp=stamp,
        start=event.start.astimezone(zone),
        end=event.end.astimezone(zone) if event.end else None,
        summary=event.summary or None,
        description=event.description or None,
        location=event.location or None,
        url=event.url or None,
        sequence=event.sequence,
        status="CANCELLED" if event.cancelled else "CONFIRMED",
    )
    if event.organizer_email:
        component.add("organizer", f"mailto:{event.organizer_email}")
    for email in event.attendee_emails:
        component.add("attendee", f"mailto:{email}", parameters={"ROLE": "REQ-PARTICIPANT", "RSVP": "TRUE"})
    return component


def build_calendar(events: Iterable[CalendarEvent], *, name: str, method: str | None = None) -> bytes:
    """An iCalendar file of `events`; `method` is "REQUEST" or "CANCEL" for an emailed invitation."""
    stamp = timezone.now().replace(microsecond=0)
    calendar = icalendar.Calendar.new(prodid=PRODID, name=name, method=method)
    for event in events:
        calendar.add_component(_component(event, stamp))
    calendar.add_missing_timezones()
    return calendar.to_ical()


# Feeds ---------------------------------------------------------------------------------

CalendarSource = Callable[[User], Iterable[CalendarEvent]]
_sources: list[CalendarSource] = []


def register_calendar_source(source: CalendarSource) -> None:
    """Adds `source(user)`'s events to every user's feed (call it from an AppConfig.ready())."""
    if source not in _sources:
        _sources.append(source)


def feed_events(user: User) -> list[CalendarEvent]:
    """Everything every app puts on `user`'s calendar, written in the user's language."""
    with translation.override(user.preferred_language):
        return [event for source in _sources for event in source(user)]


def feed_for(user: User) -> CalendarFeed:
    """The user's feed, made the first time it is asked for."""
    feed = CalendarFeed.objects.filter(user=user).first()
    if feed is None:
        feed, _created = CalendarFeed.objects.get_or_create(user=user, defaults={"token": secrets.token_urlsafe(32)})
    return feed


@transaction.atomic
def reset_feed(*, user: User) -> CalendarFeed:
    """Gives the user a new feed address; the old one stops working at once."""
    feed = feed_for(user)
    feed.token = secrets.token_urlsafe(32)
    feed.save(update_fields=["token", "created_at"])
    return feed


def feed_user(token: str) -> User | None:
    """The active user whose feed `token` opens, if any."""
    feed = CalendarFeed.objects.select_related("user").filter(token=token, user__is_active=True).first()
    return feed.user if feed else None


def feed_url(user: User) -> str:
    return settings.SITE_URL + reverse("calendar_feed", args=[feed_for(user).token])
