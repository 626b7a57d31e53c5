"""The secretariat's pages: councils and their people, meetings, the agenda, proposals, attendance,
minutes, motions and votes, the decisions register, actions and the tracker's results."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accelerator.permissions import staff_required

from .. import permissions, selectors, services
from ..forms import (
    ActionForm,
    ActionStatusForm,
    AgendaItemForm,
    ApproveMinutesForm,
    AttendanceForm,
    CouncilForm,
    CouncilPersonForm,
    DecisionForm,
    DocumentForm,
    MeetingForm,
    MilestoneForm,
    MinuteForm,
    MotionForm,
    ProgressForm,
    ResponseForm,
    ResultForm,
    VoteForm,
    add_service_errors,
)
from ..models import AgendaItem, Council, Decision, Meeting, Milestone, Minute
from ..permissions import secretariat_only
from . import other_zones


def _attempt(form, call) -> bool:
    """Runs `call` with the form's data; a service's refusal lands on the form. True when it went through."""
    if not form.is_valid():
        return False
    try:
        call(form.cleaned_data)
    except ValidationError as error:
        add_service_errors(form, error)
        return False
    return True


# --- Councils and people -------------------------------------------------------------------


@staff_required
def create_council(request):
    form = CouncilForm(request.POST or None, initial={"visibility": Council.Visibility.PUBLIC, "quorum": 3})
    if request.method == "POST":
        created = {}

        def call(data):
            created["council"] = services.create_council(actor=request.user, **data)

        if _attempt(form, call):
            messages.success(request, _("The council is created. Add its chair and members next."))
            return redirect("councils:people", slug=created["council"].slug)
    return render(request, "councils/secretariat/council_form.html", {"form": form})


@secretariat_only
def edit_council(request, council: Council):
    initial = {name: getattr(council, name) for name in services.COUNCIL_FIELDS}
    form = CouncilForm(request.POST or None, initial=initial)
    if request.method == "POST" and _attempt(
        form, lambda data: services.update_council(actor=request.user, council=council, **data)
    ):
        messages.success(request, _("The council is saved."))
        return redirect(council)
    return render(request, "councils/secretariat/council_form.html", {"form": form, "council": council})


@secretariat_only
def people(request, council: Council):
    form = CouncilPersonForm(request.POST or None)
    if request.method == "POST":

        def call(data):
            services.set_council_role(
                actor=request.user,
                council=council,
                user=data["email"],
                role=data["role"],
                affiliation=data["affiliation"],
            )

        if _attempt(form, call):
            messages.success(request, _("%(name)s is added to the council.") % {"name": form.cleaned_data["email"]})
            return redirect("councils:people", slug=council.slug)
    context = {"council": council, "people": selectors.council_people(council), "form": form}
    return render(request, "councils/secretariat/people.html", context)


@secretariat_only
@require_POST
def remove_person(request, council: Council, membership_pk: int):
    membership = council.memberships.filter(pk=membership_pk).first()
    if membership is None:
        raise Http404
    try:
        services.remove_council_person(actor=request.user, membership=membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s is no longer part of the council.") % {"name": membership.user})
    return redirect("councils:people", slug=council.slug)


# --- Meetings ---------------------------------------------------------------------------------


@secretariat_only
def schedule_meeting(request, council: Council):
    form = MeetingForm(request.POST or None, initial={"time_zone": "Asia/Tokyo"})
    if request.method == "POST":
        created = {}

        def call(data):
            created["meeting"] = services.schedule_meeting(actor=request.user, council=council, **data)

        if _attempt(form, call):
            messages.success(request, _("The meeting is scheduled. Build its agenda, then publish it."))
            return redirect("councils:manage", pk=created["meeting"].pk)
    return render(request, "councils/secretariat/meeting_form.html", {"form": form, "council": council})


@secretariat_only
def edit_meeting(request, meeting: Meeting):
    form = MeetingForm(request.POST or None, initial=MeetingForm.initial_for(meeting))
    if request.method == "POST" and _attempt(
        form, lambda data: services.update_meeting(actor=request.user, meeting=meeting, **data)
    ):
        messages.success(request, _("The meeting is saved."))
        return redirect("councils:manage", pk=meeting.pk)
    context = {"form": form, "council": meeting.council, "meeting": meeting}
    return render(request, "councils/secretariat/meeting_form.html", context)


def _manage(request, meeting: Meeting, status: int = 200, **forms):
    """The meeting's working page; `forms` are bound forms that failed, shown with their errors."""
    council = meeting.council
    rows = selectors.flatten(selectors.agenda_rows(meeting))
    minute_forms = []
    for row in rows:
        minute = getattr(row.item, "minute", None)
        bound = forms.get(f"minute_{row.item.pk}")
        initial = (
            {
                "text_en": minute.text_en,
                "text_ja": minute.text_ja,
                "authoritative_language": minute.authoritative_language,
            }
            if minute
            else {"authoritative_language": "ja" if request.LANGUAGE_CODE == "ja" else "en"}
        )
        minute_forms.append((row, minute, bound or MinuteForm(initial=initial, prefix=f"minute-{row.item.pk}")))
    later = selectors.next_meetings(meeting)
    motions = selectors.meeting_motions(meeting)
    attendance = selectors.attendance_by_user(meeting)
    people = [(membership, attendance.get(membership.user_id)) for membership in selectors.council_people(council)]
    context = {
        "meeting": meeting,
        "council": council,
        "rows": rows,
        "other_zones": other_zones(),
        "proposals": [
            (item, forms.get(f"response_{item.pk}") or ResponseForm(prefix=f"response-{item.pk}"))
            for item in selectors.pending_proposals(meeting)
        ],
        "answered": meeting.items.exclude(status__in=[AgendaItem.Status.ACCEPTED, AgendaItem.Status.PENDING]),
        "item_form": forms.get("item") or AgendaItemForm(meeting=meeting),
        "document_form": forms.get("document") or DocumentForm(meeting=meeting),
        "attendance_form": forms.get("attendance") or AttendanceForm(council=council),
        "people": people,
        "quorum": selectors.quorum(meeting),
        "minute_forms": minute_forms,
        "has_draft_minutes": any(m and m.status == Minute.Status.DRAFT for _r, m, _f in minute_forms),
        "approve_form": forms.get("approve") or ApproveMinutesForm(meetings=later),
        "later_meetings": later,
        "motion_form": forms.get("motion") or MotionForm(meeting=meeting),
        "motions": [
            (motion, forms.get(f"vote_{motion.pk}") or VoteForm(council=council, prefix=f"vote-{motion.pk}"))
            for motion in motions
        ],
        "decision_form": forms.get("decision") or DecisionForm(meeting=meeting),
        "decisions": meeting.decisions.select_related("council"),
        "publish_errors": forms.get("publish_errors"),
    }
    return render(request, "councils/secretariat/manage.html", context, status=status)


