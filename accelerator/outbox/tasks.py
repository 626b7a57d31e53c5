from celery import shared_task

from . import services


@shared_task
def dispatch_pending() -> int:
    """Beat's retry of tasks whose dispatch after commit did not reach the broker."""
    return services.dispatch_pending()
