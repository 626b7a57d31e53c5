"""The REST API router: every app registers its viewsets here under /api/v1/."""

from rest_framework.routers import DefaultRouter

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

urlpatterns = router.urls