@secretariat_only
def manage(request, meeting: Meeting):
    return _manage(request, meeting)


def _done(request, meeting: Meeting, message: str, anchor: str = ""):
    messages.success(request, message)
    return redirect(reverse("councils:manage", args=[meeting.pk]) + anchor)


@secretariat_only
@require_POST
def add_item(request, meeting: Meeting):
    form = AgendaItemForm(request.POST, meeting=meeting)
    if _attempt(form, lambda data: services.add_agenda_item(actor=request.user, meeting=meeting, **data)):
        return _done(request, meeting, _("The item is on the agenda."), "#agenda")
    return _manage(request, meeting, 400, item=form)


def _item(meeting: Meeting, item_pk: int) -> AgendaItem:
    item = meeting.items.filter(pk=item_pk).first()
    if item is None:
        raise Http404
    return item


@secretariat_only
def edit_item(request, meeting: Meeting, item_pk: int):
    item = _item(meeting, item_pk)
    initial = {
        "title_en": item.title_en,
        "title_ja": item.title_ja,
        "description_en": item.description_en,
        "description_ja": item.description_ja,
        "duration_minutes": item.duration_minutes,
        "parent": item.parent,
        "presenter": item.presenter,
        "presenter_name": item.presenter_name,
    }
    form = AgendaItemForm(request.POST or None, meeting=meeting, item=item, initial=initial)
    if request.method == "POST" and _attempt(
        form, lambda data: services.update_agenda_item(actor=request.user, item=item, **data)
    ):
        return _done(request, meeting, _("The item is saved."), "#agenda")
    return render(request, "councils/secretariat/item_form.html", {"form": form, "meeting": meeting, "item": item})


@secretariat_only
@require_POST
def move_item(request, meeting: Meeting, item_pk: int):
    services.move_agenda_item(actor=request.user, item=_item(meeting, item_pk), up=request.POST.get("up") == "1")
    return _done(request, meeting, _("The agenda order is saved."), "#agenda")


