"""Office hours, booking, cancelling and rescheduling, session logs, goals and feedback."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accelerator.accounts.models import User
from accelerator.outbox.services import enqueue
from accelerator.permissions import is_program_staff

from ... import permissions, selectors
from ...models import (
    Cohort,
    MentorAssignment,
    MentoringGoal,
    MentorProfile,
    MentorSession,
    Milestone,
    OfficeHours,
    OfficeHoursException,
    SessionFeedback,
)


def _own_profile(user: User) -> MentorProfile:
    profile = MentorProfile.objects.filter(user_id=user.pk).first() if user.is_authenticated else None
    if profile is None:
        raise PermissionDenied(_("Only mentors with a profile can publish office hours."))
    return profile


def _clean_text(**fields: str) -> None:
    for name, value in fields.items():
        if "\x00" in (value or ""):
            raise ValidationError({name: [_("The text holds a character that cannot be saved.")]})


@transaction.atomic
def add_office_hours(*, by: User, weekday: int, starts_at: dt.time, duration_minutes: int) -> OfficeHours:
    """A weekly slot in the mentor's own zone."""
    mentor = _own_profile(by)
    errors = {}
    if weekday not in OfficeHours.Weekday.values:
        errors["weekday"] = [_("Choose a day of the week.")]
    if not isinstance(duration_minutes, int) or not 15 <= duration_minutes <= 180:
        errors["duration_minutes"] = [_("A slot lasts from 15 to 180 minutes.")]
    if errors:
        raise ValidationError(errors)
    if OfficeHours.objects.filter(mentor=mentor, weekday=weekday, starts_at=starts_at).exists():
        raise ValidationError({"starts_at": [_("You already have a slot starting then.")]})
    return OfficeHours.objects.create(
        mentor=mentor, weekday=weekday, starts_at=starts_at, duration_minutes=duration_minutes
    )


@transaction.atomic
def remove_office_hours(*, office_hours: OfficeHours, by: User) -> None:
    """Removes a weekly slot; sessions already booked in it stay booked."""
    if office_hours.mentor_id != by.pk:
        raise PermissionDenied(_("You can only change your own office hours."))
    office_hours.delete()


@transaction.atomic
def add_exception(*, by: User, date: dt.date, note: str = "") -> OfficeHoursException:
    """A day without office hours (a holiday, travel)."""
    mentor = _own_profile(by)
    _clean_text(note=note)
    if date < timezone.now().date() - dt.timedelta(days=1):
        raise ValidationError({"date": [_("Choose a day that has not passed.")]})
    exception, _created = OfficeHoursException.objects.update_or_create(
        mentor=mentor, date=date, defaults={"note": note.strip()[:200]}
    )
    return exception


@transaction.atomic
def remove_exception(*, exception: OfficeHoursException, by: User) -> None:
    if exception.mentor_id != by.pk:
        raise PermissionDenied(_("You can only change your own office hours."))
    exception.delete()


def _claim_slot(session: MentorSession) -> None:
    """Saves `session` in its slot; the database refuses a second booking of the same slot."""
    try:
        with transaction.atomic():
            session.save()
    except IntegrityError as error:
        raise ValidationError({"starts_at": [_("This slot is already booked. Choose another time.")]}) from error


def _open_slot_or_error(mentor: MentorProfile, starts_at: dt.datetime) -> selectors.Slot:
    slot = selectors.is_open_slot(mentor, starts_at)
    if slot is None:
        taken = MentorSession.objects.filter(
            mentor=mentor, starts_at=starts_at, status=MentorSession.Status.BOOKED
        ).exists()
        if taken:
            raise ValidationError({"starts_at": [_("This slot is already booked. Choose another time.")]})
        raise ValidationError({"starts_at": [_("This time is not one of the mentor's open office hours.")]})
    return slot


@transaction.atomic
def book_session(*, assignment: MentorAssignment, starts_at: dt.datetime, by: User, agenda: str = "") -> MentorSession:
    """A member of the startup books one of its mentor's open office hours; both sides get an invitation."""
    if not permissions.is_company_member(by, assignment.company_id) and not is_program_staff(by):
        raise PermissionDenied(_("Only members of the startup can book its mentors."))
    if assignment.status != MentorAssignment.Status.PUBLISHED or assignment.cohort.status != Cohort.Status.RUNNING:
        raise ValidationError(_("This mentor is not assigned to your startup in a running cohort."))
    _clean_text(agenda=agenda)
    mentor = MentorProfile.objects.select_for_update().get(pk=assignment.mentor_id)
    slot = _open_slot_or_error(mentor, starts_at)
    session = MentorSession(
        assignment=assignment,
        mentor=mentor,
        company_id=assignment.company_id,
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        agenda=agenda.strip(),
        booked_by=by,
    )
    _claim_slot(session)
    enqueue("cohorts.tasks.send_session_invitation", session_id=session.pk, sequence=session.sequence)
    return session


def _require_participant(session: MentorSession, by: User) -> None:
    if not (permissions.is_session_mentor(by, session) or permissions.is_session_startup(by, session)):
        raise PermissionDenied(_("You are not taking part in this session."))


def _locked(session: MentorSession) -> MentorSession:
    return MentorSession.objects.select_for_update(of=("self",)).select_related("mentor", "company").get(pk=session.pk)


