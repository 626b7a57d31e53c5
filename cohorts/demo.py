"""Demo cohorts for `seed_demo`: one open for applications, one in review.

The cohort in review has submitted applications from the demo startups of both
countries, reviewers assigned by load, and most reviews in, so that a new user sees a
live dashboard at once. The demo founders' own companies are left free to apply to the
open cohort.
"""

import random
from datetime import date, timedelta

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from accelerator.accounts.models import Role, User
from accelerator.companies.models import Company, OrganisationKind

from . import mentoring_demo
from .models import Application, Cohort, Question, Review, StatusChange
from .services.applications import company_snapshot
from .services.cohorts import create_cohort
from .services.reviews import auto_assign, save_review

STAFF_EMAIL = "staff@demo.accelerator.example"
FOUNDER_COMPANIES = ("Orbitworks Analytics Inc.", "Hoshizora SAR K.K.")

QUESTIONS = [
    (
        Question.Kind.LONG_TEXT,
        "What would a partner across the Pacific gain from working with you, in business terms?",
        "太平洋の向こう側のパートナーは、御社と組むことで事業上どのような価値を得られますか。",
        True,
        "",
        "",
    ),
    (
        Question.Kind.CHOICE,
        "Which market do you want to enter first?",
        "まずどの市場への参入を目指しますか。",
        True,
        "United States\nJapan\nThird countries",
        "米国\n日本\n第三国",
    ),
    (
        Question.Kind.SHORT_TEXT,
        "Who would lead the partnership on your side?",
        "御社側で提携を担当するのはどなたですか。",
        False,
        "",
        "",
    ),
    (
        Question.Kind.NUMBER,
        "How many people work on export control and contracts?",
        "輸出管理と契約を担当する人数は何人ですか。",
        False,
        "",
        "",
    ),
]

REVIEWERS = [
    ("reviewer@demo.accelerator.example", None),
    ("reviewer2@demo.accelerator.example", "Jamie Park"),
    ("reviewer3@demo.accelerator.example", "松本 健"),
]

COMMENTS = {
    "strong_accept": (
        "Clear value for a partner on the other side and export control already in hand.",
        "相手国のパートナーにとっての価値が明確で、輸出管理の準備も整っている。",
    ),
    "accept": (
        "Solid technology; the business case for a cross-border partner needs sharpening.",
        "技術は堅実。越境パートナーにとっての事業価値をもう少し具体化してほしい。",
    ),
    "unsure": (
        "Promising, but the team has no one for contracts or export control yet.",
        "有望だが、契約や輸出管理を担う人材がまだいない。",
    ),
    "reject": (
        "Too early: no customer evidence and no view of the partner market.",
        "時期尚早。顧客の裏付けも相手市場の見通しもない。",
    ),
}


def seed(stdout) -> None:
    """Creates (or refreshes) the demo cohorts; safe to run again."""
    with transaction.atomic():
        for email, name in REVIEWERS:
            _reviewer(email, name)
        startups = list(
            Company.objects.filter(kind=OrganisationKind.STARTUP, profile__trl__isnull=False)
            .exclude(legal_name__in=FOUNDER_COMPANIES)
            .order_by("pk")
        )
        open_cohort = _cohort(
            slug="binational-2027-spring",
            name_en="Binational Cohort 2027 Spring",
            name_ja="日米コホート 2027年春期",
            status=Cohort.Status.OPEN,
            opens_in=-14,
            closes_in=21,
            program_start=date.today() + timedelta(days=60),
            seats=12,
        )
        in_review = _cohort(
            slug="binational-2026-autumn",
            name_en="Binational Cohort 2026 Autumn",
            name_ja="日米コホート 2026年秋期",
            status=Cohort.Status.REVIEWING,
            opens_in=-60,
            closes_in=-10,
            program_start=date.today() + timedelta(days=30),
            seats=10,
        )
        us = [company for company in startups if company.country == "US"]
        jp = [company for company in startups if company.country == "JP"]
        other = [company for company in startups if company.country not in ("US", "JP")]
        applicants = us[:13] + jp[:13] + other[:2]
        for index, company in enumerate(applicants):
            _submitted(in_review, company, index, days_before_close=1 + index % 20)
        for index, company in enumerate(us[13:16] + jp[13:16]):
            _submitted(open_cohort, company, index, days_before_close=30 - index)
        auto_assign(cohort=in_review, by=User.objects.get(email=STAFF_EMAIL))
        _reviews(in_review)
    stdout.write(
        f"Demo cohorts: {open_cohort.name_en} (open, {open_cohort.applications.count()} applications), "
        f"{in_review.name_en} (in review, {in_review.applications.count()} applications, "
        f"{Review.objects.filter(application__cohort=in_review, submitted_at__isnull=False).count()} reviews)."
    )
    mentoring_demo.seed(stdout)


def _reviewer(email: str, display_name: str | None) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email,
            password=None,
            display_name=display_name or email,
            preferred_language="ja" if display_name and not display_name.isascii() else "en",
            time_zone="Asia/Tokyo" if display_name and not display_name.isascii() else "America/New_York",
        )
    user.groups.add(Group.objects.get_or_create(name=Role.REVIEWER)[0])
    return user


