"""A council for the tests: staff as its secretariat, the Japanese owner in the chair, two members
and an observer; one meeting in a week, Tokyo time, and one held a month ago."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.files.storage import storages
from django.utils import timezone

from accelerator.councils import services
from accelerator.councils.models import AgendaDocument, Attendance

from ..factories import make_user

TOKYO = ZoneInfo("Asia/Tokyo")


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path, monkeypatch):
    """Agenda documents go to a temporary folder, never into the repository."""
    location = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {**settings.STORAGES["private"], "OPTIONS": {"location": str(location), "base_url": None}},
    }
    monkeypatch.setattr(AgendaDocument._meta.get_field("file"), "storage", storages["private"])
    return location


@pytest.fixture
def after_commit(django_capture_on_commit_callbacks):
    """Runs what a change sends after its transaction commits (email, reminders)."""
    return django_capture_on_commit_callbacks


@pytest.fixture
def observer(db):
    return make_user("observer@meti.example", roles=("council_member",), display_name="Oda Observer")


def make_council(secretariat, *, slug="usj-space", visibility="public", quorum=2, people=()):
    council = services.create_council(
        actor=secretariat,
        slug=slug,
        name_en="U.S.–Japan Space Business Council",
        name_ja="日米宇宙ビジネス協議会",
        description_en="Industry and policy leaders set priorities for U.S.–Japan space business.",
        description_ja="日米の宇宙ビジネスの優先課題を産業界と政策担当者が定めます。",
        visibility=visibility,
        quorum=quorum,
    )
    for user, role in people:
        services.set_council_role(actor=secretariat, council=council, user=user, role=role)
    return council


def today_for(user):
    """The date it is where `user` is: pages and the API count days overdue in the reader's zone."""
    return timezone.localdate(timezone=ZoneInfo(user.time_zone))


def in_days(days: int, hour: int = 10):
    """A moment `days` from now at `hour`:00 Tokyo time."""
    day = timezone.localtime(timezone.now(), TOKYO).date() + timedelta(days=days)
    return timezone.make_aware(timezone.datetime(day.year, day.month, day.day, hour), TOKYO)


def make_meeting(secretariat, council, *, days=7, hours=2, title_en="Spring plenary", title_ja="春季総会"):
    return services.schedule_meeting(
        actor=secretariat,
        council=council,
        title_en=title_en,
        title_ja=title_ja,
        starts_at=in_days(days),
        ends_at=in_days(days) + timedelta(hours=hours),
        time_zone="Asia/Tokyo",
        place="Tokyo, Toranomon",
        online_url="https://meet.example/usj",
    )


@pytest.fixture
def council(staff, jp_owner, us_owner, member, observer):
    return make_council(
        staff,
        people=[(jp_owner, "chair"), (us_owner, "member"), (member, "member"), (observer, "observer")],
    )


@pytest.fixture
def private_council(staff, jp_owner, us_owner):
    return make_council(
        staff, slug="export-wg", visibility="members", people=[(jp_owner, "chair"), (us_owner, "member")]
    )


@pytest.fixture
def meeting(staff, council):
    return make_meeting(staff, council)


@pytest.fixture
def item(staff, meeting):
    return services.add_agenda_item(
        actor=staff, meeting=meeting, title_en="Export-control bridge", title_ja="輸出管理ブリッジ", duration_minutes=30
    )


def held(meeting, *, days_ago=30):
    """Moves `meeting` into the past, as if it had been held."""
    starts_at = timezone.now() - timedelta(days=days_ago)
    type(meeting).objects.filter(pk=meeting.pk).update(starts_at=starts_at, ends_at=starts_at + timedelta(hours=2))
    meeting.refresh_from_db()
    return meeting


def in_japanese(client, user):
    user.preferred_language = "ja"
    user.save(update_fields=["preferred_language"])
    client.force_login(user)


def with_quorum(staff, meeting, *people):
    for person in people:
        services.record_attendance(actor=staff, meeting=meeting, user=person, status=Attendance.Status.PRESENT)
