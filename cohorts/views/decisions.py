"""Program staff decide on a cohort's applications: stage, release, and fill freed seats."""

from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, F
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from .. import selectors
from ..models import Application, Cohort
from ..services import decisions as services
from . import error_text
from .staff import staff_only

Status = Application.Status
Decision = Application.Decision
LISTED = (Status.SUBMITTED, Status.WAITLISTED, Status.ACCEPTED)


@dataclass
class CountryShare:
    label: str
    count: int
    share: int | None
    target: int | None = None

    @property
    def meets_target(self) -> bool:
        return self.target is None or (self.share is not None and self.share >= self.target)


@dataclass
class DecisionBoard:
    """What the decisions page shows, read in two queries whatever the number of applications."""

    cohort: Cohort
    applications: list[Application]
    status_counts: dict[str, int]
    staged: dict[str, int] = field(default_factory=dict)
    country_mix: list[CountryShare] = field(default_factory=list)
    promote_candidate: Application | None = None

    @property
    def accepted(self) -> int:
        return self.status_counts.get(Status.ACCEPTED, 0)

    @property
    def seats_used(self) -> int:
        return self.accepted + self.staged[Decision.ACCEPT]

    @property
    def seats_free(self) -> int:
        return self.cohort.seats - self.seats_used

    @property
    def staged_total(self) -> int:
        return sum(self.staged.values())

    @property
    def staged_by_decision(self) -> list[tuple[str, int]]:
        return [(label, self.staged[value]) for value, label in Decision.choices]

    @property
    def freed(self) -> int:
        """Offers declined and applications withdrawn: the seats that can open up again."""
        return self.status_counts.get(Status.DECLINED, 0) + self.status_counts.get(Status.WITHDRAWN, 0)

    @property
    def would_be_size(self) -> int:
        return sum(share.count for share in self.country_mix)


def _country_mix(cohort: Cohort, members: list[Application]) -> list[CountryShare]:
    total = len(members)
    us = sum(1 for application in members if application.company.country.code == "US")
    jp = sum(1 for application in members if application.company.country.code == "JP")

    def share(count: int) -> int | None:
        return round(100 * count / total) if total else None

    return [
        CountryShare(_("United States"), us, share(us), cohort.min_share_us),
        CountryShare(_("Japan"), jp, share(jp), cohort.min_share_jp),
        CountryShare(_("Other countries"), total - us - jp, share(total - us - jp)),
    ]


def decision_board(cohort: Cohort) -> DecisionBoard:
    applications = list(
        Application.objects.filter(cohort=cohort, status__in=LISTED)
        .select_related("company")
        .order_by(F("score_mean").desc(nulls_last=True), "submitted_at", "pk")
    )
    status_counts = dict(
        Application.objects.filter(cohort=cohort).order_by().values_list("status").annotate(count=Count("pk"))
    )
    staged = dict.fromkeys(Decision.values, 0)
    for application in applications:
        if application.status in services.DECIDABLE and application.pending_decision:
            staged[application.pending_decision] += 1
    would_be = [
        application
        for application in applications
        if application.status == Status.ACCEPTED
        or (application.status in services.DECIDABLE and application.pending_decision == Decision.ACCEPT)
    ]
    board = DecisionBoard(
        cohort=cohort,
        applications=applications,
        status_counts=status_counts,
        staged=staged,
        country_mix=_country_mix(cohort, would_be),
    )
    # Promotion is for seats freed by a decline or withdrawal; before that, staff stage decisions.
    if board.seats_free > 0 and board.freed:
        board.promote_candidate = next(
            (
                application
                for application in applications
                if application.status == Status.WAITLISTED and not application.pending_decision
            ),
            None,
        )
    return board


@staff_only
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
@staff_only
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
@staff_only
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
@staff_only
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
