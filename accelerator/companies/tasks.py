"""Celery tasks for companies: thin and idempotent, queued through the outbox."""

import zoneinfo

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation

from accelerator.accounts.emails import PLAIN_TEXT, send_once
from accelerator.accounts.models import User

from .models import Invitation


def invitation_email(invitation: Invitation) -> EmailMultiAlternatives:
    """A known user reads it in their language and time zone; a newcomer gets both languages, in UTC."""
    recipient = User.objects.filter(email__iexact=invitation.email).first()
    languages = [recipient.preferred_language] if recipient else ["en", "ja"]
    context = {
        "invitation": invitation,
        "company": invitation.company,
        "inviter": invitation.invited_by,
        "accept_url": f"{settings.SITE_URL}{invitation.get_absolute_url()}",
        "languages": languages,
    }
    subjects, bodies = [], []
    zone = zoneinfo.ZoneInfo(recipient.time_zone if recipient else "UTC")
    for language in languages:
        with translation.override(language), timezone.override(zone):
            subjects.append(
                render_to_string("companies/email/invitation_subject.txt", context, using=PLAIN_TEXT).strip()
            )
            bodies.append(render_to_string("companies/email/invitation_body.txt", context, using=PLAIN_TEXT).strip())
    return EmailMultiAlternatives(
        subject=" / ".join(subjects), body="\n\n----------\n\n".join(bodies), to=[invitation.email]
    )


@shared_task(autoretry_for=(ConnectionError, OSError), retry_backoff=True, max_retries=5)
def send_invitation_email(invitation_id: int) -> bool:
    """Emails an invitation once. Returns False when there is nothing (more) to send."""
    invitation = Invitation.objects.select_related("company", "invited_by").filter(pk=invitation_id).first()
    if invitation is None or invitation.email_sent_at or invitation.accepted_at:
        return False
    sent = send_once(key=f"company-invitation:{invitation.pk}", message=invitation_email(invitation))
    Invitation.objects.filter(pk=invitation.pk, email_sent_at__isnull=True).update(email_sent_at=timezone.now())
    return sent
