"""The shared cast every test uses, so permission tests read the same way everywhere."""

import importlib
import os
import time
import uuid

import pytest
from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from django.apps import apps
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone, translation

from accelerator.celery import app as celery_app
from matchmaking import snapshots as match_snapshots
from matchmaking.services import runs as match_runs

from .factories import make_company, make_user

# Fixtures that live in modules of their own: a real SMTP server, private pitch-deck storage
# in a temporary folder, the small market of the matchmaking tests, and bid teams.
pytest_plugins = [
    "tests.mail_receiver",
    "tests.cohorts.pitch_decks",
    "tests.matchmaking.small_market",
    "tests.procurement.teams",
]


def pytest_runtest_setup(item):
    """Tests marked `postgres` race real transactions: SQLite, which locks the whole file,
    cannot run them. They skip there (the default `make test`), and fail where CI requires
    the services."""
    if item.get_closest_marker("postgres") and connection.vendor != "postgresql":
        reason = "needs PostgreSQL: SQLite has no row locks; set DATABASE_URL to a PostgreSQL database"
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail(f"{reason} (REQUIRE_SERVICES=1)")
        pytest.skip(reason)


@pytest.fixture(autouse=True)
def _fast_and_in_process(settings, request, tmp_path_factory):
    settings.DEMO_SEED_RECORD = tmp_path_factory.getbasetemp() / "demo-seed.json"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Each test starts with an empty cache of its own: sign-up rate limits and the like
    # must not carry over from an earlier test or an earlier run against the shared Redis.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}}
    cache.clear()
    # Match runs store their fitted models in a folder of the test's own; what this process
    # remembers of earlier runs (whose ids the next test's database may reuse) is forgotten.
    settings.MATCHMAKING_RUN_DIR = tmp_path_factory.getbasetemp() / f"match-runs-{uuid.uuid4().hex}"
    match_snapshots._loaded.clear()
    match_runs._fitted.clear()
    if "integration" not in request.keywords:
        settings.CELERY_TASK_ALWAYS_EAGER = True
        celery_app.conf.task_always_eager = True
    yield
    # A request leaves the language it chose (from its cookie or Accept-Language header)
    # active on the thread; the next test starts in the default language and zone.
    translation.activate(django_settings.LANGUAGE_CODE)
    timezone.deactivate()


@pytest.fixture(autouse=True)
def _second_factor_passed_on_force_login(request, monkeypatch):
    """Sessions made with force_login count as having given the second factor.

    Staff, superusers and reviewers must pass one before their pages; tests about other
    things sign them in with force_login. Tests of the second factor itself are marked
    `second_factor` and get sessions as they really are.
    """
    if "second_factor" in request.keywords:
        return
    from django.test import Client

    force_login = Client.force_login

    def force_login_with_second_factor(self, user, backend=None):
        force_login(self, user, backend)
        session = self.session
        session[AUTHENTICATION_METHODS_SESSION_KEY] = [{"method": "mfa", "type": "totp", "at": time.time()}]
        session[f"{AUTHENTICATION_METHODS_SESSION_KEY}_user"] = str(user.pk)
        session.save()

    monkeypatch.setattr(Client, "force_login", force_login_with_second_factor)


@pytest.fixture
def vocabularies(transactional_db):
    """Puts back the vocabularies a migration loads: transactional tests empty every table."""
    importlib.import_module("accelerator.companies.migrations.0002_taxonomies").load(apps, None)


@pytest.fixture
def us_owner(db):
    return make_user("owner@orbitworks.example", display_name="Dana Whitfield", time_zone="America/New_York")


@pytest.fixture
def jp_owner(db):
    return make_user("owner@hoshi.example", display_name="佐藤 花子", preferred_language="ja", time_zone="Asia/Tokyo")


@pytest.fixture
def member(db):
    return make_user("member@orbitworks.example", display_name="Sam Ortiz")


@pytest.fixture
def outsider(db):
    return make_user("outsider@example.com", display_name="Olive Outsider")


@pytest.fixture
def staff(db):
    return make_user("staff@accelerator.example", roles=("staff",), display_name="Program Staff", is_staff=True)


@pytest.fixture
def reviewer(db):
    return make_user("reviewer@example.com", roles=("reviewer",), display_name="Rae Reviewer")


@pytest.fixture
def mentor(db):
    return make_user("mentor@example.com", roles=("mentor",), display_name="Mo Mentor")


@pytest.fixture
def partner(db):
    return make_user("partner@prime.example", roles=("partner",), display_name="Pat Partner")


@pytest.fixture
def admin_user(db):
    return make_user("admin@accelerator.example", is_staff=True, is_superuser=True, display_name="Admin")


@pytest.fixture
def us_company(us_owner, member):
    return make_company(
        owner=us_owner,
        members=(member,),
        legal_name="Orbitworks Analytics Inc.",
        country="US",
        description_en="SAR image analytics for maritime customers.",
        segments=("earth-observation", "space-data"),
        technology_areas=("tx11",),
        offers=("image-analytics",),
        needs=("sar-imagery",),
        trl=7,
    )


@pytest.fixture
def jp_company(jp_owner):
    return make_company(
        owner=jp_owner,
        legal_name="Hoshi SAR K.K.",
        name_ja="株式会社ほしSAR",
        country="JP",
        description_en="A constellation of small SAR satellites.",
        description_ja="小型SAR衛星コンステレーションを運用しています。",
        segments=("earth-observation",),
        technology_areas=("tx08",),
        offers=("sar-imagery",),
        needs=("us-market-access",),
        trl=8,
    )
