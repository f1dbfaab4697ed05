"""A live run for the dashboard: the chosen policy and the baseline, same scenario and seed,
stepped together, read back in people.

The web page never touches a model directly: it asks a `LiveRun` to step (in a worker thread)
and receives `Snapshot`s, plain arrays already converted from agents to people, at a bounded
rate. Only the public side of `EvacuationModel` is used (`step()`, `records`, `scale`,
`service_points`, `running`), so the dashboard follows the model as it changes.
"""

from __future__ import annotations

import io
import shutil
import threading
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from micic_sim.codes import State
from micic_sim.dashboard import choices
from micic_sim.model import EvacuationModel

#: Charts are redrawn at most this often while a run is going (seconds).
REDRAW_SECONDS = 1.0

#: Lines of the state chart: words a planner uses -> the model states they add up.
STATE_GROUPS: dict[str, tuple[State, ...]] = {
    "Still at home": (State.HOME,),
    "On the move": (State.MOVING,),
    "Queuing (border, consulate, transport)": (
        State.QUEUE_BORDER,
        State.QUEUE_CONSULATE,
        State.QUEUE_TRANSPORT,
    ),
    "Stranded (no way out)": (State.STRANDED,),
    "In a shelter": (State.IN_SHELTER,),
    "Detained": (State.DETAINED,),
    "Harmed": (State.HARMED,),
}
SAFE = "Reached safety"
QUEUE_KINDS = {"crossing": "Border crossings", "consulate": "Consular posts"}


@dataclass(frozen=True)
class Settings:
    """Everything that defines a run: changing any of it starts a new one."""

    scenario: str
    levers: frozenset[str] = frozenset()
    agents: int | None = None  # None: the scenario's own number of agents
    seed: int = 0

    @property
    def policy(self) -> str:
        return choices.policy_name(self.levers)

    def lever_config(self) -> dict[str, dict[str, Any]]:
        return {name: {"enabled": True} for name in sorted(self.levers)}

    def config(self, baseline: bool = False) -> dict[str, Any]:
        """The run's resolved config, in the same schema as `micic-sim run` writes."""
        from omegaconf import OmegaConf

        from micic_sim.config import MicicConfig

        cfg = OmegaConf.structured(MicicConfig)
        cfg.scenario = self.scenario
        cfg.seed = self.seed
        cfg.population.total = self.agents
        cfg.run.compare_baseline = False
        for name, values in ({} if baseline else self.lever_config()).items():
            cfg.levers[name].enabled = values["enabled"]
        return OmegaConf.to_container(cfg, resolve=True)


@dataclass
class Snapshot:
    """What the page shows after some steps; every count is in people."""

    scenario_title: str
    policy: str
    day: float
    days_total: float
    steps: int
    done: bool
    agents: int
    people_per_agent: float
    days: np.ndarray
    states: dict[str, np.ndarray]  # the policy run, one series per STATE_GROUPS line and SAFE
    states_base: dict[str, np.ndarray]
    queues: dict[str, dict[str, np.ndarray]]  # kind -> service point label -> people waiting
    queues_base: dict[str, np.ndarray]  # kind -> people waiting at all such points (baseline)
    at_place: np.ndarray  # people at each place now (policy run, scenario place order)
    passed: dict[str, float]  # service point label -> people through so far (policy run)
    key: list[tuple[str, float, float]] = field(default_factory=list)  # (what, policy, baseline)


class _Track:
    """Per-step aggregates of one model, in agents, read from its public `records`."""

    def __init__(self, model: EvacuationModel) -> None:
        self.model = model
        self.read = 0
        self.days: list[float] = []
        self.states: dict[str, list[float]] = {k: [] for k in [*STATE_GROUPS, SAFE]}
        self.points = [sp for sp in model.service_points if sp.label.split(":")[0] in QUEUE_KINDS]
        self.queues: dict[str, list[float]] = {sp.label: [] for sp in self.points}
        self.labels = [sp.label for sp in model.service_points]
        self.passed = np.zeros(len(self.labels))

    def update(self) -> None:
        for rec in self.model.records[self.read :]:
            by_state = rec.by_status.sum(axis=1)
            self.days.append(rec.day)
            for name, states in STATE_GROUPS.items():
                self.states[name].append(float(by_state[list(states)].sum()))
            self.states[SAFE].append(float(rec.safe))
            for sp in self.points:
                self.queues[sp.label].append(float(rec.queue_persons[sp.resource]))
            self.passed += rec.passed
        self.read = len(self.model.records)

    def kind_total(self, kind: str) -> np.ndarray:
        rows = [v for k, v in self.queues.items() if k.startswith(kind + ":")]
        return np.sum(rows, axis=0) if rows else np.zeros(len(self.days))