def _cohort(*, slug, name_en, name_ja, status, opens_in, closes_in, program_start, seats) -> Cohort:
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    fields = {
        "name_en": name_en,
        "name_ja": name_ja,
        "description_en": (
            "Twelve weeks for U.S. and Japanese space startups to build partnerships across the Pacific: "
            "business-value framing for partners, export-control and investment-screening clinics, "
            "mentors from both countries, and introductions to primes and agencies."
        ),
        "description_ja": (
            "日米の宇宙スタートアップが太平洋を越えたパートナーシップを築く12週間のプログラム。"
            "パートナーに伝わる事業価値の示し方、輸出管理・投資審査のクリニック、両国のメンター、"
            "プライムや政府機関への紹介を提供します。"
        ),
        "status": status,
        "program_starts_on": program_start,
        "program_ends_on": program_start + timedelta(weeks=12),
        "opens_at": now + timedelta(days=opens_in),
        "closes_at": now + timedelta(days=closes_in),
        "review_due_at": now + timedelta(days=closes_in + 17),
        "seats": seats,
        "min_share_us": 40,
        "min_share_jp": 40,
        "min_trl": 3,
        "reviewers_per_application": 2,
    }
    cohort = Cohort.objects.filter(slug=slug).first()
    if cohort is None:
        cohort = create_cohort(slug=slug, **fields)
    else:
        Cohort.objects.filter(pk=cohort.pk).update(**fields)
        cohort.refresh_from_db()
    if not cohort.questions.exists():
        Question.objects.bulk_create(
            Question(
                cohort=cohort,
                kind=kind,
                label_en=label_en,
                label_ja=label_ja,
                required=required,
                choices_en=choices_en,
                choices_ja=choices_ja,
                position=position,
            )
            for position, (kind, label_en, label_ja, required, choices_en, choices_ja) in enumerate(QUESTIONS, 1)
        )
    return cohort


def _answers(cohort: Cohort, company: Company, index: int) -> dict[str, str]:
    questions = list(cohort.questions.order_by("position"))
    profile = company.profile
    japanese = company.country == "JP" and not company.description_en
    pitch = (profile.offers_text or company.description) + (
        " 米国のプライムや政府機関の調達に参加し、日本発の実績を生かしたい。"
        if japanese
        else " A partner gains flight-proven capability and a route into the other market's procurement."
    )
    market = "Japan" if company.country == "US" else "United States"
    values = [pitch, market, "CEO" if index % 2 else "Head of business development", str(index % 3)]
    return {str(question.pk): value for question, value in zip(questions, values, strict=False)}


def _submitted(cohort: Cohort, company: Company, index: int, *, days_before_close: int) -> None:
    if Application.objects.filter(cohort=cohort, company=company).exists():
        return
    submitted_at = cohort.closes_at - timedelta(days=days_before_close, hours=index % 7)
    application = Application.objects.create(
        cohort=cohort,
        company=company,
        status=Application.Status.SUBMITTED,
        answers=_answers(cohort, company, index),
        snapshot=company_snapshot(company),
        submitted_at=submitted_at,
    )
    started_at = submitted_at - timedelta(days=3)
    # created_at is set on insert; the demo's drafts were started before they were submitted.
    Application.objects.filter(pk=application.pk).update(created_at=started_at, updated_at=submitted_at)
    StatusChange.objects.bulk_create(
        [
            StatusChange(application=application, status=Application.Status.DRAFT, created_at=started_at),
            StatusChange(application=application, status=Application.Status.SUBMITTED, created_at=submitted_at),
        ]
    )


def _reviews(cohort: Cohort) -> None:
    """Most reviews in, with scores that follow a company's maturity and readiness."""
    criteria = list(cohort.criteria.values_list("code", flat=True))
    applications = cohort.applications.filter(status=Application.Status.SUBMITTED).prefetch_related(
        "assignments__reviewer", "reviews"
    )
    for application in applications:
        done = {review.reviewer_id for review in application.reviews.all() if review.submitted_at}
        for position, assignment in enumerate(application.assignments.all()):
            if assignment.reviewer_id in done or (application.pk + position) % 5 == 0:
                continue  # a few reviews still outstanding
            chance = random.Random(application.pk * 10 + position)
            trl = application.snapshot.get("profile", {}).get("trl") or 5
            base = 2 + (trl >= 6) + (trl >= 8)
            scores = {code: max(1, min(5, base + chance.choice((-1, 0, 0, 1)))) for code in criteria}
            mean = sum(scores.values()) / len(scores)
            recommendation = (
                "strong_accept" if mean >= 4.2 else "accept" if mean >= 3.4 else "unsure" if mean >= 2.6 else "reject"
            )
            english, japanese = COMMENTS[recommendation]
            reviewer = assignment.reviewer
            save_review(
                application=application,
                reviewer=reviewer,
                scores=scores,
                comment=japanese if reviewer.preferred_language == "ja" else english,
                recommendation=recommendation,
                submit=True,
            )
