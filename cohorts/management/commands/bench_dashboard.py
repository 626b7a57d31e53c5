"""Times the staff dashboard and application table on a cohort of many applications.

Everything it builds lives in one transaction that is rolled back at the end.
"""

import random
import statistics
import time
from datetime import date, timedelta
from decimal import Decimal

from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Subquery
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accelerator.accounts.models import Role, User
from accelerator.companies.models import Company, ReadinessItem
from cohorts.models import Application, Message, ReadinessTally, Review, ReviewAssignment, rebuild_readiness_tally
from cohorts.services.cohorts import create_cohort

REVIEWERS = 6
RECOMMENDATIONS = [choice for choice, _label in Review.Recommendation.choices]
# A thread alternates the company and staff; one left on the company's turn awaits a reply.
THREAD = (
    "Does the demo day take place in Tokyo or online?",
    "In Tokyo, with a remote option for the U.S. teams.",
    "Thank you. Can our export-control lead join the kickoff?",
    "Yes; add them to your company page first.",
)


class Command(BaseCommand):
    help = "Builds a cohort with N submitted applications, times the staff dashboard and table, then removes it."

    def add_arguments(self, parser):
        parser.add_argument("--applications", type=int, default=5000)
        parser.add_argument("--repeat", type=int, default=20)
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off.")

    def handle(self, *args, applications: int, repeat: int, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "bench_dashboard writes to the database; refusing with DEBUG off. Use --force to insist."
            )
        if applications < 1 or repeat < 1:
            raise CommandError("--applications and --repeat must be at least 1.")
        hosts = [*settings.ALLOWED_HOSTS, "testserver"]
        with transaction.atomic(), override_settings(ALLOWED_HOSTS=hosts):
            cohort, staff = self.build(applications)
            self.analyse()
            client = Client()
            client.force_login(staff)
            self.pass_second_factor(client, staff)
            figures = {}
            for name, url in (
                ("dashboard", reverse("cohorts:dashboard", args=[cohort.slug])),
                ("list", reverse("cohorts:applications", args=[cohort.slug])),
            ):
                figures[name] = self.measure(client, url, repeat)
                median, p95, queries = figures[name]
                self.stdout.write(f"  {name}: median {median:.1f} ms, p95 {p95:.1f} ms, {queries} queries")
            transaction.set_rollback(True)
        self.stdout.write(
            f"applications={applications} "
            f"dashboard_median_ms={figures['dashboard'][0]:.1f} dashboard_p95_ms={figures['dashboard'][1]:.1f} "
            f"dashboard_queries={figures['dashboard'][2]} "
            f"list_median_ms={figures['list'][0]:.1f} list_p95_ms={figures['list'][1]:.1f} "
            f"list_queries={figures['list'][2]}"
        )

    @staticmethod
    def pass_second_factor(client: Client, staff: User) -> None:
        """The timed session has given its second factor, as a staff member's would have."""
        session = client.session
        session[AUTHENTICATION_METHODS_SESSION_KEY] = [{"method": "mfa", "type": "totp", "at": time.time()}]
        session[f"{AUTHENTICATION_METHODS_SESSION_KEY}_user"] = str(staff.pk)
        session.save()

    def analyse(self) -> None:
        """Plans the timed queries on statistics of the built cohort, as on a database that holds
        one, not on whatever the tables held before the run."""
        with connection.cursor() as cursor:
            for model in (Company, Application, ReviewAssignment, Review, Message, ReadinessTally):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")

    def measure(self, client: Client, url: str, repeat: int) -> tuple[float, float, int]:
        timings, queries = [], 0
        for _round in range(repeat):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url, secure=True)
                timings.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise CommandError(f"{url} answered {response.status_code}")
            queries = len(captured)
        timings.sort()
        p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
        return statistics.median(timings), p95, queries

    def build(self, count: int) -> tuple:
        rng = random.Random(2027)
        now = timezone.now()
        stamp = now.strftime("%Y%m%d%H%M%S%f")
        cohort = create_cohort(
            slug=f"bench-{stamp}",
            name_en="Benchmark cohort",
            name_ja="ベンチマーク用コホート",
            description_en="Built by bench_dashboard and rolled back.",
            description_ja="bench_dashboard が作成し、最後に取り消します。",
            status="reviewing",
            program_starts_on=date(2027, 4, 5),
            program_ends_on=date(2027, 6, 25),
            opens_at=now - timedelta(days=40),
            closes_at=now + timedelta(days=3),
            review_due_at=now + timedelta(days=10),
            seats=max(count // 20, 1),
        )
        criteria = list(cohort.criteria.all())
        items = list(ReadinessItem.objects.values_list("code", flat=True))
        staff = User.objects.create_user(email=f"bench-staff-{stamp}@example.com", display_name="Bench Staff")
        staff.groups.add(Group.objects.get_or_create(name=Role.STAFF)[0])
        reviewers = User.objects.bulk_create(
            User(email=f"bench-reviewer-{index}-{stamp}@example.com", display_name=f"Bench Reviewer {index}")
            for index in range(REVIEWERS)
        )
        countries = ["US"] * 9 + ["JP"] * 8 + ["DE", "FR", "GB"]
        companies = Company.objects.bulk_create(
            Company(
                legal_name=f"Bench Space {index:05d} {'K.K.' if country == 'JP' else 'Inc.'}",
                slug=f"bench-{stamp}-{index}",
                country=country,
                size_band="11-50",
                description_en="A company built for the dashboard benchmark.",
            )
            for index, country in ((index, rng.choice(countries)) for index in range(count))
        )
        statuses = [Application.Status.SUBMITTED] * 17 + [Application.Status.WITHDRAWN, Application.Status.DRAFT]
        pending = [""] * 6 + [choice for choice, _label in Application.Decision.choices]
        rows = []
        for company in companies:
            status = rng.choice(statuses)
            trl = rng.randint(3, 9)
            rows.append(
                Application(
                    cohort=cohort,
                    company=company,
                    company_country=company.country.code,
                    status=status,
                    submitted_at=None
                    if status == Application.Status.DRAFT
                    else now - timedelta(hours=rng.randint(1, 900)),
                    answers={"1": "We bring flight-proven hardware and a partner network across the Pacific."},
                    snapshot={
                        "taken_at": now.isoformat(),
                        "company": {
                            "legal_name": company.legal_name,
                            "name_ja": "",
                            "country": company.country.code,
                            "kind": "startup",
                        },
                        "profile": {"segments": ["earth-observation"], "technology_areas": ["tx08"], "trl": trl},
                        "readiness": {code: rng.randint(1, 5) for code in items},
                        "compliance": {"export_classification": "ear99"},
                    },
                    pending_decision=rng.choice(pending) if status == Application.Status.SUBMITTED else "",
                )
            )
        applications = Application.objects.bulk_create(rows, batch_size=1000)
        assignments, reviews = [], []
        for application in applications:
            if application.status == Application.Status.DRAFT:
                continue
            chosen = rng.sample(reviewers, 2)
            scores = []
            for reviewer in chosen:
                assignments.append(ReviewAssignment(application=application, cohort=cohort, reviewer=reviewer))
                if rng.random() < 0.8:
                    marks = {criterion.code: rng.randint(1, 5) for criterion in criteria}
                    weight = sum(criterion.weight for criterion in criteria)
                    score = sum(criterion.weight * marks[criterion.code] for criterion in criteria) / weight
                    scores.append(score)
                    reviews.append(
                        Review(
                            application=application,
                            reviewer=reviewer,
                            scores=marks,
                            recommendation=rng.choice(RECOMMENDATIONS),
                            weighted_score=round(score, 2),
                            submitted_at=now,
                        )
                    )
            if scores:
                application.review_count = len(scores)
                application.score_mean = round(sum(scores) / len(scores), 2)
                application.score_spread = round(max(scores) - min(scores), 2)
                application.disagreement_flagged = application.score_spread >= Decimal("1.5")
        messages = [
            Message(application=application, author=staff if turn % 2 else None, from_staff=bool(turn % 2), body=body)
            for application in applications
            if application.status != Application.Status.DRAFT and rng.random() < 0.4
            for turn, body in enumerate(THREAD[: rng.randint(1, len(THREAD))])
        ]
        ReviewAssignment.objects.bulk_create(assignments, batch_size=2000)
        Message.objects.bulk_create(messages, batch_size=2000)
        # bulk_create skips Message.save, which keeps each application's turn: set it here.
        last = Message.objects.filter(application=OuterRef("pk")).order_by("-created_at", "-id")
        Application.objects.filter(cohort=cohort).annotate(
            last_from_staff=Subquery(last.values("from_staff")[:1])
        ).filter(last_from_staff=False).update(awaiting_reply=True)
        # bulk_create skips Application.save, which keeps the readiness tally: count it here.
        rebuild_readiness_tally([cohort])
        Review.objects.bulk_create(reviews, batch_size=2000)
        # bulk_create skips Review.save, which marks the assignment of a submitted review: mark them here.
        submitted = Review.objects.filter(
            application=OuterRef("application"), reviewer=OuterRef("reviewer"), submitted_at__isnull=False
        )
        ReviewAssignment.objects.filter(application__cohort=cohort).filter(Exists(submitted)).update(
            review_submitted=True
        )
        Application.objects.bulk_update(
            applications, ["review_count", "score_mean", "score_spread", "disagreement_flagged"], batch_size=1000
        )
        return cohort, staff
