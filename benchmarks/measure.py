"""Helpers the benchmark scripts share: source snapshots and fingerprints, measured
subprocesses with the machine's contention, and micic-sim worker processes.

`run.py` (the suite) and `side_by_side.py` (micic-sim beside Flee) both import from here, and
neither from the other's helpers, so each can change without breaking the other.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent


SNAPSHOT_DIRS = ("micic_sim", "configs", "scenarios")


def source_root() -> Path:
    """The folder holding the `micic_sim` package this Python would import (the repository, or
    the benchmark's snapshot when PYTHONPATH points there)."""
    import importlib.util

    spec = importlib.util.find_spec("micic_sim")
    return Path(spec.origin).resolve().parents[1] if spec and spec.origin else REPO


def source_fingerprint(root: Path | None = None) -> str:
    """Hash of micic_sim's code, the configs and the bundled scenarios under `root`."""
    root = root or source_root()
    h = hashlib.sha256()
    for d in SNAPSHOT_DIRS:
        for f in sorted((root / d).rglob("*")):
            if f.is_file() and f.suffix in (".py", ".yaml", ".yml", ".csv"):
                h.update(str(f.relative_to(root)).encode())
                h.update(f.read_bytes())
    return h.hexdigest()[:12]


def snapshot_sources(dest: Path) -> Path:
    """Copy micic_sim, configs and scenarios as they are now, so that edits made while the
    benchmark runs do not change the code it measures (workers import from the copy)."""
    import shutil

    for d in SNAPSHOT_DIRS:
        shutil.copytree(REPO / d, dest / d, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return dest


def busy_pct(wait_quiet_s: float = 0.0, threshold: float = 20.0) -> tuple[float, float]:
    """Whole-machine CPU use (%) over one second, while this process is idle; with
    `wait_quiet_s` > 0, keep sampling until it is below `threshold` or that many seconds have
    passed. Returns (busy %, seconds waited)."""
    import psutil

    t0 = time.perf_counter()
    busy = psutil.cpu_percent(interval=1.0)
    while busy > threshold and time.perf_counter() - t0 < wait_quiet_s:
        busy = psutil.cpu_percent(interval=2.0)
    return busy, round(time.perf_counter() - t0, 1)


def run_measured(
    cmd: list[str],
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = 6 * 3600,
) -> tuple[subprocess.CompletedProcess, float, dict]:
    """Run a command; returns (completed process, wall seconds, contention), where contention
    says how much of the machine other processes used while it ran: `others_cpu_share` (CPU
    seconds of every other process / (wall x cores)) and `steal_share` (time the hypervisor
    gave to other machines)."""
    import resource

    import psutil

    c0, r0 = psutil.cpu_times(), resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=cwd, timeout=timeout)
    wall = time.perf_counter() - t0
    c1, r1 = psutil.cpu_times(), resource.getrusage(resource.RUSAGE_CHILDREN)
    busy_keys = ("user", "nice", "system", "irq", "softirq")
    busy = sum(getattr(c1, k, 0.0) - getattr(c0, k, 0.0) for k in busy_keys)
    child = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    cap = wall * (os.cpu_count() or 1)
    contention = {
        "others_cpu_share": round(max(0.0, busy - child) / cap, 3),
        "steal_share": round((getattr(c1, "steal", 0.0) - getattr(c0, "steal", 0.0)) / cap, 3),
        "child_cpu_s": round(child, 2),
    }
    return proc, wall, contention


def micic_subprocess(
    spec: dict[str, Any],
    env: dict[str, str] | None = None,
    log=None,
    timeout: float = 6 * 3600,
    wait_quiet_s: float = 0.0,
) -> dict[str, Any]:
    """Run `worker(spec)` in a fresh Python process; its result plus the process wall time."""
    full_env = {**os.environ, **(env or {})}
    busy, waited = busy_pct(wait_quiet_s)  # other processes' load: we are idle meanwhile
    cmd = [sys.executable, str(HERE / "run.py"), "--worker", json.dumps(spec)]
    proc, wall, contention = run_measured(cmd, full_env, REPO, timeout)
    lines = proc.stdout.strip().splitlines()
    if proc.returncode != 0 or not lines:
        tail = proc.stderr.strip()[-3000:]
        raise RuntimeError(f"worker {spec} failed with exit code {proc.returncode}:\n{tail}")
    res = json.loads(lines[-1])
    res["process_wall_s"] = round(wall, 3)
    res["busy_before_pct"] = busy  # whole-machine CPU use in the second before the run
    res["waited_for_quiet_s"] = waited
    res.update(contention)
    return res


def compile_code_paths(
    scenario: str | Path, env: dict[str, str], days: Any = None, seed: int = 0
) -> None:
    """Compile every kernel a scenario uses into the cache before any measured run: some
    compile on first use only, days into a run (an institution serves once someone queues),
    so 40 steps of a small population are run, untimed."""
    micic_subprocess(
        {
            "mode": "compile",
            "scenario": str(scenario),
            "n": 5000,
            "days": days,
            "seed": seed,
            "steps": 40,
        },
        env,
    )


def parse_sizes(text: str) -> list[int]:
    return [int(float(x)) for x in text.split(",") if x.strip()]
