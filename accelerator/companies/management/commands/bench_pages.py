"""manage.py bench_pages: every list page's throughput against the framework's floor, under gunicorn.

Starts gunicorn (sync workers, DEBUG off, the configured database and cache) on a free
local port with `accelerator.bench_wsgi`, which adds a floor page: a two-byte answer
through the whole middleware stack. Signs in the demo logins by writing their sessions
(second factor given) to the database and, as a browser holds it after signing in, a CSRF
cookie beside each session; then, round after round, fires a fixed number of
requests from a few client threads at the floor and right after at each list page.
Prints one line per page and last the worst:

    page=directory rps=123.4 ratio=0.52
    worst_ratio=0.41

A page's ratio is its requests per second over the floor's measured just before it
(median over the rounds), so a machine that gets busier mid-run skews both alike.
Needs the demo data (`manage.py seed_demo`, `--force` with DEBUG off); the sessions it
writes are deleted at the end.
"""

import http.client
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Count
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.urls import reverse

from accelerator.accounts.models import User
from accelerator.bench_urls import FLOOR_PATH
from accelerator.companies.models import Company
from cohorts.models import Cohort

STAFF = "staff@demo.accelerator.example"
US_FOUNDER = "us-founder@demo.accelerator.example"
JP_FOUNDER = "jp-founder@demo.accelerator.example"
PARTNER = "partner@demo.accelerator.example"
REVIEWER = "reviewer@demo.accelerator.example"
MENTOR = "mentor@demo.accelerator.example"
COUNCIL = "council@demo.accelerator.example"


@dataclass(frozen=True)
class Page:
    name: str
    login: str
    path: str


