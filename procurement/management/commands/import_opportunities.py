"""manage.py import_opportunities --source sam|ocds|kkj|pportal FILE"""

import sys

from django.core.management.base import BaseCommand, CommandError

from procurement.importers import FORMATS, FileRefused
from procurement.services.importing import import_file


class Command(BaseCommand):
    help = "Imports procurement notices from a SAM.gov, OCDS, KKJ or procurement-portal file."

    def add_arguments(self, parser):
        parser.add_argument("--source", required=True, choices=FORMATS)
        parser.add_argument("file")

    def handle(self, *args, source, file, **options):
        def progress(result):
            self.stderr.write(f"… {result.processed} records read", ending="\n")

        try:
            with open(file, "rb") as stream:
                result = import_file(source=source, stream=stream, progress=progress)
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror}") from None
        except FileRefused as refusal:
            raise CommandError(f"{file}: {refusal.message} Nothing was imported.") from None
        for error in result.errors:
            self.stderr.write(f"skipped {error.position}: {error.reason}")
        if result.skipped > len(result.errors):
            self.stderr.write(f"… and {result.skipped - len(result.errors)} more skipped records")
        sys.stdout.flush()
        self.stdout.write(result.summary)
