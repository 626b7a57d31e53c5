from io import StringIO

import pytest
from django.core.management import call_command

from accelerator.companies import services as company_services
from matchmaking.models import MatchRun

pytestmark = pytest.mark.django_db


def match_all(*args) -> str:
    out = StringIO()
    call_command("match_all", *args, stdout=out)
    return out.getvalue()


def test_it_matches_everyone_and_reports(market):
    assert "Match run #" in match_all()
    assert MatchRun.objects.filter(kind="full", status="succeeded").count() == 1


def test_a_restart_skips_matching_when_nothing_changed(market):
    match_all()
    assert "Suggestions are current" in match_all("--skip-if-current")
    assert MatchRun.objects.filter(kind="full").count() == 1


def test_a_changed_profile_is_matched_again(market):
    match_all()
    company_services.update_company(company=market["us"], description_en="Now with optical imagery too.")
    assert "Match run #" in match_all("--skip-if-current")
    assert MatchRun.objects.filter(kind="full").count() == 2


def test_a_new_company_is_matched_again(market, jp_owner):
    from ..factories import make_company

    match_all()
    make_company(owner=jp_owner, legal_name="Tsuki Rovers K.K.", country="JP", trl=5)
    assert "Match run #" in match_all("--skip-if-current")


def test_no_run_yet_means_a_run(market):
    assert "Match run #" in match_all("--skip-if-current")
