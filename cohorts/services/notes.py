"""Program staff's private note on an application."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accelerator.accounts.models import User
from accelerator.permissions import require_program_staff

from ..models import Application, StaffNote

MAX_NOTE = 4000


@transaction.atomic
def save_staff_note(*, application: Application, body: str, by: User) -> StaffNote | None:
    """Writes staff's note on `application`; an empty note removes it. Returns the note, or None."""
    require_program_staff(by, _("Only program staff can write notes on applications."))
    body = body.strip()
    if len(body) > MAX_NOTE:
        raise ValidationError(
            _("Keep the note under %(limit)d characters (it has %(length)d).")
            % {"limit": MAX_NOTE, "length": len(body)},
            code="too_long",
        )
    if not body:
        StaffNote.objects.filter(application=application).delete()
        return None
    note, _created = StaffNote.objects.update_or_create(
        application=application, defaults={"body": body, "updated_by": by}
    )
    return note
