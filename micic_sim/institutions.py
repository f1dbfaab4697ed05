"""Institutions as Mesa agents: border posts, consular posts, evacuation services, shelters,
the transport network's capacity-limited links, and the call centre behind the hotline lever.

Each one owns a resource (a queue with a daily capacity) and, in its `step`, runs the service
kernel on its own slice of the migrant population (its queue segment). The migrants themselves
are never Mesa agents on the hot path: they are the arrays in `model.population`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa
import numpy as np

from micic_sim.codes import OptionKind
from micic_sim.kernels.queues import serve

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
        self.credit = 0.0
        self.served_today = 0  # persons served this step (passed, refused or detained)
        self.passed_today = 0  # persons let through / boarded / issued / admitted this step
        self.passed = 0
        self.passed_nat = np.zeros(model.world.n_nat, np.int64)  # let through, by nationality
        self.refused = 0
        self.detained = 0

    def capacity_per_day(self) -> float:
        """Today's capacity in persons per day (inf for none)."""
        m = self.model
        if self.kind < 0:
            w = m.world
            cap = w.link_cap_day[self.link_id]
            return 0.0 if not w.link_open[self.link_id] else (np.inf if cap < 0 else cap * m.scale)
        r = m.rules
        return (
            float(r.opt_cap_day[self.resource])
            if r.opt_open[self.resource] or self.kind == OptionKind.EVACUATION
            else 0.0
        )

    def refill(self) -> None:
        """Add this step's capacity; unused capacity does not pile up beyond one step (plus room
        for one household), so a quiet day does not create a burst of capacity later."""
        m = self.model
        if self.kind in (OptionKind.SHELTER, OptionKind.RECEPTION):
            self.credit = float(m.rules.opt_cap_day[self.resource])  # free beds now
            return
        step_cap = self.capacity_per_day() * m.dt
        self.credit = min(self.credit, max(step_cap, m.max_household)) + step_cap

    def step(self) -> None:
        m = self.model
        self.refill()
        self.served_today = self.passed_today = 0
        if m.queue_start[self.resource] == m.queue_start[self.resource + 1]:
            return
        served, n_pass, n_ref, n_det = serve(
            self.resource,
            self.kind,
            self.credit if np.isfinite(self.credit) else 1e18,
            m.queue_order,
            m.queue_start,
            m.steps,
            m.day,
            m.seed_u64,
            m.par,
            m.pop,
            m.rule_arrays,
            m.world_arrays,
            self.link_id,
            self.passed_nat,
        )
        self.credit -= served
        self.served_today = served
        self.passed_today = n_pass
        self.passed += n_pass
        self.refused += n_ref
        self.detained += n_det


class BorderPost(ServicePoint):
    """Exit and entry formalities at a crossing: documents, visas, exit permits, fees, and (where
    the State detains irregular migrants) detention."""


class ConsularPost(ServicePoint):
    """Issues emergency travel documents (laissez-passer) to its nationals."""


class EvacuationService(ServicePoint):
    """Boards eligible people onto evacuation transport, seats per day. The nationalities the
    offer was made for board first; others (let on by the evacuation portal) take the seats
    they leave unused."""

    def step(self) -> None:
        m = self.model
        a, b = m.queue_start[self.resource], m.queue_start[self.resource + 1]
        if b > a:  # stable partition of this queue's segment: own nationals, then the others
            seg = m.queue_order[a:b]
            own = m.rules.opt_primary[self.resource, m.population.nationality[seg]]
            if not own.all():
                m.queue_order[a:b] = np.concatenate([seg[own], seg[~own]])
        super().step()


class Shelter(ServicePoint):
    """Admits people while it has room; may detain irregular people without a firewall."""


class RoadLink(ServicePoint):
    """A link with a daily capacity (a ferry, a bus line, a checkpoint on a track)."""


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
