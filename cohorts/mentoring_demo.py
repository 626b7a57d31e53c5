"""Demo data for the mentor program: a running cohort with mentors from both countries.

Fourteen mentors with varied expertise, languages and zones; published assignments (a
U.S.-side and a Japan-side mentor per startup, from the stable matching); weekly office
hours; past sessions with logs and feedback, and sessions coming up. The demo founders'
companies take part, so that each founder login sees its mentors and the mentor login
sees its startups at once. Safe to run again: nothing is duplicated.
"""

import datetime as dt
import zoneinfo

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from accelerator.accounts.models import Role, User
from accelerator.companies.models import CapabilityTag, Company, OrganisationKind, Segment, TechnologyArea

from . import selectors
from .models import (
    Application,
    Cohort,
    FunctionalExpertise,
    MentorAssignment,
    MentoringGoal,
    MentorProfile,
    MentorSession,
    Milestone,
    OfficeHours,
    SessionFeedback,
    StatusChange,
)
from .services.cohorts import create_cohort
from .services.mentoring import matching

SLUG = "binational-2026-spring"
PASSWORD = "space-demo-2026"  # noqa: S105 - published in the README; refused with DEBUG off
FOUNDER_COMPANIES = ("Orbitworks Analytics Inc.", "Hoshizora SAR K.K.")

# email, name, country, zone, English, Japanese, capacity, functional expertise, capabilities, segments, bio
MENTORS = [
    ("mentor@demo.accelerator.example", "Jordan Ellis", "US", "America/Los_Angeles", "native", "basic", 3,
     ("us-federal-procurement", "fundraising"), ("us-market-access", "investment"), ("earth-observation", "space-data"),
     "Former Air Force program manager; helped a dozen startups win SBIR and Space Force contracts.", ""),
    ("mentor.rivera@demo.accelerator.example", "Elena Rivera", "US", "America/New_York", "native", "none", 3,
     ("export-control",), ("export-compliance",), ("components", "launch"),
     "Export-control counsel: ITAR registrations, EAR classification, TAAs for U.S.–Japan programs.", ""),
    ("mentor.chen@demo.accelerator.example", "Michael Chen", "US", "America/Chicago", "native", "business", 2,
     ("business-development-japan", "business-development-us"), ("sales-distribution", "japan-market-access"),
     ("satcom",), "Ran Asia-Pacific sales for a satellite operator from Tokyo for eight years.",
     "衛星通信事業者のアジア太平洋営業を東京で8年間統括。"),
    ("mentor.okafor@demo.accelerator.example", "Grace Okafor", "US", "America/Denver", "native", "none", 2,
     ("manufacturing-scale-up",), ("precision-manufacturing", "smallsat-bus"), ("components",),
     "Scaled a smallsat bus line from 4 to 60 units a year.", ""),
    ("mentor.brooks@demo.accelerator.example", "Nathan Brooks", "US", "America/New_York", "native", "none", 2,
     ("fcc-itu-licensing",), ("rf-payloads", "leo-broadband"), ("satcom", "ground-segment"),
     "Spectrum lawyer: FCC Part 25 licences and ITU filings for LEO constellations.", ""),
    ("mentor.harper@demo.accelerator.example", "Olivia Harper", "US", "America/Los_Angeles", "native", "none", 2,
     ("fundraising",), ("investment", "geospatial-ai"), ("space-data", "earth-observation"),
     "Partner at a space-focused venture fund; sits on five startup boards.", ""),
    ("mentor.walsh@demo.accelerator.example", "Daniel Walsh", "US", "America/New_York", "native", "none", 2,
     ("us-federal-procurement", "export-control"), ("systems-integration", "us-market-access"), ("ssa-sda",),
     "Twenty years at a prime contractor; capture manager for NASA and DoD space programs.", ""),
    ("mentor.yamamoto@demo.accelerator.example", "山本 誠", "JP", "Asia/Tokyo", "business", "native", 3,
     ("japan-government-procurement", "business-development-japan"), ("japan-market-access",),
     ("earth-observation", "launch"), "Former JAXA program manager; knows Japanese government procurement well.",
     "元JAXAプログラムマネージャー。官公庁調達と全省庁統一資格の実務に精通しています。"),
    ("mentor.suzuki@demo.accelerator.example", "鈴木 美咲", "JP", "Asia/Tokyo", "basic", "native", 2,
     ("japan-space-activities-act",), ("launch-integration",), ("launch", "in-space-servicing"), "",
     "内閣府で宇宙活動法の許可審査に携わった経験があります。打ち上げと軌道上サービスの規制対応を支援します。"),
    ("mentor.kato@demo.accelerator.example", "加藤 大輔", "JP", "Asia/Tokyo", "business", "native", 3,
     ("manufacturing-scale-up",), ("precision-manufacturing", "composite-structures"), ("components",),
     "Led mass production of satellite structures at a Japanese heavy-industry group.",
     "重工業グループで衛星構体の量産を指揮しました。"),
    ("mentor.tanaka@demo.accelerator.example", "田中 翔太", "JP", "Asia/Tokyo", "native", "native", 2,
     ("fundraising", "business-development-us"), ("investment", "us-market-access"), ("space-data",),
     "Raised three rounds for a Tokyo space startup and opened its U.S. office.",
     "東京の宇宙スタートアップで3回の資金調達を行い、米国拠点を立ち上げました。"),
    ("mentor.ito@demo.accelerator.example", "伊藤 由紀", "JP", "Asia/Tokyo", "business", "native", 2,
     ("export-control",), ("export-compliance",), ("components", "satcom"), "",
     "外為法・該非判定の実務家。日米共同開発の技術管理計画づくりを支援します。"),
    ("mentor.nakamura@demo.accelerator.example", "中村 健一", "JP", "Asia/Tokyo", "business", "native", 2,
     ("business-development-japan",), ("sales-distribution", "japan-market-access"), ("satcom", "ground-segment"),
     "Business development at a Japanese trading house, space and defence desk.",
     "総合商社の宇宙・防衛部門で事業開発を担当。"),
    ("mentor.kobayashi@demo.accelerator.example", "小林 あかり", "JP", "Asia/Tokyo", "native", "native", 2,
     ("fcc-itu-licensing", "japan-space-activities-act"), ("rf-payloads",), ("satcom",),
     "Spectrum coordination at a Japanese operator; ITU filings for Japan and the U.S.",
     "国内通信事業者で周波数調整とITU届出を担当。"),
]  # fmt: skip

