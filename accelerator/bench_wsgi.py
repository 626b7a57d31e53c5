"""The site as `manage.py bench_pages` serves it: every page, plus a floor page to compare with.

The floor answers a two-byte body through the whole middleware stack (session, user,
language, second factor, security headers) and nothing else: what any page costs before
its own queries and template. It exists only in this entry point, never in the site's
`accelerator.wsgi`.
"""

import os

from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import include, path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accelerator.settings")

application = get_wsgi_application()

FLOOR_PATH = "/bench/floor"

handler500 = "accelerator.views.server_error"


def floor(request):
    # Touch the user as every page does (the middleware already has).
    return HttpResponse("ok" if request.user.is_authenticated else "--", content_type="text/plain")


urlpatterns = [
    path(FLOOR_PATH.lstrip("/"), floor),
    path("", include("accelerator.urls")),
]


def _serve_with_floor() -> None:
    from django.conf import settings

    settings.ROOT_URLCONF = __name__


_serve_with_floor()
