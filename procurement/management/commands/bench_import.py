"""manage.py bench_import --notices N: import speed and memory on generated SAM.gov and OCDS files.

Writes N SAM.gov notices and N OCDS releases to temporary files, imports both, imports them
again unchanged, each through the service the staff upload's Celery task runs (an import
run with its progress recorded batch by batch), and prints last:
notices=N import_s=… per_s=… peak_mb=… reimport_s=… reimport_per_s=… cpu_per_s=… cpu_reimport_per_s=…
per_s counts both files' records; peak_mb is the process's peak resident memory. cpu_per_s
divides by the CPU time this process and its database server process spent, which is what
the wall-clock figures come to on a machine not shared with other work.
"""

import os
import resource
import sys
import tempfile
import time
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from procurement.benchmarks import PREFIX, sam_notice, tender_release, write_file
from procurement.models import Classification, ImportRun, Opportunity, OpportunityVersion
from procurement.services.importing import run_import


class Command(BaseCommand):
    help = "Times importing N generated SAM.gov notices and N OCDS releases, and importing them again."

    def add_arguments(self, parser):
        parser.add_argument("--notices", type=int, default=10_000)
        parser.add_argument("--keep", action="store_true", help="Keep the generated opportunities afterwards.")

    def handle(self, *args, notices, keep, **options):
        with tempfile.TemporaryDirectory() as folder:
            sam, ocds = Path(folder) / "sam.json", Path(folder) / "ocds.json"
            write_file(sam, "opportunitiesData", notices, sam_notice)
            write_file(ocds, "releases", notices, tender_release)
            self._clear()
            import_s, import_cpu = self._import([("sam", sam), ("ocds", ocds)], "")
            reimport_s, reimport_cpu = self._import([("sam", sam), ("ocds", ocds)], " again")
        if not keep:
            self._clear()
        peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        peak_mb = peak_kb / 1024 if sys.platform != "darwin" else peak_kb / 1024 / 1024
        total = 2 * notices
        self.stdout.write(
            f"notices={notices} import_s={import_s:.1f} per_s={total / import_s:.0f} peak_mb={peak_mb:.0f} "
            f"reimport_s={reimport_s:.1f} reimport_per_s={total / reimport_s:.0f} "
            f"cpu_per_s={total / import_cpu:.0f} cpu_reimport_per_s={total / reimport_cpu:.0f}"
        )

    def _import(self, files, label: str) -> tuple[float, float]:
        """Wall-clock and CPU seconds (this process and its database server process) to import `files`."""
        started, cpu = time.perf_counter(), self._cpu()
        for source, path in files:
            run = ImportRun.objects.create(source=source, file_name=path.name)
            with open(path, "rb") as stream:
                result = run_import(run=run, stream=stream)
            run.delete()
            self.stderr.write(f"{source}{label}: {result.summary if result else run.refusal}")
        return time.perf_counter() - started, max(self._cpu() - cpu, 1e-6)

    def _cpu(self) -> float:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        seconds = usage.ru_utime + usage.ru_stime
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                (pid,) = cursor.fetchone()
            try:  # the server's process, when it runs on this machine
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                seconds += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
            except (OSError, IndexError, ValueError):
                pass
        return seconds

    def _clear(self) -> None:
        """Deletes the generated opportunities a slice at a time, so the clearing does not swell the process."""
        generated = Opportunity.objects.filter(source__in=["sam", "ocds"], source_id__contains=f"{PREFIX}-")
        while ids := list(generated.values_list("pk", flat=True)[:2000]):
            with transaction.atomic():
                Opportunity.objects.filter(pk__in=ids).delete()
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # The import is timed on tables as a running database keeps them (autovacuum), not
            # on the dead rows of the clearing. (VACUUM cannot run in a transaction, as in tests.)
            with connection.cursor() as cursor:
                for model in (Opportunity, OpportunityVersion, Classification):
                    cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
