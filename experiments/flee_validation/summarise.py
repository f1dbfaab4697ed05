"""Summarise micic-sim on Flee's cases: leave-one-case-out, the shipped defaults, Flee's own
parameter values, the grid, and the side-by-side speed runs. Writes results.md and one chart
per case (shipped defaults, seed 0) beside this file.

    .venv/bin/python experiments/flee_validation/summarise.py
    .venv/bin/python experiments/flee_validation/summarise.py --no-charts  # results.md only

Reads what loco.py computed (loco/grid/<case>*.csv, loco/scores/<case>.csv, loco/flee.csv and the
imported cases in loco/scenarios/) and the side_by_side_*.json files here; runs only the seed-0
charts. Nothing is fitted here: the fit is loco.py's.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import loco  # noqa: E402  (this folder's script: cases, grid, the leave-one-case-out report)

#: Flee's own values of the three fitted parameters.
FLEE_POINT = {"foreign_weight": 1.0, "capacity_buffer": 0.9, "camp_move_chance": 0.001}
COLUMNS = loco.COLUMNS


def load() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    grid = pd.concat([loco.case_grid(n) for n in loco.CASES], ignore_index=True)
    grid = grid[grid["point"].isin([loco.key(p) for p in loco.points()])]
    scores = pd.concat([loco.case_scores(n) for n in loco.CASES], ignore_index=True)
    flee = loco.cached(
        loco.OUT / "flee.csv", ["case", "seed", "ard_camps", "ard_total", "wall_s", "peak_rss_mb"]
    )
    return grid, scores, flee


def case_table() -> list[str]:
    import yaml

    lines = [
        "| case | days | people (on day 0 in camps, and after) | camps in the self-check | "
        "import warnings | source |",
        "|---|---|---|---|---|---|",
    ]
    for name, (inp, _val) in loco.CASES.items():
        report = loco.WORK / name / "import.json"
        if not report.is_file():
            continue
        r = json.loads(report.read_text())
        days = yaml.safe_load((loco.WORK / name / "scenario.yaml").read_text())["days"]
        source = "shared/flee-conflicts" if "shared" in str(inp) else f"cases/{name} (FabFlee)"
        lines.append(
            f"| {name} | {days} | {r['people']:,} | {len(r['self_check'])} | "
            f"{len(r['warnings'])} | {source} |"
        )
    return lines


def best_points(grid: pd.DataFrame, top: int = 10) -> list[str]:
    wide = grid.pivot_table(index="point", columns="case", values="ard_camps")
    wide = wide.dropna()
    wide["mean"] = wide.mean(axis=1)
    wide = wide.sort_values("mean").head(top)
    cases = [c for c in loco.CASES if c in wide.columns]
    lines = [
        "| point | " + " | ".join(cases) + " | mean |",
        "|---|" + "---|" * (len(cases) + 1),
    ]
    for point, row in wide.iterrows():
        lines.append(
            f"| {point} | " + " | ".join(f"{row[c]:.4f}" for c in cases) + f" | {row['mean']:.4f} |"
        )
    return lines


def flee_values(grid: pd.DataFrame, flee: pd.DataFrame) -> list[str]:
    point = loco.key(FLEE_POINT)
    lines = [
        "| case | micic-sim with Flee's values, seed 0: camps / total | Flee 3.1 seed 0: camps / "
        "total |",
        "|---|---|---|",
    ]
    for name in loco.CASES:
        g = grid[(grid["case"] == name) & (grid["point"] == point)]
        f = flee[(flee["case"] == name) & (flee["seed"] == 0)]
        ours = f"{g.iloc[0]['ard_camps']:.4f} / {g.iloc[0]['ard_total']:.4f}" if len(g) else "-"
        theirs = f"{f.iloc[0]['ard_camps']:.4f} / {f.iloc[0]['ard_total']:.4f}" if len(f) else "-"
        lines.append(f"| {name} | {ours} | {theirs} |")
    return lines


#: side_by_side.py's names of Flee's two shipped cases (loco.py's names for the others).
SIDE_BY_SIDE_NAMES = {"mali": "mali2012", "car": "car2013"}


def run_number(path: Path) -> int:
    """The run a side_by_side_*.json records (its name ends in ``run<N>``): the order in
    which they were measured."""
    match = re.search(r"run(\d+)\.json$", path.name)
    return int(match.group(1)) if match else 0


def case_people(name: str) -> int | None:
    """People in a case as micic-sim imports it (import.json, as in the case table): a
    side_by_side file records only agents, which are fewer where Flee's `hasten` applies."""
    report = loco.WORK / SIDE_BY_SIDE_NAMES.get(name, name) / "import.json"
    return json.loads(report.read_text())["people"] if report.is_file() else None


def _pair(c: dict, key: str) -> str:
    """Flee's and micic-sim's value of an ARD, '-' where the run did not record it."""
    vals = [c.get(f"flee_{key}"), c.get(f"micic_{key}")]
    return " / ".join("-" if v is None else f"{v:.4f}" for v in vals)


