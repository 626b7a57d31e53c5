"""What applicants see: open calls, their applications, the pitch deck, the thread with staff."""

from datetime import UTC, datetime
from functools import lru_cache, partial
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import router
from django.db.models import QuerySet
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.timesince import timeuntil
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accelerator.accounts.models import User
from accelerator.companies.models import Company
from accelerator.permissions import is_program_staff
from accelerator.statements import Compiled, instance

from .. import permissions
from ..forms import ApplicationForm, MessageForm, StartApplicationForm
from ..models import Application, Cohort, Question, StaffNote
from ..services import applications as services
from . import error_text
from .snapshots import answer_rows, snapshot_view

# Every application window is also shown in these zones: the program runs across both.
PROGRAM_ZONES = ("America/New_York", "Asia/Tokyo")
# What a cohort's card on the list shows and decides with.
LISTED_COHORT_FIELDS = (
    "name_en",
    "name_ja",
    "slug",
    "status",
    "program_starts_on",
    "program_ends_on",
    "opens_at",
    "closes_at",
    "seats",
)


def _other_zones() -> list[ZoneInfo]:
    current = timezone.get_current_timezone_name()
    return [ZoneInfo(name) for name in PROGRAM_ZONES if name != current]


def _application_for_member_or_staff(user: User, pk: int) -> Application:
    """An application its company's members and program staff may open; 404 for anyone else."""
    return get_object_or_404(permissions.of_member_or_staff(user).select_related("cohort", "company"), pk=pk)


def _application_for_member(user: User, pk: int) -> Application:
    """An application only its company's members may change: staff may look but get a 403."""
    application = _application_for_member_or_staff(user, pk)
    if not permissions.is_member(user, application):
        raise PermissionDenied
    return application


def _user_companies(user: User) -> QuerySet[Company]:
    return Company.objects.filter(memberships__user=user).order_by("legal_name")


# Markers of the moment and the user in the list's statements, compiled once per process.
_NOW = datetime(1901, 2, 3, 4, 5, 6, 789012, tzinfo=UTC)
_USER_ID = -2_147_483_629


def _listed_cohorts(now: datetime) -> QuerySet[Cohort]:
    """Cohorts open for applications, or to be, whose call has not closed at `now`."""
    return Cohort.objects.filter(status=Cohort.Status.OPEN, closes_at__gt=now).order_by("closes_at", "opens_at", "pk")


@lru_cache(maxsize=8)
def _list_statements(alias: str) -> tuple[Compiled, Compiled]:
    cohorts = _listed_cohorts(_NOW).using(alias).values_list("id", *LISTED_COHORT_FIELDS)
    # The user's applications to those cohorts, as permissions.of_member has them.
    applications = (
        permissions.of_member(User(pk=_USER_ID))
        .using(alias)
        .filter(cohort__in=_listed_cohorts(_NOW).values("pk"))
        .order_by("pk")
        .values_list("id", "cohort_id", "company_id", "status", "company__legal_name", "company__name_ja")
    )
    return Compiled(cohorts, now=_NOW), Compiled(applications, now=_NOW, user=_USER_ID)


def cohort_list(request):
    now = timezone.now()
    listed, of_member = _list_statements(router.db_for_read(Cohort))
    cohort_rows = listed.rows(now=now)
    application_rows = ()
    if cohort_rows and request.user.is_authenticated:
        application_rows = tuple(of_member.rows(now=now, user=request.user.pk))
    # What the page shows besides the rows: how long until each call opens or closes.
    left = tuple(_time_left(dict(zip(listed.names, row, strict=True)), now) for row in cohort_rows)
    # The page is written once per process for what it shows (written_once): the cohorts are
    # made from the rows only when it is.
    return render(
        request,
        "cohorts/apply/list.html",
        {
            "shown": (tuple(cohort_rows), application_rows, left),
            "lists": SimpleLazyObject(
                partial(_cohort_lists, listed, cohort_rows, of_member, application_rows, left, now)
            ),
            "other_zones": _other_zones(),
        },
    )


def _time_left(cohort: dict, now: datetime) -> tuple[str, str]:
    """(opens in, left to apply) as the cohort's card says them, each "" where it says nothing."""
    if cohort["closes_at"] <= now:
        return "", ""
    if cohort["status"] == Cohort.Status.OPEN and cohort["opens_at"] <= now:
        return "", timeuntil(cohort["closes_at"], now)
    return timeuntil(cohort["opens_at"], now), ""


