"""A queue reached during a step's movement is served in that same step, with the capacity the
queue stage left (stages._arrivals): a border reached on the way is crossed the same day when
the crossing has room, as on a Flee route where a border costs no day, and not when it is full.
Checked on a small imported Flee case (local wayfinders) and a small scenario of planners."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from micic_sim.kernels.common import S_HARMED, S_HOME, S_QUEUE_BORDER
from micic_sim.model import EvacuationModel
from tests.scenario_builder import toy
from tests.test_flee_import import import_route_to_camp_abroad

PER_DAY = 200  # people displaced from A each day (displaced_per_conflict_day)


def _case(tmp_path: Path, crossing_per_day: int | None) -> Path:
    """Flee's route A - C (30 km), A a conflict zone at home, C a camp abroad; the importer
    puts a border post on it. `crossing_per_day` caps the crossing (people a day)."""
    root = import_route_to_camp_abroad(tmp_path, "same_step", days=8, per_day=PER_DAY)
    if crossing_per_day is not None:
        path = root / "crossings.csv"
        crossings = pd.read_csv(path)
        crossings["daily_capacity"] = crossing_per_day
        crossings.to_csv(path, index=False)
    return root


def _run_daily(root: Path, seed: int = 3) -> tuple[EvacuationModel, list[dict[str, int]]]:
    """Run step by step; per step the people who have set out, in the camp (settled, or
    across the border into it this step), queuing at the border, and the crossing's passed
    total."""
    model = EvacuationModel(root, seed=seed, behaviour={"camp_move_chance": 0.0})
    camp = model.case.place_index["C"]
    (post,) = [sp for sp in model.service_points if sp.label == "crossing:x_A--C"]
    rows = []
    while model.running:
        model.step()
        p = model.population
        alive = p.state != S_HARMED
        # appeared and left home (some wait at home a while: kernels.decide)
        out = alive & (p.appear_day <= model.day - 1) & (p.state != S_HOME)
        rows.append(
            {
                "set_out": int(out.sum()),
                "camp": int((p.place == camp).sum()),
                "home_side": int((out & (p.place != camp)).sum()),
                "queue": int((p.state == S_QUEUE_BORDER).sum()),
                "passed": post.passed,
                "served_today": post.served_today,
                "at_post": int(model.queue_persons[post.resource]),
                "harmed": int((p.state == S_HARMED).sum()),
                "people": p.n,
            }
        )
    return model, rows


def test_a_border_reached_in_the_step_is_crossed_in_it(tmp_path: Path) -> None:
    model, rows = _run_daily(_case(tmp_path, None))
    assert rows[0]["set_out"] > 0
    for day, r in enumerate(rows):
        # everyone who has set out by the end of a day is in the camp that day: nobody waits
        # at the border post overnight (before, each day's leavers crossed the next day)
        assert r["queue"] == 0, f"day {day}: {r['queue']} queuing"
        assert r["camp"] == r["set_out"], f"day {day}: {r}"


def test_a_full_crossing_holds_the_step_s_arrivals_in_its_queue(tmp_path: Path) -> None:
    cap = 50  # a quarter of the daily arrivals
    model, rows = _run_daily(_case(tmp_path, cap))
    for day, r in enumerate(rows):
        # the first day's arrivals already use that day's capacity, and never more
        assert r["passed"] == min(cap * (day + 1), r["set_out"]), f"day {day}: {r}"
        assert r["camp"] == r["passed"]
        # conserved: whoever set out is across, or still on the home side (queuing, or given
        # up on the queue after waiting: kernels.decide)
        assert r["camp"] + r["home_side"] == r["set_out"], f"day {day}: {r}"
        assert 0 < r["queue"] <= r["home_side"]
        # the post's count of the step: everyone it served, plus whoever still waits there
        # (or was harmed there after the service, in the harm stage)
        newly_harmed = r["harmed"] - (rows[day - 1]["harmed"] if day else 0)
        assert 0 <= r["at_post"] - r["served_today"] - r["queue"] <= newly_harmed, r
        assert r["people"] == rows[0]["people"]


def test_same_step_service_is_deterministic(tmp_path: Path) -> None:
    root = _case(tmp_path, 50)
    a, _ = _run_daily(root, seed=11)
    b, _ = _run_daily(root, seed=11)
    for name in ("state", "place", "queue", "ticket"):
        assert np.array_equal(getattr(a.population, name), getattr(b.population, name)), name


def _planners(tmp_path: Path, per_day: int) -> tuple[EvacuationModel, list[dict[str, int]]]:
    """Planners (kernels.move) in a city under fire walk to the exit post and queue for the
    crossing (`per_day` people a day); per step: queuing, across, and the post's totals."""
    sc = toy(days=8, shelter=False)
    sc.add_people(3000)
    sc.row("crossings", "gate")["daily_capacity"] = per_day
    root = sc.write(tmp_path, f"planners_{per_day}")
    model = EvacuationModel(root, seed=2)
    (post,) = [sp for sp in model.service_points if sp.label == "crossing:gate"]
    abroad = np.isin(
        np.arange(model.world.n_places),
        [model.case.place_index["entry"], model.case.place_index["home_aaa"]],
    )
    rows = []
    while model.running:
        model.step()
        p = model.population
        rows.append(
            {
                "queue": int((p.state == S_QUEUE_BORDER).sum()),
                "abroad": int(abroad[p.place].sum()),
                "passed": post.passed,
                "passed_today": post.passed_today,
                "at_post": int(model.queue_persons[post.resource]),
                "served_today": post.served_today,
                "harmed": int((p.state == S_HARMED).sum()),
                "step_cap": int(np.ceil(per_day * model.dt)),
            }
        )
    return model, rows