def speed() -> list[str]:
    """Every case of every side_by_side_*.json here, in the order they were run (measured on
    a shared machine: the load is in the README beside each run).

    Counts are in people with the agents beside them: a file records Flee's agents, one per
    `hasten` people (Nigeria 2016: 11,524 agents for 230,471 people at hasten 20), so people
    per agent is the case's people over them, rounded (Flee's hasten is a whole number). *Run
    s* is the model's build and run (Flee: its day loop); *process s* is micic-sim's whole
    command from interpreter start. Files from before both ARDs were recorded show '-'."""
    lines = [
        "| file | case | days | people | agents | people per agent | Flee run s (day loop) | "
        "micic-sim run s | ratio on the run | micic-sim process s | ratio on the process | "
        "Flee peak MiB | micic-sim peak MiB | ARD camps Flee / micic-sim | "
        "ARD total Flee / micic-sim |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for path in sorted(HERE.glob("side_by_side_*.json"), key=lambda p: (run_number(p), p.name)):
        data = json.loads(path.read_text())
        for name, c in (data.get("cases") or {}).items():
            people = case_people(name)
            scale = f"{round(people / c['agents']):,}" if people else "-"
            process = c.get("micic_process_wall_s")
            on_process = (
                f"{c['flee_wall_s'] / process:.1f}" if process else "-"
            )  # Flee's loop against micic-sim's whole process
            lines.append(
                f"| {path.name} | {name} | {c['days']:,} | "
                f"{'-' if people is None else f'{people:,}'} | {c['agents']:,} | {scale} | "
                f"{c['flee_wall_s']:.1f} | {c['micic_run_s']:.2f} | {c['ratio_wall']} | "
                f"{'-' if process is None else f'{process:.2f}'} | {on_process} | "
                f"{c['flee_peak_rss_mb']} | {c['micic_peak_rss_mb']} | {_pair(c, 'ard')} | "
                f"{_pair(c, 'ard_flee_total')} |"
            )
    return lines


def charts() -> None:
    from micic_sim.scenario.flee_import import FLEE_BEHAVIOUR
    from micic_sim.validation.cli import validate

    shipped = {k: FLEE_BEHAVIOUR[k] for k in loco.GRID}  # whatever the import wrote then
    (HERE / "charts").mkdir(exist_ok=True)
    for name in loco.CASES:
        root = loco.WORK / name
        if root.is_dir():
            validate(
                str(root),
                root / "observed" / "flee",
                seed=0,
                chart=HERE / "charts" / f"{name}.png",
                behaviour=shipped,
            )


def import_missing() -> None:
    """Import the cases not yet in loco/scenarios/ (not kept in git) as loco.py does, so the
    case table and the charts are never silently short of a case on a fresh checkout."""
    from micic_sim.scenario.flee_import import import_flee

    for name, (inp, val) in loco.CASES.items():
        if not (loco.WORK / name / "import.json").is_file():
            import_flee(inp, loco.WORK, name, validation=val, overwrite=True)
            print(f"{name}: imported into {loco.WORK / name}", file=sys.stderr)


def main() -> int:
    import_missing()
    grid, scores, flee = load()
    fitted = {}
    for name in loco.CASES:
        others = grid[grid["case"] != name]
        if others.empty:
            continue
        complete = others.groupby("point")["case"].nunique() == others["case"].nunique()
        fitted[name] = str(others.groupby("point")["ard_camps"].mean()[complete].idxmin())
    roots = {n: loco.WORK / n for n in loco.CASES if (loco.WORK / n).is_dir()}
    text = [
        "# micic-sim on Flee's cases: results",
        "",
        "Written by `experiments/flee_validation/summarise.py` from `loco.py`'s results; see "
        "README.md for the commands.",
        "",
        "## Cases",
        "",
        *case_table(),
        "",
        loco.report(roots, fitted, scores, flee, grid).split("\n", 1)[1].replace("# ", "## ", 1),
        "## Flee's own values of the three parameters",
        "",
        "micic-sim's wayfinding with foreign_weight 1, capacity_buffer 0.9, camp_move_chance "
        "0.001 (Flee's defaults) beside Flee itself: the rule set is the same, so these should "
        "be close.",
        "",
        *flee_values(grid, flee),
        "",
        "## The 10 best grid points (seed 0, camps-ARD, mean over every case)",
        "",
        *best_points(grid),
        "",
        "## Speed: both tools on the same case (side_by_side.py)",
        "",
        "The run number in each file's name dates it (README.md, Speed, gives each run's "
        "time and load): runs 1-5 are from the first round of issue 12 (their micic-sim ARD is "
        "the first round's; no total ARD recorded), 6-9 the second, 10 the third, 11 the "
        "fourth, 12 the fifth, 13-15 the sixth, 16 the seventh, 17-20 the eighth (17: small "
        "populations on fewer threads, at the seventh round's shipped defaults; 18: the final "
        "shipped defaults; 19: Nigeria 2016 after the faster scenario loading; 20: every case "
        "at the final code). Run 6 was measured under heavy load.",
        "",
        "*People*: the case as micic-sim imports it (the case table). *Agents*: Flee's, one per "
        "`hasten` people (Nigeria 2016 from run 13: hasten 20); micic-sim ran as many (run 13 "
        "excepted: one per person). Mali 2022-2024: Flee makes 110,611 people appear, "
        "micic-sim 110,319 (it leaves out the 292 no route leads out of Mali from: an import "
        "warning). *Run s*: the model's build and run (Flee: its day loop); *process s*: "
        "micic-sim's whole command, from interpreter start; both ratios divide Flee's day loop.",
        "",
        *speed(),
        "",
    ]
    (HERE / "results.md").write_text("\n".join(text), encoding="utf-8")
    if "--no-charts" not in sys.argv:
        charts()
    print((HERE / "results.md").read_text())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
