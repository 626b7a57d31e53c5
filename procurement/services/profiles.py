"""A company's procurement details: the codes it works under and its registrations."""

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accelerator.accounts.models import User
from accelerator.companies.models import Company

from ..models import ProcurementProfile
from ..permissions import may_edit_procurement_profile

NAICS = re.compile(r"^\d{2,6}$")
PSC = re.compile(r"^[A-Z0-9]{4}$")
UEI = re.compile(r"^[A-Z0-9]{12}$")
CORPORATE_NUMBER = re.compile(r"^\d{13}$")


def _codes(text: str, pattern: re.Pattern, message: str) -> list[str]:
    codes = [code.strip().upper() for code in re.split(r"[,、\s]+", text or "") if code.strip()]
    wrong = [code for code in codes if not pattern.match(code)]
    if wrong:
        raise ValidationError(message % {"codes": ", ".join(wrong)})
    return list(dict.fromkeys(codes))[:50]


@transaction.atomic
def update_procurement_profile(
    *,
    user: User,
    company: Company,
    naics_codes: str = "",
    psc_codes: str = "",
    uei: str = "",
    corporate_number: str = "",
    unified_qualification_grade: str = "",
) -> ProcurementProfile:
    if not may_edit_procurement_profile(user, company):
        raise PermissionDenied(_("Only the company's owners edit its procurement details."))
    errors = {}
    values = {}
    for field, text, pattern, message in (
        ("naics_codes", naics_codes, NAICS, _("Not NAICS codes (two to six digits): %(codes)s")),
        ("psc_codes", psc_codes, PSC, _("Not product and service codes (four letters or digits): %(codes)s")),
    ):
        try:
            values[field] = _codes(text, pattern, message)
        except ValidationError as error:
            errors[field] = error.messages
    uei = (uei or "").strip().upper()
    if uei and not UEI.match(uei):
        errors["uei"] = [_("A UEI has 12 letters and digits.")]
    corporate_number = (corporate_number or "").strip()
    if corporate_number and not CORPORATE_NUMBER.match(corporate_number):
        errors["corporate_number"] = [_("A corporate number (法人番号) has 13 digits.")]
    if unified_qualification_grade not in ("", "A", "B", "C", "D"):
        errors["unified_qualification_grade"] = [_("Choose grade A, B, C or D.")]
    if errors:
        raise ValidationError(errors)
    profile, _created = ProcurementProfile.objects.update_or_create(
        company=company,
        defaults={
            **values,
            "uei": uei,
            "corporate_number": corporate_number,
            "unified_qualification_grade": unified_qualification_grade,
        },
    )
    return profile
