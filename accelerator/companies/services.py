"""Writes that matter for companies: creation, profiles, memberships and invitations."""

from collections.abc import Iterable, Mapping
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accelerator.accounts.models import Role, User
from accelerator.outbox.services import enqueue
from accelerator.permissions import require_program_staff

from .models import CapabilityProfile, Company, Invitation, Membership, ReadinessAnswer, ReadinessItem
from .signals import announce_profile_change

COMPANY_FIELDS = (
    "legal_name",
    "name_ja",
    "country",
    "kind",
    "website",
    "size_band",
    "founded_year",
    "description_en",
    "description_ja",
)


def is_owner(*, user: User, company: Company) -> bool:
    return user.is_authenticated and company.memberships.filter(user=user, role=Membership.Role.OWNER).exists()


def can_edit(*, user: User, company: Company) -> bool:
    """Owners edit their company; program staff and admins edit any company."""
    return user.is_authenticated and (user.is_program_staff or is_owner(user=user, company=company))


# Words the company URLs use for their own pages.
RESERVED_SLUGS = frozenset({"mine", "new", "invitations"})


def _unique_slug(name: str) -> str:
    base = slugify(name)[:70] or "company"
    slug, n = base, 2
    while slug in RESERVED_SLUGS or Company.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _check_description(values: Mapping) -> None:
    if not (values.get("description_en") or "").strip() and not (values.get("description_ja") or "").strip():
        raise ValidationError(
            {"description_en": _("Describe the company in English, Japanese or both.")}, code="description_required"
        )


@transaction.atomic
def create_company(*, owner: User | None, **fields) -> Company:
    """Creates a company with an empty capability profile, owned by `owner` when given.

    Staff creating a company for someone else pass no owner and invite one afterwards.
    """
    unknown = set(fields) - set(COMPANY_FIELDS)
    if unknown:
        raise TypeError(f"Unknown company fields: {sorted(unknown)}")
    _check_description(fields)
    company = Company(slug=_unique_slug(fields["legal_name"]), **fields)
    company.full_clean()
    company.save()
    CapabilityProfile.objects.create(company=company)
    if owner is not None:
        Membership.objects.create(company=company, user=owner, role=Membership.Role.OWNER)
        _grant_applicant_role(owner)
    return company


@transaction.atomic
def create_company_with_profile(
    *,
    owner: User | None,
    profile: Mapping[str, Any] | None = None,
    readiness: Mapping[str, int | str | None] | None = None,
    **fields: Any,
) -> Company:
    """Creates a company with its capability profile and readiness self-assessment, all or nothing."""
    company = create_company(owner=owner, **fields)
    _save_profile_and_readiness(company, profile, readiness)
    return company


@transaction.atomic
def update_company_with_profile(
    *,
    company: Company,
    profile: Mapping[str, Any] | None = None,
    readiness: Mapping[str, int | str | None] | None = None,
    **fields: Any,
) -> Company:
    """Changes a company, its capability profile and its self-assessment, all or nothing."""
    update_company(company=company, **fields)
    _save_profile_and_readiness(company, profile, readiness)
    return company


def _save_profile_and_readiness(
    company: Company, profile: Mapping[str, Any] | None, readiness: Mapping[str, int | str | None] | None
) -> None:
    if profile:
        update_capability_profile(company=company, **profile)
    if readiness:
        save_readiness_answers(company=company, scores=readiness)


def _grant_applicant_role(user: User) -> None:
    group, _created = Group.objects.get_or_create(name=Role.APPLICANT)
    user.groups.add(group)
    user.__dict__.pop("roles", None)


@transaction.atomic
def update_company(*, company: Company, **fields) -> Company:
    unknown = set(fields) - set(COMPANY_FIELDS)
    if unknown:
        raise TypeError(f"Unknown company fields: {sorted(unknown)}")
    merged = {name: getattr(company, name) for name in COMPANY_FIELDS} | fields
    _check_description(merged)
    for name, value in fields.items():
        setattr(company, name, value)
    company.full_clean()
    company.save()
    _announce_profile_change(company)
    return company


@transaction.atomic
def delete_company(*, company: Company, by: User) -> None:
    """Deletes a company with everything that belongs to it (program staff only).

    The company row is locked before its dependants are gathered: a match run storing
    suggestions that name the company either finishes first (and its rows are deleted
    with the company) or waits and then finds the company gone.
    """
    require_program_staff(by, _("Only program staff can delete a company."))
    locked = Company.objects.select_for_update().filter(pk=company.pk).first()
    if locked is None:
        return
    try:
        with transaction.atomic():
            locked.delete()
    except ProtectedError:
        raise ValidationError(
            _(
                "This company still owns council action items or mentoring records; "
                "reassign or close them before deleting the company."
            )
        ) from None


