"""Council meetings and action items as calendar events, for invitations and each person's feed."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from accelerator.calendar import CalendarEvent, build_calendar, event_uid

from . import selectors
from .models import ActionItem, Meeting
from .permissions import visible_meetings

ACTION_REMINDER_TIME = time(9, 0)


def meeting_event(meeting: Meeting) -> CalendarEvent:
    agenda = "\n".join(
        f"{row.number} {row.item.title} ({row.item.duration_minutes} min)"
        for row in selectors.flatten(selectors.agenda_rows(meeting))
    )
    url = f"{settings.SITE_URL}{meeting.get_absolute_url()}"
    return CalendarEvent(
        uid=event_uid("council-meeting", meeting.pk),
        summary=f"{meeting.council.name}: {meeting.title}",
        start=meeting.starts_at,
        end=meeting.ends_at,
        time_zone=meeting.time_zone,
        description="\n\n".join(part for part in (agenda, meeting.online_url, url) if part),
        location=meeting.place or meeting.online_url,
        url=url,
        sequence=meeting.sequence,
    )


def action_event(action: ActionItem, zone_name: str) -> CalendarEvent:
    """An action on its due date, as a short reminder at 9:00 in the owner's zone."""
    url = f"{settings.SITE_URL}{action.decision.get_absolute_url()}"
    start = timezone.make_aware(datetime.combine(action.due_on, ACTION_REMINDER_TIME), ZoneInfo(zone_name))
    return CalendarEvent(
        uid=event_uid("council-action", action.pk),
        summary=action.title,
        start=start,
        end=start + timedelta(minutes=30),
        time_zone=zone_name,
        description=f"{action.decision.reference}: {action.decision.text}\n\n{url}",
        url=url,
    )


def meeting_invitation(meeting: Meeting) -> bytes:
    """One meeting as an iCalendar invitation."""
    return build_calendar([meeting_event(meeting)], name=meeting.title, method="REQUEST")


def events_for(user) -> list[CalendarEvent]:
    """The calendar feed's council part: the meetings of the user's councils, and the actions they own."""
    if not user.is_authenticated:
        return []
    meetings = (
        visible_meetings(user)
        .filter(council__memberships__user=user)
        .filter(Q(agenda_published_at__isnull=False) | Q(council__memberships__role="secretariat"))
        .select_related("council")
        .distinct()
    )
    events = [meeting_event(meeting) for meeting in meetings]
    actions = selectors.actions_of(user).exclude(status__in=ActionItem.CLOSED).select_related("decision__council")
    events.extend(action_event(action, user.time_zone) for action in actions)
    return events
