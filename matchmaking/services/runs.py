"""Match runs: computing suggestions for every company, or for one after its profile changed.

How a company's list is made, in order:
1. the engine ranks every company against all others (`matchmaking.engine`);
2. partner organisations (corporates, primes, agencies) are shown startups only;
   startups see startups and partner organisations (`engine.allowed_pairs`);
3. feedback re-ranks the list (the rule below, `engine.feedback_lean`);
4. the best `TOP` remain (`engine.cut_top`). They replace the company's previous list in
   one transaction, so a reader sees the old list or the new one, never a mix.

Feedback rule: each company leans towards the market segments of partners it saved (+1
each) or had an introduction accepted with (+2 each), and away from the segments of
partners it dismissed (−1 each). The lean per segment is clipped to ±3; a candidate gains
`FEEDBACK_WEIGHT` × (sum of the lean over its segments), clipped to ±`FEEDBACK_CAP`.
"""

import logging
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import numpy as np
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from scipy import sparse

from accelerator.accounts.models import User
from accelerator.companies.models import Company
from accelerator.copy_rows import copy_rows
from accelerator.outbox.services import enqueue, recently_enqueued
from accelerator.permissions import require_program_staff

from .. import engine, snapshots
from ..models import InboxItem, Introduction, MatchRun, MatchRunChunk, RunResult, Suggestion
from ..profiles import Population, load_population, pair_fingerprint
from .inbox import announce_suggestions

logger = logging.getLogger(__name__)

TOP = 10
CANDIDATES = 30  # ranked by the product before the mutual lift, partner-kind rules and feedback cut the list to TOP
FEEDBACK_WEIGHT = engine.FEEDBACK_WEIGHT
FEEDBACK_CAP = engine.FEEDBACK_CAP
STALE_RUN_HOURS = 6
COMPUTE_CHUNK = "matchmaking.tasks.compute_chunk"
REFRESH_COMPANY = "matchmaking.tasks.refresh_company"
FITTING_LOCK = 0x4D61_7466  # one worker fits a run's models (PostgreSQL advisory lock, with the run id)


# Computing ---------------------------------------------------------------------------------


def _feedback_lean(population: Population) -> sparse.csr_matrix:
    """Each company's lean towards market segments, from its saves, dismissals and introductions.

    Feedback is read whole (it is what members clicked: small beside the suggestions) and
    matched to rows here, rather than filtered by a list of every company's id.
    """
    n = len(population.profiles)
    ids = population.profiles.ids
    weights: dict[str, float] = {Suggestion.Status.SAVED: 1.0, Suggestion.Status.DISMISSED: -1.0}
    entries = [
        (company_id, partner_id, weights[status])
        for company_id, partner_id, status in Suggestion.objects.filter(status__in=list(weights)).values_list(
            "company_id", "partner_id", "status"
        )
    ]
    for requester_id, recipient_id in Introduction.objects.filter(status=Introduction.Status.ACCEPTED).values_list(
        "requester_id", "recipient_id"
    ):
        entries += [(requester_id, recipient_id, 2.0), (recipient_id, requester_id, 2.0)]
    pairs = np.array([(a, b) for a, b, _w in entries], dtype=np.int64).reshape(-1, 2)
    rows = np.searchsorted(ids, pairs).clip(0, max(n - 1, 0))
    known = (ids[rows] == pairs).all(axis=1) if n else np.zeros(len(pairs), dtype=bool)
    sources, targets = rows[known, 0], rows[known, 1]
    values = np.array([w for _a, _b, w in entries], dtype=np.float32)[known]
    return engine.feedback_lean(n, population.profiles.segments, sources, targets, values)


