"""manage.py bench_list --notices N: how fast the opportunity list answers filtered pages over N rows.

Makes sure N generated opportunities exist (SAM.gov notices, English and Japanese OCDS
releases, imported through the real importers, kept for the next run), then requests
filtered list pages as a signed-in user through the whole stack (middleware, filters,
pagination, templates) and prints last:
rows=N requests=R p50_ms=… p95_ms=… max_ms=… queries=MIN-MAX
"""

import statistics
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accelerator.accounts.models import User
from procurement.benchmarks import PREFIX, japanese_release, sam_notice, tender_release, write_file
from procurement.models import Opportunity
from procurement.services.importing import import_file

# The filtered pages people ask for: search in both languages, codes, countries, windows, deep pages.
PAGES = [
    {},
    {"q": "imagery"},
    {"q": "launch services"},
    {"q": "衛星データ"},
    {"q": "ローバー", "country": "JP"},
    {"country": "US", "classification": "3364"},
    {"classification": "81151600", "currency": "JPY", "value_min": "10005000"},
    {"closes_within": "60", "ordering": "-value"},
    {"set_aside": "SBA", "status": "active"},
    {"buyer": "Goddard", "deadline_after": "2027-03-01", "deadline_before": "2027-05-31"},
    {"marker": "none", "source": "ocds", "ordering": "-posted"},
    {"page": "40"},
    {"q": "propulsion", "page": "3"},
]


class Command(BaseCommand):
    help = "Times filtered pages of the opportunity list over N generated opportunities."

    def add_arguments(self, parser):
        parser.add_argument("--notices", type=int, default=100_000)
        parser.add_argument("--rounds", type=int, default=10)

    def handle(self, *args, notices, rounds, **options):
        self._ensure_rows(notices)
        rows = Opportunity.objects.count()
        user, _created = User.objects.get_or_create(
            email="bench-list@example.com", defaults={"preferred_language": "ja", "time_zone": "Asia/Tokyo"}
        )
        client = Client()
        client.force_login(user)
        timings: list[float] = []
        queries: list[int] = []
        with override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
            for params in PAGES:  # warm the caches a server keeps warm
                client.get(self._url(params), secure=True)
            for _round in range(rounds):
                for params in PAGES:
                    with CaptureQueriesContext(connection) as captured:
                        started = time.perf_counter()
                        response = client.get(self._url(params), secure=True)
                        timings.append((time.perf_counter() - started) * 1000)
                    if response.status_code != 200:
                        raise RuntimeError(f"{self._url(params)} answered {response.status_code}")
                    queries.append(len(captured.captured_queries))
        by_page = len(PAGES)
        for index, params in enumerate(PAGES):
            page_times = sorted(timings[index::by_page])
            self.stderr.write(f"{urlencode(params) or '(default)'}: median_ms={statistics.median(page_times):.0f}")
        ordered = sorted(timings)
        p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
        self.stdout.write(
            f"rows={rows} requests={len(timings)} p50_ms={statistics.median(ordered):.0f} p95_ms={p95:.0f} "
            f"max_ms={ordered[-1]:.0f} queries={min(queries)}-{max(queries)}"
        )

    def _url(self, params: dict) -> str:
        return f"{reverse('procurement:list')}?{urlencode(params)}"

    def _ensure_rows(self, notices: int) -> None:
        have = Opportunity.objects.filter(source_id__contains=f"{PREFIX}-").count()
        if have >= notices:
            return
        self.stderr.write(f"Generating {notices} opportunities ({have} there)…")
        third = notices // 3
        with tempfile.TemporaryDirectory() as folder:
            files = [
                ("sam", "opportunitiesData", third, sam_notice),
                ("ocds", "releases", third, tender_release),
                ("ocds", "releases", notices - 2 * third, japanese_release),
            ]
            for number, (source, key, count, build) in enumerate(files):
                path = Path(folder) / f"{number}.json"
                write_file(path, key, count, build)
                with open(path, "rb") as stream:
                    self.stderr.write(f"{source}: {import_file(source=source, stream=stream).summary}")
