"""The mentor program for mentors and startups: home, profile, office hours, booking, sessions, goals, feedback."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accelerator.accounts.models import Role
from accelerator.companies.models import Company, Membership

from .. import permissions, selectors
from ..mentoring_forms import (
    ExceptionForm,
    FeedbackForm,
    GoalForm,
    GoalStatusForm,
    MentorProfileForm,
    MilestoneForm,
    OfficeHoursForm,
    SessionLogForm,
    SlotForm,
)
from ..models import (
    Cohort,
    MentorAssignment,
    MentoringGoal,
    MentorProfile,
    MentorSession,
    Milestone,
    OfficeHours,
    OfficeHoursException,
    SessionFeedback,
    StartupRanking,
)
from ..services.mentoring import matching, profiles, sessions
from . import error_text


def _refused(request, error: ValidationError | PermissionDenied) -> None:
    if isinstance(error, ValidationError):
        messages.error(request, error_text(error))
    else:
        messages.error(request, str(error) or _("You may not do this."))


def _back(request):
    """Back to the page the form was on, if it is on this site; else the mentoring home."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect("cohorts:mentoring")


_SESSION_ROW = (
    "starts_at", "ends_at", "status", "logged_at",
    "mentor__user__display_name", "mentor__user__email", "company__legal_name", "company__name_ja",
)  # fmt: skip
_COMPANY_AND_COHORT = ("company__legal_name", "company__name_ja", "company__slug", "cohort__name_en", "cohort__name_ja")


@login_required
def home(request):
    """A mentor's mentees, sessions and shortlists; a startup's mentors, sessions, goals and ranking."""
    user = request.user
    home = selectors.mentor_home(user, timezone.now())
    profile = None if home.is_paused is None else MentorProfile(user_id=user.pk, is_paused=home.is_paused)
    context = {
        "profile": profile,
        "is_mentor": user.has_role(Role.MENTOR),
        "upcoming": home.upcoming,
        "past": home.past,
        "mentees": home.mentees,
    }
    if profile is not None:
        assigned = {(mentee.cohort_id, mentee.company_id) for mentee in home.mentees}
        context["shortlisted"] = [(s, (s.cohort_id, s.company_id) in assigned) for s in home.shortlisted]
    startups = []
    memberships = Membership.objects.filter(user=user).select_related("company") if home.is_member else []
    for membership in memberships:
        company = membership.company
        mentors = list(selectors.mentors_of_startup(company))
        cohorts = list(
            selectors.running_cohorts().filter(applications__company=company, applications__status="accepted")
        )
        rows = []
        for cohort in cohorts:
            shortlist = selectors.with_reason_names(list(selectors.shortlist(cohort, company)))
            rows.append(
                {
                    "cohort": cohort,
                    "mentors": [a for a in mentors if a.cohort_id == cohort.pk],
                    "shortlist": shortlist,
                    "ranks": selectors.rankings(cohort, company),
                    "goals": list(selectors.goals_of(cohort.pk, company)),
                }
            )
        if rows:
            startups.append({"company": company, "cohorts": rows})
    context["startups"] = startups
    return render(request, "cohorts/mentoring/home.html", context)


