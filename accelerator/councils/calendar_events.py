"""Council meetings and action items as calendar events, for invitations and each person's feed."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q

from accelerator.calendar import CalendarEvent, build_calendar

from . import selectors
from .models import ActionItem, Meeting
from .permissions import visible_meetings


def meeting_event(meeting: Meeting) -> CalendarEvent:
    agenda = "\n".join(
        f"{row.number} {row.item.title} ({row.item.duration_minutes} min)"
        for row in selectors.flatten(selectors.agenda_rows(meeting))
    )
    url = f"{settings.SITE_URL}{meeting.get_absolute_url()}"
    return CalendarEvent(
        uid=f"council-meeting-{meeting.pk}@accelerator",
        summary=f"{meeting.council.name}: {meeting.title}",
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        time_zone=meeting.time_zone,
        description="\n\n".join(part for part in (agenda, meeting.online_url, url) if part),
        location=meeting.place or meeting.online_url,
        url=url,
        sequence=meeting.sequence,
    )


def action_event(action: ActionItem) -> CalendarEvent:
    url = f"{settings.SITE_URL}{action.decision.get_absolute_url()}"
    return CalendarEvent(
        uid=f"council-action-{action.pk}@accelerator",
        summary=action.title,
        starts_at=action.due_on,
        ends_at=action.due_on + timedelta(days=1),
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
    events.extend(action_event(action) for action in actions)
    return events
