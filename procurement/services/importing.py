"""Writing what the readers yield: create, update with a new version, or leave unchanged.

A file is written in batches, each in its own transaction, so a large file never holds one
long transaction and a failure loses at most the batch at hand. Before the first batch the
reader has checked the file's structure: a file of the wrong shape saves nothing. A record
the reader cannot use is skipped with its position and reason; the rest imports.
"""

import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.db import connection, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from accelerator.outbox.services import enqueue

from ..capabilities import Vocabulary, notice_text
from ..importers import FORMATS, BadRecord, FileRefused, Notice, Record, RecordError, reader_for
from ..models import Award, AwardSupplier, Classification, ImportRun, Opportunity, OpportunityVersion
from ..permissions import require_import
from ..screening import screen
from ..tasks import import_uploaded_file
from . import table_writes

BATCH_SIZE = 1000
ANALYZE_AFTER = 5000  # rows written by one import
ANALYZE_SHARE = 0.1  # ... and at least this share of the rows the last statistics counted
MAX_ERRORS_KEPT = 500
OPPORTUNITY_FIELDS = (
    "ocid",
    "reference",
    "notice_type",
    "country",
    "buyer_name",
    "buyer_id",
    "buyer_path",
    "language",
    "title",
    "description",
    "title_translation",
    "description_translation",
    "procurement_method",
    "procurement_method_details",
    "set_aside_code",
    "set_aside",
    "value_amount",
    "value_currency",
    "posted_at",
    "deadline",
    "deadline_as_published",
    "bids_open_at",
    "tenders_opened_at",
    "place_of_performance",
    "documents",
    "contacts",
    "url",
    "status",
    "eligibility",
    "treaties",
)
FLAG_FIELDS = ("itar", "ear", "us_persons_only", "controlled_documents", "export_evidence")
UPDATED_FIELDS = (
    "fingerprint",
    "record_digests",
    "raw",
    "amended_at",
    "version",
    "updated_at",
    "search_text",
    "capability_tags",
)
SNAPSHOT_EXCLUDES = {"position", "raw", "published_at", "source"}
SNAPSHOT_FIELDS = tuple(name.name for name in dataclasses.fields(Notice) if name.name not in SNAPSHOT_EXCLUDES)


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    errors: list[RecordError] = field(default_factory=list)

    @property
    def processed(self) -> int:
        return self.created + self.updated + self.unchanged + self.skipped

    @property
    def summary(self) -> str:
        return f"created={self.created} updated={self.updated} unchanged={self.unchanged} skipped={self.skipped}"


def _json_default(value):
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def snapshot_text(notice: Notice, flags: dict) -> str:
    """The notice as JSON text, as a version keeps it and as its fingerprint is taken."""
    record = {name: getattr(notice, name) for name in SNAPSHOT_FIELDS}
    record.update(flags)
    return json.dumps(record, sort_keys=True, ensure_ascii=False, default=_json_default)


def snapshot(notice: Notice, flags: dict) -> dict:
    return json.loads(snapshot_text(notice, flags))


