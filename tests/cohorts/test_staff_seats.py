"""Seats cannot be cut below the applications accepted or staged to accept, on the web, in the API, or in a race."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.urls import reverse

from cohorts.models import Application, Cohort
from cohorts.services.cohorts import update_cohort
from cohorts.services.decisions import stage_decision

from ..factories import make_company, make_user
from .conftest import make_cohort, make_submitted
from .fixtures_api import api
from .fixtures_decisions import make_decided
from .test_staff_edit import edit_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_taken(staff, open_cohort, us_application, jp_application):
    """Two accepted and one staged to accept: three of the ten seats are taken."""
    for name in ("Early Bird Inc.", "Second Light LLC"):
        make_decided(open_cohort, make_company(legal_name=name), Application.Status.ACCEPTED)
    stage_decision(application=us_application, decision="accept", by=staff)
    return open_cohort


REFUSAL = (
    "The cohort needs at least 3 seats: 2 accepted and 1 staged to accept. "
    "Clear staged acceptances first to lower the seats."
)


def test_seats_come_down_to_what_is_taken_but_no_further(staff, three_taken):
    update_cohort(cohort=three_taken, seats=3)
    with pytest.raises(ValidationError) as refusal:
        update_cohort(cohort=three_taken, seats=2)
    assert refusal.value.message_dict == {"seats": [REFUSAL]}
    assert Cohort.objects.get(pk=three_taken.pk).seats == 3


def test_the_web_form_refuses_with_the_reason(client, staff, three_taken):
    client.force_login(staff)
    response = client.post(reverse("cohorts:edit", args=[three_taken.slug]), edit_post(three_taken, seats="1"))
    assert response.status_code == 400
    assert REFUSAL in response.content.decode()
    assert Cohort.objects.get(pk=three_taken.pk).seats == 10


def test_the_api_refuses_with_a_400_on_seats(staff, three_taken):
    response = api(staff).patch(f"/api/v1/cohorts/{three_taken.pk}/", {"seats": 1}, format="json")
    assert response.status_code == 400
    assert response.json()["seats"] == [REFUSAL]
    assert Cohort.objects.get(pk=three_taken.pk).seats == 10


def test_the_refusal_reads_in_japanese(three_taken):
    japanese_staff = make_user("staff.ja@accelerator.example", roles=("staff",), preferred_language="ja")
    response = api(japanese_staff).patch(
        f"/api/v1/cohorts/{three_taken.pk}/", {"seats": 1}, format="json", headers={"Accept-Language": "ja"}
    )
    assert response.status_code == 400
    assert response.json()["seats"] == [
        "このコホートには少なくとも3席が必要です（採択済み2件、採択予定1件）。"
        "席数を減らすには、先に採択予定を取り消してください。"
    ]


@pytest.mark.parametrize("who", ["us_owner", "reviewer", "outsider"])
def test_only_staff_change_seats(request, three_taken, who):
    response = api(request.getfixturevalue(who)).patch(
        f"/api/v1/cohorts/{three_taken.pk}/", {"seats": 1}, format="json"
    )
    assert response.status_code == 403
    assert Cohort.objects.get(pk=three_taken.pk).seats == 10


@pytest.mark.django_db(transaction=True)
def test_cutting_seats_while_an_acceptance_is_staged_never_leaves_more_taken_than_seats(
    vocabularies, staff, us_company, jp_company
):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no row locks: run this on PostgreSQL")
    cohort = make_cohort(seats=2)
    first, second = make_submitted(cohort, us_company), make_submitted(cohort, jp_company)
    stage_decision(application=first, decision="accept", by=staff)
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def act(name, action):
        try:
            barrier.wait(timeout=10)
            action()
            outcomes[name] = "done"
        except ValidationError:
            outcomes[name] = "refused"
        finally:
            connections.close_all()

    threads = [
        threading.Thread(
            target=act, args=("seats", lambda: update_cohort(cohort=Cohort.objects.get(pk=cohort.pk), seats=1))
        ),
        threading.Thread(
            target=act, args=("stage", lambda: stage_decision(application=second, decision="accept", by=staff))
        ),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes.values()) == ["done", "refused"]
    cohort.refresh_from_db()
    staged = Application.objects.filter(cohort=cohort, pending_decision="accept").count()
    assert staged <= cohort.seats
