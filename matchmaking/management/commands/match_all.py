"""Matches all companies now, in this process, and shows the progress."""

from django.core.management.base import BaseCommand

from matchmaking import services


class Command(BaseCommand):
    help = "Recompute every company's partner suggestions in this process (the nightly run does it on workers)."

    def handle(self, *args, **options):
        def progress(run):
            self.stdout.write(f"  chunks {run.chunks_done}/{run.chunks_total}")

        run = services.start_full_run(inline=True, progress=progress)
        self.stdout.write(
            self.style.SUCCESS(
                f"Match run #{run.pk} {run.status}: {run.companies_count} companies, "
                f"{run.suggestions_count} suggestions ({run.new_suggestions_count} new)."
            )
        )
