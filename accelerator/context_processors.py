from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accelerator.permissions import is_program_staff
from matchmaking.selectors import unread_count


def navigation(request: HttpRequest) -> dict[str, list[dict[str, object]]]:
    """The navigation entries the current user may use, by role and membership."""
    user = request.user
    items = [
        (_("Directory"), reverse("companies:directory")),
        (_("Cohorts"), reverse("cohorts:list")),
        (_("Councils"), reverse("councils:home")),
    ]
    if user.is_authenticated:
        items.append((_("My companies"), reverse("companies:mine")))
        items.append((_("Matches"), reverse("matchmaking:matches")))
        items.append((_("Introductions"), reverse("matchmaking:introductions")))
        items.append((_("Inbox"), reverse("matchmaking:inbox"), unread_count(user)))
        items.append((_("Mentoring"), reverse("cohorts:mentoring")))
        items.append((_("Opportunities"), reverse("procurement:list")))
        if user.has_role("reviewer"):
            items.append((_("Reviews"), reverse("cohorts:reviews")))
        if is_program_staff(user):
            items.append((_("Program"), reverse("cohorts:staff_list")))
            items.append((_("Match runs"), reverse("matchmaking:runs")))
        if user.is_staff:
            items.append((_("Administration"), reverse("admin:index")))
        if is_program_staff(user):
            items.append((_("API docs"), reverse("api-docs")))
    # Only the most specific entry is current: /cohorts/staff/ is "Program", not also "Cohorts".
    urls = [entry[1] for entry in items]
    current = max((url for url in urls if request.path.startswith(url) and url != "/"), key=len, default=None)
    return {
        "nav_items": [
            {"label": label, "url": url, "active": url == current, "unread": count[0] if count else 0}
            for label, url, *count in items
        ]
    }