def compute(population: Population, rows: np.ndarray, features=None) -> list[dict]:
    """The ranked suggestions for the given rows, as dicts ready to store."""
    profiles = population.profiles
    rows = np.asarray(rows, dtype=np.int64)
    rows = rows[~population.empty[rows]]
    if len(rows) == 0 or len(profiles) < 2:
        return []
    features = features if features is not None else engine.build_features(profiles)
    sources, targets, scores = engine.top_pairs(profiles, features, top=CANDIDATES, rows=rows)
    allowed = engine.allowed_pairs(population.is_partner, population.empty, sources, targets)
    sources, targets, scores = sources[allowed], targets[allowed], scores[allowed]
    scores = engine.rescore(profiles, features, sources, targets, scores)
    ranked = scores + engine.feedback_bonus(_feedback_lean(population), profiles.segments, sources, targets)
    sources, targets, ranked, ranks = engine.cut_top(sources, targets, ranked, top=TOP)
    if len(sources) == 0:
        return []
    explained = engine.explain(profiles, features, sources, targets)
    results = []
    for source, target, score, rank, item in zip(sources, targets, ranked, ranks, explained, strict=True):
        results.append(
            {
                "company_id": int(profiles.ids[source]),
                "partner_id": int(profiles.ids[target]),
                "rank": int(rank),
                "score": round(float(score), 4),
                "fit": item.fit.score,
                "mutual": item.fit.mutual,
                "reasons": [_reason(reason) for reason in item.reasons],
                "flags": [{"kind": f.kind, "side": f.side, "step": f.step} for f in item.flags],
                "flag_kinds": _flag_kinds(item.flags),
                "fingerprint": pair_fingerprint(population, int(source), int(target)),
            }
        )
    return results


def _reason(reason: engine.Reason) -> dict:
    stored = {"kind": reason.kind, "codes": list(reason.codes), "value": reason.value}
    if reason.phrases:
        stored["concepts"] = [list(phrase) for phrase in reason.phrases]
    return stored


def _flag_kinds(flags: tuple[engine.Flag, ...]) -> str:
    return " ".join(sorted({flag.kind for flag in flags}))


def _lock_live_companies(company_ids: set[int]) -> set[int]:
    """The companies among `company_ids` that still exist, kept from deletion until the transaction ends.

    Results are computed from a snapshot; a company deleted since must neither get nor be
    suggested. On PostgreSQL a key-share lock lets profile edits through but makes a
    deletion (which locks the company row first, see `delete_company`) wait for this
    transaction, or this transaction see the company gone.
    """
    if not company_ids:
        return set()
    if connection.vendor != "postgresql":
        return set(Company.objects.filter(pk__in=company_ids).values_list("pk", flat=True))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id FROM {Company._meta.db_table} WHERE id = ANY(%s) ORDER BY id FOR KEY SHARE",  # noqa: S608
            [sorted(company_ids)],
        )
        return {row[0] for row in cursor.fetchall()}


def _of_live_companies(results: list[dict]) -> list[dict]:
    """`results` without the pairs naming a company deleted since they were computed."""
    live = _lock_live_companies({r["company_id"] for r in results} | {r["partner_id"] for r in results})
    return [r for r in results if r["company_id"] in live and r["partner_id"] in live]


RESULT_COLUMNS = (
    "company_id",
    "partner_id",
    "rank",
    "score",
    "fit",
    "mutual",
    "reasons",
    "flags",
    "flag_kinds",
    "fingerprint",
)
STORE_LOCK = 0x4D61_7463  # serialises the replacing of suggestions (PostgreSQL advisory lock)


def _stage(*, run_id: int, results: list[dict]) -> int:
    """Writes results of live companies to the run's staging rows (COPY on PostgreSQL); returns how many."""
    results = _of_live_companies(results)
    return copy_rows(
        RunResult,
        ("run_id", *RESULT_COLUMNS),
        ([run_id, *(result[column] for column in RESULT_COLUMNS)] for result in results),
    )


def _tables() -> dict[str, str]:
    quote = connection.ops.quote_name
    models = {"s": Suggestion, "r": RunResult, "c": Company, "i": InboxItem}
    return {name: quote(model._meta.db_table) for name, model in models.items()}


