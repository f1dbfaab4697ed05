"""micic-sim benchmark suite (issue 6): one command, a table per question, one JSON line at the end.

    .venv/bin/python benchmarks/run.py                      # N = 1e4, 1e5, 1e6, 90 days
    .venv/bin/python benchmarks/run.py --include-1e7        # also N = 1e7
    .venv/bin/python benchmarks/run.py --quick              # smoke test: small and short

Every measured run is a fresh subprocess going through the same code path as `micic-sim run`:
the Hydra config is composed from configs/config.yaml (policy baseline, default behaviour) with
`scenario`, `population.total`, `days` and `run.out_dir` overridden, then
`EvacuationModel(...)` with exactly the arguments `micic_sim.cli.run_from_config` passes, `.run()`,
and `micic_sim.results.write_run` into a temporary folder (data collection on, agents.parquet
written). Measured:

- agent-steps per second and wall time for each N, on the synthetic country-scale scenario
  (benchmarks/synthetic.py) and on the bundled libya_2011 scenario (both rescaled with
  population.total and run for --days days at the default 6-hour step);
- each kernel stage's share of the stepping time (`model.timings.seconds`), and the rest
  (Python glue, Mesa, institutions' bookkeeping outside the timed stages);
- peak resident memory and bytes per agent (agent columns, and resident-set growth);
- JIT compile time: first model construction + first step with an empty Numba cache
  (NUMBA_CACHE_DIR = a fresh temporary folder), then again with that cache warm;
- the speed-up from 1 to 2 Numba threads, and whether results are identical (summary.json,
  timeseries and every agent column hashed);
- the ratio to Flee on Flee's synthetic graph with the same agents and days
  (benchmarks/side_by_side.py).

All measured runs after the compile test share that (then warm) Numba cache folder, and all of
them import a snapshot of micic_sim/, configs/ and scenarios/ taken when the command starts (so
edits made meanwhile do not mix versions). Each run records how much CPU other processes used
while it ran: measure on a quiet machine (--wait-quiet). See benchmarks/README.md for how to read
the output.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from measure import (  # noqa: E402
    compile_code_paths,
    micic_subprocess,
    parse_sizes,
    snapshot_sources,
    source_fingerprint,
    source_root,
)


def _stage_names() -> tuple[str, ...]:
    """The step's stages, as the model times them (micic_sim.stages.STAGES)."""
    from micic_sim.stages import STAGES as _STAGES

    return tuple(s.name for s in _STAGES)


STAGES = _stage_names()
MB = 2**20
# Targets of issue 6 (GB taken as 10^9 bytes; memory is reported in MiB).
TARGET_RATE_1E6 = 1e7
TARGET_WALL_1E6_S = 60.0
TARGET_PEAK_1E6_MB = 1.5e9 / MB
TARGET_PEAK_1E7_MB = 8e9 / MB
TARGET_SCALING_1E7 = 1.3
TARGET_GLUE_SHARE_1E6 = 0.10


# ---------------------------------------------------------------------------------------------
# Worker: one measured run in a fresh process
# ---------------------------------------------------------------------------------------------
def _compose(spec: dict[str, Any], out_dir: str) -> Any:
    """The run configuration `micic-sim run scenario=... population.total=... days=...` sees."""
    from hydra import compose, initialize_config_dir

    from micic_sim.cli import CONFIG_DIR, _register

    _register()
    overrides = [
        f"scenario={spec['scenario']}",
        f"seed={spec.get('seed', 0)}",
        f"population.total={int(spec['n'])}",
        f"run.out_dir={out_dir}",
        "run.progress=false",
    ]
    if spec.get("days"):
        overrides.append(f"days={spec['days']}")
    if spec.get("threads"):
        overrides.append(f"run.threads={int(spec['threads'])}")
    with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
        return compose(config_name="config", overrides=overrides)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def _hashes(model: Any, out_dir: Path) -> dict[str, Any]:
    import pandas as pd

    cols = {k: _sha(v.tobytes()) for k, v in model.population.columns.items()}
    ts = pd.read_parquet(out_dir / "timeseries.parquet")
    return {
        "summary_json": _sha((out_dir / "summary.json").read_bytes()),
        "timeseries": _sha(pd.util.hash_pandas_object(ts, index=False).to_numpy().tobytes()),
        "columns": cols,
        "all_columns": _sha("".join(cols.values()).encode()),
    }


