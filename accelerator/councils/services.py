"""Every write in councils: one function per action, in a transaction, enforcing the rules.

Services raise `ValidationError` (bad input, with messages in the user's language) and
`PermissionDenied` (not the council's secretariat, not a member); nothing is saved when
they do. Email goes through the outbox, after the change commits.
"""

import zoneinfo
from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accelerator import documents
from accelerator.accounts.models import User
from accelerator.companies.models import Company
from accelerator.outbox.services import enqueue
from accelerator.permissions import is_program_staff, require_program_staff

from . import selectors
from .models import (
    ActionItem,
    AgendaDocument,
    AgendaItem,
    Attendance,
    Council,
    CouncilMembership,
    Decision,
    Meeting,
    Milestone,
    Minute,
    MinuteVersion,
    Motion,
    Result,
    Vote,
)
from .permissions import can_update_action, is_council_person, is_secretariat, is_voting_member, require_secretariat

# Addresses that name sections of /councils/ and so cannot be a council's.
RESERVED_SLUGS = ("meetings", "documents", "decisions", "actions", "tracker", "secretariat", "new")
NUL = "\x00"


def _clean_text(errors: dict, **texts: str) -> dict[str, str]:
    cleaned = {}
    for name, value in texts.items():
        value = (value or "").strip()
        if NUL in value:
            errors.setdefault(name, []).append(_("Remove the null character from this text."))
        cleaned[name] = value
    return cleaned


def _require_one_language(errors: dict, cleaned: dict, stem: str) -> None:
    if not cleaned[f"{stem}_en"] and not cleaned[f"{stem}_ja"]:
        errors.setdefault(f"{stem}_en", []).append(_("Write it in English, Japanese or both."))


def _raise(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


def _zone(errors: dict, name: str) -> zoneinfo.ZoneInfo | None:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError):
        errors.setdefault("time_zone", []).append(_("Choose a time zone from the list."))
        return None


# --- Councils and their people ---------------------------------------------------------------


COUNCIL_FIELDS = ("slug", "name_en", "name_ja", "description_en", "description_ja", "visibility", "quorum")


def _council_fields(errors: dict, *, slug, name_en, name_ja, description_en, description_ja, visibility, quorum):
    cleaned = _clean_text(
        errors, name_en=name_en, name_ja=name_ja, description_en=description_en, description_ja=description_ja
    )
    _require_one_language(errors, cleaned, "name")
    if visibility not in Council.Visibility.values:
        errors.setdefault("visibility", []).append(_("Choose public or members only."))
    if not isinstance(quorum, int) or isinstance(quorum, bool) or not 1 <= quorum <= 500:
        errors.setdefault("quorum", []).append(_("The quorum is a whole number of members, at least 1."))
    return {**cleaned, "slug": slug, "visibility": visibility, "quorum": quorum}


@transaction.atomic
def create_council(
    *,
    actor: User,
    slug: str,
    name_en: str = "",
    name_ja: str = "",
    description_en: str = "",
    description_ja: str = "",
    visibility: str = Council.Visibility.PUBLIC,
    quorum: int = 3,
) -> Council:
    """A new council; the program staff member who creates it joins its secretariat."""
    require_program_staff(actor, _("Only program staff can create councils."))
    errors: dict = {}
    fields = _council_fields(
        errors,
        slug=slug,
        name_en=name_en,
        name_ja=name_ja,
        description_en=description_en,
        description_ja=description_ja,
        visibility=visibility,
        quorum=quorum,
    )
    if not slug or slug in RESERVED_SLUGS or Council.objects.filter(slug=slug).exists():
        errors.setdefault("slug", []).append(_("Choose another address: this one is taken or empty."))
    _raise(errors)
    council = Council(**fields)
    council.full_clean()
    council.save()
    CouncilMembership.objects.create(council=council, user=actor, role=CouncilMembership.Role.SECRETARIAT)
    return council


