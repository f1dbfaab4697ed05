"""Institutions as Mesa agents: border posts, consular posts, evacuation services, shelters,
the transport network's capacity-limited links, and the call centre behind the hotline lever.

Each one owns a resource (a queue with a daily capacity) and is served by the service kernel on
its own slice of the migrant population (its queue segment). Their per-step numbers live in
one `ServiceBoard`, which serves every point with a queue in one kernel call. The migrants
themselves are never Mesa agents on the hot path: they are the arrays in `model.population`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa
import numpy as np

from micic_sim.codes import OptionKind
from micic_sim.kernels.queues import serve_points

if TYPE_CHECKING:
    from micic_sim.model import EvacuationModel


class ServicePoint(mesa.Agent):
    """A queue with a daily capacity in persons. `kind` is an OptionKind, or -1 for a link."""

    model: EvacuationModel

    def __init__(
        self, model: EvacuationModel, resource: int, kind: int, label: str, link_id: int = -1
    ) -> None:
        super().__init__(model)
        self.resource = resource
        self.kind = kind
        self.label = label
        self.link_id = link_id
        self.index = -1  # its slot in the model's ServiceBoard (set when the board is made)

    # This step's numbers live in the model's ServiceBoard (one array slot per point).
    @property
    def credit(self) -> float:
        """Persons it can still serve this step (refilled by ServiceBoard.refill)."""
        return float(self.model.board.credit[self.index])

    @property
    def served_today(self) -> int:
        """Persons served this step (passed, refused or detained)."""
        return int(self.model.board.served_today[self.index])

    @property
    def passed_today(self) -> int:
        """Persons let through / boarded / issued / admitted this step."""
        return int(self.model.board.passed_today[self.index])

    @property
    def passed(self) -> int:
        """Persons let through / boarded / issued / admitted so far."""
        return int(self.model.board.totals[self.index, 0])

    @property
    def refused(self) -> int:
        """Persons turned back so far."""
        return int(self.model.board.totals[self.index, 1])

    @property
    def detained(self) -> int:
        """Persons detained here so far."""
        return int(self.model.board.totals[self.index, 2])

    @property
    def passed_nat(self) -> np.ndarray:
        """Persons let through so far, by nationality (a view of the board's table)."""
        return self.model.board.passed_nat[self.index]

    def order_queue(self) -> None:
        """Put this step's queue in serving order (it already is, by ticket and lane)."""

    def step(self) -> None:
        """Serve this step's queue with the credit the board has refilled."""
        self.model.board.serve(self.model, np.array([self.index], np.int64))


class BorderPost(ServicePoint):
    """Exit and entry formalities at a crossing: documents, visas, exit permits, fees, and (where
    the State detains irregular migrants) detention."""


class ConsularPost(ServicePoint):
    """Issues emergency travel documents (laissez-passer) to its nationals."""


class EvacuationService(ServicePoint):
    """Boards eligible people onto evacuation transport, seats per day. The nationalities the
    offer was made for board first; others (let on by the evacuation portal) take the seats
    they leave unused."""

    def order_queue(self) -> None:
        m = self.model
        a, b = m.queue_start[self.resource], m.queue_start[self.resource + 1]
        if b > a:  # stable partition of this queue's segment: own nationals, then the others
            seg = m.queue_order[a:b]
            own = m.rules.opt_primary[self.resource, m.population.nationality[seg]]
            if not own.all():
                m.queue_order[a:b] = np.concatenate([seg[own], seg[~own]])


class Shelter(ServicePoint):
    """Admits people while it has room; may detain irregular people without a firewall."""


class RoadLink(ServicePoint):
    """A link with a daily capacity (a ferry, a bus line, a checkpoint on a track)."""


class ServiceBoard:
    """Every service point's numbers for this step as arrays (credit, persons served, persons
    passed), so that one step refills all posts at once and calls only those with someone
    queuing. At 20,000 agents most of Libya's 116 posts are idle on most steps, and one Python
    call per post per step was a fifth of a sweep run's time (issue 16)."""

    def __init__(self, model: EvacuationModel, points: list[ServicePoint]) -> None:
        for k, sp in enumerate(points):
            sp.index = k
        self.points = points
        n = len(points)
        self.kind = np.array([sp.kind for sp in points], np.int64)
        self.resource = np.array([sp.resource for sp in points], np.int64)
        self.link_of = np.array([sp.link_id for sp in points], np.int64)
        self.is_link = self.kind < 0
        self.link_id = self.link_of[self.is_link]
        self.option = self.resource[~self.is_link]
        self.is_evac = (self.kind == OptionKind.EVACUATION)[~self.is_link]
        self.is_beds = (self.kind == OptionKind.SHELTER) | (self.kind == OptionKind.RECEPTION)
        # Points whose queue is reordered before serving (EvacuationService.order_queue).
        self.reorders = np.array(
            [type(sp).order_queue is not ServicePoint.order_queue for sp in points], bool
        )
        self.credit = np.zeros(n, np.float64)
        self.served_today = np.zeros(n, np.int64)
        self.passed_today = np.zeros(n, np.int64)
        self.totals = np.zeros((n, 3), np.int64)  # so far: passed, refused, detained
        self.passed_nat = np.zeros((n, model.world.n_nat), np.int64)  # so far, by nationality

    def capacity_per_day(self, model: EvacuationModel) -> np.ndarray:
        """Today's capacity of every point in persons per day (inf for none): an option's
        while it is open (an evacuation's seats always), a link's while the link is open."""
        r, w = model.rules, model.world
        cap = np.empty(len(self.points), np.float64)
        cap[~self.is_link] = np.where(
            r.opt_open[self.option] | self.is_evac, r.opt_cap_day[self.option], 0.0
        )
        link_cap = w.link_cap_day[self.link_id]
        cap[self.is_link] = np.where(
            w.link_open[self.link_id],
            np.where(link_cap < 0, np.inf, link_cap * model.scale),
            0.0,
        )
        return cap

    def refill(self, model: EvacuationModel) -> None:
        """Add this step's capacity; unused capacity does not pile up beyond one step (plus room
        for one household), so a quiet day does not create a burst of capacity later. Shelters
        and reception places have their free beds now."""
        step_cap = self.capacity_per_day(model) * model.dt
        credit = np.minimum(self.credit, np.maximum(step_cap, model.max_household)) + step_cap
        beds = model.rules.opt_cap_day[self.resource[self.is_beds]]
        credit[self.is_beds] = beds
        self.credit = credit
        self.served_today[:] = 0
        self.passed_today[:] = 0

    def step(self, model: EvacuationModel) -> None:
        """Refill every point, then serve the points with a queue (the queue stage)."""
        self.refill(model)
        self.serve_queued(model)

    def serve_queued(self, model: EvacuationModel) -> None:
        """Serve the points with someone in their queue (as `model` has ordered the queues),
        in their fixed order, with the credit they have left. The queue stage calls it after a
        refill; the arrivals stage again after movement, without one: whoever reached a queue
        during the step is then served the same step if there is room, behind those already
        waiting (stages._arrivals)."""
        start = model.queue_start
        self.serve(model, np.flatnonzero(start[self.resource + 1] > start[self.resource]))

    def serve(self, model: EvacuationModel, points: np.ndarray) -> None:
        """Serve these points' queues, in order, with their credit."""
        for k in points[self.reorders[points]]:
            self.points[k].order_queue()
        m = model
        serve_points(
            points,
            self.resource,
            self.kind,
            self.link_of,
            self.credit,
            m.queue_order,
            m.queue_start,
            m.steps,
            m.day,
            m.seed_u64,
            m.par,
            m.pop,
            m.rule_arrays,
            m.world_arrays,
            self.passed_nat,
            self.served_today,
            self.passed_today,
            self.totals,
        )


class CallCentre(mesa.Agent):
    """The call centre behind the `hotline` lever (levers.catalogue.Hotline): answers calls up
    to its daily capacity, i.e. the share of callers it can take this step. A separate name
    from the lever's, so that one name means one thing."""

    def __init__(self, model: EvacuationModel) -> None:
        super().__init__(model)
        self.accept_p = 0.0
        self.calls_answered = 0.0

    def step(self) -> None:
        m = self.model
        r = m.rules
        if r.hotline_daily_calls <= 0 or r.hotline_call_rate <= 0:
            self.accept_p = 0.0
            return
        callers = m.count_callers() * (1.0 - np.exp(-r.hotline_call_rate * m.dt))
        capacity = r.hotline_daily_calls * m.dt
        self.accept_p = 1.0 if callers <= capacity else capacity / callers
        self.calls_answered += min(callers, capacity)


KIND_CLASS: dict[int, type[ServicePoint]] = {
    OptionKind.CROSSING: BorderPost,
    OptionKind.CONSULATE: ConsularPost,
    OptionKind.EVACUATION: EvacuationService,
    OptionKind.SHELTER: Shelter,
    OptionKind.RECEPTION: Shelter,
}
