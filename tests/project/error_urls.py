"""The site's URLs plus pages that fail on purpose, to show the error pages."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from accelerator.urls import handler500  # noqa: F401 - the site's 500 page, with its CSP nonce
from accelerator.urls import urlpatterns as site_urlpatterns


def broken(request):
    raise RuntimeError("a failure the visitor must not see")


def refused(request):
    raise PermissionDenied("Only the cohort's reviewers may open this.")


def malformed(request):
    raise SuspiciousOperation("malformed")


urlpatterns = [
    path("broken/", broken),
    path("refused/", refused),
    path("malformed/", malformed),
    *site_urlpatterns,
]
