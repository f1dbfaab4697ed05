"""Flee and micic-sim side by side: on Flee's own cases, and on the same synthetic graph.

**Flee's cases** (`--cases mali,car`, from `--shared`, default `../shared/flee-conflicts`):
Flee runs each case with its defaults, or with the case's own `simsetting.yml` when its input
folder holds one (`flee_runner.py case`); micic-sim imports the same input folder, that file
included (`import_flee`, its defaults: local wayfinding, one step a day, one agent per person
or, where the case's simsetting.yml sets Flee's `hasten`, one per that many people)
and runs it. Both are scored with the ARD against the same UNHCR counts. Printed per case and tool:
ARD, wall time of the simulation loop, agent-steps per second, peak memory, and the ratios.
Agent-steps are counted as Flee counts them: people already displaced, each simulated day.

**Synthetic graph** (`--sizes`; `--sizes ''` skips it):

The graph is `flee_runner.synthetic_graph(n_locations, seed)` (benchmarks/flee_runner.py):
locations at random in a 1000 km square, the first tenth conflict zones, the last tenth camps in a
foreign country, the rest towns; a random spanning tree plus n/2 extra links. Flee runs it with
`flee_runner.py synthetic` in its own virtual environment (`/work/flee-venv`, or $FLEE_PYTHON);
micic-sim runs an equivalent scenario folder written by `write_flee_equivalent`:

- every Flee location is a place with the same id and position; conflict zones and towns are
  cities in the host country (HOM), conflict zones with hazard 1.0 from day 0; camps are
  reception places in the foreign country (ABR) with no capacity limit (Flee's camps are sized
  never to bind);
- micic-sim never lets a route slip across a border (a crossing is an explicit act), so each camp
  that has a link from the host country gets a border post `G<i>` at the camp's position, the
  host-side links to the camp end at that post, and a crossing `G<i>` -> camp (1 km, no documents
  needed, no capacity limit) joins them: the same places, links and distances plus one 1 km hop;
- all agents are single adults with passports (every agent decides and moves for itself, as in
  Flee) of one nationality, placed in the conflict zones in proportion to their populations;
- links are roads (micic-sim's road speed is 300 km/day, Flee's maximum move speed 360 km/day).

The models differ in behaviour (micic-sim's people must be warned before they leave, choose an
exit, queue at crossings, ...), so this compares cost on the same world, not outcomes. Flee steps
one day at a time; micic-sim steps 6 hours by default (four steps per day), so two ratios are
reported: `flee_ratio`, simulated agent-days per second of wall (micic-sim over Flee: the same
agents over the same days), and `flee_ratio_agent_steps`, agent-steps per second (each model's
own step).

    .venv/bin/python benchmarks/side_by_side.py --cases mali,car --sizes 1e4,1e5 --days 90

The last line of output is one JSON object ({"cases": ..., "side_by_side": ..., "skipped": ...});
a table of the cases goes to stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from flee_runner import synthetic_graph  # noqa: E402  (needs only NumPy)
from measure import (  # noqa: E402
    busy_pct,
    compile_code_paths,
    micic_subprocess,
    parse_sizes,
    run_measured,
    snapshot_sources,
)

DEFAULT_FLEE_PYTHON = "/work/flee-venv/bin/python"
FLEE_SETUP = (
    "python -m venv /work/flee-venv && /work/flee-venv/bin/pip install flee psutil "
    "(or: pip install -e '.[bench]' in a separate venv)"
)


def flee_python() -> str | None:
    """The Python of the Flee virtual environment, or None if it is missing."""
    exe = os.environ.get("FLEE_PYTHON", DEFAULT_FLEE_PYTHON)
    if not Path(exe).exists():
        return None
    ok = subprocess.run([exe, "-c", "import flee"], capture_output=True, timeout=120)
    return exe if ok.returncode == 0 else None


def write_flee_equivalent(
    folder: str | Path, n_locations: int, n_agents: int, days: float, seed: int = 0
) -> Path:
    """Write the micic-sim scenario equivalent to Flee's synthetic graph (module docstring)."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    locations, links = synthetic_graph(n_locations, seed)
    is_camp = [loc[1] == "camp" for loc in locations]

    def latlon(x: float, y: float) -> tuple[float, float]:
        return round(10.0 + y / 111.0, 5), round(10.0 + x / 111.0, 5)

    places = []
    for name, kind, x, y, _pop, _country in locations:
        lat, lon = latlon(x, y)
        places.append(
            [
                name,
                name,
                "reception" if kind == "camp" else "city",
                "ABR" if kind == "camp" else "HOM",
                lat,
                lon,
                "",
            ]
        )
    gated = sorted({a if is_camp[a] else b for a, b, _ in links if is_camp[a] != is_camp[b]})
    if len(gated) > 64:
        raise ValueError(
            f"{len(gated)} camps reachable from the host country: micic-sim "
            "supports at most 64 crossings (use n_locations <= 640)"
        )
    for c in gated:
        name, _kind, x, y, _pop, _country = locations[c]
        lat, lon = latlon(x, y)
        places.append([f"G{c}", f"{name} border post", "border_exit", "HOM", lat, lon, ""])
    rows = []
    for k, (a, b, km) in enumerate(links):
        if is_camp[a] != is_camp[b]:  # host -> camp: the link ends at the camp's border post
            a, b = (b, a) if is_camp[a] else (a, b)
            rows.append([f"r{k}", locations[a][0], f"G{b}", round(km, 3), "road", "", "yes"])
        else:
            rows.append(
                [f"r{k}", locations[a][0], locations[b][0], round(km, 3), "road", "", "yes"]
            )
    crossings = [
        [f"X{c}", f"G{c}", locations[c][0], "", "none", "", "no", 0, 0, "no", 1] for c in gated
    ]
    population = [
        [name, "SYN", "regular", "passport", "adult", "single", int(pop), 0]
        for name, kind, _x, _y, pop, _c in locations
        if kind == "conflict_zone"
    ]
    timeline = [[0, "hazard", name, 1.0] for name, kind, *_ in locations if kind == "conflict_zone"]
    meta = {
        "name": f"flee_synthetic_{n_locations}",
        "title": f"Flee's synthetic graph ({n_locations} locations, seed {seed})",
        "description": "Equivalent of benchmarks/flee_runner.py synthetic, for the side-by-side "
        "speed comparison (benchmarks/side_by_side.py).",
        "start_date": "2030-01-01",
        "days": float(days),
        "agents": int(n_agents),
        "host_country": "HOM",
        "host_languages": ["hom"],
        "nationalities": [{"id": "SYN", "name": "Synthetic", "language": "hom"}],
        "behaviour": {},
    }
    from synthetic import _write_csv

    (out / "scenario.yaml").write_text(yaml.safe_dump(meta, sort_keys=False), encoding="utf-8")
    _write_csv(
        out / "places.csv", ["id", "name", "kind", "country", "lat", "lon", "capacity"], places
    )
    _write_csv(
        out / "links.csv",
        ["id", "from", "to", "distance_km", "mode", "daily_capacity", "two_way"],
        rows,
    )
    _write_csv(
        out / "crossings.csv",
        [
            "id",
            "exit_place",
            "entry_place",
            "daily_capacity",
            "documents",
            "visa_required",
            "exit_permit",
            "exit_fee_usd",
            "overstay_penalty_usd",
            "detains_irregular",
            "distance_km",
        ],
        crossings,
    )
    _write_csv(
        out / "population.csv",
        [
            "place",
            "nationality",
            "status",
            "documentation",
            "age_group",
            "household",
            "count",
            "day",
        ],
        population,
    )
    _write_csv(out / "timeline.csv", ["day", "event", "target", "value"], timeline)
    return out