@login_required
def edit_profile(request):
    user = request.user
    if not user.has_role(Role.MENTOR):
        raise PermissionDenied(_("Only mentors have a mentor profile."))
    profile = MentorProfile.objects.filter(user=user).first()
    form = MentorProfileForm(request.POST or None, initial=MentorProfileForm.initial_for(profile, user))
    if request.method == "POST":
        if form.is_valid():
            try:
                profiles.save_mentor_profile(mentor=user, by=user, **form.cleaned_data)
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, errors in error.message_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, error)
            else:
                messages.success(request, _("Your mentor profile is saved."))
                return redirect("cohorts:mentoring")
        messages.error(request, _("Nothing was saved: correct the fields marked below."))
    return render(
        request,
        "cohorts/mentoring/profile_form.html",
        {"form": form, "profile": profile},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def mentor_detail(request, pk):
    """A mentor's profile: for staff, the mentor themself, and the startups they mentor, with open office hours."""
    profile = get_object_or_404(permissions.visible_mentor_profiles(request.user).select_related("user"), pk=pk)
    assignments = [
        a
        for a in permissions.visible_mentor_assignments(request.user)
        .filter(mentor=profile, status=MentorAssignment.Status.PUBLISHED, cohort__status=Cohort.Status.RUNNING)
        .select_related("company", "cohort")
        if permissions.is_company_member(request.user, a.company_id)
    ]
    return render(
        request,
        "cohorts/mentoring/mentor.html",
        {
            "profile": profile,
            "assignments": assignments,
            "slots": selectors.open_slots(profile) if assignments or request.user.pk == profile.pk else [],
            "form": SlotForm(),
        },
    )


@login_required
def office_hours(request):
    profile = MentorProfile.objects.filter(user=request.user).first()
    if profile is None:
        if request.user.has_role(Role.MENTOR):
            messages.info(request, _("Fill in your mentor profile first."))
            return redirect("cohorts:mentor_profile")
        raise PermissionDenied(_("Only mentors publish office hours."))
    slot_form = OfficeHoursForm(request.POST if request.POST.get("action") == "add_slot" else None)
    exception_form = ExceptionForm(request.POST if request.POST.get("action") == "add_exception" else None)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "add_slot" and slot_form.is_valid():
                sessions.add_office_hours(by=request.user, **slot_form.cleaned_data)
                messages.success(request, _("The weekly slot is added."))
                return redirect("cohorts:office_hours")
            if action == "add_exception" and exception_form.is_valid():
                sessions.add_exception(by=request.user, **exception_form.cleaned_data)
                messages.success(request, _("The day is marked as without office hours."))
                return redirect("cohorts:office_hours")
            if action == "remove_slot":
                slot = get_object_or_404(OfficeHours, pk=request.POST.get("id"), mentor=profile)
                sessions.remove_office_hours(office_hours=slot, by=request.user)
                messages.success(request, _("The weekly slot is removed."))
                return redirect("cohorts:office_hours")
            if action == "remove_exception":
                day = get_object_or_404(OfficeHoursException, pk=request.POST.get("id"), mentor=profile)
                sessions.remove_exception(exception=day, by=request.user)
                messages.success(request, _("Office hours take place that day again."))
                return redirect("cohorts:office_hours")
        except (ValidationError, PermissionDenied) as error:
            _refused(request, error)
        else:
            messages.error(request, _("Nothing was saved: correct the fields marked below."))
    return render(
        request,
        "cohorts/mentoring/office_hours.html",
        {
            "profile": profile,
            "slots": profile.office_hours.all(),
            "exceptions": profile.office_hours_exceptions.filter(date__gte=timezone.now().date()),
            "upcoming": selectors.open_slots(profile)[:20],
            "slot_form": slot_form,
            "exception_form": exception_form,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def book(request, pk):
    assignment = get_object_or_404(
        permissions.visible_mentor_assignments(request.user).select_related("cohort", "mentor"), pk=pk
    )
    form = SlotForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the open times."))
        return redirect("cohorts:mentor", pk=assignment.mentor_id)
    try:
        session = sessions.book_session(
            assignment=assignment, starts_at=form.cleaned_data["starts_at"], by=request.user,
            agenda=form.cleaned_data["agenda"],
        )  # fmt: skip
    except (ValidationError, PermissionDenied) as error:
        _refused(request, error)
        return redirect("cohorts:mentor", pk=assignment.mentor_id)
    messages.success(request, _("The session is booked; both of you receive a calendar invitation."))
    return redirect(session)


def _visible_session(request, pk) -> MentorSession:
    return get_object_or_404(
        permissions.visible_mentor_sessions(request.user).select_related(
            "mentor__user", "company", "assignment__cohort"
        ),
        pk=pk,
    )


@login_required
def session_detail(request, pk):
    session = _visible_session(request, pk)
    user = request.user
    is_mentor = permissions.is_session_mentor(user, session)
    is_startup = permissions.is_session_startup(user, session)
    feedback = {f.role: f for f in session.feedback.all()}
    my_role = SessionFeedback.Role.MENTOR if is_mentor else SessionFeedback.Role.STARTUP if is_startup else None
    other_role = {SessionFeedback.Role.MENTOR: SessionFeedback.Role.STARTUP}.get(my_role, SessionFeedback.Role.MENTOR)
    shown_feedback = []
    if user.is_program_staff and not (is_mentor or is_startup):
        shown_feedback = list(feedback.values())
    elif my_role:
        if my_role in feedback:
            shown_feedback.append(feedback[my_role])
        if other_role in feedback and selectors.feedback_visible_to(session, my_role):
            shown_feedback.append(feedback[other_role])
    return render(
        request,
        "cohorts/mentoring/session.html",
        {
            "session": session,
            "is_mentor": is_mentor,
            "is_startup": is_startup,
            "may_change": (is_mentor or is_startup) and session.is_booked and session.starts_at > timezone.now(),
            "slots": selectors.open_slots(session.mentor) if (is_mentor or is_startup) and session.is_booked else [],
            "log_form": SessionLogForm(
                initial={
                    "notes": session.notes,
                    "next_steps": session.next_steps,
                    "private_notes": session.private_notes,
                }
            )
            if is_mentor
            else None,
            "feedback_form": FeedbackForm() if my_role and my_role not in feedback and session.has_ended else None,
            "shown_feedback": shown_feedback,
            "waiting_for_other": my_role in feedback and other_role not in feedback,
        },
    )


@login_required
@require_POST
def cancel(request, pk):
    session = _visible_session(request, pk)
    try:
        sessions.cancel_session(session=session, by=request.user)
    except (ValidationError, PermissionDenied) as error:
        _refused(request, error)
    else:
        messages.success(request, _("The session is cancelled; both of you are told."))
    return redirect(session)


@login_required
@require_POST
def reschedule(request, pk):
    session = _visible_session(request, pk)
    form = SlotForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the open times."))
        return redirect(session)
    try:
        sessions.reschedule_session(session=session, starts_at=form.cleaned_data["starts_at"], by=request.user)
    except (ValidationError, PermissionDenied) as error:
        _refused(request, error)
    else:
        messages.success(request, _("The session is moved; both of you receive the updated invitation."))
    return redirect(session)


@login_required
@require_POST
def log(request, pk):
    session = _visible_session(request, pk)
    form = SessionLogForm(request.POST)
    if form.is_valid():
        try:
            sessions.log_session(session=session, by=request.user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            _refused(request, error)
        else:
            messages.success(request, _("The session log is saved."))
    else:
        messages.error(request, _("Nothing was saved: the text is too long."))
    return redirect(session)


@login_required
@require_POST
def feedback(request, pk):
    session = _visible_session(request, pk)
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Rate the session from 1 to 5."))
        return redirect(session)
    try:
        sessions.give_feedback(session=session, by=request.user, **form.cleaned_data)
    except (ValidationError, PermissionDenied) as error:
        _refused(request, error)
    else:
        messages.success(request, _("Thank you: your feedback is saved."))
    return redirect(session)


@login_required
@require_POST
def add_goal(request, pk):
    assignment = get_object_or_404(permissions.visible_mentor_assignments(request.user), pk=pk)
    form = GoalForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Name the goal."))
        sessions.add_goal(assignment=assignment, by=request.user, title=form.cleaned_data["title"])
    except (ValidationError, PermissionDenied) as error:
        _refused(request, error)
    else:
        messages.success(request, _("The goal is added."))
    return _back(request)


def _visible_goal(request, pk) -> MentoringGoal:
    visible = permissions.visible_mentor_assignments(request.user)
    goal = get_object_or_404(MentoringGoal, pk=pk)
    if not visible.filter(cohort_id=goal.cohort_id, company_id=goal.company_id).exists():
        raise Http404
    return goal


@login_required
@require_POST
def goal_status(request, pk):
    goal = _visible_goal(request, pk)
    form = GoalStatusForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Choose a status from the list."))
        sessions.set_goal_status(goal=goal, by=request.user, status=form.cleaned_data["status"])
    except (ValidationError, PermissionDenied) as error:
        _refused(request, error)
    return _back(request)


@login_required
@require_POST
def add_milestone(request, pk):
    goal = _visible_goal(request, pk)
    form = MilestoneForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Name the milestone."))
        sessions.add_milestone(goal=goal, by=request.user, **form.cleaned_data)
    except (ValidationError, PermissionDenied) as error:
        _refused(request, error)
    return _back(request)


@login_required
@require_POST
def milestone_done(request, pk):
    milestone = get_object_or_404(Milestone.objects.select_related("goal"), pk=pk)
    _visible_goal(request, milestone.goal_id)
    try:
        sessions.set_milestone_done(milestone=milestone, by=request.user, done=request.POST.get("done") == "1")
    except (ValidationError, PermissionDenied) as error:
        _refused(request, error)
    return _back(request)


@login_required
@require_POST
def rank(request, slug, company_id):
    cohort = get_object_or_404(Cohort, slug=slug)
    company = get_object_or_404(Company, pk=company_id)
    if not permissions.is_company_member(request.user, company.pk):
        raise Http404
    chosen = []
    for position in range(1, StartupRanking.MAX_RANKS + 1):
        value = request.POST.get(f"rank_{position}", "")
        if value:
            if not value.isdigit():
                messages.error(request, _("Choose mentors from your shortlist."))
                return redirect("cohorts:mentoring")
            chosen.append(int(value))
    try:
        matching.rank_mentors(cohort=cohort, company=company, by=request.user, mentor_ids=chosen)
    except (ValidationError, PermissionDenied) as error:
        _refused(request, error)
    else:
        messages.success(request, _("Your ranking is saved."))
    return redirect("cohorts:mentoring")


@login_required
@require_POST
def interest(request, slug, company_id):
    cohort = get_object_or_404(Cohort, slug=slug)
    company = get_object_or_404(Company, pk=company_id)
    try:
        matching.set_interest(
            cohort=cohort, company=company, by=request.user, interested=request.POST.get("interested") == "1"
        )
    except (ValidationError, PermissionDenied) as error:
        _refused(request, error)
    return redirect("cohorts:mentoring")