class Command(BaseCommand):
    help = "Serves the site with gunicorn and prints each list page's throughput over a trivial page's."

    def add_arguments(self, parser):
        # Rounds of a few hundred requests: shorter or fewer scatter a page's ratio by ±0.08 on 2 cores.
        parser.add_argument("--requests", type=int, default=300, help="Requests per page per round.")
        parser.add_argument("--rounds", type=int, default=5)
        parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers.")
        parser.add_argument("--concurrency", type=int, default=4, help="Client threads.")
        parser.add_argument("--only", default="", help="Comma-separated page names to measure.")
        parser.add_argument(
            "--skip-collectstatic", action="store_true", help="Static files are already collected (DEBUG off)."
        )

    def handle(self, *args, requests, rounds, workers, concurrency, only, skip_collectstatic, **options):
        if min(requests, rounds, workers, concurrency) < 1:
            raise CommandError("--requests, --rounds, --workers and --concurrency must be at least 1.")
        self.workers = workers
        pages = self.pages()
        if only:
            wanted = set(only.split(","))
            unknown = wanted - {page.name for page in pages}
            if unknown:
                raise CommandError(f"Unknown pages: {', '.join(sorted(unknown))}.")
            pages = [page for page in pages if page.name in wanted]
        cookies = self.sign_in({page.login for page in pages} | {STAFF})
        try:
            environment = self.server_environment()
            if not skip_collectstatic:
                self.stderr.write("Collecting static files (DEBUG off)…")
                subprocess.run(
                    [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
                    env=environment,
                    check=True,
                    cwd=settings.BASE_DIR,
                )
            with self.gunicorn(environment, workers) as port:
                self.measure(port, pages, cookies, requests=requests, rounds=rounds, concurrency=concurrency)
        finally:
            SessionStore.get_model_class().objects.filter(session_key__in=cookies.values()).delete()

    def pages(self) -> list[Page]:
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            raise CommandError("The database is not migrated: run `manage.py migrate` first.")
        if not Company.objects.exists() or not User.objects.filter(email=STAFF).exists():
            raise CommandError(
                "The database has no demo data: run `manage.py seed_demo` first "
                "(`seed_demo --force` with DEBUG off), then `manage.py match_all`."
            )
        busiest = Cohort.objects.annotate(applications_count=Count("applications")).order_by("-applications_count")
        cohort = busiest.first()
        if cohort is None:
            raise CommandError("The database has no cohort: run `manage.py seed_demo` first.")
        running = Cohort.objects.filter(status=Cohort.Status.RUNNING).first() or cohort
        return [
            Page("directory", US_FOUNDER, reverse("companies:directory")),
            Page("directory_ja", JP_FOUNDER, reverse("companies:directory")),
            Page("directory_filtered", US_FOUNDER, reverse("companies:directory") + "?country=JP&trl_min=4"),
            Page("directory_search", JP_FOUNDER, reverse("companies:directory") + "?q=satellite&page=1"),
            Page("my_companies", US_FOUNDER, reverse("companies:mine")),
            Page("matches", US_FOUNDER, reverse("matchmaking:matches")),
            Page("introductions", US_FOUNDER, reverse("matchmaking:introductions")),
            Page("match_runs", STAFF, reverse("matchmaking:runs")),
            Page("cohorts", US_FOUNDER, reverse("cohorts:list")),
            Page("my_applications", US_FOUNDER, reverse("cohorts:my_applications")),
            Page("reviews", REVIEWER, reverse("cohorts:reviews")),
            Page("staff_cohorts", STAFF, reverse("cohorts:staff_list")),
            Page("staff_applications", STAFF, reverse("cohorts:applications", kwargs={"slug": cohort.slug})),
            Page("staff_mentors", STAFF, reverse("cohorts:staff_mentors")),
            Page("staff_mentoring", STAFF, reverse("cohorts:staff_mentoring", kwargs={"slug": running.slug})),
            Page("mentoring", MENTOR, reverse("cohorts:mentoring")),
            Page("opportunities", US_FOUNDER, reverse("procurement:list")),
            Page("opportunities_ja", JP_FOUNDER, reverse("procurement:list")),
            Page("opportunities_filtered", US_FOUNDER, reverse("procurement:list") + "?q=satellite&country=US"),
            Page("saved_opportunities", US_FOUNDER, reverse("procurement:saved")),
            Page("opportunity_imports", STAFF, reverse("procurement:imports")),
            Page("bid_teams", US_FOUNDER, reverse("procurement:teams")),
            Page("bid_pipeline", STAFF, reverse("procurement:pipeline")),
            Page("councils", COUNCIL, reverse("councils:home")),
            Page("council_tracker", COUNCIL, reverse("councils:tracker")),
            Page("council_actions", COUNCIL, reverse("councils:actions")),
        ]

    def sign_in(self, logins: set[str]) -> dict[str, str]:
        """A session cookie per login, as a sign-in with the second factor would leave it."""
        cookies = {}
        for user in User.objects.filter(email__in=logins):
            session = SessionStore()
            session[SESSION_KEY] = str(user.pk)
            session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
            session[HASH_SESSION_KEY] = user.get_session_auth_hash()
            session[AUTHENTICATION_METHODS_SESSION_KEY] = [{"method": "mfa", "type": "totp", "at": time.time()}]
            session[f"{AUTHENTICATION_METHODS_SESSION_KEY}_user"] = str(user.pk)
            session.create()
            cookies[user.email] = session.session_key
        missing = logins - cookies.keys()
        if missing:
            raise CommandError(f"Demo logins missing: {', '.join(sorted(missing))}. Run `manage.py seed_demo`.")
        return cookies

    def server_environment(self) -> dict[str, str]:
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "accelerator.settings",
            "DEBUG": "false",
            # The sessions written here are signed with this process's key.
            "SECRET_KEY": settings.SECRET_KEY,
            "ALLOWED_HOSTS": "127.0.0.1",
            "PYTHONUNBUFFERED": "1",
        }

    def gunicorn(self, environment: dict[str, str], workers: int):
        command = self

        class Server:
            def __enter__(self) -> int:
                self.port = free_port()
                self.log = tempfile.NamedTemporaryFile("w+", prefix="bench-pages-", suffix=".log", delete=False)
                gunicorn = Path(sys.executable).with_name("gunicorn")
                self.process = subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
                    [
                        str(gunicorn),
                        "accelerator.bench_wsgi:application",
                        "--bind",
                        f"127.0.0.1:{self.port}",
                        "--workers",
                        str(workers),
                        "--worker-class",
                        "sync",
                    ],
                    env=environment,
                    cwd=settings.BASE_DIR,
                    stdout=self.log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
                command.stderr.write(f"gunicorn pid {self.process.pid} on 127.0.0.1:{self.port}, log {self.log.name}")
                deadline = time.monotonic() + 60
                while time.monotonic() < deadline:
                    if self.process.poll() is not None:
                        raise CommandError(f"gunicorn exited ({self.process.returncode}); see {self.log.name}")
                    try:
                        if get(self.port, FLOOR_PATH, "")[0] == 200:
                            return self.port
                    except OSError:
                        pass
                    time.sleep(0.2)
                raise CommandError(f"gunicorn did not answer within 60 s; see {self.log.name}")

            def __exit__(self, *exc_info) -> None:
                if self.process.poll() is None:
                    self.process.send_signal(signal.SIGTERM)
                    try:
                        self.process.wait(timeout=30)
                    except subprocess.TimeoutExpired:
                        self.process.kill()
                        self.process.wait()
                self.log.close()
                if exc_info[0] is None:
                    os.unlink(self.log.name)

        return Server()

    def measure(self, port, pages, sessions, *, requests, rounds, concurrency) -> None:
        floor = Page("floor", STAFF, FLOOR_PATH)
        cookies = {login: browser_cookies(session_key) for login, session_key in sessions.items()}
        for page in pages:  # every worker warms each page, and any refusal shows now
            for _attempt in range(concurrency * 2):
                status, body = get(port, page.path, cookies[page.login])
                if status != 200:
                    raise CommandError(f"{page.name} ({page.path}) answered {status}: {body[:200]!r}")
        ratios: dict[str, list[float]] = {page.name: [] for page in pages}
        rates: dict[str, list[float]] = {page.name: [] for page in pages}
        floors: list[float] = []
        with ThreadPoolExecutor(max_workers=concurrency) as pool:
            for number in range(1, rounds + 1):
                self.stderr.write(f"round {number}/{rounds}")
                for page in pages:
                    floor_rate = fire(pool, port, floor.path, cookies[floor.login], requests)
                    page_rate = fire(pool, port, page.path, cookies[page.login], requests)
                    floors.append(floor_rate)
                    rates[page.name].append(page_rate)
                    ratios[page.name].append(page_rate / floor_rate)
        load = " ".join(f"{figure:.2f}" for figure in os.getloadavg())
        self.stdout.write(
            f"floor rps={statistics.median(floors):.1f} workers={self.workers} "
            f"requests={requests} rounds={rounds} concurrency={concurrency} load_average={load}"
        )
        for page in pages:
            self.stdout.write(
                f"page={page.name} rps={statistics.median(rates[page.name]):.1f} "
                f"ratio={statistics.median(ratios[page.name]):.2f}"
            )
        worst = min(pages, key=lambda page: statistics.median(ratios[page.name]))
        self.stdout.write(f"worst_ratio={statistics.median(ratios[worst.name]):.2f} page={worst.name}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def browser_cookies(session_key: str) -> str:
    """The Cookie header of a signed-in browser: its session and the CSRF cookie the sign-in form set."""
    signing_in = HttpRequest()
    get_token(signing_in)
    return f"{settings.SESSION_COOKIE_NAME}={session_key}; {settings.CSRF_COOKIE_NAME}={signing_in.META['CSRF_COOKIE']}"


def get(port: int, path: str, cookie: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        headers = {"X-Forwarded-Proto": "https", "Host": "127.0.0.1", "Cookie": cookie}
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def fire(pool: ThreadPoolExecutor, port: int, path: str, cookie: str, requests: int) -> float:
    """Requests per second over `requests` GETs of `path` from the pool's threads."""
    started = time.perf_counter()
    statuses = list(pool.map(lambda _number: get(port, path, cookie)[0], range(requests)))
    elapsed = time.perf_counter() - started
    failed = len([status for status in statuses if status != 200])
    if failed:
        raise CommandError(f"{path}: {failed} of {requests} requests failed ({sorted(set(statuses))}).")
    return requests / elapsed
