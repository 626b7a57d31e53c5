"""A member's feedback on a suggestion: save, dismiss (with a reason) or restore."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accelerator.accounts.models import User
from accelerator.companies.models import Membership

from ..models import Suggestion


def member_company_ids(user: User) -> set[int]:
    return set(Membership.objects.filter(user=user).values_list("company_id", flat=True))


def check_member(user: User, company_id: int) -> None:
    if company_id not in member_company_ids(user):
        raise PermissionDenied


def save_suggestion(*, suggestion: Suggestion, user: User) -> Suggestion:
    return _set_status(suggestion, user, Suggestion.Status.SAVED)


def dismiss_suggestion(*, suggestion: Suggestion, user: User, reason: str) -> Suggestion:
    if reason not in Suggestion.DismissReason.values:
        check_member(user, suggestion.company_id)
        raise ValidationError({"reason": _("Choose why this suggestion does not fit.")})
    return _set_status(suggestion, user, Suggestion.Status.DISMISSED, reason=reason)


def restore_suggestion(*, suggestion: Suggestion, user: User) -> Suggestion:
    return _set_status(suggestion, user, Suggestion.Status.NEW)


@transaction.atomic
def _set_status(suggestion: Suggestion, user: User, status: str, *, reason: str = "") -> Suggestion:
    """A member's save, dismissal (remembering the profiles it was made against) or restore."""
    check_member(user, suggestion.company_id)
    suggestion = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    suggestion.status, suggestion.dismiss_reason = status, reason
    suggestion.dismissed_fingerprint = suggestion.fingerprint if status == Suggestion.Status.DISMISSED else ""
    suggestion.status_changed_by = user
    suggestion.save(update_fields=["status", "dismiss_reason", "dismissed_fingerprint", "status_changed_by"])
    return suggestion