def _scope(*, last_company_id: int | None, company_ids: list[int] | None) -> tuple[str, list]:
    """The condition on `s.company_id` naming the companies whose lists a store replaces."""
    if last_company_id is not None:
        return "s.company_id <= %s", [last_company_id]
    ids = sorted(set(company_ids or [])) or [0]
    if connection.vendor == "postgresql":
        return "s.company_id = ANY(%s)", [ids]
    return f"s.company_id IN ({', '.join(['%s'] * len(ids))})", ids


@transaction.atomic
def _store(
    *, run: MatchRun, last_company_id: int | None = None, company_ids: list[int] | None = None
) -> tuple[int, int]:
    """Replaces the suggestions of the companies in scope (all up to `last_company_id`, or
    `company_ids`) with the run's staged results, in one transaction and a few set-based
    statements: update the pairs that changed, insert the new ones, retire the rest.

    Returns (suggestions stored, suggestions new to their company). A suggestion is new, and
    lands in the inbox of each member of its company, when it was not in the company's list
    (or was dismissed and a profile has changed materially since); one that stays in the
    list is never announced again.
    """
    t = _tables()
    pair = "s.company_id = r.company_id AND s.partner_id = r.partner_id"
    dismissed = Suggestion.Status.DISMISSED
    now = timezone.now()
    scope, scope_params = _scope(last_company_id=last_company_id, company_ids=company_ids)
    with connection.cursor() as cursor:
        postgresql = connection.vendor == "postgresql"
        full = postgresql and last_company_id is not None
        if postgresql:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [STORE_LOCK])
            if full:
                # The statistics know the staging rows of runs gone by, not this run's: without
                # fresh ones the planner expects a handful of rows and picks nested loops.
                cursor.execute(f"ANALYZE {t['r']}")
            # Companies named by the results are kept from deletion until this commits (see
            # `_lock_live_companies`); the staged rows name live companies only.
            cursor.execute(
                f"SELECT c.id FROM {t['c']} c WHERE c.id IN (SELECT company_id FROM {t['r']} WHERE run_id = %s "  # noqa: S608
                f"UNION SELECT partner_id FROM {t['r']} WHERE run_id = %s) ORDER BY c.id FOR KEY SHARE",
                [run.pk, run.pk],
            )
        staged = t["r"]
        cursor.execute(
            f"UPDATE {staged} SET announce = TRUE WHERE run_id = %s AND NOT EXISTS ("  # noqa: S608
            f"SELECT 1 FROM {t['s']} s WHERE s.company_id = {staged}.company_id "
            f"AND s.partner_id = {staged}.partner_id AND ((s.is_active AND s.status <> %s) "
            f"OR (s.status = %s AND s.dismissed_fingerprint = {staged}.fingerprint)))",
            [run.pk, dismissed, dismissed],
        )
        comes_back = f"s.status = '{dismissed}' AND s.dismissed_fingerprint <> r.fingerprint"
        cursor.execute(
            f"UPDATE {t['s']} AS s SET rank = r.rank, score = r.score, fit = r.fit, mutual = r.mutual, "  # noqa: S608
            "reasons = r.reasons, flags = r.flags, flag_kinds = r.flag_kinds, fingerprint = r.fingerprint, "
            "is_active = TRUE, run_id = %s, updated_at = %s, "
            f"status = CASE WHEN {comes_back} THEN %s ELSE s.status END, "
            f"dismiss_reason = CASE WHEN {comes_back} THEN '' ELSE s.dismiss_reason END, "
            f"dismissed_fingerprint = CASE WHEN {comes_back} THEN '' ELSE s.dismissed_fingerprint END "
            f"FROM {t['r']} AS r WHERE r.run_id = %s AND {pair} AND NOT (s.is_active AND s.rank = r.rank "
            "AND s.score = r.score AND s.fit = r.fit AND s.mutual = r.mutual AND s.fingerprint = r.fingerprint "
            "AND s.flag_kinds = r.flag_kinds AND s.reasons = r.reasons AND s.flags = r.flags)",
            [run.pk, now, Suggestion.Status.NEW, run.pk],
        )
        cursor.execute(
            f"INSERT INTO {t['s']} (company_id, partner_id, rank, score, fit, mutual, reasons, flags, "  # noqa: S608
            "flag_kinds, fingerprint, is_active, status, dismiss_reason, dismissed_fingerprint, run_id, "
            "first_suggested_at, updated_at) "
            "SELECT r.company_id, r.partner_id, r.rank, r.score, r.fit, r.mutual, r.reasons, r.flags, r.flag_kinds, "
            f"r.fingerprint, TRUE, %s, '', '', %s, %s, %s FROM {t['r']} AS r WHERE r.run_id = %s "
            # The pairs already there were updated above. (Not NOT EXISTS: while the first
            # run fills an empty table, a plan that scans it per row grows quadratic.)
            "ON CONFLICT (company_id, partner_id) DO NOTHING",
            [Suggestion.Status.NEW, run.pk, now, now, run.pk],
        )
        if full:
            cursor.execute(f"ANALYZE {t['s']}")  # the first run has just filled it
        cursor.execute(
            f"UPDATE {t['s']} AS s SET is_active = FALSE, updated_at = %s WHERE s.is_active AND {scope} "  # noqa: S608
            f"AND NOT EXISTS (SELECT 1 FROM {t['r']} AS r WHERE r.run_id = %s AND {pair})",
            [now, *scope_params, run.pk],
        )
        cursor.execute(
            f"SELECT COUNT(*), COALESCE(SUM(CASE WHEN announce THEN 1 ELSE 0 END), 0) FROM {t['r']} WHERE run_id = %s",  # noqa: S608
            [run.pk],
        )
        stored, new = cursor.fetchone()
    announce_suggestions(run.pk)
    RunResult.objects.filter(run=run).delete()
    return stored, new


