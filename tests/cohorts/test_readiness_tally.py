"""The readiness tally behind the dashboard's readiness picture agrees with the snapshots, and each
application keeps its company's country, whatever happens to the applications and their companies."""

import random

import pytest
from django.db.models import F

from cohorts.models import Application, ReadinessTally, rebuild_readiness_tally
from cohorts.models.readiness import counted_from_snapshots
from cohorts.services.applications import withdraw_application

from ..factories import make_company
from .conftest import make_submitted

pytestmark = pytest.mark.django_db

ITEMS = ("market-research", "customers", "financial-resources")


def tally(cohort) -> dict:
    rows = ReadinessTally.objects.filter(cohort=cohort, applicants__gt=0)
    return {(row.country, row.item, row.answer): row.applicants for row in rows}


def recounted(cohort) -> dict:
    return {(country, item, answer): count for country, item, answer, count in counted_from_snapshots(cohort.pk)}


def snapshot(rng: random.Random) -> dict:
    answers = {item: rng.choice([1, 2, 3, 4, 5, "3", None, 2.5, True]) for item in rng.sample(ITEMS, 2)}
    return {"readiness": answers if rng.random() < 0.9 else None, "profile": {"trl": 5}}


def test_the_tally_counts_submitted_us_and_japanese_answers(open_cohort):
    make_submitted(open_cohort, make_company(country="US"), snapshot={"readiness": {"customers": 4}})
    make_submitted(open_cohort, make_company(country="JP"), snapshot={"readiness": {"customers": "4"}})
    make_submitted(open_cohort, make_company(country="DE"), snapshot={"readiness": {"customers": 4}})
    Application.objects.create(
        cohort=open_cohort, company=make_company(country="US"), snapshot={"readiness": {"customers": 4}}
    )
    assert tally(open_cohort) == {("US", "customers", "4"): 1, ("JP", "customers", "4"): 1}
    assert tally(open_cohort) == recounted(open_cohort)


def test_the_tally_follows_withdrawals_new_snapshots_deletions_and_moves(open_cohort):
    rng = random.Random(15)
    companies = [make_company(country=country) for country in ("US", "JP", "DE", "US", "JP", "US")]
    applications = [make_submitted(open_cohort, company, snapshot=snapshot(rng)) for company in companies[:5]]
    for step in range(60):
        application = rng.choice(applications)
        action = rng.choice(("snapshot", "status", "deferred", "fields", "move", "delete", "reload"))
        if action == "snapshot":
            application.snapshot = snapshot(rng)
            application.save()
        elif action == "status":
            application.status = rng.choice(Application.Status.values)
            application.submitted_at = application.submitted_at or application.created_at
            application.save()
        elif action == "deferred":
            loaded = Application.objects.defer("snapshot").get(pk=application.pk)
            loaded.status = rng.choice((Application.Status.SUBMITTED, Application.Status.WITHDRAWN))
            loaded.save()
            application.refresh_from_db()
        elif action == "fields":
            application.snapshot = snapshot(rng)
            application.status = rng.choice(Application.Status.values)
            application.save(update_fields=["snapshot"])
            application.refresh_from_db()
        elif action == "move":
            company = application.company
            company.country = rng.choice(("US", "JP", "FR"))
            company.save()
        elif action == "delete" and len(applications) > 2:
            applications.remove(application)
            application.delete()
        elif action == "reload":
            applications = list(Application.objects.filter(cohort=open_cohort))
        assert tally(open_cohort) == recounted(open_cohort), f"after step {step}: {action}"
        # The country mix reads the country each application keeps of its company.
        assert not Application.objects.exclude(company_country=F("company__country")).exists()
    company = companies[5]
    make_submitted(open_cohort, company, snapshot={"readiness": {"customers": 5}})
    company.delete()
    assert tally(open_cohort) == recounted(open_cohort)


def test_withdrawing_takes_the_answers_out(open_cohort, us_company, us_owner):
    application = make_submitted(open_cohort, us_company, by=us_owner, snapshot={"readiness": {"customers": 2}})
    assert tally(open_cohort) == {("US", "customers", "2"): 1}
    withdraw_application(application=Application.objects.get(pk=application.pk), user=us_owner)
    assert tally(open_cohort) == {}


def test_a_rebuild_counts_rows_written_in_bulk(open_cohort):
    Application.objects.bulk_create(
        Application(
            cohort=open_cohort,
            company=make_company(country=country),
            status=Application.Status.SUBMITTED,
            submitted_at=open_cohort.opens_at,
            snapshot={"readiness": {"customers": 3}},
        )
        for country in ("US", "JP", "US")
    )
    assert tally(open_cohort) == {}
    rebuild_readiness_tally([open_cohort])
    assert tally(open_cohort) == {("US", "customers", "3"): 2, ("JP", "customers", "3"): 1}
