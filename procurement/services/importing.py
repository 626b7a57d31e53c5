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
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from accelerator.outbox.services import enqueue

from ..importers import FORMATS, FileRefused, Notice, RecordError, reader_for
from ..models import Award, AwardSupplier, Classification, ImportRun, Opportunity, OpportunityVersion
from ..permissions import require_import
from ..screening import screen
from ..tasks import import_uploaded_file

BATCH_SIZE = 1000
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
SNAPSHOT_EXCLUDES = {"position", "raw", "published_at", "source"}


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


def _plain(value):
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def snapshot(notice: Notice, flags: dict) -> dict:
    """The notice as JSON, as a version keeps it and as its fingerprint is taken."""
    record = {
        name.name: getattr(notice, name.name)
        for name in dataclasses.fields(notice)
        if name.name not in SNAPSHOT_EXCLUDES
    }
    record.update(flags)
    return _plain(record)


def fingerprint(record: dict) -> str:
    return hashlib.sha256(json.dumps(record, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


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
    result = ImportResult()
    batch: list[Notice] = []
    for item in reader.read(stream):
        if isinstance(item, RecordError):
            result.skipped += 1
            if len(result.errors) < MAX_ERRORS_KEPT:
                result.errors.append(item)
            continue
        batch.append(item)
        if len(batch) >= batch_size:
            _write_batch(reader, source, batch, result)
            batch = []
            if progress:
                progress(result)
    if batch:
        _write_batch(reader, source, batch, result)
    if progress:
        progress(result)
    return result


@transaction.atomic
def _write_batch(reader, source: str, notices: list[Notice], result: ImportResult) -> None:
    keys = {notice.source_id for notice in notices}
    combines = getattr(reader, "COMBINES", False)
    columns = ["pk", "source_id", "fingerprint", "version"] + (["raw"] if combines else [])
    existing = {
        row["source_id"]: row for row in Opportunity.objects.filter(source=source, source_id__in=keys).values(*columns)
    }
    current: dict[str, tuple[Notice, dict, str]] = {}  # source_id → latest notice, flags, fingerprint
    versions: dict[str, list[tuple[Notice, dict]]] = {}
    for notice in notices:
        key = notice.source_id
        if combines and key in current:
            notice = reader.combine(current[key][0].raw, notice)
        elif combines and key in existing:
            notice = reader.combine(existing[key]["raw"], notice)
        flags = screen(notice)
        record = snapshot(notice, flags)
        digest = fingerprint(record)
        previous = current[key][2] if key in current else existing.get(key, {}).get("fingerprint")
        if previous is None:
            result.created += 1
        elif previous == digest:
            result.unchanged += 1
            continue
        else:
            result.updated += 1
        current[key] = (notice, flags, digest)
        versions.setdefault(key, []).append((notice, record))
    if not current:
        return

    now = timezone.now()
    to_create, to_update = [], []
    for key, (notice, flags, digest) in current.items():
        fields = {name: getattr(notice, name) for name in OPPORTUNITY_FIELDS}
        fields.update(flags)
        fields.update(
            fingerprint=digest, raw=notice.raw, amended_at=notice.published_at, search_text=search_text(notice)
        )
        if key in existing:
            row = existing[key]
            opportunity = Opportunity(pk=row["pk"], source=source, source_id=key, **fields)
            opportunity.version = row["version"] + len(versions[key])
            opportunity.updated_at = now
            to_update.append(opportunity)
        else:
            opportunity = Opportunity(source=source, source_id=key, version=len(versions[key]), **fields)
            to_create.append(opportunity)
    Opportunity.objects.bulk_create(to_create)
    if to_update:
        Opportunity.objects.bulk_update(
            to_update,
            [
                *OPPORTUNITY_FIELDS,
                *FLAG_FIELDS,
                "fingerprint",
                "raw",
                "amended_at",
                "version",
                "updated_at",
                "search_text",
            ],
        )
        changed = [opportunity.pk for opportunity in to_update]
        Classification.objects.filter(opportunity_id__in=changed).delete()
        Award.objects.filter(opportunity_id__in=changed).delete()
    by_key = {opportunity.source_id: opportunity for opportunity in [*to_create, *to_update]}

    new_versions, new_classifications, new_awards, award_suppliers = [], [], [], []
    for key, states in versions.items():
        opportunity = by_key[key]
        first = opportunity.version - len(states) + 1
        for offset, (notice, record) in enumerate(states):
            new_versions.append(
                OpportunityVersion(
                    opportunity=opportunity,
                    number=first + offset,
                    published_at=notice.published_at,
                    recorded_at=now,
                    snapshot=record,
                )
            )
        notice = current[key][0]
        for entry in notice.classifications:
            new_classifications.append(Classification(opportunity=opportunity, **entry))
        for entry in notice.awards:
            suppliers = entry.get("suppliers", [])
            award = Award(opportunity=opportunity, **{k: v for k, v in entry.items() if k != "suppliers"})
            new_awards.append(award)
            award_suppliers.append((award, suppliers))
    OpportunityVersion.objects.bulk_create(new_versions)
    Classification.objects.bulk_create(new_classifications)
    Award.objects.bulk_create(new_awards)
    AwardSupplier.objects.bulk_create(
        [AwardSupplier(award=award, **supplier) for award, suppliers in award_suppliers for supplier in suppliers]
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