def worker(spec: dict[str, Any]) -> dict[str, Any]:
    """Run one model as `micic-sim run` would and measure it (see module docstring)."""
    fingerprint = source_fingerprint()
    t_start = time.perf_counter()
    import resource

    import psutil

    proc = psutil.Process()

    def rss_mb() -> float:
        return proc.memory_info().rss / MB

    def peak_mb() -> float:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # Linux: KiB

    import logging

    logging.getLogger("MESA").setLevel(logging.WARNING)  # as the CLI does
    with tempfile.TemporaryDirectory(prefix="micic-bench-run-") as tmp:
        out_dir = Path(spec.get("out_dir") or tmp)
        import numba
        from omegaconf import OmegaConf

        from micic_sim.model import EvacuationModel
        from micic_sim.results import write_run
        from micic_sim.threads import set_job_threads

        cfg = _compose(spec, str(out_dir))
        container = OmegaConf.to_container(cfg, resolve=True)
        import_s = time.perf_counter() - t_start
        rss_base = rss_mb()

        # -- the body of micic_sim.cli.run_from_config, with clocks between the parts --------
        t0 = time.perf_counter()
        model = EvacuationModel.from_config(container)
        t1 = time.perf_counter()
        rss_built = rss_mb()
        n = int(model.population.n)
        res: dict[str, Any] = {
            "mode": spec["mode"],
            "scenario": str(spec["scenario"]),
            "n": n,
            "source": fingerprint,
            "source_root": str(source_root()),
            "threads": numba.get_num_threads(),
            "import_s": round(import_s, 3),
            "construct_s": round(t1 - t0, 3),
            "rss_base_mb": round(rss_base, 1),
            "rss_built_mb": round(rss_built, 1),
            "population_nbytes": int(model.population.nbytes),
        }
        if spec["mode"] == "compile":
            model.step()
            t2 = time.perf_counter()
            res["first_step_s"] = round(t2 - t1, 3)
            res["construct_plus_first_step_s"] = round(t2 - t0, 3)
            # Some kernels compile on first use only (an institution serves only once someone
            # queues): `steps` > 1 runs on (untimed) far enough to reach every code path.
            for _ in range(int(spec.get("steps", 1)) - 1):
                model.step()
            res["peak_rss_mb"] = round(peak_mb(), 1)
            return res
        # The CLI's thread count for this run (`run.threads`, else no more than its
        # population is worth), without the CLI's load-following, which would make the
        # measurement depend on what else the machine runs.
        set_job_threads(cfg.run.threads, None, agents=n)
        res["threads"] = numba.get_num_threads()
        cpu0 = time.process_time()
        model.run(progress=False)
        t2 = time.perf_counter()
        cpu_run = time.process_time() - cpu0
        rss_run = rss_mb()
        peak_run = peak_mb()
        summary = write_run(model, out_dir, container, agents=cfg.run.write_agents)
        t3 = time.perf_counter()
        # ------------------------------------------------------------------------------------

        run_s = t2 - t1
        steps = int(model.steps)
        stages = {k: float(v) for k, v in model.timings.seconds.items()}
        glue_s = run_s - sum(stages.values())
        res.update(
            {
                "days": float(model.days),
                "steps": steps,
                "dt_hours": float(model.dt * 24),
                "agent_steps": n * steps,
                "run_s": round(run_s, 3),
                "cpu_run_s": round(cpu_run, 3),
                "write_s": round(t3 - t2, 3),
                "wall_s": round(t3 - t0, 3),
                "agent_steps_per_s": round(n * steps / run_s, 1),
                "agent_steps_per_cpu_s": round(n * steps / max(cpu_run, 1e-9), 1),
                "ns_per_agent_step": round(1e9 * run_s / (n * steps), 2),
                "stages_s": {k: round(v, 4) for k, v in stages.items()},
                "stage_share": {k: round(v / run_s, 4) for k, v in stages.items()},
                "glue_s": round(glue_s, 4),
                "glue_share": round(glue_s / run_s, 4),
                "rss_after_run_mb": round(rss_run, 1),
                "peak_rss_run_mb": round(peak_run, 1),
                "peak_rss_mb": round(peak_mb(), 1),
                "bytes_per_agent_columns": round(model.population.nbytes / n, 1),
                "bytes_per_agent_rss": round((rss_run - rss_base) * MB / n, 1),
                "bytes_per_agent_peak": round((peak_mb() - rss_base) * MB / n, 1),
                "reached_safety": round(float(summary["reached_safety"]["share"]), 4),
            }
        )
        # Agent-steps counted as Flee counts them: only people already displaced (present).
        present = int(sum(n - int(r.by_status[0].sum()) for r in model.records[1:]))
        res["present_agent_steps"] = present
        res["present_agent_steps_per_s"] = round(present / run_s, 1)
        if spec.get("observed"):  # a Flee case: score the run as Flee is scored
            from micic_sim.validation.cli import scores

            sc = scores(model, spec["observed"])
            res["ard"] = round(sc["ard"], 4)  # denominator: people observed in the camps
            res["ard_flee_total"] = round(sc["ard_flee_total"], 4)  # Flee's total count
        if spec.get("hashes", True):
            res["hashes"] = _hashes(model, out_dir)
        return res


