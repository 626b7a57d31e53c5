"""Celery tasks of the procurement app: thin, idempotent wrappers over the services."""

from celery import shared_task
from django.conf import settings
from django.core.files.storage import storages
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from accelerator.accounts.emails import personal_email, send_once

from .models import Alert, ImportRun


@shared_task(acks_late=True)
def import_uploaded_file(run_id: int) -> str:
    """Imports a staff upload; a run that already started is left alone (the task may be redelivered)."""
    with transaction.atomic():
        run = ImportRun.objects.select_for_update(of=("self",)).select_related("started_by").filter(pk=run_id).first()
        if run is None or run.state != ImportRun.State.QUEUED:
            return "already handled"
        ImportRun.objects.filter(pk=run.pk).update(state=ImportRun.State.RUNNING)
    from .services.importing import run_import

    language = run.started_by.preferred_language if run.started_by else "en"
    with translation.override(language), storages["private"].open(run.stored_file, "rb") as stream:
        run_import(run=run, stream=stream)
    run.refresh_from_db()
    return run.summary


@shared_task(autoretry_for=(ConnectionError, OSError), retry_backoff=True, max_retries=5)
def email_alert(alert_id: int) -> bool:
    """Emails one alert in its recipient's language and zone, once, whatever redeliveries do."""
    alert = Alert.objects.select_related("user", "opportunity", "saved_search").filter(pk=alert_id).first()
    if alert is None or not alert.user.email or not alert.user.is_active:
        return False
    opportunity = alert.opportunity
    message = personal_email(
        alert.user,
        f"procurement/email/{alert.kind}",
        {
            "alert": alert,
            "opportunity": opportunity,
            "search": alert.saved_search,
            "url": f"{settings.SITE_URL}{opportunity.get_absolute_url()}",
            "alerts_url": f"{settings.SITE_URL}{reverse('procurement:alerts')}",
        },
    )
    sent = send_once(key=f"procurement-alert:{alert.pk}", message=message)
    Alert.objects.filter(pk=alert.pk, emailed_at__isnull=True).update(emailed_at=timezone.now())
    return sent


@shared_task
def fetch_live_source(fetcher: str, language: str = "") -> str:
    """Fetches a live source's next window (SAM.gov, AusTender, Find a Tender) when the settings turn it on.

    A refusal is kept on the run in `language` (the staff member who asked), else the site's.
    """
    from .services.fetching import fetch

    with translation.override(language or settings.LANGUAGE_CODE):
        run = fetch(name=fetcher)
    return f"{run.get_state_display()}: {run.summary}" if run else "off or already running"


@shared_task
def alert_saved_searches() -> int:
    from .services.alerts import alert_new_matches

    return alert_new_matches()


@shared_task
def send_deadline_reminders() -> int:
    from .services.alerts import remind_deadlines

    return remind_deadlines()


@shared_task(autoretry_for=(ConnectionError, OSError), retry_backoff=True, max_retries=5)
def email_team_invitation(member_id: int) -> int:
    """Tells every person of an invited company, in their language, once per invitation."""
    from .models import TeamMember

    member = (
        TeamMember.objects.select_related("team__opportunity", "team__lead_company", "company")
        .filter(pk=member_id, status=TeamMember.Status.INVITED)
        .first()
    )
    if member is None:
        return 0
    sent = 0
    url = f"{settings.SITE_URL}{member.team.get_absolute_url()}"
    for membership in member.company.memberships.select_related("user"):
        user = membership.user
        if not user.email or not user.is_active:
            continue
        message = personal_email(
            user,
            "procurement/email/team_invitation",
            {"member": member, "team": member.team, "opportunity": member.team.opportunity, "url": url},
        )
        key = f"bid-team-invitation:{member.pk}:{member.invited_at.timestamp()}:{user.pk}"
        sent += send_once(key=key, message=message)
    return sent
