"""Try the failure modes of issue 13 as a new user would, and classify each outcome.

    python benchmarks/failure_modes.py [--only PREFIX]

Each mode runs the command line (or a short Python session) in a fresh process, on a broken
copy of the demo scenario or with a bad setting, and is classified:

    clear      refused with a message and no traceback (exit status != 0)
    traceback  a Python traceback reached the user
    silent     accepted: a run finished although the input was wrong
    lost       written results are wrong or missing afterwards (duplicated rows, a run
               overwritten by another, workers left running)

Run it against another checkout by putting that checkout first on PYTHONPATH.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "scenarios" / "demo"
SMALL = ["population.total=300", "days=2", "run.compare_baseline=false"]


def cli(*args: str, env: dict | None = None, cwd: Path | None = None):
    return subprocess.run(
        [sys.executable, "-m", "micic_sim", *args],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, **(env or {})},
        cwd=cwd,
    )


def classify(r: subprocess.CompletedProcess) -> str:
    if "Traceback" in r.stderr:
        return "traceback"
    return "clear" if r.returncode != 0 else "silent"


def python(code: str) -> str:
    """Run a Python session; 'clear' if it raised an error whose message names the setting
    (printed as CLEAR), 'traceback' for any other exception, 'silent' if it went through."""
    wrapper = textwrap.dedent(
        """
        import sys, traceback
        try:
        {body}
        except Exception as exc:
            marker = sys.argv[1]
            print("CLEAR" if marker in str(exc) else "TRACEBACK", type(exc).__name__, exc)
        else:
            print("SILENT")
        """
    ).format(body=textwrap.indent(textwrap.dedent(code.split("##", 1)[1]), "    "))
    marker = code.split("##", 1)[0].strip()
    r = subprocess.run(
        [sys.executable, "-c", wrapper, marker], capture_output=True, text=True, timeout=600
    )
    head = (r.stdout.strip().split() or ["TRACEBACK"])[0]
    return {"CLEAR": "clear", "SILENT": "silent"}.get(head, "traceback")


def broken(tmp: Path, file: str, old: str, new: str) -> Path:
    folder = tmp / f"demo_{abs(hash((file, old, new)))}"
    shutil.copytree(DEMO, folder)
    path = folder / file
    if old == "" and not path.exists():
        path.write_text(new)
    elif old == "<bom>":
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    else:
        text = path.read_text()
        assert old in text, (file, old)
        path.write_text(text.replace(old, new, 1))
    return folder


def scenario_mode(file: str, old: str, new: str, *, valid: bool = False) -> Callable[[Path], str]:
    """`run` on a broken scenario; `valid`: the input is acceptable, so a run is right."""

    def mode(tmp: Path) -> str:
        folder = broken(tmp, file, old, new)
        out = tmp / f"run_{folder.name}"
        r = cli("run", f"scenario={folder}", *SMALL, f"run.out_dir={out}")
        if valid:
            return "ok" if r.returncode == 0 else classify(r)
        return classify(r)

    return mode


def override_mode(*overrides: str) -> Callable[[Path], str]:
    def mode(tmp: Path) -> str:
        out = tmp / f"run_{abs(hash(overrides))}"
        given = [o for o in overrides if o.startswith("run.out_dir=")]
        if given:
            out = Path(given[0].split("=", 1)[1])
        r = cli(
            "run",
            "scenario=demo",
            "population.total=300",
            "days=2",
            *overrides,
            *([] if given else [f"run.out_dir={out}"]),
        )
        result = classify(r)
        if result == "clear" and out.exists():
            result += " (folder left)"
        return result

    return mode


def population_with_days(tmp: Path, late_day: float) -> Path:
    folder = tmp / f"late_{late_day:g}"
    shutil.copytree(DEMO, folder)
    pop = folder / "population.csv"
    lines = pop.read_text().splitlines()
    lines[0] += ",day"
    lines[1:] = [line + ",0" for line in lines[1:]]
    lines[3] = lines[3][:-2] + f",{late_day:g}"
    pop.write_text("\n".join(lines) + "\n")
    return folder


def late_population(tmp: Path) -> str:
    folder = population_with_days(tmp, 50)  # days: 45
    r = cli("run", f"scenario={folder}", "population.total=300", f"run.out_dir={tmp / 'late'}")
    return classify(r)


def collect_killed_before_manifest(tmp: Path) -> str:
    code = f"""