# Full runs ---------------------------------------------------------------------------------


def start_full_run(*, triggered_by: User | None = None, inline: bool = False, progress=None) -> MatchRun:
    """Queues a run over all companies, split into chunks that any worker may take.

    While a run is queued or running, starting another returns that run. `inline` computes
    the chunks in this process instead, calling `progress(run)` after each.
    """
    if inline:
        run = _create_full_run(triggered_by=triggered_by, queue_chunks=False)
        for chunk in run.chunks.filter(done_at__isnull=True):
            compute_run_chunk(run_id=run.pk, index=chunk.index)
            if progress:
                run.refresh_from_db()
                progress(run)
        if not run.chunks_total:
            finish_run(run_id=run.pk)
        run.refresh_from_db()
        return run
    return _create_full_run(triggered_by=triggered_by, queue_chunks=True)


def _create_full_run(*, triggered_by: User | None, queue_chunks: bool) -> MatchRun:
    with transaction.atomic():
        _fail_stale_runs()
        active = MatchRun.objects.select_for_update().filter(
            kind=MatchRun.Kind.FULL, status__in=[MatchRun.Status.QUEUED, MatchRun.Status.RUNNING]
        )
        if run := active.first():
            return run
        ids = list(Company.objects.order_by("pk").values_list("pk", flat=True))
        run = MatchRun.objects.create(
            kind=MatchRun.Kind.FULL,
            status=MatchRun.Status.RUNNING,
            triggered_by=triggered_by,
            companies_count=len(ids),
            started_at=timezone.now(),
        )
        chunks = [
            MatchRunChunk(
                run=run, index=index, first_company_id=part[0], last_company_id=part[-1], attempted_at=run.started_at
            )
            for index, part in enumerate(
                ids[start : start + settings.MATCHMAKING_CHUNK_COMPANIES]
                for start in range(0, len(ids), settings.MATCHMAKING_CHUNK_COMPANIES)
            )
        ]
        MatchRunChunk.objects.bulk_create(chunks)
        run.chunks_total = len(chunks)
        run.save(update_fields=["chunks_total"])
        if queue_chunks:
            if not chunks:
                transaction.on_commit(lambda: finish_run(run_id=run.pk))
            for chunk in chunks:
                enqueue(COMPUTE_CHUNK, run_id=run.pk, index=chunk.index)
    return run


