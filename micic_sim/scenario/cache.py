"""Scenarios loaded once per process: a sweep's worker runs many jobs of one scenario.

Loading Libya 2011 (reading and validating its tables, checking that every place is connected)
takes about as long as a whole 20,000-agent run's stepping; a sweep worker would pay it for
every job. The cache keeps each loaded scenario with a fingerprint of the files it was read
from (the contents of the files at the top of its folder, and of the folders it borrows
behaviour from), checked at every use, so an edited scenario is read again; each caller gets
its own copy, so a run that changes its tables cannot change the next run's.
"""

from __future__ import annotations

import copy
import functools
import hashlib
from pathlib import Path
from typing import Any

import yaml

from micic_sim.scenario.loader import Scenario, load_scenario, resolve_scenario_path

_CACHE: dict[Path, tuple[tuple[tuple[str, str], ...], Scenario]] = {}
MAX_SCENARIOS = 8  # a sweep over scenarios keeps a few; the oldest goes first


def cached_scenario(name_or_path: str | Path) -> Scenario:
    """`load_scenario(name_or_path)`, read from disk only when its files changed."""
    root = resolve_scenario_path(name_or_path).resolve()
    key = _fingerprint(root)
    hit = _CACHE.get(root)
    if hit is None or hit[0] != key:
        scenario = load_scenario(name_or_path)  # errors name the file, row and field
        scenario.fingerprint = _digest(key)
        _CACHE.pop(root, None)
        if len(_CACHE) >= MAX_SCENARIOS:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[root] = (key, scenario)
        hit = _CACHE[root]
    return copy.deepcopy(hit[1])


def scenario_fingerprint(name_or_path: str | Path) -> str:
    """One digest of a scenario's files (and of those it borrows behaviour from), by name
    within their folder: recorded with each run, so a resumed sweep does not keep a run made
    from files that have changed since (analysis.resume)."""
    return _digest(_fingerprint(resolve_scenario_path(name_or_path).resolve()))


def _digest(files: tuple[tuple[str, str], ...]) -> str:
    """One digest of (file, content hash) pairs, by name within their folder."""
    h = hashlib.blake2b(digest_size=16)
    for path, digest in files:
        h.update(f"{Path(path).parent.name}/{Path(path).name}={digest}\n".encode())
    return h.hexdigest()


def _fingerprint(root: Path, seen: frozenset[Path] = frozenset()) -> tuple[tuple[str, str], ...]:
    """(file, content hash) of every file at the top of `root`, then of the scenario folders
    its `behaviour_from:` chain borrows from. Contents, not modification times: an edit within
    the file system's timestamp tick must still count."""
    out = []
    for path in sorted(p for p in root.iterdir() if p.is_file()):
        try:
            digest = hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()
        except OSError as exc:  # unreadable: the loader reports it, naming the file
            digest = f"unreadable: {exc.errno}"
        out.append((str(path), digest))
    source = _borrows_from(root)
    if source is not None and source not in seen | {root}:
        out += _fingerprint(source, seen | {root})
    return tuple(out)


def _borrows_from(root: Path) -> Path | None:
    """The folder named by scenario.yaml's `behaviour_from:`, resolved as the loader does; None
    when there is none or it cannot be read (the loader then reports the error)."""
    try:
        source = _behaviour_from((root / "scenario.yaml").read_text(encoding="utf-8"))
        if source is None:
            return None
        folder = root / source if (root / source).is_dir() else source
        return resolve_scenario_path(folder).resolve()
    except Exception:  # noqa: BLE001 - any fault is the loader's to report, with its file
        return None


@functools.lru_cache(maxsize=MAX_SCENARIOS)
def _behaviour_from(text: str) -> str | None:
    """scenario.yaml's `behaviour_from:` value, parsed once per distinct text: the fingerprint
    is taken at every use of a cached scenario (every job of a sweep), and parsing Libya's
    scenario.yaml took ~9 ms, a tenth of a job's work outside stepping the model."""
    meta: Any = yaml.safe_load(text)
    source = meta.get("behaviour_from") if isinstance(meta, dict) else None
    return source if isinstance(source, str) and source.strip() else None