def _announce_profile_change(company: Company) -> None:
    # Inside the transaction: listeners record their follow-up work in the outbox with the change.
    announce_profile_change(company.pk)


@transaction.atomic
def update_capability_profile(
    *,
    company: Company,
    segments: Iterable | None = None,
    technology_areas: Iterable | None = None,
    offers: Iterable | None = None,
    needs: Iterable | None = None,
    standards: Iterable | None = None,
    **fields,
) -> CapabilityProfile:
    """Saves the capability and compliance profile. Relations given as None stay unchanged."""
    profile, _created = CapabilityProfile.objects.select_for_update().get_or_create(company=company)
    for name, value in fields.items():
        if not hasattr(profile, name) or name in {"company", "company_id"}:
            raise TypeError(f"Unknown profile field: {name}")
        setattr(profile, name, value)
    profile.full_clean()
    profile.save()
    relations = {
        "segments": segments,
        "technology_areas": technology_areas,
        "offers": offers,
        "needs": needs,
        "standards": standards,
    }
    for name, values in relations.items():
        if values is not None:
            getattr(profile, name).set(values)
    _announce_profile_change(company)
    return profile


@transaction.atomic
def save_readiness_answers(*, company: Company, scores: Mapping[str, int | str | None]) -> None:
    """Records the self-assessment: item code → score 1–5, or None to clear an answer."""
    items = {item.code: item for item in ReadinessItem.objects.all()}
    unknown = set(scores) - set(items)
    if unknown:
        raise ValidationError(_("Unknown readiness statements: %(codes)s") % {"codes": ", ".join(sorted(unknown))})
    for code, score in scores.items():
        if score is None or score == "":
            ReadinessAnswer.objects.filter(company=company, item=items[code]).delete()
            continue
        score = int(score)
        if not 1 <= score <= 5:
            raise ValidationError(_("Each answer must be between 1 and 5."))
        ReadinessAnswer.objects.update_or_create(company=company, item=items[code], defaults={"score": score})


@transaction.atomic
def invite_member(*, company: Company, invited_by: User, email: str, role: str = Membership.Role.MEMBER) -> Invitation:
    """Invites someone to the company by email; the email leaves after the commit."""
    if not can_edit(user=invited_by, company=company):
        raise PermissionDenied
    email = User.objects.normalize_email(email).strip()
    if company.memberships.filter(user__email__iexact=email).exists():
        raise ValidationError({"email": _("This person is already a member of the company.")})
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(company=company, email=email, role=role, invited_by=invited_by)
    except IntegrityError as error:
        raise ValidationError(
            {"email": _("An invitation to this address is already waiting for an answer.")}
        ) from error
    enqueue("accelerator.companies.tasks.send_invitation_email", invitation_id=invitation.pk)
    return invitation


@transaction.atomic
def accept_invitation(*, invitation: Invitation, user: User) -> Membership:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at:
        raise ValidationError(_("This invitation has already been used."))
    if invitation.is_expired:
        raise ValidationError(_("This invitation has expired. Ask the company owner for a new one."))
    if not EmailAddress.objects.filter(user=user, email__iexact=invitation.email, verified=True).exists() and (
        user.email.lower() != invitation.email.lower()
    ):
        raise ValidationError(
            _("This invitation was sent to %(email)s. Sign in with that address to accept it.")
            % {"email": invitation.email}
        )
    membership, _created = Membership.objects.get_or_create(
        company=invitation.company, user=user, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    _grant_applicant_role(user)
    return membership


@transaction.atomic
def cancel_invitation(*, invitation: Invitation, actor: User) -> None:
    if not can_edit(user=actor, company=invitation.company):
        raise PermissionDenied
    if invitation.accepted_at:
        raise ValidationError(_("This invitation has already been accepted."))
    invitation.delete()


@transaction.atomic
def remove_member(*, membership: Membership, actor: User) -> None:
    company = membership.company
    if not can_edit(user=actor, company=company):
        raise PermissionDenied
    owners = Membership.objects.select_for_update().filter(company=company, role=Membership.Role.OWNER)
    if membership.role == Membership.Role.OWNER and owners.count() <= 1:
        raise ValidationError(_("A company needs at least one owner. Make someone else an owner first."))
    membership.delete()


@transaction.atomic
def change_member_role(*, membership: Membership, actor: User, role: str) -> Membership:
    company = membership.company
    if not can_edit(user=actor, company=company):
        raise PermissionDenied
    if role not in Membership.Role.values:
        raise ValidationError(_("Unknown role."))
    owners = Membership.objects.select_for_update().filter(company=company, role=Membership.Role.OWNER)
    if membership.role == Membership.Role.OWNER and role != Membership.Role.OWNER and owners.count() <= 1:
        raise ValidationError(_("A company needs at least one owner. Make someone else an owner first."))
    membership.role = role
    membership.save(update_fields=["role"])
    return membership