@transaction.atomic
def update_council(*, actor: User, council: Council, **changes) -> Council:
    require_secretariat(actor, council)
    errors: dict = {}
    current = {name: getattr(council, name) for name in COUNCIL_FIELDS}
    current.update({name: value for name, value in changes.items() if name in COUNCIL_FIELDS})
    fields = _council_fields(errors, **current)
    if fields["slug"] in RESERVED_SLUGS or Council.objects.filter(slug=fields["slug"]).exclude(pk=council.pk).exists():
        errors.setdefault("slug", []).append(_("Choose another address: this one is taken or empty."))
    _raise(errors)
    for name, value in fields.items():
        setattr(council, name, value)
    council.full_clean()
    council.save()
    return council


@transaction.atomic
def set_council_role(
    *, actor: User, council: Council, user: User, role: str, affiliation: str = ""
) -> CouncilMembership:
    """Adds `user` to the council in `role`, or changes their role. There is one chair."""
    require_secretariat(actor, council)
    if role not in CouncilMembership.Role.values:
        raise ValidationError({"role": [_("Choose chair, member, secretariat or observer.")]})
    if role == CouncilMembership.Role.SECRETARIAT and not is_program_staff(user):
        raise ValidationError({"role": [_("The secretariat is drawn from program staff.")]})
    if NUL in affiliation:
        raise ValidationError({"affiliation": [_("Remove the null character from this text.")]})
    Council.objects.select_for_update().get(pk=council.pk)
    if role == CouncilMembership.Role.CHAIR:
        other = council.memberships.filter(role=CouncilMembership.Role.CHAIR).exclude(user=user).first()
        if other is not None:
            raise ValidationError({"role": [_("%(name)s already chairs this council.") % {"name": other.user}]})
    membership, _created = CouncilMembership.objects.update_or_create(
        council=council, user=user, defaults={"role": role, "affiliation": affiliation.strip()}
    )
    return membership


@transaction.atomic
def remove_council_person(*, actor: User, membership: CouncilMembership) -> None:
    require_secretariat(actor, membership.council)
    if (
        membership.role == CouncilMembership.Role.SECRETARIAT
        and membership.council.memberships.filter(role=CouncilMembership.Role.SECRETARIAT).count() == 1
    ):
        raise ValidationError(_("A council keeps at least one person in its secretariat."))
    membership.delete()


# --- Meetings ---------------------------------------------------------------------------------


def _meeting_fields(errors: dict, *, title_en, title_ja, starts_at, ends_at, time_zone, place, online_url):
    cleaned = _clean_text(errors, title_en=title_en, title_ja=title_ja, place=place, online_url=online_url)
    _require_one_language(errors, cleaned, "title")
    _zone(errors, time_zone)
    for name, value in (("starts_at", starts_at), ("ends_at", ends_at)):
        if not isinstance(value, datetime) or timezone.is_naive(value):
            errors.setdefault(name, []).append(_("Give a date and time."))
    if not errors.get("starts_at") and not errors.get("ends_at") and ends_at <= starts_at:
        errors.setdefault("ends_at", []).append(_("The meeting must end after it starts."))
    return {**cleaned, "starts_at": starts_at, "ends_at": ends_at, "time_zone": time_zone}


@transaction.atomic
def schedule_meeting(
    *,
    actor: User,
    council: Council,
    starts_at: datetime,
    ends_at: datetime,
    time_zone: str,
    title_en: str = "",
    title_ja: str = "",
    place: str = "",
    online_url: str = "",
) -> Meeting:
    require_secretariat(actor, council)
    errors: dict = {}
    fields = _meeting_fields(
        errors,
        title_en=title_en,
        title_ja=title_ja,
        starts_at=starts_at,
        ends_at=ends_at,
        time_zone=time_zone,
        place=place,
        online_url=online_url,
    )
    if not errors and starts_at < timezone.now():
        errors.setdefault("starts_at", []).append(_("A new meeting cannot start in the past."))
    _raise(errors)
    meeting = Meeting(council=council, **fields)
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def update_meeting(*, actor: User, meeting: Meeting, **changes) -> Meeting:
    """Changes a meeting; once its agenda is published, members get the updated invitation."""
    require_secretariat(actor, meeting.council)
    names = ("title_en", "title_ja", "starts_at", "ends_at", "time_zone", "place", "online_url")
    current = {name: getattr(meeting, name) for name in names}
    current.update({name: value for name, value in changes.items() if name in names})
    errors: dict = {}
    fields = _meeting_fields(errors, **current)
    _raise(errors)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    for name, value in fields.items():
        setattr(meeting, name, value)
    meeting.full_clean()
    if meeting.is_published:
        meeting.sequence += 1
        enqueue("accelerator.councils.tasks.send_agenda", meeting_id=meeting.pk, sequence=meeting.sequence)
    meeting.save()
    return meeting


