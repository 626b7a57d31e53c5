"""Password rules beyond Django's: not built from the email address, not in a breach list."""

import re
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

BREACHED_PASSWORDS = Path(__file__).resolve().parent / "data" / "breached-passwords.txt"


def _folded(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.casefold())


class EmailInPasswordValidator:
    """Refuses a password that contains the account's email address or its name part."""

    min_part_length = 3

    def validate(self, password: str, user=None) -> None:
        email = getattr(user, "email", "") or ""
        if not email:
            return
        local = email.split("@")[0]
        folded = _folded(password)
        for part in (email, local):
            part = _folded(part)
            if len(part) >= self.min_part_length and part in folded:
                raise ValidationError(
                    _("Your password must not contain your email address or the part before the @."),
                    code="password_contains_email",
                )

    def get_help_text(self) -> str:
        return _("Your password can't contain your email address.")


@cache
def _breached() -> frozenset[str]:
    with BREACHED_PASSWORDS.open(encoding="utf-8") as lines:
        return frozenset(line.strip().casefold() for line in lines if line.strip() and not line.startswith("#"))


class BreachedPasswordValidator:
    """Refuses passwords published in breaches (a list shipped with the platform, no network)."""

    def validate(self, password: str, user=None) -> None:
        candidate = password.strip().casefold()
        # The same word with a year or a "!" tacked on is found just as quickly.
        stripped = re.sub(r"[\d\W_]+$", "", candidate)
        if candidate in _breached() or (len(stripped) >= 6 and stripped in _breached()):
            raise ValidationError(
                _("This password has appeared in a data breach. Choose one nobody else uses."),
                code="password_breached",
            )

    def get_help_text(self) -> str:
        return _("Your password can't be one published in a data breach.")
