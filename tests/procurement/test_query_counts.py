"""The fit page, the saved list and the alerts take the same number of queries however many rows they show."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from procurement.models import Alert, Opportunity, ProcurementProfile, SavedOpportunity
from procurement.services.importing import import_file

from .conftest import sam_notice, sam_response

WORDS = ["SAR imagery", "launch services", "star trackers", "debris tracking", "ground station antenna time"]


def _more_notices(count: int, start: int = 0) -> None:
    notices = [
        sam_notice(
            f"extra{start + i}",
            title=f"{WORDS[i % len(WORDS)].capitalize()} for mission {start + i}",
            naicsCode=["541370", "336414", "517410"][i % 3],
            description="Technical data is subject to ITAR." if i % 4 == 0 else "Open to all offerors.",
        )
        for i in range(count)
    ]
    import_file(source="sam", stream=sam_response(*notices))


def _queries(client, url, **params) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params).status_code == 200
    return len(captured.captured_queries)


def test_the_fit_page_takes_the_same_queries_however_many_notices_it_ranks(
    client, jp_owner, jp_company, demo_opportunities
):
    ProcurementProfile.objects.create(company=jp_company, naics_codes=["541370"], unified_qualification_grade="B")
    client.force_login(jp_owner)
    url = reverse("procurement:fit")
    client.get(url)
    few = _queries(client, url)
    _more_notices(60)
    many = _queries(client, url)
    assert many == few
    page = client.get(url)
    assert len(page.context["fits"]) > 10
    assert few <= 20


@pytest.mark.parametrize("language", ["en", "ja"])
def test_the_saved_page_takes_the_same_queries_however_many_notices_are_saved(client, jp_owner, language):
    jp_owner.preferred_language = language
    jp_owner.save()
    _more_notices(3)
    client.force_login(jp_owner)
    url = reverse("procurement:saved")
    for opportunity in Opportunity.objects.all():
        SavedOpportunity.objects.create(user=jp_owner, opportunity=opportunity)
    few = _queries(client, url)
    _more_notices(30, start=100)
    for opportunity in Opportunity.objects.filter(saved_by__isnull=True):
        SavedOpportunity.objects.create(user=jp_owner, opportunity=opportunity)
    assert _queries(client, url) == few


def test_the_alerts_take_the_same_queries_however_many_there_are(client, jp_owner):
    _more_notices(3)
    client.force_login(jp_owner)
    url = reverse("procurement:alerts")
    for opportunity in Opportunity.objects.all():
        Alert.objects.create(user=jp_owner, opportunity=opportunity, kind=Alert.Kind.NEW_MATCH)
    few = _queries(client, url)
    _more_notices(20, start=100)
    for opportunity in Opportunity.objects.exclude(alerts__user=jp_owner):
        Alert.objects.create(user=jp_owner, opportunity=opportunity, kind=Alert.Kind.NEW_MATCH)
    assert _queries(client, url) == few
