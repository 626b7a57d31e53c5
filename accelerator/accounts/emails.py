"""Email to one person, written in their language and with times in their zone."""

import zoneinfo

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import User

# The template engine for plain text: it escapes nothing, so "Tom & Jerry" stays as written.
PLAIN_TEXT = "text"


def personal_email(user: User, template: str, context: dict) -> EmailMultiAlternatives:
    """The email whose templates are `template`_subject.txt and `template`_body.txt, for `user`."""
    with translation.override(user.preferred_language), timezone.override(zoneinfo.ZoneInfo(user.time_zone)):
        subject = render_to_string(f"{template}_subject.txt", context, using=PLAIN_TEXT).strip()
        body = render_to_string(f"{template}_body.txt", context, using=PLAIN_TEXT).strip()
        prefix = str(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX)
    return EmailMultiAlternatives(subject=f"{prefix}{subject}", body=body, to=[user.email])
