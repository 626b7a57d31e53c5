"""seed_demo adds the U.S.–Japan Space Business Council, and its member demo login lands on a useful page."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from accelerator.councils import selectors
from accelerator.councils.models import ActionItem, AgendaItem, Council, Decision, Minute, Vote

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_three_past_meetings_and_one_upcoming_with_a_proposed_item(seeded):
    council = Council.objects.get(slug="usj-space")
    meetings = list(council.meetings.order_by("starts_at"))
    assert len(meetings) == 4
    assert len(selectors.past_meetings(council.meetings.all())) == 3
    upcoming = meetings[-1]
    assert upcoming.items.filter(status=AgendaItem.Status.PENDING).count() == 1
    assert Minute.objects.filter(item__meeting__in=meetings[:3]).exclude(text_en="").exclude(text_ja="").count() > 6
    assert Minute.objects.filter(status=Minute.Status.APPROVED).exists()
    assert Vote.objects.count() >= 9
    assert Decision.objects.filter(council=council).count() == 3
    assert set(ActionItem.objects.values_list("status", flat=True)) == set(ActionItem.Status.values)
    assert selectors.overdue(ActionItem.objects.all()).count() == 1
    assert "U.S.–Japan Space Business Council" in seeded

    call_command("seed_demo", stdout=io.StringIO())
    assert Council.objects.count() == 1
    assert Decision.objects.count() == 3


def test_the_council_member_lands_on_the_councils_page_and_the_tracker_is_bilingual(client, seeded):
    response = client.post(
        reverse("account_login"), {"login": "council@demo.accelerator.example", "password": "space-demo-2026"}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("councils:home")
    page = client.get(response["Location"]).content.decode()
    assert "第4回総会：宇宙状況把握" in page
    assert "知財テンプレート案を意見募集のため回覧" in page
    assert "小型衛星メーカー向け試験設備の共同利用" in page

    client.logout()
    page = client.get(reverse("councils:tracker")).content.decode()

    assert "export-control bridge desk" in page
    assert "輸出管理ブリッジ窓口" in page
