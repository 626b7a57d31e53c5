"""Email to one person, written in their language and with times in their zone, sent once."""

import hashlib
import zoneinfo
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import SentEmail, User

# The template engine for plain text: it escapes nothing, so "Tom & Jerry" stays as written.
PLAIN_TEXT = "text"


def personal_email(user: User, template: str, context: dict) -> EmailMultiAlternatives:
    """The email whose templates are `template`_subject.txt and `template`_body.txt, for `user`."""
    with translation.override(user.preferred_language), timezone.override(zoneinfo.ZoneInfo(user.time_zone)):
        subject = render_to_string(f"{template}_subject.txt", context, using=PLAIN_TEXT).strip()
        body = render_to_string(f"{template}_body.txt", context, using=PLAIN_TEXT).strip()
        prefix = str(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX)
    return EmailMultiAlternatives(subject=f"{prefix}{subject}", body=body, to=[user.email])


def message_id_for(key: str) -> str:
    """A Message-ID derived from `key`, so that even a copy sent twice is one message to mail software."""
    domain = parseaddr(str(settings.DEFAULT_FROM_EMAIL))[1].rpartition("@")[2] or "accelerator.example"
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:32]}@{domain}>"


def send_once(*, key: str, message: EmailMessage) -> bool:
    """Sends `message` unless an email with `key` was sent, or started sending, before.

    Returns True when it was handed to the mail server now. The intent is committed before
    sending, so a task that runs again never mails twice; if sending fails the intent is
    removed and the task's retry sends it. A worker killed in the instant between the mail
    server's acceptance and the record of it leaves the intent in place: that email is not
    sent again (at most once, never twice). Call it outside a transaction, from a task.
    """
    with transaction.atomic():
        _intent, created = SentEmail.objects.get_or_create(
            key=key,
            defaults={"recipients": ", ".join(message.to), "subject": str(message.subject)[:255]},
        )
    if not created:
        return False
    message.extra_headers.setdefault("Message-ID", message_id_for(key))
    try:
        message.send()
    except Exception:
        SentEmail.objects.filter(key=key, sent_at__isnull=True).delete()
        raise
    SentEmail.objects.filter(key=key).update(sent_at=timezone.now())
    return True
