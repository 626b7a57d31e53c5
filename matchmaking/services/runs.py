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
from datetime import timedelta

import numpy as np
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F, Max, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from scipy import sparse

from accelerator.accounts.models import User
from accelerator.companies.models import Company
from accelerator.outbox.services import enqueue, recently_enqueued
from accelerator.permissions import require_program_staff

from .. import engine
from ..models import Introduction, MatchRun, MatchRunChunk, RunResult, Suggestion
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


# Computing ---------------------------------------------------------------------------------


def _feedback_lean(population: Population) -> sparse.csr_matrix:
    """Each company's lean towards market segments, from its saves, dismissals and introductions."""
    n = len(population.profiles)
    row = {int(company_id): index for index, company_id in enumerate(population.profiles.ids)}
    weights = {Suggestion.Status.SAVED: 1.0, Suggestion.Status.DISMISSED: -1.0}
    entries = [
        (company_id, partner_id, weights[status])
        for company_id, partner_id, status in Suggestion.objects.filter(
            status__in=list(weights), company_id__in=list(row), partner_id__in=list(row)
        ).values_list("company_id", "partner_id", "status")
    ]
    for requester_id, recipient_id in Introduction.objects.filter(status=Introduction.Status.ACCEPTED).values_list(
        "requester_id", "recipient_id"
    ):
        entries += [(requester_id, recipient_id, 2.0), (recipient_id, requester_id, 2.0)]
    entries = [(row[a], row[b], w) for a, b, w in entries if a in row and b in row]
    sources, targets, values = (np.array(column) for column in zip(*entries, strict=True)) if entries else ([],) * 3
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
    scores = engine.boost_mutual(features, sources, targets, scores)
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
                "fingerprint": pair_fingerprint(population, int(source), int(target)),
            }
        )
    return results


def _reason(reason: engine.Reason) -> dict:
    stored = {"kind": reason.kind, "codes": list(reason.codes), "value": reason.value}
    if reason.phrases:
        stored["concepts"] = [list(phrase) for phrase in reason.phrases]
    return stored


def _flag_kinds(flags: list[dict]) -> str:
    return " ".join(sorted({flag["kind"] for flag in flags}))


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


@transaction.atomic
def _store(*, results: list[dict], company_ids: list[int], run: MatchRun | None) -> tuple[int, int]:
    """Replaces the suggestions of `company_ids` with `results` in one transaction.

    Returns (suggestions stored, suggestions that are new to their company). New ones
    land in the inbox of each member of the company.
    """
    results = _of_live_companies(results)
    existing = {
        (s.company_id, s.partner_id): s
        for s in Suggestion.objects.select_for_update().filter(company_id__in=company_ids)
    }
    now = timezone.now()
    fresh, changed, announce = [], [], []
    seen = set()
    for result in results:
        key = (result["company_id"], result["partner_id"])
        seen.add(key)
        suggestion = existing.get(key)
        if suggestion is None:
            suggestion = Suggestion(
                company_id=key[0], partner_id=key[1], run=run, first_suggested_at=now, **_values(result)
            )
            fresh.append(suggestion)
            continue
        was_hidden = not suggestion.is_active or suggestion.status == Suggestion.Status.DISMISSED
        for name, value in _values(result).items():
            setattr(suggestion, name, value)
        suggestion.is_active, suggestion.run = True, run
        if (
            suggestion.status == Suggestion.Status.DISMISSED
            and suggestion.dismissed_fingerprint != suggestion.fingerprint
        ):
            # Either profile changed materially since the dismissal: the suggestion comes back.
            suggestion.status, suggestion.dismiss_reason, suggestion.dismissed_fingerprint = "new", "", ""
        if was_hidden and suggestion.status != Suggestion.Status.DISMISSED:
            announce.append(suggestion)
        changed.append(suggestion)
    for key, suggestion in existing.items():
        if key not in seen and suggestion.is_active:
            suggestion.is_active = False
            changed.append(suggestion)
    Suggestion.objects.bulk_create(fresh, batch_size=2000)
    Suggestion.objects.bulk_update(
        changed,
        [
            "rank",
            "score",
            "fit",
            "mutual",
            "reasons",
            "flags",
            "flag_kinds",
            "fingerprint",
            "is_active",
            "run",
            "status",
            "dismiss_reason",
            "dismissed_fingerprint",
            "updated_at",
        ],
        batch_size=2000,
    )
    announce += fresh
    announce_suggestions(announce)
    return len(results), len(announce)


def _values(result: dict) -> dict:
    return {
        "rank": result["rank"],
        "score": result["score"],
        "fit": result["fit"],
        "mutual": result["mutual"],
        "reasons": result["reasons"],
        "flags": result["flags"],
        "flag_kinds": _flag_kinds(result["flags"]),
        "fingerprint": result["fingerprint"],
        "updated_at": timezone.now(),
    }


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