# --- Agenda -----------------------------------------------------------------------------------


def _overrun_error(meeting: Meeting, minutes: int) -> ValidationError:
    ends = meeting.starts_at + timedelta(minutes=minutes)
    return ValidationError(
        _(
            "The agenda would run to %(agenda_end)s, past the meeting's end at %(meeting_end)s. "
            "Shorten an item, or confirm that this item may run past the end."
        )
        % {
            "agenda_end": formats.time_format(timezone.localtime(ends, meeting.zone), "TIME_FORMAT"),
            "meeting_end": formats.time_format(timezone.localtime(meeting.ends_at, meeting.zone), "TIME_FORMAT")
            + f" {timezone.localtime(meeting.ends_at, meeting.zone).strftime('%Z')}",
        },
        code="overrun",
    )


def _check_fits(meeting: Meeting, item: AgendaItem, *, allow_overrun: bool) -> None:
    total = selectors.agenda_minutes(meeting, excluding=item) + item.duration_minutes
    if not allow_overrun and meeting.starts_at + timedelta(minutes=total) > meeting.ends_at:
        raise _overrun_error(meeting, total)


def _item_fields(
    errors: dict, *, title_en, title_ja, description_en, description_ja, duration_minutes, presenter_name
) -> dict:
    cleaned = _clean_text(
        errors,
        title_en=title_en,
        title_ja=title_ja,
        description_en=description_en,
        description_ja=description_ja,
        presenter_name=presenter_name,
    )
    _require_one_language(errors, cleaned, "title")
    if (
        not isinstance(duration_minutes, int)
        or isinstance(duration_minutes, bool)
        or not 1 <= duration_minutes <= 24 * 60
    ):
        errors.setdefault("duration_minutes", []).append(_("Give the duration in whole minutes, from 1 to 1440."))
    return {**cleaned, "duration_minutes": duration_minutes}


def _check_parent(errors: dict, meeting: Meeting, parent: AgendaItem | None, item: AgendaItem | None = None) -> None:
    if parent is None:
        return
    if parent.meeting_id != meeting.pk or parent.status != AgendaItem.Status.ACCEPTED:
        errors.setdefault("parent", []).append(_("Choose an item of this meeting's agenda."))
        return
    ancestor: AgendaItem | None = parent
    while item is not None and item.pk and ancestor is not None:
        if ancestor.pk == item.pk:
            errors.setdefault("parent", []).append(_("An item cannot be placed under itself."))
            return
        ancestor = ancestor.parent


def _next_order(meeting: Meeting, parent: AgendaItem | None) -> int:
    last = meeting.items.filter(parent=parent).aggregate(last=Max("order"))["last"]
    return (last or 0) + 1


@transaction.atomic
def add_agenda_item(
    *,
    actor: User,
    meeting: Meeting,
    duration_minutes: int,
    title_en: str = "",
    title_ja: str = "",
    description_en: str = "",
    description_ja: str = "",
    parent: AgendaItem | None = None,
    presenter: User | None = None,
    presenter_name: str = "",
    allow_overrun: bool = False,
) -> AgendaItem:
    """An item the secretariat puts on the agenda, last among its siblings."""
    require_secretariat(actor, meeting.council)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    errors: dict = {}
    fields = _item_fields(
        errors,
        title_en=title_en,
        title_ja=title_ja,
        description_en=description_en,
        description_ja=description_ja,
        duration_minutes=duration_minutes,
        presenter_name=presenter_name,
    )
    _check_parent(errors, meeting, parent)
    _raise(errors)
    item = AgendaItem(
        meeting=meeting,
        parent=parent,
        presenter=presenter,
        order=_next_order(meeting, parent),
        status=AgendaItem.Status.ACCEPTED,
        **fields,
    )
    _check_fits(meeting, item, allow_overrun=allow_overrun)
    item.save()
    return item


