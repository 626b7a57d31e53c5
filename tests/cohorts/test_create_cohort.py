import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from cohorts.models import Cohort

from .conftest import make_cohort


def test_it_gives_a_new_cohort_the_default_rubric(db):
    cohort = make_cohort()
    assert [c.code for c in cohort.criteria.all()] == [
        "technology",
        "team",
        "business-value",
        "market-readiness",
        "compliance-readiness",
    ]
    with translation.override("ja"):
        assert cohort.name == "日米コホート2027"
        assert cohort.criteria.get(code="team").label == "チーム"


def test_it_accepts_applications_only_while_open(open_cohort, closed_cohort):
    assert open_cohort.is_accepting_applications()
    assert open_cohort.time_left is not None
    assert not closed_cohort.is_accepting_applications()
    assert closed_cohort.time_left is None


def test_it_rejects_a_window_that_closes_before_it_opens(db):
    with pytest.raises(ValidationError) as error:
        make_cohort(opens_in_days=3, closes_in_days=1)
    assert "Applications must close after they open." in str(error.value)
    assert not Cohort.objects.exists()


def test_it_rejects_a_country_mix_over_100_percent(db):
    with pytest.raises(ValidationError):
        make_cohort(min_share_us=60, min_share_jp=60)
    assert not Cohort.objects.exists()


def test_it_keeps_the_site_s_own_addresses_free(db):
    with pytest.raises(ValidationError) as error:
        make_cohort(slug="staff")
    assert "used by the site itself" in str(error.value)
    assert not Cohort.objects.exists()
