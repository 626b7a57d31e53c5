"""Live fetchers: SAM.gov, AusTender and Find a Tender, read over HTTP into the importers.

A fetcher is on when `PROCUREMENT_FETCHERS` names it (SAM.gov also needs `SAM_API_KEY`);
Celery beat runs the ones that are on. A run asks its source for what was published from
the end of the last window fetched in full (less an overlap, for notices a publisher dates
before it shows them) until now, page by page, and writes each page through the importer of
its format, so a notice seen before is left unchanged and a changed one becomes a version.
The run is an `ImportRun` holding its window. Only a run that read every page moves the
window on: a refusal (HTTP 429 or a server error after polite retries, a network failure,
a page of the wrong shape) is logged and kept on the run, and the next run asks again from
where the last full one ended.
"""

import datetime as dt
import io
import json
import logging
import re
import time
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accelerator.outbox.services import enqueue

from ..importers import EASTERN, FileRefused
from ..models import ImportRun
from ..permissions import require_import
from .importing import ImportResult, import_file, record_progress

logger = logging.getLogger(__name__)

SAM_URL = "https://api.sam.gov/opportunities/v2/search"
AUSTENDER_URL = "https://api.tenders.gov.au/ocds/findByDates/contractPublished/{start}/{end}"
FIND_A_TENDER_URL = "https://www.find-tender.service.gov.uk/api/1.0/ocdsReleasePackages"
RETRIED_STATUSES = {429, 500, 502, 503, 504}
CONNECT_TIMEOUT_SECONDS = 10
SAM_LONGEST_WINDOW = dt.timedelta(days=364)  # SAM.gov refuses a posted-date range over a year
FETCH_LOCK = 0x4665_7463  # one fetcher starts one run at a time (PostgreSQL advisory lock, with the fetcher)
STALE_RUN = dt.timedelta(hours=2)  # a run still "running" after this long died with its worker


class FetchFailed(Exception):
    """The source did not answer usefully; the message never holds the API key."""


class Client:
    """GETs JSON pages politely: timeouts, a User-Agent, and waits before retrying a 429 or a 5xx."""

    def __init__(self, session: requests.Session, label: str):
        self.session = session
        self.label = label
        self.requests = 0

    def get(self, url: str, params: dict | None = None) -> dict:
        attempts = max(1, settings.PROCUREMENT_FETCH_ATTEMPTS)
        problem = ""
        for attempt in range(1, attempts + 1):
            wait = None
            self.requests += 1
            try:
                response = self.session.get(
                    url,
                    params=params,
                    timeout=(CONNECT_TIMEOUT_SECONDS, settings.PROCUREMENT_FETCH_TIMEOUT_SECONDS),
                    headers={
                        "Accept": "application/json",
                        "User-Agent": f"us-japan-space-accelerator ({settings.SITE_URL})",
                    },
                )
            except requests.RequestException as error:
                # Only the kind of failure: the message of a requests error holds the URL, and SAM.gov's has the key.
                problem = _("%(failure)s from %(where)s") % {"failure": type(error).__name__, "where": _where(url)}
            else:
                if response.status_code == 200:
                    try:
                        return response.json()
                    except ValueError:
                        raise FetchFailed(
                            _("%(where)s answered with something other than JSON") % {"where": _where(url)}
                        ) from None
                problem = _("HTTP %(status)d from %(where)s") % {"status": response.status_code, "where": _where(url)}
                if response.status_code not in RETRIED_STATUSES:
                    raise FetchFailed(problem)
                wait = _retry_after(response)
            if attempt < attempts:
                backoff = 2 ** (attempt - 1) * 5
                time.sleep(min(wait if wait is not None else backoff, settings.PROCUREMENT_FETCH_MAX_WAIT_SECONDS))
        raise FetchFailed(
            ngettext("%(problem)s, %(count)d attempt", "%(problem)s, %(count)d attempts", attempts)
            % {"problem": problem, "count": attempts}
        )


def _where(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.netloc}{parts.path}"


def _retry_after(response: requests.Response) -> float | None:
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, (parsedate_to_datetime(value) - timezone.now()).total_seconds())
    except (TypeError, ValueError):
        return None


# The sources ----------------------------------------------------------------------------------