def fingerprint_of(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def fingerprint(record: dict) -> str:
    return fingerprint_of(json.dumps(record, sort_keys=True, ensure_ascii=False))


def search_text(notice: Notice) -> str:
    codes = " ".join(f"{entry['code']} {entry.get('label', '')}" for entry in notice.classifications)
    return "\n".join(
        part
        for part in (
            notice.title,
            notice.title_translation,
            notice.description,
            notice.description_translation,
            notice.buyer_name,
            notice.buyer_path,
            notice.reference,
            codes,
        )
        if part
    )


def import_file(
    *,
    source: str,
    stream,
    progress: Callable[[ImportResult], None] | None = None,
    batch_size: int = BATCH_SIZE,
) -> ImportResult:
    """Imports one source file; raises FileRefused (nothing saved) for a file of the wrong structure.

    Not one transaction on purpose: each batch commits on its own (see the module's docstring).
    """
    reader = reader_for(source)
    vocabulary = Vocabulary.load()
    result = ImportResult()
    batch: list[Record | Notice | RecordError] = []
    for item in reader.read(stream):
        batch.append(item)
        if len(batch) >= batch_size:
            _write_batch(reader, source, batch, result, vocabulary)
            batch = []
            if progress:
                progress(result)
    if batch:
        _write_batch(reader, source, batch, result, vocabulary)
    if result.created + result.updated >= ANALYZE_AFTER and connection.vendor == "postgresql":
        _refresh_statistics(result.created + result.updated)
    if progress:
        progress(result)
    return result


def _refresh_statistics(written: int) -> None:
    """Fresh statistics, so the list's filters are planned for the rows now there.

    Only when the import changed a tenth of the feed or more (autovacuum's own threshold):
    sampling the opportunities costs seconds, and a smaller import leaves the distributions
    as they were. Versions are not filtered on, so their statistics are left to autovacuum.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [Opportunity._meta.db_table])
        row = cursor.fetchone()
        if row and written < ANALYZE_SHARE * row[0]:
            return
        for model in (Opportunity, Classification):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def _skip(result: ImportResult, error: RecordError) -> None:
    result.skipped += 1
    if len(result.errors) < MAX_ERRORS_KEPT:
        result.errors.append(error)


@dataclass
class _Change:
    notice: Notice
    flags: dict
    fingerprint: str
    versions: list[tuple[Notice, str]] = field(default_factory=list)  # each state and its snapshot text


@transaction.atomic
def _write_batch(
    reader, source: str, items: list[Record | Notice | RecordError], result: ImportResult, vocabulary: Vocabulary
) -> None:
    """Writes one batch; a record whose digest was seen before is counted unchanged without being read again."""
    combines = getattr(reader, "COMBINES", False)
    keys = {item.source_id for item in items if not isinstance(item, RecordError) and item.source_id}
    existing = {
        row["source_id"]: row
        for row in Opportunity.objects.filter(source=source, source_id__in=keys).values(
            "pk", "source_id", "fingerprint", "version", "record_digests"
        )
    }
    seen = {key: set(row["record_digests"]) for key, row in existing.items()}
    earlier: dict[str, dict] = {}
    if combines:
        # Only the processes a new record adds to need what they held before.
        needed = {
            item.source_id
            for item in items
            if not isinstance(item, RecordError)
            and item.source_id in existing
            and not (isinstance(item, Record) and item.digest in seen[item.source_id])
        }
        earlier = dict(Opportunity.objects.filter(source=source, source_id__in=needed).values_list("source_id", "raw"))
    current: dict[str, _Change] = {}
    digests: dict[str, list[str]] = {key: list(row["record_digests"]) for key, row in existing.items()}
    touched: set[str] = set()  # existing rows whose digests grew though their content did not change
    for item in items:
        if isinstance(item, RecordError):
            _skip(result, item)
            continue
        if isinstance(item, Record):
            if item.digest in seen.get(item.source_id, ()):
                result.unchanged += 1
                continue
            try:
                notice = item.build()
            except BadRecord as error:
                _skip(result, RecordError(item.position, str(error)))
                continue
            digest = item.digest
        else:
            notice, digest = item, ""
        key = notice.source_id
        if combines and key in current:
            notice = reader.combine(current[key].notice.raw, notice)
        elif combines and key in existing:
            if key not in earlier:
                earlier[key] = Opportunity.objects.values_list("raw", flat=True).get(pk=existing[key]["pk"])
            notice = reader.combine(earlier[key], notice)
        flags = screen(notice)
        text = snapshot_text(notice, flags)
        content = fingerprint_of(text)
        if key in current:
            previous: str | None = current[key].fingerprint
        else:
            previous = existing[key]["fingerprint"] if key in existing else None
        if digest:
            seen.setdefault(key, set()).add(digest)
            digests[key] = [*digests.get(key, []), digest] if combines else [digest]
        if previous is None:
            result.created += 1
        elif previous == content:
            result.unchanged += 1
            if digest and key in existing and key not in current:
                touched.add(key)
            continue
        else:
            result.updated += 1
        change = current.get(key) or _Change(notice, flags, content)
        change.notice, change.flags, change.fingerprint = notice, flags, content
        change.versions.append((notice, text))
        current[key] = change
    if touched - current.keys():
        Opportunity.objects.bulk_update(
            [
                Opportunity(pk=existing[key]["pk"], record_digests=digests[key])
                for key in sorted(touched - current.keys())
            ],
            ["record_digests"],
        )
    if not current:
        return

    now = timezone.now()
    created_keys, to_update = [], []
    new_rows = []
    for key, change in current.items():
        notice = change.notice
        fields = {name: getattr(notice, name) for name in OPPORTUNITY_FIELDS}
        fields.update(change.flags)
        fields.update(
            fingerprint=change.fingerprint,
            record_digests=digests.get(key, []),
            raw=notice.raw,
            amended_at=notice.published_at,
            search_text=search_text(notice),
            capability_tags=vocabulary.tags_in(
                notice_text(notice.title, notice.description, notice.title_translation, notice.description_translation)
            ),
        )
        if key in existing:
            row = existing[key]
            opportunity = Opportunity(pk=row["pk"], source=source, source_id=key, **fields)
            opportunity.version = row["version"] + len(change.versions)
            opportunity.updated_at = now
            to_update.append(opportunity)
        else:
            created_keys.append(key)
            new_rows.append({"source": source, "source_id": key, "version": len(change.versions), **fields})
    ids = dict(zip(created_keys, table_writes.insert(Opportunity, new_rows), strict=True))
    versions = {key: row["version"] for key, row in zip(created_keys, new_rows, strict=True)}
    if to_update:
        # One upsert rather than an UPDATE with a CASE per column: the row keeps its id and import date.
        Opportunity.objects.bulk_create(
            to_update,
            update_conflicts=True,
            unique_fields=["source", "source_id"],
            update_fields=[*OPPORTUNITY_FIELDS, *FLAG_FIELDS, *UPDATED_FIELDS],
        )
        changed = [opportunity.pk for opportunity in to_update]
        Classification.objects.filter(opportunity_id__in=changed).delete()
        Award.objects.filter(opportunity_id__in=changed).delete()
        for opportunity in to_update:
            ids[opportunity.source_id] = opportunity.pk
            versions[opportunity.source_id] = opportunity.version

    new_versions, new_classifications, new_awards, award_suppliers = [], [], [], []
    for key, change in current.items():
        opportunity_id = ids[key]
        first = versions[key] - len(change.versions) + 1
        for offset, (notice, text) in enumerate(change.versions):
            new_versions.append(
                {
                    "opportunity_id": opportunity_id,
                    "number": first + offset,
                    "published_at": notice.published_at,
                    "recorded_at": now,
                    "snapshot": table_writes.JsonText(text),
                }
            )
        for entry in change.notice.classifications:
            new_classifications.append({"opportunity_id": opportunity_id, **entry})
        for entry in change.notice.awards:
            award = {name: value for name, value in entry.items() if name != "suppliers"}
            new_awards.append({"opportunity_id": opportunity_id, **award})
            award_suppliers.append(entry.get("suppliers", []))
    table_writes.insert(OpportunityVersion, new_versions)
    table_writes.insert(Classification, new_classifications)
    award_ids = table_writes.insert(Award, new_awards)
    table_writes.insert(
        AwardSupplier,
        [
            {"award_id": award_id, **supplier}
            for award_id, suppliers in zip(award_ids, award_suppliers, strict=True)
            for supplier in suppliers
        ],
    )


def record_progress(run: ImportRun, result: ImportResult) -> None:
    ImportRun.objects.filter(pk=run.pk).update(
        processed=result.processed,
        created=result.created,
        updated=result.updated,
        unchanged=result.unchanged,
        skipped=result.skipped,
    )


def run_import(*, run: ImportRun, stream) -> ImportResult | None:
    """Runs `run` over `stream`, keeping its progress, counts, skipped records and any refusal on it."""
    ImportRun.objects.filter(pk=run.pk).update(state=ImportRun.State.RUNNING)
    try:
        result = import_file(source=run.source, stream=stream, progress=lambda r: record_progress(run, r))
    except FileRefused as refusal:
        ImportRun.objects.filter(pk=run.pk).update(
            state=ImportRun.State.REFUSED, refusal=refusal.message, finished_at=timezone.now()
        )
        return None
    record_progress(run, result)
    ImportRun.objects.filter(pk=run.pk).update(
        state=ImportRun.State.DONE,
        errors=[{"position": error.position, "reason": error.reason} for error in result.errors],
        finished_at=timezone.now(),
    )
    return result


UPLOAD_FOLDER = "procurement-imports"


@transaction.atomic
def start_import(*, user, source: str, upload) -> ImportRun:
    """Stores an uploaded source file and queues its import; only program staff import."""
    require_import(user)
    if source not in FORMATS:
        raise ValidationError({"source": _("Choose the file's format: sam, ocds, kkj or pportal.")})
    if upload is None:
        raise ValidationError({"file": _("Choose a file to import.")})
    if upload.size > settings.PROCUREMENT_UPLOAD_MAX_BYTES:
        raise ValidationError(
            {
                "file": _("The file is %(size)s; files up to %(limit)s are imported.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(settings.PROCUREMENT_UPLOAD_MAX_BYTES)}
            }
        )
    if upload.size == 0:
        raise ValidationError({"file": _("The file is empty.")})
    name = storages["private"].save(f"{UPLOAD_FOLDER}/{source}-{upload.name[-80:]}", upload)
    run = ImportRun.objects.create(source=source, file_name=upload.name[-300:], stored_file=name, started_by=user)
    enqueue(import_uploaded_file.name, run_id=run.pk)
    return run
