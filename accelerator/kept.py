"""Values built from the taxonomies (segments, technology areas, capability tags), kept in the shared cache.

List pages draw taxonomy names on every view: filter choices, filter fields, the names in
match reasons. They are kept for KEPT_SECONDS, each beside the taxonomy generation it was
built from. Saving or deleting a term starts a new generation (`forget`), so the next page
builds them again from the new names instead of showing the old ones until they expire.
The generation is read in the same round trip as the values.
"""

import time
from collections.abc import Iterable
from typing import Any

from django.core.cache import cache

KEPT_SECONDS = 5 * 60
GENERATION_KEY = "kept:taxonomy-generation"
PREFIX = "kept:"  # (generation, value) pairs live under their own names


def get_many(keys: Iterable[str]) -> tuple[dict[str, Any], int]:
    """The kept values of `keys` built from the current generation, and that generation."""
    found = cache.get_many([GENERATION_KEY, *(PREFIX + key for key in keys)])
    generation = found.pop(GENERATION_KEY, 0)
    return {key.removeprefix(PREFIX): value for key, (built, value) in found.items() if built == generation}, generation


def get_many_beside(keys: Iterable[str], others: Iterable[str]) -> tuple[tuple[dict[str, Any], int], dict[str, Any]]:
    """get_many(keys), and the cache's own values of `others` (not kept here), in one round trip."""
    keys, others = list(keys), list(others)
    found = cache.get_many([GENERATION_KEY, *(PREFIX + key for key in keys), *others])
    generation = found.pop(GENERATION_KEY, 0)
    plain = {key: found.pop(key) for key in others if key in found}
    kept = {key.removeprefix(PREFIX): value for key, (built, value) in found.items() if built == generation}
    return (kept, generation), plain


def set_many(values: dict[str, Any], generation: int) -> None:
    """Keeps `values`, built from `generation` (as get_many gave it before they were built)."""
    if values:
        cache.set_many({PREFIX + key: (generation, value) for key, value in values.items()}, KEPT_SECONDS)


def get_or_build(key: str, build) -> Any:
    """The kept value of `key`, or build() kept from now on."""
    found, generation = get_many([key])
    if key in found:
        return found[key]
    value = build()
    set_many({key: value}, generation)
    return value


# Values that cost more to unpickle than to keep: (generation, kept until, value) by key, in this process.
_held: dict[str, tuple[int, float, Any]] = {}


def get_many_held(keys: Iterable[str], held: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """get_many(keys), and the values of `held` (key → build()) of the current generation.

    A held value is kept in the process as well as in the cache, beside its generation and
    for KEPT_SECONDS at most, so a page that draws it on every view reads only the
    generation (in the same round trip as `keys`) instead of unpickling it: the matches
    page's reasons name every taxonomy term. A new generation, or a cache that lost the
    generation (a new one is started then), reads it from the cache or builds it again.
    """
    now = time.monotonic()
    fresh = {key: _held[key] for key in held if key in _held and _held[key][1] > now}
    found, generation = get_many([*keys, *(key for key in held if key not in fresh)])
    if generation == 0:
        found, generation = {}, forget()
    missing = {}
    for key, build in held.items():
        if key in fresh and fresh[key][0] == generation:
            found[key] = fresh[key][2]
            continue
        if key not in found:
            found[key] = missing[key] = build()
        _held[key] = (generation, now + KEPT_SECONDS, found[key])
    set_many(missing, generation)
    return found, generation


def forget() -> int:
    """Starts a new generation: every value kept so far is built again on its next read.

    A generation is the moment it started, so one never comes back, even if the cache lost
    the current one.
    """
    generation = time.time_ns()
    cache.set(GENERATION_KEY, generation, None)
    return generation