import shutil, sys
from pathlib import Path
import micic_sim.analysis.collect as c
from micic_sim.model import EvacuationModel
from micic_sim.results import write_run
root = Path({str(tmp / "sweep")!r})
def run(seed):
    m = EvacuationModel("demo", seed=seed, population_total=300, days=3).run()
    write_run(m, root / "demo" / "baseline" / f"seed{{seed}}", {{"seed": seed}})
run(0); run(1)
c.collect(root)
run(2)
real, n = c.atomic_write, []
def dying(path, fn):
    if path.name == c.MANIFEST_FILE:
        raise KeyboardInterrupt("killed")
    real(path, fn)
c.atomic_write = dying
try:
    c.collect(root)
except KeyboardInterrupt:
    pass
c.atomic_write = real
ts, out = c.collect(root)
dup = out.duplicated(["run_id", "group_type", "group"]).sum()
print("LOST" if dup or out["run_id"].nunique() != 3 else "OK", dup)
"""
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600)
    if "Traceback" in r.stderr:
        return "traceback"
    return "lost" if r.stdout.startswith("LOST") else "ok"


def two_runs_one_folder(tmp: Path) -> str:
    out = tmp / "shared"
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "micic_sim",
                "run",
                "scenario=demo",
                f"seed={s}",
                "population.total=100000",
                "run.compare_baseline=false",
                f"run.out_dir={out}",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for s in (1, 2)
    ]
    codes = [p.wait(timeout=600) for p in procs]
    if all(c == 0 for c in codes):
        return "lost"  # both 'succeeded' into one folder: one run is gone
    return "clear" if sorted(codes) == [0, 2] else "traceback"


def killed_sweep(tmp: Path) -> str:
    sweep = tmp / "sweep_killed"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "micic_sim",
            "run",
            "-m",
            "scenario=demo",
            "seed=1,2,3,4",
            "population.total=300000",
            f"hydra.sweep.dir={sweep}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while len([p for p in sweep.rglob("config.yaml") if p.parent.name == ".hydra"]) < 2:
        if proc.poll() is not None or time.monotonic() > deadline:
            return "error"
        time.sleep(0.2)
    time.sleep(3)  # both workers are inside their jobs
    kids = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True)
    workers = [int(x) for x in kids.stdout.split()]
    proc.kill()
    proc.wait()
    time.sleep(20)
    alive = [w for w in workers if Path(f"/proc/{w}").exists()]
    for w in alive:
        os.kill(w, signal.SIGKILL)
    return "lost" if alive else "ok"


def duplicate_link_labels(tmp: Path) -> str:
    return (
        python(
            """duplicate ##
