"""Full and incremental runs: what lands in each company's list, and that it lands once."""

import pytest
from django.core.exceptions import PermissionDenied

from accelerator.companies import services as company_services
from accelerator.companies.models import CapabilityTag
from matchmaking import services
from matchmaking.models import InboxItem, MatchRun, RunResult, Suggestion
from matchmaking.services import runs

pytestmark = pytest.mark.django_db


def partners_of(company):
    return list(
        Suggestion.objects.filter(company=company, is_active=True)
        .order_by("rank")
        .values_list("partner__legal_name", flat=True)
    )


def test_complementary_companies_are_suggested_to_each_other_with_reasons(matched):
    assert partners_of(matched["us"])[0] == "Hoshi SAR K.K."
    # Both fill a need of Hoshi's both ways: the prime offers U.S. market access and buys SAR imagery.
    assert set(partners_of(matched["jp"])[:2]) == {"Orbitworks Analytics Inc.", "Prime Meridian Space Systems Inc."}
    suggestion = Suggestion.objects.get(company=matched["us"], partner=matched["jp"])
    kinds = {reason["kind"]: reason for reason in suggestion.reasons}
    assert "offers_need" not in kinds  # Hoshi needs no image analytics
    assert kinds["needs_offer"]["codes"] == ["sar-imagery"]
    assert kinds["segments"]["codes"] == ["earth-observation"]
    assert "binational" not in kinds  # shown as a badge
    assert not suggestion.mutual and 0 < suggestion.fit <= 100  # only Orbitworks gains


def test_a_run_records_its_progress_and_history(matched):
    run = MatchRun.objects.get()
    assert run.kind == MatchRun.Kind.FULL and run.status == MatchRun.Status.SUCCEEDED
    assert run.progress == 100 and run.chunks_done == run.chunks_total == 1
    assert run.companies_count == 6
    assert run.suggestions_count == Suggestion.objects.filter(is_active=True).count() > 0
    assert run.finished_at >= run.started_at
    assert not RunResult.objects.exists()


def test_partner_organisations_see_startups_only(matched):
    assert "Fuji Heavy Space Industries Co., Ltd." not in partners_of(matched["prime"])
    assert "Prime Meridian Space Systems Inc." not in partners_of(matched["big_jp"])
    assert partners_of(matched["prime"])[0] == "Nihon Precision Components Co., Ltd."
    # Startups see partner organisations.
    assert "Prime Meridian Space Systems Inc." in partners_of(matched["machining"])


def test_export_control_friction_is_a_flag_not_an_exclusion(matched):
    suggestion = Suggestion.objects.get(company=matched["prime"], partner=matched["machining"])
    assert suggestion.flags == [{"kind": "itar", "side": "source", "step": "licence_or_taa"}]
    assert suggestion.flag_kinds == "itar"


def test_an_empty_profile_gets_no_suggestions_and_is_suggested_to_nobody(matched):
    assert partners_of(matched["empty"]) == []
    assert not Suggestion.objects.filter(partner=matched["empty"]).exists()


def test_running_twice_gives_the_same_suggestions_without_duplicates(matched):
    before = list(Suggestion.objects.order_by("pk").values_list("pk", "company", "partner", "rank", "score"))
    items = InboxItem.objects.count()
    run = services.start_full_run(inline=True)
    assert run.new_suggestions_count == 0
    after = list(Suggestion.objects.order_by("pk").values_list("pk", "company", "partner", "rank", "score"))
    assert after == before
    assert InboxItem.objects.count() == items


def test_new_suggestions_reach_each_member_once(matched, us_owner, member):
    suggestion = Suggestion.objects.get(company=matched["us"], partner=matched["jp"])
    for user in (us_owner, member):
        assert InboxItem.objects.filter(user=user, suggestion=suggestion, kind="suggestion").count() == 1


def test_readers_never_see_half_a_run(market, settings):
    settings.MATCHMAKING_CHUNK_COMPANIES = 2
    run = runs._create_full_run(triggered_by=None, queue_chunks=False)
    assert run.chunks_total == 3
    services.compute_run_chunk(run_id=run.pk, index=0)
    services.compute_run_chunk(run_id=run.pk, index=1)
    run.refresh_from_db()
    assert (run.chunks_done, run.progress, run.status) == (2, 67, MatchRun.Status.RUNNING)
    assert not Suggestion.objects.exists(), "nothing is visible before the last chunk"
    services.compute_run_chunk(run_id=run.pk, index=2)
    run.refresh_from_db()
    assert run.status == MatchRun.Status.SUCCEEDED
    assert Suggestion.objects.filter(is_active=True).count() == run.suggestions_count > 0


