"""What the public and council people see: councils, meetings and agendas, minutes, decisions, the tracker."""

import io
import zipfile
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import permissions, row_html, selectors, services
from ..calendar_events import meeting_invitation
from ..forms import ActionStatusForm, ProposalForm, add_service_errors
from ..models import AgendaItem, Milestone, Minute, Result
from . import other_zones


def home(request):
    """Every council the visitor may see; for council people, their next meetings and actions."""
    lists = selectors.home_lists(request.user)
    context = {
        "councils": row_html.council_cards(lists.councils),
        "upcoming": row_html.upcoming_meetings(lists.upcoming),
        "my_actions": row_html.action_titles(lists.my_actions),
        "my_proposals": row_html.proposals(lists.my_proposals),
    }
    return render(request, "councils/home.html", context)


def council(request, slug: str):
    council = permissions.council_or_404(request.user, slug)
    meetings = permissions.visible_meetings(request.user).filter(council=council)
    context = {
        "council": council,
        "people": selectors.council_people(council),
        "upcoming": selectors.upcoming_meetings(meetings),
        "past": selectors.past_meetings(meetings),
        "decisions": _tracker_rows(selectors.council_decisions(council)),
        "is_secretariat": permissions.is_secretariat(request.user, council),
    }
    return render(request, "councils/council.html", context)


def meeting(request, pk: int):
    meeting = permissions.meeting_or_404(request.user, pk)
    user = request.user
    inside = permissions.sees_inside(user, meeting.council)
    rows = selectors.flatten(selectors.agenda_rows(meeting))
    if not inside:
        # The public reads approved minutes only.
        for row in rows:
            minute = getattr(row.item, "minute", None)
            shown = None if minute is not None and minute.status != Minute.Status.APPROVED else minute
            row.item.public_minute = shown  # type: ignore[attr-defined]  # read by the template
    context = {
        "meeting": meeting,
        "council": meeting.council,
        "rows": rows,
        "agenda_ends_at": max((row.ends_at for row in rows), default=None),
        "other_zones": other_zones(),
        "inside": inside,
        "is_secretariat": permissions.is_secretariat(user, meeting.council),
        "can_propose": permissions.is_voting_member(user, meeting.council),
        "quorum": selectors.quorum(meeting),
        "attendance": meeting.attendance.select_related("user").order_by("user__display_name"),
        "motions": selectors.meeting_motions(meeting),
        "decisions": meeting.decisions.select_related("council"),
        "my_proposals": meeting.items.filter(proposed_by=user).exclude(status=AgendaItem.Status.ACCEPTED)
        if user.is_authenticated
        else [],
        "has_documents": any(row.item.documents.all() for row in rows),
    }
    return render(request, "councils/meeting.html", context)


