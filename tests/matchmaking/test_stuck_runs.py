"""A run whose worker died completes anyway; staff cancel or restart a stuck run (web and API)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accelerator.outbox.models import OutboxTask
from matchmaking import services, tasks
from matchmaking.models import MatchRun, MatchRunChunk
from matchmaking.services import runs

from .test_api import api

pytestmark = pytest.mark.django_db


@pytest.fixture
def stuck_run(market, settings):
    """A full run of three chunks whose messages were lost with a worker three minutes ago."""
    settings.MATCHMAKING_CHUNK_COMPANIES = 2
    run = runs._create_full_run(triggered_by=None, queue_chunks=False)
    three_minutes_ago = timezone.now() - timedelta(minutes=3)
    MatchRun.objects.filter(pk=run.pk).update(created_at=three_minutes_ago)
    MatchRunChunk.objects.filter(run=run).update(attempted_at=three_minutes_ago)
    return run


def queued_chunks(run):
    return sorted(
        OutboxTask.objects.filter(task="matchmaking.tasks.compute_chunk", kwargs__run_id=run.pk).values_list(
            "kwargs__index", flat=True
        )
    )


def test_beat_queues_the_chunks_of_a_stalled_run_again_and_it_completes(stuck_run, django_capture_on_commit_callbacks):
    services.compute_run_chunk(run_id=stuck_run.pk, index=0)  # one chunk finished before the worker died
    three_minutes_ago = timezone.now() - timedelta(minutes=3)
    MatchRunChunk.objects.filter(run=stuck_run).update(attempted_at=three_minutes_ago)
    MatchRunChunk.objects.filter(run=stuck_run, index=0).update(done_at=three_minutes_ago)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.requeue_stalled_runs() == 2
    assert queued_chunks(stuck_run) == [1, 2]
    stuck_run.refresh_from_db()
    assert stuck_run.status == MatchRun.Status.SUCCEEDED
    assert stuck_run.chunks_done == stuck_run.chunks_total == 3


def test_a_run_whose_chunks_are_moving_is_left_alone(stuck_run):
    MatchRunChunk.objects.filter(run=stuck_run, index=1).update(attempted_at=timezone.now())
    assert services.requeue_stalled_runs() == 0
    assert queued_chunks(stuck_run) == []


def test_a_requeued_run_is_not_requeued_again_at_once(stuck_run, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        assert services.requeue_stalled_runs() == 3
    assert services.requeue_stalled_runs() == 0


def test_staff_cancel_a_stuck_run_on_the_web(client, staff, stuck_run, django_capture_on_commit_callbacks):
    client.force_login(staff)
    response = client.post(reverse("matchmaking:cancel_run", args=[stuck_run.pk]), follow=True)
    assert f"Run #{stuck_run.pk} is cancelled; the current suggestions stay." in response.content.decode()
    stuck_run.refresh_from_db()
    assert stuck_run.status == MatchRun.Status.CANCELLED
    assert stuck_run.error == "Cancelled by Program Staff."
    # Its chunks still in a queue do nothing now, and a new run may start.
    assert services.compute_run_chunk(run_id=stuck_run.pk, index=0) is False
    with django_capture_on_commit_callbacks(execute=True):
        new = services.start_full_run(triggered_by=staff)
    assert new.pk != stuck_run.pk


def test_staff_restart_a_stuck_run_on_the_web(client, staff, stuck_run, django_capture_on_commit_callbacks):
    client.force_login(staff)
    page = client.get(reverse("matchmaking:runs")).content.decode()
    assert "Queue unfinished chunks again" in page and "Cancel" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("matchmaking:restart_run", args=[stuck_run.pk]), follow=True)
    assert f"The unfinished chunks of run #{stuck_run.pk} are queued again." in response.content.decode()
    stuck_run.refresh_from_db()
    assert stuck_run.status == MatchRun.Status.SUCCEEDED


def test_a_cancelled_run_restarts_as_a_new_run(client, staff, stuck_run, django_capture_on_commit_callbacks):
    services.cancel_run(run=stuck_run, by=staff)
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("matchmaking:restart_run", args=[stuck_run.pk]), follow=True)
    new = MatchRun.objects.exclude(pk=stuck_run.pk).get(kind="full")
    assert f"Run #{new.pk} is under way." in response.content.decode()


def test_the_api_cancels_and_restarts(staff, stuck_run, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = api(staff).post(f"/api/v1/match-runs/{stuck_run.pk}/restart/")
    assert response.status_code == 202
    assert response.json()["id"] == stuck_run.pk
    stuck_run.refresh_from_db()
    assert stuck_run.status == MatchRun.Status.SUCCEEDED

    response = api(staff).post(f"/api/v1/match-runs/{stuck_run.pk}/cancel/")
    assert response.status_code == 400
    assert "Only a queued or running match run can be cancelled." in str(response.json())


def test_the_api_cancel_of_a_running_run(staff, stuck_run):
    response = api(staff).post(f"/api/v1/match-runs/{stuck_run.pk}/cancel/")
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"


@pytest.mark.parametrize("who", ["partner", "us_owner", "outsider"])
def test_only_staff_cancel_or_restart(request, client, stuck_run, who):
    user = request.getfixturevalue(who)
    client.force_login(user)
    assert client.post(reverse("matchmaking:cancel_run", args=[stuck_run.pk])).status_code == 403
    assert client.post(reverse("matchmaking:restart_run", args=[stuck_run.pk])).status_code == 403
    assert api(user).post(f"/api/v1/match-runs/{stuck_run.pk}/cancel/").status_code == 403
    assert api(user).post(f"/api/v1/match-runs/{stuck_run.pk}/restart/").status_code == 403
    stuck_run.refresh_from_db()
    assert stuck_run.status == MatchRun.Status.RUNNING


def test_an_unknown_run_is_404_and_get_is_refused(client, staff, stuck_run):
    client.force_login(staff)
    assert client.post(reverse("matchmaking:cancel_run", args=[999999])).status_code == 404
    assert client.get(reverse("matchmaking:cancel_run", args=[stuck_run.pk])).status_code == 405


def test_the_refusal_and_the_buttons_read_in_japanese(client, staff, stuck_run):
    staff.preferred_language = "ja"
    staff.save()
    client.force_login(staff)
    page = client.get(reverse("matchmaking:runs"), HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert "未完了のチャンクを再投入" in page
    services.cancel_run(run=stuck_run, by=staff)
    response = api(staff).post(f"/api/v1/match-runs/{stuck_run.pk}/cancel/", headers={"Accept-Language": "ja"})
    assert response.status_code == 400
    assert "キャンセルできるのは、待機中または実行中のマッチング実行のみです。" in str(response.json())