@transaction.atomic
def cancel_session(*, session: MentorSession, by: User) -> MentorSession:
    """Either side cancels an upcoming session; both are told and the calendar entry is withdrawn."""
    _require_participant(session, by)
    session = _locked(session)
    if not session.is_booked:
        raise ValidationError(_("This session is already cancelled."))
    if session.starts_at <= timezone.now():
        raise ValidationError(_("A session that has started can no longer be cancelled."))
    session.status = MentorSession.Status.CANCELLED
    session.cancelled_at = timezone.now()
    session.cancelled_by = by
    session.sequence += 1
    session.save()
    enqueue("cohorts.tasks.send_session_cancellation", session_id=session.pk, sequence=session.sequence)
    return session


@transaction.atomic
def reschedule_session(*, session: MentorSession, starts_at: dt.datetime, by: User) -> MentorSession:
    """Moves an upcoming session to another open slot of the same mentor; both get the updated invitation."""
    _require_participant(session, by)
    session = _locked(session)
    if not session.is_booked:
        raise ValidationError(_("A cancelled session cannot be moved; book a new one."))
    if session.starts_at <= timezone.now():
        raise ValidationError(_("A session that has started can no longer be moved."))
    MentorProfile.objects.select_for_update().get(pk=session.mentor_id)
    slot = _open_slot_or_error(session.mentor, starts_at)
    session.starts_at, session.ends_at = slot.starts_at, slot.ends_at
    session.sequence += 1
    _claim_slot(session)
    enqueue("cohorts.tasks.send_session_invitation", session_id=session.pk, sequence=session.sequence)
    return session


@transaction.atomic
def log_session(
    *, session: MentorSession, by: User, notes: str, next_steps: str, private_notes: str = ""
) -> MentorSession:
    """The mentor's log of a session that has taken place: notes and next steps for both, private notes for them."""
    if not permissions.is_session_mentor(by, session):
        raise PermissionDenied(_("Only the session's mentor can write its log."))
    session = _locked(session)
    _clean_text(notes=notes, next_steps=next_steps, private_notes=private_notes)
    if not session.is_booked or session.starts_at > timezone.now():
        raise ValidationError(_("A session can be logged once it has taken place."))
    if not (notes.strip() or next_steps.strip()):
        raise ValidationError({"notes": [_("Write the notes or the next steps.")]})
    session.notes, session.next_steps, session.private_notes = notes.strip(), next_steps.strip(), private_notes.strip()
    session.logged_at = timezone.now()
    session.save()
    return session


@transaction.atomic
def give_feedback(*, session: MentorSession, by: User, rating, comment: str = "") -> SessionFeedback:
    """One side's rating (1–5) and comment; each side answers once."""
    if permissions.is_session_mentor(by, session):
        role = SessionFeedback.Role.MENTOR
    elif permissions.is_session_startup(by, session):
        role = SessionFeedback.Role.STARTUP
    else:
        raise PermissionDenied(_("Only people who were in the session can give feedback on it."))
    session = _locked(session)
    _clean_text(comment=comment)
    try:
        rating = int(rating)
    except (TypeError, ValueError):
        rating = 0
    if not 1 <= rating <= 5:
        raise ValidationError({"rating": [_("Rate the session from 1 to 5.")]})
    if not session.is_booked or session.ends_at > timezone.now():
        raise ValidationError(_("Feedback opens once the session has ended."))
    if SessionFeedback.objects.filter(session=session, role=role).exists():
        raise ValidationError(_("Your side has already given feedback on this session."))
    return SessionFeedback.objects.create(session=session, role=role, author=by, rating=rating, comment=comment.strip())


def _require_goal_editor(by: User, cohort_id: int, company_id: int) -> None:
    mentors = MentorAssignment.objects.filter(
        cohort_id=cohort_id, company_id=company_id, status=MentorAssignment.Status.PUBLISHED, mentor_id=by.pk
    )
    if not (permissions.is_company_member(by, company_id) or (by.is_authenticated and mentors.exists())):
        raise PermissionDenied(_("Only the startup and its mentors can set its goals."))


@transaction.atomic
def add_goal(*, assignment: MentorAssignment, by: User, title: str) -> MentoringGoal:
    _require_goal_editor(by, assignment.cohort_id, assignment.company_id)
    _clean_text(title=title)
    if not title.strip():
        raise ValidationError({"title": [_("Name the goal.")]})
    return MentoringGoal.objects.create(
        cohort_id=assignment.cohort_id, company_id=assignment.company_id, title=title.strip()[:200], created_by=by
    )


@transaction.atomic
def set_goal_status(*, goal: MentoringGoal, by: User, status: str) -> MentoringGoal:
    _require_goal_editor(by, goal.cohort_id, goal.company_id)
    if status not in MentoringGoal.Status.values:
        raise ValidationError({"status": [_("Choose a status from the list.")]})
    goal.status = status
    goal.save(update_fields=["status", "updated_at"])
    return goal


@transaction.atomic
def add_milestone(*, goal: MentoringGoal, by: User, title: str, due_on: dt.date | None = None) -> Milestone:
    _require_goal_editor(by, goal.cohort_id, goal.company_id)
    _clean_text(title=title)
    if not title.strip():
        raise ValidationError({"title": [_("Name the milestone.")]})
    return Milestone.objects.create(goal=goal, title=title.strip()[:200], due_on=due_on)


@transaction.atomic
def set_milestone_done(*, milestone: Milestone, by: User, done: bool) -> Milestone:
    goal = milestone.goal
    _require_goal_editor(by, goal.cohort_id, goal.company_id)
    milestone.done_at = timezone.now() if done else None
    milestone.save(update_fields=["done_at"])
    return milestone
