"""Bid team pages: forming a team, invitations, roles and shares, the checklist, the gate, the bid room."""

from functools import lru_cache
from zoneinfo import ZoneInfo

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accelerator import written
from accelerator.accounts.models import User
from accelerator.companies.models import Company
from accelerator.permissions import is_program_staff, staff_required

from . import agreements, bid_checks, export_gate, fit, permissions, pipeline, qualification, selectors
from .models import BidTeam, ExportAuthorisation, Registration, TeamMember, TeamStage, TeamStructure, TeamTask
from .services import bidroom, registrations, teams

# Bid rooms join people in both countries: dates are also shown in the other one's zone.
TEAM_ZONES = ("America/New_York", "Asia/Tokyo")


def other_zones() -> list[ZoneInfo]:
    current = timezone.get_current_timezone_name()
    return [ZoneInfo(name) for name in TEAM_ZONES if name != current]


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Shows a service's refusal on the form: by field where the form has that field."""
    if hasattr(error, "error_dict"):
        for name, field_messages in error.message_dict.items():
            field = name if name in form.fields and name != NON_FIELD_ERRORS else None
            for message in field_messages:
                form.add_error(field, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def flash_errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


class TeamForm(forms.Form):
    company = forms.ModelChoiceField(label=gettext_lazy("Your company"), queryset=Company.objects.none())
    name = forms.CharField(label=gettext_lazy("Team name"), required=False, max_length=200)
    structure = forms.ChoiceField(
        label=gettext_lazy("How the team bids"), choices=TeamStructure.choices, widget=forms.RadioSelect
    )
    product = forms.CharField(
        label=gettext_lazy("What the team offers"),
        required=False,
        max_length=200,
        help_text=gettext_lazy("The product or service the team bids with, e.g. an S-band ground station service."),
    )
    third_country_reason = forms.CharField(
        label=gettext_lazy("If no member is from the buyer's country: how the team serves it"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = permissions.companies_of(user)  # type: ignore[attr-defined]


TEAM_LIST_LIMIT = 200


@lru_cache(maxsize=64)
def list_parts(language: str | None, staff: bool, urlconf: str | None, script_prefix: str) -> dict[str, SafeString]:
    """The team list's fixed parts (its heading and link, its table's head), the same on every
    page in one language for one role: rendered once instead of translated on every view."""
    context = {"is_staff": staff}
    return {name: render_to_string(f"procurement/teams/_list_{name}.html", context) for name in ("head", "table_head")}


@login_required
def team_list(request):
    staff = is_program_staff(request.user)
    parts = list_parts(get_language(), staff, get_urlconf(), get_script_prefix())
    values = selectors.team_row_values(request.user, TEAM_LIST_LIMIT)

    def write() -> str:
        teams_ = (
            selectors.team_rows(request.user, TEAM_LIST_LIMIT)
            if values is None
            else selectors.teams_from_values(values)
        )
        rows = [(team, export_gate.gate(team), bid_checks.checklist(team)) for team in teams_]
        invitations = selectors.team_list_invitations(request.user, teams_, TEAM_LIST_LIMIT)
        return render_to_string(
            "procurement/teams/_list_body.html",
            {"parts": parts, "rows": rows, "invitations": invitations, "is_staff": staff},
        )

    # On PostgreSQL the teams come as plain values, and the reader's invitations with them unless
    # the list was cut: the rows, checklists and gates (which count days in the reader's zone)
    # are written once per set of values and kept (accelerator.written).
    if values is not None and len(values) < TEAM_LIST_LIMIT:
        body = written.part(("procurement:teams", request.user.pk, staff, timezone.localdate(), tuple(values)), write)
    else:
        body = mark_safe(write())  # noqa: S308 - rendered by the template engine, escaped
    return render(
        request,
        "procurement/teams/list.html",
        {"parts": parts, "body": body},
    )


@login_required
def form_team(request, pk):
    opportunity = get_object_or_404(permissions.visible_opportunities(request.user), pk=pk)
    form = TeamForm(request.POST or None, user=request.user, initial={"structure": TeamStructure.PRIME})
    if request.method == "POST" and form.is_valid():
        try:
            team = teams.form_team(actor=request.user, opportunity=opportunity, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Team formed. Invite your partners next."))
            return redirect(team)
    return render(request, "procurement/teams/form.html", {"form": form, "opportunity": opportunity})


def invite_candidates(team) -> list[tuple[Company, str]]:
    """Companies to invite: the lead company's match suggestions, then the opportunity's best-fitting companies."""
    from matchmaking.models import Suggestion  # the engine's saved suggestions: procurement reads, never writes

    seen = set(team.members.values_list("company_id", flat=True).filter(status__in=permissions.SEES_TEAM))
    candidates: list[tuple[Company, str]] = []
    suggested = (
        Suggestion.objects.filter(company_id=team.lead_company_id, is_active=True)
        .exclude(status=Suggestion.Status.DISMISSED)
        .select_related("partner")
        .order_by("rank")[:20]
    )
    for suggestion in suggested:
        if suggestion.partner_id not in seen:
            seen.add(suggestion.partner_id)
            candidates.append((suggestion.partner, _("from your matches")))
    for company_fit in fit.fits_for_opportunity(team.opportunity, top=10):
        if company_fit.company.pk not in seen:
            seen.add(company_fit.company.pk)
            candidates.append(
                (company_fit.company, _("fits this opportunity (%(percent)s%%)") % {"percent": company_fit.percent})
            )
    return candidates


class InviteForm(forms.Form):
    company = forms.ModelChoiceField(label=gettext_lazy("Company to invite"), queryset=Company.objects.all())


@login_required
def team_detail(request, pk):
    team = permissions.team_or_404(request.user, pk)
    team = selectors.team_detail(permissions.visible_teams(request.user)).get(pk=team.pk)
    leads = permissions.leads_team(request.user, team)
    in_room = permissions.enters_room(request.user, team)
    mine = permissions.team_companies(request.user, team)
    members = list(team.members.all())
    context = {
        "team": team,
        "opportunity": team.opportunity,
        "members": members,
        "accepted": bid_checks.accepted_members(team),
        "checks": bid_checks.checklist(team),
        "gate": export_gate.gate(team) if in_room else None,
        "qualification": qualification.qualification(team) if in_room else None,
        "leads": leads,
        "in_room": in_room,
        "my_invitations": [m for m in members if m.company_id in mine and m.status == TeamMember.Status.INVITED],
        "my_memberships": [m for m in members if m.company_id in mine and m.status == TeamMember.Status.ACCEPTED],
        "next_stages": [TeamStage(stage) for stage in teams.NEXT_STAGES.get(team.stage, ())],
        "role_choices": [
            choice
            for choice in TeamMember.Role.choices
            if (choice[0] == TeamMember.Role.JV_MEMBER) == (team.structure == TeamStructure.JOINT_VENTURE)
        ],
    }
    if leads and not team.is_closed:
        context["candidates"] = invite_candidates(team)
    return render(request, "procurement/teams/team.html", context)


@login_required
@require_POST
def invite(request, pk):
    team = permissions.team_or_404(request.user, pk)
    form = InviteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a company to invite."))
        return redirect(team)
    try:
        member = teams.invite_company(actor=request.user, team=team, company=form.cleaned_data["company"])
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(
            request, _("%(company)s is invited. One of its people accepts to join.") % {"company": member.company}
        )
    return redirect(team)


@login_required
@require_POST
def answer(request, pk, member):
    team = permissions.team_or_404(request.user, pk)
    invitation = get_object_or_404(team.members.select_related("company"), pk=member)
    accept = request.POST.get("answer") == "accept"
    try:
        teams.answer_invitation(actor=request.user, member=invitation, accept=accept)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("You joined the team.") if accept else _("Invitation declined."))
        if not accept:
            return redirect("procurement:teams")
    return redirect(team)


@login_required
@require_POST
def composition(request, pk):
    team = permissions.team_or_404(request.user, pk)
    roles, shares = {}, {}
    for key, value in request.POST.items():
        kind, _sep, member_id = key.partition("-")
        if member_id.isdigit() and kind in ("role", "share"):
            (roles if kind == "role" else shares)[int(member_id)] = value
    try:
        teams.set_composition(actor=request.user, team=team, roles=roles, shares=shares)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("Roles and work shares saved."))
    return redirect(team)


@login_required
@require_POST
def leave(request, pk, member):
    team = permissions.team_or_404(request.user, pk)
    leaving = get_object_or_404(team.members.select_related("company"), pk=member)
    try:
        teams.leave_team(actor=request.user, member=leaving)
    except ValidationError as error:
        flash_errors(request, error)
        return redirect(team)
    messages.success(request, _("%(company)s left the team.") % {"company": leaving.company})
    return redirect("procurement:teams")


@login_required
@require_POST
def stage(request, pk):
    team = permissions.team_or_404(request.user, pk)
    try:
        team = teams.change_stage(actor=request.user, team=team, stage=request.POST.get("stage", ""))
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("The team is now %(stage)s.") % {"stage": team.get_stage_display()})
    return redirect(team)


@login_required
@require_POST
def edit_team(request, pk):
    team = permissions.team_or_404(request.user, pk)
    try:
        teams.update_team(
            actor=request.user,
            team=team,
            name=request.POST.get("name", ""),
            third_country_reason=request.POST.get("third_country_reason", ""),
            product=request.POST.get("product", ""),
        )
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("Team details saved."))
    return redirect(team)