@transaction.atomic
def update_agenda_item(*, actor: User, item: AgendaItem, allow_overrun: bool = False, **changes) -> AgendaItem:
    require_secretariat(actor, item.meeting.council)
    meeting = Meeting.objects.select_for_update().get(pk=item.meeting_id)
    names = ("title_en", "title_ja", "description_en", "description_ja", "duration_minutes", "presenter_name")
    current = {name: getattr(item, name) for name in names}
    current.update({name: value for name, value in changes.items() if name in names})
    errors: dict = {}
    fields = _item_fields(errors, **current)
    parent = changes.get("parent", item.parent)
    _check_parent(errors, meeting, parent, item)
    _raise(errors)
    for name, value in fields.items():
        setattr(item, name, value)
    if "presenter" in changes:
        item.presenter = changes["presenter"]
    if parent != item.parent:
        item.parent = parent
        item.order = _next_order(meeting, parent)
    if item.status == AgendaItem.Status.ACCEPTED:
        _check_fits(meeting, item, allow_overrun=allow_overrun)
    item.save()
    return item


@transaction.atomic
def move_agenda_item(*, actor: User, item: AgendaItem, up: bool) -> AgendaItem:
    """Swaps `item` with the sibling before (up) or after it."""
    require_secretariat(actor, item.meeting.council)
    siblings = list(
        item.meeting.items.select_for_update()
        .filter(parent_id=item.parent_id, status=AgendaItem.Status.ACCEPTED)
        .order_by("order", "pk")
    )
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == item.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(siblings):
        siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings, start=1):
        if sibling.order != position:
            sibling.order = position
            sibling.save(update_fields=["order"])
    return item


@transaction.atomic
def remove_agenda_item(*, actor: User, item: AgendaItem) -> None:
    require_secretariat(actor, item.meeting.council)
    if item.motions.exists() or item.decisions.exists():
        raise ValidationError(_("This item has motions or decisions recorded against it and stays on the agenda."))
    item.delete()


@transaction.atomic
def propose_agenda_item(
    *,
    actor: User,
    meeting: Meeting,
    duration_minutes: int,
    title_en: str = "",
    title_ja: str = "",
    description_en: str = "",
    description_ja: str = "",
) -> AgendaItem:
    """A council member proposes an item; it waits for the secretariat's answer."""
    if not is_voting_member(actor, meeting.council):
        raise PermissionDenied(_("Only the council's chair and members can propose agenda items."))
    errors: dict = {}
    fields = _item_fields(
        errors,
        title_en=title_en,
        title_ja=title_ja,
        description_en=description_en,
        description_ja=description_ja,
        duration_minutes=duration_minutes,
        presenter_name="",
    )
    if meeting.starts_at <= timezone.now():
        errors.setdefault("__all__", []).append(_("This meeting has started; propose the item for a later one."))
    _raise(errors)
    item = AgendaItem(
        meeting=meeting,
        status=AgendaItem.Status.PENDING,
        proposed_by=actor,
        presenter=actor,
        order=_next_order(meeting, None),
        **fields,
    )
    item.save()
    return item


RESPONSES = {
    AgendaItem.Status.ACCEPTED: "accepted",
    AgendaItem.Status.DEFERRED: "deferred",
    AgendaItem.Status.RETURNED: "returned",
}


@transaction.atomic
def respond_to_proposal(
    *, actor: User, item: AgendaItem, response: str, reason: str = "", allow_overrun: bool = False
) -> AgendaItem:
    """The secretariat accepts a proposed item, defers it or returns it; the latter two need a reason."""
    require_secretariat(actor, item.meeting.council)
    item = AgendaItem.objects.select_for_update().select_related("meeting").get(pk=item.pk)
    if item.status != AgendaItem.Status.PENDING:
        raise ValidationError(_("This proposal has been answered already."))
    if response not in RESPONSES:
        raise ValidationError({"response": [_("Choose accept, defer or return.")]})
    reason = (reason or "").strip()
    if NUL in reason:
        raise ValidationError({"reason": [_("Remove the null character from this text.")]})
    if response != AgendaItem.Status.ACCEPTED and not reason:
        raise ValidationError({"reason": [_("Tell the member why: the reason is sent to them.")]})
    meeting = Meeting.objects.select_for_update().get(pk=item.meeting_id)
    if response == AgendaItem.Status.ACCEPTED:
        _check_fits(meeting, item, allow_overrun=allow_overrun)
        item.order = _next_order(meeting, None)
    item.status = response
    item.response_reason = reason
    item.responded_at = timezone.now()
    item.save()
    if item.proposed_by_id:
        enqueue("accelerator.councils.tasks.send_proposal_answer", item_id=item.pk)
    return item


