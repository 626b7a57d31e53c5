"""The WSGI application `manage.py bench_pages` starts gunicorn with: the site plus its floor page.

Never the site's entry point (that is accelerator.wsgi): it serves accelerator.bench_urls.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accelerator.settings")

application = get_wsgi_application()


def _serve_with_floor() -> None:
    from django.conf import settings

    settings.ROOT_URLCONF = "accelerator.bench_urls"


_serve_with_floor()