def test_a_chunk_repeated_after_a_crash_is_not_counted_twice(market, settings):
    settings.MATCHMAKING_CHUNK_COMPANIES = 3
    run = runs._create_full_run(triggered_by=None, queue_chunks=False)
    assert services.compute_run_chunk(run_id=run.pk, index=0) is True
    assert services.compute_run_chunk(run_id=run.pk, index=0) is False
    services.compute_run_chunk(run_id=run.pk, index=1)
    services.compute_run_chunk(run_id=run.pk, index=1)
    run.refresh_from_db()
    assert run.chunks_done == 2 and run.status == MatchRun.Status.SUCCEEDED
    stored = Suggestion.objects.count()
    services.finish_run(run_id=run.pk)
    assert Suggestion.objects.count() == stored


def test_a_second_full_run_waits_for_the_first(market):
    first = runs._create_full_run(triggered_by=None, queue_chunks=False)
    assert services.start_full_run() == first


def test_a_dismissed_suggestion_stays_hidden_until_a_profile_changes_materially(matched, us_owner):
    suggestion = Suggestion.objects.get(company=matched["us"], partner=matched["jp"])
    services.dismiss_suggestion(suggestion=suggestion, user=us_owner, reason="already_known")
    services.start_full_run(inline=True)
    assert Suggestion.objects.get(pk=suggestion.pk).status == Suggestion.Status.DISMISSED

    # Wording only: not material.
    company_services.update_company(company=matched["jp"], description_en="SAR satellites, now twelve of them.")
    services.refresh_company(company_id=matched["jp"].pk)
    assert Suggestion.objects.get(pk=suggestion.pk).status == Suggestion.Status.DISMISSED

    company_services.update_capability_profile(
        company=matched["jp"], offers=CapabilityTag.objects.filter(code__in=["sar-imagery", "optical-imagery"])
    )
    services.refresh_company(company_id=matched["jp"].pk)
    assert Suggestion.objects.get(pk=suggestion.pk).status == Suggestion.Status.NEW


def test_refreshing_one_company_updates_its_list_and_the_lists_it_enters(matched):
    newcomer = matched["empty"]
    company_services.update_capability_profile(
        company=newcomer,
        offers=CapabilityTag.objects.filter(code="image-analytics"),
        needs=CapabilityTag.objects.filter(code="sar-imagery"),
        segments=[],
        trl=6,
    )
    run = services.refresh_company(company_id=newcomer.pk)
    assert run.kind == MatchRun.Kind.COMPANY and run.status == MatchRun.Status.SUCCEEDED
    assert "Hoshi SAR K.K." in partners_of(newcomer)
    assert "Newcomer Orbital LLC" in partners_of(matched["jp"])


def test_a_company_emptied_leaves_the_lists_it_was_in(matched):
    company_services.update_capability_profile(
        company=matched["jp"], offers=[], needs=[], segments=[], technology_areas=[], trl=None
    )
    services.refresh_company(company_id=matched["jp"].pk)
    assert partners_of(matched["jp"]) == []
    assert "Hoshi SAR K.K." not in partners_of(matched["us"])


def test_saving_a_partner_lifts_partners_in_its_segments(matched, partner):
    prime = matched["prime"]
    hoshi = Suggestion.objects.get(company=prime, partner=matched["jp"])
    services.save_suggestion(suggestion=hoshi, user=partner)
    services.start_full_run(inline=True)
    # Hoshi works in one segment (Earth observation): the prime now leans +1 towards it.
    assert Suggestion.objects.get(pk=hoshi.pk).score == pytest.approx(hoshi.score + services.FEEDBACK_WEIGHT)
    # The other side's ranking is its own: unchanged.
    reverse = Suggestion.objects.get(company=matched["jp"], partner=prime)
    assert reverse.score == pytest.approx(hoshi.score)


def test_only_members_act_on_a_suggestion(matched, outsider, staff):
    suggestion = Suggestion.objects.get(company=matched["us"], partner=matched["jp"])
    for user in (outsider, staff):
        with pytest.raises(PermissionDenied):
            services.save_suggestion(suggestion=suggestion, user=user)
    assert Suggestion.objects.get(pk=suggestion.pk).status == Suggestion.Status.NEW
