"""Times mentor matching the way staff wait for it, on a running cohort of synthetic startups and mentors.

It builds the cohort in the database (startups with capability profiles, mentors with
expertise, languages, zones, capacity and a few conflicts), then times the two staff
actions end to end, database reads and writes included: computing the shortlists, and
proposing the stable assignments within capacity, one U.S.- and one Japan-side mentor per
startup (the proposal is searched for a blocking pair and its loads counted as part of
it). Everything it builds lives in one transaction that is rolled back at the end.
"""

import os
import time
from datetime import timedelta

import numpy as np
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from accelerator.accounts.models import Role, User
from accelerator.companies.models import CapabilityProfile, Company
from cohorts import selectors
from cohorts.models import (
    Application,
    MentorAssignment,
    MentorConflict,
    MentorInterest,
    MentorProfile,
    MentorSuggestion,
    StartupRanking,
)
from cohorts.services.cohorts import create_cohort
from cohorts.services.mentoring import matching
from matchmaking import synthetic

US_ZONES = ("America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles")
LEVELS = ("native", "business", "basic", "none")


class Command(BaseCommand):
    help = (
        "Build a running cohort of synthetic startups and mentors (half U.S., half Japan), time computing the "
        "shortlists and proposing the stable assignments within capacity, database included; then roll it back."
    )

    def add_arguments(self, parser):
        parser.add_argument("--startups", type=int, default=2000)
        parser.add_argument("--mentors", type=int, default=500)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off.")

    def handle(self, *args, startups: int, mentors: int, seed: int, force: bool = False, **options):
        if startups < 1 or mentors < 2:
            raise CommandError("--startups must be at least 1 and --mentors at least 2.")
        if not settings.DEBUG and not force:
            raise CommandError(
                "bench_mentor_matching writes to the database; refusing with DEBUG off. Use --force to insist."
            )
        with transaction.atomic():
            started = time.perf_counter()
            cohort, staff = self.build(startups, mentors, seed)
            self.analyse()
            # Mentors already in the database (the demo's, say) take part like the synthetic ones.
            pool = selectors.active_mentors()
            capacity = sum(pool.values_list("capacity", flat=True))
            self.stdout.write(
                f"{startups} synthetic startups, {pool.count()} active mentors ({mentors} synthetic), "
                f"capacity {capacity} places (built in {time.perf_counter() - started:.1f}s)"
            )
            started, cpu = time.perf_counter(), time.process_time()
            suggested = matching.compute_suggestions(cohort=cohort, by=staff)
            suggest_s, suggest_cpu = time.perf_counter() - started, time.process_time() - cpu
            self.stdout.write(
                f"  shortlists: {suggested} suggestions in {suggest_s:.2f}s (this process's CPU {suggest_cpu:.2f}s)"
            )
            self.rank_and_mark_interest(cohort, seed)
            started, cpu = time.perf_counter(), time.process_time()
            proposal = matching.propose_assignments(cohort=cohort, by=staff)
            match_s, match_cpu = time.perf_counter() - started, time.process_time() - cpu
            written = MentorAssignment.objects.filter(cohort=cohort).count()
            both = int(((proposal.us >= 0) & (proposal.japan >= 0)).sum())
            self.stdout.write(
                f"  proposal: {written} assignments written, {both} startups with a mentor from each side, "
                f"in {match_s:.2f}s (this process's CPU {match_cpu:.2f}s)"
            )
            # Wall time counts whatever else the machine runs; the load says how much that was.
            self.stdout.write(
                f"  load average over the last minute: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
            )
            transaction.set_rollback(True)
        self.stdout.write(f"suggest_s={suggest_s:.3f}")
        self.stdout.write(
            f"startups={startups} mentors={mentors} match_s={match_s:.3f} "
            f"stable={proposal.stable} capacity_ok={proposal.capacity_ok}"
        )

    def analyse(self) -> None:
        """Plans the timed queries on statistics of the built cohort, as on a database that holds one."""
        with connection.cursor() as cursor:
            for model in (Company, Application, MentorProfile, MentorConflict, User):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")

    def build(self, startups: int, mentors: int, seed: int):
        chance = np.random.default_rng(seed)
        base = synthetic.profiles(startups + mentors, seed=seed)
        stamp = timezone.now().strftime("%Y%m%d%H%M%S%f")
        today = timezone.localdate()
        cohort = create_cohort(
            slug=f"bench-mentors-{stamp}",
            name_en="Benchmark cohort",
            name_ja="ベンチマーク用コホート",
            description_en="Built by bench_mentor_matching and rolled back.",
            description_ja="bench_mentor_matching が作成し、最後に取り消します。",
            status="running",
            program_starts_on=today - timedelta(days=7),
            program_ends_on=today + timedelta(days=80),
            opens_at=timezone.now() - timedelta(days=90),
            closes_at=timezone.now() - timedelta(days=60),
            review_due_at=timezone.now() - timedelta(days=40),
            seats=startups,
        )
        staff = User.objects.create_user(email=f"bench-staff-{stamp}@example.com", display_name="Bench Staff")
        staff.groups.add(Group.objects.get_or_create(name=Role.STAFF)[0])
        companies = Company.objects.bulk_create(
            Company(
                legal_name=f"Bench Startup {row:05d} {'K.K.' if base.countries[row] == 'JP' else 'Inc.'}",
                slug=f"bench-{stamp}-{row}",
                country=str(base.countries[row]),
                size_band="11-50",
                description_en="A startup built for the mentor matching benchmark.",
            )
            for row in range(startups)
        )
        CapabilityProfile.objects.bulk_create(
            CapabilityProfile(company=company, needs_text=base.needs_text[row], offers_text=base.offers_text[row])
            for row, company in enumerate(companies)
        )
        synthetic.store_capability_terms(base, [company.pk for company in companies])
        Application.objects.bulk_create(
            (
                Application(
                    cohort=cohort,
                    company=company,
                    company_country=str(company.country),
                    status=Application.Status.ACCEPTED,
                    submitted_at=timezone.now(),
                )
                for company in companies
            ),
            batch_size=2000,
        )
        users = User.objects.bulk_create(
            User(email=f"bench-mentor-{index}-{stamp}@example.com", display_name=f"Bench Mentor {index:04d}")
            for index in range(mentors)
        )
        group = Group.objects.get_or_create(name=Role.MENTOR)[0]
        User.groups.through.objects.bulk_create(
            User.groups.through(user_id=user.pk, group_id=group.pk) for user in users
        )
        profiles = []
        for index, user in enumerate(users):
            row = startups + index
            japanese = base.countries[row] == "JP"
            profiles.append(
                MentorProfile(
                    user=user,
                    country=str(base.countries[row]),
                    time_zone="Asia/Tokyo" if japanese else US_ZONES[chance.integers(0, 4)],
                    english="business" if not japanese else LEVELS[chance.integers(0, 4)],
                    japanese="native" if japanese else LEVELS[chance.integers(1, 4)],
                    bio_en="" if japanese else base.offers_text[row],
                    bio_ja=base.offers_text[row] if japanese else "",
                    capacity=int(chance.integers(1, 6)),
                )
            )
        MentorProfile.objects.bulk_create(profiles)
        synthetic.store_terms(
            base,
            [user.pk for user in users],
            owner_column="mentorprofile_id",
            first_row=startups,
            relations=(
                (MentorProfile.expertise.through, "offers"),
                (MentorProfile.segments.through, "segments"),
                (MentorProfile.technology_areas.through, "technology_areas"),
            ),
        )
        conflicts = np.argwhere(chance.random((startups, mentors)) < 0.005)
        MentorConflict.objects.bulk_create(
            (
                MentorConflict(mentor_id=users[m].pk, company=companies[s], relationship="advisor")
                for s, m in conflicts.tolist()
            ),
            batch_size=5000,
        )
        return cohort, staff

    def rank_and_mark_interest(self, cohort, seed: int) -> None:
        """Each startup ranks up to five mentors of its shortlist; mentors mark interest in a few startups."""
        chance = np.random.default_rng(seed + 1)
        shortlists: dict[int, list[int]] = {}
        for company_id, mentor_id in (
            MentorSuggestion.objects.filter(cohort=cohort).order_by("company_id", "position").values_list(
                "company_id", "mentor_id"
            )
        ):  # fmt: skip
            shortlists.setdefault(company_id, []).append(mentor_id)
        rankings, interest = [], []
        for company_id, listed in shortlists.items():
            chosen = chance.permutation(listed)[: min(5, len(listed))]
            rankings += [
                StartupRanking(cohort=cohort, company_id=company_id, mentor_id=int(mentor_id), rank=rank)
                for rank, mentor_id in enumerate(chosen, start=1)
            ]
            interest += [
                MentorInterest(cohort=cohort, company_id=company_id, mentor_id=mentor_id)
                for mentor_id in listed
                if chance.random() < 0.1
            ]
        StartupRanking.objects.bulk_create(rankings, batch_size=5000)
        MentorInterest.objects.bulk_create(interest, batch_size=5000)