def sam_pages(client: Client, start: dt.datetime, end: dt.datetime) -> Iterator[dict]:
    """Get Opportunities v2 responses, per NAICS code, paged by limit and offset; dates are Eastern days."""
    start = max(start, end - SAM_LONGEST_WINDOW)
    limit = min(settings.PROCUREMENT_FETCH_PAGE_SIZE, 1000)
    for code in settings.PROCUREMENT_FETCH_NAICS or [""]:
        offset = 0
        while True:
            params = {
                "api_key": settings.SAM_API_KEY,
                "postedFrom": start.astimezone(EASTERN).strftime("%m/%d/%Y"),
                "postedTo": end.astimezone(EASTERN).strftime("%m/%d/%Y"),
                "limit": limit,
                "offset": offset,
            }
            if code:
                params["ncode"] = code
            page = client.get(SAM_URL, params)
            yield page
            count = len(page.get("opportunitiesData") or [])
            offset += count
            if not count or offset >= int(page.get("totalRecords") or 0):
                break


def austender_pages(client: Client, start: dt.datetime, end: dt.datetime) -> Iterator[dict]:
    """Release packages of contracts published in the window, following `links.next`."""
    moment = "%Y-%m-%dT%H:%M:%SZ"
    url = AUSTENDER_URL.format(
        start=start.astimezone(dt.UTC).strftime(moment), end=end.astimezone(dt.UTC).strftime(moment)
    )
    yield from _linked_pages(client, url, None)


def find_a_tender_pages(client: Client, start: dt.datetime, end: dt.datetime) -> Iterator[dict]:
    """Release packages updated in the window, following the cursor in `links.next`."""
    moment = "%Y-%m-%dT%H:%M:%S"
    params = {
        "updatedFrom": start.astimezone(dt.UTC).strftime(moment),
        "updatedTo": end.astimezone(dt.UTC).strftime(moment),
        "limit": settings.PROCUREMENT_FETCH_PAGE_SIZE,
    }
    yield from _linked_pages(client, FIND_A_TENDER_URL, params)


def _linked_pages(client: Client, url: str, params: dict | None) -> Iterator[dict]:
    host = urlsplit(url).netloc
    seen = set()
    for _number in range(settings.PROCUREMENT_FETCH_MAX_PAGES):
        page = client.get(url, params)
        yield page
        links = page.get("links") if isinstance(page, dict) else None
        following = links.get("next") if isinstance(links, dict) else None
        if not following or following in seen or urlsplit(following).netloc != host:
            return
        seen.add(following)
        url, params = following, None
    limit = settings.PROCUREMENT_FETCH_MAX_PAGES
    raise FetchFailed(
        ngettext("more than %(count)d page from %(where)s", "more than %(count)d pages from %(where)s", limit)
        % {"count": limit, "where": host}
    )


@dataclass(frozen=True)
class Fetcher:
    name: str
    label: str
    source: str  # the importer's format
    pages: Callable[[Client, dt.datetime, dt.datetime], Iterator[dict]]


FETCHERS = {
    fetcher.name: fetcher
    for fetcher in (
        Fetcher("sam", "SAM.gov", "sam", sam_pages),
        Fetcher("austender", "AusTender", "ocds", austender_pages),
        Fetcher("find_a_tender", "Find a Tender", "ocds", find_a_tender_pages),
    )
}


def is_on(name: str) -> bool:
    """Whether the settings turn the fetcher on; SAM.gov without an API key is off."""
    if name not in FETCHERS or name not in settings.PROCUREMENT_FETCHERS:
        return False
    return bool(settings.SAM_API_KEY) if name == "sam" else True


def space_releases(page: dict) -> dict:
    """The OCDS page with only the releases (or records) whose words name space work."""
    keywords = [word.strip() for word in settings.PROCUREMENT_FETCH_KEYWORDS if word.strip()]
    if not keywords:
        return page
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(word) for word in keywords) + r")\b", re.IGNORECASE)
    kept = dict(page)
    for key in ("releases", "records"):
        if isinstance(page.get(key), list):
            kept[key] = [item for item in page[key] if pattern.search(_words(item))]
    return kept


def _words(item) -> str:
    """The titles and descriptions anywhere in a release or record (tender, items, awards, contracts)."""
    if isinstance(item, dict):
        return " ".join(
            value if key in ("title", "description") and isinstance(value, str) else _words(value)
            for key, value in item.items()
        )
    if isinstance(item, list):
        return " ".join(_words(value) for value in item)
    return ""


# Runs ---------------------------------------------------------------------------------------


def last_window_end(name: str) -> dt.datetime | None:
    """The end of the last window the fetcher read in full."""
    return last_window_ends([name]).get(name)


