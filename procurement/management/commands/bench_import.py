"""manage.py bench_import --notices N: import speed and memory on generated SAM.gov and OCDS files.

Writes N SAM.gov notices and N OCDS releases to temporary files, imports both, imports them
again unchanged, and prints last:
notices=N import_s=… per_s=… peak_mb=… reimport_s=…
(per_s counts both files' records; peak_mb is the process's peak resident memory.)
"""

import json
import resource
import sys
import tempfile
import time
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction

from procurement.models import Opportunity
from procurement.services.importing import import_file

PREFIX = "bench"
NAICS = ["336414", "336415", "336419", "517410", "927110", "541715"]
WORDS = [
    "SAR imagery",
    "launch services",
    "ground station",
    "star tracker",
    "debris tracking",
    "lunar rover",
    "electric propulsion",
    "satellite bus",
    "optical communications",
    "mission operations",
]


def _sam(index: int) -> dict:
    return {
        "noticeId": f"{PREFIX}-{index:08d}",
        "title": f"{WORDS[index % len(WORDS)].capitalize()} for program {index}",
        "solicitationNumber": f"BENCH-{index:08d}",
        "fullParentPathName": "NATIONAL AERONAUTICS AND SPACE ADMINISTRATION.GODDARD SPACE FLIGHT CENTER",
        "postedDate": "2026-11-20",
        "type": "Solicitation",
        "typeOfSetAside": "SBA" if index % 7 == 0 else None,
        "typeOfSetAsideDescription": "Total Small Business Set-Aside (FAR 19.5)" if index % 7 == 0 else "null",
        "responseDeadLine": f"2027-{1 + index % 12:02d}-{1 + index % 28:02d}T17:00:00-05:00",
        "naicsCode": NAICS[index % len(NAICS)],
        "classificationCode": "1810",
        "active": "Yes",
        "description": f"Generated notice {index}: {WORDS[(index * 3) % len(WORDS)]} and related services.",
        "pointOfContact": [{"fullName": "Bench Contact", "email": "bench@example.com", "type": "primary"}],
        "uiLink": f"https://sam.gov/opp/{PREFIX}-{index:08d}/view",
    }


def _release(index: int) -> dict:
    return {
        "ocid": f"ocds-{PREFIX}-{index:08d}",
        "id": f"{PREFIX}-{index:08d}-1",
        "date": "2026-11-05T09:00:00+11:00",
        "tag": ["tender"],
        "initiationType": "tender",
        "parties": [
            {
                "id": "AU-1",
                "name": "Australian Space Agency",
                "address": {"countryName": "Australia"},
                "roles": ["buyer"],
            }
        ],
        "buyer": {"id": "AU-1", "name": "Australian Space Agency"},
        "tender": {
            "id": f"ASA-{index}",
            "title": f"{WORDS[index % len(WORDS)].capitalize()} data services {index}",
            "description": "Generated release for the import benchmark.",
            "status": "active",
            "value": {"amount": 100000 + index, "currency": "AUD"},
            "procurementMethod": "open",
            "tenderPeriod": {"startDate": "2026-11-05T09:00:00+11:00", "endDate": "2027-02-03T14:00:00+11:00"},
            "items": [{"id": "1", "classification": {"scheme": "UNSPSC", "id": "81151600", "description": "x"}}],
        },
    }


def _write(path: Path, key: str, count: int, build) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(f'{{"version": "1.1", "{key}": [')
        for index in range(count):
            if index:
                handle.write(",")
            handle.write(json.dumps(build(index)))
        handle.write("]}")


class Command(BaseCommand):
    help = "Times importing N generated SAM.gov notices and N OCDS releases, and importing them again."

    def add_arguments(self, parser):
        parser.add_argument("--notices", type=int, default=10_000)
        parser.add_argument("--keep", action="store_true", help="Keep the generated opportunities afterwards.")

    def handle(self, *args, notices, keep, **options):
        with tempfile.TemporaryDirectory() as folder:
            sam, ocds = Path(folder) / "sam.json", Path(folder) / "ocds.json"
            _write(sam, "opportunitiesData", notices, _sam)
            _write(ocds, "releases", notices, _release)
            self._clear()
            started = time.perf_counter()
            for source, path in (("sam", sam), ("ocds", ocds)):
                with open(path, "rb") as stream:
                    result = import_file(source=source, stream=stream)
                self.stderr.write(f"{source}: {result.summary}")
            import_s = time.perf_counter() - started
            started = time.perf_counter()
            for source, path in (("sam", sam), ("ocds", ocds)):
                with open(path, "rb") as stream:
                    result = import_file(source=source, stream=stream)
                self.stderr.write(f"{source} again: {result.summary}")
            reimport_s = time.perf_counter() - started
        if not keep:
            self._clear()
        peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        peak_mb = peak_kb / 1024 if sys.platform != "darwin" else peak_kb / 1024 / 1024
        total = 2 * notices
        self.stdout.write(
            f"notices={notices} import_s={import_s:.1f} per_s={total / import_s:.0f} peak_mb={peak_mb:.0f} "
            f"reimport_s={reimport_s:.1f} reimport_per_s={total / reimport_s:.0f}"
        )

    @transaction.atomic
    def _clear(self) -> None:
        Opportunity.objects.filter(source__in=["sam", "ocds"], source_id__contains=f"{PREFIX}-").delete()
