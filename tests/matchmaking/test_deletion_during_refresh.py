"""A company deleted while suggestions naming it are being computed: no error, no stale pair."""

import threading

import pytest
from django.db import connection, connections, transaction

from accelerator.companies.models import Company
from accelerator.companies.services import delete_company
from matchmaking import services
from matchmaking.models import MatchRun, Suggestion
from matchmaking.profiles import load_population
from matchmaking.services import runs


def naming(company_id: int):
    return Suggestion.objects.filter(company_id=company_id) | Suggestion.objects.filter(partner_id=company_id)


@pytest.fixture
def stale_population(monkeypatch):
    """Every profile as read now, served to the runs that store after a deletion."""

    def freeze():
        snapshot = load_population()
        monkeypatch.setattr(runs, "load_population", lambda: snapshot)

    return freeze


@pytest.mark.django_db
def test_a_refresh_computed_before_a_deletion_leaves_the_deleted_company_out(matched, staff, stale_population):
    us, jp = matched["us"], matched["jp"]
    assert naming(jp.pk).filter(company=us).exists()
    stale_population()
    delete_company(company=jp, by=staff)

    with transaction.atomic():
        run = services.refresh_company(company_id=us.pk)

    assert run.status == MatchRun.Status.SUCCEEDED
    assert not naming(jp.pk).exists()


@pytest.mark.django_db
def test_a_full_run_finishes_without_a_company_deleted_while_it_ran(market, staff, settings, stale_population):
    settings.MATCHMAKING_CHUNK_COMPANIES = 2
    stale_population()
    run = runs._create_full_run(triggered_by=None, queue_chunks=False)
    delete_company(company=market["jp"], by=staff)

    for chunk in run.chunks.order_by("index"):
        services.compute_run_chunk(run_id=run.pk, index=chunk.index)

    run.refresh_from_db()
    assert run.status == MatchRun.Status.SUCCEEDED
    assert not naming(market["jp"].pk).exists()


def _in_thread(target, outcomes, name):
    def run():
        try:
            target()
            outcomes[name] = "ok"
        except Exception as error:  # the test reports whatever either side raised
            outcomes[name] = repr(error)
        finally:
            connections.close_all()

    return threading.Thread(target=run)


@pytest.mark.django_db(transaction=True)
def test_a_deletion_that_locked_first_makes_the_refresh_wait_then_leave_it_out(
    vocabularies, matched, staff, stale_population
):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no row locks: run this on PostgreSQL")
    us, jp = matched["us"], matched["jp"]
    stale_population()
    deleted, finish = threading.Event(), threading.Event()
    outcomes: dict[str, str] = {}

    def delete():
        with transaction.atomic():
            delete_company(company=jp, by=staff)
            deleted.set()
            finish.wait(timeout=20)

    def refresh():
        deleted.wait(timeout=20)
        services.refresh_company(company_id=us.pk)

    threads = [_in_thread(delete, outcomes, "delete"), _in_thread(refresh, outcomes, "refresh")]
    for thread in threads:
        thread.start()
    deleted.wait(timeout=20)
    threads[1].join(timeout=2)
    assert threads[1].is_alive(), "the refresh waits for the deletion to commit"
    finish.set()
    for thread in threads:
        thread.join(timeout=30)

    assert outcomes == {"delete": "ok", "refresh": "ok"}
    assert not Company.objects.filter(pk=jp.pk).exists()
    assert not naming(jp.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_a_refresh_that_locked_first_makes_the_deletion_wait_then_take_the_new_rows(
    vocabularies, matched, staff, stale_population, monkeypatch
):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no row locks: run this on PostgreSQL")
    us, jp = matched["us"], matched["jp"]
    Suggestion.objects.filter(company=us, partner=jp).delete()  # the refresh will insert this pair anew
    stale_population()
    stored, finish = threading.Event(), threading.Event()
    outcomes: dict[str, str] = {}
    announce = runs.announce_suggestions

    def announce_and_hold(suggestions):
        announce(suggestions)
        stored.set()
        finish.wait(timeout=20)

    monkeypatch.setattr(runs, "announce_suggestions", announce_and_hold)

    def refresh():
        services.refresh_company(company_id=us.pk)

    def delete():
        stored.wait(timeout=20)
        delete_company(company=jp, by=staff)

    threads = [_in_thread(refresh, outcomes, "refresh"), _in_thread(delete, outcomes, "delete")]
    for thread in threads:
        thread.start()
    stored.wait(timeout=20)
    threads[1].join(timeout=2)
    assert threads[1].is_alive(), "the deletion waits for the refresh to commit"
    finish.set()
    for thread in threads:
        thread.join(timeout=30)

    assert outcomes == {"refresh": "ok", "delete": "ok"}
    assert not Company.objects.filter(pk=jp.pk).exists()
    assert not naming(jp.pk).exists()