# ---------------------------------------------------------------------------------------------
# Orchestration
# ---------------------------------------------------------------------------------------------
def _log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def _fmt(x: Any, spec: str = ",.0f") -> str:
    if x is None:
        return "-"
    return format(x, spec)


def _table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [
        max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)
    ]
    line = "  ".join(h.rjust(w) for h, w in zip(headers, widths, strict=True))
    out = [line, "  ".join("-" * w for w in widths)]
    out += ["  ".join(c.rjust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    return "\n".join(out)


def machine_info() -> dict[str, Any]:
    import numba
    import numpy as np
    import psutil

    cpu = platform.processor()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            cwd=REPO,
            timeout=5,
        ).stdout.strip()
        dirty = bool(
            subprocess.run(
                ["git", "status", "--porcelain", "micic_sim"],
                capture_output=True,
                text=True,
                cwd=REPO,
                timeout=5,
            ).stdout.strip()
        )
    except (OSError, subprocess.SubprocessError):
        commit, dirty = "", False
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gb": round(psutil.virtual_memory().total / 1e9, 1),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "numba": numba.__version__,
        "numba_default_threads": numba.config.NUMBA_NUM_THREADS,
        "git_commit": commit or None,
        "micic_sim_modified": dirty,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="micic-sim benchmark suite (see benchmarks/README.md)")
    ap.add_argument(
        "--sizes",
        default=None,
        help="agent counts, comma-separated (default 1e4,1e5,1e6; --quick: 1e4,1e5)",
    )
    ap.add_argument("--include-1e7", action="store_true", help="also run N = 1e7 (long, ~8 GB)")
    ap.add_argument(
        "--days",
        type=float,
        default=None,
        help="simulated days for every run (default 90; --quick: 20)",
    )
    ap.add_argument(
        "--quick",
        action="store_true",
        help="smoke test: sizes 1e4,1e5, 20 days, thread and Flee tests at 1e4",
    )
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument(
        "--scenarios",
        default="synthetic,libya_2011",
        help="scenarios to measure: 'synthetic' and/or bundled names or paths",
    )
    ap.add_argument(
        "--threads-n",
        type=float,
        default=None,
        help="N of the 1-vs-2-thread test (default: largest size <= 1e6; --quick: 1e4)",
    )
    ap.add_argument(
        "--flee-max-n",
        type=float,
        default=None,
        help="largest N run side by side with Flee (default 1e6; --quick 1e4)",
    )
    ap.add_argument(
        "--flee-locations",
        type=int,
        default=100,
        help="locations of Flee's synthetic graph (<= 640)",
    )
    ap.add_argument("--no-flee", action="store_true", help="skip the side-by-side with Flee")
    ap.add_argument("--compile-n", type=float, default=1e4, help="N of the compile-time test")
    ap.add_argument(
        "--wait-quiet",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="before each measured run, wait up to SECONDS for the machine's CPU "
        "use to fall below 20%% (default 0: do not wait)",
    )
    ap.add_argument("--json-out", default=None, help="also write the final JSON to this file")
    ap.add_argument("--worker", default=None, help=argparse.SUPPRESS)
    ns = ap.parse_args(argv)

    if ns.worker is not None:
        print(json.dumps(worker(json.loads(ns.worker))), flush=True)
        return 0

    sizes = (
        parse_sizes(ns.sizes)
        if ns.sizes
        else ([10_000, 100_000] if ns.quick else [10_000, 100_000, 1_000_000])
    )
    if ns.include_1e7 and 10_000_000 not in sizes:
        sizes.append(10_000_000)
    sizes = sorted(set(sizes))
    days = ns.days if ns.days is not None else (20.0 if ns.quick else 90.0)
    days_arg = int(days) if float(days).is_integer() else days
    threads_n = (
        int(ns.threads_n)
        if ns.threads_n
        else (10_000 if ns.quick else max([s for s in sizes if s <= 1_000_000] or [min(sizes)]))
    )
    flee_max = int(ns.flee_max_n) if ns.flee_max_n else (10_000 if ns.quick else 1_000_000)
    scenarios = [s.strip() for s in ns.scenarios.split(",") if s.strip()]

    t_begin = time.perf_counter()
    info = machine_info()
    _log(
        f"micic-sim benchmarks: sizes {sizes}, {days_arg} days, scenarios {scenarios}; "
        f"{info['cores']} cores, {info['cpu']}"
    )
    if info["micic_sim_modified"]:
        _log("note: micic_sim/ has uncommitted changes (recorded in the JSON)")

    with tempfile.TemporaryDirectory(prefix="micic-bench-") as tmp_s:
        tmp = Path(tmp_s)
        sys.path.insert(0, str(HERE))
        from side_by_side import side_by_side
        from synthetic import write_synthetic

        synth_dir = write_synthetic(tmp / "synthia", seed=ns.seed, days=days)
        scen_path = {s: (str(synth_dir) if s == "synthetic" else s) for s in scenarios}
        if "synthetic" not in scen_path:
            scen_path["synthetic"] = str(synth_dir)
        cache = tmp / "numba-cache"
        cache.mkdir()
        src = snapshot_sources(tmp / "src")
        fingerprint = source_fingerprint(src)
        info["source_fingerprint"] = fingerprint
        env = {
            "NUMBA_CACHE_DIR": str(cache),
            "PYTHONPATH": os.pathsep.join(
                [str(src), *filter(None, [os.environ.get("PYTHONPATH")])]
            ),
        }
        _log(
            f"measuring a snapshot of micic_sim, configs and scenarios (fingerprint "
            f"{fingerprint}) in {src}"
        )

        def measure(spec: dict[str, Any], env: dict[str, str]) -> dict[str, Any]:
            return micic_subprocess(spec, env, wait_quiet_s=ns.wait_quiet)

        # 1. JIT compile time: cold cache, then warm (same folder).
        compile_res: dict[str, Any] = {}
        cspec = {
            "mode": "compile",
            "scenario": scen_path["synthetic"],
            "n": int(ns.compile_n),
            "days": days_arg,
            "seed": ns.seed,
        }
        for label in ("cold", "warm"):
            _log(f"compile test, {label} cache, N={int(ns.compile_n):,} ...")
            compile_res[label] = measure(cspec, env)
            _log(
                f"  construct + first step {compile_res[label]['construct_plus_first_step_s']}"
                f" s, process {compile_res[label]['process_wall_s']} s"
            )

        # Every scenario's code paths compiled before any measured run (a kernel such as an
        # institution's `serve` compiles on first use, days into a run).
        for scen in scenarios:
            compile_code_paths(scen_path[scen], env, days_arg, ns.seed)

        # 2. Main runs: every scenario x size, fresh process each, warm cache.
        runs: list[dict[str, Any]] = []
        for scen in scenarios:
            for n in sizes:
                _log(f"run {scen}, N={n:,}, {days_arg} days ...")
                spec = {
                    "mode": "run",
                    "scenario": scen_path[scen],
                    "n": n,
                    "days": days_arg,
                    "seed": ns.seed,
                }
                try:
                    r = measure(spec, env)
                except (RuntimeError, subprocess.TimeoutExpired) as exc:
                    _log(f"  FAILED: {exc}")
                    runs.append({"scenario": scen, "n": n, "error": str(exc)[-500:]})
                    continue
                r["scenario"] = scen
                runs.append(r)
                _log(
                    f"  {r['agent_steps_per_s']:,.0f} agent-steps/s, run {r['run_s']} s, "
                    f"process {r['process_wall_s']} s, peak {r['peak_rss_mb']:,.0f} MiB"
                )

        # 3. Threads: 1 vs 2 on the synthetic scenario, results compared.
        threads_res: dict[str, Any] = {"n": threads_n}
        by_threads = {}
        tspec = {
            "mode": "run",
            "scenario": scen_path["synthetic"],
            "n": threads_n,
            "days": days_arg,
            "seed": ns.seed,
        }
        for k in (1, 2):
            reuse = [
                r
                for r in runs
                if r.get("scenario") == "synthetic"
                and r.get("n") == threads_n
                and r.get("threads") == k
                and "hashes" in r
                and r.get("source") == fingerprint
            ]
            if reuse:
                by_threads[k] = reuse[0]
                continue
            _log(f"thread test, {k} thread(s), N={threads_n:,} ...")
            # run.threads as well: asked for, the count holds at any population size
            by_threads[k] = measure({**tspec, "threads": k}, {**env, "NUMBA_NUM_THREADS": str(k)})
            _log(f"  {by_threads[k]['agent_steps_per_s']:,.0f} agent-steps/s")
        if by_threads[1].get("source") != by_threads[2].get("source"):  # code changed: redo
            _log("  micic_sim changed since the 2-thread run: running it again ...")
            by_threads[2] = measure({**tspec, "threads": 2}, {**env, "NUMBA_NUM_THREADS": "2"})
        a, b = by_threads[1], by_threads[2]
        same_cols = [
            c
            for c in a["hashes"]["columns"]
            if a["hashes"]["columns"][c] == b["hashes"]["columns"].get(c)
        ]
        threads_res.update(
            {
                "rate_1": a["agent_steps_per_s"],
                "rate_2": b["agent_steps_per_s"],
                "run_s_1": a["run_s"],
                "run_s_2": b["run_s"],
                "cpu_per_wall_1": round(a["cpu_run_s"] / a["run_s"], 2),
                "cpu_per_wall_2": round(b["cpu_run_s"] / b["run_s"], 2),
                "busy_before_pct": [a["busy_before_pct"], b["busy_before_pct"]],
                "sources": [a.get("source"), b.get("source")],
                "others_cpu_share": [a.get("others_cpu_share"), b.get("others_cpu_share")],
                "speedup": round(a["run_s"] / b["run_s"], 3),
                "stage_speedup": {
                    s: round(a["stages_s"][s] / b["stages_s"][s], 2)
                    for s in a["stages_s"]
                    if b["stages_s"].get(s)
                },
                "identical_summary": a["hashes"]["summary_json"] == b["hashes"]["summary_json"],
                "identical_timeseries": a["hashes"]["timeseries"] == b["hashes"]["timeseries"],
                "identical_columns": len(same_cols) == len(a["hashes"]["columns"]),
                "differing_columns": sorted(set(a["hashes"]["columns"]) - set(same_cols)),
                "summary_hash": a["hashes"]["summary_json"],
                "columns_hash": a["hashes"]["all_columns"],
            }
        )
        threads_res["identical"] = bool(
            threads_res["identical_summary"]
            and threads_res["identical_timeseries"]
            and threads_res["identical_columns"]
        )

        # 4. Side by side with Flee.
        sbs_rows: list[dict[str, Any]] = []
        sbs_skipped: str | None = "--no-flee"
        if not ns.no_flee:

            def run_micic(folder: Path, n: int, d: int) -> dict[str, Any]:
                return measure(
                    {
                        "mode": "run",
                        "scenario": str(folder),
                        "n": n,
                        "days": d,
                        "seed": ns.seed,
                        "hashes": False,
                    },
                    env,
                )

            flee_sizes = [n for n in sizes if n <= flee_max]
            sbs_days = int(round(days))
            try:
                sbs_rows, sbs_skipped = side_by_side(
                    flee_sizes,
                    sbs_days,
                    ns.flee_locations,
                    ns.seed,
                    tmp,
                    run_micic,
                    log=_log,
                    wait_quiet_s=ns.wait_quiet,
                )
            except (RuntimeError, subprocess.TimeoutExpired) as exc:
                sbs_skipped = f"failed: {exc}"
            if sbs_skipped:
                _log(f"Flee side by side: {sbs_skipped}")

    total_s = time.perf_counter() - t_begin
    report = build_report(
        info,
        sizes,
        days,
        scenarios,
        compile_res,
        runs,
        threads_res,
        sbs_rows,
        sbs_skipped,
        ns,
        total_s,
    )
    print_tables(report)
    line = json.dumps(report, separators=(",", ":"))
    if ns.json_out:
        Path(ns.json_out).write_text(json.dumps(report, indent=2) + "\n")
    print(line, flush=True)
    return 0


