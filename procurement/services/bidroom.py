"""The bid room: tasks with owners and due dates, private documents, the message thread."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accelerator import documents
from accelerator.accounts.models import User
from accelerator.permissions import is_program_staff

from ..models import BidTeam, TeamDocument, TeamMember, TeamMessage, TeamTask
from ..permissions import require_room

MAX_MESSAGE = 5000
NUL = "\x00"


def _may_own(user: User, team: BidTeam) -> bool:
    if is_program_staff(user):
        return True
    return team.members.filter(status=TeamMember.Status.ACCEPTED, company__memberships__user=user).exists()


def _require_open(team: BidTeam) -> None:
    if team.is_closed:
        raise ValidationError(
            _("This team is %(stage)s; its bid room is read-only.") % {"stage": team.get_stage_display()}
        )


@transaction.atomic
def add_task(
    *, actor: User, team: BidTeam, title: str, owner: User | None = None, due_at: datetime | None = None
) -> TeamTask:
    require_room(actor, team)
    _require_open(team)
    errors: dict = {}
    title = (title or "").strip()
    if not title:
        errors.setdefault("title", []).append(_("Say what needs doing."))
    elif NUL in title or len(title) > 300:
        errors.setdefault("title", []).append(_("A task is at most 300 characters of plain text."))
    if owner is not None and not _may_own(owner, team):
        errors.setdefault("owner", []).append(_("Choose an owner from the team's companies."))
    if due_at is not None and timezone.is_naive(due_at):
        errors.setdefault("due_at", []).append(_("Give the due date with its time zone."))
    if errors:
        raise ValidationError(errors)
    return TeamTask.objects.create(team=team, title=title, owner=owner, due_at=due_at, created_by=actor)


@transaction.atomic
def set_task_done(*, actor: User, task: TeamTask, done: bool) -> TeamTask:
    require_room(actor, task.team)
    _require_open(task.team)
    task.done_at = timezone.now() if done else None
    task.save(update_fields=["done_at"])
    return task


@transaction.atomic
def upload_document(
    *, actor: User, team: BidTeam, file: UploadedFile | None, title: str = "", task: TeamTask | None = None
) -> TeamDocument:
    """A private document of the bid room; with `task`, the evidence that the task is done."""
    require_room(actor, team)
    _require_open(team)
    title, errors = documents.checked_upload(file, title)
    if task is not None and task.team_id != team.pk:
        errors.setdefault("task", []).append(_("Choose one of this team's tasks."))
    if errors:
        raise ValidationError(errors)
    assert file is not None
    document = TeamDocument(team=team, title=title, uploaded_by=actor, size=file.size or 0, task=task)
    documents.store(document, file)
    return document


@transaction.atomic
def post_message(*, actor: User, team: BidTeam, body: str) -> TeamMessage:
    require_room(actor, team)
    _require_open(team)
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": [_("Write a message first.")]})
    if NUL in body or len(body) > MAX_MESSAGE:
        raise ValidationError({"body": [_("A message is at most 5,000 characters of plain text.")]})
    return TeamMessage.objects.create(team=team, author=actor, body=body)
