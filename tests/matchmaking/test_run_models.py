"""A full run fits its text and concept models once, for all its chunks, and refreshes reuse them."""

from datetime import timedelta

import pytest

from accelerator.companies.models import CapabilityTag
from matchmaking import engine, services, snapshots, synthetic
from matchmaking.models import InboxItem, MatchRun, MatchRunChunk, Suggestion

from ..factories import make_company

pytestmark = pytest.mark.django_db


@pytest.fixture
def fits(monkeypatch):
    """Counts the times the models are fitted."""
    calls = []
    build = engine.build_features

    def counted(*args, **kwargs):
        calls.append(1)
        return build(*args, **kwargs)

    monkeypatch.setattr(engine, "build_features", counted)
    return calls


def listed():
    return list(
        Suggestion.objects.filter(is_active=True)
        .order_by("company_id", "rank")
        .values_list("company_id", "partner_id", "rank", "score", "fit", "mutual", "reasons", "flags")
    )


def test_a_run_fits_once_and_every_chunk_reads_the_stored_models(market, settings, fits):
    settings.MATCHMAKING_CHUNK_COMPANIES = 2
    run = MatchRun.objects.create(kind="full", status="running")
    for index, (first, last) in enumerate([(0, market["jp"].pk), (market["jp"].pk + 1, 10**9)]):
        MatchRunChunk.objects.create(run=run, index=index, first_company_id=first, last_company_id=last)
    run.chunks_total = 2
    run.save()

    services.compute_run_chunk(run_id=run.pk, index=0, worker="first@host")
    snapshots._loaded.clear()  # the next chunk runs on a worker that has not seen the run
    services.compute_run_chunk(run_id=run.pk, index=1, worker="second@host")

    assert len(fits) == 1
    assert list(run.chunks.values_list("computed_by", flat=True)) == ["first@host", "second@host"]
    run.refresh_from_db()
    assert run.status == MatchRun.Status.SUCCEEDED and run.suggestions_count > 0


def test_a_refresh_reads_the_last_runs_models_even_after_a_company_joined(matched, fits, jp_owner):
    snapshots._loaded.clear()
    newcomer = make_company(
        owner=jp_owner,
        legal_name="Tsuki Analytics K.K.",
        country="JP",
        offers=("image-analytics",),
        needs=("sar-imagery",),
        trl=6,
    )
    run = services.refresh_company(company_id=newcomer.pk)
    assert run.status == MatchRun.Status.SUCCEEDED
    assert fits == []
    assert Suggestion.objects.filter(company=newcomer, partner=matched["jp"], is_active=True).exists()
    assert InboxItem.objects.filter(user=jp_owner, suggestion__company=newcomer).exists()


def test_chunk_sizes_do_not_change_the_suggestions(settings):
    synthetic.store_companies(120, seed=11)
    settings.MATCHMAKING_CHUNK_COMPANIES = 500
    services.start_full_run(inline=True)
    first = listed()
    assert len(first) > 1000

    settings.MATCHMAKING_CHUNK_COMPANIES = 5
    run = services.start_full_run(inline=True)
    assert run.chunks_total == 24
    assert listed() == first
    assert run.new_suggestions_count == 0, "an unchanged suggestion is never announced again"


def test_a_change_during_a_run_is_refreshed_after_it(market, settings, monkeypatch):
    settings.MATCHMAKING_CHUNK_COMPANIES = 2
    refreshed = []
    monkeypatch.setattr(services.runs, "schedule_refresh", lambda *, company_id: refreshed.append(company_id))
    run = services.runs._create_full_run(triggered_by=None, queue_chunks=False)
    services.compute_run_chunk(run_id=run.pk, index=0)
    from accelerator.companies import services as company_services

    company_services.update_capability_profile(
        company=market["empty"], offers=CapabilityTag.objects.filter(code="image-analytics")
    )
    services.compute_run_chunk(run_id=run.pk, index=1)
    services.compute_run_chunk(run_id=run.pk, index=2)
    run.refresh_from_db()
    assert run.status == MatchRun.Status.SUCCEEDED
    assert refreshed == [market["empty"].pk]


@pytest.mark.parametrize("end", ["cancel", "fail"])
def test_a_run_that_will_not_finish_leaves_no_stored_models(
    market, settings, staff, end, django_capture_on_commit_callbacks
):
    settings.MATCHMAKING_CHUNK_COMPANIES = 2
    run = services.runs._create_full_run(triggered_by=None, queue_chunks=False)
    services.compute_run_chunk(run_id=run.pk, index=0)
    assert snapshots.load(run) is not None
    assert run.results.exists()

    with django_capture_on_commit_callbacks(execute=True):
        if end == "cancel":
            services.cancel_run(run=run, by=staff)
        else:
            services.fail_run(run_id=run.pk, error="worker lost")

    snapshots._loaded.clear()
    assert snapshots.load(run) is None
    assert not list(settings.MATCHMAKING_RUN_DIR.glob(f"run-{run.pk}-*"))
    assert not run.results.exists()


def test_a_chunk_computed_while_its_run_was_cancelled_keeps_nothing(
    market, settings, staff, monkeypatch, django_capture_on_commit_callbacks
):
    settings.MATCHMAKING_CHUNK_COMPANIES = 2
    run = services.runs._create_full_run(triggered_by=None, queue_chunks=False)
    compute = services.runs.compute

    def cancelled_meanwhile(*args, **kwargs):
        results = compute(*args, **kwargs)
        with django_capture_on_commit_callbacks(execute=True):
            services.cancel_run(run=run, by=staff)
        return results

    monkeypatch.setattr(services.runs, "compute", cancelled_meanwhile)
    assert services.compute_run_chunk(run_id=run.pk, index=0) is False

    snapshots._loaded.clear()
    assert not run.results.exists()
    assert snapshots.load(run) is None
    assert not run.chunks.filter(done_at__isnull=False).exists()


def test_a_chunk_computed_twice_keeps_the_models_of_the_run_it_finished(market, settings, monkeypatch):
    settings.MATCHMAKING_CHUNK_COMPANIES = 2
    run = services.runs._create_full_run(triggered_by=None, queue_chunks=False)
    last = run.chunks.count() - 1
    for index in range(last):
        services.compute_run_chunk(run_id=run.pk, index=index)
    compute = services.runs.compute
    other_worker: list = []

    def meanwhile_another_worker_finishes_the_run(*args, **kwargs):
        if not other_worker:
            other_worker.append(None)
            other_worker[0] = services.compute_run_chunk(run_id=run.pk, index=last)
        return compute(*args, **kwargs)

    monkeypatch.setattr(services.runs, "compute", meanwhile_another_worker_finishes_the_run)
    assert services.compute_run_chunk(run_id=run.pk, index=last) is False

    run.refresh_from_db()
    assert other_worker == [True] and run.status == MatchRun.Status.SUCCEEDED
    snapshots._loaded.clear()
    assert snapshots.load(run) is not None, "refreshes start from the finished run's models"


def test_a_stored_snapshot_belongs_to_its_run_only(matched):
    run = MatchRun.objects.get()
    snapshots._loaded.clear()
    assert snapshots.load(run) is not None
    # A database recreated or restored reuses run ids: the same id made at another time
    # must fit its own models, not read another population's.
    namesake = MatchRun(pk=run.pk, created_at=run.created_at + timedelta(seconds=1))
    assert snapshots.load(namesake) is None
