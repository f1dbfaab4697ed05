"""Leave-one-case-out validation of the shared import defaults on Flee's cases.

For each case: the three import defaults tuned by `micic-sim calibrate` (foreign_weight,
capacity_buffer, camp_move_chance; the grid below) are fitted on the *other* cases only (the
grid point with the lowest mean ARD over them, seed 0), and the case is scored with them on
seeds 0, 1 and 2, beside Flee 3.1 run with its own defaults on the same input and validation
folders (benchmarks/flee_runner.py), or with the case's own simsetting.yml when its input
folder holds one (both tools read it: micic_sim.scenario.flee_settings). Both ARD
denominators are kept apart (micic_sim.validation.cli.DENOMINATORS): ``camps``, people
observed in the modelled camps, and ``total``, Flee's total refugee count (run.py's "raw
UNHCR refugee count").

    .venv/bin/python experiments/flee_validation/loco.py            # micic-sim only
    .venv/bin/python experiments/flee_validation/loco.py --flee     # and Flee (slow)
    .venv/bin/python experiments/flee_validation/loco.py \\
        --case mycase=path/to/input:path/to/validation               # more cases

Every case is imported from its Flee folders by `import_flee` (no hand edits; its warnings
and self-check land in each scenario's import.json). Results are cached in loco/grid/<case>.csv,
loco/scores/<case>.csv and loco/flee.csv (delete them to start again) and summarised in
loco/results.md. ``--grid-only --cases a,b`` runs the grid of some cases only (one file per
case, so two such processes may run side by side); Flee runs in a subprocess.
"""

from __future__ import annotations

import argparse
import itertools
import json
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

from micic_sim.scenario.flee_translate import FLEE_GRID

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
SHARED = REPO.parent / "shared" / "flee-conflicts"
OUT = HERE / "loco"
WORK = OUT / "scenarios"  # imported cases (not kept in git: made again from the Flee folders)

#: Cases shipped with Flee's validation data in shared/flee-conflicts (never Burundi 2015,
#: South Sudan 2014 or Syria 2013: they are kept aside for independent checks).
CASES = {
    "mali2012": (SHARED / "input/mali", SHARED / "validation/mali2012"),
    "car2013": (SHARED / "input/car", SHARED / "validation/car2013"),
    # from FabFlee's config_files (cases/<name>/SOURCE.md says where each file comes from)
    **{
        name: (HERE / "cases" / name / "input", HERE / "cases" / name / "validation")
        for name in ("mali2022_2024", "ethiopia2020", "nigeria2022_2024", "mali2017", "nigeria2016")
    },
}
#: FabFlee's ``ssudan2013`` is the same conflict (December 2013 on) as Flee's ``ssudan2014``.
FORBIDDEN = ("burundi2015", "ssudan2014", "southsudan2014", "syria2013", "ssudan2013")
#: The grid searched: the importer's (FLEE_GRID, also every imported case's calibration.yaml).
#: It holds Flee's own values. Fourth round: camp move chances below Flee's (the earlier grids
#: stopped at Flee's 0.001, where every held-out fit landed), without the values no fit ever
#: chose (foreign_weight 0.5, capacity_buffer 0.15, camp move chances 0.003 and 0.006;
#: README.md, "Fourth round"). Eighth round, for the same reason: 0.00001 and 0.000003 added
#: (every held-out fit of the seventh round landed on 0.00003), then 0 (six of seven landed on
#: 0.000003): the parameter's own bound.
GRID = FLEE_GRID
SEEDS = (0, 1, 2)
#: The cases the importer's shipped defaults (FLEE_BEHAVIOUR) were fitted on: all of them
#: (the grid point with the lowest mean camps-ARD over every case, seed 0).
SHIPPED_FIT = tuple(CASES)


def points() -> list[dict[str, float]]:
    keys = list(GRID)
    return [dict(zip(keys, values, strict=True)) for values in itertools.product(*GRID.values())]


def key(point: dict[str, float]) -> str:
    return ",".join(f"{k}={point[k]:g}" for k in GRID)


def cached(path: Path, columns: list[str]) -> pd.DataFrame:
    return pd.read_csv(path) if path.is_file() else pd.DataFrame(columns=columns)


COLUMNS = ["case", "point", "seed", "ard_camps", "ard_total", "run_s"]


def shipped_point() -> str:
    """The grid point of the importer's shipped defaults (FLEE_BEHAVIOUR), if on the grid."""
    from micic_sim.scenario.flee_import import FLEE_BEHAVIOUR

    return key({k: FLEE_BEHAVIOUR[k] for k in GRID})