def stalled_runs() -> list[MatchRun]:
    """Running full runs with chunks left whose chunks have all stood still for `MATCHMAKING_RUN_STALL_SECONDS`.

    Chunks are queued, taken up and finished continuously while workers live; a run where
    nothing moved for that long lost its chunks with a worker that died.
    """
    cutoff = timezone.now() - timedelta(seconds=settings.MATCHMAKING_RUN_STALL_SECONDS)
    moving = MatchRunChunk.objects.filter(Q(attempted_at__gte=cutoff) | Q(done_at__gte=cutoff))
    return list(
        MatchRun.objects.filter(kind=MatchRun.Kind.FULL, status=MatchRun.Status.RUNNING, created_at__lt=cutoff)
        .filter(chunks__done_at__isnull=True)
        .exclude(chunks__in=moving)
        .distinct()
    )


def requeue_unfinished_chunks(*, run_id: int) -> int:
    """Queues again every chunk of a running full run that is not done; returns how many.

    A chunk that its first worker is still computing may then be computed twice, which
    writes the same rows (see `compute_run_chunk`).
    """
    with transaction.atomic():
        run = MatchRun.objects.select_for_update().get(pk=run_id)
        if run.status != MatchRun.Status.RUNNING or run.kind != MatchRun.Kind.FULL:
            return 0
        unfinished = list(run.chunks.filter(done_at__isnull=True).values_list("index", flat=True))
        run.chunks.filter(done_at__isnull=True).update(attempted_at=timezone.now())
        for index in unfinished:
            enqueue(COMPUTE_CHUNK, run_id=run.pk, index=index)
        if not unfinished:
            transaction.on_commit(lambda: finish_run(run_id=run_id))
    if unfinished:
        logger.warning("Match run %s: chunks %s queued again", run_id, unfinished)
    return len(unfinished)


def requeue_stalled_runs() -> int:
    """Beat's repair of runs whose chunks were lost with a worker: returns how many chunks were queued again."""
    return sum(requeue_unfinished_chunks(run_id=run.pk) for run in stalled_runs())


def cancel_run(*, run: MatchRun, by: User) -> MatchRun:
    """Stops a queued or running run (program staff): its queued chunks do nothing, the current suggestions stay."""
    require_program_staff(by, _("Only program staff can stop a match run."))
    with transaction.atomic():
        run = MatchRun.objects.select_for_update().get(pk=run.pk)
        if not run.is_active:
            raise ValidationError(_("Only a queued or running match run can be cancelled."), code="not_active")
        run.status = MatchRun.Status.CANCELLED
        run.finished_at = timezone.now()
        run.error = _("Cancelled by %(name)s.") % {"name": by}
        run.save(update_fields=["status", "finished_at", "error"])
        RunResult.objects.filter(run=run).delete()
        run_id = run.pk
        transaction.on_commit(lambda: snapshots.discard(run_id))
    return run


def restart_run(*, run: MatchRun, by: User) -> MatchRun:
    """Gets a stuck run going (program staff): a running full run has its unfinished chunks
    queued again; a failed or cancelled one is followed by a new full run. Returns the run under way."""
    require_program_staff(by, _("Only program staff can restart a match run."))
    if run.kind != MatchRun.Kind.FULL:
        raise ValidationError(_("Only a full match run can be restarted."), code="not_full")
    run.refresh_from_db()
    if run.status == MatchRun.Status.RUNNING:
        requeue_unfinished_chunks(run_id=run.pk)
        return run
    if run.status == MatchRun.Status.SUCCEEDED:
        raise ValidationError(_("This match run has finished; start a new one instead."), code="finished")
    return start_full_run(triggered_by=by)


