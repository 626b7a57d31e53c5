"""Side effects are recorded with the change, handed to Celery after commit, and never lost."""

from datetime import timedelta

import pytest
from celery import shared_task
from django.db import transaction
from django.utils import timezone

from accelerator.celery import app as celery_app
from accelerator.outbox.models import OutboxTask
from accelerator.outbox.services import dispatch_pending, enqueue

CALLS: list[dict] = []


@shared_task(name="tests.platform.record_call")
def record_call(**kwargs):
    CALLS.append(kwargs)


@pytest.fixture(autouse=True)
def _no_calls_yet():
    CALLS.clear()


@pytest.fixture
def broker(settings):
    """Celery publishing to a broker (not in-process), whose address each test sets."""
    saved = {"broker_url": celery_app.conf.broker_url, "task_always_eager": celery_app.conf.task_always_eager}

    def use(url):
        celery_app.conf.update(broker_url=url, task_always_eager=False)
        celery_app._pool = None
        celery_app.amqp._producer_pool = None

    yield use
    celery_app.conf.update(**saved)
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def test_it_runs_the_task_after_commit(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        enqueue("tests.platform.record_call", company_id=7)
        assert CALLS == []
    assert CALLS == [{"company_id": 7}]
    assert OutboxTask.objects.get().dispatched_at is not None


def test_nothing_runs_when_the_change_rolls_back(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        enqueue("tests.platform.record_call", company_id=7)
        raise RuntimeError("the change failed")
    assert CALLS == []
    assert not OutboxTask.objects.exists()


def test_an_unknown_task_is_refused_at_once(db):
    with pytest.raises(LookupError):
        enqueue("tests.platform.no_such_task")


def test_a_broker_that_is_down_keeps_the_task_for_later(db, broker, django_capture_on_commit_callbacks):
    broker("redis://127.0.0.1:1/0")  # nothing listens on port 1
    with django_capture_on_commit_callbacks(execute=True):
        entry = enqueue("tests.platform.record_call", company_id=7)
    entry.refresh_from_db()
    assert entry.dispatched_at is None
    assert entry.attempts == 1
    assert entry.last_error

    broker("memory://")  # the broker is back
    OutboxTask.objects.filter(pk=entry.pk).update(created_at=timezone.now() - timedelta(minutes=1))
    assert dispatch_pending() == 1
    entry.refresh_from_db()
    assert entry.dispatched_at is not None
    assert dispatch_pending() == 0  # handed over once


def test_beat_leaves_fresh_entries_to_their_own_dispatch(db, broker):
    broker("memory://")
    OutboxTask.objects.create(task="tests.platform.record_call", kwargs={})
    assert dispatch_pending() == 0


def test_old_dispatched_entries_are_cleared(db):
    long_ago = timezone.now() - timedelta(days=30)
    OutboxTask.objects.create(task="tests.platform.record_call", created_at=long_ago, dispatched_at=long_ago)
    dispatch_pending()
    assert not OutboxTask.objects.exists()


def test_after_one_refusal_a_request_does_not_wait_on_the_broker_again(db, broker, django_capture_on_commit_callbacks):
    broker("redis://127.0.0.1:1/0")
    with django_capture_on_commit_callbacks(execute=True):
        first = enqueue("tests.platform.record_call", company_id=1)
        second = enqueue("tests.platform.record_call", company_id=2)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.attempts, second.attempts) == (1, 0), "the second is left to beat without a try"
    assert first.dispatched_at is None and second.dispatched_at is None


def test_a_task_whose_module_nothing_imported_yet_is_found(db, monkeypatch):
    """A web process has imported no tasks module when a service first queues a task by name."""
    from accelerator.outbox import services

    imported = []
    monkeypatch.setattr(services.celery_app.loader, "import_default_modules", lambda: imported.append(True))
    monkeypatch.delitem(services.celery_app.tasks, "tests.platform.record_call")
    with pytest.raises(LookupError):
        enqueue("tests.platform.record_call")
    assert imported == [True]
