"""Parts of pages written once per set of inputs and kept in the process (see `part`).

Some pages are reloaded far more often than what they show changes (a mentor's home, the staff
mentoring dashboard, the bid team list). Their rows are plain, hashable values (frozen
dataclasses, tuples, strings, numbers), so equal inputs write equal HTML: such a part is
written once per process for its inputs, the reader's language and zone and the address
configuration, and kept. The inputs must name everything the part reads besides fixed words
and addresses: a value left out would show another view's figures. A part's CSRF fields are
written with a stand-in that each view replaces with its own token.

Templates use it through `{% written_once %}` (accelerator/accounts/templatetags/written.py).
"""

from collections.abc import Callable

from django.urls import get_script_prefix, get_urlconf
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

# A CSRF token's stand-in: a part is written once with it, then each view puts in its own token.
TOKEN_MARK = "csrf-mark-2147483647"  # noqa: S105 - a stand-in, not a secret
MOST = 256  # parts kept per process; past that the store starts again
_written: dict[tuple, str] = {}


class Rows:
    """Rows of plain values (tuples of numbers, strings, moments) as one input of a part, hashed
    once: a page whose part is named by many rows does not hash and compare them value by value
    in Python on every view. Rows holding anything but plain values must not be given."""

    __slots__ = ("_hash", "rows")

    def __init__(self, rows: tuple):
        self.rows = rows
        self._hash = hash(rows)

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Rows) and self._hash == other._hash and self.rows == other.rows


def forget() -> None:
    """Drops every kept part (tests that change templates or translations)."""
    _written.clear()


def part(inputs: tuple, write: Callable[[], str], *, token: str | None = None) -> SafeString:
    """What write() writes from `inputs` (hashable values naming everything it reads besides fixed
    words and addresses), kept per process with the language, zone and address configuration.

    With a `token`, write() writes its CSRF fields with TOKEN_MARK, which becomes the token.
    """
    key = (get_language(), timezone.get_current_timezone(), get_urlconf(), get_script_prefix(), *inputs)
    try:
        written = _written.get(key)
    except TypeError:  # a value that looked hashable holds one that is not
        return mark_safe(write().replace(TOKEN_MARK, conditional_escape(token or "")))  # noqa: S308
    if written is None:
        written = write()
        if len(_written) >= MOST:
            _written.clear()
        _written[key] = written
    return mark_safe(written.replace(TOKEN_MARK, conditional_escape(token)) if token else written)  # noqa: S308