def case_grid(case: str) -> pd.DataFrame:
    """Every grid point scored on a case so far (by either process)."""
    folder = OUT / "grid"
    files = sorted(folder.glob(f"{case}.csv")) + sorted(folder.glob(f"{case}.*.csv"))
    frames = [pd.read_csv(f) for f in files]
    if not frames:
        return pd.DataFrame(columns=COLUMNS)
    return pd.concat(frames, ignore_index=True).drop_duplicates(["case", "point"])


def case_scores(case: str) -> pd.DataFrame:
    """Every held-out and shipped-default score of a case so far (by any process)."""
    folder = OUT / "scores"
    files = sorted(folder.glob(f"{case}.csv")) + sorted(folder.glob(f"{case}.*.csv"))
    frames = [pd.read_csv(f) for f in files]
    if not frames:
        return pd.DataFrame(columns=COLUMNS)
    return pd.concat(frames, ignore_index=True).drop_duplicates(["case", "point", "seed"])


def held_out_point(grid: pd.DataFrame, case: str, cases: list[str]) -> str | None:
    """The grid point fitted without `case`: the lowest mean camps-ARD (seed 0) over the
    other `cases`, among the points every one of them has been scored at (None: no other)."""
    others = grid[(grid["case"] != case) & grid["case"].isin(cases)]
    if others.empty:
        return None
    complete = others.groupby("point")["case"].nunique() == others["case"].nunique()
    return str(others.groupby("point")["ard_camps"].mean()[complete].idxmin())


def _point(label: str) -> str:
    """The grid point a score row stands for (the shipped defaults' own point)."""
    return shipped_point() if label == "defaults" else label


def score(case: str, root: Path, point: dict | None, seed: int) -> dict:
    """Both ARDs of one micic-sim run (point None: the importer's defaults)."""
    from micic_sim.validation.cli import validate

    t0 = time.perf_counter()
    r = validate(str(root), root / "observed" / "flee", seed=seed, behaviour=point)
    return {
        "case": case,
        "point": "defaults" if point is None else key(point),
        "seed": seed,
        "ard_camps": round(r["ard"], 4),
        "ard_total": round(r["ard_flee_total"], 4),
        "run_s": round(time.perf_counter() - t0, 1),
    }


