"""Program staff's side of the mentor program: matching, adjusting, publishing, the figures and their export."""

import csv
from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accelerator.permissions import staff_required

from .. import selectors
from ..mentoring_forms import AssignForm, WeightsForm
from ..models import Cohort, MentorAssignment, MentorMatching
from ..services.mentoring import matching
from . import error_text

QUIET_DAYS = 21


def _refused(request, error) -> None:
    messages.error(request, error_text(error) if isinstance(error, ValidationError) else str(error))


@staff_required
def mentors(request):
    """Every mentor profile, with the load in each running cohort."""
    # The table is written once per process for its rows (written_once): the profiles are made
    # from them only when it is.
    rows = selectors.listed_mentor_values()
    profiles = SimpleLazyObject(partial(selectors.mentors_from_values, rows))
    return render(request, "cohorts/mentoring/staff/mentors.html", {"rows": rows, "profiles": profiles})


@staff_required
def mentoring(request, slug):
    found = selectors.cohort_and_matching(slug)
    if found is None:
        raise Http404
    cohort, state = found
    # A cohort not matched yet shows the default weights; its matching is saved with the first action.
    state = state or MentorMatching(cohort=cohort)
    read = selectors.mentoring_rows(cohort, quiet_days=QUIET_DAYS)
    # The page writes the weights form and the form adding a mentor by hand (offering the
    # startups and mentors the figures list) from these values: staff_matching.matching_body.
    # Its body is written once per process for the rows (written_once): the figures are
    # counted from them only when it is.
    return render(
        request,
        "cohorts/mentoring/staff/matching.html",
        {
            "cohort": cohort,
            "state": state,
            "figure_values": read.values,
            "figures": SimpleLazyObject(partial(selectors.figures_from_rows, read)),
            "weights": [state.weight_expertise, state.weight_language, state.weight_overlap],
            "quiet_days": QUIET_DAYS,
        },
    )


@staff_required
@require_POST
def mentoring_action(request, slug):
    cohort = get_object_or_404(Cohort, slug=slug)
    action = request.POST.get("action")
    try:
        if action == "weights":
            form = WeightsForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Weights are numbers from 0 to 10."))
            matching.set_matching_weights(cohort=cohort, by=request.user, **form.cleaned_data)
            messages.success(request, _("The weights are saved."))
        elif action == "suggest":
            count = matching.compute_suggestions(cohort=cohort, by=request.user)
            messages.success(request, _("%(count)d suggestions are on the startups' shortlists.") % {"count": count})
        elif action == "propose":
            proposal = matching.propose_assignments(cohort=cohort, by=request.user)
            count = int((proposal.us >= 0).sum() + (proposal.japan >= 0).sum())
            messages.success(
                request, _("%(count)d assignments are proposed. Review them, then publish.") % {"count": count}
            )
        elif action == "assign":
            form = AssignForm(
                request.POST,
                startups=selectors.cohort_startups(cohort),
                mentors=selectors.active_mentors(),
            )
            if not form.is_valid():
                raise ValidationError(_("Choose a startup of the cohort and an active mentor."))
            matching.assign_mentor(cohort=cohort, by=request.user, **form.cleaned_data)
            messages.success(request, _("The mentor is added to the proposal."))
        elif action == "remove":
            assignment = get_object_or_404(MentorAssignment, pk=request.POST.get("id"), cohort=cohort)
            matching.remove_assignment(assignment=assignment, by=request.user)
            messages.success(request, _("The assignment is removed."))
        elif action == "publish":
            count = matching.publish_assignments(cohort=cohort, by=request.user)
            messages.success(
                request, _("%(count)d assignments are published; mentors and startups are told.") % {"count": count}
            )
        else:
            messages.error(request, _("Choose an action."))
    except (ValidationError, PermissionDenied) as error:
        _refused(request, error)
    return redirect("cohorts:staff_mentoring", slug=cohort.slug)


class _Echo:
    def write(self, value):
        return value


def _cell(value) -> str:
    text = str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@staff_required
def mentoring_export(request, slug):
    """Every published pair: mentor, startup, side, sessions held and upcoming, last session, mentor rating."""
    cohort = get_object_or_404(Cohort, slug=slug)
    figures = selectors.mentoring_figures(cohort, quiet_days=QUIET_DAYS)
    ratings = {mentor.pk: mentor.rating for mentor in figures.loads}
    writer = csv.writer(_Echo())
    header = [
        _("Startup"),
        _("Country"),
        _("Mentor"),
        _("Side"),
        _("Sessions held"),
        _("Sessions upcoming"),
        _("Last session (UTC)"),
        _("Mentor's average rating"),
    ]

    def rows():
        yield writer.writerow(header)
        for pair in figures.pairs:
            rating = ratings.get(pair.mentor_id)
            yield writer.writerow(
                [
                    _cell(pair.company_legal_name),
                    pair.company_country,
                    _cell(pair.mentor_name),
                    pair.get_side_display(),
                    pair.held,
                    pair.upcoming,
                    pair.last_session.strftime("%Y-%m-%d %H:%M") if pair.last_session else "",
                    f"{rating:.2f}" if rating is not None else "",
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{cohort.slug}-mentoring.csv"'
    return response
