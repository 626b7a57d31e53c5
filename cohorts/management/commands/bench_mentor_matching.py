"""Times mentor matching on synthetic startups and mentors: fit scores, then the stable proposal within capacity."""

import time

import numpy as np
from django.core.management.base import BaseCommand, CommandError
from scipy import sparse

from cohorts import mentor_fit
from matchmaking import engine, synthetic


def synthetic_pool(startups: int, mentors: int, *, seed: int) -> tuple[mentor_fit.Pool, dict[str, np.ndarray]]:
    """Startups and mentors half from each country, with rankings, interest and a few conflicts."""
    chance = np.random.default_rng(seed)
    base = synthetic.profiles(startups + mentors, seed=seed)
    # Mentors offer expertise and need nothing; their TRL is not a thing.
    needs = base.needs.tolil()
    needs[startups:] = 0
    trl = base.trl.copy()
    trl[startups:] = np.nan
    profiles = engine.ProfileSet(
        ids=base.ids,
        countries=base.countries,
        offers=base.offers,
        needs=sparse.csr_matrix(needs),
        segments=base.segments,
        technology_areas=base.technology_areas,
        trl=trl,
        export_classification=base.export_classification,
        # Only mentors' offers meet startups' needs: startups' own offers play no part.
        offers_text=[""] * startups + list(base.offers_text[startups:]),
        needs_text=list(base.needs_text[:startups]) + [""] * mentors,
        tag_codes=base.tag_codes,
        segment_codes=base.segment_codes,
        technology_area_codes=base.technology_area_codes,
    )
    startup_countries = base.countries[:startups]
    mentor_countries = base.countries[startups:]
    startup_languages = np.stack([startup_countries == "US", startup_countries == "JP"], axis=1).astype(np.float32)
    levels = np.array([1.0, 1.0, 0.4, 0.0], dtype=np.float32)
    english = np.where(mentor_countries == "US", 1.0, levels[chance.integers(0, 4, mentors)])
    japanese = np.where(mentor_countries == "JP", 1.0, levels[chance.integers(1, 4, mentors)])
    us_zones = np.array([-5.0, -6.0, -7.0, -8.0], dtype=np.float32)
    pool = mentor_fit.Pool(
        profiles=profiles,
        startup_count=startups,
        startup_languages=startup_languages,
        mentor_languages=np.stack([english, japanese], axis=1).astype(np.float32),
        startup_offsets=np.where(startup_countries == "JP", 9.0, us_zones[chance.integers(0, 4, startups)]),
        mentor_offsets=np.where(mentor_countries == "JP", 9.0, us_zones[chance.integers(0, 4, mentors)]),
        sides=np.where(mentor_countries == "US", "us", "jp").astype("<U8"),
        capacity=chance.integers(1, 6, mentors),
    )
    startup_bonus = np.zeros((startups, mentors))
    for row in range(startups):
        ranked = chance.choice(mentors, size=5, replace=False)
        startup_bonus[row, ranked] = 10.0 * np.arange(5, 0, -1)
    mentor_bonus = np.where(chance.random((mentors, startups)) < 0.02, 10.0, 0.0)
    blocked = chance.random((startups, mentors)) < 0.005
    return pool, {"startup_bonus": startup_bonus, "mentor_bonus": mentor_bonus, "blocked": blocked}


class Command(BaseCommand):
    help = (
        "Build synthetic startups and mentors (half U.S., half Japan), score every pair with the matching "
        "engine, language and working-hour overlap, and run the capacity-limited stable matching, one U.S.- "
        "and one Japan-side mentor per startup; then check it for blocking pairs and capacity."
    )

    def add_arguments(self, parser):
        parser.add_argument("--startups", type=int, default=2000)
        parser.add_argument("--mentors", type=int, default=500)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, startups: int, mentors: int, seed: int, **options):
        if startups < 1 or mentors < 2:
            raise CommandError("--startups must be at least 1 and --mentors at least 2.")
        pool, preferences = synthetic_pool(startups, mentors, seed=seed)
        self.stdout.write(f"{startups} synthetic startups, {mentors} mentors, capacity {pool.capacity.sum()} places")
        started = time.perf_counter()
        fit = mentor_fit.fit(pool, mentor_fit.Weights())
        scored = time.perf_counter()
        proposal = mentor_fit.propose(
            pool, fit.total, open_sides=np.ones((startups, 2), dtype=bool), check=False, **preferences
        )
        match_s = time.perf_counter() - started
        checked = mentor_fit.propose_checks(pool, fit.total, proposal, **preferences)
        check_s = time.perf_counter() - started - match_s
        matched = int((proposal.us >= 0).sum() + (proposal.japan >= 0).sum())
        both = int(((proposal.us >= 0) & (proposal.japan >= 0)).sum())
        self.stdout.write(
            f"  scores {scored - started:.2f}s, matching {match_s - (scored - started):.2f}s, "
            f"{matched} assignments, {both} startups with both sides, blocking-pair search {check_s:.2f}s"
        )
        self.stdout.write(
            f"startups={startups} mentors={mentors} match_s={match_s:.3f} "
            f"stable={checked.stable} capacity_ok={checked.capacity_ok}"
        )
