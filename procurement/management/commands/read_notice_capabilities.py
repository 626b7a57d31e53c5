"""manage.py read_notice_capabilities [--all]: reads which capabilities stored notices name.

Imports read this for the notices they write; run it once for notices imported before, and
with --all after the capability taxonomy or its keywords change. Prints last: read=N
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from procurement.capabilities import Vocabulary, notice_text
from procurement.models import Opportunity

SLICE = 2000


class Command(BaseCommand):
    help = "Stores the capabilities each notice's words name, for notices not read yet (or --all)."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Read every notice again.")

    def handle(self, *args, all: bool, **options):
        vocabulary = Vocabulary.load()
        notices = Opportunity.objects.order_by("pk")
        if not all:
            notices = notices.filter(capability_tags__isnull=True)
        read, after = 0, 0
        while True:
            rows = list(
                notices.filter(pk__gt=after).values_list(
                    "pk", "title", "description", "title_translation", "description_translation"
                )[:SLICE]
            )
            if not rows:
                break
            read_now = [
                Opportunity(pk=row[0], capability_tags=vocabulary.tags_in(notice_text(*row[1:]))) for row in rows
            ]
            with transaction.atomic():
                Opportunity.objects.bulk_update(read_now, ["capability_tags"])
            read += len(rows)
            after = rows[-1][0]
        self.stdout.write(f"read={read}")