def run_flee(
    exe: str,
    n_locations: int,
    n_agents: int,
    days: int,
    seed: int = 0,
    timeout: float = 4 * 3600,
    wait_quiet_s: float = 0.0,
) -> dict:
    """Run Flee's synthetic mode in its venv; its JSON result plus the process wall time."""
    return _flee(
        exe,
        [
            "synthetic",
            "--n-locations",
            str(n_locations),
            "--n-agents",
            str(n_agents),
            "--days",
            str(days),
            "--seed",
            str(seed),
        ],
        timeout,
        wait_quiet_s,
    )


def run_flee_case(
    exe: str,
    input_folder: Path,
    validation: Path,
    out_csv: Path,
    seed: int = 0,
    timeout: float = 4 * 3600,
    wait_quiet_s: float = 0.0,
) -> dict:
    """Run one of Flee's own cases with Flee's defaults or the case's simsetting.yml
    (flee_runner.py case)."""
    return _flee(
        exe,
        [
            "case",
            "--input",
            str(input_folder),
            "--validation",
            str(validation),
            "--out-csv",
            str(out_csv),
            "--seed",
            str(seed),
        ],
        timeout,
        wait_quiet_s,
    )


def _flee(exe: str, args: list[str], timeout: float, wait_quiet_s: float) -> dict:
    cmd = [exe, str(HERE / "flee_runner.py"), *args]
    busy, _waited = busy_pct(wait_quiet_s)
    proc, wall, contention = run_measured(cmd, timeout=timeout)
    if proc.returncode != 0:
        raise RuntimeError(f"Flee failed ({proc.returncode}): {proc.stderr[-2000:]}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["process_wall_s"] = round(wall, 3)
    result["busy_before_pct"] = busy
    result.update(contention)
    return result


def compare(flee: dict, micic: dict) -> dict:
    """Ratios of micic-sim to Flee (> 1: micic-sim is faster)."""
    micic_days_per_s = micic["n"] * micic["days"] / micic["run_s"]
    flee_days_per_s = flee["agent_steps"] / flee["wall_s"]  # Flee: one step per day
    return {
        "n": micic["n"],
        "n_locations": flee["n_locations"],
        "n_links": flee["n_links"],
        "days": flee["days"],
        "flee_wall_s": flee["wall_s"],
        "flee_setup_s": flee["setup_s"],
        "flee_agent_steps_per_s": flee["agent_steps_per_s"],
        "flee_peak_rss_mb": flee["peak_rss_mb"],
        "flee_final_in_camps": flee["final_in_camps"],
        "micic_run_s": micic["run_s"],
        "micic_construct_s": micic["construct_s"],
        "micic_steps": micic["steps"],
        "micic_agent_steps_per_s": micic["agent_steps_per_s"],
        "micic_peak_rss_mb": micic["peak_rss_mb"],
        "micic_reached_safety": micic.get("reached_safety"),
        "busy_before_pct": [flee.get("busy_before_pct"), micic.get("busy_before_pct")],
        "others_cpu_share": [flee.get("others_cpu_share"), micic.get("others_cpu_share")],
        "micic_source": micic.get("source"),
        "flee_ratio": round(micic_days_per_s / flee_days_per_s, 3),
        "flee_ratio_agent_steps": round(micic["agent_steps_per_s"] / flee["agent_steps_per_s"], 3),
    }


def side_by_side(
    sizes: list[int],
    days: int,
    n_locations: int,
    seed: int,
    workdir: Path,
    run_micic,
    log=print,
    wait_quiet_s: float = 0.0,
) -> tuple[list[dict], str | None]:
    """Run Flee then micic-sim for each size; returns (rows, reason skipped or None).

    `run_micic(scenario_path, n, days)` runs micic-sim (run.py runs it in a fresh subprocess).
    """
    exe = flee_python()
    if exe is None:
        return [], (
            f"Flee not found at {os.environ.get('FLEE_PYTHON', DEFAULT_FLEE_PYTHON)} "
            f"(set FLEE_PYTHON, or create it: {FLEE_SETUP}); skipped"
        )
    rows = []
    for n in sizes:
        folder = write_flee_equivalent(
            workdir / f"flee_equivalent_{n_locations}_{n}", n_locations, n, days, seed
        )
        log(f"[side-by-side] Flee, {n_locations} locations, {n:,} agents, {days} days ...")
        flee = run_flee(exe, n_locations, n, days, seed, wait_quiet_s=wait_quiet_s)
        log(
            f"[side-by-side]   Flee {flee['agent_steps_per_s']:,.0f} agent-steps/s, "
            f"{flee['wall_s']:.1f} s; micic-sim ..."
        )
        micic = run_micic(folder, n, days)
        row = compare(flee, micic)
        log(
            f"[side-by-side]   micic-sim {micic['agent_steps_per_s']:,.0f} agent-steps/s, "
            f"{micic['run_s']:.1f} s: ratio {row['flee_ratio']:.1f}x (agent-days/s), "
            f"{row['flee_ratio_agent_steps']:.1f}x (agent-steps/s)"
        )
        rows.append(row)
    return rows, None


#: Flee's shipped cases (shared/flee-conflicts): input folder and validation folder names.
CASES = {"mali": "mali2012", "car": "car2013"}


def compare_case(flee: dict, micic: dict) -> dict:
    """One Flee case, both tools with their defaults: speed, memory and ARD, and the ratios.
    Agent-steps are counted as Flee counts them (people already displaced, each day)."""
    micic_rate = micic["present_agent_steps"] / micic["run_s"]
    return {
        "days": flee["days"],
        "agents": flee["final_agents"],
        "flee_wall_s": flee["wall_s"],
        "micic_run_s": micic["run_s"],
        "micic_process_wall_s": micic["process_wall_s"],
        "flee_agent_steps": flee["agent_steps"],
        "micic_agent_steps": micic["present_agent_steps"],
        "flee_agent_steps_per_s": flee["agent_steps_per_s"],
        "micic_agent_steps_per_s": round(micic_rate, 1),
        "flee_peak_rss_mb": flee["peak_rss_mb"],
        "micic_peak_rss_mb": micic["peak_rss_mb"],
        # ARD with two denominators: people observed in the modelled camps ("ard"), and
        # Flee's total refugee count (run.py's "raw UNHCR refugee count", "Total error")
        "flee_ard": flee["ard"],
        "micic_ard": micic["ard"],
        "flee_ard_flee_total": flee.get("ard_total_error_mean"),
        "micic_ard_flee_total": micic.get("ard_flee_total"),
        "ratio_agent_steps_per_s": round(micic_rate / flee["agent_steps_per_s"], 1),
        "ratio_wall": round(flee["wall_s"] / micic["run_s"], 1),
        "ard_difference": round(micic["ard"] - flee["ard"], 4),
        # other processes' share of the machine while each ran (Flee, micic-sim)
        "others_cpu_share": [flee.get("others_cpu_share"), micic.get("others_cpu_share")],
    }


def side_by_side_cases(
    cases: list[str],
    shared: Path,
    seed: int,
    workdir: Path,
    run_micic,
    log=print,
    wait_quiet_s: float = 0.0,
    compile_case=None,
) -> tuple[dict, str | None]:
    """Each Flee case imported into micic-sim (`import_flee`, defaults) and run by both tools.
    `compile_case(scenario_path)`, if given, compiles the kernels first (one step)."""
    from micic_sim.scenario.flee_import import import_flee

    exe = flee_python()
    if exe is None:
        return {}, "Flee not found (set FLEE_PYTHON, or create it: " + FLEE_SETUP + "); skipped"
    rows = {}
    for spec in cases:
        case = spec
        if "=" in spec:  # any other Flee case: NAME=INPUT:VALIDATION
            case, folders = spec.split("=", 1)
            inp, val = (Path(f) for f in folders.split(":", 1))
        else:
            inp = shared / "input" / case
            val = shared / "validation" / CASES[case]
        if not inp.is_dir():
            return rows, f"{inp} not found; cases skipped"
        root = import_flee(inp, workdir, f"flee_{case}", validation=val, overwrite=True)
        if compile_case is not None:
            compile_case(root)  # no measured run includes the JIT of the wayfinding kernels
        log(f"[side-by-side] {case}: Flee ...")
        flee = run_flee_case(
            exe, inp, val, workdir / f"flee-{case}.csv", seed, wait_quiet_s=wait_quiet_s
        )
        log(f"[side-by-side]   Flee ARD {flee['ard']:.4f}, {flee['wall_s']:.1f} s; micic-sim ...")
        meta = yaml.safe_load((root / "scenario.yaml").read_text())
        # The import's agents: one per person, or one per `hasten` people as Flee runs the case
        agents = int(meta.get("agents") or meta["notes"]["people"])
        micic = run_micic(root, agents, None, observed=root / "observed" / "flee")
        rows[case] = compare_case(flee, micic)
        r = rows[case]
        log(
            f"[side-by-side]   micic-sim ARD {r['micic_ard']:.4f}, {r['micic_run_s']:.1f} s: "
            f"{r['ratio_agent_steps_per_s']:.0f}x agent-steps/s"
        )
    return rows, None


def main(argv: list[str] | None = None) -> int:
    import tempfile

    ap = argparse.ArgumentParser(description="Flee vs micic-sim on the same synthetic graph.")
    ap.add_argument("--sizes", default="1e4,1e5", help="agent counts, comma-separated")
    ap.add_argument("--days", type=int, default=90)
    ap.add_argument("--locations", type=int, default=100)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument(
        "--wait-quiet",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="before each run, wait up to SECONDS for a quiet machine",
    )
    ap.add_argument(
        "--cases",
        default="mali,car",
        help="Flee cases to run with both tools, comma-separated: mali, car (in --shared) or "
        "NAME=INPUT:VALIDATION, e.g. mali2022_2024=experiments/flee_validation/cases/"
        "mali2022_2024/input:experiments/flee_validation/cases/mali2022_2024/validation "
        "('' none)",
    )
    ap.add_argument(
        "--shared",
        type=Path,
        default=HERE.parent.parent / "shared" / "flee-conflicts",
        help="folder with Flee's cases (input/, validation/)",
    )
    ns = ap.parse_args(argv)
    sizes = parse_sizes(ns.sizes)
    with tempfile.TemporaryDirectory(prefix="micic-sbs-") as tmp_s:
        tmp = Path(tmp_s)
        (tmp / "numba-cache").mkdir()
        src = snapshot_sources(tmp / "src")  # as run.py: measure the code as it is now
        env = {
            "NUMBA_CACHE_DIR": str(tmp / "numba-cache"),
            "PYTHONPATH": os.pathsep.join(
                [str(src), *filter(None, [os.environ.get("PYTHONPATH")])]
            ),
        }

        def run_micic(folder: Path, n: int, days: int | None, observed: Path | None = None) -> dict:
            spec = {
                "mode": "run",
                "scenario": str(folder),
                "n": n,
                "days": days,
                "seed": ns.seed,
                "hashes": False,
            }
            if observed is not None:
                spec["observed"] = str(observed)
            return micic_subprocess(spec, env, wait_quiet_s=ns.wait_quiet)

        # Compile the kernels into the cache first, so that no measured run includes the JIT.
        warm = write_flee_equivalent(tmp / "warm-up", ns.locations, 1000, 2, ns.seed)
        micic_subprocess({"mode": "compile", "scenario": str(warm), "n": 1000}, env)

        def log(m: str) -> None:
            print(m, file=sys.stderr)

        cases = [c for c in ns.cases.split(",") if c.strip()]
        case_rows, case_skipped = side_by_side_cases(
            cases,
            ns.shared,
            ns.seed,
            tmp,
            run_micic,
            log=log,
            wait_quiet_s=ns.wait_quiet,
            compile_case=lambda f: compile_code_paths(f, env, seed=ns.seed),
        )
        rows, skipped = (
            side_by_side(
                sizes,
                ns.days,
                ns.locations,
                ns.seed,
                tmp,
                run_micic,
                log=log,
                wait_quiet_s=ns.wait_quiet,
            )
            if sizes
            else ([], None)
        )
    for reason in (case_skipped, skipped):
        if reason:
            print(reason, file=sys.stderr)
    if case_rows:
        print(_case_table(case_rows), file=sys.stderr)
    print(
        json.dumps(
            {
                "cases": case_rows,
                "side_by_side": rows,
                "skipped": [r for r in (case_skipped, skipped) if r],
            }
        )
    )
    return 0


def _case_table(rows: dict[str, dict]) -> str:
    """Both tools on Flee's cases, a line each, for reading in the terminal."""
    head = (
        f"{'case':6} {'tool':10} {'ARD camps':>9} {'ARD total':>9} {'run s':>8} "
        f"{'agent-steps/s':>14} {'peak MiB':>9}"
    )
    lines = [
        "ARD camps: denominator people observed in the modelled camps; ARD total: Flee's "
        "total refugee count (run.py 'raw UNHCR refugee count')",
        head,
    ]

    def num(x):
        return f"{x:9.4f}" if x is not None else f"{'-':>9}"

    for case, r in rows.items():
        lines.append(
            f"{case:6} {'Flee':10} {num(r['flee_ard'])} {num(r.get('flee_ard_flee_total'))} "
            f"{r['flee_wall_s']:8.1f} "
            f"{r['flee_agent_steps_per_s']:14,.0f} {r['flee_peak_rss_mb']:9.0f}"
        )
        lines.append(
            f"{case:6} {'micic-sim':10} {num(r['micic_ard'])} "
            f"{num(r.get('micic_ard_flee_total'))} {r['micic_run_s']:8.1f} "
            f"{r['micic_agent_steps_per_s']:14,.0f} {r['micic_peak_rss_mb']:9.0f}"
        )
        lines.append(
            f"{case:6} {'ratio':10} {r['ard_difference']:+9.4f} {'':9} {r['ratio_wall']:7.1f}x "
            f"{r['ratio_agent_steps_per_s']:13.1f}x"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
