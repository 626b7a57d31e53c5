"""Small builders for test data, going through the services where rules apply."""

import itertools
import time

from allauth.account.models import EmailAddress
from allauth.mfa import app_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.contrib.auth.models import Group
from django.core.cache import cache

from accelerator.accounts.models import User
from accelerator.companies import services
from accelerator.companies.models import CapabilityTag, Company, Membership, Segment, Standard, TechnologyArea

PASSWORD = "correct horse battery staple"
# The key of the authenticator app that tests give staff, reviewers and admins.
AUTHENTICATOR_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
_sequence = itertools.count(1)


def make_user(email: str | None = None, *, roles: tuple[str, ...] = (), **fields) -> User:
    email = email or f"person{next(_sequence)}@example.com"
    user = User.objects.create_user(email=email, password=PASSWORD, **fields)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    for role in roles:
        user.groups.add(Group.objects.get_or_create(name=role)[0])
    return user


def make_company(
    *,
    owner: User | None = None,
    legal_name: str | None = None,
    country: str = "US",
    segments: tuple[str, ...] = (),
    technology_areas: tuple[str, ...] = (),
    offers: tuple[str, ...] = (),
    needs: tuple[str, ...] = (),
    standards: tuple[str, ...] = (),
    trl: int | None = None,
    members: tuple[User, ...] = (),
    export_classification: str = "unknown",
    offers_text: str = "",
    needs_text: str = "",
    **fields,
) -> Company:
    fields.setdefault("size_band", "11-50")
    if not fields.get("description_ja"):
        fields.setdefault("description_en", "A space company.")
    company = services.create_company(
        owner=owner, legal_name=legal_name or f"Company {next(_sequence)} Inc.", country=country, **fields
    )
    services.update_capability_profile(
        company=company,
        segments=Segment.objects.filter(code__in=segments),
        technology_areas=TechnologyArea.objects.filter(code__in=technology_areas),
        offers=CapabilityTag.objects.filter(code__in=offers),
        needs=CapabilityTag.objects.filter(code__in=needs),
        standards=Standard.objects.filter(code__in=standards),
        trl=trl,
        export_classification=export_classification,
        offers_text=offers_text,
        needs_text=needs_text,
    )
    for member in members:
        Membership.objects.create(company=company, user=member, role=Membership.Role.MEMBER)
    return company


def give_authenticator(user: User, secret: str = AUTHENTICATOR_SECRET) -> Authenticator:
    """An activated authenticator app (TOTP) for `user`, as if they had set it up."""
    existing = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    return existing or TOTP.activate(user, secret).instance


def authenticator_code(user: User) -> str:
    """The code `user`'s authenticator app shows now, computed as the app does.

    The site accepts each code once, so when this period's code was used already the next
    period's (accepted a step early for clock drift) is given, or the next period awaited.
    """
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    secret = decrypt(authenticator.data["secret"])
    totp = TOTP(authenticator)
    while True:
        now = int(time.time()) // app_settings.TOTP_PERIOD
        for counter in (now, now + app_settings.TOTP_TOLERANCE):
            code = format_hotp_value(hotp_value(secret, counter))
            if cache.get(totp._get_used_cache_key(code)) is None:
                return code
        time.sleep(1)
