"""Matches all companies now, in this process, and shows the progress."""

from django.core.management.base import BaseCommand

from matchmaking import selectors, services


class Command(BaseCommand):
    help = "Recompute every company's partner suggestions in this process (the nightly run does it on workers)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--skip-if-current",
            action="store_true",
            help="Do nothing when the last full run is newer than every company and profile (`make run`).",
        )

    def handle(self, *args, skip_if_current: bool = False, **options):
        if skip_if_current and selectors.full_run_is_current():
            self.stdout.write("Suggestions are current: no company changed since the last full run.")
            return

        def progress(run):
            self.stdout.write(f"  chunks {run.chunks_done}/{run.chunks_total}")

        run = services.start_full_run(inline=True, progress=progress)
        self.stdout.write(
            self.style.SUCCESS(
                f"Match run #{run.pk} {run.status}: {run.companies_count} companies, "
                f"{run.suggestions_count} suggestions ({run.new_suggestions_count} new)."
            )
        )
