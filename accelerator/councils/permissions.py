"""Who may see and do what in councils: one place that pages, the API and downloads share.

A public council's pages are open to everyone: its meetings once the agenda is published,
approved minutes, motions, decisions and the tracker. A members-only council is seen only
by its people (chair, members, secretariat, observers) and program staff; anyone else gets
a 404, as if it did not exist. Council people also see a meeting before its agenda is
published, draft minutes, and the proposals they made. Only the council's secretariat
(program staff holding the secretariat role there, or an admin) edits agendas, publishes
them, records attendance, minutes and votes, and keeps the decisions register.
"""

import functools

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import permissions as drf_permissions

from accelerator.permissions import is_program_staff

from .models import ActionItem, AgendaDocument, AgendaItem, Council, CouncilMembership, Decision, Meeting

NOT_SECRETARIAT = _("Only the council's secretariat can do this.")


def _role(user, council: Council) -> str | None:
    if not user.is_authenticated:
        return None
    cache = user.__dict__.setdefault("_council_roles", {})
    if council.pk not in cache:
        cache[council.pk] = (
            CouncilMembership.objects.filter(council=council, user=user).values_list("role", flat=True).first()
        )
    return cache[council.pk]


def is_council_person(user, council: Council) -> bool:
    """Chair, member, secretariat or observer of `council`."""
    return _role(user, council) is not None


def is_voting_member(user, council: Council) -> bool:
    return _role(user, council) in CouncilMembership.VOTING_ROLES


def is_secretariat(user, council: Council) -> bool:
    """Program staff holding the secretariat role on `council`, or an admin."""
    if not is_program_staff(user):
        return False
    return user.is_superuser or _role(user, council) == CouncilMembership.Role.SECRETARIAT


def sees_inside(user, council: Council) -> bool:
    """Whether `user` sees what only the council's people see: draft agendas, draft minutes."""
    return is_program_staff(user) or is_council_person(user, council)


def can_view_council(user, council: Council) -> bool:
    return council.is_public or sees_inside(user, council)


def require_secretariat(user, council: Council) -> None:
    if not is_secretariat(user, council):
        raise PermissionDenied(NOT_SECRETARIAT)


def visible_councils(user) -> QuerySet[Council]:
    if is_program_staff(user):
        return Council.objects.all()
    if not user.is_authenticated:
        return Council.objects.filter(visibility=Council.Visibility.PUBLIC)
    # An IN over the user's memberships rather than a correlated EXISTS: the same councils,
    # and the ORM builds and compiles it in half the time on every page that checks.
    return Council.objects.filter(
        Q(visibility=Council.Visibility.PUBLIC)
        | Q(pk__in=CouncilMembership.objects.filter(user=user).values("council_id"))
    )


def visible_meetings(user) -> QuerySet[Meeting]:
    """Meetings of councils `user` sees; a public council's only once published, unless `user` is inside
    (program staff are inside every council, council people inside their own)."""
    if is_program_staff(user):
        return Meeting.objects.all()
    published = Q(council__visibility=Council.Visibility.PUBLIC, agenda_published_at__isnull=False)
    if not user.is_authenticated:
        return Meeting.objects.filter(published)
    # An IN over the user's memberships rather than a join of councils to them: the same
    # meetings, in less of the database's time planning every statement that reads them.
    inside = CouncilMembership.objects.filter(user=user).values("council_id")
    return Meeting.objects.filter(Q(council__in=inside) | published)


def visible_items(user) -> QuerySet[AgendaItem]:
    """Agenda items of visible meetings: accepted ones, plus every proposal to the secretariat and its proposer."""
    items = AgendaItem.objects.filter(meeting__in=visible_meetings(user).values("pk"))
    if not user.is_authenticated:
        return items.filter(status=AgendaItem.Status.ACCEPTED)
    if user.is_superuser:
        return items
    shown = Q(status=AgendaItem.Status.ACCEPTED) | Q(proposed_by=user)
    if is_program_staff(user):
        secretariat = CouncilMembership.objects.filter(user=user, role=CouncilMembership.Role.SECRETARIAT)
        shown |= Q(meeting__council__in=secretariat.values("council"))
    return items.filter(shown)


def visible_documents(user) -> QuerySet[AgendaDocument]:
    return AgendaDocument.objects.filter(item__in=visible_items(user).values("pk"))


def visible_decisions(user) -> QuerySet[Decision]:
    return Decision.objects.filter(council__in=visible_councils(user).values("pk"))


def visible_actions(user) -> QuerySet[ActionItem]:
    return ActionItem.objects.filter(decision__council__in=visible_councils(user).values("pk"))


def owns_action(user, action: ActionItem) -> bool:
    """The person who owns it, or a member of the organisation that does."""
    if not user.is_authenticated:
        return False
    if action.owner_user_id:
        return action.owner_user_id == user.pk
    return action.owner_company is not None and action.owner_company.memberships.filter(user=user).exists()


def can_update_action(user, action: ActionItem) -> bool:
    return owns_action(user, action) or is_secretariat(user, action.decision.council)


def council_or_404(user, slug: str) -> Council:
    council = visible_councils(user).filter(slug=slug).first()
    if council is None:
        raise Http404
    return council


def meeting_or_404(user, pk: int) -> Meeting:
    meeting = visible_meetings(user).select_related("council").filter(pk=pk).first()
    if meeting is None:
        raise Http404
    return meeting


def secretariat_only(view):
    """A page for a council's secretariat; the view takes `council` or `meeting` and gets the object.

    Visitors who are not signed in go to the sign-in page; people who cannot see the council
    get 404; people who see it but are not its secretariat get 403.
    """

    @login_required
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if "slug" in kwargs:
            obj = council_or_404(request.user, kwargs.pop("slug"))
            council = obj
        else:
            obj = meeting_or_404(request.user, kwargs.pop("pk"))
            council = obj.council
        require_secretariat(request.user, council)
        return view(request, obj, *args, **kwargs)

    return wrapper


class ReadOrSecretariat(drf_permissions.BasePermission):
    """Reading follows the visible querysets; writes are checked by the services."""

    def has_permission(self, request, view) -> bool:
        return request.method in drf_permissions.SAFE_METHODS or request.user.is_authenticated
