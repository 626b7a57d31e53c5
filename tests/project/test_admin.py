import pytest
from django.urls import reverse

from cohorts.services.reviews import assign_reviewer
from matchmaking import services as matchmaking_services

from ..cohorts.conftest import make_cohort, make_submitted

pytestmark = pytest.mark.django_db

CHANGELISTS = [
    "cohorts_cohort",
    "cohorts_application",
    "cohorts_review",
    "cohorts_reviewassignment",
    "cohorts_conflict",
    "cohorts_message",
    "cohorts_statuschange",
    "matchmaking_matchrun",
    "matchmaking_suggestion",
    "matchmaking_introduction",
    "matchmaking_inboxitem",
    "matchmaking_digestsetting",
]


@pytest.fixture
def program(us_company, jp_company, us_owner, staff, reviewer):
    cohort = make_cohort()
    application = make_submitted(cohort, us_company, by=us_owner)
    assign_reviewer(application=application, reviewer=reviewer, by=staff)
    matchmaking_services.start_full_run(inline=True)
    return application


def test_the_index_shows_each_section_once(client, admin_user):
    client.force_login(admin_user)
    html = client.get(reverse("admin:index")).text
    assert html.count(">Accounts<") == 1
    assert ">Users<" in html and ">Cohorts<" in html and ">Matchmaking<" in html


@pytest.mark.parametrize("changelist", CHANGELISTS)
def test_cohort_and_matchmaking_lists_open(client, admin_user, program, changelist):
    client.force_login(admin_user)
    response = client.get(reverse(f"admin:{changelist}_changelist"))
    assert response.status_code == 200
    assert 'id="changelist"' in response.text


def test_the_application_list_filters_by_cohort_and_status(client, admin_user, program):
    make_submitted(make_cohort(slug="cohort-2028"), program.company)
    client.force_login(admin_user)
    page = client.get(reverse("admin:cohorts_application_changelist"), {"cohort__id__exact": program.cohort_id}).text
    assert 'id="changelist-filter"' in page
    assert "Orbitworks Analytics Inc." in page


def test_an_application_is_read_only_with_its_history(client, admin_user, program):
    client.force_login(admin_user)
    page = client.get(reverse("admin:cohorts_application_change", args=[program.pk])).text
    assert "Orbitworks Analytics Inc." in page
    assert 'name="_save"' not in page
    response = client.post(reverse("admin:cohorts_application_change", args=[program.pk]), {"status": "accepted"})
    assert response.status_code == 403
    program.refresh_from_db()
    assert program.status == "submitted"


def test_program_staff_without_admin_rights_are_kept_out(client, us_owner):
    client.force_login(us_owner)
    response = client.get(reverse("admin:cohorts_application_changelist"))
    assert response.status_code == 302
