"""`micic-sim validate <scenario> --observed <folder>`: run a scenario and score it against
observed camp counts with Flee's averaged relative difference (ARD).

Simulated camp populations are the people at each camp (reception place) at the end of each day;
camp ids map to the observed camps' names through `notes.camps` in scenario.yaml (written by
`micic-sim import-flee`), or by identical names.
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from micic_sim.validation.flee_data import ard, camp_curves, read_validation_folder


def daily_at_places(model: Any, place_ids: list[str]) -> pd.DataFrame:
    """People at each place at the end of each simulated day (index day 0..days-1).

    The end of day d is time d + 1: the record after the day's last step (the first record,
    time 0, is the start of the run). Flee's run.py compares its camps after the day's
    `evolve()` with the counts of that day in the same way."""
    w = model.world
    idx = [w.place_ids.index(p) for p in place_ids]
    days = np.array([r.day for r in model.records])
    counts = np.array([r.at_place[idx] for r in model.records], dtype=float)
    n_days = int(round(model.days))
    rows = [np.searchsorted(days, d + 1, side="right") - 1 for d in range(n_days)]
    scale = model.case.population["count"].sum() / model.population.n
    return pd.DataFrame(
        counts[rows] * scale, index=pd.RangeIndex(n_days, name="day"), columns=place_ids
    )


#: The two denominators of the ARD, as named in every table (see flee_data.ard).
DENOMINATORS = {
    "ard": "people observed in the modelled camps (Suleimenova et al. 2017; Flee's "
    "plot_flee_output)",
    "ard_flee_total": "Flee's total refugee count (the 'raw UNHCR refugee count' of Flee's "
    "run.py, refugees.csv interpolated; run.py's 'Total error')",
}


def corrections_for(case: Any, observed: str | Path) -> tuple[Path | None, str | None]:
    """The registration corrections to apply with the validation folder `observed`, and a
    warning when a scenario imported from Flee had some that cannot be found now.

    Flee keeps ``registration_corrections.csv`` in its *input* folder, not beside the counts;
    `micic-sim import-flee` copies it into the scenario's own ``observed/flee``. So the file
    is looked for beside the counts, then in that copy, then in the Flee input folder the
    scenario was imported from: the score is the same whichever folder is given."""
    here = Path(observed) / "registration_corrections.csv"
    if here.is_file():
        return here, None
    notes = case.extra.get("notes") or {}
    if not isinstance(notes, dict) or notes.get("source") != "flee":
        return None, None
    candidates = []
    if notes.get("observed"):
        candidates.append(case.path / notes["observed"] / "registration_corrections.csv")
    if notes.get("flee_input"):
        candidates.append(Path(notes["flee_input"]) / "registration_corrections.csv")
    for path in candidates:
        if path.is_file():
            return path, None
    had = notes.get("registration_corrections")
    if had is False or (
        had is None and notes.get("flee_input") and Path(notes["flee_input"]).is_dir()
    ):
        return None, None  # the Flee input folder has none
    return None, (
        f"WARNING: no registration_corrections.csv beside {observed}, in the scenario's "
        f"observed copy or in the Flee input folder {notes.get('flee_input')!r}: camp counts "
        "are scored WITHOUT Flee's registration corrections, so the ARD is not comparable to "
        "Flee's (give the scenario's own observed/flee folder, or copy the file there)"
    )


def scores(model: Any, observed: str | Path) -> dict[str, Any]:
    """Both ARDs of a finished run against a Flee validation folder (`DENOMINATORS`), with
    the daily simulated and observed camp counts (columns: the observed camps' names), the
    corrections applied and a warning if they could not be found."""
    notes = model.case.extra.get("notes") or {}
    corrections, warning = corrections_for(model.case, observed)
    obs_data = read_validation_folder(observed, corrections=corrections)
    mapping: dict[str, str] = dict(notes.get("camps", {})) if isinstance(notes, dict) else {}
    if not mapping:
        mapping = {p: p for p in model.world.place_ids if p in obs_data.camps}
    mapping = {pid: name for pid, name in mapping.items() if name in obs_data.camp_names}
    if not mapping:
        raise ValueError(f"no camp of {observed} matches a place of scenario {model.case.name}")
    n_days = int(round(model.days))
    sim = daily_at_places(model, list(mapping)).rename(columns=mapping)
    obs = obs_data.daily(model.case.start_date, n_days, camps=list(mapping.values()))
    total = obs_data.daily_total(model.case.start_date, n_days, truncate=True)
    diff = (sim - obs).abs().sum(axis=1)
    # run.py writes an error of 0 on days without a raw count
    per_day = np.divide(diff, total, out=np.zeros(n_days), where=total.to_numpy() > 0)
    return {
        "ard": ard(sim, obs),
        "ard_flee_total": float(np.mean(per_day)),
        "sim": sim,
        "obs": obs,
        "corrections": str(corrections) if corrections else None,
        "warning": warning,
    }


def score(model: Any, observed: str | Path) -> tuple[float, pd.DataFrame, pd.DataFrame]:
    """ARD of a finished run (denominator: people observed in the modelled camps) against a
    Flee validation folder, with the daily simulated and observed camp counts."""
    s = scores(model, observed)
    if s["warning"]:
        print(s["warning"], file=sys.stderr)
    return s["ard"], s["sim"], s["obs"]


def validate(
    scenario: Any,
    observed: str | Path,
    *,
    seed: int = 0,
    agents: int | None = None,
    chart: Path | None = None,
    behaviour: dict | None = None,
) -> dict[str, Any]:
    """Run a scenario (name, folder or loaded Scenario) and score it against `observed`."""
    from micic_sim.inputs import scenario_of
    from micic_sim.model import EvacuationModel
    from micic_sim.threads import run_threads

    case = scenario_of(scenario)
    # The observed counts are read before the run: a damaged file fails now, not after it.
    read_validation_folder(observed, corrections=corrections_for(case, observed)[0])
    model = EvacuationModel(case, seed=seed, population_total=agents, behaviour=behaviour)
    with run_threads(model.population.n):  # a small case runs faster on fewer threads
        model.run()
    s = scores(model, observed)
    sim, obs, value = s["sim"], s["obs"], s["ard"]
    if chart is not None:
        camp_chart(chart, sim, obs, model.case.title, value, total=s["ard_flee_total"])
    return {
        "ard": value,
        "ard_flee_total": s["ard_flee_total"],
        "corrections": s["corrections"],
        "warning": s["warning"],
        "camps": list(sim.columns),
        "days": len(sim),
        "people": int(round(model.case.population["count"].sum())),
        "agents": model.population.n,
        "people_per_agent": model.people_per_agent,
        "seed": seed,
        "final": {
            c: {"sim": float(sim[c].iloc[-1]), "obs": float(obs[c].iloc[-1])} for c in sim.columns
        },
    }


def camp_chart(
    path: Path,
    sim: pd.DataFrame,
    obs: pd.DataFrame,
    title: str,
    value: float,
    *,
    total: float | None = None,
) -> None:
    """Simulated vs observed people per camp, one panel a camp; the title names each ARD by
    its denominator (`value`: camps; `total`: Flee's total count, when given), as the
    printed output does, so a chart shown alone cannot be read against the wrong one."""
    _chart(path, camp_curves(sim, obs), title, value, total)


def _chart(path: Path, curves: pd.DataFrame, title: str, score: float, total: float | None) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    camps = list(dict.fromkeys(curves.columns.get_level_values(0)))
    cols = min(4, len(camps))
    rows = int(np.ceil(len(camps) / cols))
    fig, axes = plt.subplots(rows, cols, figsize=(4 * cols, 3 * rows), dpi=110, squeeze=False)
    for ax, camp in zip(axes.flat, camps, strict=False):
        ax.plot(
            curves.index,
            curves[(camp, "obs")] / 1000,
            color="#D55E00",
            lw=2,
            label="observed (UNHCR)",
        )
        ax.plot(
            curves.index, curves[(camp, "sim")] / 1000, color="#0072B2", lw=2, label="micic-sim"
        )
        ax.set_title(camp, fontsize=11)
        ax.set_xlabel("day")
        ax.set_ylabel("people (thousands)")
        ax.grid(alpha=0.3)
    for ax in list(axes.flat)[len(camps) :]:
        ax.axis("off")
    axes.flat[0].legend(fontsize=9)
    ards = f"ARD camps {score:.3f}" + (f", ARD total {total:.3f}" if total is not None else "")
    fig.suptitle(f"{title}: camp populations, simulated vs observed ({ards})")
    fig.tight_layout()
    fig.savefig(path, format="png")
    plt.close(fig)


def imported_observed(case: Any) -> Path:
    """The validation folder an imported Flee case carries (scenario.yaml notes.observed)."""
    notes = case.extra.get("notes") or {}
    rel = notes.get("observed") if isinstance(notes, dict) else None
    if not rel or not (case.path / rel / "data_layout.csv").is_file():
        raise ValueError(
            f"{case.path}: no observed camp counts in the scenario "
            "(notes.observed); give --observed <Flee validation folder>"
        )
    return case.path / rel


def _epilog() -> str:
    """The two scores the command prints, each named by its denominator (`DENOMINATORS`):
    they differ by up to 1.6x on the same run, so `--help` says which is which."""
    lines = ["output: a JSON line, then the ARD with each of two denominators:"]
    for name, label in (
        ("ard", "ARD (the chart's 'ARD camps')"),
        ("ard_flee_total", "ARD_flee_total (the chart's 'ARD total')"),
    ):
        lines += textwrap.wrap(
            f"{label}: {DENOMINATORS[name]}",
            width=79,
            initial_indent="  ",
            subsequent_indent="    ",
        )
    lines.append("then the agent scale (counts are in people) and the chart's path.")
    return "\n".join(lines)


_EPILOG = _epilog()


def main(args: list[str]) -> int:
    ap = argparse.ArgumentParser(
        prog="micic-sim validate",
        description=textwrap.fill(" ".join(__doc__.split("\n\n")[0].split()), width=79),
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ap.add_argument("scenario", help="scenario name or folder")
    ap.add_argument(
        "--observed",
        default=None,
        help="Flee validation folder (data_layout.csv); default: the one "
        "`micic-sim import-flee` copied into the scenario (notes.observed)",
    )
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument(
        "--agents",
        type=int,
        default=None,
        help="agents to simulate; results are scaled back to people (default: the scenario's "
        "own agent count, scenario.yaml `agents`: one per person unless the Flee settings' "
        "`hasten` set fewer on import, people / hasten)",
    )
    ap.add_argument(
        "--chart", default=None, help="chart path (default: validation.png in the scenario folder)"
    )
    ns = ap.parse_args(args)
    from micic_sim.inputs import INPUT_ERROR
    from micic_sim.scenario import load_scenario
    from micic_sim.units import scale_note

    try:
        case = load_scenario(ns.scenario)  # loaded once: for its notes, then for the run
        chart = Path(ns.chart) if ns.chart else case.path / "validation.png"
        observed = ns.observed or imported_observed(case)
        result = validate(case, observed, seed=ns.seed, agents=ns.agents, chart=chart)
    except (ValueError, KeyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return INPUT_ERROR
    if result["warning"]:
        print(result["warning"], file=sys.stderr)
    print(json.dumps({k: v for k, v in result.items() if k not in ("final", "warning")}))
    print(f"ARD {result['ard']:.4f}  (denominator: {DENOMINATORS['ard']})")
    print(
        f"ARD_flee_total {result['ard_flee_total']:.4f}  (denominator: "
        f"{DENOMINATORS['ard_flee_total']})"
    )
    print(f"camp counts in people: {scale_note(result['agents'], result['people_per_agent'])}")
    print(f"chart: {chart}")
    return 0