def _fail_stale_runs() -> None:
    cutoff = timezone.now() - timedelta(hours=STALE_RUN_HOURS)
    MatchRun.objects.filter(status__in=[MatchRun.Status.QUEUED, MatchRun.Status.RUNNING], created_at__lt=cutoff).update(
        status=MatchRun.Status.FAILED, finished_at=timezone.now(), error="Did not finish in time."
    )


def compute_run_chunk(*, run_id: int, index: int, worker: str = "") -> bool:
    """Computes one chunk of a full run. Safe to repeat: a done chunk is not redone.

    Every chunk ranks the run's one snapshot of the population with the models fitted once
    for the run (`_run_snapshot`), whichever worker takes it. `worker` names the worker, as
    the chunk records it. Returns True when this call finished the chunk.
    """
    chunk = MatchRunChunk.objects.select_related("run").get(run_id=run_id, index=index)
    if chunk.run.status != MatchRun.Status.RUNNING:
        return False
    did_work = False
    if chunk.done_at is None:
        MatchRunChunk.objects.filter(pk=chunk.pk, done_at__isnull=True).update(attempted_at=timezone.now())
        population, features = _run_snapshot(chunk.run)
        ids = population.profiles.ids
        rows = np.flatnonzero((ids >= chunk.first_company_id) & (ids <= chunk.last_company_id))
        results = compute(population, rows, features=features)
        with transaction.atomic():
            status = _locked_status(run_id)
            running = status == MatchRun.Status.RUNNING
            chunk = MatchRunChunk.objects.select_for_update().get(pk=chunk.pk)
            if running and chunk.done_at is None:
                RunResult.objects.filter(
                    run_id=run_id, company_id__gte=chunk.first_company_id, company_id__lte=chunk.last_company_id
                ).delete()
                _stage(run_id=run_id, results=results)
                chunk.done_at = timezone.now()
                chunk.computed_by = worker or f"{socket.gethostname()}:{os.getpid()}"
                chunk.save(update_fields=["done_at", "computed_by"])
                MatchRun.objects.filter(pk=run_id).update(chunks_done=F("chunks_done") + 1)
                did_work = True
        if not running:
            if status in (MatchRun.Status.CANCELLED, MatchRun.Status.FAILED):
                # Cancelled or failed while this chunk computed: nothing of it is kept. (A run
                # that finished keeps its models: refreshes start from them.)
                snapshots.discard(run_id)
            return False
    if not MatchRunChunk.objects.filter(run_id=run_id, done_at__isnull=True).exists():
        finish_run(run_id=run_id)
    return did_work


def _locked_status(run_id: int) -> str | None:
    """The run's status, read under a lock that waits for a cancel or failure under way (which
    locks the run row) and lets the other chunks' writes through."""
    if connection.vendor != "postgresql":
        return MatchRun.objects.filter(pk=run_id).values_list("status", flat=True).first()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT status FROM {MatchRun._meta.db_table} WHERE id = %s FOR KEY SHARE",  # noqa: S608
            [run_id],
        )
        row = cursor.fetchone()
    return row[0] if row else None


