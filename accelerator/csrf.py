"""One CSRF token for all the forms of a page.

Django masks the CSRF secret anew each time `get_token()` is called, a few hundred Python
calls each. A page whose rows are written in Python (opportunity cards, council actions,
matches) asked for a token besides the layout's `{{ csrf_token }}`; every form of a response
now carries the same masked token, which Django accepts as it accepts any mask of the secret.
"""

from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.utils.functional import SimpleLazyObject


def page_token(request: HttpRequest) -> str:
    """The response's masked CSRF token: worked out on first use, the same for the rest of the
    request while the secret stays; a secret rotated meanwhile (a sign-in) gets a new one."""
    secret = request.META.get("CSRF_COOKIE")
    kept = getattr(request, "_page_csrf_token", None)
    if kept is not None and secret is not None and kept[0] == secret:
        return kept[1]
    token = get_token(request)
    request._page_csrf_token = (request.META["CSRF_COOKIE"], token)  # type: ignore[attr-defined]
    return token


def csrf(request: HttpRequest) -> dict[str, SimpleLazyObject]:
    """The templates' `csrf_token`, as Django's own context processor gives it, from page_token()."""
    return {"csrf_token": SimpleLazyObject(lambda: page_token(request))}