LOGS = [
    ("Reviewed the export classification of the main product and the gaps before a U.S. partner can see drawings.",
     "Draft a technology control plan; list the EAR items in the bill of materials.",
     "The team underestimates the time a TAA takes."),
    ("Mapped the first three government buyers and the qualification each needs.",
     "Apply for the unified qualification; ask the program for an introduction to the prime.", ""),
    ("Walked through the pitch for a Series A with a cross-border angle.",
     "Rewrite the market slide with U.S. and Japan figures side by side.", "Strong founder; weak CFO function."),
]  # fmt: skip


def seed(stdout) -> None:
    with transaction.atomic():
        staff = User.objects.get(email="staff@demo.accelerator.example")
        cohort = _running_cohort(staff)
        profiles = [_mentor(*row) for row in MENTORS]
        for profile in profiles:
            _office_hours(profile)
        if not MentorAssignment.objects.filter(cohort=cohort).exists():
            matching.compute_suggestions(cohort=cohort, by=staff)
            matching.propose_assignments(cohort=cohort, by=staff)
            # The round was published when the program started: nobody is emailed again now.
            MentorAssignment.objects.filter(cohort=cohort).update(
                status=MentorAssignment.Status.PUBLISHED, published_at=timezone.now() - dt.timedelta(days=25)
            )
            _sessions(cohort, staff)
    stdout.write(
        f"Demo mentoring: {len(profiles)} mentors, "
        f"{MentorAssignment.objects.filter(cohort=cohort).count()} assignments in {cohort.name_en}, "
        f"{MentorSession.objects.filter(assignment__cohort=cohort).count()} sessions."
    )


def _running_cohort(staff: User) -> Cohort:
    cohort = Cohort.objects.filter(slug=SLUG).first()
    if cohort is None:
        now = timezone.now()
        cohort = create_cohort(
            slug=SLUG,
            name_en="Binational Cohort 2026 Spring",
            name_ja="日米コホート 2026年春期",
            description_en="The running cohort: twelve weeks of mentoring by a U.S. and a Japanese mentor per startup.",
            description_ja="実施中のコホート。各スタートアップに日米のメンターが1人ずつつく12週間のプログラムです。",
            status=Cohort.Status.RUNNING,
            program_starts_on=(now - dt.timedelta(days=30)).date(),
            program_ends_on=(now + dt.timedelta(days=54)).date(),
            opens_at=now - dt.timedelta(days=150),
            closes_at=now - dt.timedelta(days=100),
            seats=12,
        )
    startups = list(
        Company.objects.filter(kind=OrganisationKind.STARTUP, profile__trl__isnull=False)
        .exclude(legal_name__in=FOUNDER_COMPANIES)
        .order_by("-pk")
    )
    founders = list(Company.objects.filter(legal_name__in=FOUNDER_COMPANIES))
    us = [c for c in startups if c.country == "US"][:5]
    jp = [c for c in startups if c.country == "JP"][:5]
    for company in founders + us + jp:
        application, created = Application.objects.get_or_create(
            cohort=cohort,
            company=company,
            defaults={
                "status": Application.Status.ACCEPTED,
                "submitted_at": cohort.closes_at - dt.timedelta(days=3),
                "decided_at": cohort.closes_at + dt.timedelta(days=20),
                "decision_email_sent_at": cohort.closes_at + dt.timedelta(days=20),
            },
        )
        if created:
            started = application.submitted_at - dt.timedelta(days=12)
            Application.objects.filter(pk=application.pk).update(created_at=started, updated_at=application.decided_at)
            StatusChange.objects.create(
                application=application, status=Application.Status.SUBMITTED, created_at=application.submitted_at
            )
            StatusChange.objects.create(
                application=application, status=Application.Status.ACCEPTED, changed_by=staff,
                created_at=application.decided_at,
            )  # fmt: skip
    return cohort


