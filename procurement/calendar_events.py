"""A person's procurement dates for their private calendar feed: the deadlines of the opportunities
they saved, and the open bid-room tasks they own."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from accelerator.accounts.models import User
from accelerator.calendar import CalendarEvent, event_uid

from .models import BidTeam, Opportunity, TeamTask


def deadline_events(user: User) -> list[CalendarEvent]:
    opportunities = Opportunity.objects.filter(saved_by__user=user, deadline__isnull=False).only(
        "pk", "title", "title_translation", "language", "buyer_name", "deadline", "version", "status", "reference"
    )
    events = []
    for opportunity in opportunities:
        lines = [opportunity.buyer_name, opportunity.reference, f"{settings.SITE_URL}{opportunity.get_absolute_url()}"]
        events.append(
            CalendarEvent(
                uid=event_uid("procurement-deadline", opportunity.pk),
                start=opportunity.deadline,
                end=opportunity.deadline,
                summary=_("Deadline: %(title)s") % {"title": opportunity.display_title},
                description="\n".join(line for line in lines if line),
                url=f"{settings.SITE_URL}{opportunity.get_absolute_url()}",
                time_zone=user.time_zone or "UTC",
                sequence=opportunity.version,
                cancelled=opportunity.status == "cancelled",
            )
        )
    return events


def task_events(user: User) -> list[CalendarEvent]:
    tasks = (
        TeamTask.objects.filter(owner=user, due_at__isnull=False, done_at__isnull=True)
        .exclude(team__stage__in=BidTeam.CLOSED_STAGES)
        .select_related("team")
    )
    events = []
    for task in tasks:
        url = settings.SITE_URL + reverse("procurement:team_room", args=[task.team_id])
        events.append(
            CalendarEvent(
                uid=event_uid("bid-task", task.pk),
                start=task.due_at,
                end=task.due_at,
                summary=_("Bid task due: %(task)s") % {"task": task.title},
                description="\n".join([task.team.name, url]),
                url=url,
                time_zone=user.time_zone or "UTC",
            )
        )
    return events
