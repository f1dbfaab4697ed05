"""Identity harness: are a refactor's results bit-identical to the code before it?

    .venv/bin/python benchmarks/identity.py                 # print the JSON of hashes
    .venv/bin/python benchmarks/identity.py --check         # compare with identity_baseline.json
    .venv/bin/python benchmarks/identity.py --write         # (re)record the baseline

A refactor of the step (stages, bundles, codes, random stream ids) must not change a single
number. Hashing every per-person column at the end of a run is the strictest cheap check: any
change in a draw, an order of evaluation or a rule shows up in some column. Three runs cover the
three ways the step is driven:

- Libya 2011 (scenarios/libya_2011), 20,000 agents, 60 days, seed 0, policy `baseline` and
  policy `guidelines` (planned goals: decisions, queues, institutions, every lever);
- Thailand 2011 floods, 10,000 agents, its own days, seed 0 (shelters, evacuations);
- the bundled flee_mali case as `micic-sim validate` runs it (local wayfinding, camp capacity,
  appearing people) and its two ARDs.

Runs are composed through the same Hydra config as `micic-sim run` (configs/config.yaml), so the
policies' levers are exactly the ones users get. Per run the JSON holds a sha256 of every agent
column, of the time series, of the institutions table and of summary.json, plus summary.json's
headline numbers in clear (so a difference can be read, not only detected).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
BASELINE = HERE / "identity_baseline.json"

#: (label, scenario, policy, agents, days): the Hydra-composed runs.
RUNS: tuple[tuple[str, str, str, int, int | None], ...] = (
    ("libya_baseline", "libya_2011", "baseline", 20_000, 60),
    ("libya_guidelines", "libya_2011", "guidelines", 20_000, 60),
    ("thailand_small", "thailand_2011_floods", "baseline", 10_000, None),
)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _frame_sha(df: Any) -> str:
    import pandas as pd

    return _sha(pd.util.hash_pandas_object(df, index=False).to_numpy().tobytes())


def _compose(scenario: str, policy: str, agents: int, days: int | None, out_dir: str) -> Any:
    """The config `micic-sim run scenario=... policy=... population.total=... days=...` sees."""
    from hydra import compose, initialize_config_dir

    from micic_sim.cli import CONFIG_DIR, _register

    _register()
    overrides = [
        f"scenario={scenario}",
        f"policy={policy}",
        "seed=0",
        f"population.total={agents}",
        f"run.out_dir={out_dir}",
        "run.progress=false",
    ]
    if days is not None:
        overrides.append(f"days={days}")
    with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
        return compose(config_name="config", overrides=overrides)


def _headline(summary: dict[str, Any]) -> dict[str, Any]:
    """Scalar numbers at the top level and one level down (shares and counts), for reading."""
    out: dict[str, Any] = {}
    for k, v in summary.items():
        if isinstance(v, int | float) and not isinstance(v, bool):
            out[k] = v
        elif isinstance(v, dict):
            for k2, v2 in v.items():
                if isinstance(v2, int | float) and not isinstance(v2, bool):
                    out[f"{k}.{k2}"] = v2
    return out


def _columns(model: Any) -> dict[str, str]:
    return {k: _sha(v.tobytes()) for k, v in sorted(model.population.columns.items())}


def hydra_run(scenario: str, policy: str, agents: int, days: int | None) -> dict[str, Any]:
    """One run as `micic-sim run` makes it, hashed."""
    from omegaconf import OmegaConf

    from micic_sim.model import EvacuationModel
    from micic_sim.results import institutions_frame, write_run

    with tempfile.TemporaryDirectory() as tmp:
        cfg = _compose(scenario, policy, agents, days, tmp)
        container = OmegaConf.to_container(cfg, resolve=True)
        model = EvacuationModel.from_config(container).run()
        summary = write_run(model, tmp, container, agents=False)
        summary_bytes = (Path(tmp) / "summary.json").read_bytes()
    return {
        "agents": int(model.population.n),
        "columns": _columns(model),
        "timeseries": _frame_sha(model.timeseries()),
        "institutions": _frame_sha(institutions_frame(model)),
        "summary_json": _sha(summary_bytes),
        "summary": _headline(summary),
    }


def flee_mali() -> dict[str, Any]:
    """The bundled flee_mali case as `micic-sim validate flee_mali` runs it, with both ARDs."""
    from micic_sim.model import EvacuationModel
    from micic_sim.scenario import load_scenario
    from micic_sim.validation.cli import imported_observed, scores

    case = load_scenario("flee_mali")
    model = EvacuationModel(case, seed=0).run()
    s = scores(model, imported_observed(case))
    return {
        "agents": int(model.population.n),
        "columns": _columns(model),
        "timeseries": _frame_sha(model.timeseries()),
        "ard": s["ard"],
        "ard_flee_total": s["ard_flee_total"],
        "camps_sim": _frame_sha(s["sim"]),
    }


def measure(only: list[str] | None = None) -> dict[str, Any]:
    import logging

    logging.getLogger("MESA").setLevel(logging.WARNING)
    out: dict[str, Any] = {}
    for label, scenario, policy, agents, days in RUNS:
        if only and label not in only:
            continue
        print(f"  {label} ...", file=sys.stderr, flush=True)
        out[label] = hydra_run(scenario, policy, agents, days)
    if not only or "flee_mali" in only:
        print("  flee_mali ...", file=sys.stderr, flush=True)
        out["flee_mali"] = flee_mali()
    return out


def differences(base: dict[str, Any], now: dict[str, Any], path: str = "") -> list[str]:
    """Every leaf that differs between two hash JSONs, as 'path: before -> after'."""
    if isinstance(base, dict) and isinstance(now, dict):
        diffs = []
        for k in sorted(set(base) | set(now)):
            sub = f"{path}.{k}" if path else k
            if k not in base or k not in now:
                diffs.append(f"{sub}: only in {'baseline' if k in base else 'this run'}")
            else:
                diffs += differences(base[k], now[k], sub)
        return diffs
    return [] if base == now else [f"{path}: {base} -> {now}"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help=f"compare with {BASELINE.name}")
    ap.add_argument("--write", action="store_true", help=f"record {BASELINE.name}")
    ap.add_argument("--only", nargs="*", help="labels to run (default: all)")
    ns = ap.parse_args(argv)
    result = measure(ns.only)
    text = json.dumps(result, indent=1, sort_keys=True)
    if ns.write:
        BASELINE.write_text(text + "\n")
    if ns.check:
        base = json.loads(BASELINE.read_text())
        if ns.only:
            base = {k: v for k, v in base.items() if k in ns.only}
        diffs = differences(base, result)
        for d in diffs:
            print(d)
        print("IDENTICAL" if not diffs else f"DIFFERENT ({len(diffs)} values)")
        return 1 if diffs else 0
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