def run_flee(case: str, inp: Path, val: Path, seed: int) -> dict:
    cmd = [
        sys.executable,
        str(REPO / "benchmarks" / "flee_runner.py"),
        "case",
        "--input",
        str(inp),
        "--validation",
        str(val),
        "--out-csv",
        str(OUT / "flee" / f"{case}-seed{seed}.csv"),
        "--seed",
        str(seed),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"Flee failed on {case}: {proc.stderr[-2000:]}")
    r = json.loads(proc.stdout.strip().splitlines()[-1])
    return {
        "case": case,
        "seed": seed,
        "ard_camps": r["ard"],
        "ard_total": r["ard_total_error_mean"],
        "wall_s": r["wall_s"],
        "peak_rss_mb": r["peak_rss_mb"],
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--case", action="append", default=[], help="NAME=INPUT:VALIDATION")
    ap.add_argument("--only", default=None, help="run Flee only on these cases (comma-separated)")
    ap.add_argument("--flee", action="store_true", help="run Flee 3.1 too (slow)")
    ap.add_argument("--flee-seeds", default="0,1,2", help="Flee seeds (default 0,1,2)")
    ap.add_argument("--seeds", default="0,1,2", help="micic-sim seeds to score (default 0,1,2)")
    ap.add_argument(
        "--reuse-imports", action="store_true", help="keep the cases already imported here"
    )
    ap.add_argument("--cases", default=None, help="compute the grid of these cases only")
    ap.add_argument("--grid-only", action="store_true", help="stop after the grid")
    ap.add_argument(
        "--no-grid", action="store_true", help="score no more grid points (fit on those scored)"
    )
    ap.add_argument("--reverse", action="store_true", help="take the grid points backwards")
    ap.add_argument("--offset", type=int, default=0, help="start at this grid point")
    ap.add_argument("--stride", type=int, default=1, help="with --priority: every stride-th")
    ap.add_argument(
        "--priority", action="store_true", help="low camp move chances, high foreign weights first"
    )
    ap.add_argument(
        "--limit", type=int, default=0, help="score at most this many new points per case"
    )
    ap.add_argument(
        "--add-flee",
        action="append",
        default=[],
        metavar="CASE:SEED:JSON",
        help="record a flee_runner.py case result (its JSON output) run elsewhere",
    )
    ns = ap.parse_args(argv)
    cases = dict(CASES)
    for spec in ns.case:
        name, folders = spec.split("=", 1)
        inp, val = folders.split(":", 1)
        cases[name] = (Path(inp).resolve(), Path(val).resolve())
    bad = [n for n in cases if n.lower().replace("_", "") in FORBIDDEN]
    if bad:
        raise SystemExit(f"{bad}: kept aside for independent checks; not used here")
    from micic_sim.scenario.flee_import import import_flee

    OUT.mkdir(exist_ok=True)
    roots = {}
    for name, (inp, val) in cases.items():
        if ns.grid_only and ns.cases and name not in ns.cases.split(","):
            continue
        if ns.reuse_imports and (WORK / name / "import.json").is_file():
            roots[name] = WORK / name  # imported by an earlier run of this script
            continue
        roots[name] = import_flee(inp, WORK, name, validation=val, overwrite=True)
        warnings = json.loads((roots[name] / "import.json").read_text())["warnings"]
        print(f"{name}: imported, {len(warnings)} warning(s)", file=sys.stderr)

    # 1. every grid point on every case, seed 0 (the fit); one file per case and process
    #    (--reverse: a second process taking the points from the other end)
    (OUT / "grid").mkdir(exist_ok=True)
    for name, root in roots.items():
        if ns.no_grid or (ns.cases and name not in ns.cases.split(",")):
            continue
        tag = ".rev" if ns.reverse else (f".o{ns.offset}" if ns.offset else "")
        tag += f".s{ns.stride}" if ns.stride > 1 else ""
        path = OUT / "grid" / f"{name}{tag}.csv"
        mine = cached(path, COLUMNS)
        order = points()[ns.offset :] + points()[: ns.offset]
        order = order[:: -1 if ns.reverse else 1]
        if ns.priority:  # the lowest camp move chances first, every stride-th point
            first = sorted(points(), key=lambda p: (p["camp_move_chance"], -p["foreign_weight"]))
            order = first[ns.offset :: ns.stride] + first
        new = 0
        for point in order:
            if key(point) in set(case_grid(name)["point"]):
                continue  # done here or by the other process
            if ns.limit and new >= ns.limit:
                break  # the next case first (a loop over --limit blocks spreads the grid)
            new += 1
            row = score(name, root, point, 0)
            print(row, file=sys.stderr)
            mine = pd.concat([mine, pd.DataFrame([row])], ignore_index=True)
            mine.to_csv(path, index=False)
    if ns.grid_only:
        return 0
    grid = pd.concat([case_grid(n) for n in roots], ignore_index=True)
    grid = grid[grid["point"].isin([key(p) for p in points()])]

    # 2. leave one case out: fitted on the others, scored on it (seeds 0-2); and the
    #    importer's shipped defaults (fitted on every case) apart
    #    (one file per case: --cases lets several processes share the work)
    (OUT / "scores").mkdir(exist_ok=True)
    fitted: dict[str, str] = {}
    for name in roots:
        point = held_out_point(grid, name, list(roots))
        if point is not None:
            fitted[name] = point
    seeds = [int(x) for x in ns.seeds.split(",")]
    for name, root in roots.items():
        if ns.cases and name not in ns.cases.split(","):
            continue
        tag = "" if seeds == list(SEEDS) else ".seed" + "-".join(map(str, seeds))
        scores_path = OUT / "scores" / f"{name}{tag}.csv"
        scores = case_scores(name)
        mine = cached(scores_path, COLUMNS)
        for label in [w for w in (fitted.get(name), "defaults") if w]:
            same = shipped_point() if label == "defaults" else label
            point = {k: float(v) for k, v in (kv.split("=") for kv in same.split(","))}
            for seed in seeds:
                if ((scores["point"] == label) & (scores["seed"] == seed)).any():
                    continue
                seed0 = grid[(grid["case"] == name) & (grid["point"] == same)]
                # the same point under the other label (held out = shipped), or the grid's run
                twin = scores[(scores["seed"] == seed) & (scores["point"].map(_point) == same)]
                if not twin.empty:
                    row = {**twin.iloc[0].to_dict(), "point": label}
                elif seed == 0 and not seed0.empty:
                    row = {**seed0.iloc[0].to_dict(), "point": label}
                else:
                    row = score(name, root, point, seed)
                    if label == "defaults":
                        row["point"] = "defaults"
                print(row, file=sys.stderr)
                scores = pd.concat([scores, pd.DataFrame([row])], ignore_index=True)
                mine = pd.concat([mine, pd.DataFrame([row])], ignore_index=True)
                mine.to_csv(scores_path, index=False)

    scores = pd.concat([case_scores(n) for n in roots], ignore_index=True)

    # 3. Flee 3.1 with its defaults (or the case's simsetting.yml) on the same folders
    flee_path = OUT / "flee.csv"
    flee = cached(flee_path, ["case", "seed", "ard_camps", "ard_total", "wall_s", "peak_rss_mb"])
    for spec in ns.add_flee:  # a flee_runner.py case result run elsewhere (side_by_side.py)
        name, seed, path = spec.split(":", 2)
        r = json.loads(Path(path).read_text().strip().splitlines()[-1])
        r = r.get("flee", r)
        row = {
            "case": name,
            "seed": int(seed),
            "ard_camps": r["ard"],
            "ard_total": r["ard_total_error_mean"],
            "wall_s": r["wall_s"],
            "peak_rss_mb": r["peak_rss_mb"],
        }
        flee = flee[~((flee["case"] == name) & (flee["seed"] == int(seed)))]
        flee = pd.concat([flee, pd.DataFrame([row])], ignore_index=True)
        flee.to_csv(flee_path, index=False)
    if ns.flee:
        (OUT / "flee").mkdir(exist_ok=True)
        for name, (inp, val) in cases.items():
            if ns.only and name not in ns.only.split(","):
                continue
            for seed in (int(s) for s in ns.flee_seeds.split(",")):
                if ((flee["case"] == name) & (flee["seed"] == seed)).any():
                    continue
                row = run_flee(name, inp, val, seed)
                print(row, file=sys.stderr)
                flee = pd.concat([flee, pd.DataFrame([row])], ignore_index=True)
                flee.to_csv(flee_path, index=False)

    (OUT / "results.md").write_text(report(roots, fitted, scores, flee, grid), encoding="utf-8")
    print((OUT / "results.md").read_text())
    return 0


def _mean(values: pd.Series) -> str:
    return f"{values.mean():.4f}" if len(values) else "-"


def _list(values: pd.Series) -> str:
    return ", ".join(f"{v:.4f}" for v in values) if len(values) else "not run"


def report(roots, fitted, scores, flee, grid) -> str:
    lines = [
        "# Leave-one-case-out: micic-sim vs Flee 3.1 on Flee's cases",
        "",
        "Written by `experiments/flee_validation/loco.py`. ARD, lower is better. Denominator "
        "*camps*: people observed in the modelled camps; *total*: Flee's total refugee count "
        "(the 'raw UNHCR refugee count' of Flee's run.py).",
        "",
        "**Held out** (not fitted): the case was scored with the grid point that fits the "
        "*other* cases best (seed 0, mean camps-ARD). **Shipped defaults**: the importer's "
        "FLEE_BEHAVIOUR, the grid point with the lowest mean camps-ARD over every case (seed "
        "0), so *fitted* on each case: shown apart, never as a held-out score. **Flee 3.1** "
        "runs each case with its defaults, or with the case's own `simsetting.yml` when its "
        "input folder holds one (micic-sim's import reads the same file; what it cannot "
        "reproduce is in the case's import.json).",
        "",
        "| case | denominator | micic-sim, held out: seeds 0, 1, 2 | mean | Flee 3.1 "
        "(defaults or the case's simsetting.yml): seeds | mean | micic-sim, shipped "
        "defaults: seeds | mean | shipped defaults fitted on it? |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name in roots:
        for den in ("camps", "total"):
            col = f"ard_{den}"
            held = scores[(scores["case"] == name) & (scores["point"] == fitted.get(name, "-"))]
            held = held.sort_values("seed")[col]
            ship = scores[(scores["case"] == name) & (scores["point"] == "defaults")]
            ship = ship.sort_values("seed")[col]
            fl = flee[flee["case"] == name].sort_values("seed")[col]
            lines.append(
                f"| {name} | {den} | {_list(held)} | {_mean(held)} | {_list(fl)} | "
                f"{_mean(fl)} | {_list(ship)} | {_mean(ship)} | "
                f"{'yes' if name in SHIPPED_FIT else 'no'} |"
            )
    lines += ["", "Grid point fitted without each case (the held-out defaults):", ""]
    for name, point in fitted.items():
        lines.append(f"- {name}: {point}")
    scored = grid.groupby("case")["point"].nunique()
    cut = " (the grid was cut short: the lowest camp move chances first)"
    lines += [
        "",
        f"Grid: {json.dumps(GRID)} ({len(points())} points). Points scored per case"
        + (cut if (scored < len(points())).any() else "")
        + ": "
        + ", ".join(f"{c} {n}" for c, n in scored.items())
        + ". A held-out fit uses the points scored on every other case.",
    ]
    if not flee.empty:
        lines += [
            "",
            "Flee 3.1 wall time (day loop, one core, on a machine shared with other jobs; not a "
            "speed benchmark: see benchmarks/side_by_side.py). Its peak memory is not shown: "
            "started from this script, Flee's process inherits the script's high-water mark.",
            "",
        ]
        for row in flee.itertuples(index=False):
            lines.append(f"- {row.case} seed {row.seed}: {row.wall_s:.1f} s")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
