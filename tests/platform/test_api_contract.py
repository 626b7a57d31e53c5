"""The API against its own schema: schemathesis generates requests from /api/schema/ for every
operation, as an admin and as an applicant, valid and invalid alike, and runs all its checks on
each answer. No request may give a server error and no answer may differ from the schema.

The run is bounded and repeatable: a fixed number of examples per operation, derandomised
(the same examples on every run), against the test database filled with a small programme.
"""

import logging
from datetime import timedelta

import pytest
import schemathesis
import schemathesis.engine
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connections
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.throttling import SimpleRateThrottle
from schemathesis.engine import events
from schemathesis.transport.wsgi import WSGITransport

from accelerator.councils import services as councils
from cohorts.models import Question, ReviewAssignment
from matchmaking import services as matchmaking
from matchmaking.models import Suggestion
from matchmaking.services.introductions import request_introduction

from ..cohorts.conftest import make_cohort, make_submitted
from ..cohorts.fixtures_api import make_review
from ..cohorts.fixtures_mentoring import accept, make_mentor_profile, past_session, publish
from ..councils.conftest import held, make_council, make_meeting
from ..factories import make_company, make_user
from ..procurement.conftest import import_demo

# Examples per operation and generation mode (valid and invalid), for each role: with about 80
# operations this keeps the run within a few minutes on two busy cores.
EXAMPLES = 5
SEED = 20261201


@pytest.fixture
def programme(db, staff, reviewer, mentor, partner, us_owner, jp_owner, us_company, jp_company, prime, jp_machining):
    """A small programme in every area of the API: companies with suggestions and an introduction,
    an open and a running cohort with applications and reviews, mentors with sessions, a council
    with a held meeting, a decision and an action, and the demo procurement notices."""
    matchmaking.start_full_run(inline=True)
    suggestion = Suggestion.objects.filter(company=us_company, partner=jp_company).first()
    if suggestion is not None:
        request_introduction(suggestion=suggestion, user=us_owner, message="We would like to pilot SAR analytics.")

    open_cohort = make_cohort()
    Question.objects.create(
        cohort=open_cohort,
        kind=Question.Kind.LONG_TEXT,
        label_en="What would a partner across the Pacific gain from working with you?",
        label_ja="太平洋の向こう側のパートナーは、御社と組むことで何を得られますか。",
        required=True,
        position=1,
    )
    submitted = make_submitted(open_cohort, jp_company, by=jp_owner)
    make_submitted(open_cohort, jp_machining)
    ReviewAssignment.objects.create(application=submitted, reviewer=reviewer)
    make_review(submitted, reviewer, score=4, submitted=False, comment="Strong SAR heritage.")

    running = make_cohort(slug="running-2026", opens_in_days=-90, closes_in_days=-60, status="running")
    accept(running, us_company)
    accept(running, jp_company)
    us_mentor = make_mentor_profile(mentor, expertise=("sar-imagery",), functional=("us-federal-procurement",))
    jp_mentor_user = make_user(
        "mentor@tokyo.example", roles=("mentor",), display_name="田中 一郎", preferred_language="ja"
    )
    jp_mentor = make_mentor_profile(jp_mentor_user, country="JP", time_zone="Asia/Tokyo", japanese="native")
    assignment = publish(running, us_company, us_mentor, "us")
    publish(running, jp_company, jp_mentor, "jp")
    past_session(assignment, agenda="Federal procurement basics")

    council = make_council(staff, people=[(jp_owner, "chair")])
    meeting = make_meeting(staff, council)
    item = councils.add_agenda_item(
        actor=staff, meeting=meeting, title_en="Export-control bridge", title_ja="輸出管理ブリッジ", duration_minutes=30
    )
    held(meeting, days_ago=20)
    decision = councils.record_decision(
        actor=staff, meeting=meeting, item=item, text_en="Open a bridge office.", text_ja="窓口を開設する。"
    )
    councils.add_action_item(
        actor=staff,
        decision=decision,
        due_on=timezone.localdate() + timedelta(days=30),
        title_en="Draft the charter",
        owner_company=us_company,
    )
    make_meeting(staff, council, days=14, title_en="Summer plenary", title_ja="夏季総会")

    import_demo()
    make_company(legal_name="Southern Cross Launch Pty Ltd", country="AU", segments=("launch",), trl=6)


@pytest.fixture
def unthrottled(monkeypatch):
    """Thousands of requests from one token: the rate limit has tests of its own."""
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"user": "100000/hour", "anon": "100000/hour"})


