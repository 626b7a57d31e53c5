import logging
import time
from datetime import timedelta
from functools import partial
from typing import Any

from celery import Task
from django.db import transaction
from django.utils import timezone

from accelerator.celery import app as celery_app

from .models import OutboxTask

logger = logging.getLogger(__name__)

# A task recorded this long ago and still not handed to the broker is retried by beat;
# younger ones are left to the dispatch that runs right after their transaction commits.
RETRY_AFTER = timedelta(seconds=30)
# Dispatched entries are kept this long for staff to look into, then removed.
KEEP_DISPATCHED = timedelta(days=7)
# After the broker refused one task, the others of this process wait this long before
# trying again, so a request that records many tasks does not wait on a dead broker for each.
BROKER_PAUSE_SECONDS = 10.0
_broker_down_until = 0.0


def _broker_paused() -> bool:
    return time.monotonic() < _broker_down_until


def _pause_broker() -> None:
    global _broker_down_until
    _broker_down_until = time.monotonic() + BROKER_PAUSE_SECONDS


def registered_task(name: str) -> Task:
    """The Celery task called `name`, importing the apps' task modules the first time one is asked for.

    A web process imports no task module by itself (a worker does at start), so a service
    that queues a task by name may come before anything imported it.
    """
    if name not in celery_app.tasks:
        celery_app.loader.import_default_modules()
    if name not in celery_app.tasks:
        raise LookupError(f"No Celery task is registered as {name!r}.")
    return celery_app.tasks[name]


def enqueue(task: str, *, countdown: int = 0, **kwargs: Any) -> OutboxTask:
    """Records `task` (a Celery task name) with JSON `kwargs`, to run after the current transaction commits.

    Call it inside the service's transaction. Nothing is published if the transaction rolls back.
    """
    registered_task(task)
    entry = OutboxTask.objects.create(task=task, kwargs=kwargs, countdown=countdown)
    transaction.on_commit(partial(dispatch, entry.pk), robust=True)
    return entry


def recently_enqueued(task: str, *, within: timedelta, **kwargs: Any) -> bool:
    """Whether `task` with these `kwargs` was recorded less than `within` ago (committed or in this transaction)."""
    lookups = {f"kwargs__{name}": value for name, value in kwargs.items()}
    return OutboxTask.objects.filter(task=task, created_at__gte=timezone.now() - within, **lookups).exists()


def dispatch(entry_id: int) -> bool:
    """Hands one recorded task to Celery; True when it was handed over now.

    With no broker configured the task runs in-process instead. A broker that cannot be
    reached leaves the entry pending with its error; `dispatch_pending` tries again.
    """
    eager = bool(celery_app.conf.task_always_eager)
    if not eager and _broker_paused():
        return False
    with transaction.atomic():
        entry = (
            OutboxTask.objects.select_for_update(skip_locked=True)
            .filter(pk=entry_id, dispatched_at__isnull=True)
            .first()
        )
        if entry is None:
            return False
        task = registered_task(entry.task)
        if not eager:
            try:
                task.apply_async(kwargs=entry.kwargs, countdown=entry.countdown or None, retry=False)
            except Exception as error:  # the broker is down or refuses: keep the entry for a later try
                _pause_broker()
                entry.attempts += 1
                entry.last_error = f"{type(error).__name__}: {error}"[:2000]
                entry.save(update_fields=["attempts", "last_error"])
                logger.warning("Outbox task %s #%s not dispatched: %s", entry.task, entry.pk, entry.last_error)
                return False
        entry.dispatched_at = timezone.now()
        entry.save(update_fields=["dispatched_at"])
    if eager:
        # In-process execution happens after the claim is committed, as a worker's would.
        task.apply_async(kwargs=entry.kwargs)
    return True


def dispatch_pending(*, limit: int = 500) -> int:
    """Hands every task that missed its first dispatch to Celery; returns how many went."""
    cutoff = timezone.now() - RETRY_AFTER
    pending = list(
        OutboxTask.objects.filter(dispatched_at__isnull=True, created_at__lte=cutoff)
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    global _broker_down_until
    _broker_down_until = 0.0  # each sweep tries the broker afresh; its first refusal pauses the rest
    sent = sum(dispatch(entry_id) for entry_id in pending)
    OutboxTask.objects.filter(dispatched_at__lte=timezone.now() - KEEP_DISPATCHED).delete()
    return sent
