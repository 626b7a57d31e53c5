"""Faults with real processes: the broker stopped during requests, a worker killed mid-run.

Each test starts a redis-server of its own (never the shared one), real Celery worker
processes, and a real SMTP server that receives what the workers send.
"""

import os
import signal
import time
from datetime import timedelta

import psycopg
import pytest
from django.urls import reverse
from django.utils import timezone
from psycopg import sql

from accelerator.companies.models import Invitation
from accelerator.companies.signals import profile_changes_unannounced
from accelerator.outbox.models import OutboxTask
from accelerator.outbox.tasks import dispatch_pending
from cohorts.models import Message
from matchmaking import services as matchmaking_services
from matchmaking.models import InboxItem, MatchRun, MatchRunChunk, Suggestion
from matchmaking.tasks import requeue_stalled_runs, send_due_digests

from ..cohorts.conftest import make_cohort, make_submitted
from ..factories import PASSWORD, make_company
from .conftest import Workers, wait_for
from .conftest import _forget_broker_connections as forget_broker_connections

pytestmark = pytest.mark.integration


@pytest.fixture
def workers(postgres_url, own_redis, smtp_receiver, tmp_path):
    pool = Workers(
        postgres_url=postgres_url,
        broker_url=own_redis.url(1),
        email_url=smtp_receiver.url,
        log_dir=tmp_path,
        REDIS_URL=own_redis.url(2),
        MATCHMAKING_CHUNK_COMPANIES="1",
        MATCHMAKING_RUN_STALL_SECONDS="5",
        MATCHMAKING_REFRESH_DEBOUNCE_SECONDS="1",
    )
    yield pool
    pool.stop_all()


@pytest.fixture
def cache_on_own_redis(own_redis, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "accelerator.resilient_cache.FallbackRedisCache",
            "LOCATION": own_redis.url(2),
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }


def _blocked_by(watcher: psycopg.Connection, holder: psycopg.Connection) -> bool:
    """Whether another session waits for a lock that `holder` holds."""
    row = watcher.execute(
        "SELECT count(*) FROM pg_stat_activity WHERE %s = ANY(pg_blocking_pids(pid))", [holder.info.backend_pid]
    ).fetchone()
    return bool(row and row[0])


def as_beat_would(task) -> None:
    """Sends a periodic task through the broker, as beat does every minute."""
    task.apply_async()


def test_with_redis_stopped_the_site_answers_and_the_email_goes_out_once_redis_is_back(
    client, own_redis, workers, smtp_receiver, cache_on_own_redis, settings,
    market, us_owner, member, staff,
):  # fmt: skip
    settings.MATCHMAKING_CHUNK_COMPANIES = 2
    cohort = make_cohort()
    application = make_submitted(cohort, market["us"], by=us_owner)
    own_redis.stop()

    # Sign-in works with the cache's Redis down.
    response = client.post(reverse("account_login"), {"login": us_owner.email, "password": PASSWORD})
    assert response.status_code == 302
    members = reverse("companies:members", kwargs={"slug": market["us"].slug})
    assert client.post(members, {"email": "new.hire@example.com", "role": "member"}).status_code == 302
    edit = reverse("companies:edit", kwargs={"slug": market["us"].slug})
    edited = {
        "legal_name": "Orbitworks Analytics Inc.",
        "name_ja": "オービットワークス",
        "country": "US",
        "website": "https://orbitworks.example",
        "size_band": "51-250",
        "founded_year": "2017",
        "description_en": "SAR analytics for maritime customers.",
        "description_ja": "",
    }
    assert client.post(edit, edited).status_code == 302
    client.force_login(staff)
    post_message = reverse("cohorts:post_message", args=[application.pk])
    assert client.post(post_message, {"body": "Please add your ECCN."}).status_code == 302
    assert client.post(reverse("matchmaking:runs")).status_code == 302

    # Everything is recorded; nothing reached the broker.
    run = MatchRun.objects.get(kind="full")
    assert run.status == MatchRun.Status.RUNNING and run.chunks_done == 0
    pending = OutboxTask.objects.filter(dispatched_at__isnull=True)
    assert set(pending.values_list("task", flat=True)) >= {
        "accelerator.companies.tasks.send_invitation_email",
        "cohorts.tasks.send_message_notification",
        "matchmaking.tasks.compute_chunk",
    }
    # The edit's refresh joined the one its company's creation recorded moments before.
    assert OutboxTask.objects.filter(task="matchmaking.tasks.refresh_company", kwargs__company_id=market["us"].pk)
    assert smtp_receiver.messages == []

    # Redis is back; beat's retry publishes what waited (it leaves entries younger than 30 s
    # to their own dispatch, so the wait is skipped here by dating them back).
    own_redis.start()
    forget_broker_connections()
    workers.start()
    pending.update(created_at=timezone.now() - timedelta(minutes=1))
    dispatched = None
    for _minute in range(12):
        as_beat_would(dispatch_pending)
        dispatched = wait_for(lambda: not OutboxTask.objects.filter(dispatched_at__isnull=True).exists(), timeout=20)
        if dispatched:
            break
    assert dispatched, list(OutboxTask.objects.filter(dispatched_at__isnull=True).values("task", "last_error"))
    run_done = wait_for(lambda: MatchRun.objects.get(pk=run.pk).status == MatchRun.Status.SUCCEEDED, timeout=180)
    assert run_done, MatchRun.objects.get(pk=run.pk).__dict__
    expected = {"new.hire@example.com", us_owner.email, member.email}
    wait_for(lambda: {r for m in smtp_receiver.messages for r in m.recipients} >= expected, timeout=120)
    recipients = sorted(r for m in smtp_receiver.messages for r in m.recipients)
    assert recipients == sorted(expected), "each email arrives once"
    assert Invitation.objects.get().email_sent_at is not None
    assert Message.objects.get().notified_at is not None
    assert Suggestion.objects.filter(is_active=True).exists()


