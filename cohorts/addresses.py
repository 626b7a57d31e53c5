"""Addresses of many objects on one page, reversed once per page instead of once per row."""

from django.urls import reverse

# Any id: the address is reversed with it, then split where it stands.
_ID_MARK = 2147483647


def id_address_parts(name: str) -> tuple[str, str]:
    """What comes before and after the id in the address `name` (a URL name taking one id)."""
    start, end = reverse(name, args=[_ID_MARK]).split(str(_ID_MARK))
    return start, end
