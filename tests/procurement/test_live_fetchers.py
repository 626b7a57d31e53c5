"""Live fetchers over recorded responses: the HTTP boundary is replaced, the network is never reached."""

import contextlib
import datetime as dt
import json
import logging
import threading
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.db import connection, connections
from django.db.models import QuerySet
from django.urls import reverse
from requests.structures import CaseInsensitiveDict

from accelerator.outbox.models import OutboxTask
from accelerator.settings import live_fetch_schedule
from procurement.models import ImportRun, Opportunity, OpportunityVersion
from procurement.services.fetching import fetch, is_on, last_window_end, next_window_start

FIXTURES = Path(__file__).parent / "fixtures"
NOW = dt.datetime(2026, 12, 1, 0, 0, tzinfo=dt.UTC)
SAM = "https://api.sam.gov/opportunities/v2/search"
AUSTENDER = "https://api.tenders.gov.au/ocds/findByDates/contractPublished/"
FIND_A_TENDER = "https://www.find-tender.service.gov.uk/api/1.0/ocdsReleasePackages"


class RecordedHttp:
    """Answers requests from recorded files by URL and query; any other request fails the test."""

    def __init__(self):
        self.routes = []
        self.requests = []

    def add(self, url, file, *, status=200, headers=None, **query):
        self.routes.append((url, query, file, status, headers or {}))

    def send(self, adapter, request):
        self.requests.append(request)
        parts = urlsplit(request.url)
        query = {key: values[0] for key, values in parse_qs(parts.query).items()}
        for url, wanted, file, status, headers in self.routes:
            if request.url.startswith(url) and all(query.get(key) == str(value) for key, value in wanted.items()):
                response = requests.Response()
                response.status_code = status
                response._content = (FIXTURES / file).read_bytes()
                response.headers = CaseInsensitiveDict({"Content-Type": "application/json", **headers})
                response.url = request.url
                response.request = request
                response.encoding = "utf-8"
                return response
        raise AssertionError(f"No recorded response for {parts.netloc}{parts.path}")


@pytest.fixture
def recorded(monkeypatch, settings):
    http = RecordedHttp()
    monkeypatch.setattr(
        requests.adapters.HTTPAdapter, "send", lambda adapter, request, **kw: http.send(adapter, request)
    )
    settings.PROCUREMENT_FETCH_MAX_WAIT_SECONDS = 0
    settings.PROCUREMENT_FETCH_PAGE_SIZE = 2
    settings.PROCUREMENT_FETCH_NAICS = ["336414", "927110"]
    return http


@pytest.fixture
def sam_on(settings):
    settings.PROCUREMENT_FETCHERS = ["sam", "austender", "find_a_tender"]
    settings.SAM_API_KEY = "test-key-not-real"


def _sam_pages(recorded):
    recorded.add(SAM, "sam-927110-page-1.json", ncode="927110", offset=0)
    recorded.add(SAM, "sam-927110-page-2.json", ncode="927110", offset=2)
    recorded.add(SAM, "sam-empty.json", ncode="336414")


def test_sam_pages_are_imported_once_and_a_second_run_changes_nothing(recorded, sam_on, db):
    _sam_pages(recorded)
    run = fetch(name="sam", now=NOW)
    assert (run.state, run.summary) == ("done", "created=3 updated=0 unchanged=0 skipped=0")
    assert run.window_end == NOW and run.window_start == NOW - dt.timedelta(days=7)
    titles = set(Opportunity.objects.values_list("title", flat=True))
    assert "Lunar surface payload delivery: mission concept studies" in titles and len(titles) == 3
    first = recorded.requests[0]
    query = parse_qs(urlsplit(first.url).query)
    assert query["api_key"] == ["test-key-not-real"] and query["limit"] == ["2"]
    assert (query["postedFrom"], query["postedTo"]) == (["11/23/2026"], ["11/30/2026"])  # Eastern days
    assert first.headers["User-Agent"].startswith("us-japan-space-accelerator")

    versions = OpportunityVersion.objects.count()
    later = NOW + dt.timedelta(hours=24)
    again = fetch(name="sam", now=later)
    assert again.summary == "created=0 updated=0 unchanged=3 skipped=0"
    assert again.window_start == NOW - dt.timedelta(minutes=60)
    assert Opportunity.objects.count() == 3 and OpportunityVersion.objects.count() == versions
    assert last_window_end("sam") == later


