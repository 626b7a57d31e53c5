import datetime as dt

import icalendar
from django.urls import reverse
from django.utils import timezone

from accelerator.calendar import feed_for
from procurement.models import Alert, Opportunity, SavedOpportunity, SavedSearch
from procurement.services.alerts import alert_new_matches, remind_deadlines, save_search
from procurement.services.importing import import_file

from .conftest import sam_notice, sam_response


def test_a_user_saves_a_search_from_the_list(client, jp_owner, demo_opportunities):
    client.force_login(jp_owner)
    response = client.post(reverse("procurement:save_search"), {"name": "SAR", "q": "SAR", "country": "US"})
    assert response.status_code == 302
    search = SavedSearch.objects.get(user=jp_owner)
    assert search.query == {"q": "SAR", "country": "US", "status": "open"}
    page = client.get(reverse("procurement:saved"), HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert "保存した検索" in page and "SAR" in page


def test_a_search_without_a_name_or_with_a_bad_filter_is_refused(client, jp_owner):
    client.force_login(jp_owner)
    client.post(reverse("procurement:save_search"), {"name": "", "q": "SAR"})
    client.post(reverse("procurement:save_search"), {"name": "x", "value_min": "lots"})
    assert not SavedSearch.objects.exists()


def test_new_matches_reach_the_inbox_and_one_email_in_japanese(
    client, jp_owner, mailoutbox, django_capture_on_commit_callbacks
):
    save_search(user=jp_owner, name="SAR", query={"q": "SAR"})
    import_file(source="sam", stream=sam_response(sam_notice("n1"), sam_notice("n2", title="Launch services")))
    with django_capture_on_commit_callbacks(execute=True):
        assert alert_new_matches() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert alert_new_matches() == 0
    alert = Alert.objects.get()
    assert (alert.user, alert.kind, alert.opportunity.source_id) == (jp_owner, "new_match", "n1")
    [email] = mailoutbox
    assert email.to == [jp_owner.email]
    assert "新しい調達案件" in email.subject
    assert "保存した検索「SAR」" in email.body
    assert "JST" in email.body
    client.force_login(jp_owner)
    page = client.get(reverse("procurement:alerts")).content.decode()
    assert "Commercial SAR imagery for maritime awareness" in page


def test_deadline_reminders_at_7_days_and_48_hours_each_once(
    jp_owner, us_owner, mailoutbox, django_capture_on_commit_callbacks
):
    import_file(source="sam", stream=sam_response(sam_notice("n1")))
    opportunity = Opportunity.objects.get()
    SavedOpportunity.objects.create(user=jp_owner, opportunity=opportunity)
    deadline = timezone.now() + dt.timedelta(days=6)
    Opportunity.objects.filter(pk=opportunity.pk).update(deadline=deadline)
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_deadlines() == 1
        assert remind_deadlines() == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_deadlines(now=deadline - dt.timedelta(hours=47)) == 1
        assert remind_deadlines(now=deadline - dt.timedelta(hours=30)) == 0
    assert sorted(Alert.objects.values_list("kind", flat=True)) == ["deadline_48h", "deadline_7d"]
    subjects = [email.subject.split("]")[-1].strip() for email in mailoutbox]
    assert subjects[0].startswith("締切まで7日：") and subjects[1].startswith("締切まで48時間：")
    assert all(email.to == [jp_owner.email] for email in mailoutbox)


def test_another_users_saved_search_is_out_of_reach(client, jp_owner, us_owner):
    search = save_search(user=jp_owner, name="SAR", query={"q": "SAR"})
    client.force_login(us_owner)
    response = client.post(reverse("procurement:change_search", args=[search.pk]), {"action": "delete"})
    assert response.status_code == 404
    assert SavedSearch.objects.filter(pk=search.pk).exists()
    assert "SAR" not in client.get(reverse("procurement:saved")).content.decode()


def test_saved_deadlines_are_in_the_private_calendar_feed(client, jp_owner, sar_notice):
    client.force_login(jp_owner)
    client.post(reverse("procurement:toggle_saved", args=[sar_notice.pk]))
    client.logout()
    response = client.get(reverse("calendar_feed", args=[feed_for(jp_owner).token]))
    calendar = icalendar.Calendar.from_ical(response.content)
    [event] = [event for event in calendar.walk("VEVENT") if "procurement-deadline" in str(event["UID"])]
    assert event.decoded("DTSTART") == sar_notice.deadline
    assert "DTSTAMP" in event
    assert calendar.walk("VTIMEZONE")
    assert str(event["SUMMARY"]).startswith("締切：")
    # Removing it takes it off the calendar.
    client.force_login(jp_owner)
    client.post(reverse("procurement:toggle_saved", args=[sar_notice.pk]))
    client.logout()
    calendar = icalendar.Calendar.from_ical(
        client.get(reverse("calendar_feed", args=[feed_for(jp_owner).token])).content
    )
    assert not [event for event in calendar.walk("VEVENT") if "procurement-deadline" in str(event["UID"])]


def test_the_saved_searches_follow_each_change(client, us_owner):
    client.force_login(us_owner)
    url = reverse("procurement:saved")
    assert "No saved search yet." in client.get(url).content.decode()
    search = save_search(user=us_owner, name="SAR <imagery>", query={"q": "SAR", "country": "US"})
    page = client.get(url).content.decode()
    assert "SAR &lt;imagery&gt;" in page and "q=SAR" in page and " checked>" in page
    client.post(reverse("procurement:change_search", args=[search.pk]), {"action": "alerts"})
    assert " checked>" not in client.get(url).content.decode()
    client.post(reverse("procurement:change_search", args=[search.pk]), {"action": "delete"})
    assert "No saved search yet." in client.get(url).content.decode()