@contextmanager
def _fitting_lock(run_id: int) -> Iterator[None]:
    """Held by the worker that fits a run's models, so the others wait for them instead of fitting too."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s, %s)", [FITTING_LOCK, run_id])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [FITTING_LOCK, run_id])


def _run_snapshot(run: MatchRun) -> tuple[Population, engine.Features]:
    """The run's population and features: read as stored for the run, or read and fitted by
    the first chunk to need them and stored for the others (`matchmaking.snapshots`)."""
    snapshot = snapshots.load(run)
    if snapshot is not None:
        return snapshot
    with _fitting_lock(run.pk):
        snapshot = snapshots.load(run)
        if snapshot is None:
            population = load_population()
            features = engine.build_features(population.profiles)
            snapshots.save(run, population, features)
            snapshot = population, features
    return snapshot


def finish_run(*, run_id: int) -> MatchRun:
    """Swaps a run's results in as the current suggestions, once, in one transaction.

    Companies whose profile changed after the run read it are refreshed after it.
    """
    with transaction.atomic():
        run = MatchRun.objects.select_for_update().get(pk=run_id)
        if run.status != MatchRun.Status.RUNNING:
            return run
        stored, new = _store(run=run, last_company_id=_last_company_id(run))
        run.status = MatchRun.Status.SUCCEEDED
        run.suggestions_count, run.new_suggestions_count = stored, new
        run.chunks_done = run.chunks_total
        run.finished_at = timezone.now()
        run.save()
        snapshot = snapshots.load(run)
        if snapshot is not None:
            for company_id in _changed_since(snapshot[0]):
                schedule_refresh(company_id=company_id)
            transaction.on_commit(lambda: snapshots.prune(keep=run))
    logger.info("Match run %s finished: %s suggestions, %s new", run.pk, stored, new)
    return run


def _changed_since(population: Population) -> list[int]:
    """Companies whose profile differs from `population`'s, or that it does not hold."""
    now = load_population()
    then = dict(zip(population.profiles.ids.tolist(), population.fingerprints.tolist(), strict=True))
    return [
        company_id
        for company_id, fingerprint in zip(now.profiles.ids.tolist(), now.fingerprints.tolist(), strict=True)
        if then.get(company_id) != fingerprint
    ]


def _last_company_id(run: MatchRun) -> int:
    last = run.chunks.order_by("-index").values_list("last_company_id", flat=True).first()
    return last if last is not None else 0


def fail_run(*, run_id: int, error: str) -> None:
    """Marks a queued or running run failed; its staged results and stored models go with it."""
    failed = MatchRun.objects.filter(pk=run_id, status__in=[MatchRun.Status.QUEUED, MatchRun.Status.RUNNING]).update(
        status=MatchRun.Status.FAILED, error=error[:2000], finished_at=timezone.now()
    )
    if failed:
        RunResult.objects.filter(run_id=run_id).delete()
        transaction.on_commit(lambda: snapshots.discard(run_id))


# One company -------------------------------------------------------------------------------


def schedule_refresh(*, company_id: int) -> bool:
    """Refreshes a company's suggestions shortly after its profile changed (call it in the change's transaction).

    Debounced: edits within MATCHMAKING_REFRESH_DEBOUNCE_SECONDS of the first make one refresh,
    which reads the profile as it is when it runs. Returns True when a refresh was queued.
    """
    delay = settings.MATCHMAKING_REFRESH_DEBOUNCE_SECONDS
    # A refresh recorded since the last one started will read this edit too. (Past a few
    # times the delay, a refresh that never started is not waited for.)
    last_started = MatchRun.objects.filter(kind=MatchRun.Kind.COMPANY, company_id=company_id).aggregate(
        last=Max("started_at")
    )["last"]
    window = timedelta(seconds=delay * 3 + 30)
    if last_started is not None:
        window = min(window, timezone.now() - last_started)
    if recently_enqueued(REFRESH_COMPANY, within=window, company_id=company_id):
        return False
    enqueue(REFRESH_COMPANY, countdown=delay, company_id=company_id)
    return True


# What this process last ranked one company with: (the full run it started from, the
# population, its features). A refresh reads the population again and updates the rows that
# changed (or were added) with the models the last full run fitted, instead of refitting.
_fitted: dict = {}
REFIT_AFTER = 200  # changed profiles past which a refresh refits the models


def _latest_snapshot_run() -> MatchRun | None:
    return (
        MatchRun.objects.filter(kind=MatchRun.Kind.FULL, status=MatchRun.Status.SUCCEEDED)
        .order_by("-finished_at", "-pk")
        .only("pk", "created_at")
        .first()
    )