@transaction.atomic
def add_document(*, actor: User, item: AgendaItem, title: str, file: UploadedFile) -> AgendaDocument:
    require_secretariat(actor, item.meeting.council)
    title, errors = documents.checked_upload(file, title)
    _raise(errors)
    document = AgendaDocument(item=item, title=title, uploaded_by=actor, size=file.size or 0)
    documents.store(document, file)
    return document


@transaction.atomic
def remove_document(*, actor: User, document: AgendaDocument) -> None:
    require_secretariat(actor, document.item.meeting.council)
    name = document.file.name
    storage = document.file.storage
    document.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def publish_agenda(*, actor: User, meeting: Meeting) -> Meeting:
    """Publishes the agenda; every person of the council gets it by email with an invitation."""
    require_secretariat(actor, meeting.council)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.ends_at <= timezone.now():
        raise ValidationError(_("This meeting is over; its agenda can no longer be published."))
    if not meeting.items.filter(status=AgendaItem.Status.ACCEPTED).exists():
        raise ValidationError(_("Add at least one item before publishing the agenda."))
    meeting.agenda_published_at = timezone.now()
    meeting.sequence += 1
    meeting.save(update_fields=["agenda_published_at", "sequence"])
    enqueue("accelerator.councils.tasks.send_agenda", meeting_id=meeting.pk, sequence=meeting.sequence)
    return meeting


# --- Attendance and minutes ---------------------------------------------------------------


@transaction.atomic
def record_attendance(*, actor: User, meeting: Meeting, user: User, status: str) -> Attendance:
    require_secretariat(actor, meeting.council)
    if status not in Attendance.Status.values:
        raise ValidationError({"status": [_("Choose present, online, apologies or absent.")]})
    if not is_council_person(user, meeting.council):
        raise ValidationError({"user": [_("%(name)s is not part of this council.") % {"name": user}]})
    attendance, _created = Attendance.objects.update_or_create(meeting=meeting, user=user, defaults={"status": status})
    return attendance


@transaction.atomic
def save_minute(
    *, actor: User, item: AgendaItem, text_en: str = "", text_ja: str = "", authoritative_language: str = "en"
) -> Minute:
    """Saves the minute of an item as a new version of the draft; approved minutes are final."""
    require_secretariat(actor, item.meeting.council)
    errors: dict = {}
    cleaned = _clean_text(errors, text_en=text_en, text_ja=text_ja)
    _require_one_language(errors, cleaned, "text")
    if authoritative_language not in ("en", "ja"):
        errors.setdefault("authoritative_language", []).append(_("Choose English or Japanese."))
    elif not errors and not cleaned[f"text_{authoritative_language}"]:
        errors.setdefault("authoritative_language", []).append(
            _("The authoritative language must be one the minute is written in.")
        )
    if item.status != AgendaItem.Status.ACCEPTED:
        errors.setdefault("__all__", []).append(_("Only items on the agenda have minutes."))
    _raise(errors)
    minute = Minute.objects.select_for_update().filter(item=item).first()
    if minute is None:
        minute = Minute(item=item, version=0)
    elif minute.status == Minute.Status.APPROVED:
        raise ValidationError(_("These minutes are approved and can no longer be changed."))
    minute.text_en, minute.text_ja = cleaned["text_en"], cleaned["text_ja"]
    minute.authoritative_language = authoritative_language
    minute.version += 1
    minute.save()
    MinuteVersion.objects.create(
        minute=minute,
        version=minute.version,
        text_en=minute.text_en,
        text_ja=minute.text_ja,
        authoritative_language=authoritative_language,
        saved_by=actor,
    )
    return minute


