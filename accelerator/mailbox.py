"""Sender addresses that SMTP accepts.

A display name holding a period or a comma ("U.S.–Japan Space Accelerator") must be
quoted in an address header, or Django's SMTP backend refuses the address. Settings
pass every configured sender through `mailbox`, so an unquoted name from the
environment works too.
"""

import re
from email.errors import HeaderParseError
from email.headerregistry import Address

from django.core.exceptions import ImproperlyConfigured

NAMED = re.compile(r"\s*(?P<name>.*?)\s*<(?P<address>[^<>]*)>\s*")


def mailbox(value: str) -> str:
    """`value` ("Name <user@host>" or "user@host") with the name quoted where it needs to be."""
    named = NAMED.fullmatch(value)
    name, address = (named["name"].strip('"'), named["address"].strip()) if named else ("", value.strip())
    local_part, at, domain = address.rpartition("@")
    if not (local_part and at and domain) or any(char.isspace() for char in address):
        raise ImproperlyConfigured(f"Not an email address: {value!r}")
    try:
        return str(Address(display_name=name, username=local_part, domain=domain))
    except (HeaderParseError, ValueError) as error:
        raise ImproperlyConfigured(f"Not an email address: {value!r}") from error
