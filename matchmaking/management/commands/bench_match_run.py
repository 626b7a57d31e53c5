"""manage.py bench_match_run --companies N: a full match run, the nightly run and a refresh, beside the engine alone.

Loads N synthetic companies (half U.S., half Japan, every fifth a partner organisation) into
the database, runs the full run twice in this process (the first run, where every suggestion
is new, and the nightly case, where little changes), edits one profile and refreshes that
company, and times the engine alone on the same population: fitting the models, ranking and
explaining every company's list. Everything is rolled back. Prints last:
companies=N first_s=… nightly_s=… engine_s=… refresh_s=… ratio=…   (ratio = nightly_s / engine_s)
"""

import time

import numpy as np
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from accelerator.companies import services as company_services
from accelerator.companies.models import CapabilityTag, Company
from matchmaking import engine, snapshots, synthetic
from matchmaking.profiles import load_population
from matchmaking.services import runs


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Times full match runs and a one-company refresh on N synthetic companies against the engine alone."

    def add_arguments(self, parser):
        parser.add_argument("--companies", type=int, default=20_000)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, companies: int, seed: int, **options):
        if companies < 2:
            raise CommandError("--companies must be at least 2.")
        bench_runs: list = []
        figures: dict[str, float] = {}
        try:
            with transaction.atomic():
                self.measure(companies, seed, figures, bench_runs)
                raise Rollback
        except Rollback:
            pass
        finally:
            for run in bench_runs:
                snapshots.discard(run.pk)
            runs._fitted.clear()
        self.stdout.write(
            f"companies={companies} first_s={figures['first_s']:.2f} nightly_s={figures['nightly_s']:.2f} "
            f"engine_s={figures['engine_s']:.2f} refresh_s={figures['refresh_s']:.3f} "
            f"ratio={figures['nightly_s'] / figures['engine_s']:.2f}"
        )

    def measure(self, companies: int, seed: int, figures: dict[str, float], bench_runs: list) -> None:
        started = time.perf_counter()
        company_ids = synthetic.store_companies(companies, seed=seed, prefix="bench")
        self.analyze()
        self.stdout.write(f"{companies} synthetic companies loaded in {time.perf_counter() - started:.1f}s")

        for name in ("first_s", "nightly_s"):
            started = time.perf_counter()
            run = runs.start_full_run(inline=True)
            figures[name] = time.perf_counter() - started
            bench_runs.append(run)
            self.stdout.write(
                f"  {name.removesuffix('_s')} run: {figures[name]:.2f}s, {run.chunks_total} chunks, "
                f"{run.suggestions_count} suggestions ({run.new_suggestions_count} new)"
            )
            self.analyze()

        population = load_population()
        started = time.perf_counter()
        features = engine.build_features(population.profiles)
        fitted = time.perf_counter()
        runs.compute(population, np.arange(len(population.profiles)), features=features)
        figures["engine_s"] = time.perf_counter() - started
        self.stdout.write(
            f"  engine alone: {figures['engine_s']:.2f}s (fitting {fitted - started:.2f}s, "
            f"ranking and reasons {figures['engine_s'] - (fitted - started):.2f}s)"
        )

        company = Company.objects.get(pk=company_ids[len(company_ids) // 2])
        tags = list(CapabilityTag.objects.order_by("code").values_list("pk", flat=True))
        company_services.update_capability_profile(
            company=company,
            offers=CapabilityTag.objects.filter(pk__in=tags[:2]),
            needs=CapabilityTag.objects.filter(pk__in=tags[-1:]),
            offers_text="Edited for the benchmark: we now offer ground station services.",
        )
        started = time.perf_counter()
        refresh = runs.refresh_company(company_id=company.pk)
        figures["refresh_s"] = time.perf_counter() - started
        assert refresh is not None
        bench_runs.append(refresh)
        # A worker that did not compute the nightly run reads its stored models from disk first.
        snapshots._loaded.clear()
        runs._fitted.clear()
        company_services.update_capability_profile(company=company, needs=CapabilityTag.objects.filter(pk=tags[0]))
        started = time.perf_counter()
        runs.refresh_company(company_id=company.pk)
        cold_s = time.perf_counter() - started
        self.stdout.write(
            f"  refresh: {figures['refresh_s']:.3f}s on the worker that ran the nightly run, "
            f"{cold_s:.3f}s on one that reads its models from disk first; "
            f"{refresh.companies_count} lists recomputed"
        )

    @staticmethod
    def analyze() -> None:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
