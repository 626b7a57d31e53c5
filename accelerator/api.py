"""The REST API router: every app registers its viewsets here under /api/v1/."""

from rest_framework.routers import DefaultRouter

from accelerator.companies.api import CompanyViewSet

router = DefaultRouter()
router.register("companies", CompanyViewSet, basename="company")

urlpatterns = router.urls