class LiveRun:
    """The chosen policy and the baseline (no levers), same scenario, agents and seed."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        kw = {"seed": settings.seed, "population_total": settings.agents}
        self.model = EvacuationModel(settings.scenario, levers=settings.lever_config(), **kw)
        # With no lever switched on the run *is* the baseline: one model serves both.
        self.baseline = EvacuationModel(self.model.case, **kw) if settings.levers else self.model
        self._track = _Track(self.model)
        self._track_base = _Track(self.baseline) if settings.levers else self._track
        self.lock = threading.Lock()  # one thread steps or writes at a time

    @property
    def done(self) -> bool:
        return not self.model.running

    def run(
        self,
        steps: int | None,
        publish: Callable[[Snapshot], None],
        stop: Callable[[], bool] = lambda: False,
        every: float = REDRAW_SECONDS,
    ) -> int:
        """Step both models `steps` times (None: to the end), calling `publish` with a fresh
        snapshot at most every `every` seconds and once at the end. Returns steps taken.

        If publishing (drawing the charts) is slow, the wait grows to twice its last duration,
        so drawing never takes more than a third of the time on a large scenario."""
        taken, last, wait = 0, time.monotonic(), every
        while (steps is None or taken < steps) and not self.done and not stop():
            with self.lock:
                self.model.step()
                if self.baseline is not self.model:
                    self.baseline.step()
            taken += 1
            if time.monotonic() - last >= wait:
                t0 = time.monotonic()
                publish(self.snapshot())
                last = time.monotonic()
                wait = max(every, 2.0 * (last - t0))
        publish(self.snapshot())
        return taken

    def snapshot(self) -> Snapshot:
        with self.lock:
            self._track.update()
            if self._track_base is not self._track:
                self._track_base.update()
        m, t, b = self.model, self._track, self._track_base
        people = 1.0 / m.scale  # people per agent

        def series(values: list[float]) -> np.ndarray:
            return np.asarray(values, float) * people

        states = {k: series(v) for k, v in t.states.items()}
        states_base = {k: series(v) for k, v in b.states.items()}
        queues = {
            kind: {k: series(v) for k, v in t.queues.items() if k.startswith(kind + ":")}
            for kind in QUEUE_KINDS
        }
        last = m.records[-1]
        key = [
            (SAFE, states[SAFE][-1], states_base[SAFE][-1]),
            *(
                (name, states[name][-1], states_base[name][-1])
                for name in (
                    "Harmed",
                    "Queuing (border, consulate, transport)",
                    "Stranded (no way out)",
                    "Detained",
                    "In a shelter",
                    "Still at home",
                )
            ),
        ]
        return Snapshot(
            scenario_title=m.case.title,
            policy=self.settings.policy,
            day=float(m.day),
            days_total=float(m.days),
            steps=int(m.steps),
            done=self.done,
            agents=int(m.population.n),
            people_per_agent=people,
            days=np.asarray(t.days),
            states=states,
            states_base=states_base,
            queues=queues,
            queues_base={kind: b.kind_total(kind) * people for kind in QUEUE_KINDS},
            at_place=np.asarray(last.at_place, float) * people,
            passed={k: float(v) * people for k, v in zip(t.labels, t.passed, strict=True)},
            key=key,
        )

    def folder(self, root: str | Path = "runs/dashboard") -> Path:
        """Where this run is written: runs/dashboard/<scenario>/<policy>/seed<n>, like
        `micic-sim run` (baseline in its `baseline/` subfolder)."""
        from micic_sim.cli import slug

        s = self.settings
        return Path(root) / slug(s.scenario) / slug(s.policy) / f"seed{s.seed}"

    @property
    def zip_name(self) -> str:
        """The download's file name: <scenario>_<policy>_seed<n>.zip."""
        from micic_sim.cli import slug

        s = self.settings
        return f"{slug(s.scenario)}_{slug(s.policy)}_seed{s.seed}.zip"

    def write(self, root: str | Path = "runs/dashboard") -> Path:
        """Write the run folder(s) as they stand (the runs may be unfinished) and the charts."""
        from micic_sim.dashboard import figures
        from micic_sim.results import write_run

        out = self.folder(root)
        shutil.rmtree(out, ignore_errors=True)  # a folder holds one run, never a mix of two
        with self.lock:
            write_run(self.model, out, self.settings.config(), agents=True)
            if self.baseline is not self.model:
                write_run(self.baseline, out / "baseline", self.settings.config(baseline=True))
        charts = out / "charts"
        charts.mkdir()
        for name, png in figures.all_pngs(self.snapshot(), self.model.case).items():
            (charts / f"{name}.png").write_bytes(png)
        return out

    def zip(self, root: str | Path = "runs/dashboard") -> bytes:
        """The written run folder as a zip archive (for the browser's download)."""
        out = self.write(root)
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for path in sorted(out.rglob("*")):
                if path.is_file():
                    zf.write(path, Path(out.name) / path.relative_to(out))
        return buf.getvalue()