# The export-control gate ---------------------------------------------------------------------


class DateInput(forms.DateInput):
    input_type = "date"


class AuthorisationForm(forms.Form):
    member = forms.ModelChoiceField(label=gettext_lazy("For member"), queryset=TeamMember.objects.none())
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=ExportAuthorisation.Kind.choices)
    reference = forms.CharField(label=gettext_lazy("Reference"), required=False, max_length=100)
    requested_on = forms.DateField(label=gettext_lazy("Requested on"), widget=DateInput)
    decision = forms.ChoiceField(label=gettext_lazy("Decision"), choices=ExportAuthorisation.Decision.choices)
    decided_on = forms.DateField(label=gettext_lazy("Decided on"), required=False, widget=DateInput)
    expires_on = forms.DateField(label=gettext_lazy("Expires"), required=False, widget=DateInput)
    note = forms.CharField(label=gettext_lazy("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = team.members.filter(status=TeamMember.Status.ACCEPTED).select_related(
            "company"
        )  # type: ignore[attr-defined]
        self.fields["member"].label_from_instance = lambda member: member.company.display_name  # type: ignore[attr-defined]


@login_required
def gate(request, pk):
    team = permissions.room_or_404(request.user, pk)
    team = selectors.team_detail(permissions.visible_teams(request.user)).get(pk=team.pk)
    staff = is_program_staff(request.user)
    form = AuthorisationForm(request.POST or None, team=team) if staff else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            edited = None
            if request.POST.get("authorisation"):
                edited = get_object_or_404(team.authorisations.all(), pk=request.POST["authorisation"])
            try:
                registrations.record_authorisation(
                    actor=request.user, team=team, authorisation=edited, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Licence or TAA recorded."))
                return redirect("procurement:team_gate", pk=team.pk)
    return render(
        request,
        "procurement/teams/gate.html",
        {
            "team": team,
            "gate": export_gate.gate(team),
            "authorisations": team.authorisations.all(),
            "form": form,
        },
    )


# The bid room ---------------------------------------------------------------------------------


class TaskForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Task"), max_length=300)
    owner = forms.ModelChoiceField(label=gettext_lazy("Owner"), queryset=User.objects.none(), required=False)
    due_at = forms.DateTimeField(
        label=gettext_lazy("Due (your time zone)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = (
            User.objects.filter(  # type: ignore[attr-defined]
                memberships__company__bid_team_memberships__team=team,
                memberships__company__bid_team_memberships__status=TeamMember.Status.ACCEPTED,
            )
            .distinct()
            .order_by("display_name")
        )


class DocumentForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), required=False, max_length=200)
    file = forms.FileField(label=gettext_lazy("File"))
    task = forms.ModelChoiceField(
        label=gettext_lazy("Evidence for task"),
        queryset=TeamTask.objects.none(),
        required=False,
        help_text=gettext_lazy("Optional: the task this document shows as done, such as a certificate for a gap."),
    )

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["task"].queryset = team.tasks.order_by("title", "pk")  # type: ignore[attr-defined]


class MessageForm(forms.Form):
    body = forms.CharField(label=gettext_lazy("Message"), widget=forms.Textarea(attrs={"rows": 3}))


@login_required
def room(request, pk):
    team = permissions.room_or_404(request.user, pk)
    task_form = TaskForm(team=team)
    document_form = DocumentForm(team=team)
    message_form = MessageForm()
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "task":
                task_form = TaskForm(request.POST, team=team)
                if task_form.is_valid():
                    bidroom.add_task(actor=request.user, team=team, **task_form.cleaned_data)
                    messages.success(request, _("Task added."))
                    return redirect("procurement:team_room", pk=team.pk)
            elif action == "done":
                task = get_object_or_404(team.tasks.all(), pk=request.POST.get("task"))
                bidroom.set_task_done(actor=request.user, task=task, done=request.POST.get("done") == "1")
                return redirect("procurement:team_room", pk=team.pk)
            elif action == "document":
                document_form = DocumentForm(request.POST, request.FILES, team=team)
                if document_form.is_valid():
                    bidroom.upload_document(actor=request.user, team=team, **document_form.cleaned_data)
                    messages.success(request, _("Document uploaded."))
                    return redirect("procurement:team_room", pk=team.pk)
            elif action == "message":
                message_form = MessageForm(request.POST)
                if message_form.is_valid():
                    bidroom.post_message(actor=request.user, team=team, body=message_form.cleaned_data["body"])
                    return redirect("procurement:team_room", pk=team.pk)
        except ValidationError as error:
            form = {"task": task_form, "document": document_form, "message": message_form}.get(action or "")
            if form is not None:
                add_service_errors(form, error)
            else:
                flash_errors(request, error)
    return render(
        request,
        "procurement/teams/room.html",
        {
            "team": team,
            "tasks": selectors.team_tasks(team),
            "documents": team.documents.select_related("uploaded_by", "task"),
            "thread": team.messages.select_related("author"),
            "task_form": task_form,
            "document_form": document_form,
            "message_form": message_form,
            "other_zones": other_zones(),
        },
    )


@login_required
def document(request, pk, document):
    team = permissions.room_or_404(request.user, pk)
    found = team.documents.filter(pk=document).first()
    if found is None:
        raise Http404
    try:
        handle = found.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(handle, as_attachment=True, filename=found.filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# Registrations on the company profile --------------------------------------------------------


class RegistrationForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Registration"), choices=Registration.Kind.choices)
    identifier = forms.CharField(label=gettext_lazy("Number or identifier"), max_length=40)
    grade = forms.ChoiceField(
        label=gettext_lazy("Grade (unified qualification only)"),
        required=False,
        choices=[("", "—"), ("A", "A"), ("B", "B"), ("C", "C"), ("D", "D")],
    )
    valid_from = forms.DateField(label=gettext_lazy("Valid from"), required=False, widget=DateInput)
    expires_on = forms.DateField(label=gettext_lazy("Expires"), required=False, widget=DateInput)
    evidence = forms.FileField(label=gettext_lazy("Evidence (certificate or registration page)"), required=False)


@login_required
def company_registrations(request, slug):
    company = get_object_or_404(Company, slug=slug)
    if not permissions.may_edit_procurement_profile(request.user, company):
        raise Http404
    form = RegistrationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            registrations.save_registration(actor=request.user, company=company, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Registration saved."))
            return redirect("procurement:registrations", slug=company.slug)
    return render(
        request,
        "procurement/teams/registrations.html",
        {"company": company, "form": form, "registrations": company.procurement_registrations.all()},
    )


@login_required
def registration_evidence(request, slug, pk):
    company = get_object_or_404(Company, slug=slug)
    if not permissions.may_edit_procurement_profile(request.user, company):
        raise Http404
    registration = get_object_or_404(company.procurement_registrations.all(), pk=pk)
    if not registration.evidence:
        raise Http404
    try:
        handle = registration.evidence.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(handle, as_attachment=True, filename=registration.evidence_name or "evidence")
    response["Cache-Control"] = "private, no-store"
    return response


# Program staff: the pipeline -------------------------------------------------------------------


@staff_required
def pipeline_dashboard(request):
    # The page is written once per process for the values its figures come from (written_once);
    # the figures are worked out only when it is.
    values = pipeline.values(BidTeam.objects.all())
    return render(
        request,
        "procurement/teams/pipeline.html",
        {"values": values, "figures": SimpleLazyObject(lambda: pipeline.figures(*values))},
    )


# Agreements ------------------------------------------------------------------------------------


class AgreementForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Document"), choices=list(agreements.KINDS.items()))
    governing_law = forms.ChoiceField(
        label=gettext_lazy("Governing law"),
        choices=[
            ("", "—"),
            ("new_york", gettext_lazy("New York")),
            ("delaware", gettext_lazy("Delaware")),
            ("japan", gettext_lazy("Japan")),
            ("england", gettext_lazy("England and Wales")),
        ],
        required=False,
    )
    forum = forms.ChoiceField(
        label=gettext_lazy("Dispute forum"),
        choices=[
            ("", "—"),
            ("icc_singapore", gettext_lazy("ICC arbitration, Singapore")),
            ("jcaa_tokyo", gettext_lazy("JCAA arbitration, Tokyo")),
            ("courts", gettext_lazy("Courts of the governing law")),
        ],
        required=False,
    )
    foreground = forms.ChoiceField(
        label=gettext_lazy("Foreground IP"),
        choices=[
            ("creator", gettext_lazy("Belongs to the member who creates it")),
            ("joint_by_share", gettext_lazy("Joint, in proportion to work shares")),
            ("prime", gettext_lazy("Belongs to the prime, licensed back")),
        ],
        required=False,
    )
    field_of_use = forms.CharField(label=gettext_lazy("Field of use"), required=False, max_length=300)


@login_required
def agreement(request, pk):
    team = permissions.room_or_404(request.user, pk)
    team = selectors.team_detail(permissions.visible_teams(request.user)).get(pk=team.pk)
    form = AgreementForm(request.GET or None)
    document = None
    if request.GET and form.is_valid():
        try:
            document = agreements.agreement(team, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
    status = 400 if request.GET and document is None else 200
    return render(
        request, "procurement/teams/agreement.html", {"team": team, "form": form, "document": document}, status=status
    )
