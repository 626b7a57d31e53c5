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
from .models import MatchRun
from .profiles import Population

# The snapshots this process has read or written, by run: chunks of one run on one worker
# read the files once.
_loaded: dict[str, tuple[Population, Features]] = {}
KEEP_IN_PROCESS = 2
FREEZE_FROM = 5_000  # companies


def _root() -> Path:
    return Path(settings.MATCHMAKING_RUN_DIR)


def _name(run: MatchRun) -> str:
    """The run's id and creation time: a database restored or recreated reuses ids, never both."""
    return f"run-{run.pk}-{run.created_at:%Y%m%d%H%M%S%f}"


def _directory(run: MatchRun) -> Path:
    return _root() / _name(run)


def _remember(run: MatchRun, snapshot: tuple[Population, Features]) -> tuple[Population, Features]:
    _loaded.pop(_name(run), None)
    _loaded[_name(run)] = snapshot
    for old in list(_loaded)[:-KEEP_IN_PROCESS]:
        del _loaded[old]
    if len(snapshot[0].profiles) >= FREEZE_FROM:
        # A large snapshot holds millions of small objects (texts, concept mentions) that live
        # as long as it does: the cyclic garbage collector need not walk them again at every
        # full collection, which cost a refresh a few tenths of a second. (Freed by reference count.)
        gc.freeze()
    return snapshot


def save(run: MatchRun, population: Population, features: Features) -> None:
    """Stores the run's snapshot; when another worker stored it first, theirs stays."""
    _root().mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=_root(), prefix=f".{_name(run)}-"))
    try:
        np.save(staging / "left.npy", features.left)
        np.save(staging / "right.npy", features.right)
        with (staging / "rest.pickle").open("wb") as file:
            pickle.dump((population, replace(features, left=None, right=None)), file, protocol=pickle.HIGHEST_PROTOCOL)
        os.rename(staging, _directory(run))
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)
        if not _directory(run).exists():
            raise
    _remember(run, (population, features))


def load(run: MatchRun) -> tuple[Population, Features] | None:
    """The run's (population, features), or None when they were never stored (or were removed)."""
    if _name(run) in _loaded:
        return _loaded[_name(run)]
    directory = _directory(run)
    try:
        with (directory / "rest.pickle").open("rb") as file:
            population, features = pickle.load(file)  # noqa: S301 (written by this application's workers)
        left = np.load(directory / "left.npy", mmap_mode="r")
        right = np.load(directory / "right.npy", mmap_mode="r")
    except FileNotFoundError:
        return None
    return _remember(run, (population, replace(features, left=left, right=right)))


def discard(run_id: int) -> None:
    """Removes the snapshot of a run that will not finish (cancelled or failed), or of a
    benchmark's runs: whatever was stored under the run's id."""
    if _root().exists():
        for directory in _root().glob(f"run-{run_id}-*"):
            shutil.rmtree(directory, ignore_errors=True)
    for name in [name for name in _loaded if name.startswith(f"run-{run_id}-")]:
        del _loaded[name]


def prune(*, keep: MatchRun) -> None:
    """Removes every stored snapshot but the run `keep`'s (the one refreshes start from)."""
    if not _root().exists():
        return
    for directory in _root().iterdir():
        if directory.name != _name(keep) and directory.name.startswith(("run-", ".run-")):
            shutil.rmtree(directory, ignore_errors=True)
    for name in [name for name in _loaded if name != _name(keep)]:
        del _loaded[name]
