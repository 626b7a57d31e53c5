"""Registrations buyers require, kept on a company's profile with evidence and dates; licences and TAAs of a team."""

import os
import re
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from accelerator.accounts.models import User
from accelerator.companies.models import Company
from accelerator.permissions import require_program_staff

from ..models import BidTeam, ExportAuthorisation, Registration, TeamMember
from ..permissions import may_edit_procurement_profile

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
UEI = re.compile(r"^[A-Z0-9]{12}$")
CORPORATE_NUMBER = re.compile(r"^\d{13}$")
ABN_WEIGHTS = (10, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19)


def valid_abn(value: str) -> bool:
    """The Australian Business Register's checksum: weighted digits (first one less 1) divide by 89."""
    if not re.fullmatch(r"\d{11}", value):
        return False
    digits = [int(c) for c in value]
    digits[0] -= 1
    return sum(d * w for d, w in zip(digits, ABN_WEIGHTS, strict=True)) % 89 == 0


def _identifier_errors(kind: str, identifier: str, grade: str) -> dict:
    errors: dict = {}
    if kind == Registration.Kind.SAM and not UEI.match(identifier):
        errors["identifier"] = [_("A UEI has 12 letters and digits.")]
    elif kind == Registration.Kind.CORPORATE_NUMBER and not CORPORATE_NUMBER.match(identifier):
        errors["identifier"] = [_("A corporate number (法人番号) has 13 digits.")]
    elif kind == Registration.Kind.ABN and not valid_abn(identifier):
        errors["identifier"] = [_("This is not a valid ABN: 11 digits whose check digits add up.")]
    elif not identifier:
        errors["identifier"] = [_("Give the qualification's number.")]
    if kind == Registration.Kind.UNIFIED_QUALIFICATION and grade not in ("A", "B", "C", "D"):
        errors["grade"] = [_("Choose grade A, B, C or D.")]
    elif kind != Registration.Kind.UNIFIED_QUALIFICATION and grade:
        errors["grade"] = [_("Only the unified qualification has a grade.")]
    return errors


@transaction.atomic
def save_registration(
    *,
    actor: User,
    company: Company,
    kind: str,
    identifier: str,
    grade: str = "",
    valid_from: date | None = None,
    expires_on: date | None = None,
    evidence: UploadedFile | None = None,
) -> Registration:
    """Records (or updates) one registration of `company`, with its evidence file."""
    if not may_edit_procurement_profile(actor, company):
        raise PermissionDenied(_("Only the company's owners edit its procurement details."))
    identifier = (identifier or "").strip().upper().replace(" ", "").replace("-", "")
    grade = (grade or "").strip().upper()
    errors: dict = {}
    if kind not in Registration.Kind.values:
        errors["kind"] = [_("Choose a registration from the list.")]
    else:
        errors.update(_identifier_errors(kind, identifier, grade))
    if valid_from and expires_on and expires_on < valid_from:
        errors["expires_on"] = [_("The registration cannot expire before it starts.")]
    if evidence is not None:
        if not evidence.size:
            errors["evidence"] = [_("Choose a file that is not empty.")]
        elif evidence.size > MAX_EVIDENCE_BYTES:
            errors["evidence"] = [_("Evidence can be at most 10 MB.")]
    if errors:
        raise ValidationError(errors)
    registration = Registration.objects.filter(company=company, kind=kind).first() or Registration(
        company=company, kind=kind
    )
    old_file = registration.evidence.name if registration.evidence else ""
    registration.identifier, registration.grade = identifier, grade
    registration.valid_from, registration.expires_on = valid_from, expires_on
    registration.recorded_by = actor
    if evidence is not None:
        name = get_valid_filename(os.path.basename((evidence.name or "").replace("\\", "/"))) or "evidence"
        registration.evidence_name = name[-200:]
        registration.evidence.save(name[-150:], evidence, save=False)
    registration.save()
    if evidence is not None and old_file:
        storage = registration.evidence.storage
        transaction.on_commit(lambda: storage.delete(old_file))
    return registration


@transaction.atomic
def record_authorisation(
    *,
    actor: User,
    team: BidTeam,
    member: TeamMember,
    kind: str,
    requested_on: date | None,
    reference: str = "",
    decision: str = ExportAuthorisation.Decision.PENDING,
    decided_on: date | None = None,
    expires_on: date | None = None,
    note: str = "",
    authorisation: ExportAuthorisation | None = None,
) -> ExportAuthorisation:
    """Program staff record a licence or TAA request for a named member, and later its decision."""
    require_program_staff(actor, _("Only program staff record licences and TAAs."))
    errors: dict = {}
    if member.team_id != team.pk or member.status != TeamMember.Status.ACCEPTED:
        errors["member"] = [_("Choose a company that is on this team.")]
    if kind not in ExportAuthorisation.Kind.values:
        errors["kind"] = [_("Choose a TAA or a licence.")]
    if decision not in ExportAuthorisation.Decision.values:
        errors["decision"] = [_("Choose a decision from the list.")]
    if requested_on is None:
        errors["requested_on"] = [_("Give the date it was requested.")]
    if decision != ExportAuthorisation.Decision.PENDING and decided_on is None:
        errors["decided_on"] = [_("Give the date of the decision.")]
    if decision == ExportAuthorisation.Decision.PENDING and decided_on is not None:
        errors["decided_on"] = [_("A request without a decision has no decision date.")]
    if requested_on and decided_on and decided_on < requested_on:
        errors["decided_on"] = [_("The decision cannot come before the request.")]
    reference, note = (reference or "").strip(), (note or "").strip()
    if "\x00" in reference + note or len(reference) > 100:
        errors["reference"] = [_("A reference is at most 100 characters of plain text.")]
    if errors or requested_on is None:
        raise ValidationError(errors)
    if authorisation is None and reference:
        # A decision recorded under the request's reference updates that request.
        authorisation = ExportAuthorisation.objects.filter(
            team=team, member=member, kind=kind, reference=reference
        ).first()
    authorisation = authorisation or ExportAuthorisation(team=team)
    authorisation.member, authorisation.kind, authorisation.reference = member, kind, reference
    authorisation.requested_on, authorisation.decision, authorisation.decided_on = requested_on, decision, decided_on
    authorisation.expires_on, authorisation.note, authorisation.recorded_by = expires_on, note, actor
    authorisation.save()
    return authorisation
