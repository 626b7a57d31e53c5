"""Celery tasks for cohorts: thin and idempotent, queued through the outbox; each email is sent once."""

import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import Q, QuerySet
from django.utils import timezone

from accelerator.accounts.emails import personal_email, send_once
from accelerator.accounts.models import Role, User

from .mentoring_calendar import session_invitation
from .models import Application, MentorAssignment, MentorSession, Message
from .selectors import sessions_awaiting_feedback

logger = logging.getLogger(__name__)

DECISION_TEMPLATES = {
    Application.Status.ACCEPTED: "accepted",
    Application.Status.WAITLISTED: "waitlisted",
    Application.Status.REJECTED: "rejected",
}


def _email(user: User, template: str, context: dict) -> EmailMultiAlternatives:
    return personal_email(user, f"cohorts/email/{template}", {"user": user, **context})


def _decision_email(user: User, application: Application) -> EmailMultiAlternatives:
    """The decision on `application`, in the recipient's language and time zone."""
    context = {
        "application": application,
        "cohort": application.cohort,
        "company": application.company,
        "url": f"{settings.SITE_URL}{application.get_absolute_url()}",
    }
    return _email(user, f"decision_{DECISION_TEMPLATES[application.status]}", context)


@shared_task(autoretry_for=(ConnectionError, OSError), retry_backoff=True, max_retries=5)
def send_decision_email(application_id: int) -> int:
    """Emails a released decision to each member of the company, once per decision and person.

    Returns how many emails went out now: 0 when they were sent already or nothing is decided.
    """
    application = Application.objects.select_related("cohort", "company").filter(pk=application_id).first()
    if application is None or application.decision_email_sent_at is not None:
        return 0
    if application.status not in DECISION_TEMPLATES or application.decided_at is None:
        return 0
    recipients = list(
        User.objects.filter(memberships__company_id=application.company_id, is_active=True).order_by("pk")
    )
    if not recipients:
        logger.warning("Application %s has no active company member to tell the decision to.", application_id)
        return 0
    # A waitlisted application decided again is a new decision, with emails of its own.
    decision = f"{application.status}:{application.decided_at.isoformat()}"
    sent = sum(
        send_once(
            key=f"cohort-decision:{application.pk}:{decision}:{user.pk}",
            message=_decision_email(user, application),
        )
        for user in recipients
    )
    Application.objects.filter(
        pk=application.pk, status=application.status, decided_at=application.decided_at, decision_email_sent_at=None
    ).update(decision_email_sent_at=timezone.now())
    return sent


def message_recipients(message: Message) -> QuerySet[User]:
    """Who is emailed about a message in an application's thread; never its author.

    A message from program staff goes to every active member of the applicant company.
    A message from the company goes to program staff: the active users who hold the staff
    role, and the active superusers, who count as staff everywhere else on the site. The
    whole team is told rather than one person because applications have no staff owner,
    and whoever answers first answers for the program; reviewers are not told, since
    the thread is between the company and the program, not its reviewers.
    """
    if message.from_staff:
        recipients = User.objects.filter(memberships__company_id=message.application.company_id)
    else:
        recipients = User.objects.filter(Q(groups__name=Role.STAFF) | Q(is_superuser=True))
    if message.author_id is not None:
        recipients = recipients.exclude(pk=message.author_id)
    return recipients.filter(is_active=True).distinct().order_by("pk")


def _message_email(user: User, message: Message) -> EmailMultiAlternatives:
    application = message.application
    context = {
        "message": message,
        "author": message.author,
        "quoted": "\n".join(f"> {line}".rstrip() for line in message.body.splitlines()),
        "application": application,
        "cohort": application.cohort,
        "company": application.company,
        "url": f"{settings.SITE_URL}{application.get_absolute_url()}#messages",
    }
    return _email(user, "message_from_staff" if message.from_staff else "message_from_company", context)


@shared_task(autoretry_for=(ConnectionError, OSError), retry_backoff=True, max_retries=5)
def send_message_notification(message_id: int) -> int:
    """Emails the other side of the thread about a new message, once per message and person.

    Returns how many emails went out now: 0 when they were sent already or nobody is to be told.
    """
    message = (
        Message.objects.select_related("author", "application__cohort", "application__company")
        .filter(pk=message_id)
        .first()
    )
    if message is None or message.notified_at is not None:
        return 0
    recipients = list(message_recipients(message))
    if not recipients:
        logger.warning("Nobody is left to tell about message %s on application %s.", message_id, message.application_id)
    sent = sum(
        send_once(key=f"cohort-message:{message.pk}:{user.pk}", message=_message_email(user, message))
        for user in recipients
    )
    Message.objects.filter(pk=message.pk, notified_at=None).update(notified_at=timezone.now())
    return sent


# The mentor program. Every email goes through send_once with a key naming what it tells
# and whom, so a task that runs twice never mails twice.


