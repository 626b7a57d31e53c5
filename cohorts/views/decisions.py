"""Program staff decide on a cohort's applications: stage, release, and fill freed seats."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accelerator.permissions import staff_required

from .. import selectors
from ..models import Application, Cohort
from ..selectors import decision_board
from ..services import decisions as services
from . import error_text

Status = Application.Status
Decision = Application.Decision


@staff_required
def decisions(request, slug):
    cohort = get_object_or_404(Cohort, slug=slug)
    board = decision_board(cohort)
    return render(
        request,
        "cohorts/staff/decisions.html",
        {
            "cohort": cohort,
            "board": board,
            "reach": selectors.release_reach(cohort) if board.staged_total else None,
            "Status": Status,
            "Decision": Decision,
        },
    )


def _board_url(cohort: Cohort, application_id: int | None = None) -> str:
    """The decisions page, scrolled to `application_id`'s row when given."""
    url = reverse("cohorts:decisions", kwargs={"slug": cohort.slug})
    return f"{url}#application-{application_id}" if application_id else url


def _back_to_board(application: Application):
    return redirect(_board_url(application.cohort, application.pk))


def _posted_ids(request) -> list[int] | None:
    """The ticked applications, in the page's order; None when one is not an id at all."""
    try:
        return [int(value) for value in request.POST.getlist("application")]
    except ValueError:
        return None


def _bulk_staged_message(decision: str, count: int) -> str:
    if decision == Decision.ACCEPT:
        text = ngettext(
            "%(count)d application is staged to be accepted. Nothing is sent until you release the decisions.",
            "%(count)d applications are staged to be accepted. Nothing is sent until you release the decisions.",
            count,
        )
    elif decision == Decision.WAITLIST:
        text = ngettext(
            "%(count)d application is staged for the waitlist. Nothing is sent until you release the decisions.",
            "%(count)d applications are staged for the waitlist. Nothing is sent until you release the decisions.",
            count,
        )
    elif decision == Decision.REJECT:
        text = ngettext(
            "%(count)d application is staged to be rejected. Nothing is sent until you release the decisions.",
            "%(count)d applications are staged to be rejected. Nothing is sent until you release the decisions.",
            count,
        )
    else:
        text = ngettext(
            "The staged decision on %(count)d application is cleared.",
            "The staged decisions on %(count)d applications are cleared.",
            count,
        )
    return text % {"count": count}


def _confirmation_page(request, cohort: Cohort, *, action: str, ids: list[int], decision: str, warnings):
    """Nothing is staged yet: each warning, and a button that stages anyway."""
    return render(
        request,
        "cohorts/staff/confirm_decisions.html",
        {
            "cohort": cohort,
            "action": action,
            "ids": ids,
            "decision": decision,
            "decision_label": Decision(decision).label,
            "warnings": warnings,
            "unwarned": len(ids) - len(warnings),
            "back_url": _board_url(cohort, ids[0] if ids else None),
        },
    )


def _staged_message(decision: str, company: str) -> str:
    if decision == Decision.ACCEPT:
        text = _("“%(company)s” is staged to be accepted. Nothing is sent until you release the decisions.")
    elif decision == Decision.WAITLIST:
        text = _("“%(company)s” is staged for the waitlist. Nothing is sent until you release the decisions.")
    elif decision == Decision.REJECT:
        text = _("“%(company)s” is staged to be rejected. Nothing is sent until you release the decisions.")
    else:
        text = _("The staged decision on “%(company)s” is cleared.")
    return text % {"company": company}


@require_POST
@staff_required
def stage_decision(request, pk):
    application = get_object_or_404(Application.objects.select_related("cohort", "company"), pk=pk)
    decision = request.POST.get("decision", "")
    try:
        services.stage_decisions(
            cohort=application.cohort,
            application_ids=[application.pk],
            decision=decision,
            by=request.user,
            confirmed=request.POST.get("confirm") == "1",
        )
    except services.DecisionsNeedConfirmation as pending:
        action = reverse("cohorts:stage_decision", args=[application.pk])
        return _confirmation_page(
            request,
            application.cohort,
            action=action,
            ids=[application.pk],
            decision=decision,
            warnings=pending.warnings,
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _staged_message(decision, application.company.display_name))
    return _back_to_board(application)


@require_POST
@staff_required
def stage_decisions(request, slug):
    """Stages one decision on every ticked application (or every one still to decide), all or nothing."""
    cohort = get_object_or_404(Cohort, slug=slug)
    decision = request.POST.get("decision", "")
    ids = selectors.decidable_on_board(cohort) if request.POST.get("all") == "1" else _posted_ids(request)
    if ids is None:
        messages.error(request, _("The selection names an application that does not exist. Nothing was staged."))
        return redirect(_board_url(cohort))
    try:
        staged = services.stage_decisions(
            cohort=cohort,
            application_ids=ids,
            decision=decision,
            by=request.user,
            confirmed=request.POST.get("confirm") == "1",
        )
    except services.DecisionsNeedConfirmation as pending:
        action = reverse("cohorts:stage_decisions", args=[cohort.slug])
        return _confirmation_page(request, cohort, action=action, ids=ids, decision=decision, warnings=pending.warnings)
    except ValidationError as error:
        messages.error(request, error_text(error))
        first = ids[0] if ids and cohort.applications.filter(pk=ids[0]).exists() else None
        return redirect(_board_url(cohort, first))
    messages.success(request, _bulk_staged_message(decision, len(staged)))
    return redirect(_board_url(cohort, staged[0].pk))


@require_POST
@staff_required
def release_decisions(request, slug):
    cohort = get_object_or_404(Cohort, slug=slug)
    try:
        released = services.release_decisions(cohort=cohort, by=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        if released:
            messages.success(
                request,
                ngettext(
                    "%(count)d decision released. The applicant is emailed in their own language.",
                    "%(count)d decisions released. Each applicant is emailed once, in their own language.",
                    released,
                )
                % {"count": released},
            )
        else:
            messages.info(request, _("There are no staged decisions to release."))
    return redirect("cohorts:decisions", slug=cohort.slug)


@require_POST
@staff_required
def promote(request, pk):
    application = get_object_or_404(Application.objects.select_related("cohort", "company"), pk=pk)
    try:
        services.promote_from_waitlist(application=application, by=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request,
            _("“%(company)s” is accepted from the waitlist and is being emailed.")
            % {"company": application.company.display_name},
        )
    return _back_to_board(application)
