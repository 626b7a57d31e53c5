"""Capacity-limited many-to-one deferred acceptance, startup-proposing, and its checks.

Pure: numpy arrays in, an assignment out; no ORM. Preferences are given as utility
matrices (higher is better, -inf for a pair that may never be matched, such as a declared
conflict). Startups propose to mentors in order of their utility; a mentor holds the best
`capacity` proposals so far by the mentor's own utility and lets the rest go. The result
is stable (no startup and mentor both prefer each other to what they got) and optimal for
the startups among stable matchings.
"""

import numpy as np

UNMATCHED = -1


def _order(utility: np.ndarray) -> np.ndarray:
    """Each row's columns, best first (ties by column: the sort is stable), with -1 in place of unacceptable ones."""
    order = np.argsort(-utility, axis=1, kind="stable")
    acceptable = np.take_along_axis(np.isfinite(utility), order, axis=1)
    return np.where(acceptable, order, UNMATCHED)


def _positions(utility: np.ndarray) -> np.ndarray:
    """rank[i, j]: position of column j in row i's order (0 = best), large where unacceptable."""
    order = np.argsort(-utility, axis=1, kind="stable")
    rank = np.empty_like(order)
    np.put_along_axis(rank, order, np.arange(utility.shape[1]), axis=1)
    return np.where(np.isfinite(utility), rank, np.iinfo(np.int64).max)


def deferred_acceptance(startup_utility: np.ndarray, mentor_utility: np.ndarray, capacity: np.ndarray) -> np.ndarray:
    """The startup-optimal stable matching: the mentor column of each startup, or UNMATCHED.

    startup_utility is startups × mentors, mentor_utility mentors × startups, capacity per
    mentor. A pair is acceptable only if both utilities are finite.

    Proposals are made in rounds: every free startup proposes to its next mentor at once,
    and each mentor keeps the best proposals it holds up to its capacity. The rounds reach
    the same startup-optimal matching as proposing one at a time.
    """
    startups, mentors = startup_utility.shape
    match = np.full(startups, UNMATCHED, dtype=np.int64)
    if startups == 0 or mentors == 0:
        return match
    both = np.isfinite(startup_utility) & np.isfinite(mentor_utility.T)
    proposals = np.hstack([_order(np.where(both, startup_utility, -np.inf)), np.full((startups, 1), UNMATCHED)])
    mentor_rank = _positions(np.where(both.T, mentor_utility, -np.inf))
    capacity = np.asarray(capacity, dtype=np.int64)
    next_choice = np.zeros(startups, dtype=np.int64)
    free = np.arange(startups)
    while free.size:
        chosen = proposals[free, next_choice[free]]
        next_choice[free] += 1
        proposing = free[chosen >= 0]
        chosen = chosen[chosen >= 0]
        if not proposing.size:
            break
        held = np.flatnonzero(match >= 0)
        candidates = np.concatenate([held, proposing])
        targets = np.concatenate([match[held], chosen])
        ranks = mentor_rank[targets, candidates]
        order = np.lexsort((ranks, targets))
        candidates, targets = candidates[order], targets[order]
        first = np.searchsorted(targets, targets, side="left")
        keep = (np.arange(len(targets)) - first) < capacity[targets]
        match[candidates[~keep]] = UNMATCHED
        match[candidates[keep]] = targets[keep]
        free = candidates[~keep]
    return match


def capacity_respected(match: np.ndarray, capacity: np.ndarray) -> bool:
    taken = np.bincount(match[match >= 0], minlength=len(capacity))
    return bool((taken <= capacity).all())


def blocking_pairs(
    startup_utility: np.ndarray, mentor_utility: np.ndarray, capacity: np.ndarray, match: np.ndarray
) -> np.ndarray:
    """Every (startup, mentor) pair that would both rather be matched to each other: empty when stable.

    A startup blocks with a mentor it ranks above its match (or any acceptable mentor when
    unmatched) if the mentor has a free place or ranks it above the worst startup it holds.
    """
    startups, mentors = startup_utility.shape
    if startups == 0 or mentors == 0:
        return np.empty((0, 2), dtype=np.int64)
    both = np.isfinite(startup_utility) & np.isfinite(mentor_utility.T)
    startup_rank = _positions(np.where(both, startup_utility, -np.inf))
    mentor_rank = _positions(np.where(both.T, mentor_utility, -np.inf))
    worst_rank = np.iinfo(np.int64).max
    current = np.where(match >= 0, startup_rank[np.arange(startups), np.maximum(match, 0)], worst_rank)
    prefers = both & (startup_rank < current[:, None])
    held_rank = np.full(mentors, -1, dtype=np.int64)
    matched = np.flatnonzero(match >= 0)
    np.maximum.at(held_rank, match[matched], mentor_rank[match[matched], matched])
    taken = np.bincount(match[matched], minlength=mentors)
    # A mentor with room accepts any acceptable startup; a full one only a better one than its worst.
    threshold = np.where(taken < capacity, worst_rank, held_rank)
    welcome = threshold[None, :] > mentor_rank.T
    welcome &= (capacity > 0)[None, :]
    return np.argwhere(prefers & welcome)