@pytest.fixture
def in_process_transport(monkeypatch):
    """schemathesis 4.32 passes socket settings (max_redirects, verify, cert) to werkzeug's test
    client when some checks resend a request in-process, which werkzeug refuses: they mean
    nothing without a socket, so they are dropped here."""
    send = WSGITransport.send

    def without_socket_settings(self, case, *, session=None, **kwargs):
        for name in ("max_redirects", "verify", "cert", "proxies"):
            kwargs.pop(name, None)
        return send(self, case, session=session, **kwargs)

    monkeypatch.setattr(WSGITransport, "send", without_socket_settings)


@pytest.fixture
def in_test_transaction():
    """Requests go through the real WSGI handler, which closes the database connection after each
    one; Django's test client keeps it open (the test's data lives in its transaction), and so do we."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def contract(user) -> schemathesis.Config:
    token = Token.objects.get_or_create(user=user)[0].key
    return schemathesis.Config.from_dict(
        {
            "seed": SEED,
            # Nothing carried over from an earlier run: the same requests every time.
            "cache": {"enabled": False},
            "workers": 1,
            "generation": {"max-examples": EXAMPLES, "deterministic": True, "mode": "all"},
            "checks": {
                "enabled": True,
                # A request the schema allows may still break a rule no schema can state: an id of
                # an object the user may not see, a date before another field's, a step the
                # application's status does not allow. Those answer 400 with the reason; every
                # other answer to valid data (and any server error) still fails the run.
                "positive_data_acceptance": {
                    "expected-statuses": ["2XX", "3XX", "400", "401", "403", "404", "409", "429"]
                },
            },
            "auth": {"openapi": {"tokenAuth": {"api_key": f"Token {token}"}}},
            # Examples, fuzzing (EXAMPLES per operation and mode) and stateful sequences; the
            # coverage phase's exhaustive boundary values (2,300 requests a role) are left out to
            # keep the run bounded, the fuzzing phase sends the same kinds of invalid input.
            "phases": {"coverage": {"enabled": False}, "stateful": {"enabled": True, "max-steps": 10}},
        }
    )


def run(user) -> tuple[dict, dict]:
    """Runs every phase against the application in this thread's database transaction; returns the
    failures and the run's figures."""
    handler = WSGIHandler()
    shared = connections["default"]
    shared.inc_thread_sharing()

    def app(environ, start_response):
        # The engine calls from a worker thread: it uses the test's connection, as a live server does.
        connections["default"] = shared
        return handler(environ, start_response)

    try:
        schema = schemathesis.openapi.from_wsgi("/api/schema/", app, config=contract(user))
        figures: dict = {"operations": sum(1 for _ in schema.get_all_operations()), "cases": {}, "seconds": 0.0}
        failures: dict[tuple, str] = {}
        for event in schemathesis.engine.from_schema(schema).execute():
            if isinstance(event, events.ScenarioFinished | events.FuzzScenarioFinished):
                phase = getattr(event, "phase", "fuzz")
                figures["cases"][str(phase)] = figures["cases"].get(str(phase), 0) + len(event.recorder.cases)
                for checks in event.recorder.checks.values():
                    for check in checks:
                        if check.failure_info is not None:
                            failure = check.failure_info.failure
                            key = (event.recorder.label, check.name, failure.title)
                            failures.setdefault(key, f"{failure.message}\n{check.failure_info.code_sample}")
            elif isinstance(event, events.NonFatalError):
                failures.setdefault((event.label, "error", str(event.value)), event.info.format())
            elif isinstance(event, events.FatalError):
                failures.setdefault(("run", "fatal", str(event.exception)), repr(event.exception))
            elif isinstance(event, events.EngineFinished):
                figures["seconds"] = round(event.running_time, 1)
    finally:
        shared.dec_thread_sharing()
    return failures, figures


def report(failures: dict) -> str:
    return f"{len(failures)} problems\n\n" + "\n\n".join(
        f"{label} — {check}: {title}\n{details[:1500]}" for (label, check, title), details in sorted(failures.items())
    )


@pytest.fixture
def api_under_test(programme, unthrottled, in_test_transaction, in_process_transport, caplog):
    # Thousands of refused requests are expected; only server errors are worth a log line.
    caplog.set_level(logging.ERROR, logger="django.request")


def test_the_api_keeps_its_schema_for_an_admin(api_under_test, admin_user):
    failures, figures = run(admin_user)
    print("admin", figures)
    assert not failures, report(failures)


def test_the_api_keeps_its_schema_for_an_applicant(api_under_test, us_owner):
    failures, figures = run(us_owner)
    print("applicant", figures)
    assert not failures, report(failures)
