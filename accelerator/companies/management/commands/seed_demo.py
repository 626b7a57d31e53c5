"""Loads the demo data set: companies from both countries and one login per role."""

import contextlib
import hashlib
import inspect
import json
import random
from importlib import import_module

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.apps import apps
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils.module_loading import module_has_submodule
from django.utils.text import slugify

from accelerator.accounts.models import Role, User
from accelerator.accounts.second_factor import requires_second_factor
from accelerator.companies import demo_companies, demo_people, services
from accelerator.companies.demo_companies import (
    COMPANIES,
    NEED_TEXT_EN,
    NEED_TEXT_JA,
    OFFER_TEXT_EN,
    OFFER_TEXT_JA,
)
from accelerator.companies.models import (
    CapabilityTag,
    Company,
    Membership,
    ReadinessItem,
    Segment,
    Standard,
    TechnologyArea,
)
from accelerator.companies.signals import profile_changes_unannounced

DEMO_PASSWORD = "space-demo-2026"  # noqa: S105 - published in the README; refused with DEBUG off
# The demo's staff, admin and reviewer need a second factor: their authenticator app is
# seeded with this published key (add it to any TOTP app, or `oathtool --totp -b KEY`).
DEMO_TOTP_SECRET = "SPACEDEMOSPACEDEMOSPACEDEMOSPACE"  # noqa: S105 - published in the README

# email, display name, role group, language, time zone, is_staff, is_superuser
DEMO_USERS = [
    ("admin@demo.accelerator.example", "Alex Admin", None, "en", "America/New_York", True, True),
    ("staff@demo.accelerator.example", "Morgan Lee (program staff)", Role.STAFF, "en", "America/New_York", True, False),
    ("reviewer@demo.accelerator.example", "Ren Takahashi", Role.REVIEWER, "en", "Asia/Tokyo", False, False),
    ("mentor@demo.accelerator.example", "Jordan Ellis", Role.MENTOR, "en", "America/Los_Angeles", False, False),
    ("partner@demo.accelerator.example", "Casey Morgan", Role.PARTNER, "en", "America/New_York", False, False),
    ("council@demo.accelerator.example", "高橋 恵", Role.COUNCIL_MEMBER, "ja", "Asia/Tokyo", False, False),
    ("us-founder@demo.accelerator.example", "Dana Whitfield", Role.APPLICANT, "en", "America/New_York", False, False),
    ("jp-founder@demo.accelerator.example", "佐藤 花子", Role.APPLICANT, "ja", "Asia/Tokyo", False, False),
    ("member@demo.accelerator.example", "Sam Ortiz", Role.APPLICANT, "en", "America/Chicago", False, False),
]

# Which demo login belongs to which demo company, and how.
DEMO_MEMBERSHIPS = [
    ("partner@demo.accelerator.example", "Prime Meridian Space Systems Inc.", Membership.Role.OWNER),
    ("us-founder@demo.accelerator.example", "Orbitworks Analytics Inc.", Membership.Role.OWNER),
    ("member@demo.accelerator.example", "Orbitworks Analytics Inc.", Membership.Role.MEMBER),
    ("jp-founder@demo.accelerator.example", "Hoshizora SAR K.K.", Membership.Role.OWNER),
]

COMPLIANCE = {
    "itar": {
        "itar_registered": True,
        "export_classification": "itar",
        "classification_detail": "USML XV(e)",
        "has_technology_control_plan": True,
        "cfius_sensitivity": "yes",
        "fefta_sensitivity": "unknown",
    },
    "ear": {
        "itar_registered": False,
        "export_classification": "ear",
        "classification_detail": "ECCN 9A515.x",
        "cfius_sensitivity": "yes",
        "fefta_sensitivity": "unknown",
    },
    "ear99": {
        "itar_registered": False,
        "export_classification": "ear99",
        "classification_detail": "",
        "has_technology_control_plan": False,
        "cfius_sensitivity": "no",
        "fefta_sensitivity": "no",
    },
    "jp": {
        "itar_registered": False,
        "export_classification": "not_us",
        "classification_detail": "",
        "has_technology_control_plan": False,
        "cfius_sensitivity": "unknown",
    },
    "unknown": {
        "itar_registered": False,
        "export_classification": "unknown",
        "classification_detail": "",
        "has_technology_control_plan": False,
        "cfius_sensitivity": "unknown",
        "fefta_sensitivity": "unknown",
    },
}

HARDWARE_SEGMENTS = {"launch", "components", "in-space-servicing", "lunar-exploration"}


def _in_a_sentence(name: str) -> str:
    """'Ground station services' → 'ground station services'; acronyms such as 'SAR' stay."""
    return name[0].lower() + name[1:] if name[1:2].islower() else name