@transaction.atomic
def approve_minutes(*, actor: User, meeting: Meeting, at_meeting: Meeting) -> int:
    """Approves the draft minutes of `meeting` at a later meeting of the same council."""
    require_secretariat(actor, meeting.council)
    if at_meeting.council_id != meeting.council_id or at_meeting.starts_at <= meeting.starts_at:
        raise ValidationError({"at_meeting": [_("Minutes are approved at a later meeting of the same council.")]})
    drafts = selectors.minutes_of(meeting).select_for_update().filter(status=Minute.Status.DRAFT)
    if not drafts.exists():
        raise ValidationError(_("There are no draft minutes to approve."))
    return drafts.update(status=Minute.Status.APPROVED, approved_at=timezone.now(), approved_at_meeting=at_meeting)


# --- Motions and votes ----------------------------------------------------------------------


@transaction.atomic
def propose_motion(
    *, actor: User, item: AgendaItem, text_en: str = "", text_ja: str = "", moved_by: User | None = None
) -> Motion:
    require_secretariat(actor, item.meeting.council)
    errors: dict = {}
    cleaned = _clean_text(errors, text_en=text_en, text_ja=text_ja)
    _require_one_language(errors, cleaned, "text")
    if item.status != AgendaItem.Status.ACCEPTED:
        errors.setdefault("item", []).append(_("Choose an item of this meeting's agenda."))
    if moved_by is not None and not is_voting_member(moved_by, item.meeting.council):
        errors.setdefault("moved_by", []).append(_("A motion is moved by the chair or a member."))
    _raise(errors)
    return Motion.objects.create(meeting=item.meeting, item=item, moved_by=moved_by, **cleaned)


def _require_quorum(meeting: Meeting) -> None:
    figure = selectors.quorum(meeting)
    if not figure.met:
        raise ValidationError(
            _(
                "No quorum: %(present)d voting members are recorded as present and %(required)d are needed. "
                "Record the attendance first."
            )
            % {"present": figure.present, "required": figure.required},
            code="no_quorum",
        )


@transaction.atomic
def record_vote(*, actor: User, motion: Motion, member: User, choice: str) -> Vote:
    """Records one member's vote on an open motion; each member votes once, and only with a quorum."""
    require_secretariat(actor, motion.meeting.council)
    motion = Motion.objects.select_for_update().select_related("meeting__council").get(pk=motion.pk)
    if motion.outcome != Motion.Outcome.OPEN:
        raise ValidationError(_("Voting on this motion has closed."))
    if choice not in Vote.Choice.values:
        raise ValidationError({"choice": [_("Choose for, against or abstain.")]})
    if not is_voting_member(member, motion.meeting.council):
        raise ValidationError({"member": [_("%(name)s has no vote on this council.") % {"name": member}]})
    _require_quorum(motion.meeting)
    present = Attendance.objects.filter(
        meeting=motion.meeting, user=member, status__in=Attendance.PRESENT_STATUSES
    ).exists()
    if not present:
        raise ValidationError({"member": [_("%(name)s is not recorded as present.") % {"name": member}]})
    if motion.votes.filter(member=member).exists():
        raise ValidationError({"member": [_("%(name)s has already voted on this motion.") % {"name": member}]})
    try:
        with transaction.atomic():
            return Vote.objects.create(motion=motion, member=member, choice=choice, recorded_by=actor)
    except IntegrityError as error:
        message = _("%(name)s has already voted on this motion.") % {"name": member}
        raise ValidationError({"member": [message]}) from error


@transaction.atomic
def close_motion(*, actor: User, motion: Motion) -> Motion:
    """Counts the votes: a motion carries with more votes for than against (abstentions do not count)."""
    require_secretariat(actor, motion.meeting.council)
    motion = Motion.objects.select_for_update().select_related("meeting__council").get(pk=motion.pk)
    if motion.outcome != Motion.Outcome.OPEN:
        raise ValidationError(_("Voting on this motion has closed."))
    _require_quorum(motion.meeting)
    choices = list(motion.votes.values_list("choice", flat=True))
    if not choices:
        raise ValidationError(_("No votes are recorded on this motion yet."))
    motion.votes_for = choices.count(Vote.Choice.FOR)
    motion.votes_against = choices.count(Vote.Choice.AGAINST)
    motion.abstentions = choices.count(Vote.Choice.ABSTAIN)
    motion.outcome = Motion.Outcome.CARRIED if motion.votes_for > motion.votes_against else Motion.Outcome.DEFEATED
    motion.closed_at = timezone.now()
    motion.save()
    return motion


