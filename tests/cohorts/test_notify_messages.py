"""A message in an application's thread emails the other side once, in each reader's language."""

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cohorts import tasks
from cohorts.models import Message
from cohorts.services.applications import post_message

from ..factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def tokyo_staff(db):
    return make_user(
        "tokyo@accelerator.example",
        roles=("staff",),
        display_name="東京 事務局",
        preferred_language="ja",
        time_zone="Asia/Tokyo",
    )


@pytest.fixture
def former_staff(db):
    return make_user("former@accelerator.example", roles=("staff",), is_active=False)


def send(client, user, application, body, capture):
    client.force_login(user)
    with capture(execute=True):
        response = client.post(reverse("cohorts:post_message", args=[application.pk]), {"body": body}, follow=True)
    return response.content.decode()


def by_recipient(mailoutbox) -> dict:
    return {email.to[0]: email for email in mailoutbox}


def test_a_staff_message_emails_every_member_of_the_company_once(
    client, staff, us_owner, member, us_application, mailoutbox, django_capture_on_commit_callbacks
):
    page = send(
        client,
        staff,
        us_application,
        "Please add your ECCN.\nA draft classification is fine.",
        django_capture_on_commit_callbacks,
    )
    assert "Your message is sent. The company&#x27;s members are told by email." in page

    emails = by_recipient(mailoutbox)
    assert sorted(emails) == sorted([us_owner.email, member.email])
    email = emails[us_owner.email]
    assert email.subject == (
        "[U.S.–Japan Space Accelerator] A message from the program team about "
        "Orbitworks Analytics Inc.'s application to Binational Cohort 2027"
    )
    assert "Hello Dana Whitfield," in email.body
    assert "Program Staff of the program team wrote about the application of Orbitworks Analytics Inc." in email.body
    assert "> Please add your ECCN.\n> A draft classification is fine." in email.body
    assert f"{settings.SITE_URL}/cohorts/applications/{us_application.pk}/#messages" in email.body
    # The owner lives in New York: the time names its zone.
    assert " EST:" in email.body or " EDT:" in email.body
    assert "You receive this email because you are a member of Orbitworks Analytics Inc." in email.body
    assert Message.objects.get().notified_at is not None


def test_a_japanese_member_reads_it_in_japanese_and_tokyo_time(
    client, staff, jp_owner, jp_application, mailoutbox, django_capture_on_commit_callbacks
):
    send(client, staff, jp_application, "Please upload the deck in English too.", django_capture_on_commit_callbacks)
    [email] = mailoutbox
    assert email.to == [jp_owner.email]
    assert email.subject == (
        "[日米宇宙アクセラレーター] 株式会社ほしSARの日米コホート2027への応募について、"
        "プログラムチームからメッセージが届きました"
    )
    assert "佐藤 花子 様" in email.body
    assert "> Please upload the deck in English too." in email.body
    assert " JST" in email.body
    assert "応募のメッセージ欄" in email.body


def test_a_company_message_emails_active_program_staff_in_their_languages(
    client,
    us_owner,
    member,
    staff,
    admin_user,
    tokyo_staff,
    former_staff,
    reviewer,
    us_application,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    page = send(client, member, us_application, "Is a U.S. subsidiary eligible?", django_capture_on_commit_callbacks)
    assert "Your message is sent. Program staff are told by email." in page

    emails = by_recipient(mailoutbox)
    # Staff by role and superusers; not the author's own company, reviewers or deactivated staff.
    assert sorted(emails) == sorted([staff.email, admin_user.email, tokyo_staff.email])
    english = emails[staff.email]
    assert english.subject == (
        "[U.S.–Japan Space Accelerator] Orbitworks Analytics Inc. wrote about its application to Binational Cohort 2027"
    )
    assert "Sam Ortiz of Orbitworks Analytics Inc. wrote about its application" in english.body
    assert "> Is a U.S. subsidiary eligible?" in english.body
    assert f"{settings.SITE_URL}/cohorts/applications/{us_application.pk}/#messages" in english.body
    assert " UTC:" in english.body
    assert "You receive this email because you are program staff" in english.body

    japanese = emails[tokyo_staff.email]
    assert japanese.subject.startswith("[日米宇宙アクセラレーター] Orbitworks Analytics Inc.")
    assert "東京 事務局 様" in japanese.body
    assert " JST" in japanese.body


def test_a_staff_member_who_writes_is_not_emailed_their_own_message(
    us_owner, admin_user, us_application, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_message(application=us_application, author=us_owner, body="Thank you!")
    with django_capture_on_commit_callbacks(execute=True):
        post_message(application=us_application, author=admin_user, body="You are welcome.")
    assert [email.to for email in mailoutbox] == [[admin_user.email], [us_owner.email], ["member@orbitworks.example"]]


def test_the_task_sends_once_however_often_it_runs(us_owner, member, staff, us_application, mailoutbox):
    message = Message.objects.create(application=us_application, author=staff, body="Welcome.", from_staff=True)
    assert tasks.send_message_notification(message.pk) == 2
    assert tasks.send_message_notification(message.pk) == 0
    assert tasks.send_message_notification(message.pk + 1000) == 0
    assert len(mailoutbox) == 2
    message.refresh_from_db()
    assert message.notified_at is not None


def test_a_message_whose_author_has_left_still_reaches_the_company(us_owner, member, us_application, mailoutbox):
    message = Message.objects.create(application=us_application, author=None, body="Noted.", from_staff=True)
    assert tasks.send_message_notification(message.pk) == 2
    assert "A former user of the program team wrote" in mailoutbox[0].body


def test_outsiders_cannot_write_and_nobody_is_emailed(
    client, outsider, jp_owner, reviewer, us_application, mailoutbox, django_capture_on_commit_callbacks
):
    for user in (outsider, jp_owner, reviewer):
        client.force_login(user)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("cohorts:post_message", args=[us_application.pk]), {"body": "Hi"})
        assert response.status_code == 404
        with pytest.raises(PermissionDenied), django_capture_on_commit_callbacks(execute=True):
            post_message(application=us_application, author=user, body="Hi")
    assert not Message.objects.exists()
    assert mailoutbox == []


def test_an_empty_or_refused_message_emails_nobody(
    client, us_owner, staff, us_application, mailoutbox, django_capture_on_commit_callbacks
):
    page = send(client, us_owner, us_application, "   ", django_capture_on_commit_callbacks)
    assert "This field is required." in page
    with pytest.raises(ValidationError), django_capture_on_commit_callbacks(execute=True):
        post_message(application=us_application, author=us_owner, body="x" * 5001)
    assert not Message.objects.exists()
    assert mailoutbox == []


def test_the_thread_says_who_is_told_in_japanese(client, jp_owner, jp_application):
    client.force_login(jp_owner)
    page = client.get(jp_application.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert "メッセージを送ると、プログラムスタッフにメールでお知らせします。" in page