def _cohort_lists(listed, cohort_rows, of_member, application_rows, left, now) -> dict[str, list[Cohort]]:
    """The open and the upcoming cohorts of the rows, each with the user's applications to it."""
    mine: dict[int, list[Application]] = {}
    for pk, cohort_id, company_id, status, legal_name, name_ja in application_rows:
        application = instance(
            Application, of_member.alias, id=pk, cohort_id=cohort_id, company_id=company_id, status=status
        )
        application.company = instance(Company, of_member.alias, id=company_id, legal_name=legal_name, name_ja=name_ja)
        mine.setdefault(cohort_id, []).append(application)
    cohorts = []
    for row, (opens_in, closes_in) in zip(cohort_rows, left, strict=True):
        cohort = instance(Cohort, listed.alias, **dict(zip(listed.names, row, strict=True)))
        # What the card shows beside the cohort's own columns.
        cohort.my_applications = mine.get(cohort.pk, [])  # type: ignore[attr-defined]
        cohort.opens_in = opens_in  # type: ignore[attr-defined]
        cohort.closes_in = closes_in  # type: ignore[attr-defined]
        cohorts.append(cohort)
    return {
        "open": [cohort for cohort in cohorts if cohort.opens_at <= now],
        "upcoming": [cohort for cohort in cohorts if cohort.opens_at > now],
    }


def cohort_detail(request, slug):
    cohort = get_object_or_404(permissions.visible_cohorts(request.user), slug=slug)
    my_applications = []
    can_apply = cohort.is_accepting_applications()
    if request.user.is_authenticated:
        my_applications = list(
            permissions.of_member(request.user).filter(cohort=cohort).select_related("company").order_by("pk")
        )
        companies = list(_user_companies(request.user))
        can_apply = can_apply and (not companies or len(my_applications) < len(companies))
    return render(
        request,
        "cohorts/apply/detail.html",
        {
            "cohort": cohort,
            "questions": list(cohort.questions.all()),
            "my_applications": my_applications,
            "can_apply": can_apply,
            "other_zones": _other_zones(),
        },
    )