def _features(population: Population) -> engine.Features:
    """The features of `population`, from the last full run's models (or this process's last
    refresh after it), with the rows that changed since read again."""
    base_run = _latest_snapshot_run()
    base = None
    if _fitted and base_run is not None and _fitted.get("run") == (base_run.pk, base_run.created_at):
        base = _fitted["population"], _fitted["features"]
    elif base_run is not None:
        base = snapshots.load(base_run)
    if base is None and _fitted:
        base = _fitted["population"], _fitted["features"]
    features = _updated(base, population) if base is not None else None
    if features is None:
        features = engine.build_features(population.profiles)
    _fitted.update(
        run=(base_run.pk, base_run.created_at) if base_run else None, population=population, features=features
    )
    return features


def _updated(base: tuple[Population, engine.Features], population: Population) -> engine.Features | None:
    """`base`'s features moved to `population`, or None when too much changed for that."""
    previous, features = base
    profiles = population.profiles
    if (
        previous.profiles.tag_codes != profiles.tag_codes
        or previous.profiles.segment_codes != profiles.segment_codes
        or previous.profiles.technology_area_codes != profiles.technology_area_codes
    ):
        return None
    then = dict(zip(previous.profiles.ids.tolist(), previous.fingerprints.tolist(), strict=True))
    changed = [
        row
        for row, (company_id, fingerprint) in enumerate(
            zip(profiles.ids.tolist(), population.fingerprints.tolist(), strict=True)
        )
        if then.get(company_id) != fingerprint
    ]
    if len(changed) > REFIT_AFTER:
        return None
    if not np.array_equal(previous.profiles.ids, profiles.ids):
        features, _added = engine.realign(features, previous.profiles.ids, profiles.ids)
    if changed:
        features = engine.update_features(features, profiles, changed)
    return features


def refresh_company(*, company_id: int, triggered_by: User | None = None) -> MatchRun | None:
    """Recomputes one company's suggestions and those of the companies whose lists it enters or leaves."""
    if not Company.objects.filter(pk=company_id).exists():
        return None
    # Recorded before the profiles are read: an edit from now on queues a refresh of its own.
    run = MatchRun.objects.create(
        kind=MatchRun.Kind.COMPANY,
        status=MatchRun.Status.RUNNING,
        company_id=company_id,
        triggered_by=triggered_by,
        started_at=timezone.now(),
        chunks_total=1,
    )
    population = load_population()
    row = population.row_of(company_id)
    if row is None:
        run.delete()
        return None
    try:
        features = _features(population)
        ids = population.profiles.ids
        affected = {row}
        listed_with = set(
            Suggestion.objects.filter(partner_id=company_id, is_active=True).values_list("company_id", flat=True)
        )
        if not population.empty[row]:
            # The score is symmetric: the changed company's scores against everyone are
            # everyone's scores against it, so one row says whose lists it may now enter:
            # a list that is not full, or whose last suggestion scores less.
            scores = engine.against_all(features, row)
            floors = dict(Suggestion.objects.filter(is_active=True, rank=TOP).values_list("company_id", "score"))
            floor = np.array([floors.get(company, -np.inf) for company in ids.tolist()])
            # (A margin for the float32 scores: the lists themselves are ranked exactly.)
            reach = scores + FEEDBACK_CAP + 1e-3
            affected.update(np.flatnonzero((scores > -np.inf) & (reach > floor)).tolist())
        affected |= {row for company in listed_with if (row := population.row_of(company)) is not None}
        rows = np.array(sorted(affected), dtype=np.int64)
        with transaction.atomic():
            _stage(run_id=run.pk, results=compute(population, rows, features=features))
            stored, new = _store(run=run, company_ids=ids[rows].tolist())
    except Exception as error:
        fail_run(run_id=run.pk, error=str(error))
        raise
    MatchRun.objects.filter(pk=run.pk).update(
        status=MatchRun.Status.SUCCEEDED,
        chunks_done=1,
        companies_count=len(rows),
        suggestions_count=stored,
        new_suggestions_count=new,
        finished_at=timezone.now(),
    )
    run.refresh_from_db()
    return run