# --- Decisions, actions, results ------------------------------------------------------------


@transaction.atomic
def record_decision(
    *,
    actor: User,
    meeting: Meeting,
    text_en: str,
    text_ja: str,
    item: AgendaItem | None = None,
    motion: Motion | None = None,
    decided_on: date | None = None,
) -> Decision:
    """Enters a decision in the council's register, numbered in order, in both languages."""
    require_secretariat(actor, meeting.council)
    errors: dict = {}
    cleaned = _clean_text(errors, text_en=text_en, text_ja=text_ja)
    for language in ("en", "ja"):
        if not cleaned[f"text_{language}"]:
            errors.setdefault(f"text_{language}", []).append(
                _("The register keeps every decision in English and Japanese.")
            )
    if motion is not None:
        if motion.meeting_id != meeting.pk:
            errors.setdefault("motion", []).append(_("Choose a motion of this meeting."))
        elif motion.outcome != Motion.Outcome.CARRIED:
            errors.setdefault("motion", []).append(_("Only a motion that carried becomes a decision."))
        elif Decision.objects.filter(motion=motion).exists():
            errors.setdefault("motion", []).append(_("This motion is in the register already."))
        item = item or motion.item
    if item is not None and item.meeting_id != meeting.pk:
        errors.setdefault("item", []).append(_("Choose an item of this meeting's agenda."))
    decided_on = decided_on or timezone.localdate(meeting.starts_at, meeting.zone)
    _raise(errors)
    Council.objects.select_for_update().get(pk=meeting.council_id)
    number = (Decision.objects.filter(council_id=meeting.council_id).aggregate(last=Max("number"))["last"] or 0) + 1
    return Decision.objects.create(
        council_id=meeting.council_id,
        meeting=meeting,
        item=item,
        motion=motion,
        number=number,
        decided_on=decided_on,
        **cleaned,
    )


def _owner(errors: dict, owner_user: User | None, owner_company: Company | None) -> None:
    if (owner_user is None) == (owner_company is None):
        errors.setdefault("owner", []).append(_("Give the action one owner: a person or an organisation."))


@transaction.atomic
def add_action_item(
    *,
    actor: User,
    decision: Decision,
    due_on: date,
    title_en: str = "",
    title_ja: str = "",
    owner_user: User | None = None,
    owner_company: Company | None = None,
) -> ActionItem:
    require_secretariat(actor, decision.council)
    errors: dict = {}
    cleaned = _clean_text(errors, title_en=title_en, title_ja=title_ja)
    _require_one_language(errors, cleaned, "title")
    _owner(errors, owner_user, owner_company)
    if not isinstance(due_on, date):
        errors.setdefault("due_on", []).append(_("Give a due date."))
    elif due_on < decision.decided_on:
        errors.setdefault("due_on", []).append(_("An action cannot be due before the decision was taken."))
    _raise(errors)
    return ActionItem.objects.create(
        decision=decision, owner_user=owner_user, owner_company=owner_company, due_on=due_on, **cleaned
    )


@transaction.atomic
def update_action_item(
    *,
    actor: User,
    action: ActionItem,
    due_on: date | None = None,
    owner_user: User | None = None,
    owner_company: Company | None = None,
) -> ActionItem:
    """The secretariat moves the due date or hands the action to another owner; reminders start over."""
    require_secretariat(actor, action.decision.council)
    action = ActionItem.objects.select_for_update().get(pk=action.pk)
    errors: dict = {}
    if owner_user is not None or owner_company is not None:
        _owner(errors, owner_user, owner_company)
    if due_on is not None and due_on < action.decision.decided_on:
        errors.setdefault("due_on", []).append(_("An action cannot be due before the decision was taken."))
    _raise(errors)
    if owner_user is not None or owner_company is not None:
        action.owner_user, action.owner_company = owner_user, owner_company
        action.reminded_before_at = action.reminded_after_at = None
    if due_on is not None and due_on != action.due_on:
        action.due_on = due_on
        action.reminded_before_at = action.reminded_after_at = None
    action.save()
    return action