def _mentor(email, name, country, zone, english, japanese, capacity, functional, tags, segments, bio_en, bio_ja):
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email, password=PASSWORD, display_name=name, time_zone=zone,
            preferred_language="ja" if country == "JP" and japanese == "native" and english != "native" else "en",
        )  # fmt: skip
        EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    user.groups.add(Group.objects.get_or_create(name=Role.MENTOR)[0])
    profile, created = MentorProfile.objects.get_or_create(
        user=user,
        defaults={
            "country": country,
            "time_zone": zone,
            "english": english,
            "japanese": japanese,
            "capacity": capacity,
            "bio_en": bio_en,
            "bio_ja": bio_ja,
            "meeting_url": f"https://meet.example/{email.split('@')[0].replace('.', '-')}",
        },
    )
    if created:
        profile.functional_expertise.set(FunctionalExpertise.objects.filter(code__in=functional))
        profile.expertise.set(CapabilityTag.objects.filter(code__in=tags))
        profile.segments.set(Segment.objects.filter(code__in=segments))
        areas = CapabilityTag.objects.filter(code__in=tags).values("technology_area")
        profile.technology_areas.set(TechnologyArea.objects.filter(pk__in=areas))
    return profile


def _office_hours(profile: MentorProfile) -> None:
    """Two weekly slots in the mentor's working day: Tuesday and Thursday mornings (or afternoons)."""
    hour = 9 if profile.side == "jp" else 16
    for weekday in (OfficeHours.Weekday.TUESDAY, OfficeHours.Weekday.THURSDAY):
        for start in (dt.time(hour, 0), dt.time(hour, 30)):
            OfficeHours.objects.get_or_create(
                mentor=profile, weekday=weekday, starts_at=start, defaults={"duration_minutes": 30}
            )


def _sessions(cohort: Cohort, staff: User) -> None:
    """Past sessions (most logged and rated) for most pairs, and a few booked in the coming weeks."""
    assignments = list(
        MentorAssignment.objects.filter(cohort=cohort).select_related("mentor__user", "company").order_by("pk")
    )
    now = timezone.now()
    taken: set[tuple[int, dt.datetime]] = set()
    for index, assignment in enumerate(assignments):
        member = User.objects.filter(memberships__company=assignment.company).order_by("pk").first()
        if index % 5 == 4:
            continue  # some pairs have not met yet: the dashboard shows them at risk
        for round_ in range(1 + index % 2):
            zone = zoneinfo.ZoneInfo(assignment.mentor.time_zone)
            day = (now - dt.timedelta(days=20 - 7 * round_ + index % 3)).astimezone(zone).date()
            starts = dt.datetime.combine(day, dt.time(10 if assignment.side == "jp" else 16, 0), tzinfo=zone)
            while (assignment.mentor_id, starts) in taken:
                starts -= dt.timedelta(days=1)
            taken.add((assignment.mentor_id, starts))
            notes, next_steps, private = LOGS[(index + round_) % len(LOGS)]
            session = MentorSession.objects.create(
                assignment=assignment, mentor=assignment.mentor, company=assignment.company,
                starts_at=starts, ends_at=starts + dt.timedelta(minutes=30), booked_by=member,
                agenda="Export control and first customers" if round_ == 0 else "Follow-up on next steps",
                notes=notes, next_steps=next_steps, private_notes=private, logged_at=starts + dt.timedelta(hours=2),
            )  # fmt: skip
            SessionFeedback.objects.create(
                session=session, role=SessionFeedback.Role.MENTOR, author=assignment.mentor.user,
                rating=4 + (index % 2), comment="Well prepared; clear questions.",
            )  # fmt: skip
            if member is not None and index % 3 != 2:
                SessionFeedback.objects.create(
                    session=session, role=SessionFeedback.Role.STARTUP, author=member,
                    rating=5 - (index % 3 == 1), comment="Concrete advice we could act on the same week.",
                )  # fmt: skip
        if index % 3 == 0:
            slots = selectors.open_slots(assignment.mentor)
            if slots:
                slot = slots[min(index % 4, len(slots) - 1)]
                MentorSession.objects.create(
                    assignment=assignment, mentor=assignment.mentor, company=assignment.company,
                    starts_at=slot.starts_at, ends_at=slot.ends_at, booked_by=member,
                    agenda="Prepare the meeting with the prime contractor",
                )  # fmt: skip
        if assignment.side == "us" and not MentoringGoal.objects.filter(company=assignment.company).exists():
            goal = MentoringGoal.objects.create(
                cohort=cohort, company=assignment.company, title="First paying customer across the Pacific",
                status=MentoringGoal.Status.IN_PROGRESS, created_by=member or staff,
            )  # fmt: skip
            Milestone.objects.create(goal=goal, title="Export classification confirmed", done_at=now)
            Milestone.objects.create(
                goal=goal, title="Pilot proposal sent", due_on=(now + dt.timedelta(days=21)).date()
            )