def test_ocds_fetchers_follow_next_links_and_keep_space_notices(recorded, sam_on, db):
    recorded.add(AUSTENDER + "2026-11-24T00:00:00Z/2026-12-01T00:00:00Z?page=2", "austender-page-2.json")
    recorded.add(AUSTENDER + "2026-11-24T00:00:00Z/2026-12-01T00:00:00Z", "austender-page-1.json")
    recorded.add(FIND_A_TENDER, "find-a-tender-page-2.json", cursor="MjAyNi0xMS0yN1QxMDowMDowMHwwNDExMjE=")
    recorded.add(FIND_A_TENDER, "find-a-tender-page-1.json", limit=2)

    assert fetch(name="austender", now=NOW).summary == "created=3 updated=0 unchanged=0 skipped=0"
    assert fetch(name="find_a_tender", now=NOW).summary == "created=2 updated=0 unchanged=0 skipped=0"
    assert set(Opportunity.objects.filter(country="GB").values_list("title", flat=True)) == {
        "In-orbit servicing demonstration: rendezvous sensors",
        "Satellite data for flood risk mapping",
    }  # the office furniture tender is not space work
    assert Opportunity.objects.filter(country="AU").count() == 3
    asked = parse_qs(urlsplit(recorded.requests[2].url).query)
    assert (asked["updatedFrom"], asked["updatedTo"]) == (["2026-11-24T00:00:00"], ["2026-12-01T00:00:00"])
    assert fetch(name="find_a_tender", now=NOW + dt.timedelta(hours=1)).summary == (
        "created=0 updated=0 unchanged=2 skipped=0"
    )


@pytest.mark.parametrize("status", [429, 500])
def test_a_refusal_leaves_the_window_and_is_logged(recorded, sam_on, db, caplog, status):
    _sam_pages(recorded)
    fetch(name="sam", now=NOW)
    recorded.routes.clear()
    recorded.add(SAM, "sam-429.json", status=status, headers={"Retry-After": "30"})
    later = NOW + dt.timedelta(days=1)
    with caplog.at_level(logging.WARNING, logger="procurement.services.fetching"):
        run = fetch(name="sam", now=later)
    assert run.state == "refused" and f"HTTP {status} from api.sam.gov/opportunities/v2/search" in run.refusal
    assert len(recorded.requests) == 3 + 3  # the first run's three pages, then three polite attempts
    assert last_window_end("sam") == NOW
    assert next_window_start("sam", later) == NOW - dt.timedelta(minutes=60)
    [record] = [record for record in caplog.records if record.levelno >= logging.WARNING]
    assert "Fetching SAM.gov stopped" in record.getMessage() and "test-key-not-real" not in record.getMessage()
    assert "test-key-not-real" not in run.refusal


def test_a_network_failure_never_shows_the_key(recorded, sam_on, db, monkeypatch):
    def refuse(adapter, request, **kwargs):
        raise requests.ConnectionError(f"Max retries exceeded with url: {request.url}")

    monkeypatch.setattr(requests.adapters.HTTPAdapter, "send", refuse)
    run = fetch(name="sam", now=NOW)
    assert run.state == "refused" and "ConnectionError" in run.refusal and "test-key" not in run.refusal
    assert last_window_end("sam") is None


