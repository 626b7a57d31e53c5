"""The deadlines of a person's saved opportunities, for their private calendar feed."""

from django.conf import settings
from django.utils.translation import gettext as _

from accelerator.accounts.models import User
from accelerator.calendar import CalendarEvent, event_uid

from .models import Opportunity


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
