"""The step as a list of stages: each names the per-person columns it reads and writes, and
runs its kernels on the model's state.

`EvacuationModel.step` runs `STAGES` in order and times each under its name; the model's
`STEP_ORDER`, the timing labels in `model.timings` and the benchmarks' stage list
(benchmarks/run.py) all come from this one tuple, so adding or reordering a stage is one edit
here. `tests/test_stages.py` checks that a stage changes no column it does not declare.

Columns are `micic_sim.codes.COLUMNS` names; a stage may also change model-level state (rule
arrays, queues, occupancy, records), which is not listed.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from micic_sim.bundles import rules_bundle, world_bundle
from micic_sim.codes import State
from micic_sim.habituation import habituate
from micic_sim.kernels.admit import admit
from micic_sim.kernels.counts import appear
from micic_sim.kernels.decide import candidates, decide
from micic_sim.kernels.harm import expose, sync_households
from micic_sim.kernels.info import informed_shares, spread_information
from micic_sim.kernels.move import move
from micic_sim.kernels.queues import order_queues, queued_heads
from micic_sim.kernels.wayfind import step_move_chance, wayfind
from micic_sim.network import route_waits
from micic_sim.wayfinding import place_scores, reweigh, room

if TYPE_CHECKING:
    from micic_sim.model import EvacuationModel


@dataclass(frozen=True)
class Stage:
    """One stage of the step: its name (also its timing label), one line on what it does, the
    per-person columns it reads and writes, and the function that runs it."""

    name: str
    does: str
    reads: tuple[str, ...]
    writes: tuple[str, ...]
    run: Callable[[EvacuationModel], None]


def _appear(m: EvacuationModel) -> None:
    p, day = m.population, m.day
    if m._admit_cap is not None:  # camps admit up to their capacity (kernels.admit)
        np.copyto(m._pre_state, p.state)
        np.copyto(m._pre_place, p.place)
    if m._pending > 0:  # people still to appear (skip the pass once all have)
        m._pending -= appear(day, m.pop, m.rule_arrays, m.world_arrays)


def _timeline(m: EvacuationModel) -> None:
    w, day = m.world, m.day
    links_changed, crossings_changed = w.advance(day)
    if links_changed:
        m._rebuild_routes()
    elif crossings_changed:
        m._rebuild_way()


def _rules(m: EvacuationModel) -> None:
    w, r, dt, day = m.world, m.rules, m.dt, m.day
    recomputed = r.update(day, m.occupancy)
    m.res_priority[: m.n_options] = r.opt_priority
    host_hazard = w.hazard[w.place_host]
    m.crisis_on = bool(host_hazard.size and host_hazard.max() > 0)
    m.alert = float(host_hazard.max()) * m.behaviour.alert_share if m.crisis_on else 0.0
    habituate(m.used_to, w.hazard, dt, m.behaviour.habituation_days, m.behaviour.everyday_hazard)
    m.employers.advance(
        dt,
        m.behaviour.employer_close_rate,
        w.hazard,
        m.alert,
        m.used_to if m.behaviour.habituation_days > 0 else m.behaviour.everyday_hazard,
    )
    if recomputed:  # else the arrays were updated in place and no scalar changed
        r.update_offers(m.routes.days)
        m.rule_arrays = rules_bundle(r)
    # The world's bundle holds arrays updated in place; only a timeline event (the route
    # tables are rebuilt on one, above) or the alert changes what it holds.
    world_now = (w.events_applied, m.alert)
    if world_now != m._world_arrays_for:
        m.world_arrays = world_bundle(m)
        m._world_arrays_for = world_now


def _information(m: EvacuationModel) -> None:
    p, w, par = m.population, m.world, m.par
    step, day, dt, seed = m.steps, m.day, m.dt, m.seed_u64
    m.call_centre.step()
    # Nobody to inform once everyone finds their way locally and has set out (wayfinders
    # on the move act on what they see): skip the pass (Flee cases, after day 0).
    if not (m._all_local and m._last is not None and m._last.by_status[State.HOME].sum() == 0):
        share, stay = informed_shares(
            p.state, p.place, p.nationality, p.awareness, w.n_places, w.n_nat
        )
        np.divide(stay, m._residents, out=m.peers_left, where=m._residents > 0)
        np.subtract(1.0, m.peers_left, out=m.peers_left, where=m._residents > 0)
        spread_information(
            step,
            day,
            dt,
            seed,
            par,
            m.pop,
            m.rule_arrays,
            m.world_arrays,
            share,
            w.n_nat,
            m.call_centre.accept_p,
            m.crisis_on,
        )


def _route_waits(m: EvacuationModel) -> None:
    """Queues at capacity-limited links, in days at today's capacity, summed along the way to
    each option (`m.route_wait`, read by the decisions): walked only while one has a queue."""
    w = m.world
    capped = np.flatnonzero(m.link_capped)
    queued = m.queue_persons[m.n_options + capped]
    if not queued.any():
        if m.route_wait.any():
            m.route_wait[:] = 0.0
        return
    cap = w.link_cap_day[capped] * m.scale  # agents a day; < 0 unlimited
    days = np.where(cap > 0, queued / np.where(cap > 0, cap, 1.0), np.where(cap < 0, 0.0, 2.0))
    link_wait = np.zeros(len(w.link_from))
    link_wait[capped] = days
    route_waits(m.routes.next_link, w.link_to, m.rules.options.place, link_wait, m.route_wait)


def _decisions(m: EvacuationModel) -> None:
    r = m.rules
    o = r.options
    # The queue a newcomer waits behind: people held at a gate (kernels.queues.serve) take
    # none of its capacity.
    opt_queue = (m.queue_persons[: m.n_options] - m.queue_held[: m.n_options]).astype(np.float64)
    _route_waits(m)
    # The candidates follow which options are open to whom: rebuilt only when that changed.
    rules_now = r.opt_open.tobytes() + r.opt_nat_ok.tobytes()
    if m._candidates is None or m._candidates[0] != rules_now:
        m._candidates = (rules_now, candidates(r.opt_open, r.opt_in_host, o.kind, r.opt_nat_ok))
    cand_ptr, cand_idx = m._candidates[1]
    decide(
        m.steps,
        m.day,
        m.dt,
        m.seed_u64,
        m.par,
        m.pop,
        m.rule_arrays,
        m.world_arrays,
        opt_queue,
        cand_ptr,
        cand_idx,
    )


def _order_queues(m: EvacuationModel) -> None:
    """Put every queued household in serving order (`m.queue_order`, `m.queue_start`) and
    count the persons queued per resource (`m.queue_persons`)."""
    p = m.population
    m.queue_order, m.queue_start, m.queue_persons, m.queue_held = order_queues(
        queued_heads(p.queue, p.head),
        p.queue,
        p.ticket,
        m.priority,
        m.res_priority,
        m.n_resources,
        m.n_steps + 1,
        p.hh_size,
        p.goal,
    )


def _queues(m: EvacuationModel) -> None:
    _order_queues(m)
    m.board.step(m)


def _movement(m: EvacuationModel) -> None:
    par = m.par
    step, dt, seed = m.steps, m.dt, m.seed_u64
    if not m._all_local:  # nobody plans a goal when every household finds its way
        move(step, dt, par, m.pop, m.rule_arrays, m.world_arrays)
    if m.way is not None:
        _wayfind(m, step, dt, seed)


#: Borders one local wayfinder may pass within the step's arrivals (stages._arrivals): each is
#: one more service pass and wayfinding call, run only while someone crossed in the last.
MAX_ARRIVAL_PASSES = 4


def _arrivals(m: EvacuationModel) -> None:
    w, r = m.world, m.rules
    step, seed = m.steps, m.seed_u64
    if m.service_points:
        # Households that reached a queue during this step's movement are served now, with
        # the capacity the queue stage left, behind whoever still waits there (the order is
        # by ticket): a border reached within the day's travel is crossed within it when
        # there is room, as on a Flee route, instead of costing a day. Local wayfinders let
        # across into a place that is not a camp go on with the time they had left (and may
        # reach, and pass, another border).
        for k in range(1, MAX_ARRIVAL_PASSES + 1):
            served_before = m.board.served_today.copy()
            passed = m.board.passed_today.sum()
            _order_queues(m)
            m.board.serve_queued(m)
            if m.way is None or m.board.passed_today.sum() == passed:
                break
            _wayfind(m, step, m.dt, seed, resume=k)
        # People at each service this step: those served before the last pass (queue stage
        # and earlier passes), plus everyone queuing at it (served then or still waiting).
        m.queue_persons[m.board.resource] += served_before
    if m._admit_cap is not None:
        admit(
            step,
            seed,
            m.pop,
            m.rule_arrays,
            m.world_arrays,
            np.where(m._admit_cap, r.place_capacity, -1.0),
            m._last.at_place if m._last is not None else np.full(w.n_places, -1),
            m._pre_state,
            m._pre_place,
            m._admit_who,
        )


def _wayfind(m: EvacuationModel, step: int, dt: float, seed: np.uint64, resume: int = 0) -> None:
    """Reweigh the known routes for today's hazard and room, then move local wayfinders
    (`resume` > 0: only those just let across a border in the arrivals pass, with the same
    weights and move chances as the step's movement)."""
    w, par, way = m.world, m.par, m.way
    assert way is not None
    if resume == 0:
        score = place_scores(par, w.place_host, m._camp, w.hazard)
        m._place_room = room(m.occupancy, m._capacity_agents, par.capacity_buffer)
        reweigh(way, par, score, m._place_room)
        m._p_move = step_move_chance(
            par, dt, m._reception, m._shelter, w.place_move_chance, w.hazard
        )
        if par.avoid_short_stints > 0:
            # Flee's recent_travel_distance, from the share of a day's travel of the last step
            np.add(m._recent, m._moved, out=m._recent)
            m._recent *= 0.5
            m._moved[:] = 0.0
            m._town = ~m._reception & ~m._shelter & (w.hazard <= 0)
    place_room, p_move = m._place_room, m._p_move
    wayfind(
        step,
        dt,
        seed,
        par,
        m.pop,
        m.rule_arrays,
        m.world_arrays,
        p_move,
        place_room,
        way.ptr,
        way.dest,
        way.cum,
        way.next_edge,
        way.first,
        m._left,
        resume,
        m._town,
        m._recent,
        m._moved,
    )


def _harm(m: EvacuationModel) -> None:
    p, par, dt = m.population, m.par, m.dt
    # Households of one: nobody follows a head, so syncing is only needed after harm.
    pre_state = p.state if m._all_single else p.state.copy()
    harmed = expose(dt, par, m.pop, m.rule_arrays, m.world_arrays)
    if harmed or not m._all_single:
        sync_households(m.pop, m.rule_arrays, m.world_arrays, pre_state)


def _tally(m: EvacuationModel) -> None:
    dt = m.dt
    m.day = min(m.steps * dt, m.days)
    m._tally()


def _cols(text: str) -> tuple[str, ...]:
    return tuple(text.split())


#: The step, in order. `reads`/`writes` list per-person columns (codes.COLUMNS).
STAGES: tuple[Stage, ...] = (
    Stage(
        "appear",
        "people displaced later join on their day",
        _cols("state appear_day awareness"),
        _cols("state awareness left_day goal"),
        _appear,
    ),
    Stage(
        "timeline",
        "hazard, closures and re-openings; route tables rebuilt if the graph changed",
        (),
        (),
        _timeline,
    ),
    Stage(
        "rules",
        "ordinary rules plus active levers -> rule arrays; employers close or leave",
        (),
        (),
        _rules,
    ),
    Stage(
        "information",
        "warnings and knowledge spread along ties and channels (the hotline's call centre "
        "answers calls); passports returned, diaspora money",
        _cols(
            "state place nationality awareness phone registered cso diaspora employer "
            "household_type language_host head doc savings warn_budget info_budget"
        ),
        _cols("awareness informed_day doc savings warn_budget info_budget"),
        _information,
    ),
    Stage(
        "decisions",
        "leave or stay; choose a goal; give up queues; release from detention",
        _cols(
            "state place link goal queue ticket awareness doc status nationality savings fear "
            "refused employer head age left_day propensity leave_budget"
        ),
        _cols("state goal queue left_day leave_budget"),
        _decisions,
    ),
    Stage(
        "queues",
        "institutions (Mesa agents) refill their capacity and serve their queues",
        _cols(
            "state place queue ticket head hh_size doc status nationality savings refused "
            "employer age"
        ),
        _cols("state place link progress goal queue ticket doc savings refused safe_day home_day"),
        _queues,
    ),
    Stage(
        "movement",
        "travel along links towards the goal and join queues on arrival; local wayfinders "
        "move place by place (kernels.wayfind)",
        _cols("state place link progress goal dest queue ticket head hh_size"),
        _cols("state place link progress goal dest queue ticket"),
        _movement,
    ),
    Stage(
        "arrivals",
        "institutions serve, with the capacity left, the households that reached their queue "
        "in this step's movement (a border reached on the way is crossed the same day, and "
        "local wayfinders go on with the time left); camps and shelters with a capacity admit "
        "the step's newcomers up to it (kernels.admit)",
        _cols(
            "state place link progress goal dest queue ticket head hh_size doc status "
            "nationality savings refused employer age"
        ),
        _cols(
            "state place link progress goal dest queue ticket doc savings refused safe_day home_day"
        ),
        _arrivals,
    ),
    Stage(
        "harm",
        "exposure and harm; time held at borders, abroad and in detention; households "
        "regroup around a living head",
        _cols(
            "state place link progress goal dest queue ticket refused doc safe_day exposure "
            "harm_budget awareness informed_day left_day head hh_size"
        ),
        _cols(
            "state place link progress goal dest queue ticket refused doc safe_day exposure "
            "harm_budget days_border days_waiting days_detained awareness informed_day "
            "left_day head hh_size"
        ),
        _harm,
    ),
    Stage(
        "tally",
        "aggregates for data collection (inside a kernel); the day advances",
        _cols("state status nationality place link awareness safe_day"),
        (),
        _tally,
    ),
)


def step_order() -> str:
    """The step, one numbered line per stage (printed as `EvacuationModel.STEP_ORDER`)."""
    return "\n".join(f"{k:2d}. {s.name:<12} {s.does}" for k, s in enumerate(STAGES, 1))


def run_step(m: EvacuationModel) -> None:
    """Run every stage in order, timing each under its name (`model.timings`)."""
    t0 = time.perf_counter()
    for stage in STAGES:
        stage.run(m)
        t0 = m.timings.add(stage.name, t0)
