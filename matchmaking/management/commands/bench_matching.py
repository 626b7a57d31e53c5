"""Times the matching engine on synthetic profiles against the bare similarity product."""

import resource
import time

import numpy as np
from django.core.management.base import BaseCommand, CommandError

from matchmaking import concepts, engine, synthetic

TOP = 10


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Command(BaseCommand):
    help = (
        "Generate N synthetic profiles (half U.S., half Japan), rank the top 10 for each with reasons and fit, "
        "and compare with the bare similarity product of the same matrices."
    )

    def add_arguments(self, parser):
        parser.add_argument("--companies", type=int, default=20000)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, companies: int, seed: int, **options):
        if companies < 2:
            raise CommandError("--companies must be at least 2.")
        profiles = synthetic.profiles(companies, seed=seed)
        self.stdout.write(f"{companies} synthetic profiles, top {TOP} each")

        # A process reads the glossary and builds its indexes once (a worker as it starts),
        # before any run it serves.
        started = time.perf_counter()
        concepts.glossary().warm()
        self.stdout.write(f"  glossary read in {time.perf_counter() - started:.2f}s, once per process")

        started = time.perf_counter()
        features = engine.build_features(profiles)
        featured = time.perf_counter()
        sources, targets, scores = engine.top_pairs(profiles, features, top=TOP)
        scores = engine.rescore(profiles, features, sources, targets, scores)
        sources, targets, scores, _ranks = engine.cut_top(sources, targets, scores, top=TOP)
        ranked = time.perf_counter()
        engine.explain(profiles, features, sources, targets)
        full_s = time.perf_counter() - started
        self.stdout.write(
            f"  features {featured - started:.2f}s ({features.left.shape[1]} columns), "
            f"ranking {ranked - featured:.2f}s, reasons {started + full_s - ranked:.2f}s, "
            f"{len(sources)} suggestions"
        )

        floor_s = self.bare_product(features)
        incremental_s = self.refresh_one(profiles, features, sources, targets, scores)
        self.stdout.write(
            f"companies={companies} full_s={full_s:.3f} floor_s={floor_s:.3f} ratio={full_s / floor_s:.2f} "
            f"peak_mb={_peak_mb():.0f} incremental_s={incremental_s:.3f}"
        )

    @staticmethod
    def bare_product(features: engine.Features) -> float:
        """left · rightᵀ over all rows, in the engine's chunk size, and nothing else."""
        left, right = features.left, features.right
        chunk_rows = max(1, engine.CHUNK_CELLS // len(right))
        started = time.perf_counter()
        for start in range(0, len(left), chunk_rows):
            left[start : start + chunk_rows] @ right.T
        return time.perf_counter() - started

    @staticmethod
    def refresh_one(profiles, features, sources, targets, scores) -> float:
        """Time to refresh one changed company: its new features, its list, and the lists it enters or leaves."""
        n = len(profiles)
        row = n // 2
        donor = synthetic.profiles(1, seed=n + 1)
        changed = synthetic.replace_row(profiles, row, donor)
        floors = np.full(n, np.inf, dtype=np.float32)
        counts = np.bincount(sources, minlength=n)
        np.minimum.at(floors, sources, scores)
        floors[counts < TOP] = -np.inf
        listed_with = sources[targets == row]

        started = time.perf_counter()
        updated = engine.update_features(features, changed, [row])
        own, partners, partner_scores = engine.top_pairs(changed, updated, top=n - 1, rows=np.array([row]))
        partner_scores = engine.rescore(changed, updated, own, partners, partner_scores)
        entering = partners[partner_scores > floors[partners]]
        rows = np.unique(np.concatenate([[row], entering, listed_with]))
        new_sources, new_targets, new_scores = engine.top_pairs(changed, updated, top=TOP, rows=rows)
        new_scores = engine.rescore(changed, updated, new_sources, new_targets, new_scores)
        new_sources, new_targets, _scores, _ranks = engine.cut_top(new_sources, new_targets, new_scores, top=TOP)
        engine.explain(changed, updated, new_sources, new_targets)
        return time.perf_counter() - started