def window_ends(names: Sequence[str]) -> QuerySet:
    """(fetcher, last_window_end()) of each of the fetchers named; a fetcher with none is left out."""
    return (
        ImportRun.objects.filter(fetcher__in=names, state=ImportRun.State.DONE, window_end__isnull=False)
        .values("fetcher")
        .annotate(end=Max("window_end"))
        .values_list("fetcher", "end")
        .order_by()
    )


def last_window_ends(names: list[str]) -> dict[str, dt.datetime]:
    """last_window_end() of each of the fetchers named, in one query; a fetcher with none is left out."""
    return dict(window_ends(names))


def next_window_start(name: str, now: dt.datetime) -> dt.datetime:
    end = last_window_end(name)
    if end is None:
        return now - dt.timedelta(days=settings.PROCUREMENT_FETCH_FIRST_DAYS)
    return min(end - dt.timedelta(minutes=settings.PROCUREMENT_FETCH_OVERLAP_MINUTES), now)


def _add(total: ImportResult, page: ImportResult) -> None:
    for field in ("created", "updated", "unchanged", "skipped"):
        setattr(total, field, getattr(total, field) + getattr(page, field))
    total.errors.extend(page.errors)


def new_session() -> requests.Session:
    return requests.Session()


def _lock_fetcher(name: str) -> None:
    """Held until the transaction ends (PostgreSQL advisory lock; SQLite runs one writer at a time)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [FETCH_LOCK, zlib.crc32(name.encode()) & 0x7FFFFFFF])


def fetch(*, name: str, now: dt.datetime | None = None) -> ImportRun | None:
    """Fetches the fetcher's next window and imports it; None when it is off or already running."""
    if not is_on(name):
        logger.info("The %s fetcher is off: PROCUREMENT_FETCHERS does not name it, or its API key is missing.", name)
        return None
    fetcher = FETCHERS[name]
    now = now or timezone.now()
    start = next_window_start(name, now)
    # One run per fetcher at a time: beat and a staff request may ask together, so the check
    # and the new run are one step under a lock per fetcher.
    with transaction.atomic():
        _lock_fetcher(name)
        if ImportRun.objects.filter(
            fetcher=name, state=ImportRun.State.RUNNING, created_at__gt=now - STALE_RUN
        ).exists():
            logger.info("The %s fetcher is already running.", name)
            return None
        run = ImportRun.objects.create(
            source=fetcher.source,
            fetcher=name,
            window_start=start,
            window_end=now,
            file_name=f"{fetcher.label} API {start:%Y-%m-%d %H:%M} – {now:%Y-%m-%d %H:%M} UTC",
            state=ImportRun.State.RUNNING,
        )
    result = ImportResult()
    with new_session() as session:
        client = Client(session, fetcher.label)
        try:
            for page in fetcher.pages(client, start, now):
                if fetcher.source == "ocds":
                    page = space_releases(page)
                body = json.dumps(page, ensure_ascii=False).encode()
                _add(result, import_file(source=fetcher.source, stream=io.BytesIO(body)))
                record_progress(run, result)
        except (FetchFailed, FileRefused) as failure:
            reason = failure.message if isinstance(failure, FileRefused) else str(failure)
            ImportRun.objects.filter(pk=run.pk).update(
                state=ImportRun.State.REFUSED, refusal=reason[:2000], finished_at=timezone.now()
            )
            logger.warning(
                "Fetching %s stopped (%s) after %d requests; the next run asks again from %s.",
                fetcher.label,
                reason,
                client.requests,
                start.isoformat(),
            )
            run.refresh_from_db()
            return run
        except Exception as error:
            # A fault of ours, not the source's: the run is closed (the next one may start) and the error raised.
            ImportRun.objects.filter(pk=run.pk).update(
                state=ImportRun.State.REFUSED, refusal=f"{type(error).__name__}", finished_at=timezone.now()
            )
            raise
    record_progress(run, result)
    ImportRun.objects.filter(pk=run.pk).update(
        state=ImportRun.State.DONE,
        errors=[{"position": error.position, "reason": error.reason} for error in result.errors][:500],
        finished_at=timezone.now(),
    )
    logger.info("Fetched %s %s to %s: %s", fetcher.label, start.isoformat(), now.isoformat(), result.summary)
    run.refresh_from_db()
    return run


@transaction.atomic
def request_fetch(*, user, name: str) -> None:
    """Program staff ask for a fetcher's next window now; the task runs after the commit."""
    require_import(user)
    if not is_on(name):
        raise ValidationError(_("This source is not fetched: the server's settings do not turn it on."))
    # Run in the asking person's language: a refusal is kept as text on the run.
    enqueue("procurement.tasks.fetch_live_source", fetcher=name, language=user.preferred_language)