@transaction.atomic
def set_action_status(*, actor: User, action: ActionItem, status: str) -> ActionItem:
    """The owner (or the secretariat) moves an action along: not started, in progress, done, cancelled."""
    if not can_update_action(actor, action):
        raise PermissionDenied(_("Only the action's owner or the council's secretariat can update it."))
    if status not in ActionItem.Status.values:
        raise ValidationError({"status": [_("Choose not started, in progress, done or cancelled.")]})
    if status == ActionItem.Status.CANCELLED and not is_secretariat(actor, action.decision.council):
        raise PermissionDenied(_("Only the council's secretariat can cancel an action."))
    action = ActionItem.objects.select_for_update().get(pk=action.pk)
    now = timezone.now()
    if status in (ActionItem.Status.IN_PROGRESS, ActionItem.Status.DONE) and action.started_at is None:
        action.started_at = now
    action.completed_at = now if status in ActionItem.CLOSED else None
    action.status = status
    action.save()
    return action


@transaction.atomic
def add_result(
    *,
    actor: User,
    decision: Decision,
    title_en: str = "",
    title_ja: str = "",
    parent: Result | None = None,
    weight: int = 1,
    review_on: date | None = None,
) -> Result:
    require_secretariat(actor, decision.council)
    errors: dict = {}
    cleaned = _clean_text(errors, title_en=title_en, title_ja=title_ja)
    _require_one_language(errors, cleaned, "title")
    if not isinstance(weight, int) or isinstance(weight, bool) or not 1 <= weight <= 100:
        errors.setdefault("weight", []).append(_("The weight is a whole number from 1 to 100."))
    if parent is not None and parent.decision_id != decision.pk:
        errors.setdefault("parent", []).append(_("Choose a result of this decision."))
    if review_on is not None and review_on < decision.decided_on:
        errors.setdefault("review_on", []).append(_("The review date cannot come before the decision."))
    _raise(errors)
    return Result.objects.create(decision=decision, parent=parent, weight=weight, review_on=review_on, **cleaned)


@transaction.atomic
def record_progress(
    *, actor: User, result: Result, progress: int, status: str | None = None, review_on: date | None = None
) -> Result:
    """Records a result's progress in percent; a result made of parts takes its progress from them."""
    require_secretariat(actor, result.decision.council)
    result = Result.objects.select_for_update().get(pk=result.pk)
    errors: dict = {}
    if result.children.exists():
        errors.setdefault("progress", []).append(
            _("This result's progress is the weighted mean of its parts; record progress on the parts.")
        )
    elif not isinstance(progress, int) or isinstance(progress, bool) or not 0 <= progress <= 100:
        errors.setdefault("progress", []).append(_("Progress is a whole percentage from 0 to 100."))
    if status is not None and status not in Result.Status.values:
        errors.setdefault("status", []).append(_("Choose a status from the list."))
    _raise(errors)
    result.progress = progress
    if progress > 0 and result.first_progress_at is None:
        result.first_progress_at = timezone.now()
    if status is not None:
        result.status = status
    if review_on is not None and review_on != result.review_on:
        result.review_on = review_on
    result.save()
    return result


@transaction.atomic
def add_milestone(*, actor: User, result: Result, due_on: date, title_en: str = "", title_ja: str = "") -> Milestone:
    require_secretariat(actor, result.decision.council)
    errors: dict = {}
    cleaned = _clean_text(errors, title_en=title_en, title_ja=title_ja)
    _require_one_language(errors, cleaned, "title")
    if not isinstance(due_on, date):
        errors.setdefault("due_on", []).append(_("Give a date."))
    _raise(errors)
    return Milestone.objects.create(result=result, due_on=due_on, **cleaned)


@transaction.atomic
def reach_milestone(*, actor: User, milestone: Milestone, reached_on: date | None = None) -> Milestone:
    require_secretariat(actor, milestone.result.decision.council)
    milestone.reached_on = reached_on or timezone.localdate()
    milestone.save(update_fields=["reached_on"])
    return milestone