@secretariat_only
@require_POST
def remove_item(request, meeting: Meeting, item_pk: int):
    try:
        services.remove_agenda_item(actor=request.user, item=_item(meeting, item_pk))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("councils:manage", pk=meeting.pk)
    return _done(request, meeting, _("The item is removed from the agenda."), "#agenda")


@secretariat_only
@require_POST
def respond(request, meeting: Meeting, item_pk: int):
    item = _item(meeting, item_pk)
    form = ResponseForm(request.POST, prefix=f"response-{item.pk}")
    if _attempt(form, lambda data: services.respond_to_proposal(actor=request.user, item=item, **data)):
        return _done(request, meeting, _("The proposal is answered and its author told."), "#proposals")
    return _manage(request, meeting, 400, **{f"response_{item.pk}": form})


@secretariat_only
@require_POST
def add_document(request, meeting: Meeting):
    form = DocumentForm(request.POST, request.FILES, meeting=meeting)
    if _attempt(form, lambda data: services.add_document(actor=request.user, **data)):
        return _done(request, meeting, _("The document is attached."), "#documents")
    return _manage(request, meeting, 400, document=form)


@secretariat_only
@require_POST
def remove_document(request, meeting: Meeting, document_pk: int):
    document = permissions.visible_documents(request.user).filter(pk=document_pk, item__meeting=meeting).first()
    if document is None:
        raise Http404
    services.remove_document(actor=request.user, document=document)
    return _done(request, meeting, _("The document is removed."), "#documents")


@secretariat_only
@require_POST
def publish(request, meeting: Meeting):
    try:
        services.publish_agenda(actor=request.user, meeting=meeting)
    except ValidationError as error:
        return _manage(request, meeting, 400, publish_errors=error.messages)
    return _done(request, meeting, _("The agenda is published and on its way to the council by email."))


@secretariat_only
@require_POST
def attendance(request, meeting: Meeting):
    form = AttendanceForm(request.POST, council=meeting.council)
    if _attempt(form, lambda data: services.record_attendance(actor=request.user, meeting=meeting, **data)):
        return _done(request, meeting, _("Attendance is recorded."), "#attendance")
    return _manage(request, meeting, 400, attendance=form)


@secretariat_only
@require_POST
def save_minute(request, meeting: Meeting, item_pk: int):
    item = _item(meeting, item_pk)
    form = MinuteForm(request.POST, prefix=f"minute-{item.pk}")
    if _attempt(form, lambda data: services.save_minute(actor=request.user, item=item, **data)):
        return _done(request, meeting, _("The minute is saved as a new draft version."), "#minutes")
    return _manage(request, meeting, 400, **{f"minute_{item.pk}": form})


@secretariat_only
@require_POST
def approve_minutes(request, meeting: Meeting):
    form = ApproveMinutesForm(request.POST, meetings=selectors.next_meetings(meeting))
    if _attempt(form, lambda data: services.approve_minutes(actor=request.user, meeting=meeting, **data)):
        return _done(request, meeting, _("The minutes are approved."), "#minutes")
    return _manage(request, meeting, 400, approve=form)


@secretariat_only
@require_POST
def add_motion(request, meeting: Meeting):
    form = MotionForm(request.POST, meeting=meeting)
    if _attempt(form, lambda data: services.propose_motion(actor=request.user, **data)):
        return _done(request, meeting, _("The motion is recorded and open for votes."), "#motions")
    return _manage(request, meeting, 400, motion=form)


def _motion(meeting: Meeting, motion_pk: int):
    motion = meeting.motions.filter(pk=motion_pk).first()
    if motion is None:
        raise Http404
    return motion


@secretariat_only
@require_POST
def vote(request, meeting: Meeting, motion_pk: int):
    motion = _motion(meeting, motion_pk)
    form = VoteForm(request.POST, council=meeting.council, prefix=f"vote-{motion.pk}")
    if _attempt(form, lambda data: services.record_vote(actor=request.user, motion=motion, **data)):
        return _done(request, meeting, _("The vote is recorded."), "#motions")
    return _manage(request, meeting, 400, **{f"vote_{motion.pk}": form})


@secretariat_only
@require_POST
def close_motion(request, meeting: Meeting, motion_pk: int):
    try:
        motion = services.close_motion(actor=request.user, motion=_motion(meeting, motion_pk))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("councils:manage", pk=meeting.pk)
    return _done(
        request, meeting, _("Voting is closed: the motion is %(outcome)s.") % {"outcome": motion.get_outcome_display()}
    )