def test_a_missing_key_or_an_unnamed_fetcher_is_off(recorded, settings, db):
    settings.PROCUREMENT_FETCHERS = ["sam", "austender"]
    settings.SAM_API_KEY = ""
    assert (is_on("sam"), is_on("austender"), is_on("find_a_tender")) == (False, True, False)
    assert fetch(name="sam", now=NOW) is None
    assert fetch(name="find_a_tender", now=NOW) is None
    assert recorded.requests == [] and not ImportRun.objects.exists()


def test_a_page_of_the_wrong_shape_is_refused_and_keeps_the_window(recorded, sam_on, db):
    recorded.add(SAM, "find-a-tender-page-2.json")  # an OCDS package where SAM.gov's answer should be
    run = fetch(name="sam", now=NOW)
    assert run.state == "refused" and "opportunitiesData" in run.refusal
    assert last_window_end("sam") is None and not Opportunity.objects.exists()


def test_beat_runs_only_the_fetchers_that_are_on():
    assert live_fetch_schedule([], "key") == {}
    assert set(live_fetch_schedule(["sam", "find_a_tender"], "")) == {"procurement-fetch-find_a_tender"}
    entry = live_fetch_schedule(["sam"], "key")["procurement-fetch-sam"]
    assert entry["task"] == "procurement.tasks.fetch_live_source" and entry["kwargs"] == {"fetcher": "sam"}


def test_staff_fetch_now_through_the_outbox(
    client, staff, us_owner, recorded, sam_on, django_capture_on_commit_callbacks
):
    _sam_pages(recorded)
    client.force_login(us_owner)
    assert client.post(reverse("procurement:fetch_now"), {"fetcher": "sam"}).status_code == 403
    client.force_login(staff)
    page = client.get(reverse("procurement:imports"), HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert "SAM.gov" in page and "Find a Tender" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("procurement:fetch_now"), {"fetcher": "sam"})
    assert response.status_code == 302
    assert OutboxTask.objects.get().task == "procurement.tasks.fetch_live_source"
    assert ImportRun.objects.get(fetcher="sam").state == "done"
    assert json.loads(json.dumps(OutboxTask.objects.get().kwargs)) == {"fetcher": "sam", "language": "en"}


def test_a_refusal_of_a_fetch_asked_for_in_japanese_reads_in_japanese(
    client, staff, recorded, sam_on, django_capture_on_commit_callbacks
):
    staff.preferred_language = "ja"
    staff.save()
    recorded.add(SAM, "sam-429.json", status=404)
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("procurement:fetch_now"), {"fetcher": "sam"})
    run = ImportRun.objects.get(fetcher="sam")
    assert run.state == "refused"
    assert run.refusal.startswith("api.sam.gov/opportunities/v2/search からの HTTP 404")
    assert " from " not in run.refusal


@pytest.mark.django_db(transaction=True)
def test_two_fetches_asked_together_make_one_run(recorded, sam_on, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writer at a time: run this on PostgreSQL")
    _sam_pages(recorded)
    both_checked = threading.Barrier(2, timeout=3)
    exists = QuerySet.exists

    def checked_then_wait(queryset):
        answer = exists(queryset)
        if queryset.model is ImportRun:
            with contextlib.suppress(threading.BrokenBarrierError):
                both_checked.wait()  # without a lock, both see no run here and both start one
        return answer

    monkeypatch.setattr(QuerySet, "exists", checked_then_wait)

    def fetch_in_thread():
        try:
            fetch(name="sam", now=NOW)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=fetch_in_thread) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert ImportRun.objects.filter(fetcher="sam").count() == 1


def test_a_source_with_too_many_pages_is_refused_in_the_language_asked(recorded, sam_on, db, settings):
    from django.utils import translation

    settings.PROCUREMENT_FETCH_MAX_PAGES = 1
    recorded.add(AUSTENDER + "2026-11-24T00:00:00Z/2026-12-01T00:00:00Z", "austender-page-1.json")
    with translation.override("ja"):
        run = fetch(name="austender", now=NOW)
    assert run.state == "refused"
    assert "api.tenders.gov.au" in run.refusal
    assert "more than" not in run.refusal and " from " not in run.refusal
