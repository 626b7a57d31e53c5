"""Prints the code the demo's authenticator app shows now (admin, staff and reviewer logins)."""

import time

from allauth.mfa import app_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from .seed_demo import DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = "Prints the current authenticator code of the demo admin, staff and reviewer logins."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off.")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("The demo key is published: demo_code runs with DEBUG on only (or --force).")
        now = int(time.time())
        counter, into = divmod(now, app_settings.TOTP_PERIOD)
        code = format_hotp_value(hotp_value(DEMO_TOTP_SECRET, counter))
        self.stdout.write(code)
        self.stderr.write(f"valid for about {app_settings.TOTP_PERIOD - into} more seconds (and the next period)")
