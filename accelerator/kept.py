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


def forget() -> None:
    """Starts a new generation: every value kept so far is built again on its next read.

    A generation is the moment it started, so one never comes back, even if the cache lost
    the current one.
    """
    cache.set(GENERATION_KEY, time.time_ns(), None)
