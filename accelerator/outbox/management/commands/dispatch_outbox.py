from django.core.management.base import BaseCommand

from accelerator.outbox import services


class Command(BaseCommand):
    help = "Hands every recorded task that has not reached the broker yet to Celery."

    def handle(self, *args, **options):
        sent = services.dispatch_pending()
        self.stdout.write(f"dispatched={sent}")
