"""The REST API router: every app registers its viewsets here under /api/v1/."""

from django.urls import re_path
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.routers import DefaultRouter
from rest_framework.views import APIView

from accelerator.companies.api import CompanyViewSet
from accelerator.councils.api import (
    ActionItemViewSet,
    AgendaItemViewSet,
    CouncilViewSet,
    DecisionViewSet,
    MeetingViewSet,
)
from cohorts.api import (
    ApplicationViewSet,
    AssignmentViewSet,
    CohortViewSet,
    MentorViewSet,
    ReviewViewSet,
    SessionViewSet,
)
from matchmaking.api import IntroductionViewSet, MatchRunViewSet, MatchViewSet
from procurement.api import ImportRunViewSet, OpportunityViewSet
from procurement.team_api import BidTeamViewSet

router = DefaultRouter()
router.register("companies", CompanyViewSet, basename="company")
router.register("matches", MatchViewSet, basename="match")
router.register("introductions", IntroductionViewSet, basename="introduction")
router.register("match-runs", MatchRunViewSet, basename="match-run")
router.register("cohorts", CohortViewSet, basename="cohort")
router.register("applications", ApplicationViewSet, basename="application")
router.register("reviews", ReviewViewSet, basename="review")
router.register("mentors", MentorViewSet, basename="mentor")
router.register("mentor-assignments", AssignmentViewSet, basename="mentor-assignment")
router.register("mentor-sessions", SessionViewSet, basename="mentor-session")
router.register("councils", CouncilViewSet, basename="council")
router.register("meetings", MeetingViewSet, basename="meeting")
router.register("agenda-items", AgendaItemViewSet, basename="agenda-item")
router.register("decisions", DecisionViewSet, basename="decision")
router.register("action-items", ActionItemViewSet, basename="action-item")
router.register("opportunities", OpportunityViewSet, basename="opportunity")
router.register("opportunity-imports", ImportRunViewSet, basename="opportunity-import")
router.register("bid-teams", BidTeamViewSet, basename="bid-team")


@extend_schema(exclude=True)
class UnknownEndpoint(APIView):
    """A URL under /api/v1/ that names no endpoint, or an id no object can have (`/applications/0.5/`):
    a 404 in JSON like every other API error, never the site's HTML page."""

    permission_classes = [AllowAny]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        raise NotFound()


urlpatterns = [*router.urls, re_path(r"^.*$", UnknownEndpoint.as_view())]