@login_required
def apply(request, slug):
    cohort = get_object_or_404(permissions.visible_cohorts(request.user), slug=slug)
    companies = _user_companies(request.user)
    company_list = list(companies)
    applied = {
        application.company_id: application
        for application in Application.objects.filter(cohort=cohort, company__in=companies)
    }
    if len(company_list) == 1 and company_list[0].pk in applied:
        return redirect(applied[company_list[0].pk].get_absolute_url())
    form = StartApplicationForm(request.POST or None, companies=companies)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.start_application(
                cohort=cohort, company=form.cleaned_data["company"], user=request.user
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            if application.is_editable:
                return redirect("cohorts:edit_application", pk=application.pk)
            return redirect(application.get_absolute_url())
    for company in company_list:
        company.application = applied.get(company.pk)
    return render(
        request,
        "cohorts/apply/apply.html",
        {"cohort": cohort, "form": form, "companies": company_list, "other_zones": _other_zones()},
        status=400 if request.method == "POST" else 200,
    )


def _questions(application: Application) -> list[Question]:
    return list(application.cohort.questions.all())


@login_required
def edit_application(request, pk):
    application = _application_for_member(request.user, pk)
    if application.status != Application.Status.DRAFT:
        messages.info(request, _("This application has been submitted and can no longer be edited."))
        return redirect(application.get_absolute_url())
    if not application.cohort.is_accepting_applications():
        messages.error(request, _("Applications to this cohort are closed, so the draft can no longer be edited."))
        return redirect(application.get_absolute_url())
    questions = _questions(application)
    form = ApplicationForm(request.POST or None, request.FILES or None, application=application, questions=questions)
    if request.method == "POST":
        if form.is_valid():
            try:
                application = services.save_draft(
                    application=application,
                    user=request.user,
                    answers=form.answers(),
                    pitch_deck=form.cleaned_data.get("pitch_deck"),
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    form.add_service_errors(error.message_dict)
                else:
                    form.add_error(None, error.messages)
            else:
                if request.POST.get("action") != "submit":
                    messages.success(request, _("Your draft is saved."))
                    return redirect("cohorts:edit_application", pk=application.pk)
                try:
                    services.submit_application(application=application, user=request.user)
                except ValidationError as error:
                    messages.error(
                        request, _("Your draft is saved but not submitted. %(reason)s") % {"reason": error_text(error)}
                    )
                    return redirect("cohorts:edit_application", pk=application.pk)
                messages.success(request, _("Your application is submitted. We will let you know here and by email."))
                return redirect(application.get_absolute_url())
        messages.error(request, _("Nothing was saved: please correct the errors below."))
    return render(
        request,
        "cohorts/apply/edit.html",
        {"application": application, "form": form, "other_zones": _other_zones()},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@login_required
def submit_application(request, pk):
    application = _application_for_member(request.user, pk)
    try:
        services.submit_application(application=application, user=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Your application is submitted. We will let you know here and by email."))
    return redirect(application.get_absolute_url())


@require_POST
@login_required
def withdraw_application(request, pk):
    application = _application_for_member(request.user, pk)
    try:
        services.withdraw_application(application=application, user=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Your application is withdrawn."))
    return redirect(application.get_absolute_url())


@require_POST
@login_required
def decline_offer(request, pk):
    application = _application_for_member(request.user, pk)
    try:
        services.decline_offer(application=application, user=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("You have declined your place. Thank you for letting us know."))
    return redirect(application.get_absolute_url())


@require_POST
@login_required
def post_message(request, pk):
    application = _application_for_member_or_staff(request.user, pk)
    form = MessageForm(request.POST)
    if not form.is_valid():
        messages.error(request, error_text(ValidationError(list(form.errors["body"]))))
        return redirect(application.get_absolute_url())
    try:
        message = services.post_message(application=application, author=request.user, body=form.cleaned_data["body"])
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        if message.from_staff:
            messages.success(request, _("Your message is sent. The company's members are told by email."))
        else:
            messages.success(request, _("Your message is sent. Program staff are told by email."))
    return redirect(f"{application.get_absolute_url()}#messages")


@login_required
def application_detail(request, pk):
    application = _application_for_member_or_staff(request.user, pk)
    is_member = permissions.is_member(request.user, application)
    # Staff's own note: only ever read for program staff, never for the company.
    sees_staff_note = is_program_staff(request.user)
    note = (
        StaffNote.objects.filter(application=application).select_related("updated_by").first()
        if sees_staff_note
        else None
    )
    return render(
        request,
        "cohorts/apply/application.html",
        {
            "application": application,
            "is_member": is_member,
            "answers": answer_rows(application),
            "missing": services.missing_answers(application) if application.status == "draft" else [],
            "snapshot": snapshot_view(application.snapshot),
            "timeline": application.timeline.select_related("changed_by"),
            "thread": application.messages.select_related("author"),
            "message_form": MessageForm(),
            "can_edit": is_member and application.is_editable,
            "can_withdraw": is_member and application.status in services.WITHDRAWABLE,
            "can_decline": is_member and application.status == Application.Status.ACCEPTED,
            "sees_staff_note": sees_staff_note,
            "staff_note": note,
            "other_zones": _other_zones(),
        },
    )


@lru_cache(maxsize=8)
def _my_applications_statement(alias: str) -> Compiled:
    """The user's applications, newest first, as permissions.of_member has them, compiled once per process."""
    applications = (
        permissions.of_member(User(pk=_USER_ID))
        .using(alias)
        .order_by("-created_at", "-pk")
        .values_list(
            "id",
            "status",
            "submitted_at",
            "cohort_id",
            "company_id",
            "cohort__name_en",
            "cohort__name_ja",
            "cohort__closes_at",
            "company__legal_name",
            "company__name_ja",
        )
    )
    return Compiled(applications, user=_USER_ID)


@login_required
def my_applications(request):
    statement = _my_applications_statement(router.db_for_read(Application))
    # The table is written once per process for its rows (written_once): the applications are
    # made from them only when it is.
    rows = tuple(statement.rows(user=request.user.pk))
    applications = SimpleLazyObject(partial(_my_applications_of, statement.alias, rows))
    return render(request, "cohorts/apply/my_applications.html", {"rows": rows, "applications": applications})


def _my_applications_of(db: str, rows: tuple[tuple, ...]) -> list[Application]:
    applications = []
    for (
        pk,
        status,
        submitted_at,
        cohort_id,
        company_id,
        name_en,
        name_ja,
        closes_at,
        legal_name,
        company_ja,
    ) in rows:
        application = instance(
            Application, db, id=pk, status=status, submitted_at=submitted_at, cohort_id=cohort_id, company_id=company_id
        )
        application.cohort = instance(Cohort, db, id=cohort_id, name_en=name_en, name_ja=name_ja, closes_at=closes_at)
        application.company = instance(Company, db, id=company_id, legal_name=legal_name, name_ja=company_ja)
        applications.append(application)
    return applications


@login_required
def pitch_deck(request, pk):
    """The pitch deck, for the company, its assigned reviewers without a conflict, and staff."""
    application = get_object_or_404(permissions.visible_applications(request.user).select_related("cohort"), pk=pk)
    if not application.pitch_deck:
        raise Http404
    try:
        handle = application.pitch_deck.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    filename = services.deck_download_name(application.pitch_deck_name)
    # The name a company gave its file usually names the company, which a blind review hides.
    if permissions.hides_applicant(request.user, application):
        filename = "pitch-deck.pdf"
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=filename,
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