@secretariat_only
@require_POST
def add_decision(request, meeting: Meeting):
    form = DecisionForm(request.POST, meeting=meeting)
    created = {}

    def call(data):
        created["decision"] = services.record_decision(actor=request.user, meeting=meeting, **data)

    if _attempt(form, call):
        messages.success(request, _("The decision is in the register. Give it actions and results."))
        return redirect("councils:manage_decision", pk=created["decision"].pk)
    return _manage(request, meeting, 400, decision=form)


# --- Decisions: actions, results, milestones --------------------------------------------------


def _decision_for_secretariat(request, pk: int) -> Decision:
    decision = permissions.visible_decisions(request.user).select_related("council", "meeting").filter(pk=pk).first()
    if decision is None:
        raise Http404
    permissions.require_secretariat(request.user, decision.council)
    return decision


def _manage_decision(request, decision: Decision, status: int = 200, **forms):
    results = list(decision.results.prefetch_related("milestones").order_by("pk"))
    progress = selectors.result_progress(results)
    context = {
        "decision": decision,
        "council": decision.council,
        "actions": [
            (action, selectors.days_overdue(action))
            for action in selectors.with_owner(decision.actions.all()).order_by("due_on", "pk")
        ],
        "results": [
            (
                result,
                progress[result.pk],
                forms.get(f"progress_{result.pk}")
                or ProgressForm(
                    prefix=f"progress-{result.pk}",
                    initial={"progress": result.progress, "status": result.status, "review_on": result.review_on},
                ),
                forms.get(f"milestone_{result.pk}") or MilestoneForm(prefix=f"milestone-{result.pk}"),
                any(other.parent_id == result.pk for other in results),
            )
            for result in results
        ],
        "action_form": forms.get("action") or ActionForm(council=decision.council),
        "status_form": ActionStatusForm(),
        "result_form": forms.get("result") or ResultForm(decision=decision),
    }
    return render(request, "councils/secretariat/decision.html", context, status=status)


@login_required
def manage_decision(request, pk: int):
    return _manage_decision(request, _decision_for_secretariat(request, pk))


def _decision_done(request, decision: Decision, message: str):
    messages.success(request, message)
    return redirect("councils:manage_decision", pk=decision.pk)


@login_required
@require_POST
def add_action(request, pk: int):
    decision = _decision_for_secretariat(request, pk)
    form = ActionForm(request.POST, council=decision.council)
    if _attempt(form, lambda data: services.add_action_item(actor=request.user, decision=decision, **data)):
        return _decision_done(request, decision, _("The action is added."))
    return _manage_decision(request, decision, 400, action=form)


@login_required
@require_POST
def add_result(request, pk: int):
    decision = _decision_for_secretariat(request, pk)
    form = ResultForm(request.POST, decision=decision)
    if _attempt(form, lambda data: services.add_result(actor=request.user, decision=decision, **data)):
        return _decision_done(request, decision, _("The result is added."))
    return _manage_decision(request, decision, 400, result=form)


def _result(decision: Decision, result_pk: int):
    result = decision.results.filter(pk=result_pk).first()
    if result is None:
        raise Http404
    return result


@login_required
@require_POST
def record_progress(request, pk: int, result_pk: int):
    decision = _decision_for_secretariat(request, pk)
    result = _result(decision, result_pk)
    form = ProgressForm(request.POST, prefix=f"progress-{result.pk}")
    if _attempt(form, lambda data: services.record_progress(actor=request.user, result=result, **data)):
        return _decision_done(request, decision, _("The progress is recorded."))
    return _manage_decision(request, decision, 400, **{f"progress_{result.pk}": form})


@login_required
@require_POST
def add_milestone(request, pk: int, result_pk: int):
    decision = _decision_for_secretariat(request, pk)
    result = _result(decision, result_pk)
    form = MilestoneForm(request.POST, prefix=f"milestone-{result.pk}")
    if _attempt(form, lambda data: services.add_milestone(actor=request.user, result=result, **data)):
        return _decision_done(request, decision, _("The milestone is added."))
    return _manage_decision(request, decision, 400, **{f"milestone_{result.pk}": form})


@login_required
@require_POST
def reach_milestone(request, pk: int, milestone_pk: int):
    decision = _decision_for_secretariat(request, pk)
    milestone = Milestone.objects.filter(pk=milestone_pk, result__decision=decision).first()
    if milestone is None:
        raise Http404
    services.reach_milestone(actor=request.user, milestone=milestone)
    return _decision_done(request, decision, _("The milestone is marked reached."))
