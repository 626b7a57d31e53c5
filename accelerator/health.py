"""/healthz: whether this web process can serve (its database), and how the broker is."""

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return "unavailable"
    return "ok"


def _broker() -> str:
    if not settings.CELERY_BROKER_URL:
        return "in-process"
    from accelerator.celery import app

    try:
        with app.connection_for_write() as broker:
            broker.ensure_connection(max_retries=1, timeout=1)
    except Exception:  # any failure to reach the broker means "unavailable"
        return "unavailable"
    return "ok"


@never_cache
@require_GET
def healthz(request):
    """200 while the database answers (a broker outage only degrades: tasks wait in the outbox); 503 otherwise."""
    checks = {"database": _database(), "broker": _broker()}
    healthy = checks["database"] == "ok"
    return JsonResponse({"status": "ok" if healthy else "unavailable", **checks}, status=200 if healthy else 503)
