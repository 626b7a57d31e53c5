"""/api/v1/matches/, /api/v1/introductions/ and /api/v1/match-runs/, scoped by role."""

import pytest
from rest_framework.test import APIClient

from matchmaking.models import Introduction, MatchRun, Suggestion

pytestmark = pytest.mark.django_db


def api(user=None) -> APIClient:
    client = APIClient()
    if user:
        client.force_authenticate(user)
    return client


def test_matches_are_those_of_the_users_companies(partner, matched):
    response = api(partner).get("/api/v1/matches/")
    assert response.status_code == 200
    results = response.json()["results"]
    assert {item["company"]["name"] for item in results} == {"Prime Meridian Space Systems Inc."}
    top = results[0]
    assert top["partner"]["name"] == "Nihon Precision Components Co., Ltd." and top["rank"] == 1
    offers = next(reason for reason in top["reasons"] if reason["kind"] == "offers_need")
    assert offers["codes"] == ["us-market-access"]
    assert offers["text"].startswith("Prime Meridian Space Systems Inc. offers access to U.S. government")
    assert top["flags"][0]["kind"] == "itar" and top["flags"][0]["step"] == "licence_or_taa"
    assert 0 < top["fit"] <= 100 and isinstance(top["mutual"], bool)
    assert all("concepts" in reason for reason in top["reasons"])


def test_reasons_come_in_the_users_language(jp_owner, matched):
    results = api(jp_owner).get("/api/v1/matches/").json()["results"]
    assert results and all(item["company"]["name"] == "株式会社ほしSAR" for item in results)
    assert any("SAR衛星" in reason["text"] for item in results for reason in item["reasons"])


def test_staff_see_every_companys_matches_and_outsiders_none(staff, outsider, matched):
    everyone = api(staff).get("/api/v1/matches/", {"page_size": 100}).json()
    assert everyone["count"] == Suggestion.objects.filter(is_active=True).exclude(status="dismissed").count()
    assert api(staff).get("/api/v1/matches/", {"company": matched["us"].pk}).json()["count"] > 0
    assert api(outsider).get("/api/v1/matches/").json()["count"] == 0
    assert api().get("/api/v1/matches/").status_code in (401, 403)


def test_another_companys_match_is_404_to_read_and_to_act_on(outsider, matched):
    suggestion = Suggestion.objects.get(company=matched["prime"], partner=matched["jp"])
    client = api(outsider)
    assert client.get(f"/api/v1/matches/{suggestion.pk}/").status_code == 404
    assert client.post(f"/api/v1/matches/{suggestion.pk}/save/").status_code == 404
    assert client.post(f"/api/v1/matches/{suggestion.pk}/introduce/", {"message": "Hi"}).status_code == 404
    assert Suggestion.objects.get(pk=suggestion.pk).status == "new"


def test_save_dismiss_and_introduce(partner, jp_owner, outsider, matched):
    suggestion = Suggestion.objects.get(company=matched["prime"], partner=matched["jp"])
    client = api(partner)
    assert client.post(f"/api/v1/matches/{suggestion.pk}/save/").json()["status"] == "saved"
    bad = client.post(f"/api/v1/matches/{suggestion.pk}/dismiss/", {"reason": "meh"}, format="json")
    assert bad.status_code == 400 and "reason" in bad.json()
    assert client.post(f"/api/v1/matches/{suggestion.pk}/dismiss/", {"reason": "too_early"}).json()["status"] == (
        "dismissed"
    )
    assert client.get("/api/v1/matches/", {"status": "dismissed"}).json()["count"] == 1
    client.post(f"/api/v1/matches/{suggestion.pk}/restore/")

    response = client.post(f"/api/v1/matches/{suggestion.pk}/introduce/", {"message": "SAR for the Navy?"})
    assert response.status_code == 201
    data = response.json()
    assert data["status"] == "pending" and data["requester_contact"] is None
    again = client.post(f"/api/v1/matches/{suggestion.pk}/introduce/", {"message": "Hello?"})
    assert again.status_code == 400

    introduction_url = f"/api/v1/introductions/{data['id']}/"
    assert api(outsider).get(introduction_url).status_code == 404
    assert api(partner).post(introduction_url + "accept/").status_code == 403
    accepted = api(jp_owner).post(introduction_url + "accept/", {"note": "Our CTO will join."})
    assert accepted.status_code == 200
    assert accepted.json()["answer_note"] == "Our CTO will join."
    assert api(partner).get(introduction_url).json()["answer_note"] == "Our CTO will join."
    assert accepted.json()["requester_contact"]["email"] == partner.email
    assert accepted.json()["recipient_contact"]["email"] == jp_owner.email
    assert api(partner).get(introduction_url).json()["recipient_contact"]["email"] == jp_owner.email
    twice = api(jp_owner).post(introduction_url + "decline/", {"reason": "timing"})
    assert twice.status_code == 400
    assert Introduction.objects.get().status == "accepted"


def test_introductions_list_is_scoped(partner, us_owner, staff, matched):
    suggestion = Suggestion.objects.get(company=matched["prime"], partner=matched["jp"])
    api(partner).post(f"/api/v1/matches/{suggestion.pk}/introduce/", {"message": "Hello"})
    assert api(partner).get("/api/v1/introductions/").json()["count"] == 1
    assert api(us_owner).get("/api/v1/introductions/").json()["count"] == 0
    assert api(staff).get("/api/v1/introductions/").json()["count"] == 1


def test_match_runs_are_for_staff(partner, staff, market, django_capture_on_commit_callbacks):
    assert api(partner).get("/api/v1/match-runs/").status_code == 403
    assert api(partner).post("/api/v1/match-runs/").status_code == 403
    assert not MatchRun.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = api(staff).post("/api/v1/match-runs/")
    assert response.status_code == 202
    run = api(staff).get(f"/api/v1/match-runs/{response.json()['id']}/").json()
    assert run["status"] == "succeeded" and run["progress"] == 100 and run["suggestions_count"] > 0
