"""Sweep throughput: N runs of Libya 2011 (20,000 agents, 120 days, one seed each) through
`micic-sim run -m`, exactly as a user's sweep runs, with the joblib launcher (and optionally a
local Ray head). Prints runs per second, the share of the workers' time that is not stepping
the model (overhead: interpreter start, imports, compiled-kernel loading, Hydra's per-job work,
scenario load, model build, writing the run folder) and how much CPU other processes used.

    .venv/bin/python benchmarks/throughput.py                 # 1,000 runs, joblib
    .venv/bin/python benchmarks/throughput.py --runs 20       # smoke test
    .venv/bin/python benchmarks/throughput.py --runs 200 --ray  # also a local Ray head

Target (issue 16): 1,000 runs in under 6 minutes with joblib on 2 cores; Ray within 1.2x of
joblib. Ray runs inside a loopback-only network namespace (`unshare -n`, root): Ray listens on
every interface otherwise. The last line of stdout is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_S_PER_1000 = 360.0
RAY_TARGET_RATIO = 1.2


def machine_cpu_s() -> float:
    """CPU seconds every process on the machine has used so far (/proc/stat: all but idle
    and iowait), so that a run's `others` share can be worked out."""
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    ticks = [int(x) for x in fields]
    busy = sum(ticks) - ticks[3] - ticks[4] - sum(ticks[8:])  # guest time is in user already
    return busy / os.sysconf("SC_CLK_TCK")


def children_cpu_s() -> float:
    import resource

    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def loopback_namespace() -> list[str]:
    """Command prefix for a new network namespace with only loopback (needs root)."""
    wrap = ["unshare", "-n", "sh", "-c", 'ip link set lo up && exec "$0" "$@"']
    probe = subprocess.run([*wrap, "ip", "-o", "link"], capture_output=True, text=True)
    links = [line.split(":")[1].strip() for line in probe.stdout.splitlines()]
    if probe.returncode != 0 or links != ["lo"]:
        sys.exit("--ray needs root for `unshare -n` (a loopback-only network namespace)")
    return wrap


def sweep(args: argparse.Namespace, launcher: str, out: Path) -> dict:
    """One sweep of args.runs seeds; returns its measurements."""
    cmd = [
        sys.executable,
        "-m",
        "micic_sim",
        "run",
        "-m",
        f"scenario={args.scenario}",
        f"seed=range({args.runs})",
        f"population.total={args.agents}",
        f"days={args.days}",
        "run.progress=false",
        "run.compare_baseline=false",
        f"run.write_agents={str(args.write_agents).lower()}",
        f"hydra.sweep.dir={out}",
    ]
    wrap: list[str] = []
    if launcher == "joblib":
        cmd.append(f"hydra.launcher.n_jobs={args.n_jobs}")
        if args.batch_size is not None:  # else joblib_local.yaml's, as a user's sweep
            cmd.append(f"hydra.launcher.batch_size={args.batch_size}")
    else:
        wrap = loopback_namespace()
        cmd += [
            "hydra/launcher=ray",
            "+hydra.launcher.ray.init.include_dashboard=false",
            f"+hydra.launcher.ray.init.num_cpus={args.n_jobs}",
        ]
    env = {**os.environ, "RAY_USAGE_STATS_ENABLED": "0"}
    cpu0, own0, t0 = machine_cpu_s(), children_cpu_s(), time.perf_counter()
    r = subprocess.run([*wrap, *cmd], cwd=ROOT, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    cpu1, own1 = machine_cpu_s(), children_cpu_s()
    if r.returncode != 0:
        sys.exit(f"{launcher} sweep failed:\n{r.stderr[-3000:]}")
    done = list(out.rglob("summary.json"))
    if len(done) != args.runs:
        sys.exit(f"{launcher}: {len(done)} of {args.runs} runs finished")
    stepping = sum(
        sum(json.loads(p.read_text())["timings_s"].values()) for p in out.rglob("provenance.json")
    )
    threads = sorted(
        {json.loads(p.read_text())["numba_threads"] for p in out.rglob("provenance.json")}
    )
    cores = os.cpu_count() or 1
    own = own1 - own0  # the sweep's processes (Ray's too: they exit with the sweep)
    slots = wall * args.n_jobs
    out = {
        "launcher": launcher,
        "runs": args.runs,
        "wall_s": round(wall, 1),
        "runs_per_s": round(args.runs / wall, 3),
        "s_per_1000_runs": round(wall / args.runs * 1000, 1),
        "stepping_s": round(stepping, 1),
        "overhead_share": round(max(0.0, 1 - stepping / slots), 3),
        "sweep_cpu_s": round(own, 1),
        "others_cpu_share": round(max(0.0, (cpu1 - cpu0 - own) / (wall * cores)), 3),
        "numba_threads_per_job": threads,
    }
    if launcher == "ray":  # Ray's workers are not this process's children: not in sweep_cpu_s
        out["cpu_note"] = "Ray's worker processes are counted in others_cpu_share"
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=1000)
    ap.add_argument("--agents", type=int, default=20_000)
    ap.add_argument("--days", type=float, default=120)
    ap.add_argument("--scenario", default="libya_2011")
    ap.add_argument("--n-jobs", type=int, default=2, help="jobs at once (joblib n_jobs, Ray CPUs)")
    ap.add_argument(
        "--batch-size", help="joblib: jobs sent to a worker at once (default: joblib_local.yaml's)"
    )
    ap.add_argument("--write-agents", action="store_true", help="also write agents.parquet")
    ap.add_argument("--ray", action="store_true", help="also the same sweep on a local Ray head")
    ap.add_argument("--keep", type=Path, help="keep the sweeps' folders here")
    args = ap.parse_args()

    base = args.keep or Path(tempfile.mkdtemp(prefix="micic-throughput-"))
    results = []
    try:
        for launcher in ["joblib", *(["ray"] if args.ray else [])]:
            print(f"{launcher}: {args.runs} runs ...", file=sys.stderr, flush=True)
            results.append(sweep(args, launcher, base / launcher))
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)

    head = f"{'launcher':8} {'runs':>5} {'wall s':>8} {'runs/s':>7} {'s/1000':>7} "
    head += f"{'overhead':>8} {'others':>6}  threads/job"
    print(head)
    for r in results:
        print(
            f"{r['launcher']:8} {r['runs']:>5} {r['wall_s']:>8} {r['runs_per_s']:>7} "
            f"{r['s_per_1000_runs']:>7} {r['overhead_share']:>8.0%} "
            f"{r['others_cpu_share']:>6.0%}  {r['numba_threads_per_job']}"
        )
    joblib = results[0]
    targets = {
        "joblib_1000_runs_s": {
            "measured": joblib["s_per_1000_runs"],
            "target": TARGET_S_PER_1000,
            "met": joblib["s_per_1000_runs"] < TARGET_S_PER_1000,
        }
    }
    if args.ray:
        ratio = results[1]["wall_s"] / joblib["wall_s"]
        targets["ray_vs_joblib"] = {
            "measured": round(ratio, 2),
            "target": RAY_TARGET_RATIO,
            "met": ratio <= RAY_TARGET_RATIO,
        }
    for name, t in targets.items():
        verdict = "met" if t["met"] else "NOT met"
        print(f"target {name}: {t['measured']} (target {t['target']}) {verdict}")
    if any(r["others_cpu_share"] > 0.1 for r in results):
        print("warning: other processes used >10% of the machine: rerun on a quiet machine")
    settings = {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()}
    print(json.dumps({"settings": settings, "sweeps": results, "targets": targets}))


if __name__ == "__main__":
    main()
