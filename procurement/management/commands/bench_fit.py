"""manage.py bench_fit --companies N: ranking N companies against every opportunity in the database.

Builds N companies with capability profiles (half U.S., half Japan, from the platform's own
taxonomy) and declared NAICS codes for some, ranks each company's best opportunities among
all stored ones (run bench_list first for 100,000), rolls the companies back, and prints last:
companies=N opportunities=M rank_s=… pairs=… peak_mb=…
"""

import resource
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accelerator.companies.models import CapabilityProfile, Company
from matchmaking import synthetic
from procurement import fit
from procurement.benchmarks import NAICS
from procurement.models import Opportunity, ProcurementProfile


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Times ranking N generated companies against every stored opportunity."

    def add_arguments(self, parser):
        parser.add_argument("--companies", type=int, default=10_000)
        parser.add_argument("--top", type=int, default=25)

    def handle(self, *args, companies: int, top: int, **options):
        opportunities = Opportunity.objects.count()
        if not opportunities:
            raise CommandError("No opportunities to rank: run bench_list or import some first.")
        try:
            with transaction.atomic():
                built = self.build(companies)
                started = time.perf_counter()
                ranking = fit.rank_all(built, Opportunity.objects.all(), top=top)
                rank_s = time.perf_counter() - started
                raise Rollback
        except Rollback:
            pass
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.stdout.write(
            f"companies={companies} opportunities={opportunities} rank_s={rank_s:.1f} "
            f"pairs={len(ranking.scores)} peak_mb={peak_mb:.0f}"
        )

    def build(self, count: int) -> list[Company]:
        base = synthetic.profiles(count, seed=2026)
        stamp = timezone.now().strftime("%Y%m%d%H%M%S%f")
        companies = Company.objects.bulk_create(
            Company(
                legal_name=f"Bench Company {row:05d} {'K.K.' if base.countries[row] == 'JP' else 'Inc.'}",
                slug=f"bench-fit-{stamp}-{row}",
                country=str(base.countries[row]),
                size_band="11-50",
                description_en="A company built for the fit ranking benchmark.",
            )
            for row in range(count)
        )
        CapabilityProfile.objects.bulk_create(
            CapabilityProfile(
                company=company,
                offers_text=base.offers_text[row],
                trl=int(base.trl[row]) if base.trl[row] == base.trl[row] else None,
            )
            for row, company in enumerate(companies)
        )
        ProcurementProfile.objects.bulk_create(
            ProcurementProfile(company=company, naics_codes=[NAICS[row % len(NAICS)]])
            for row, company in enumerate(companies)
            if row % 3 == 0
        )
        synthetic.store_capability_terms(base, [company.pk for company in companies])
        return companies