# ---------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------
def _target(measured: float | None, limit: float, higher_is_better: bool) -> dict[str, Any]:
    if measured is None:
        return {"measured": None, "target": limit, "met": None}
    met = measured >= limit if higher_is_better else measured < limit
    return {"measured": measured, "target": limit, "met": bool(met)}


def build_report(
    info, sizes, days, scenarios, compile_res, runs, threads_res, sbs_rows, sbs_skipped, ns, total_s
) -> dict[str, Any]:
    flee_by_n = {r["n"]: r for r in sbs_rows}
    size_rows = []
    for r in runs:
        if "error" in r:
            size_rows.append(
                {
                    "n": r["n"],
                    "scenario": r["scenario"],
                    "error": r["error"],
                    "agent_steps_per_s": None,
                    "wall_s": None,
                    "peak_rss_mb": None,
                    "flee_ratio": None,
                }
            )
            continue
        f = flee_by_n.get(r["n"]) if r["scenario"] == "synthetic" else None
        glue_collect = r["glue_share"] + r["stage_share"].get("tally", 0.0)
        size_rows.append(
            {
                "n": r["n"],
                "scenario": r["scenario"],
                "days": r["days"],
                "steps": r["steps"],
                "agent_steps_per_s": r["agent_steps_per_s"],
                "agent_steps_per_cpu_s": r["agent_steps_per_cpu_s"],
                "ns_per_agent_step": r["ns_per_agent_step"],
                "wall_s": r["wall_s"],
                "run_s": r["run_s"],
                "construct_s": r["construct_s"],
                "write_s": r["write_s"],
                "process_wall_s": r["process_wall_s"],
                "peak_rss_mb": r["peak_rss_mb"],
                "peak_rss_run_mb": r["peak_rss_run_mb"],
                "rss_base_mb": r["rss_base_mb"],
                "bytes_per_agent_columns": r["bytes_per_agent_columns"],
                "bytes_per_agent_rss": r["bytes_per_agent_rss"],
                "bytes_per_agent_peak": r["bytes_per_agent_peak"],
                "stage_share": r["stage_share"],
                "glue_share": r["glue_share"],
                "collect_plus_glue_share": round(glue_collect, 4),
                "threads": r["threads"],
                "cpu_per_wall": round(r["cpu_run_s"] / r["run_s"], 2),
                "busy_before_pct": r["busy_before_pct"],
                "others_cpu_share": r.get("others_cpu_share"),
                "steal_share": r.get("steal_share"),
                "waited_for_quiet_s": r.get("waited_for_quiet_s"),
                "reached_safety": r["reached_safety"],
                "source": r.get("source"),
                "flee_ratio": f["flee_ratio"] if f else None,
                "flee_ratio_agent_steps": f["flee_ratio_agent_steps"] if f else None,
            }
        )

    def get(scen: str, n: int) -> dict[str, Any] | None:
        for r in size_rows:
            if r["scenario"] == scen and r["n"] == n and "error" not in r:
                return r
        return None

    sources = {r.get("source") for r in runs if "error" not in r}
    sources |= {c.get("source") for c in compile_res.values()}
    sources |= {r.get("micic_source") for r in sbs_rows}
    sources |= set(threads_res.get("sources", []))
    sources.discard(None)

    targets: dict[str, Any] = {}
    for scen in scenarios:
        r6, r5, r7 = get(scen, 1_000_000), get(scen, 100_000), get(scen, 10_000_000)
        t: dict[str, Any] = {
            "rate_1e6": _target(r6 and r6["agent_steps_per_s"], TARGET_RATE_1E6, True),
            "process_wall_1e6_s": _target(r6 and r6["process_wall_s"], TARGET_WALL_1E6_S, False),
            "peak_rss_1e6_mb": _target(
                r6 and r6["peak_rss_mb"], round(TARGET_PEAK_1E6_MB, 1), False
            ),
            "peak_rss_1e7_mb": _target(
                r7 and r7["peak_rss_mb"], round(TARGET_PEAK_1E7_MB, 1), False
            ),
            "time_per_agent_step_1e7_over_1e5": _target(
                round(r7["ns_per_agent_step"] / r5["ns_per_agent_step"], 3) if r7 and r5 else None,
                TARGET_SCALING_1E7,
                False,
            ),
            "collect_plus_glue_share_1e6": _target(
                r6 and r6["collect_plus_glue_share"], TARGET_GLUE_SHARE_1E6, False
            ),
        }
        if days != 90:
            t["note"] = f"runs are {days:g} days; the wall-time target is for 90 days"
        targets[scen] = t

    return {
        "benchmark": "micic-sim issue 6",
        "machine": info,
        "settings": {
            "sizes": sizes,
            "days": days,
            "dt_hours": 6.0,
            "seed": ns.seed,
            "scenarios": scenarios,
            "threads_n": threads_res["n"],
            "flee_locations": ns.flee_locations,
            "compile_n": int(ns.compile_n),
            "wait_quiet_s": ns.wait_quiet,
        },
        "sizes": size_rows,
        "compile": {
            "n": int(ns.compile_n),
            "cold_s": compile_res["cold"]["construct_plus_first_step_s"],
            "warm_s": compile_res["warm"]["construct_plus_first_step_s"],
            "cold_process_s": compile_res["cold"]["process_wall_s"],
            "warm_process_s": compile_res["warm"]["process_wall_s"],
            "cold": compile_res["cold"],
            "warm": compile_res["warm"],
        },
        "threads": threads_res,
        "thread_speedup": threads_res["speedup"],
        "side_by_side": sbs_rows,
        "flee_skipped": sbs_skipped,
        "targets": targets,
        "source_fingerprints": sorted(sources),
        "code_changed_during_benchmark": len(sources) > 1,
        "benchmark_wall_s": round(total_s, 1),
    }


