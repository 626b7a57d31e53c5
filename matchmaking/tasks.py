"""Celery tasks for matchmaking: thin, idempotent wrappers over the services."""

import logging

from celery import shared_task
from celery.signals import worker_process_init
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation

from accelerator.accounts.emails import personal_email, send_once
from accelerator.accounts.models import SentEmail, User
from accelerator.outbox.services import enqueue

from . import services
from .concepts import glossary
from .models import DigestSetting, InboxItem, Introduction, Suggestion
from .reasons import Vocabulary, annotate

logger = logging.getLogger(__name__)
RETRY = {"autoretry_for": (ConnectionError, OSError), "retry_backoff": True, "max_retries": 5}


@worker_process_init.connect(weak=False, dispatch_uid="matchmaking.read_glossary")
def read_glossary(**kwargs) -> None:
    """Each worker process reads the glossary and builds its indexes as it starts, so the first
    match run it serves does not wait for them."""
    glossary().warm()


@shared_task
def start_full_run() -> int:
    """The scheduled recompute of every company's suggestions."""
    return services.start_full_run().pk


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=3)
def compute_chunk(self, run_id: int, index: int) -> bool:
    try:
        return services.compute_run_chunk(run_id=run_id, index=index, worker=self.request.hostname or "")
    except Exception as error:
        if self.request.retries >= self.max_retries:
            services.fail_run(run_id=run_id, error=repr(error))
            raise
        raise self.retry(exc=error, countdown=10) from error


@shared_task
def requeue_stalled_runs() -> int:
    """Beat's repair of full runs whose chunks were lost with a worker that died."""
    return services.requeue_stalled_runs()


@shared_task(acks_late=True, reject_on_worker_lost=True)
def refresh_company(company_id: int) -> int | None:
    run = services.refresh_company(company_id=company_id)
    return run.pk if run else None


def _email(user: User, template: str, context: dict) -> EmailMultiAlternatives:
    return personal_email(user, f"matchmaking/email/{template}", context)


@shared_task(**RETRY)
def notify_introduction(introduction_id: int, kind: str) -> int:
    """Puts an introduction event in each recipient's inbox and emails it, once per person."""
    introduction = (
        Introduction.objects.select_related("requester", "recipient", "requested_by", "responded_by")
        .filter(pk=introduction_id)
        .first()
    )
    if introduction is None:
        return 0
    user_ids = services.notification_recipients(introduction, kind)
    InboxItem.objects.bulk_create(
        [InboxItem(user_id=user_id, kind=kind, introduction=introduction) for user_id in user_ids],
        ignore_conflicts=True,
    )
    items = (
        InboxItem.objects.select_related("user")
        .filter(user_id__in=user_ids, introduction=introduction, kind=kind, emailed_at__isnull=True)
        .order_by("user_id")
    )
    sent = 0
    url = f"{settings.SITE_URL}{introduction.get_absolute_url()}"
    for item in items:
        context = {"introduction": introduction, "kind": kind, "url": url, "user": item.user}
        sent += send_once(
            key=f"matchmaking-introduction:{introduction.pk}:{kind}:{item.user_id}",
            message=_email(item.user, "introduction", context),
        )
        InboxItem.objects.filter(pk=item.pk, emailed_at__isnull=True).update(emailed_at=timezone.now())
    return sent


@shared_task
def send_due_digests() -> int:
    """Queues a digest for everyone whose chosen interval has passed and who has unsent suggestions."""
    now = timezone.now()
    waiting = (
        InboxItem.objects.filter(
            kind=InboxItem.Kind.SUGGESTION,
            emailed_at__isnull=True,
            read_at__isnull=True,
            suggestion__is_active=True,
        )
        .exclude(suggestion__status=Suggestion.Status.DISMISSED)
        .values_list("user_id", flat=True)
        .distinct()
    )
    off = DigestSetting.objects.filter(frequency=DigestSetting.Frequency.OFF).values_list("user_id", flat=True)
    not_due = Q()
    for frequency, interval in DigestSetting.INTERVALS.items():
        not_due |= Q(frequency=frequency, last_sent_at__gt=now - interval)
    recent = DigestSetting.objects.filter(not_due).values_list("user_id", flat=True)
    user_ids = list(
        User.objects.filter(pk__in=waiting, is_active=True)
        .exclude(pk__in=off)
        .exclude(pk__in=recent)
        .values_list("pk", flat=True)
    )
    with transaction.atomic():
        for user_id in user_ids:
            enqueue("matchmaking.tasks.send_digest", user_id=user_id)
    return len(user_ids)


@shared_task(**RETRY)
def send_digest(user_id: int) -> int:
    """Emails one person the suggestions they have not been sent yet. Each digest goes out once.

    The digest is named by the one before it (`last_sent_at`), so a task that runs again
    after a worker died between sending and recording finds it sent and only records it.
    """
    setting, _created = DigestSetting.objects.get_or_create(user_id=user_id)
    if setting.frequency == DigestSetting.Frequency.OFF:
        return 0
    interval = DigestSetting.INTERVALS[setting.frequency]
    if setting.last_sent_at and timezone.now() - setting.last_sent_at < interval:
        return 0
    items = list(
        InboxItem.objects.filter(
            user_id=user_id,
            kind=InboxItem.Kind.SUGGESTION,
            emailed_at__isnull=True,
            read_at__isnull=True,
            suggestion__is_active=True,
        )
        .exclude(suggestion__status=Suggestion.Status.DISMISSED)
        .select_related("suggestion__company", "suggestion__partner", "user")
        .order_by("suggestion__company_id", "suggestion__rank")
    )
    if not items:
        return 0
    user = items[0].user
    with translation.override(user.preferred_language):
        suggestions = annotate([item.suggestion for item in items], vocabulary=Vocabulary.load())
    context = {
        "user": user,
        "suggestions": suggestions,
        "matches_url": f"{settings.SITE_URL}/matches/",
        "settings_url": f"{settings.SITE_URL}/matches/inbox/",
    }
    previous = setting.last_sent_at.isoformat() if setting.last_sent_at else "first"
    key = f"matchmaking-digest:{user_id}:{previous}"
    sent = send_once(key=key, message=_email(user, "digest", context))
    included = [item.pk for item in items]
    if not sent:
        # Sent before by a task that stopped short of recording it: record what that digest held.
        claimed_at = SentEmail.objects.filter(key=key).values_list("claimed_at", flat=True).first()
        included = [item.pk for item in items if claimed_at and item.created_at <= claimed_at]
    now = timezone.now()
    with transaction.atomic():
        InboxItem.objects.filter(pk__in=included, emailed_at__isnull=True).update(emailed_at=now)
        DigestSetting.objects.filter(pk=setting.pk, last_sent_at=setting.last_sent_at).update(last_sent_at=now)
    return len(items) if sent else 0


@shared_task
def expire_and_remind_introductions() -> dict:
    return {"expired": services.expire_introductions(), "reminded": services.remind_introductions()}
