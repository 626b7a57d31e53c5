"""What reviewers use: their queue, the review page, conflicts; and the staff page that assigns them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accelerator.accounts.models import User
from accelerator.permissions import staff_required

from .. import permissions, selectors
from ..forms import ConflictForm, ReviewCommentForm
from ..models import SCORE_MEANINGS, Application, Cohort, Review, ReviewAssignment
from ..moments import moment
from ..services import reviews as services
from .snapshots import answer_rows, snapshot_view

# Reviewers


@login_required
def reviews(request):
    user = request.user
    now = timezone.now()
    queue = selectors.review_queue(user)
    # A cohort's due date is written once, however many of its applications are in the queue.
    cohorts = {application.cohort_id: application.cohort for application in queue}
    due = {cohort_id: moment(cohort.review_due_at) for cohort_id, cohort in cohorts.items()}
    rows = [
        (
            application,
            selectors.review_status_of(application, application.review_submitted_at, now),
            # The queue holds no application of the reviewer's own companies (a conflict), so
            # blind review hides every applicant of a blind cohort from a reviewer who is not staff.
            permissions.hides_applicant(user, application, member_company_ids=()),
            due[application.cohort_id],
        )
        for application in queue
    ]
    # The queue is written once per process for what its rows show (written_once).
    shown = tuple((application.values, status, hidden, due_on) for application, status, hidden, due_on in rows)
    return render(request, "cohorts/review/queue.html", {"rows": rows, "shown": shown})


def _assigned_application(request, pk: int) -> Application:
    """An application assigned to the user without a conflict: 404 for anything else."""
    return get_object_or_404(permissions.assigned_to(request.user).select_related("cohort", "company"), pk=pk)


def _rubric(criteria, values: dict) -> list[dict]:
    return [
        {"criterion": criterion, "field": f"score-{criterion.code}", "value": str(values.get(criterion.code, ""))}
        for criterion in criteria
    ]


def _review_page(request, application: Application, *, posted: dict | None = None, status: int = 200):
    criteria = list(application.cohort.criteria.all())
    own = Review.objects.filter(application=application, reviewer=request.user).first()
    others = []
    # Staff may read every review, but as a reviewer here they too see the others' once theirs is in.
    if own is not None and own.is_submitted:
        others = [
            {"review": other, "scores": [(criterion, other.scores.get(criterion.code)) for criterion in criteria]}
            for other in permissions.visible_reviews(request.user)
            .filter(application=application, submitted_at__isnull=False)
            .exclude(reviewer=request.user)
            .select_related("reviewer")
        ]
    values = posted or {
        "scores": own.scores if own else {},
        "comment": own.comment if own else "",
        "recommendation": own.recommendation if own else "",
    }
    blind = permissions.hides_applicant(request.user, application)
    cohort = application.cohort
    context = {
        "application": application,
        "cohort": cohort,
        "blind": blind,
        # The team as submitted; a snapshot from before teams were recorded shows today's people.
        "people": [] if blind else application.company.memberships.select_related("user"),
        "answers": answer_rows(application),
        "snapshot": snapshot_view(application.snapshot),
        "criteria": criteria,
        "rubric": _rubric(criteria, values["scores"]),
        "comment": values["comment"],
        "recommendation": values["recommendation"],
        "recommendations": Review.Recommendation.choices,
        "scale": SCORE_MEANINGS.items(),
        "own": own,
        "own_scores": [(criterion, own.scores.get(criterion.code)) for criterion in criteria] if own else [],
        "others": others,
        "status": selectors.review_status_of(application, own.submitted_at if own else None),
        "in_review": application.status == Application.Status.SUBMITTED,
    }
    return render(request, "cohorts/review/review.html", context, status=status)


@login_required
def review(request, pk):
    application = _assigned_application(request, pk)
    if request.method != "POST":
        return _review_page(request, application)
    criteria = application.cohort.criteria.all()
    posted = {
        "scores": {criterion.code: request.POST.get(f"score-{criterion.code}", "") for criterion in criteria},
        "comment": request.POST.get("comment", ""),
        "recommendation": request.POST.get("recommendation", ""),
    }
    submit = request.POST.get("action") == "submit"
    form = ReviewCommentForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors["comment"])
        services.save_review(application=application, reviewer=request.user, submit=submit, **posted)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
        return _review_page(request, application, posted=posted, status=400)
    if submit:
        messages.success(request, _("Your review is submitted. You can now read the other reviewers' reviews."))
    else:
        messages.success(request, _("Your draft is saved. Submit it when every criterion is scored."))
    return redirect("cohorts:review", pk=application.pk)


@require_POST
@login_required
def declare_conflict(request, pk):
    application = _assigned_application(request, pk)
    form = ConflictForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors["reason"])
        services.declare_conflict(
            reviewer=request.user, company=application.company, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
        return redirect("cohorts:review", pk=application.pk)
    messages.success(request, _("Thank you. The conflict is recorded and the application left your queue."))
    return redirect("cohorts:reviews")


# Program staff


def _posted_id(request, name: str) -> int | None:
    try:
        return int(request.POST.get(name, ""))
    except ValueError:
        return None


def _posted_ids(request, name: str) -> list[int] | None:
    """Every value posted under `name` as ids; None when one is not an id at all."""
    try:
        return [int(value) for value in request.POST.getlist(name)]
    except ValueError:
        return None


def _bulk_assign(request, cohort: Cohort) -> int | None:
    """Assigns the ticked reviewers to the ticked applications; returns the row to go back to."""
    if request.POST.get("all") == "1":
        application_ids: list[int] | None = list(
            cohort.applications.filter(status=Application.Status.SUBMITTED)
            .order_by("submitted_at", "pk")
            .values_list("pk", flat=True)
        )
    else:
        application_ids = _posted_ids(request, "application")
    reviewer_ids = _posted_ids(request, "reviewer")
    if application_ids is None or reviewer_ids is None:
        messages.error(request, _("The selection names someone or something that does not exist. Nobody was assigned."))
        return None
    result = services.assign_reviewers(
        cohort=cohort, application_ids=application_ids, reviewer_ids=reviewer_ids, by=request.user
    )
    made = len(result.made)
    if made:
        messages.success(
            request, ngettext("%(count)d assignment made.", "%(count)d assignments made.", made) % {"count": made}
        )
    if result.conflicted:
        pairs = "; ".join(
            f"{reviewer} – {application.company.display_name}" for application, reviewer in result.conflicted
        )
        messages.warning(
            request,
            ngettext(
                "%(count)d pair was not assigned because of a conflict of interest: %(pairs)s",
                "%(count)d pairs were not assigned because of a conflict of interest: %(pairs)s",
                len(result.conflicted),
            )
            % {"count": len(result.conflicted), "pairs": pairs},
        )
    if result.already:
        messages.info(
            request,
            ngettext(
                "%(count)d pair was already assigned and is left as it is.",
                "%(count)d pairs were already assigned and are left as they are.",
                result.already,
            )
            % {"count": result.already},
        )
    return application_ids[0] if made else None


def _assignment_action(request, cohort: Cohort) -> int | None:
    """Carries out the posted action; returns the application whose row the page goes back to."""
    action = request.POST.get("action")
    if action == "bulk_assign":
        return _bulk_assign(request, cohort)
    if action == "auto":
        count = services.auto_assign(cohort=cohort, by=request.user)
        if count:
            messages.success(
                request,
                ngettext("%(count)d assignment made.", "%(count)d assignments made.", count) % {"count": count},
            )
        else:
            messages.info(
                request, _("No assignment was needed: every application has its reviewers, or no reviewer is free.")
            )
        return None
    application = get_object_or_404(cohort.applications, pk=_posted_id(request, "application"))
    if action == "flag":
        flagged = request.POST.get("flagged") == "1"
        services.flag_disagreement(application=application, by=request.user, flagged=flagged)
        messages.success(request, _("Disagreement flagged.") if flagged else _("Disagreement flag removed."))
        return application.pk
    if action not in ("assign", "unassign"):
        messages.error(request, _("Choose an action."))
        return application.pk
    reviewer_id = _posted_id(request, "reviewer")
    reviewer = User.objects.filter(pk=reviewer_id).first() if reviewer_id is not None else None
    if reviewer is None:
        messages.error(request, _("Choose a reviewer."))
        return application.pk
    if action == "assign":
        services.assign_reviewer(application=application, reviewer=reviewer, by=request.user)
        messages.success(request, _("%(name)s is assigned.") % {"name": reviewer})
    else:
        services.unassign_reviewer(application=application, reviewer=reviewer, by=request.user)
        messages.success(request, _("%(name)s is no longer assigned.") % {"name": reviewer})
    return application.pk


def _assignment_rows(applications: list[Application], pool: list[User]) -> list[dict]:
    """Each application with its reviewers, where each review stands, and who else may take it."""
    conflicts = services.conflicted_pairs([user.pk for user in pool], {app.company_id for app in applications})
    now = timezone.now()
    rows = []
    for application in applications:
        submitted = {review.reviewer_id: review.submitted_at for review in application.reviews.all()}
        taken = {assignment.reviewer_id for assignment in application.assignments.all()}
        rows.append(
            {
                "application": application,
                "reviewers": [
                    {
                        "assignment": assignment,
                        "status": selectors.review_status_of(application, submitted.get(assignment.reviewer_id), now),
                        "draft": assignment.reviewer_id in submitted,
                    }
                    for assignment in application.assignments.all()
                ],
                "available": [
                    user for user in pool if user.pk not in taken and (user.pk, application.company_id) not in conflicts
                ],
                "wide_spread": selectors.is_wide_spread(selectors.spread_of(application)),
            }
        )
    return rows


@staff_required
def assignments(request, slug):
    cohort = get_object_or_404(Cohort, slug=slug)
    if request.method == "POST":
        row = _posted_id(request, "application")
        try:
            row = _assignment_action(request, cohort) or row
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        url = reverse("cohorts:assignments", kwargs={"slug": cohort.slug})
        # Back to the row acted on, so that the page keeps its place.
        if row is not None and cohort.applications.filter(pk=row).exists():
            url = f"{url}#application-{row}"
        return redirect(url)
    applications = list(
        selectors.with_score_spread(
            cohort.applications.exclude(status__in=[Application.Status.DRAFT, Application.Status.WITHDRAWN])
        )
        .select_related("company")
        .prefetch_related(
            Prefetch("assignments", queryset=ReviewAssignment.objects.select_related("reviewer").order_by("pk")),
            Prefetch("reviews", queryset=Review.objects.only("pk", "application_id", "reviewer_id", "submitted_at")),
        )
        .order_by("submitted_at", "pk")
    )
    pool = list(services.reviewers())
    rows = _assignment_rows(applications, pool)
    return render(
        request,
        "cohorts/review/assignments.html",
        {
            "cohort": cohort,
            "rows": rows,
            "load": selectors.reviewer_load(cohort, pool=pool),
            "pool": pool,
            "in_review": sum(1 for row in rows if row["application"].status == Application.Status.SUBMITTED),
            "wide_spread": selectors.WIDE_SPREAD,
            "unassigned": sum(1 for row in rows if len(row["reviewers"]) < cohort.reviewers_per_application),
        },
    )
