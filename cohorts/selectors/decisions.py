"""The decision board: what program staff see while they stage, release and fill freed seats."""

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_stubs_ext import StrOrPromise

from accelerator.accounts.models import User
from accelerator.companies.models import Membership
from accelerator.dates import datetime_tz

from ..models import Application, Cohort, Review
from .scores import with_score_spread
from .seats import CountryMix, Seats, country_mix, seat_counts
from .statuses import DECIDABLE, Decision, Status

# The applications on the board: in review, on the waitlist, or accepted.
LISTED = (Status.SUBMITTED, Status.WAITLISTED, Status.ACCEPTED)


@dataclass
class DecisionBoard:
    cohort: Cohort
    applications: list[Application]
    seats: Seats
    mix: CountryMix
    staged: dict[str, int] = field(default_factory=dict)
    freed: int = 0
    """Offers declined and applications withdrawn: the seats that can open up again."""
    promote_candidate: Application | None = None

    @property
    def decidable_ids(self) -> list[int]:
        """The applications that can still be decided, in the board's order."""
        return [application.pk for application in self.applications if application.status in DECIDABLE]

    @property
    def staged_total(self) -> int:
        return sum(self.staged.values())

    @property
    def staged_by_decision(self) -> list[tuple[StrOrPromise, int]]:
        return [(label, self.staged[value]) for value, label in Decision.choices]


def decision_board(cohort: Cohort) -> DecisionBoard:
    """The listed applications, best weighted mean first (unscored last), with the seats, the
    staged decisions by kind and the country mix of the cohort as decided so far.

    Four queries, whatever the number of applications.
    """
    applications = list(
        with_score_spread(Application.objects.filter(cohort=cohort, status__in=LISTED))
        .select_related("company", "staff_note")
        .order_by(F("score_mean").desc(nulls_last=True), "submitted_at", "pk")
    )
    counts = Application.objects.filter(cohort=cohort).aggregate(
        freed=Count("pk", filter=Q(status__in=(Status.DECLINED, Status.WITHDRAWN))),
        **{
            decision: Count("pk", filter=Q(status__in=DECIDABLE, pending_decision=decision))
            for decision in Decision.values
        },
    )
    freed = counts.pop("freed")
    board = DecisionBoard(
        cohort=cohort,
        applications=applications,
        seats=seat_counts(cohort),
        mix=country_mix(cohort),
        staged=counts,
        freed=freed,
    )
    # Promotion is for seats freed by a decline or withdrawal; before that, staff stage decisions.
    if board.seats.free > 0 and board.freed:
        board.promote_candidate = next(
            (
                application
                for application in applications
                if application.status == Status.WAITLISTED and not application.pending_decision
            ),
            None,
        )
    return board


@dataclass(frozen=True)
class ReleaseReach:
    """Who a release of the staged decisions will email: the active members of each company."""

    people: int
    companies_reached: int
    companies_unreachable: list[str]


def release_reach(cohort: Cohort) -> ReleaseReach:
    """The same recipients as the decision email task: every active member of the company."""
    staged = Application.objects.filter(cohort=cohort).exclude(pending_decision="").select_related("company")
    company_ids = [application.company_id for application in staged]
    reached = set(
        Membership.objects.filter(company_id__in=company_ids, user__is_active=True).values_list("company_id", flat=True)
    )
    people = User.objects.filter(memberships__company_id__in=company_ids, is_active=True).distinct().count()
    unreachable = sorted(
        application.company.display_name for application in staged if application.company_id not in reached
    )
    return ReleaseReach(
        people=people, companies_reached=len(set(company_ids)) - len(unreachable), companies_unreachable=unreachable
    )


def decidable_on_board(cohort: Cohort) -> list[int]:
    """The ids of the board's applications that can still be decided, in the board's order."""
    return decision_board(cohort).decidable_ids


@dataclass(frozen=True)
class DecisionWarning:
    """Why staff should look again before staging a decision on one application."""

    application: Application
    reasons: list[str]


def decision_warnings(application_ids: Collection[int], *, now: datetime | None = None) -> list[DecisionWarning]:
    """The applications among `application_ids` whose decision asks for confirmation: their
    cohort still takes applications, no review of them is submitted, or their company has no
    active member the decision email could reach (the recipients of the email task).

    One query, whatever the number of applications.
    """
    now = now or timezone.now()
    applications = (
        Application.objects.filter(pk__in=application_ids)
        .select_related("cohort", "company")
        .annotate(
            has_submitted_review=Exists(Review.objects.filter(application=OuterRef("pk"), submitted_at__isnull=False)),
            has_member_to_tell=Exists(Membership.objects.filter(company=OuterRef("company"), user__is_active=True)),
        )
        .order_by("company__legal_name", "pk")
    )
    warnings = []
    for application in applications:
        reasons = []
        if application.cohort.closes_at > now:
            reasons.append(
                _("Applications to the cohort are still open until %(when)s; more may arrive.")
                % {"when": datetime_tz(application.cohort.closes_at)}
            )
        if not application.has_submitted_review:
            reasons.append(_("No review of it has been submitted."))
        if not application.has_member_to_tell:
            reasons.append(_("Its company has no member to tell: nobody will receive the decision email."))
        if reasons:
            warnings.append(DecisionWarning(application=application, reasons=reasons))
    return warnings