def _mentoring_email(user: User, template: str, context: dict) -> EmailMultiAlternatives:
    return personal_email(user, f"cohorts/mentoring/email/{template}", {"user": user, **context})


def _startup_members(company_id: int) -> list[User]:
    return list(User.objects.filter(memberships__company_id=company_id, is_active=True).order_by("pk"))


@shared_task(autoretry_for=(ConnectionError, OSError), retry_backoff=True, max_retries=5)
def send_mentor_assignments(assignment_ids: list[int]) -> int:
    """Tells each mentor and each startup member once about the assignments just published:
    a mentor hears of all their new startups in one email, a startup of all its new mentors."""
    assignments = list(
        MentorAssignment.objects.filter(pk__in=assignment_ids, status=MentorAssignment.Status.PUBLISHED)
        .select_related("cohort", "company", "mentor__user")
        .order_by("company__legal_name", "side", "pk")
    )
    batch = "-".join(str(pk) for pk in sorted(assignment_ids))
    by_mentor: dict[int, list] = {}
    by_company: dict[int, list] = {}
    for assignment in assignments:
        by_mentor.setdefault(assignment.mentor_id, []).append(assignment)
        by_company.setdefault(assignment.company_id, []).append(assignment)
    sent = 0
    site = settings.SITE_URL
    for mentor_assignments in by_mentor.values():
        user = mentor_assignments[0].mentor.user
        if not user.is_active:
            continue
        message = _mentoring_email(
            user,
            "assigned_mentor",
            {
                "assignments": mentor_assignments,
                "cohort": mentor_assignments[0].cohort,
                "url": f"{site}/cohorts/mentoring/",
            },
        )
        sent += send_once(key=f"mentor-assignments:{batch}:{user.pk}", message=message)
    for company_assignments in by_company.values():
        for user in _startup_members(company_assignments[0].company_id):
            message = _mentoring_email(
                user,
                "assigned_startup",
                {
                    "assignments": company_assignments,
                    "company": company_assignments[0].company,
                    "cohort": company_assignments[0].cohort,
                    "url": f"{site}/cohorts/mentoring/",
                },
            )
            sent += send_once(key=f"mentor-assignments:{batch}:{user.pk}", message=message)
    return sent


def _session_participants(session) -> list[User]:
    return [session.mentor.user, *_startup_members(session.company_id)]


def _session_email(user: User, session, template: str, method: str) -> EmailMultiAlternatives:
    """The email about a session, with the calendar invitation (or its withdrawal) attached."""
    message = _mentoring_email(
        user,
        template,
        {
            "session": session,
            "mentor": session.mentor.user,
            "company": session.company,
            "url": f"{settings.SITE_URL}{session.get_absolute_url()}",
        },
    )
    invitation = session_invitation(session, user, method=method)
    message.attach("invite.ics", invitation, f"text/calendar; charset=utf-8; method={method}")
    return message


@shared_task(autoretry_for=(ConnectionError, OSError), retry_backoff=True, max_retries=5)
def send_session_invitation(session_id: int, sequence: int) -> int:
    """The invitation (or its update after a move) to the mentor and every startup member, once each."""
    session = (
        MentorSession.objects.select_related("mentor__user", "company", "assignment__cohort")
        .filter(pk=session_id, sequence=sequence, status=MentorSession.Status.BOOKED)
        .first()
    )
    if session is None:  # moved again or cancelled since: a later task tells the newer state
        return 0
    template = "session_booked" if sequence == 0 else "session_moved"
    sent = 0
    for user in _session_participants(session):
        if user.is_active:
            message = _session_email(user, session, template, "REQUEST")
            sent += send_once(key=f"mentor-session:{session.pk}:{sequence}:{user.pk}", message=message)
    return sent


@shared_task(autoretry_for=(ConnectionError, OSError), retry_backoff=True, max_retries=5)
def send_session_cancellation(session_id: int, sequence: int) -> int:
    session = (
        MentorSession.objects.select_related("mentor__user", "company", "cancelled_by")
        .filter(pk=session_id, sequence=sequence, status=MentorSession.Status.CANCELLED)
        .first()
    )
    if session is None:
        return 0
    sent = 0
    for user in _session_participants(session):
        if user.is_active:
            message = _session_email(user, session, "session_cancelled", "CANCEL")
            sent += send_once(key=f"mentor-session:{session.pk}:{sequence}:{user.pk}", message=message)
    return sent


@shared_task
def remind_session_feedback() -> int:
    """Reminds each side of a session that ended in the last seven days to give feedback, once each."""
    sent = 0
    for session, role, users in sessions_awaiting_feedback():
        for user in users:
            message = _mentoring_email(
                user,
                "feedback_reminder",
                {
                    "session": session,
                    "mentor": session.mentor.user,
                    "company": session.company,
                    "url": f"{settings.SITE_URL}{session.get_absolute_url()}",
                },
            )
            sent += send_once(key=f"mentor-feedback-reminder:{session.pk}:{role}:{user.pk}", message=message)
    return sent
