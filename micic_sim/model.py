"""EvacuationModel: the Mesa model that drives one simulated crisis.

Step order (one step = dt days), printed by `EvacuationModel.STEP_ORDER`:
 1. appear          people displaced later join on their day
 2. timeline        hazard, closures and re-openings; route tables rebuilt if the graph changed
 3. rules           ordinary rules plus active levers -> rule arrays; institutions refill capacity
 4. information     warnings and knowledge spread along ties and channels (hotline answers calls)
 5. decisions       leave or stay; choose a goal; give up queues; release from detention
 6. queues          institutions (Mesa agents) serve their queues up to capacity
 7. movement        travel along links towards the goal; join queues on arrival; local
                    wayfinders move place by place (kernels.wayfind); camps and shelters
                    with a capacity admit the step's newcomers up to it (kernels.admit)
 8. harm            exposure and harm; households regroup around a living head
 9. tally           aggregates for data collection (inside a kernel)
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import mesa
import numpy as np
import pandas as pd

from micic_sim.codes import Mode, OptionKind, PlaceKind, State, Status, names
from micic_sim.inputs import DEFAULT_DT_HOURS, check_run, scenario_of
from micic_sim.institutions import KIND_CLASS, Hotline, RoadLink, ServicePoint
from micic_sim.kernels.admit import admit
from micic_sim.kernels.common import finds_own_way
from micic_sim.kernels.counts import appear, tally
from micic_sim.kernels.decide import candidates, decide
from micic_sim.kernels.harm import expose, household_starts, sync_households
from micic_sim.kernels.info import count_callers, informed_shares, spread_information
from micic_sim.kernels.move import move
from micic_sim.kernels.queues import hh_has_vulnerable, order_queues, queued_heads
from micic_sim.kernels.wayfind import step_move_chance, wayfind
from micic_sim.levers.rules import Rules
from micic_sim.migrants import MigrantSet
from micic_sim.network import route_tables
from micic_sim.population.employers import Employers
from micic_sim.population.synth import synthesise
from micic_sim.rng import uniform_array
from micic_sim.scenario import Scenario
from micic_sim.wayfinding import WayTables, edges, place_scores, reweigh, room
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


_MODULE_DOC = __doc__


class EvacuationModel(mesa.Model):
    """Migrants (NumPy columns) moving through a crisis; institutions as Mesa agents."""

    STEP_ORDER = (_MODULE_DOC or "").split("Step order", 1)[-1]

    #: Step length when neither the caller nor the scenario gives one.
    DEFAULT_DT_HOURS = DEFAULT_DT_HOURS

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
        h = self.behaviour.leave_heterogeneity
        p.propensity[:] = (p.propensity.astype(np.float64) ** h) / math.gamma(1.0 + h)
        self.employers = Employers(p.employer, p.place, self.seed_u64)
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
        self.link_capped = w.link_cap_day >= 0
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
        self.occupancy = np.zeros(w.n_places, np.int64)

        # Institutions: one Mesa agent per service point, plus the hotline.
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
        self.hotline = Hotline(self)
        self.migrants = MigrantSet(self)
        self.datacollector = mesa.DataCollector(
            model_reporters={
                "day": lambda m: m.day,
                **{s.name.lower(): (lambda m, s=int(s): m.state_count(s)) for s in State},
                "safe": lambda m: m._last.safe if m._last else 0,
                "informed": lambda m: m._last.informed if m._last else 0,
            }
        )
        self._last: StepRecord | None = None
        self._tally()
        if collect:
            self.datacollector.collect(self)

    # -- set-up --------------------------------------------------------------------------------
    def _apply_start_levers(self) -> None:
        """Levers that act before the crisis: registration drives and pre-departure training."""
        p, lv = self.population, self.levers
        nat_of = self.world.nat_mask
        if lv["registration_drive"].enabled:
            x = lv["registration_drive"]
            u = uniform_array(self.seed_u64, 0, p.n, 201)
            eligible = nat_of(x.nationalities)[p.nationality]
            p.registered[:] |= eligible & (u < x.target_share)
        if lv["pre_departure_training"].enabled:
            x = lv["pre_departure_training"]
            u = uniform_array(self.seed_u64, 0, p.n, 202)
            trained = nat_of(x.nationalities)[p.nationality] & (u < x.coverage) & (p.age > 0)
            p.registered[:] |= trained
            p.awareness[:] = np.where(trained, np.maximum(p.awareness, 1), p.awareness)
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
        if not self.running:
            self.steps -= 1  # Mesa counted this step before calling us
            raise RuntimeError(
                f"the run has ended (day {self.day:g} of {self.days:g}, {self.n_steps} steps);"
                " build a new EvacuationModel to run again"
            )
        t = self.timings
        t0 = time.perf_counter()
        p, w, r, par = self.population, self.world, self.rules, self.par
        step, day, dt, seed = self.steps, self.day, self.dt, self.seed_u64
        if self._admit_cap is not None:  # camps admit up to their capacity (kernels.admit)
            np.copyto(self._pre_state, p.state)
            np.copyto(self._pre_place, p.place)
        if self._pending > 0:  # people still to appear (skip the pass once all have)
            self._pending -= appear(day, p.state, p.appear_day, p.awareness, p.left_day, p.goal)
        links_changed, crossings_changed = w.advance(day)
        if links_changed:
            self._rebuild_routes()
        elif crossings_changed:
            self._rebuild_way()
        t0 = t.add("timeline", t0)

        r.update(day, self.occupancy)
        self.res_priority[: self.n_options] = r.opt_priority
        host_hazard = w.hazard[w.place_host]
        crisis_on = bool(host_hazard.size and host_hazard.max() > 0)
        alert = float(host_hazard.max()) * self.behaviour.alert_share if crisis_on else 0.0
        self.employers.advance(dt, self.behaviour.employer_close_rate, w.hazard, alert)
        t0 = t.add("rules", t0)

        self.hotline.step()
        # Nobody to inform once everyone finds their way locally and has set out (wayfinders
        # on the move act on what they see): skip the pass (Flee cases, after day 0).
        if not (
            self._all_local
            and self._last is not None
            and self._last.by_status[State.HOME].sum() == 0
        ):
            share, stay = informed_shares(
                p.state, p.place, p.nationality, p.awareness, w.n_places, w.n_nat
            )
            np.divide(stay, self._residents, out=self.peers_left, where=self._residents > 0)
            np.subtract(1.0, self.peers_left, out=self.peers_left, where=self._residents > 0)
            spread_information(
                step,
                day,
                dt,
                seed,
                par,
                p.state,
                p.place,
                p.nationality,
                p.awareness,
                p.informed_day,
                p.phone,
                p.registered,
                p.cso,
                p.diaspora,
                p.employer,
                p.household_type,
                p.language_host,
                p.head,
                p.doc,
                p.savings,
                p.warn_budget,
                p.info_budget,
                w.hazard,
                w.place_host,
                share,
                w.n_nat,
                self.local,
                r.channels,
                r.peer_multiplier,
                self.hotline.accept_p,
                r.hotline_call_rate,
                r.doc_return_rate,
                r.diaspora_transfer_usd,
                r.diaspora_transfer_rate,
                crisis_on,
            )
        t0 = t.add("information", t0)

        o = r.options
        opt_queue = self.queue_persons[: self.n_options].astype(np.float64)
        cand_ptr, cand_idx = candidates(r.opt_open, r.opt_in_host, o.kind, r.opt_nat_ok)
        decide(
            step,
            day,
            dt,
            seed,
            par,
            p.state,
            p.place,
            p.link,
            p.goal,
            p.queue,
            p.ticket,
            p.awareness,
            p.doc,
            p.status,
            p.nationality,
            p.savings,
            p.fear,
            p.refused,
            p.employer,
            p.head,
            self.local,
            p.age,
            p.left_day,
            p.propensity,
            p.leave_budget,
            w.hazard,
            w.group_hazard,
            w.call,
            self.peers_left,
            self.employers.gone,
            w.place_host,
            self._reception,
            self.routes.days,
            alert,
            o.kind,
            o.place,
            o.crossing,
            r.opt_open,
            r.opt_cap_day,
            opt_queue,
            r.opt_nat_ok,
            r.opt_doc_rule,
            r.opt_fee,
            r.opt_overstay,
            r.opt_exit_permit,
            r.opt_detain_p,
            r.opt_official,
            r.opt_protect,
            r.opt_own_nat,
            r.opt_in_host,
            r.fare_cover,
            r.employer_cover,
            r.patience_factor,
            r.child_priority,
            r.release_detainees,
            cand_ptr,
            cand_idx,
        )
        t0 = t.add("decisions", t0)

        self.queue_order, self.queue_start, self.queue_persons = order_queues(
            queued_heads(p.queue, p.head),
            p.queue,
            p.ticket,
            self.priority,
            self.res_priority,
            self.n_resources,
            self.n_steps + 1,
            p.hh_size,
        )
        for sp in self.service_points:
            sp.step()
        t0 = t.add("queues", t0)

        if not self._all_local:  # nobody plans a goal when every household finds its way
            move(
                step,
                dt,
                par,
                p.state,
                p.place,
                p.link,
                p.progress,
                p.goal,
                p.queue,
                p.ticket,
                p.head,
                self.routes.next_link,
                w.link_to,
                w.link_km,
                w.link_mode,
                self.link_capped,
                self.n_options,
                o.kind,
                o.place,
            )
        if self.way is not None:
            self._wayfind(step, dt, seed)
        if self._admit_cap is not None:
            admit(
                step,
                seed,
                np.where(self._admit_cap, r.place_capacity, -1.0),
                self._last.at_place if self._last is not None else np.full(w.n_places, -1),
                p.state,
                p.place,
                p.link,
                p.progress,
                p.dest,
                p.goal,
                p.queue,
                p.head,
                p.hh_size,
                self._pre_state,
                self._pre_place,
                self._admit_who,
            )
        t0 = t.add("movement", t0)

        # Households of one: nobody follows a head, so syncing is only needed after harm.
        pre_state = p.state if self._all_single else p.state.copy()
        harmed = expose(
            dt,
            par,
            p.state,
            p.place,
            p.link,
            p.safe_day,
            p.exposure,
            p.harm_budget,
            w.hazard,
            w.link_from,
            w.link_mode,
            r.hardship_factor,
            r.sea_factor,
            w.place_host,
            self._border_exit,
            p.days_border,
            p.days_waiting,
            p.days_detained,
        )
        if harmed or not self._all_single:
            sync_households(
                p.state,
                pre_state,
                p.place,
                p.link,
                p.progress,
                p.goal,
                p.dest,
                p.queue,
                p.ticket,
                p.refused,
                p.doc,
                p.safe_day,
                p.awareness,
                p.informed_day,
                p.left_day,
                self.hh_start,
                p.head,
                p.hh_size,
            )
        t0 = t.add("harm", t0)

        self.day = min(self.steps * dt, self.days)
        self._tally()
        if self.collect_enabled:
            self.datacollector.collect(self)
        t.add("tally", t0)
        if self.steps >= self.n_steps:
            self.running = False

    def _wayfind(self, step: int, dt: float, seed: np.uint64) -> None:
        """Reweigh the known routes for today's hazard and room, then move local wayfinders."""
        p, w, par, way = self.population, self.world, self.par, self.way
        assert way is not None
        score = place_scores(par, w.place_host, self._camp, w.hazard)
        place_room = room(self.occupancy, self._capacity_agents, par.capacity_buffer)
        reweigh(way, par, score, place_room)
        p_move = step_move_chance(
            par, dt, self._reception, self._shelter, w.place_move_chance, w.hazard
        )
        wayfind(
            step,
            dt,
            seed,
            par,
            p.state,
            p.place,
            p.link,
            p.progress,
            p.goal,
            p.dest,
            p.queue,
            p.ticket,
            p.head,
            self.local,
            p_move,
            place_room,
            way.ptr,
            way.dest,
            way.cum,
            way.next_edge,
            len(w.link_from),
            self._cr_option,
            w.link_to,
            w.link_km,
            w.link_mode,
            self.link_capped,
            self.n_options,
            self._reception,
            self._shelter,
            w.place_host,
        )

    def _tally(self) -> None:
        p, w = self.population, self.world
        by_status, by_nat, at_place, informed, safe, self.occupancy = tally(
            p.state,
            p.status,
            p.nationality,
            p.place,
            p.link,
            p.awareness,
            p.safe_day,
            w.n_nat,
            w.n_places,
        )
        served = np.array([sp.served_today for sp in self.service_points], np.int64)
        passed = np.array([sp.passed_today for sp in self.service_points], np.int64)
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
            np.stack([sp.passed_nat for sp in self.service_points])
            if self.collect_enabled and self.service_points
            else None,
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
        step): at small N, writing a run's series used to cost as much as its stepping."""
        w, o = self.world, self.rules.options
        states, statuses = names(State), names(Status)
        # The state block is the same shape every step: per state, statuses then nationalities.
        groups = [f"status:{st}" for st in statuses] + [f"nationality:{n}" for n in w.nat_ids]
        block_metric = np.repeat([f"state:{s}" for s in states], len(groups)).astype(object)
        block_group = np.array(groups * len(states), dtype=object)
        queue_labels = np.array(list(o.labels) + w.link_labels, dtype=object)
        sp_labels = np.array([sp.label for sp in self.service_points], dtype=object)
        place_ids = np.asarray(w.place_ids, dtype=object)
        metric: list[np.ndarray] = []
        group: list[np.ndarray] = []
        value: list[np.ndarray] = []
        day: list[np.ndarray] = []
        for rec in self.records:
            q = np.flatnonzero(rec.queue_persons)
            served = np.asarray(rec.served)
            sp = np.flatnonzero(served)
            at = np.flatnonzero(rec.at_place)
            parts_m = [
                block_metric,
                np.full(q.size, "queue", dtype=object),
                np.tile(np.array(["served", "passed"], dtype=object), sp.size),
                np.full(at.size, "at_place", dtype=object),
                np.array(["informed", "safe"], dtype=object),
            ]
            parts_g = [
                block_group,
                queue_labels[q],
                np.repeat(sp_labels[sp], 2),
                place_ids[at],
                np.array(["all", "all"], dtype=object),
            ]
            parts_v = [
                np.hstack([rec.by_status, rec.by_nat]).ravel().astype(np.int64),
                np.asarray(rec.queue_persons)[q].astype(np.int64),
                np.column_stack([served[sp], np.asarray(rec.passed)[sp]]).ravel().astype(np.int64),
                np.asarray(rec.at_place)[at].astype(np.int64),
                np.array([rec.informed, rec.safe], dtype=np.int64),
            ]
            n = sum(len(x) for x in parts_v)
            metric += parts_m
            group += parts_g
            value += parts_v
            day.append(np.full(n, rec.day, dtype=np.float64))
        out = pd.DataFrame(
            {
                "day": np.concatenate(day),
                "metric": np.concatenate(metric),
                "group": np.concatenate(group),
                "value": np.concatenate(value),
            }
        )
        out["people"] = out["value"] * self.people_per_agent
        return out

    def agents_frame(self) -> pd.DataFrame:
        return self.migrants.to_frame()
