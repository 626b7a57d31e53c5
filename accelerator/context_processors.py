from functools import lru_cache

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest
from django.template.loader import get_template
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accelerator.permissions import is_program_staff
from matchmaking.selectors import unread_count


@lru_cache(maxsize=128)
def _entries(
    language: str | None,
    urlconf: str | None,
    script_prefix: str,
    signed_in: bool,
    reviewer: bool,
    program_staff: bool,
    admin: bool,
) -> tuple[tuple[str, str, bool], ...]:
    """(label, URL, shows the unread count) of each entry, the same for every request of one
    language, URL configuration and set of roles, so they are translated and reversed once."""
    items = [
        (_("Directory"), reverse("companies:directory"), False),
        (_("Cohorts"), reverse("cohorts:list"), False),
        (_("Councils"), reverse("councils:home"), False),
    ]
    if signed_in:
        items.append((_("My companies"), reverse("companies:mine"), False))
        items.append((_("Matches"), reverse("matchmaking:matches"), False))
        items.append((_("Introductions"), reverse("matchmaking:introductions"), False))
        items.append((_("Inbox"), reverse("matchmaking:inbox"), True))
        items.append((_("Mentoring"), reverse("cohorts:mentoring"), False))
        items.append((_("Opportunities"), reverse("procurement:list"), False))
        if reviewer:
            items.append((_("Reviews"), reverse("cohorts:reviews"), False))
        if program_staff:
            items.append((_("Program"), reverse("cohorts:staff_list"), False))
            items.append((_("Match runs"), reverse("matchmaking:runs"), False))
        if admin:
            items.append((_("Administration"), reverse("admin:index"), False))
        if program_staff:
            items.append((_("API docs"), reverse("api-docs"), False))
    return tuple(items)


@lru_cache(maxsize=16)
def _layout_urls(language: str | None, urlconf: str | None, script_prefix: str) -> dict[str, str]:
    """The addresses the layout links to on every page (home, language, account, its static
    files), reversed and looked up in the static files' manifest once."""
    names = {
        "home": "home",
        "set_language": "set_language",
        "profile": "account_profile",
        "logout": "account_logout",
        "login": "account_login",
        "signup": "account_signup",
    }
    files = {
        "favicon": "img/favicon.svg",
        "stylesheet": "css/site.css",
        "submit_on_change": "js/submit-on-change.js",
    }
    return {key: reverse(name) for key, name in names.items()} | {key: static(path) for key, path in files.items()}


@lru_cache(maxsize=1024)
def _main_nav(
    language: str | None, items: tuple[tuple[str, str, bool], ...], current: str | None, unread: int
) -> SafeString:
    """The navigation's links: the same for every request with the same entries, current entry
    and unread count, so each combination is rendered once."""
    nav_items = [
        {"label": label, "url": url, "active": url == current, "unread": unread if shows_unread else 0}
        for label, url, shows_unread in items
    ]
    return mark_safe(get_template("includes/main_nav.html").render({"nav_items": nav_items}))  # noqa: S308 - rendered, escaped


@receiver(setting_changed)
def _forget_layout(*, setting: str, **kwargs: object) -> None:
    """Tests that change the URLs, static files or templates get a layout built from the new ones."""
    if setting in {"ROOT_URLCONF", "STATIC_URL", "STORAGES", "STATICFILES_STORAGE", "TEMPLATES", "LANGUAGES"}:
        _entries.cache_clear()
        _layout_urls.cache_clear()
        _main_nav.cache_clear()


def navigation(request: HttpRequest) -> dict[str, object]:
    """The navigation entries the current user may use, by role and membership."""
    user = request.user
    signed_in = user.is_authenticated
    urlconf, script_prefix = get_urlconf() or settings.ROOT_URLCONF, get_script_prefix()
    language = get_language()
    items = _entries(
        language,
        urlconf,
        script_prefix,
        signed_in,
        signed_in and user.has_role("reviewer"),
        is_program_staff(user),
        signed_in and user.is_staff,
    )
    # Only the most specific entry is current: /cohorts/staff/ is "Program", not also "Cohorts".
    path = request.path
    current = max((url for _label, url, _unread in items if path.startswith(url) and url != "/"), key=len, default=None)
    unread = unread_count(user) if signed_in else 0
    return {
        "layout_urls": _layout_urls(language, urlconf, script_prefix),
        "main_nav": _main_nav(language, items, current, unread),
    }
