"""EvacuationModel: the Mesa model that drives one simulated crisis.

The model sets up the world, the rules, the population and the institutions, and owns the
state the kernels work on; one step runs the stages listed in `micic_sim.stages.STAGES`
(printed by `EvacuationModel.STEP_ORDER`). docs/architecture.md says where to add a lever, a
column or a stage.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import mesa
import numpy as np
import pandas as pd

from micic_sim.bundles import population_bundle, rules_bundle, world_bundle
from micic_sim.codes import Age, Awareness, Mode, OptionKind, PlaceKind, State, Status, names
from micic_sim.inputs import DEFAULT_DT_HOURS, check_run, run_settings, scenario_of
from micic_sim.institutions import KIND_CLASS, CallCentre, RoadLink, ServiceBoard, ServicePoint
from micic_sim.kernels.common import finds_own_way
from micic_sim.kernels.counts import tally
from micic_sim.kernels.harm import household_starts
from micic_sim.kernels.info import count_callers
from micic_sim.kernels.queues import hh_has_vulnerable
from micic_sim.levers.rules import Rules
from micic_sim.migrants import MigrantSet
from micic_sim.network import onward_links, route_tables
from micic_sim.population.employers import Employers
from micic_sim.population.propensity import spread
from micic_sim.population.synth import synthesise
from micic_sim.rng import STREAMS, uniform_array
from micic_sim.scenario import Scenario
from micic_sim.stages import run_step, step_order
from micic_sim.wayfinding import WayTables, edges
from micic_sim.wayfinding import build as build_way_tables
from micic_sim.world import World


@dataclass
class StepRecord:
    """Aggregates of one step, kept as arrays until the run ends."""

    day: float
    by_status: np.ndarray
    by_nat: np.ndarray
    at_place: np.ndarray
    queue_persons: np.ndarray
    served: np.ndarray  # persons served per service point this step
    passed: np.ndarray  # persons let through per service point this step
    informed: int
    safe: int
    safe_by_nat: np.ndarray  # people safe (crossed or evacuated), by nationality
    # people let through so far per service point and nationality (cumulative)
    passed_nat: np.ndarray | None = None


@dataclass
class Timings:
    """Seconds spent per stage (for the benchmarks' cost shares)."""

    seconds: dict[str, float] = field(default_factory=dict)

    def add(self, stage: str, t0: float) -> float:
        t1 = time.perf_counter()
        self.seconds[stage] = self.seconds.get(stage, 0.0) + (t1 - t0)
        return t1


class EvacuationModel(mesa.Model):
    """Migrants (NumPy columns) moving through a crisis; institutions as Mesa agents."""

    #: The stages of one step, one line each (from micic_sim.stages.STAGES).
    STEP_ORDER = step_order()

    #: Step length when neither the caller nor the scenario gives one.
    DEFAULT_DT_HOURS = DEFAULT_DT_HOURS

    @classmethod
    def from_config(cls, config: Mapping[str, Any], **kwargs: Any) -> EvacuationModel:
        """The model a resolved run configuration (a plain dict) describes: one place that says
        how `micic-sim run`, its baseline, the benchmarks and the identity harness build it."""
        return cls(config["scenario"], **run_settings(config), **kwargs)

    def __init__(
        self,
        scenario: Scenario | str,
        *,
        seed: int = 0,
        dt_hours: float | None = None,
        days: float | None = None,
        population_total: int | None = None,
        levers: dict[str, Any] | None = None,
        behaviour: dict[str, Any] | None = None,
        collect: bool = True,
    ) -> None:
        # One validation path (micic_sim.inputs): every setting is checked, and the memory the
        # run needs estimated, before anything is allocated.
        case = scenario_of(scenario)
        plan = check_run(
            case,
            seed=seed,
            dt_hours=dt_hours,
            days=days,
            population_total=population_total,
            levers=levers,
            behaviour=behaviour,
        )
        super().__init__(rng=plan.seed)
        self.case = case
        self.seed = plan.seed
        self.seed_u64 = np.uint64(self.seed & 0xFFFFFFFFFFFFFFFF)
        self.dt = plan.dt_hours / 24.0
        self.days = plan.days
        self.n_steps = plan.n_steps
        self.day = 0.0
        self.behaviour = plan.behaviour
        self.par = self.behaviour.to_kernel()
        self.world = World(self.case)
        self.levers = plan.levers
        self.rules = Rules(self.world, self.levers, self.behaviour)
        self.population = synthesise(self.case, self.seed, plan.agents)
        p = self.population
        # Propensity to leave: Exp(1) from the synthesiser, spread by leave_heterogeneity
        # (h = 0: everyone alike; mean 1 whatever h).
        p.propensity[:] = spread(p.propensity, self.behaviour.leave_heterogeneity)
        self.employers = Employers(
            p.employer, p.place, self.seed_u64, self.behaviour.employer_heterogeneity
        )
        # Capacities in the scenario are real people; scale them to agents.
        self.scale = self.population.n / float(self.case.population["count"].sum())
        self.rules.scale = self.scale
        self._apply_start_levers()
        self.max_household = float(self.population.hh_size.max(initial=1))
        self.hh_start = household_starts(self.population.household)
        self.priority = hh_has_vulnerable(self.hh_start, self.population.vulnerable)
        self.local = finds_own_way(
            self.seed_u64, self.population.household, self.behaviour.local_share
        )
        self._all_local = bool(self.local.all())
        self._all_single = len(self.hh_start) == self.population.n + 1
        self.timings = Timings()
        # The danger people are used to, per place (stages._rules: habituation): float64, so
        # that without habituation it is exactly everyday_hazard, as a scalar was.
        self.used_to = np.full(len(self.world.place_ids), self.behaviour.everyday_hazard)
        # Set by the rules stage, read by later stages of the same step.
        self.crisis_on = False
        self.alert = 0.0
        # The decisions' candidate options and the rules they were built from (stages).
        self._candidates: tuple[bytes, tuple[np.ndarray, np.ndarray]] | None = None
        # The kernels' bundles (micic_sim.bundles): the columns once, the day's rules per step.
        self.pop = population_bundle(self.population)
        self.rule_arrays = rules_bundle(self.rules)
        self._pending = int(np.count_nonzero(self.population.state == State.NOT_YET))
        self.collect_enabled = collect
        self.records: list[StepRecord] = []

        w = self.world
        # Peers' reason to leave: who has left home, per (place, nationality), against who lived
        # there (including people still to appear).
        self._residents = np.bincount(
            p.place.astype(np.int64) * w.n_nat + p.nationality, minlength=w.n_places * w.n_nat
        ).astype(np.float64)
        self.peers_left = np.zeros(w.n_places * w.n_nat, np.float64)
        # Speed per link mode, in Mode's code order (speed_<mode>_km_day).
        self._road_speed = np.array(
            [getattr(self.behaviour, f"speed_{m}_km_day") for m in names(Mode)]
        )
        self.n_options = self.rules.options.n
        # Days of queue at capacity-limited links on the way to each option, from each place
        # (stages._decisions; network.route_waits): all 0 while no such link has a queue.
        self.route_wait = np.zeros((self.n_options, w.n_places))
        self.link_capped = w.link_cap_day >= 0
        self.place_onward = onward_links(
            w.place_host, w.place_country, w.link_from, w.link_to, self.link_capped
        )
        self._reception = w.place_kind == PlaceKind.RECEPTION
        self._border_exit = w.place_kind == PlaceKind.BORDER_EXIT
        self._shelter = w.place_kind == PlaceKind.SHELTER
        self._camp = self._reception | self._shelter
        # Capacities in agents (-1: none); the scale is fixed for the run.
        self._capacity_agents = np.where(w.place_capacity >= 0, w.place_capacity * self.scale, -1.0)
        # Camps and shelters with a capacity admit newcomers up to it (kernels.admit); the
        # capacity of the day is the rules' (levers may add beds).
        capped = self._camp & (self._capacity_agents > 0)
        self._admit_cap = capped if capped.any() else None
        if self._admit_cap is not None:
            self._pre_state = self.population.state.copy()
            self._pre_place = self.population.place.copy()
            self._admit_who = np.empty(self.population.n, np.int64)
        self._cr_option = np.full(len(w.crossing_ids), -1, np.int32)
        o = self.rules.options
        crossing_opts = np.flatnonzero(o.kind == OptionKind.CROSSING)
        self._cr_option[o.crossing[crossing_opts]] = crossing_opts
        self.way: WayTables | None = None
        # Per person: time left in the step on joining a border queue (kernels.wayfind), to
        # go on with when let across in the same step (stages._arrivals); scratch, no column.
        self._left = np.zeros(self.population.n, np.float64)
        # Per person, for Flee's avoid_short_stints (kernels.wayfind): the share of a day's
        # travel of the last two days (Flee's recent_travel_distance) and of this step.
        n_avoid = self.population.n if self.par.avoid_short_stints > 0 else 0
        self._recent = np.zeros(n_avoid, np.float64)
        self._moved = np.zeros(n_avoid, np.float64)
        self._town = np.zeros(0, np.bool_)
        self._rebuild_routes()
        if self.local.any():  # wayfinders who start in a camp (Flee's day-0 camp population)
            p = self.population
            home = self.local & (p.state == State.HOME)
            p.state[home & self._reception[p.place]] = State.WAITING
            p.state[home & self._shelter[p.place]] = State.IN_SHELTER
        self.n_resources = self.n_options + len(w.link_from)
        self.res_priority = np.zeros(self.n_resources, bool)
        self.queue_order = np.zeros(0, np.int32)
        self.queue_start = np.zeros(self.n_resources + 1, np.int64)
        self.queue_persons = np.zeros(self.n_resources, np.int64)
        self.queue_held = np.zeros(self.n_resources, np.int64)  # of those, held at a gate
        self.occupancy = np.zeros(w.n_places, np.int64)
        self.world_arrays = world_bundle(self)  # rebuilt by the rules stage when it changes
        self._world_arrays_for = (self.world.events_applied, self.alert)

        # Institutions: one Mesa agent per service point, plus the hotline's call centre.
        o = self.rules.options
        self.service_points: list[ServicePoint] = []
        for r in range(o.n):
            if o.kind[r] == OptionKind.RECEPTION:
                continue
            cls = KIND_CLASS[int(o.kind[r])]
            self.service_points.append(cls(self, r, int(o.kind[r]), o.labels[r]))
        for lk in np.flatnonzero(self.link_capped):
            self.service_points.append(
                RoadLink(self, o.n + int(lk), -1, w.link_labels[lk], link_id=int(lk))
            )
        self.board = ServiceBoard(self, self.service_points)
        self.call_centre = CallCentre(self)
        self.migrants = MigrantSet(self)
        # Data collection: one StepRecord per step, filled by the tally kernel (no per-agent
        # Python); timeseries() turns the records into a tidy table.
        self._last: StepRecord | None = None
        self._tally()

    # -- set-up --------------------------------------------------------------------------------
    def _apply_start_levers(self) -> None:
        """Levers that act before the crisis: registration drives and pre-departure training."""
        p, lv = self.population, self.levers
        nat_of = self.world.nat_mask
        if lv["registration_drive"].enabled:
            x = lv["registration_drive"]
            u = uniform_array(self.seed_u64, 0, p.n, STREAMS["registration_drive"].first)
            eligible = nat_of(x.nationalities)[p.nationality]
            p.registered[:] |= eligible & (u < x.target_share)
        if lv["pre_departure_training"].enabled:
            x = lv["pre_departure_training"]
            u = uniform_array(self.seed_u64, 0, p.n, STREAMS["pre_departure_training"].first)
            trained = (
                nat_of(x.nationalities)[p.nationality] & (u < x.coverage) & (p.age > int(Age.CHILD))
            )
            p.registered[:] |= trained
            p.awareness[:] = np.where(
                trained, np.maximum(p.awareness, int(Awareness.WARNED)), p.awareness
            )
            p.language_host[:] |= trained  # induction: knows host media and local sources

    def _rebuild_routes(self) -> None:
        w = self.world
        days = w.link_km / self._road_speed[w.link_mode]
        self.routes = route_tables(w.n_places, w.link_from, w.link_to, days, w.link_open)
        self._rebuild_way()

    def _rebuild_way(self) -> None:
        """Wayfinding routes (links and crossings), when anyone finds their way locally."""
        w = self.world
        if self.behaviour.local_share > 0:
            e = edges(
                w.link_from,
                w.link_to,
                w.link_km,
                w.link_open,
                w.cr_exit,
                w.cr_entry,
                w.cr_km,
                w.cr_open,
            )
            self.way = build_way_tables(
                w.n_places,
                *e,
                waypoint=w.place_kind == PlaceKind.BORDER_EXIT,
                hops=int(round(self.behaviour.awareness_hops)),
            )

    # -- queries -------------------------------------------------------------------------------
    def state_count(self, state: int) -> int:
        return int(self._last.by_status[state].sum()) if self._last else 0

    def count_callers(self) -> int:
        p = self.population
        return int(count_callers(p.state, p.head, p.awareness, p.phone))

    # -- the step ------------------------------------------------------------------------------
    def step(self) -> None:
        """One step of dt days: the stages of `micic_sim.stages.STAGES`, in order."""
        if not self.running:
            self.steps -= 1  # Mesa counted this step before calling us
            raise RuntimeError(
                f"the run has ended (day {self.day:g} of {self.days:g}, {self.n_steps} steps);"
                " build a new EvacuationModel to run again"
            )
        run_step(self)
        if self.steps >= self.n_steps:
            self.running = False

    def _tally(self) -> None:
        by_status, by_nat, at_place, informed, safe, self.occupancy = tally(
            self.pop, self.rule_arrays, self.world_arrays
        )
        served = self.board.served_today.copy()
        passed = self.board.passed_today.copy()
        self._last = StepRecord(
            self.day,
            by_status,
            by_nat,
            at_place,
            self.queue_persons.copy(),
            served,
            passed,
            int(informed),
            int(safe.sum()),
            safe,
            self.board.passed_nat.copy() if self.collect_enabled and self.service_points else None,
        )
        if self.collect_enabled:
            self.records.append(self._last)

    def run(
        self, progress: bool = False, between_steps: Callable[[], Any] | None = None
    ) -> EvacuationModel:
        """Run to the end of the scenario period (`progress` shows a bar on long runs;
        `between_steps` is called after each step, e.g. to adapt the thread count to the
        machine's load: micic_sim.threads.AdaptiveThreads)."""
        bar = None
        if progress:
            from tqdm import tqdm

            bar = tqdm(total=self.n_steps, unit="step", desc=self.case.name, leave=False)
        while self.running:
            self.step()  # Mesa wraps step(): time advances, then our step runs
            if between_steps is not None:
                between_steps()
            if bar is not None:
                bar.update(1)
        if bar is not None:
            bar.close()
        return self

    # -- results -------------------------------------------------------------------------------
    @property
    def people_per_agent(self) -> float:
        """Real people each agent stands for (1 / `scale`): counts shown to people use it."""
        return 1.0 / self.scale

    def timeseries(self) -> pd.DataFrame:
        """Tidy time series: one row per (day, metric, group) with `value` in agents and
        `people` (value x people_per_agent). Built from arrays in one go (not a frame per
        step): at small N, writing a run's series used to cost as much as its stepping.

        Every step's record is one row of a (steps x columns) table: the state block (per
        state, statuses then nationalities), queues, served and passed per service point,
        people at each place, informed and safe. A mask keeps the columns a step reports
        (queues with someone in them, service points that served someone, occupied places);
        reading the kept cells row by row gives the rows day by day, in that order."""
        w, o = self.world, self.rules.options
        states, statuses = names(State), names(Status)
        groups = [f"status:{st}" for st in statuses] + [f"nationality:{n}" for n in w.nat_ids]
        sp_labels = [sp.label for sp in self.service_points]
        recs = self.records
        n_sp = len(sp_labels)

        def table(field: str) -> np.ndarray:
            return np.array([np.asarray(getattr(r, field)) for r in recs], np.int64)

        block = np.concatenate(
            [np.array([r.by_status for r in recs]), np.array([r.by_nat for r in recs])], axis=2
        ).astype(np.int64)
        queue, at = table("queue_persons"), table("at_place")
        served, passed = table("served"), table("passed")
        value = np.hstack(
            [
                block.reshape(len(recs), -1),
                queue,
                np.stack([served, passed], axis=2).reshape(len(recs), 2 * n_sp),
                at,
                np.array([[r.informed, r.safe] for r in recs], np.int64).reshape(len(recs), 2),
            ]
        )
        keep = np.hstack(
            [
                np.ones((len(recs), len(states) * len(groups)), bool),
                queue != 0,
                np.repeat(served != 0, 2, axis=1),
                at != 0,
                np.ones((len(recs), 2), bool),
            ]
        )
        metric = (
            [f"state:{s}" for s in states for _ in groups]
            + ["queue"] * queue.shape[1]
            + ["served", "passed"] * n_sp
            + ["at_place"] * at.shape[1]
            + ["informed", "safe"]
        )
        group = (
            groups * len(states)
            + list(o.labels)
            + w.link_labels
            + [label for label in sp_labels for _ in range(2)]
            + [str(x) for x in w.place_ids]
            + ["all", "all"]
        )
        row, col = np.nonzero(keep)
        day = np.array([r.day for r in recs], np.float64)
        out = pd.DataFrame(
            {
                "day": day[row],
                "metric": pd.array(np.array(metric, dtype=object), dtype="str").take(col),
                "group": pd.array(np.array(group, dtype=object), dtype="str").take(col),
                "value": value[row, col],
            }
        )
        out["people"] = out["value"] * self.people_per_agent
        return out

    def agents_frame(self) -> pd.DataFrame:
        return self.migrants.to_frame()
