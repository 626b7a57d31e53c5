"""Mentor sessions as calendar events: the invitation each booking sends and each user's private feed."""

from django.conf import settings
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from accelerator.accounts.models import User
from accelerator.calendar import CalendarEvent, build_calendar, event_uid
from accelerator.companies.models import Membership

from .models import MentorSession


def session_event(session: MentorSession, user: User) -> CalendarEvent:
    """The session as one event in `user`'s zone; its UID stays the same through moves and cancellation."""
    return CalendarEvent(
        uid=event_uid("mentor-session", session.pk),
        start=session.starts_at,
        end=session.ends_at,
        summary=_("Mentoring: %(mentor)s and %(company)s")
        % {"mentor": session.mentor.user, "company": session.company.display_name},
        description=session.agenda,
        location=session.mentor.meeting_url,
        url=f"{settings.SITE_URL}{session.get_absolute_url()}",
        time_zone=user.time_zone,
        sequence=session.sequence,
        cancelled=not session.is_booked,
    )


def session_invitation(session: MentorSession, user: User, *, method: str) -> bytes:
    """The invitation (REQUEST) or its withdrawal (CANCEL), in `user`'s language and zone."""
    with translation.override(user.preferred_language):
        return build_calendar([session_event(session, user)], name=_("Mentoring"), method=method)


def calendar_events(user: User) -> list[CalendarEvent]:
    """The sessions `user` takes part in, as mentor or startup member, for their private feed."""
    mine = Q(mentor_id=user.pk) | Q(company__in=Membership.objects.filter(user=user).values("company"))
    sessions = MentorSession.objects.filter(mine).select_related("mentor__user", "company").order_by("starts_at")
    return [session_event(session, user) for session in sessions]
