"""Mentor profiles: what a mentor knows and speaks, their capacity, pause and conflicts."""

import zoneinfo
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from accelerator.accounts.models import Role, User
from accelerator.companies.models import CapabilityTag, Company, Segment, TechnologyArea
from accelerator.permissions import is_program_staff

from ...models import Cohort, FunctionalExpertise, LanguageLevel, MentorAssignment, MentorConflict, MentorProfile


def _require_editor(mentor: User, by: User) -> None:
    if not (by.is_authenticated and (by.pk == mentor.pk or is_program_staff(by))):
        raise PermissionDenied(_("Only the mentor and program staff can edit a mentor profile."))
    if not (mentor.is_active and mentor.has_role(Role.MENTOR)):
        raise ValidationError(_("%(name)s does not hold the mentor role.") % {"name": mentor})


@transaction.atomic
def save_mentor_profile(
    *,
    mentor: User,
    by: User,
    country: str,
    time_zone: str,
    english: str,
    japanese: str,
    bio_en: str = "",
    bio_ja: str = "",
    capacity: int,
    is_paused: bool = False,
    meeting_url: str = "",
    segments: Iterable[Segment] = (),
    technology_areas: Iterable[TechnologyArea] = (),
    expertise: Iterable[CapabilityTag] = (),
    functional_expertise: Iterable[FunctionalExpertise] = (),
    invests_in: Iterable[Company] = (),
    advises: Iterable[Company] = (),
) -> MentorProfile:
    """Creates or updates `mentor`'s profile, with their declared conflicts.

    Capacity may not drop below the startups the mentor already has in a running cohort,
    and a conflict may not be declared with a startup they mentor: staff reassign it first.
    """
    _require_editor(mentor, by)
    errors: dict[str, list[str]] = {}
    if time_zone not in zoneinfo.available_timezones():
        errors["time_zone"] = [_("Choose a time zone from the list.")]
    for field, level in (("english", english), ("japanese", japanese)):
        if level not in LanguageLevel.values:
            errors[field] = [_("Choose a level from the list.")]
    working = (LanguageLevel.NATIVE, LanguageLevel.BUSINESS, LanguageLevel.BASIC)
    if english not in working and japanese not in working:
        errors["english"] = [_("Give your level in English, Japanese or both.")]
    if not (bio_en.strip() or bio_ja.strip()):
        errors["bio_en"] = [_("Write a short biography in English, Japanese or both.")]
    if "\x00" in bio_en + bio_ja + meeting_url:
        errors["bio_en"] = [_("The text holds a character that cannot be saved.")]
    if not isinstance(capacity, int) or not 1 <= capacity <= 10:
        errors["capacity"] = [_("Capacity is a number of startups from 1 to 10.")]
    invests_in, advises = list(invests_in), list(advises)
    both = {company.pk for company in invests_in} & {company.pk for company in advises}
    if both:
        errors["advises"] = [_("List each company once, as invested in or advised.")]
    if errors:
        raise ValidationError(errors)
    profile = MentorProfile.objects.select_for_update().filter(user=mentor).first()
    if profile is not None:
        loads = (
            MentorAssignment.objects.filter(mentor=profile, cohort__status=Cohort.Status.RUNNING)
            .values("cohort")
            .annotate(startups=Count("pk"))
            .order_by("-startups")
        )
        busiest = loads[0]["startups"] if loads else 0
        if capacity < busiest:
            raise ValidationError(
                {
                    "capacity": [
                        _("You mentor %(count)d startups in a running cohort; capacity cannot be lower.")
                        % {"count": busiest}
                    ]
                }
            )
        conflicted = [company.pk for company in invests_in + advises]
        assigned = MentorAssignment.objects.filter(
            mentor=profile, company_id__in=conflicted, cohort__status=Cohort.Status.RUNNING
        ).select_related("company")
        if assigned:
            raise ValidationError(
                {
                    "advises": [
                        _(
                            "You are assigned to %(company)s; "
                            "ask program staff to reassign it before declaring a conflict."
                        )
                        % {"company": assigned[0].company.display_name}
                    ]
                }
            )
    else:
        profile = MentorProfile(user=mentor)
    profile.country = country
    profile.time_zone = time_zone
    profile.english = english
    profile.japanese = japanese
    profile.bio_en = bio_en.strip()
    profile.bio_ja = bio_ja.strip()
    profile.capacity = capacity
    profile.is_paused = is_paused
    profile.meeting_url = meeting_url.strip()
    profile.full_clean(exclude=["user"])
    profile.save()
    profile.segments.set(segments)
    profile.technology_areas.set(technology_areas)
    profile.expertise.set(expertise)
    profile.functional_expertise.set(functional_expertise)
    profile.conflicts.all().delete()
    MentorConflict.objects.bulk_create(
        [
            MentorConflict(mentor=profile, company=c, relationship=MentorConflict.Relationship.INVESTS)
            for c in invests_in
        ]
        + [MentorConflict(mentor=profile, company=c, relationship=MentorConflict.Relationship.ADVISES) for c in advises]
    )
    return profile
