"""Scale-out: two worker processes share the chunks of one full run and store what one would."""

import pytest

from matchmaking import services, synthetic
from matchmaking.models import MatchRun, Suggestion

from .conftest import Workers, wait_for

pytestmark = pytest.mark.integration


def listed():
    return list(
        Suggestion.objects.filter(is_active=True)
        .order_by("company_id", "rank")
        .values_list("company_id", "partner_id", "rank", "score", "fit", "reasons", "flags")
    )


def test_two_workers_share_the_chunks_of_a_run_and_store_what_one_process_would(
    postgres_url, own_redis, tmp_path, settings
):
    settings.MATCHMAKING_CHUNK_COMPANIES = 10
    synthetic.store_companies(120, seed=11)
    workers = Workers(
        postgres_url=postgres_url,
        broker_url=own_redis.url(1),
        email_url="consolemail://",
        log_dir=tmp_path,
        name="matcher",
        REDIS_URL=own_redis.url(2),
    )
    try:
        workers.start()
        workers.start()
        assert workers.wait_until_ready(), "the workers did not start"

        run = services.start_full_run()
        assert run.chunks_total == 12
        finished = wait_for(lambda: MatchRun.objects.filter(pk=run.pk, status="succeeded").first(), timeout=120)
        assert finished, f"the run did not finish: {MatchRun.objects.get(pk=run.pk).__dict__}"
    finally:
        workers.stop_all()

    computed_by = list(run.chunks.values_list("computed_by", flat=True))
    assert all(name.startswith(("matcher-0@", "matcher-1@")) for name in computed_by), computed_by
    assert {name.split("@")[0] for name in computed_by} == {"matcher-0", "matcher-1"}, "both workers take chunks"
    assert finished.suggestions_count == Suggestion.objects.filter(is_active=True).count() > 1000

    # One process computing every chunk itself stores the same lists and announces nothing again.
    by_workers = listed()
    again = services.start_full_run(inline=True)
    assert listed() == by_workers
    assert again.new_suggestions_count == 0