def test_planners_reaching_a_crossing_with_room_cross_in_that_step(tmp_path: Path) -> None:
    model, rows = _planners(tmp_path, 100000)
    assert rows[-1]["passed"] > 100  # people did reach the border
    for step, r in enumerate(rows):
        assert r["queue"] == 0, f"step {step}: {r}"  # nobody waits a step at an open border
        assert r["abroad"] == r["passed"]


def test_planners_at_a_full_crossing_wait_and_capacity_holds(tmp_path: Path) -> None:
    model, rows = _planners(tmp_path, 40)
    assert rows[-1]["queue"] > 0  # more arrive than the crossing takes
    for step, r in enumerate(rows):
        # a step serves twice (queue stage, then the step's arrivals) from one credit: never
        # more than a step's capacity plus what an idle step may carry over (ServiceBoard.refill)
        carry = max(r["step_cap"], model.max_household)
        assert r["passed_today"] <= r["step_cap"] + carry, f"step {step}: {r}"
        # the post's count of the step: served, plus still waiting (or harmed there since)
        newly_harmed = r["harmed"] - (rows[step - 1]["harmed"] if step else 0)
        assert 0 <= r["at_post"] - r["served_today"] - r["queue"] <= newly_harmed, r
        assert r["abroad"] == r["passed"]
    assert rows[-1]["passed"] <= 40 * model.days + carry


def test_arrival_passes_draw_from_wayfinding_s_own_stream_block() -> None:
    """Each arrivals pass of kernels.wayfind draws from its own ids (pass k starts at hop
    k x MAX_HOPS_PER_STEP); every pass must stay inside wayfinding's block of streams, or its
    draws would repeat another kind of draw's."""
    from micic_sim.kernels.wayfind import MAX_HOPS_PER_STEP
    from micic_sim.rng import STREAMS
    from micic_sim.stages import MAX_ARRIVAL_PASSES

    last_hop = (MAX_ARRIVAL_PASSES + 1) * MAX_HOPS_PER_STEP - 1
    assert 2 * last_hop + 1 < STREAMS["wayfind"].size
