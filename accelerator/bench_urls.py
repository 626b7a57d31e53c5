"""The site's pages plus a floor page, as `manage.py bench_pages` serves them (see bench_wsgi).

The floor answers a two-byte body through the whole middleware stack (session, user,
language, second factor, security headers) and nothing else: what any page costs before
its own queries and template.
"""

from django.http import HttpResponse
from django.urls import include, path

FLOOR_PATH = "/bench/floor"

handler500 = "accelerator.views.server_error"


def floor(request):
    # Touch the user as every page does (the middleware already has).
    return HttpResponse("ok" if request.user.is_authenticated else "--", content_type="text/plain")


urlpatterns = [
    path(FLOOR_PATH.lstrip("/"), floor),
    path("", include("accelerator.urls")),
]
