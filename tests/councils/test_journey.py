"""As a new user would try it: schedule, propose, accept, publish, minute, vote, decide, act, track."""

from datetime import timedelta

import icalendar
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accelerator.councils.models import Decision, Meeting, Motion


def test_from_scheduling_to_the_public_tracker(
    client, staff, council, jp_owner, us_owner, member, us_company, after_commit
):
    client.force_login(staff)
    client.post(
        reverse("councils:schedule", args=[council.slug]),
        {
            "title_en": "Plenary",
            "title_ja": "総会",
            "time_zone": "Asia/Tokyo",
            "starts_at": (timezone.localdate() + timedelta(days=5)).isoformat() + "T10:00",
            "ends_at": (timezone.localdate() + timedelta(days=5)).isoformat() + "T12:00",
        },
    )
    meeting = Meeting.objects.get()
    client.post(reverse("councils:add_item", args=[meeting.pk]), {"title_en": "Opening", "duration_minutes": 10})

    client.force_login(jp_owner)
    client.post(
        reverse("councils:propose", args=[meeting.pk]),
        {"title_en": "Export-control desk", "title_ja": "輸出管理窓口", "duration_minutes": 30},
    )
    proposal = meeting.items.get(status="pending")

    client.force_login(staff)
    with after_commit(execute=True):
        client.post(
            reverse("councils:respond", args=[meeting.pk, proposal.pk]),
            {f"response-{proposal.pk}-response": "accepted"},
        )
        client.post(reverse("councils:publish", args=[meeting.pk]))
    invitation = next(m for m in mail.outbox if m.to == [jp_owner.email] and m.attachments)
    assert "議題" in invitation.subject and "JST" in invitation.body
    (event,) = icalendar.Calendar.from_ical(invitation.attachments[0][1]).walk("VEVENT")
    assert event.decoded("dtstart") == meeting.starts_at

    prefix = f"minute-{proposal.pk}"
    client.post(
        reverse("councils:save_minute", args=[meeting.pk, proposal.pk]),
        {
            f"{prefix}-text_en": "The desk was discussed.",
            f"{prefix}-text_ja": "窓口について議論した。",
            f"{prefix}-authoritative_language": "ja",
        },
    )
    for person in (jp_owner, us_owner, member):
        client.post(reverse("councils:attendance", args=[meeting.pk]), {"user": person.pk, "status": "present"})
    client.post(
        reverse("councils:add_motion", args=[meeting.pk]),
        {"item": proposal.pk, "text_en": "Open the desk.", "text_ja": "窓口を開設する。", "moved_by": jp_owner.pk},
    )
    motion = Motion.objects.get()
    for person, choice in ((jp_owner, "for"), (us_owner, "for"), (member, "abstain")):
        client.post(
            reverse("councils:vote", args=[meeting.pk, motion.pk]),
            {f"vote-{motion.pk}-member": person.pk, f"vote-{motion.pk}-choice": choice},
        )
    client.post(reverse("councils:close_motion", args=[meeting.pk, motion.pk]))
    client.post(
        reverse("councils:add_decision", args=[meeting.pk]),
        {"motion": motion.pk, "text_en": "Open the export-control desk.", "text_ja": "輸出管理窓口を開設する。"},
    )
    decision = Decision.objects.get()
    due = decision.decided_on + timedelta(days=1)
    client.post(
        reverse("councils:add_action", args=[decision.pk]),
        {"title_en": "Staff the desk", "owner_user": jp_owner.pk, "due_on": due.isoformat()},
    )
    client.post(
        reverse("councils:add_action", args=[decision.pk]),
        {
            "title_en": "Host the pilot",
            "owner_company": us_company.pk,
            "due_on": (due + timedelta(days=30)).isoformat(),
        },
    )
    client.post(reverse("councils:add_result", args=[decision.pk]), {"title_en": "Desk open", "weight": 1})
    result = decision.results.get()
    client.post(
        reverse("councils:record_progress", args=[decision.pk, result.pk]),
        {f"progress-{result.pk}-progress": 60, f"progress-{result.pk}-status": "on_track"},
    )
    assert decision.actions.count() == 2

    # A week after the due date, the first action is overdue.
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=meeting.starts_at - timedelta(days=20), ends_at=meeting.ends_at - timedelta(days=20)
    )
    Decision.objects.filter(pk=decision.pk).update(decided_on=decision.decided_on - timedelta(days=20))
    decision.actions.filter(title_en="Staff the desk").update(due_on=due - timedelta(days=20))

    client.logout()
    english = client.get(reverse("councils:tracker")).content.decode()
    assert "Open the export-control desk." in english and "輸出管理窓口を開設する。" in english
    assert "60%" in english
    assert "(1 action)" in english
    client.cookies["django_language"] = "ja"
    japanese = client.get(reverse("councils:tracker")).content.decode()
    assert "政策実施トラッカー" in japanese and "輸出管理窓口を開設する。" in japanese
