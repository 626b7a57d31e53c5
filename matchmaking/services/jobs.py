"""Background work the services ask for, named by task so that services never import the task modules."""

from django.db import transaction
from django.utils.module_loading import import_string


def start_task(name: str, *, countdown: int = 0, **kwargs) -> None:
    """Sends the Celery task at dotted path `name` now, with keyword arguments (ids and strings)."""
    import_string(name).apply_async(kwargs=kwargs, countdown=countdown or None)


def queue_task(name: str, *, countdown: int = 0, **kwargs) -> None:
    """Sends the task once the current transaction commits, so that it reads the committed state."""
    transaction.on_commit(lambda: start_task(name, countdown=countdown, **kwargs))
