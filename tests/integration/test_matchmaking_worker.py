"""Matchmaking on a real worker: a chunked full run, the digest once, and a debounced refresh."""

import time

import pytest

from accelerator.companies import services as company_services
from accelerator.companies.models import CapabilityTag
from accelerator.companies.signals import profile_changes_unannounced
from matchmaking import services, tasks
from matchmaking.models import MatchRun, Suggestion

from .conftest import wait_for

pytestmark = pytest.mark.integration


def sent_messages(email_dir):
    if not email_dir.exists():
        return []
    return [
        part for path in sorted(email_dir.glob("*.log")) for part in path.read_text().split("-" * 79) if "To:" in part
    ]


def settled_count(email_dir, quiet_seconds: float = 1.5, most_seconds: float = 30) -> int:
    """How many emails were sent once the worker has sent nothing for `quiet_seconds`."""
    deadline = time.monotonic() + most_seconds
    count = len(sent_messages(email_dir))
    while time.monotonic() < deadline:
        time.sleep(quiet_seconds)
        now = len(sent_messages(email_dir))
        if now == count:
            break
        count = now
    return count


def test_runs_digests_and_refreshes_on_a_real_worker(celery_worker_process, settings, request, us_owner, jp_owner):
    email_dir = celery_worker_process
    settings.MATCHMAKING_CHUNK_COMPANIES = 2
    settings.MATCHMAKING_REFRESH_DEBOUNCE_SECONDS = 2
    with profile_changes_unannounced():
        market = request.getfixturevalue("market")

    run = services.start_full_run()
    assert run.chunks_total == 3
    finished = wait_for(lambda: MatchRun.objects.filter(pk=run.pk, status="succeeded").first())
    assert finished, f"the full run did not finish: {MatchRun.objects.get(pk=run.pk).__dict__}"
    assert Suggestion.objects.filter(company=market["us"], partner=market["jp"], is_active=True).exists()

    tasks.send_due_digests.delay()
    assert wait_for(lambda: len([m for m in sent_messages(email_dir) if us_owner.email in m]) == 1)
    assert wait_for(lambda: len([m for m in sent_messages(email_dir) if jp_owner.email in m]) == 1)
    # Every owner in the market gets a digest: count once the first round is all out.
    count = settled_count(email_dir)
    tasks.send_due_digests.delay()
    time.sleep(3)
    assert len(sent_messages(email_dir)) == count, "a digest went out twice"

    # Ten quick edits to the empty profile make one refresh, within a minute.
    newcomer = market["empty"]
    tags = list(CapabilityTag.objects.filter(code__in=["image-analytics", "geospatial-ai", "maritime-awareness"]))
    started = time.monotonic()
    for edit in range(10):
        company_services.update_capability_profile(
            company=newcomer,
            offers=tags[: 1 + edit % 3],
            needs=CapabilityTag.objects.filter(code="sar-imagery"),
            trl=6,
        )
    assert wait_for(lambda: Suggestion.objects.filter(company=newcomer, partner=market["jp"], is_active=True).exists())
    assert time.monotonic() - started < 60
    time.sleep(4)
    assert MatchRun.objects.filter(kind="company", company=newcomer).count() == 1
    assert MatchRun.objects.get(kind="company", company=newcomer).status == "succeeded"