def compute_run_chunk(*, run_id: int, index: int) -> bool:
    """Computes one chunk of a full run. Safe to repeat: a done chunk is not redone.

    Returns True when this call finished the chunk.
    """
    chunk = MatchRunChunk.objects.select_related("run").get(run_id=run_id, index=index)
    if chunk.run.status != MatchRun.Status.RUNNING:
        return False
    did_work = False
    if chunk.done_at is None:
        MatchRunChunk.objects.filter(pk=chunk.pk, done_at__isnull=True).update(attempted_at=timezone.now())
        population = load_population()
        ids = population.profiles.ids
        rows = np.flatnonzero((ids >= chunk.first_company_id) & (ids <= chunk.last_company_id))
        results = compute(population, rows, features=_run_features(population, run_id))
        with transaction.atomic():
            chunk = MatchRunChunk.objects.select_for_update().get(pk=chunk.pk)
            if chunk.done_at is None:
                results = _of_live_companies(results)
                RunResult.objects.filter(
                    run_id=run_id, company_id__gte=chunk.first_company_id, company_id__lte=chunk.last_company_id
                ).delete()
                RunResult.objects.bulk_create(
                    [RunResult(run_id=run_id, **result) for result in results], batch_size=2000
                )
                chunk.done_at = timezone.now()
                chunk.save(update_fields=["done_at"])
                MatchRun.objects.filter(pk=run_id).update(chunks_done=F("chunks_done") + 1)
                did_work = True
    if not MatchRunChunk.objects.filter(run_id=run_id, done_at__isnull=True).exists():
        finish_run(run_id=run_id)
    return did_work


def finish_run(*, run_id: int) -> MatchRun:
    """Swaps a run's results in as the current suggestions, once, in one transaction."""
    with transaction.atomic():
        run = MatchRun.objects.select_for_update().get(pk=run_id)
        if run.status != MatchRun.Status.RUNNING:
            return run
        results = list(
            RunResult.objects.filter(run=run).values(
                "company_id", "partner_id", "rank", "score", "fit", "mutual", "reasons", "flags", "fingerprint"
            )
        )
        company_ids = list(Company.objects.filter(pk__lte=_last_company_id(run)).values_list("pk", flat=True))
        stored, new = _store(results=results, company_ids=company_ids, run=run)
        RunResult.objects.filter(run=run).delete()
        run.status = MatchRun.Status.SUCCEEDED
        run.suggestions_count, run.new_suggestions_count = stored, new
        run.chunks_done = run.chunks_total
        run.finished_at = timezone.now()
        run.save()
    logger.info("Match run %s finished: %s suggestions, %s new", run.pk, stored, new)
    return run


def _last_company_id(run: MatchRun) -> int:
    last = run.chunks.order_by("-index").values_list("last_company_id", flat=True).first()
    return last if last is not None else 0


def fail_run(*, run_id: int, error: str) -> None:
    MatchRun.objects.filter(pk=run_id, status__in=[MatchRun.Status.QUEUED, MatchRun.Status.RUNNING]).update(
        status=MatchRun.Status.FAILED, error=error[:2000], finished_at=timezone.now()
    )


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


# The features of the last population this process ranked. A refresh reads the population
# again and, when only some profiles changed, updates their rows with the fitted text and
# concept models instead of refitting them; the nightly full run refits from scratch.
_fitted: dict = {}
REFIT_AFTER = 200  # changed profiles past which a refresh refits the models


def _features(population: Population) -> engine.Features:
    previous, features = _fitted.get("population"), _fitted.get("features")
    profiles = population.profiles
    if (
        previous is not None
        and np.array_equal(previous.profiles.ids, profiles.ids)
        and previous.profiles.tag_codes == profiles.tag_codes
        and previous.profiles.segment_codes == profiles.segment_codes
        and previous.profiles.technology_area_codes == profiles.technology_area_codes
    ):
        changed = np.flatnonzero(previous.fingerprints != population.fingerprints)
        if len(changed) <= REFIT_AFTER:
            if len(changed):
                features = engine.update_features(features, profiles, changed)
            _fitted.update(population=population, features=features)
            return features
    features = engine.build_features(profiles)
    _fitted.update(population=population, features=features)
    return features


def _run_features(population: Population, run_id: int) -> engine.Features:
    """A full run refits the models once, on its first chunk in this process; its other chunks
    reuse them while the population is the one they were fitted on."""
    previous = _fitted.get("population")
    if (
        _fitted.get("run") == run_id
        and previous is not None
        and np.array_equal(previous.profiles.ids, population.profiles.ids)
        and np.array_equal(previous.fingerprints, population.fingerprints)
    ):
        return _fitted["features"]
    features = engine.build_features(population.profiles)
    _fitted.update(population=population, features=features, run=run_id)
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
            # everyone's scores against it, so one row says whose lists it may now enter.
            sources, targets, scores = engine.top_pairs(
                population.profiles, features, top=len(ids) - 1, rows=np.array([row])
            )
            scores = engine.boost_mutual(features, sources, targets, scores)
            floors = dict(
                Suggestion.objects.filter(company_id__in=ids[targets].tolist(), is_active=True)
                .values("company_id")
                .annotate(floor=Min("score"))
                .values_list("company_id", "floor")
            )
            full = set(
                Suggestion.objects.filter(company_id__in=ids[targets].tolist(), is_active=True, rank=TOP).values_list(
                    "company_id", flat=True
                )
            )
            for target, score in zip(targets.tolist(), scores.tolist(), strict=True):
                company = int(ids[target])
                if company not in full or score + FEEDBACK_CAP > floors.get(company, -np.inf):
                    affected.add(target)
        affected |= {population.row_of(company) for company in listed_with} - {None}
        rows = np.array(sorted(affected), dtype=np.int64)
        results = compute(population, rows, features=features)
        stored, new = _store(results=results, company_ids=ids[rows].tolist(), run=run)
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