from micic_sim.model import EvacuationModel
m = EvacuationModel("demo", population_total=300, days=2).run()
labels = [sp.label for sp in m.service_points]
assert len(labels) == len(set(labels)), "duplicate labels"
"""
        )
        .replace("silent", "ok")
        .replace("clear", "silent")
    )  # the assertion: duplicated keys


MODES: dict[str, Callable[[Path], str]] = {
    # run is not check
    "run: unknown scenario name": override_mode("scenario=demoo"),
    "run: population.total=-5": override_mode("population.total=-5"),
    "run: population.total=0": override_mode("population.total=0"),
    "run: days=-1": override_mode("days=-1"),
    "run: days=nan": override_mode("days=nan"),
    "run: dt_hours=100": override_mode("dt_hours=100"),
    "run: out_dir under a file": override_mode("run.out_dir=/etc/hostname/run"),
    "run: lever on an unknown crossing": override_mode(
        "levers.exit_waiver.enabled=true", "levers.exit_waiver.crossings=[nowhere]"
    ),
    "run: negative link distance": scenario_mode(
        "links.csv", "coast_road,capital,portville,1000", "coast_road,capital,portville,-3"
    ),
    # check passes what run crashes on
    "yaml: behaviour unknown key": scenario_mode(
        "scenario.yaml", "  household_size: 4", "  household_size: 4\nbehaviour: {leave_rat: 1}"
    ),
    "yaml: behaviour string": scenario_mode(
        "scenario.yaml", "  household_size: 4", "  household_size: 4\nbehaviour: {leave_rate: x}"
    ),
    "calibrated.yaml unknown key": scenario_mode(
        "calibrated.yaml", "", "behaviour: {leave_rat: 1}\n"
    ),
    "calibrated.yaml string": scenario_mode("calibrated.yaml", "", "behaviour: {leave_rate: x}\n"),
    "calibrated.yaml garbage": scenario_mode("calibrated.yaml", "", "behaviour: [1, 2\n"),
    "calibrated.yaml NaN": scenario_mode("calibrated.yaml", "", "behaviour: {leave_rate: .nan}\n"),
    "yaml: days .nan": scenario_mode("scenario.yaml", "days: 45", "days: .nan"),
    "yaml: days .inf": scenario_mode("scenario.yaml", "days: 45", "days: .inf"),
    "population count 1e30": scenario_mode("population.csv", "single,3000", "single,1e30"),
    "population count 1e15": scenario_mode("population.csv", "single,3000", "single,1e15"),
    # silent wrong results
    "population row after the last day": late_population,
    "crossing exit_place is a city": scenario_mode(
        "crossings.csv", "north_gate,north_exit", "north_gate,capital"
    ),
    "yaml: days: true": scenario_mode("scenario.yaml", "days: 45", "days: true"),
    "yaml: phone: .nan": scenario_mode("scenario.yaml", "  phone: 0.8", "  phone: .nan"),
    "yaml: employer_size: .nan": scenario_mode(
        "scenario.yaml", "  employer_size: 40", "  employer_size: .nan"
    ),
    "API: firewall enabled 'no'": lambda tmp: python(
        """levers.firewall.enabled ##
from micic_sim.model import EvacuationModel
m = EvacuationModel("demo", population_total=300, days=1,
                    levers={"firewall": {"enabled": "no"}})
"""
    ),
    "API: population_total=2.5": lambda tmp: python(
        """population.total ##
from micic_sim.model import EvacuationModel
EvacuationModel("demo", population_total=2.5, days=1)
"""
    ),
    "API: step() after the end": lambda tmp: python(
        """ended ##
from micic_sim.model import EvacuationModel
m = EvacuationModel("demo", population_total=300, days=1).run()
m.step()
"""
    ),
    "two-way link labels in timeseries": duplicate_link_labels,
    # spreadsheets (valid input: a run is the right answer)
    "CSV: quoted newline in a cell": scenario_mode(
        "places.csv", "Capital City", '"Capital\nCity"', valid=True
    ),
    "CSV: UTF-8 BOM": scenario_mode("places.csv", "<bom>", "", valid=True),
    # lost data
    "collect killed before its manifest": collect_killed_before_manifest,
    "two runs into one out_dir": two_runs_one_folder,
    "sweep killed: workers left": killed_sweep,
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only", default="", help="modes whose name starts with this")
    ns = ap.parse_args()
    counts: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, mode in MODES.items():
            if not name.startswith(ns.only):
                continue
            result = mode(Path(tmp))
            counts[result] = counts.get(result, 0) + 1
            print(f"{name:40s} {result}", flush=True)
    print("\n" + ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())))


if __name__ == "__main__":
    main()
