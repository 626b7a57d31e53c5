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


def _back_to_board(application: Application):
    url = reverse("cohorts:decisions", kwargs={"slug": application.cohort.slug})
    return redirect(f"{url}#application-{application.pk}")


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
        services.stage_decision(application=application, decision=decision, by=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _staged_message(decision, application.company.display_name))
    return _back_to_board(application)


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