@login_required
def propose(request, pk: int):
    meeting = permissions.meeting_or_404(request.user, pk)
    if not permissions.is_voting_member(request.user, meeting.council):
        raise PermissionDenied
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.propose_agenda_item(actor=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your item is proposed. The secretariat will accept, defer or return it."))
            return redirect(meeting)
    return render(request, "councils/propose.html", {"meeting": meeting, "form": form})


def document(request, pk: int):
    document = permissions.visible_documents(request.user).filter(pk=pk).first()
    if document is None:
        raise Http404
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    return FileResponse(handle, as_attachment=True, filename=document.filename)


def meeting_pack(request, pk: int):
    """Every document of the agenda in one zip, in agenda order, with the agenda itself as text."""
    meeting = permissions.meeting_or_404(request.user, pk)
    rows = selectors.flatten(selectors.agenda_rows(meeting))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        lines = [f"{meeting.council.name} — {meeting.title}", ""]
        for row in rows:
            lines.append(f"{row.number}. {row.item.title} ({row.item.duration_minutes} min)")
            for number, doc in enumerate(row.item.documents.all(), start=1):
                name = f"{row.number.replace('.', '-')}-{number}-{doc.filename}"
                try:
                    with doc.file.open("rb") as handle:
                        archive.writestr(name, handle.read())
                except FileNotFoundError:
                    continue
                lines.append(f"    {name}")
        archive.writestr("agenda.txt", "\n".join(lines) + "\n")
    filename = f"{slugify(meeting.council.slug)}-{meeting.starts_at:%Y-%m-%d}-pack.zip"
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def meeting_ics(request, pk: int):
    meeting = permissions.meeting_or_404(request.user, pk)
    response = HttpResponse(meeting_invitation(meeting), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return response


def _tracker_rows(decisions, today: date | None = None) -> list[dict]:
    today = today or selectors.today()
    rows = []
    for decision in decisions:
        results = list(decision.results.all())
        progress = selectors.result_progress(results)
        rows.append(
            {
                "decision": decision,
                "progress": selectors.decision_progress(results),
                "results": [(result, progress[result.pk]) for result in results],
                "days_to_first_action": selectors.days_to_first_action(decision),
                "days_to_first_progress": selectors.days_to_first_progress(decision),
                "days_overdue": selectors.decision_days_overdue(decision, on=today),
                "overdue_count": selectors.decision_overdue_count(decision, on=today),
            }
        )
    return rows


def decision(request, pk: int):
    decision = (
        selectors.tracker_decisions(permissions.visible_decisions(request.user), action_owners=True)
        .prefetch_related(Prefetch("results__milestones", queryset=Milestone.objects.order_by("due_on")))
        .filter(pk=pk)
        .first()
    )
    if decision is None:
        raise Http404
    (row,) = _tracker_rows([decision])
    user = request.user
    actions = [
        (action, selectors.days_overdue(action), permissions.can_update_action(user, action))
        for action in decision.actions.all()
    ]
    context = {
        "decision": decision,
        "row": row,
        "results": _result_tree(list(decision.results.all()), row),
        "actions": actions,
        "status_form": ActionStatusForm(),
        "is_secretariat": permissions.is_secretariat(user, decision.council),
    }
    return render(request, "councils/decision.html", context)


def _result_tree(results: list[Result], row: dict) -> list[tuple[Result, float, int]]:
    progress = {result.pk: value for result, value in row["results"]}
    by_parent: dict = {}
    for result in results:
        by_parent.setdefault(result.parent_id, []).append(result)
    ordered = []

    def walk(parent_id, depth):
        for result in by_parent.get(parent_id, []):
            ordered.append((result, progress[result.pk], depth))
            walk(result.pk, depth + 1)

    walk(None, 0)
    return ordered


@login_required
@require_POST
def action_status(request, pk: int):
    action = permissions.visible_actions(request.user).select_related("decision__council").filter(pk=pk).first()
    if action is None:
        raise Http404
    form = ActionStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a status from the list."))
    else:
        try:
            services.set_action_status(actor=request.user, action=action, status=form.cleaned_data["status"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The action is updated."))
    return redirect(action.decision)


@login_required
def actions(request):
    """The user's own actions, and the overdue actions of every council they see."""
    user = request.user
    today = selectors.today()
    mine, overdue = selectors.action_lists(user, on=today)
    # The page is written once per process for its rows (written_once), which carry the token's
    # stand-in until each view puts its own in.
    action_rows = row_html.ActionRows(request, token_mark=True)
    context = {
        "mine": action_rows([(action, selectors.days_overdue(action, on=today)) for action in mine], can_update=True),
        "overdue": action_rows(
            [(action, selectors.days_overdue(action, on=today)) for action in overdue], can_update=False
        ),
    }
    return render(request, "councils/actions.html", context)


def tracker(request):
    """The public policy-implementation tracker: every decision the visitor may see, in both languages."""
    chosen = request.GET.get("council") or ""
    values = selectors.tracker_values(request.user, council=chosen)
    today = selectors.today()

    def tracker_page() -> dict:
        decisions, councils = selectors.tracker_lists_of(values)
        return {
            "rows": _tracker_rows(decisions, today),
            "council_options": row_html.council_options(councils, chosen=chosen),
        }

    # The page is written once per process for its rows, the day and the chosen council
    # (written_once): its figures are worked out only when it is.
    context = {"shown": (values, today, chosen), "tracker": SimpleLazyObject(tracker_page)}
    return render(request, "councils/tracker.html", context)
