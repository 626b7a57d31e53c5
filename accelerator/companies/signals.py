"""Signals other apps listen to, so that the core never imports them.

`profile_changed` is sent inside the transaction that changes what a company offers,
needs or is, with `company_id`; matchmaking records a refresh of that company's
suggestions in the outbox, so the refresh exists exactly when the change is committed. Bulk loads wrap
their writes in `profile_changes_unannounced()` and recompute everything once afterwards.
"""

import threading
from contextlib import contextmanager

from django.dispatch import Signal

profile_changed = Signal()

_state = threading.local()


@contextmanager
def profile_changes_unannounced():
    _state.quiet = getattr(_state, "quiet", 0) + 1
    try:
        yield
    finally:
        _state.quiet -= 1


def announce_profile_change(company_id: int) -> None:
    if not getattr(_state, "quiet", 0):
        profile_changed.send(sender=None, company_id=company_id)
