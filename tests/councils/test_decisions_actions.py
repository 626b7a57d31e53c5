"""The decisions register, action items with owners and due dates, reminders and the overdue list."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from accelerator.councils import services, tasks
from accelerator.councils.models import ActionItem, Decision

from .conftest import held, make_meeting, today_for, with_quorum


@pytest.fixture
def decision(staff, meeting, item):
    held(meeting, days_ago=20)
    return services.record_decision(
        actor=staff,
        meeting=meeting,
        item=item,
        text_en="Open an ITAR bridge office in Tokyo.",
        text_ja="東京にITARブリッジ窓口を開設する。",
    )


def test_a_carried_motion_becomes_a_numbered_decision_with_two_actions(
    client, staff, meeting, item, us_owner, jp_owner, member, us_company
):
    with_quorum(staff, meeting, us_owner, jp_owner, member)
    motion = services.propose_motion(actor=staff, item=item, text_en="Open the office.", moved_by=jp_owner)
    for person in (us_owner, jp_owner):
        services.record_vote(actor=staff, motion=motion, member=person, choice="for")
    services.close_motion(actor=staff, motion=motion)
    client.force_login(staff)

    response = client.post(
        reverse("councils:add_decision", args=[meeting.pk]),
        {"motion": motion.pk, "text_en": "Open the office.", "text_ja": "窓口を開設する。"},
    )

    decision = Decision.objects.get()
    assert response.status_code == 302
    assert decision.reference == "USJ-SPACE-001"
    assert decision.item == item
    due = (timezone.localdate() + timedelta(days=30)).isoformat()
    client.post(
        reverse("councils:add_action", args=[decision.pk]),
        {"title_en": "Draft the charter", "owner_user": jp_owner.pk, "due_on": due},
    )
    client.post(
        reverse("councils:add_action", args=[decision.pk]),
        {"title_en": "Host the pilot", "owner_company": us_company.pk, "due_on": due},
    )
    assert [action.owner_label for action in decision.actions.all()] == ["佐藤 花子", "Orbitworks Analytics Inc."]


def test_the_register_keeps_both_languages_and_refuses_a_defeated_motion(staff, meeting, item):
    with pytest.raises(ValidationError) as refused:
        services.record_decision(actor=staff, meeting=meeting, text_en="Only English.", text_ja="")
    assert "text_ja" in refused.value.message_dict
    motion = services.propose_motion(actor=staff, item=item, text_en="Open.")
    with pytest.raises(ValidationError) as refused:
        services.record_decision(actor=staff, meeting=meeting, motion=motion, text_en="A", text_ja="あ")
    assert "motion" in refused.value.message_dict
    assert not Decision.objects.exists()


def test_an_action_has_exactly_one_owner(staff, decision, jp_owner, us_company):
    for owners in ({}, {"owner_user": jp_owner, "owner_company": us_company}):
        with pytest.raises(ValidationError) as refused:
            services.add_action_item(
                actor=staff, decision=decision, title_en="Act", due_on=timezone.localdate(), **owners
            )
        assert "owner" in refused.value.message_dict
    assert not ActionItem.objects.exists()


def test_the_owner_updates_the_status_and_others_cannot(client, staff, decision, jp_owner, us_owner):
    action = services.add_action_item(
        actor=staff, decision=decision, title_en="Draft", owner_user=jp_owner, due_on=timezone.localdate()
    )
    client.force_login(us_owner)
    client.post(reverse("councils:action_status", args=[action.pk]), {"status": "done"})
    action.refresh_from_db()
    assert action.status == "open"
    with pytest.raises(PermissionDenied):
        services.set_action_status(actor=us_owner, action=action, status="done")

    client.force_login(jp_owner)
    client.post(reverse("councils:action_status", args=[action.pk]), {"status": "in_progress"})

    action.refresh_from_db()
    assert action.status == "in_progress"
    assert action.started_at is not None


def test_reminders_go_once_before_and_once_after_the_due_date(staff, decision, jp_owner):
    today = timezone.localdate()
    soon = services.add_action_item(
        actor=staff, decision=decision, title_en="Soon", owner_user=jp_owner, due_on=today + timedelta(days=2)
    )
    late = services.add_action_item(
        actor=staff, decision=decision, title_en="Late", owner_user=jp_owner, due_on=today - timedelta(days=4)
    )
    services.add_action_item(
        actor=staff, decision=decision, title_en="Later", owner_user=jp_owner, due_on=today + timedelta(days=20)
    )

    assert tasks.send_action_reminders() == 2
    assert tasks.send_action_reminders() == 0

    subjects = sorted(message.subject for message in mail.outbox)
    assert len(subjects) == 2
    assert any("期限超過" in subject and "Late" in subject for subject in subjects)
    soon.refresh_from_db()
    late.refresh_from_db()
    assert soon.reminded_before_at and late.reminded_after_at


def test_a_new_due_date_earns_new_reminders(staff, decision, jp_owner):
    action = services.add_action_item(
        actor=staff, decision=decision, title_en="Soon", owner_user=jp_owner, due_on=timezone.localdate()
    )
    tasks.send_action_reminders()

    services.update_action_item(actor=staff, action=action, due_on=timezone.localdate() + timedelta(days=1))

    assert tasks.send_action_reminders() == 1


def test_the_overdue_list(client, staff, decision, jp_owner, us_owner, member):
    services.add_action_item(
        actor=staff,
        decision=decision,
        title_en="Overdue item",
        owner_user=jp_owner,
        due_on=today_for(us_owner) - timedelta(days=3),
    )
    client.force_login(us_owner)

    page = client.get(reverse("councils:actions")).content.decode()

    assert "Overdue item" in page
    assert "3 days overdue" in page


def test_the_actions_page_lists_own_and_overdue_actions(
    client, staff, decision, jp_owner, us_owner, member, us_company, django_assert_num_queries
):
    today = timezone.localdate()
    mine = services.add_action_item(
        actor=staff, decision=decision, title_en="<b>Draft</b> the MoU", owner_company=us_company, due_on=today
    )
    services.add_action_item(
        actor=staff, decision=decision, title_en="Overdue item", owner_user=jp_owner, due_on=today - timedelta(days=1)
    )
    done = services.add_action_item(
        actor=staff, decision=decision, title_en="Finished", owner_user=member, due_on=today - timedelta(days=9)
    )
    services.set_action_status(actor=staff, action=done, status=ActionItem.Status.DONE)
    client.force_login(member)

    with django_assert_num_queries(5):
        page = client.get(reverse("councils:actions")).content.decode()

    yours, overdue = page.split("<h2>Overdue</h2>")
    # Through the company the member belongs to, as a form; closed actions are not overdue.
    assert "&lt;b&gt;Draft&lt;/b&gt; the MoU" in yours and "<b>Draft" not in page
    assert "Orbitworks Analytics Inc." in yours
    assert f'action="{reverse("councils:action_status", args=[mine.pk])}"' in yours
    # By status (done before not started), then due date.
    assert yours.index("Finished") < yours.index("&lt;b&gt;Draft")
    assert "Overdue item" not in yours
    assert "Overdue item" in overdue and "1 day overdue" in overdue and "Finished" not in overdue
    assert decision.reference in overdue and decision.get_absolute_url() in overdue
    assert "<form" not in overdue


def test_the_actions_page_hides_the_overdue_actions_of_councils_the_user_cannot_see(
    client, staff, private_council, outsider, us_owner
):
    meeting = held(make_meeting(staff, private_council))
    secret = services.record_decision(actor=staff, meeting=meeting, text_en="Secret.", text_ja="非公開。")
    services.add_action_item(
        actor=staff,
        decision=secret,
        title_en="Hidden step",
        owner_user=us_owner,
        due_on=today_for(us_owner) - timedelta(days=2),
    )

    client.force_login(outsider)
    assert "Hidden step" not in client.get(reverse("councils:actions")).content.decode()
    client.force_login(us_owner)
    page = client.get(reverse("councils:actions")).content.decode()
    assert page.count("Hidden step") == 2
    assert "2 days overdue" in page


def test_an_action_owner_updates_an_action_from_the_actions_page_with_its_token(staff, decision, us_owner):
    import re

    from django.test import Client

    action = services.add_action_item(
        actor=staff, decision=decision, title_en="Send the MoU", owner_user=us_owner, due_on=timezone.localdate()
    )
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(us_owner)
    for expected in ("open", "in_progress"):
        page = browser.get(reverse("councils:actions")).content.decode()
        assert "csrf-mark" not in page and f'<option value="{expected}" selected>' in page
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.split("Send the MoU")[1]).group(1)
        response = browser.post(
            reverse("councils:action_status", args=[action.pk]),
            {"csrfmiddlewaretoken": token, "status": "in_progress"},
        )
        assert response.status_code == 302
    assert ActionItem.objects.get(pk=action.pk).status == ActionItem.Status.IN_PROGRESS
