"""Celery tasks for cohorts: thin and idempotent, enqueued after the transaction commits."""

import logging
import zoneinfo

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from accelerator.accounts.models import User

from .models import Application

logger = logging.getLogger(__name__)

DECISION_TEMPLATES = {
    Application.Status.ACCEPTED: "accepted",
    Application.Status.WAITLISTED: "waitlisted",
    Application.Status.REJECTED: "rejected",
}


def _decision_email(user: User, application: Application) -> EmailMultiAlternatives:
    """The decision on `application`, in the recipient's language and time zone."""
    template = DECISION_TEMPLATES[application.status]
    context = {
        "user": user,
        "application": application,
        "cohort": application.cohort,
        "company": application.company,
        "url": f"{settings.SITE_URL}{application.get_absolute_url()}",
    }
    with translation.override(user.preferred_language), timezone.override(zoneinfo.ZoneInfo(user.time_zone)):
        subject = render_to_string(f"cohorts/email/decision_{template}_subject.txt", context).strip()
        body = render_to_string(f"cohorts/email/decision_{template}_body.txt", context).strip()
        prefix = str(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX)
    return EmailMultiAlternatives(subject=f"{prefix}{subject}", body=body, to=[user.email])


@shared_task(autoretry_for=(ConnectionError, OSError), retry_backoff=True, max_retries=5)
def send_decision_email(application_id: int) -> int:
    """Emails a released decision to each member of the company, once per decision.

    Returns how many emails went out: 0 when it was sent already or nothing is decided.
    """
    with transaction.atomic():
        application = (
            Application.objects.select_for_update(of=("self",))
            .select_related("cohort", "company")
            .filter(pk=application_id)
            .first()
        )
        if application is None or application.decision_email_sent_at is not None:
            return 0
        if application.status not in DECISION_TEMPLATES:
            return 0
        recipients = list(
            User.objects.filter(memberships__company_id=application.company_id, is_active=True).order_by("pk")
        )
        if not recipients:
            logger.warning("Application %s has no active company member to tell the decision to.", application_id)
            return 0
        messages = [_decision_email(user, application) for user in recipients]
        mailers.default.send_messages(messages)
        application.decision_email_sent_at = timezone.now()
        application.save(update_fields=["decision_email_sent_at"])
    return len(messages)
