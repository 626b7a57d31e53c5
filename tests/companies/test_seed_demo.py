import time
from io import StringIO

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.urls import reverse

from accelerator.accounts.models import User
from accelerator.companies.management.commands.seed_demo import DEMO_TOTP_SECRET
from accelerator.companies.models import Company, Membership, ReadinessAnswer

pytestmark = pytest.mark.django_db

LOGINS = [
    "admin@demo.accelerator.example",
    "staff@demo.accelerator.example",
    "reviewer@demo.accelerator.example",
    "mentor@demo.accelerator.example",
    "partner@demo.accelerator.example",
    "council@demo.accelerator.example",
    "us-founder@demo.accelerator.example",
    "jp-founder@demo.accelerator.example",
    "member@demo.accelerator.example",
]


@pytest.fixture
def seeded(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_it_loads_companies_from_both_countries(seeded):
    assert Company.objects.filter(country="US").count() >= 40
    assert Company.objects.filter(country="JP").count() >= 40
    assert Company.objects.filter(country="JP", description_en="").count() >= 8
    assert ReadinessAnswer.objects.count() > 500


def test_it_is_idempotent(seeded):
    counts = (Company.objects.count(), Membership.objects.count(), ReadinessAnswer.objects.count())
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (Company.objects.count(), Membership.objects.count(), ReadinessAnswer.objects.count()) == counts


def test_every_demo_login_signs_in(client, seeded, settings):
    asked_for_a_code = set()
    for email in LOGINS:
        response = client.post(reverse("account_login"), {"login": email, "password": "space-demo-2026"}, follow=True)
        if response.request["PATH_INFO"] == reverse("mfa_authenticate"):
            settings.DEBUG = True
            # The README's way to the code: `manage.py demo_code`.
            printed = StringIO()
            call_command("demo_code", stdout=printed, stderr=StringIO())
            response = client.post(reverse("mfa_authenticate"), {"code": printed.getvalue().strip()}, follow=True)
            asked_for_a_code.add(email.split("@")[0])
        assert response.context["user"].email == email
        client.logout()
    assert asked_for_a_code == {"admin", "staff", "reviewer"}


def test_the_demo_code_is_the_demo_keys(settings):
    settings.DEBUG = True
    printed = StringIO()
    call_command("demo_code", stdout=printed, stderr=StringIO())
    now = int(time.time()) // 30
    assert printed.getvalue().strip() in {format_hotp_value(hotp_value(DEMO_TOTP_SECRET, c)) for c in (now - 1, now)}
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("demo_code")


def test_the_japanese_founder_sees_the_site_in_japanese(client, seeded):
    client.post(
        reverse("account_login"), {"login": "jp-founder@demo.accelerator.example", "password": "space-demo-2026"}
    )
    response = client.get(reverse("companies:detail", kwargs={"slug": "hoshizora-sar-kk"}))
    assert 'lang="ja"' in response.text
    assert "株式会社ほしぞらSAR" in response.text
    assert "準備状況の自己評価" in response.text


def test_it_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo")
    assert not Company.objects.exists()


def test_every_demo_company_has_someone_to_email(seeded):
    assert not Company.objects.annotate(people=Count("memberships")).filter(people=0).exists()
    for company in Company.objects.filter(country="JP").prefetch_related("memberships__user"):
        for membership in company.memberships.all():
            assert membership.user.preferred_language == "ja"
            assert membership.user.time_zone == "Asia/Tokyo"
            assert " " in membership.user.display_name
    owner = Membership.objects.filter(company__slug="cascade-launch-systems-inc", role="owner").get().user
    assert owner.preferred_language == "en" and owner.emailaddress_set.get().verified
    assert owner.email.endswith("@cascade-launch-systems-inc.example")


def test_a_second_run_of_make_run_skips_what_is_there(seeded):
    out = StringIO()
    call_command("seed_demo", "--skip-if-seeded", stdout=out)
    assert "already loaded" in out.getvalue()


def test_a_database_emptied_since_is_seeded_again(seeded):
    User.objects.filter(email="admin@demo.accelerator.example").delete()
    out = StringIO()
    call_command("seed_demo", "--skip-if-seeded", stdout=out)
    assert "already loaded" not in out.getvalue()
    assert User.objects.filter(email="admin@demo.accelerator.example").exists()


def test_the_default_seed_record_is_a_file_path_make_run_can_read():
    """`make run` reads the record from the project settings as they are, not as tests set them."""
    import pathlib

    from accelerator import settings as project_settings

    record = project_settings.DEMO_SEED_RECORD
    assert isinstance(record, pathlib.Path)
    assert record.name == ".demo-seed.json"