def test_a_worker_killed_mid_run_leaves_no_stuck_run_and_no_email_twice(
    market, outsider, postgres_url, own_redis, workers, smtp_receiver, settings
):
    settings.MATCHMAKING_CHUNK_COMPANIES = 1
    for n in range(6):
        with profile_changes_unannounced():  # the full run below matches them
            make_company(
                owner=outsider if n == 0 else None,
                legal_name=f"Relay {n} Inc.",
                country="US" if n % 2 else "JP",
                segments=("earth-observation",),
                # Buyers and sellers of SAR imagery across the two countries: partners, not rivals.
                offers=("image-analytics",) if n % 2 else ("sar-imagery",),
                needs=("sar-imagery",) if n % 2 else ("image-analytics",),
                trl=5 + n % 4,
            )
    run = matchmaking_services.start_full_run()
    assert run.chunks_total == 12

    # The worker dies (SIGKILL: no clean-up, no acknowledgement) inside the run. Another
    # connection holds the second chunk's row, so the worker is caught there however fast
    # the chunks before it go.
    second = MatchRunChunk.objects.get(run=run, index=1)
    with psycopg.connect(postgres_url) as holder, psycopg.connect(postgres_url, autocommit=True) as watcher:
        table = sql.Identifier(MatchRunChunk._meta.db_table)
        holder.execute(sql.SQL("SELECT 1 FROM {} WHERE id = %s FOR UPDATE").format(table), [second.pk])
        doomed = workers.start()
        assert wait_for(lambda: _blocked_by(watcher, holder), timeout=120), "the worker reaches the held chunk"
        os.kill(doomed.pid, signal.SIGKILL)
        doomed.wait(timeout=10)
    assert MatchRun.objects.get(pk=run.pk).chunks_done < run.chunks_total, "killed mid-run"

    # Another worker takes the queue; beat notices the chunks lost with the dead worker.
    workers.start()
    finished = None
    for _attempt in range(12):
        finished = wait_for(lambda: MatchRun.objects.get(pk=run.pk).status == MatchRun.Status.SUCCEEDED, timeout=10)
        if finished:
            break
        as_beat_would(requeue_stalled_runs)
    run.refresh_from_db()
    assert finished, f"the run completes: {run.chunks_done}/{run.chunks_total}, {run.status}"

    # Each member with new suggestions gets one digest, even when beat's digest task runs twice.
    waiting = set(
        InboxItem.objects.filter(kind="suggestion", emailed_at__isnull=True).values_list("user__email", flat=True)
    )
    assert waiting
    as_beat_would(send_due_digests)
    as_beat_would(send_due_digests)
    wait_for(lambda: {r for m in smtp_receiver.messages for r in m.recipients} >= waiting, timeout=60)
    time.sleep(3)  # a digest sent twice would arrive meanwhile
    recipients = sorted(r for m in smtp_receiver.messages for r in m.recipients)
    assert recipients == sorted(waiting), "each digest arrives once"