class Command(BaseCommand):
    help = "Loads demo companies from the U.S., Japan and third countries, and one login per role."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off.")
        parser.add_argument(
            "--skip-if-seeded",
            action="store_true",
            help="Do nothing when this database already holds this version of the demo data (`make run`).",
        )

    def handle(self, *args, force: bool = False, skip_if_seeded: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates logins with a published password; refusing with DEBUG off. Use --force to insist."
            )
        fingerprint = self.fingerprint()
        if skip_if_seeded and self.seeded_version() == fingerprint:
            self.stdout.write("Demo data already loaded and current; nothing to do.")
            return
        self.password = make_password(DEMO_PASSWORD)
        # One full match run follows the load (`manage.py match_all`), instead of one per company.
        with profile_changes_unannounced(), transaction.atomic():
            self.taxonomy = {
                "segments": {term.code: term for term in Segment.objects.all()},
                "areas": {term.code: term for term in TechnologyArea.objects.all()},
                "tags": {term.code: term for term in CapabilityTag.objects.all()},
                "standards": {term.code: term for term in Standard.objects.all()},
            }
            self.items = list(ReadinessItem.objects.all())
            companies = {}
            for index, row in enumerate(COMPANIES, start=1):
                company = self.seed_company(index, row)
                companies[company.legal_name] = company
                if index % 10 == 0 or index == len(COMPANIES):
                    self.stdout.write(f"  companies {index}/{len(COMPANIES)}")
            users = {row[0]: self.seed_user(*row) for row in DEMO_USERS}
            for email, legal_name, role in DEMO_MEMBERSHIPS:
                Membership.objects.update_or_create(
                    company=companies[legal_name], user=users[email], defaults={"role": role}
                )
            self.seed_people(companies)
        self.print_summary()
        self.seed_apps()
        self.record_version(fingerprint)

    def seed_people(self, companies: dict[str, Company]) -> None:
        """Every demo company without a demo login gets members of its own, who receive its email."""
        with_logins = {legal_name for _email, legal_name, _role in DEMO_MEMBERSHIPS}
        for index, (legal_name, _ja, country, *_rest) in enumerate(COMPANIES, start=1):
            if legal_name in with_logins:
                continue
            for person in demo_people.people_of(index, legal_name, country):
                user = self.seed_user(
                    person.email, person.display_name, None, person.language, person.time_zone, False, False
                )
                role = Membership.Role.OWNER if person.owner else Membership.Role.MEMBER
                Membership.objects.update_or_create(company=companies[legal_name], user=user, defaults={"role": role})

    # `make run` calls this command on every start: a database seeded from the same demo
    # sources is left alone, so that a restart serves in seconds.

    @staticmethod
    def version_file():
        return settings.DEMO_SEED_RECORD

    def fingerprint(self) -> str:
        sources = [inspect.getsource(module) for module in (import_module(__name__), demo_companies, demo_people)]
        sources += [inspect.getsource(import_module(f"{config.name}.demo")) for config in self.demo_apps()]
        return hashlib.sha256("\n".join(sources).encode()).hexdigest()

    @staticmethod
    def database_key() -> str:
        db = connection.settings_dict
        return f"{connection.vendor}:{db.get('HOST') or ''}:{db.get('PORT') or ''}:{db['NAME']}"

    def seeded_version(self) -> str | None:
        try:
            versions = json.loads(self.version_file().read_text())
        except (OSError, ValueError):
            return None
        # The file outlives a deleted database: the demo admin must be there too.
        if not User.objects.filter(email=DEMO_USERS[0][0]).exists():
            return None
        return versions.get(self.database_key())

    def record_version(self, fingerprint: str) -> None:
        try:
            versions = json.loads(self.version_file().read_text())
        except (OSError, ValueError):
            versions = {}
        versions[self.database_key()] = fingerprint
        # A read-only checkout seeds again next time; nothing else changes.
        with contextlib.suppress(OSError):
            self.version_file().write_text(json.dumps(versions, indent=2))

    @staticmethod
    def demo_apps() -> list:
        return [
            config
            for config in apps.get_app_configs()
            if "site-packages" not in config.path and module_has_submodule(config.module, "demo")
        ]

    def seed_apps(self) -> None:
        """Each domain app with a `demo` module adds its own demo data on top of the companies."""
        for config in self.demo_apps():
            import_module(f"{config.name}.demo").seed(self.stdout)

    def seed_company(self, index: int, row: tuple) -> Company:
        (
            legal_name,
            name_ja,
            country,
            size_band,
            founded_year,
            segments,
            areas,
            offers,
            needs,
            trl,
            compliance,
            tagline_en,
            tagline_ja,
        ) = row
        fields = {
            "legal_name": legal_name,
            "name_ja": name_ja,
            "country": country,
            "website": f"https://{slugify(legal_name)}.example",
            "size_band": size_band,
            "kind": "corporate" if size_band == "1000+" else "startup",
            "founded_year": founded_year,
            "description_en": tagline_en,
            "description_ja": tagline_ja,
        }
        company = Company.objects.filter(slug=slugify(legal_name)).first()
        if company is None:
            company = services.create_company(owner=None, **fields)
        else:
            services.update_company(company=company, **fields)

        japanese_only = country == "JP" and not tagline_en
        tags = self.taxonomy["tags"]
        offer_names = [tags[code].name_ja if japanese_only else _in_a_sentence(tags[code].name_en) for code in offers]
        need_names = [tags[code].name_ja if japanese_only else _in_a_sentence(tags[code].name_en) for code in needs]
        separator = "、" if japanese_only else ", "
        profile = dict(COMPLIANCE[compliance])
        if compliance == "ear":
            profile["has_technology_control_plan"] = index % 2 == 0
        if compliance == "jp":
            profile["fefta_sensitivity"] = "yes" if set(segments) & HARDWARE_SEGMENTS else "no"
        if compliance == "itar" and index % 3 == 0:
            profile["licences_held"] = "TAA with a European integrator (2023); DSP-5 for test hardware."
        elif compliance == "ear" and index % 3 == 0:
            profile["licences_held"] = "Licence for 9A515 components to Japan and Australia."
        else:
            profile["licences_held"] = ""
        services.update_capability_profile(
            company=company,
            segments=[self.taxonomy["segments"][code] for code in segments],
            technology_areas=[self.taxonomy["areas"][code] for code in areas],
            offers=[tags[code] for code in offers],
            needs=[tags[code] for code in needs],
            standards=[self.taxonomy["standards"][code] for code in self.standards_for(country, segments, compliance)],
            offers_text=(
                (OFFER_TEXT_JA if japanese_only else OFFER_TEXT_EN).format(offers=separator.join(offer_names))
                if offers
                else ""
            ),
            needs_text=(
                (NEED_TEXT_JA if japanese_only else NEED_TEXT_EN).format(needs=separator.join(need_names))
                if needs
                else ""
            ),
            trl=trl,
            certifications_text="",
            **profile,
        )
        services.save_readiness_answers(company=company, scores=self.readiness_for(index, country, bool(segments)))
        return company

    @staticmethod
    def standards_for(country: str, segments: tuple, compliance: str) -> list[str]:
        if not segments:
            return []
        codes = ["iso-9001"]
        if set(segments) & HARDWARE_SEGMENTS:
            codes += ["as9100", "jaxa-jerg" if country == "JP" else "nasa-std"]
        if compliance == "itar":
            codes.append("mil-std")
        if {"space-data", "ground-segment"} & set(segments):
            codes += ["iso-27001", "ccsds"]
        if "ssa-sda" in segments or "in-space-servicing" in segments:
            codes.append("iso-24113")
        return codes

    def readiness_for(self, index: int, country: str, has_profile: bool) -> dict[str, int | None]:
        """Answers shaped like the study: Japanese firms agree they are market-ready far
        more often than they say they have the people, legal capacity and money for it."""
        if not has_profile:
            return {item.code: None for item in self.items}
        chance = random.Random(index)
        scores = {}
        for item in self.items:
            if country == "JP":
                low, high = (3, 5) if item.kind == ReadinessItem.Kind.MARKET else (1, 3)
            elif country == "US":
                low, high = (2, 5)
            else:
                low, high = (2, 4)
            scores[item.code] = chance.randint(low, high)
        return scores

    def seed_user(self, email, display_name, role, language, time_zone, is_staff, is_superuser) -> User:
        user, _created = User.objects.update_or_create(
            email=email,
            defaults={
                "display_name": display_name,
                "preferred_language": language,
                "time_zone": time_zone,
                "is_staff": is_staff,
                "is_superuser": is_superuser,
                "is_active": True,
            },
        )
        # One hash for every demo login: hashing the published password per person is slow.
        user.password = self.password
        user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
        if role:
            user.groups.add(Group.objects.get_or_create(name=role)[0])
        if requires_second_factor(user) and not Authenticator.objects.filter(user=user, type="totp").exists():
            TOTP.activate(user, DEMO_TOTP_SECRET)
        return user

    def print_summary(self) -> None:
        counts = {code: Company.objects.filter(country=code).count() for code in ("US", "JP")}
        other = Company.objects.exclude(country__in=["US", "JP"]).count()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo companies: {counts['US']} U.S., {counts['JP']} Japanese, {other} other countries."
            )
        )
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for email, _name, role, *_rest in DEMO_USERS:
            label = Role(role).label if role else "admin"
            self.stdout.write(f"  {email:<40} {label}")
        self.stdout.write(
            f"Admin, staff and reviewer also give an authenticator code: add the key {DEMO_TOTP_SECRET} "
            "to an authenticator app (or run `oathtool --totp -b` with it)."
        )
