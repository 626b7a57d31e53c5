"""Procurement alerts in the shared in-app inbox: each once, in the reader's language, the reader's own."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from matchmaking.models import InboxItem
from procurement.models import Alert, Opportunity, SavedOpportunity
from procurement.services.alerts import alert_new_matches, remind_deadlines, save_search
from procurement.services.importing import import_file

from .conftest import sam_notice, sam_response


def _new_notice(notice_id="n1", **fields):
    import_file(source="sam", stream=sam_response(sam_notice(notice_id, **fields)))
    return Opportunity.objects.get(source_id=notice_id)


def test_a_new_match_is_one_inbox_item_in_japanese(client, jp_owner, django_capture_on_commit_callbacks):
    save_search(user=jp_owner, name="SAR", query={"q": "SAR"})
    opportunity = _new_notice()
    for _run in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            alert_new_matches()
    [item] = InboxItem.objects.filter(user=jp_owner)
    assert (item.kind, item.subject, item.payload) == ("new_match", opportunity, {"saved_search": "SAR"})

    client.force_login(jp_owner)
    page = client.get(reverse("matchmaking:inbox")).content.decode()
    assert page.count("Commercial SAR imagery for maritime awareness") == 1
    assert "保存した検索に新しい案件" in page
    assert "保存した検索「SAR」に一致" in page
    assert "締切：" in page and "JST" in page
    assert 'class="badge">1<span class="visually-hidden"> 件の未読' in page  # the unread count in the navigation

    response = client.get(reverse("matchmaking:inbox_open", args=[item.pk]))
    assert response.url == opportunity.get_absolute_url()
    assert 'class="badge">1' not in client.get(reverse("matchmaking:inbox")).content.decode()


def test_marking_alerts_read_clears_them_from_the_inbox_count(client, jp_owner, django_capture_on_commit_callbacks):
    save_search(user=jp_owner, name="SAR", query={"q": "SAR"})
    _new_notice()
    with django_capture_on_commit_callbacks(execute=True):
        alert_new_matches()
    client.force_login(jp_owner)
    client.post(reverse("procurement:alerts"))
    assert InboxItem.objects.get(user=jp_owner).read_at is not None
    assert 'visually-hidden"> 件の未読' not in client.get(reverse("matchmaking:inbox")).content.decode()


def test_alerts_read_in_the_inbox_are_read_on_the_alerts_page(client, jp_owner, django_capture_on_commit_callbacks):
    save_search(user=jp_owner, name="SAR", query={"q": "SAR"})
    opened, other = _new_notice("n1"), _new_notice("n2")
    with django_capture_on_commit_callbacks(execute=True):
        alert_new_matches()
    client.force_login(jp_owner)
    item = InboxItem.objects.get(user=jp_owner, subject_id=opened.pk)
    client.get(reverse("matchmaking:inbox_open", args=[item.pk]))
    assert set(Alert.objects.filter(user=jp_owner, read_at__isnull=True).values_list("opportunity", flat=True)) == {
        other.pk
    }
    client.post(reverse("matchmaking:inbox"), {"action": "mark_read"})
    assert not Alert.objects.filter(user=jp_owner, read_at__isnull=True).exists()
    assert 'class="card notice"' not in client.get(reverse("procurement:alerts")).content.decode()


def test_the_same_page_reads_in_english_for_an_english_reader(client, us_owner, django_capture_on_commit_callbacks):
    save_search(user=us_owner, name="SAR", query={"q": "SAR"})
    _new_notice()
    with django_capture_on_commit_callbacks(execute=True):
        alert_new_matches()
    client.force_login(us_owner)
    page = client.get(reverse("matchmaking:inbox")).content.decode()
    assert "New opportunity for a saved search" in page and "Matches your saved search “SAR”" in page


def test_deadline_reminders_reach_the_inbox_once_each(jp_owner, django_capture_on_commit_callbacks):
    opportunity = _new_notice()
    SavedOpportunity.objects.create(user=jp_owner, opportunity=opportunity)
    deadline = timezone.now() + dt.timedelta(days=6)
    Opportunity.objects.filter(pk=opportunity.pk).update(deadline=deadline)
    with django_capture_on_commit_callbacks(execute=True):
        remind_deadlines()
        remind_deadlines()
        remind_deadlines(now=deadline - dt.timedelta(hours=47))
        remind_deadlines(now=deadline - dt.timedelta(hours=30))
    kinds = sorted(InboxItem.objects.filter(user=jp_owner).values_list("kind", flat=True))
    assert kinds == ["deadline_48h", "deadline_7d"]


def test_another_user_never_sees_the_item(client, jp_owner, us_owner, django_capture_on_commit_callbacks):
    save_search(user=jp_owner, name="SAR", query={"q": "SAR"})
    _new_notice()
    with django_capture_on_commit_callbacks(execute=True):
        alert_new_matches()
    item = InboxItem.objects.get(user=jp_owner)
    client.force_login(us_owner)
    assert "Commercial SAR imagery" not in client.get(reverse("matchmaking:inbox")).content.decode()
    assert client.get(reverse("matchmaking:inbox_open", args=[item.pk])).status_code == 404
    item.refresh_from_db()
    assert item.read_at is None


def test_alerts_from_before_the_shared_inbox_are_moved_into_it_once(jp_owner):
    from importlib import import_module

    from django.apps import apps

    from procurement.models import Alert

    backfill = import_module("procurement.migrations.0009_alerts_in_inbox").alerts_to_inbox
    opportunity = _new_notice()
    Alert.objects.create(user=jp_owner, opportunity=opportunity, kind="deadline_7d", read_at=timezone.now())
    unread = Alert.objects.create(user=jp_owner, opportunity=opportunity, kind="deadline_48h")
    backfill(apps, None)
    backfill(apps, None)
    items = {item.kind: item for item in InboxItem.objects.filter(user=jp_owner)}
    assert set(items) == {"deadline_7d", "deadline_48h"}
    assert items["deadline_7d"].read_at is not None and items["deadline_48h"].read_at is None
    assert items["deadline_48h"].created_at == unread.created_at and items["deadline_7d"].subject == opportunity
