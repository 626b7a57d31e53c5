"""Mentors edit their own profile: expertise, languages, zone, capacity, pause and conflicts."""

import pytest
from django.urls import reverse

from accelerator.companies.models import Company
from cohorts.models import MentorConflict, MentorProfile

from .fixtures_api import api

FORM = {
    "country": "JP",
    "time_zone": "Asia/Tokyo",
    "english": "business",
    "japanese": "native",
    "bio_ja": "JAXAで20年、衛星の量産に携わりました。",
    "functional_expertise": [],
    "capacity": "3",
}


def test_mentor_fills_in_their_profile(client, mentor, jp_company):
    from cohorts.models import FunctionalExpertise

    client.force_login(mentor)
    assert client.get(reverse("cohorts:mentor_profile")).status_code == 200
    manufacturing = FunctionalExpertise.objects.get(code="manufacturing-scale-up")
    response = client.post(
        reverse("cohorts:mentor_profile"),
        {**FORM, "functional_expertise": [manufacturing.pk], "advises": [jp_company.pk]},
    )
    assert response.status_code == 302
    profile = MentorProfile.objects.get(user=mentor)
    assert (profile.side, profile.capacity, profile.time_zone) == ("jp", 3, "Asia/Tokyo")
    assert list(profile.functional_expertise.all()) == [manufacturing]
    assert MentorConflict.objects.get().company == jp_company


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"capacity": "0"}, "1"),
        ({"english": "none", "japanese": "none"}, "Give your level in English, Japanese or both."),
        ({"bio_ja": ""}, "Write a short biography"),
        ({"time_zone": "Mars/Olympus"}, "Select a valid choice"),
    ],
)
def test_bad_profiles_are_refused(client, mentor, change, message):
    client.force_login(mentor)
    response = client.post(reverse("cohorts:mentor_profile"), {**FORM, **change})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not MentorProfile.objects.exists()


def test_a_company_cannot_be_both_invested_in_and_advised(client, mentor, jp_company):
    client.force_login(mentor)
    response = client.post(
        reverse("cohorts:mentor_profile"), {**FORM, "advises": [jp_company.pk], "invests_in": [jp_company.pk]}
    )
    assert response.status_code == 400
    assert not MentorProfile.objects.exists()


def test_capacity_cannot_drop_below_current_mentees(client, mentor, pairs, us_mentor):
    client.force_login(mentor)
    response = client.post(reverse("cohorts:mentor_profile"), {**FORM, "capacity": "1"})
    assert response.status_code == 400
    assert "capacity cannot be lower" in response.content.decode()
    us_mentor.refresh_from_db()
    assert us_mentor.capacity == 2


def test_a_conflict_with_a_mentee_is_refused(client, mentor, pairs, jp_company):
    client.force_login(mentor)
    response = client.post(reverse("cohorts:mentor_profile"), {**FORM, "invests_in": [jp_company.pk]})
    assert response.status_code == 400
    assert not MentorConflict.objects.exists()


def test_only_mentors_have_a_profile(client, us_owner, outsider):
    client.force_login(us_owner)
    assert client.get(reverse("cohorts:mentor_profile")).status_code == 403
    client.logout()
    assert client.get(reverse("cohorts:mentor_profile")).status_code == 302


def test_profile_page_in_japanese(client, jp_mentor_user):
    client.force_login(jp_mentor_user)
    page = client.get(reverse("cohorts:mentor_profile")).content.decode()
    assert "メンタープロフィール" in page and "受け入れ可能数" in page


def test_who_sees_which_mentor_profile(client, staff, jp_owner, us_owner, outsider, us_mentor, jp_mentor, pairs):
    other = Company.objects.exclude(pk__in=[pairs["jp_us"].company_id, pairs["us_us"].company_id])
    assert not other.exists()
    # Staff see every mentor, a startup member its own mentors, an outsider none.
    assert api(staff).get("/api/v1/mentors/").json()["count"] == 2
    assert api(jp_owner).get("/api/v1/mentors/").json()["count"] == 2
    assert api(outsider).get("/api/v1/mentors/").json()["count"] == 0
    client.force_login(outsider)
    assert client.get(reverse("cohorts:mentor", args=[us_mentor.pk])).status_code == 404
    client.force_login(staff)
    page = client.get(reverse("cohorts:staff_mentors")).content.decode()
    assert "Mo Mentor" in page and "田中 一郎" in page
    # Each mentor's side is named in the list and on their page.
    assert "<td>U.S. side</td>" in page and "<td>Japan side</td>" in page
    assert "Japan side" in client.get(reverse("cohorts:mentor", args=[jp_mentor.pk])).content.decode()
    client.force_login(us_owner)
    assert client.get(reverse("cohorts:staff_mentors")).status_code == 403


def test_staff_list_of_mentors(client, staff, us_mentor, jp_mentor, django_assert_num_queries):
    us_mentor.user.display_name = "<i>Mo</i> & Co"
    us_mentor.user.save()
    MentorProfile.objects.filter(pk=us_mentor.pk).update(is_paused=True)
    client.force_login(staff)
    # The session, the user and their roles, the unread count, the mentors with their expertise.
    with django_assert_num_queries(5):
        page = client.get(reverse("cohorts:staff_mentors")).content.decode()
    assert "<i>Mo</i>" not in page and "&lt;i&gt;Mo&lt;/i&gt; &amp; Co</a>" in page
    assert "Eastern Time – New York" in page and "Japan Time – Tokyo" in page
    assert "EN Native · JA None" in page and "EN Business · JA Native" in page
    assert "<td>2 · paused</td>" in page
    # Expertise in the vocabulary's order.
    assert "Japanese government procurement (全省庁統一資格), Business development in Japan" in page
    staff.preferred_language = "ja"
    staff.save()
    page = client.get(reverse("cohorts:staff_mentors")).content.decode()
    assert "日本の政府調達（全省庁統一資格）, 日本での事業開発" in page and "日本時間" in page


def test_the_staff_list_of_mentors_follows_each_change(client, staff, us_mentor, jp_mentor):
    client.force_login(staff)
    url = reverse("cohorts:staff_mentors")
    assert "· paused" not in client.get(url).content.decode()
    MentorProfile.objects.filter(pk=us_mentor.pk).update(is_paused=True, capacity=4)
    us_mentor.user.display_name = "Morgan Mentor"
    us_mentor.user.save()
    page = client.get(url).content.decode()
    assert "<td>4 · paused</td>" in page and "Morgan Mentor</a>" in page
    row = page.split("田中 一郎")[1].split("</tr>")[0]
    assert "Japanese government procurement" in row
    jp_mentor.functional_expertise.clear()
    row = client.get(url).content.decode().split("田中 一郎")[1].split("</tr>")[0]
    assert "Japanese government procurement" not in row