def print_tables(rep: dict[str, Any]) -> None:
    s = rep["settings"]
    m = rep["machine"]
    print(
        f"\nmicic-sim benchmarks - {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB; "
        f"Python {m['python']}, NumPy {m['numpy']}, Numba {m['numba']}; commit "
        f"{m['git_commit']}{' (micic_sim modified)' if m['micic_sim_modified'] else ''}"
    )
    print(
        f"{s['days']:g} days at a 6-hour step, seed {s['seed']}, warm Numba cache, "
        f"data collection on, run folder written\n"
    )

    rows = []
    for r in rep["sizes"]:
        if "error" in r:
            rows.append([r["scenario"], f"{r['n']:,}"] + ["FAILED"] + [""] * 13)
            continue
        rows.append(
            [
                r["scenario"],
                f"{r['n']:,}",
                f"{r['agent_steps_per_s']:,.0f}",
                f"{r['ns_per_agent_step']:.1f}",
                f"{r['construct_s']:.2f}",
                f"{r['run_s']:.2f}",
                f"{r['write_s']:.2f}",
                f"{r['wall_s']:.2f}",
                f"{r['process_wall_s']:.2f}",
                f"{r['peak_rss_mb']:,.0f}",
                f"{r['bytes_per_agent_columns']:.0f}",
                f"{r['bytes_per_agent_rss']:.0f}",
                f"{r['bytes_per_agent_peak']:.0f}",
                _fmt(r["flee_ratio"], ".2f"),
                f"{r['cpu_per_wall']:.2f}",
                f"{100 * (r['others_cpu_share'] or 0):.0f}%",
            ]
        )
    print("Speed and memory (one fresh process per row)")
    print(
        _table(
            [
                "scenario",
                "N",
                "agent-steps/s",
                "ns/agent-step",
                "build s",
                "run s",
                "write s",
                "wall s",
                "process s",
                "peak MiB",
                "B/agent cols",
                "B/agent RSS",
                "B/agent peak",
                "x Flee",
                "CPU/wall",
                "others",
            ],
            rows,
        )
    )
    busy = [r for r in rep["sizes"] if (r.get("others_cpu_share") or 0) > 0.1]
    if busy:
        print(
            f"  WARNING: other processes used more than 10% of the machine during "
            f"{len(busy)} run(s) ('others'): those timings are pessimistic; rerun on a quiet "
            "machine (--wait-quiet helps)"
        )

    print("\nWhere the stepping time goes (share of run s; glue = run s minus the stages)")
    rows = []
    for r in rep["sizes"]:
        if "error" in r:
            continue
        sh = r["stage_share"]
        rows.append(
            [r["scenario"], f"{r['n']:,}"]
            + [f"{100 * sh.get(k, 0):.1f}%" for k in STAGES]
            + [f"{100 * r['glue_share']:.1f}%", f"{100 * r['collect_plus_glue_share']:.1f}%"]
        )
    print(_table(["scenario", "N", *STAGES, "glue", "tally+glue"], rows))

    c = rep["compile"]
    print(
        f"\nJIT compile (N={c['n']:,}; first model construction + first step; process = "
        "interpreter start to exit)"
    )
    rows = [
        [
            k,
            f"{c[k]['import_s']:.2f}",
            f"{c[k]['construct_s']:.2f}",
            f"{c[k]['first_step_s']:.2f}",
            f"{c[k]['construct_plus_first_step_s']:.2f}",
            f"{c[k]['process_wall_s']:.2f}",
        ]
        for k in ("cold", "warm")
    ]
    print(
        _table(["cache", "import s", "build s", "first step s", "build+step s", "process s"], rows)
    )

    t = rep["threads"]
    print(
        f"\nThreads (synthetic, N={t['n']:,}): 1 thread {t['rate_1']:,.0f} agent-steps/s "
        f"({t['run_s_1']:.1f} s), 2 threads {t['rate_2']:,.0f} ({t['run_s_2']:.1f} s): "
        f"speed-up {t['speedup']:.2f}x (CPU/wall {t['cpu_per_wall_1']:.2f} and "
        f"{t['cpu_per_wall_2']:.2f}; others {100 * (t['others_cpu_share'][0] or 0):.0f}% and "
        f"{100 * (t['others_cpu_share'][1] or 0):.0f}%); per stage "
        + ", ".join(f"{k} {v:.2f}x" for k, v in t["stage_speedup"].items())
    )
    print(
        f"  results identical: summary.json {t['identical_summary']}, timeseries "
        f"{t['identical_timeseries']}, all agent columns {t['identical_columns']}"
        + (f" (differ: {', '.join(t['differing_columns'])})" if t["differing_columns"] else "")
        + f" [summary {t['summary_hash']}, columns {t['columns_hash']}]"
    )

    print(
        f"\nSide by side with Flee (Flee's synthetic graph, {s['flee_locations']} locations, "
        "same agents and days; Flee 1-day steps, micic-sim 6-hour steps)"
    )
    if rep["side_by_side"]:
        rows = [
            [
                f"{r['n']:,}",
                f"{r['flee_agent_steps_per_s']:,.0f}",
                f"{r['flee_wall_s']:.1f}",
                f"{r['flee_peak_rss_mb']:,.0f}",
                f"{r['micic_agent_steps_per_s']:,.0f}",
                f"{r['micic_run_s']:.1f}",
                f"{r['micic_peak_rss_mb']:,.0f}",
                f"{r['flee_ratio']:.1f}x",
                f"{r['flee_ratio_agent_steps']:.1f}x",
            ]
            for r in rep["side_by_side"]
        ]
        print(
            _table(
                [
                    "N",
                    "Flee agent-steps/s",
                    "Flee s",
                    "Flee MiB",
                    "micic agent-steps/s",
                    "micic s",
                    "micic MiB",
                    "agent-days/s ratio",
                    "agent-steps/s ratio",
                ],
                rows,
            )
        )
    if rep["flee_skipped"]:
        print(f"  Flee: {rep['flee_skipped']}")

    print("\nTargets (issue 6)")
    rows = []
    labels = {
        "rate_1e6": "agent-steps/s at 1e6 >= 1e7",
        "process_wall_1e6_s": "1e6 x 90 d process wall (warm cache) < 60 s",
        "peak_rss_1e6_mb": "peak RSS at 1e6 < 1.5 GB",
        "peak_rss_1e7_mb": "peak RSS at 1e7 < 8 GB",
        "time_per_agent_step_1e7_over_1e5": "ns/agent-step 1e7 / 1e5 <= 1.3",
        "collect_plus_glue_share_1e6": "tally + glue share at 1e6 < 10%",
    }
    for scen, tg in rep["targets"].items():
        for key, label in labels.items():
            v = tg[key]
            status = "not measured" if v["met"] is None else ("met" if v["met"] else "MISSED")
            rows.append(
                [scen, label, _fmt(v["measured"], ",.3g"), _fmt(v["target"], ",.3g"), status]
            )
        if "note" in tg:
            rows.append([scen, tg["note"], "", "", ""])
    print(_table(["scenario", "target", "measured", "limit", "status"], rows))
    if rep["code_changed_during_benchmark"]:
        print(
            f"\nWARNING: micic_sim, configs or scenarios changed during the benchmark "
            f"(fingerprints {', '.join(rep['source_fingerprints'])}): rows may not be "
            "comparable"
        )
    print(f"\nbenchmark wall time {rep['benchmark_wall_s']:.0f} s\n")


if __name__ == "__main__":
    raise SystemExit(main())
