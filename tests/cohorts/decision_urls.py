"""The site's URLs for the decision tests, with the applicant's application page of the URL
contract (`cohorts:application`, applications/<pk>/) when the applicants' views are not part
of this checkout: decision emails link to that page."""

from django.http import HttpResponseNotFound
from django.urls import include, path

from accelerator import urls as site
from cohorts import urls as cohort_urls


def application_page(request, pk):
    return HttpResponseNotFound()


cohort_patterns = list(cohort_urls.urlpatterns)
if not any(getattr(pattern, "name", None) == "application" for pattern in cohort_patterns):
    cohort_patterns.append(path("applications/<int:pk>/", application_page, name="application"))

urlpatterns = [
    *(pattern for pattern in site.urlpatterns if getattr(pattern, "namespace", None) != "cohorts"),
    path("cohorts/", include((cohort_patterns, "cohorts"))),
]
