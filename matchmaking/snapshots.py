"""A full run's population and fitted features, stored once for the run and read by every chunk.

The text and concept models are fitted once per run, on the population as its first chunk
reads it. Every chunk, on any worker, loads them instead of fitting again, so a run ranks
one consistent population, and one-company refreshes start from the last finished run's
features and update only the rows that changed. Stored as files under MATCHMAKING_RUN_DIR,
which every worker must share (one volume): the two large feature matrices as .npy files,
read memory-mapped (workers on one machine share the pages), and the rest pickled. The
files are written by this application's own workers only.
"""

import gc
import os
import pickle
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path

import numpy as np
from django.conf import settings

from .engine import Features
from .profiles import Population

# The snapshots this process has read or written, by run id: chunks of one run on one
# worker read the files once.
_loaded: dict[int, tuple[Population, Features]] = {}
KEEP_IN_PROCESS = 2
FREEZE_FROM = 5_000  # companies


def _root() -> Path:
    return Path(settings.MATCHMAKING_RUN_DIR)


def _directory(run_id: int) -> Path:
    return _root() / f"run-{run_id}"


def _remember(run_id: int, snapshot: tuple[Population, Features]) -> tuple[Population, Features]:
    _loaded[run_id] = snapshot
    for old in sorted(_loaded)[:-KEEP_IN_PROCESS]:
        del _loaded[old]
    if len(snapshot[0].profiles) >= FREEZE_FROM:
        # A large snapshot holds millions of small objects (texts, concept mentions) that live
        # as long as it does: the cyclic garbage collector need not walk them again at every
        # full collection, which cost a refresh a few tenths of a second. (Freed by reference count.)
        gc.freeze()
    return snapshot


def save(run_id: int, population: Population, features: Features) -> None:
    """Stores the run's snapshot; when another worker stored it first, theirs stays."""
    _root().mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=_root(), prefix=f".run-{run_id}-"))
    try:
        np.save(staging / "left.npy", features.left)
        np.save(staging / "right.npy", features.right)
        with (staging / "rest.pickle").open("wb") as file:
            pickle.dump((population, replace(features, left=None, right=None)), file, protocol=pickle.HIGHEST_PROTOCOL)
        os.rename(staging, _directory(run_id))
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)
        if not _directory(run_id).exists():
            raise
    _remember(run_id, (population, features))


def load(run_id: int) -> tuple[Population, Features] | None:
    """The run's (population, features), or None when they were never stored (or were removed)."""
    if run_id in _loaded:
        return _loaded[run_id]
    directory = _directory(run_id)
    try:
        with (directory / "rest.pickle").open("rb") as file:
            population, features = pickle.load(file)  # noqa: S301 (written by this application's workers)
        left = np.load(directory / "left.npy", mmap_mode="r")
        right = np.load(directory / "right.npy", mmap_mode="r")
    except FileNotFoundError:
        return None
    return _remember(run_id, (population, replace(features, left=left, right=right)))


def discard(run_id: int) -> None:
    """Removes the snapshot of a run that will not finish (cancelled or failed)."""
    shutil.rmtree(_directory(run_id), ignore_errors=True)
    _loaded.pop(run_id, None)


def prune(*, keep: int) -> None:
    """Removes every stored snapshot but the run `keep`'s (the one refreshes start from)."""
    if not _root().exists():
        return
    for directory in _root().iterdir():
        if directory.name != f"run-{keep}" and directory.name.startswith(("run-", ".run-")):
            shutil.rmtree(directory, ignore_errors=True)
    for run_id in [run_id for run_id in _loaded if run_id != keep]:
        del _loaded[run_id]
