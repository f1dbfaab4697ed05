"""Local wayfinding tables: which places a local wayfinder can see from each place, and how
attractive each looks today.

Households that find their way locally (`Behaviour.local_share`; see kernels.wayfind) follow
Flee's rule set (Suleimenova, Bell & Groen 2017, Flee 3 `moving.py`): from where they are, every
known route to a place `awareness_hops` steps ahead is an option, weighted by

    score(place) / (distance_softening_km + route km) ** distance_power x room(place)

where the score multiplies `camp_weight` (camps, reception places, shelters), `foreign_weight`
(abroad) and `conflict_weight ** hazard` (places in conflict), and room(place) falls from 1 to 0
as a place with a capacity fills from `capacity_buffer` to full. Border exit posts are waypoints
(Flee's markers): they never end a route and do not count as a step of awareness.

The routes are enumerated once per graph change (closures) and reweighted every step in a few
vectorised array operations over routes, never per agent. Crossings are edges of this graph: a
wayfinder who reaches an exit post queues there like anyone else (kernels.queues).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from micic_sim.network import route_tables


@dataclass
class WayTables:
    """Known routes per place as CSR arrays, the edge each leaves by, and the shortest way on.

    A household takes the route it chose (its first edge, as a Flee agent follows its route's
    link even where two other links make a shorter way); past a waypoint, or further on a route
    of more than one step, it goes on by the shortest way.

    Edges are the directed links (0..L-1) followed by the crossings (L + c)."""

    ptr: np.ndarray  # int64 [P + 1]: routes from place s are ptr[s]:ptr[s + 1]
    src: np.ndarray  # int32 [R]: the place a route starts from
    dest: np.ndarray  # int32 [R]: the place a route leads to
    km: np.ndarray  # float64 [R]: its length
    first: np.ndarray  # int32 [R]: the edge it leaves its place by (the route's own way)
    cum: np.ndarray  # float64 [R]: cumulative choice probability within its place (reweigh)
    next_edge: np.ndarray  # int32 [P, P]: next edge from source (col) towards target (row)


def edges(
    link_from: np.ndarray,
    link_to: np.ndarray,
    link_km: np.ndarray,
    link_open: np.ndarray,
    cr_exit: np.ndarray,
    cr_entry: np.ndarray,
    cr_km: np.ndarray,
    cr_open: np.ndarray,
) -> tuple[np.ndarray, ...]:
    """Links then crossings as one edge list: (from, to, km, open)."""
    return (
        np.concatenate([link_from, cr_exit]).astype(np.int32),
        np.concatenate([link_to, cr_entry]).astype(np.int32),
        np.concatenate([link_km, cr_km]).astype(np.float64),
        np.concatenate([link_open, cr_open]).astype(bool),
    )


def build(
    n_places: int,
    e_from: np.ndarray,
    e_to: np.ndarray,
    e_km: np.ndarray,
    e_open: np.ndarray,
    waypoint: np.ndarray,
    hops: int,
) -> WayTables:
    """Enumerate the routes each place's wayfinders know (Flee's `calculateLinkWeight`
    recursion: no loops back to a place already on the route; waypoints are passed through)."""
    out_edges: list[list[int]] = [[] for _ in range(n_places)]
    for e in np.flatnonzero(e_open):
        out_edges[int(e_from[e])].append(int(e))
    hops = max(int(hops), 1)  # at least the places one step ahead
    src: list[int] = []
    dest: list[int] = []
    km: list[float] = []
    first: list[int] = []

    def expand(s: int, node: int, prior: float, on_route: set[int], step: int, e0: int) -> None:
        for e in out_edges[node]:
            q = int(e_to[e])
            if q in on_route:
                continue
            d = prior + float(e_km[e])
            lead = int(e) if node == s else e0
            level = step
            if waypoint[q]:
                level -= 1
            else:
                src.append(s)
                dest.append(q)
                km.append(d)
                first.append(lead)
            if hops > level:
                expand(s, q, d, on_route | {q}, level + 1, lead)

    for s in range(n_places):
        expand(s, s, 0.0, {s}, 1, -1)
    src_a = np.array(src, np.int32)
    ptr = np.zeros(n_places + 1, np.int64)
    np.cumsum(np.bincount(src_a, minlength=n_places), out=ptr[1:])
    # expand() emits routes grouped by source in ascending order, so they are already CSR.
    nxt = route_tables(n_places, e_from, e_to, e_km, e_open).next_link
    return WayTables(
        ptr=ptr,
        src=src_a,
        dest=np.array(dest, np.int32),
        km=np.array(km, np.float64),
        first=np.array(first, np.int32),
        cum=np.zeros(len(src_a), np.float64),
        next_edge=nxt,
    )


def place_scores(par, host: np.ndarray, camp: np.ndarray, hazard: np.ndarray) -> np.ndarray:
    """Flee's location score: camp x foreign x conflict_weight ** hazard."""
    score = np.ones(host.shape[0], np.float64)
    score[~host] *= par.foreign_weight
    score[camp] *= par.camp_weight
    hz = hazard.astype(np.float64)
    conflict = hz > 0
    score[conflict] *= par.conflict_weight ** hz[conflict]
    return score


def room(occupancy: np.ndarray, capacity: np.ndarray, buffer: float) -> np.ndarray:
    """1 while a place has room, falling linearly to 0 between `buffer` x capacity and full;
    places without a capacity (negative) always have room (Flee's `getCapMultiplier`)."""
    occ = occupancy.astype(np.float64)
    cap = np.where(capacity > 0, capacity, 1.0)  # placeholder where unlimited (masked below)
    start = buffer * cap
    full = np.maximum(cap - start, 1e-12)
    r = np.clip(1.0 - (occ - start) / full, 0.0, 1.0)
    r = np.where(occ <= start, 1.0, r)
    return np.where(capacity > 0, r, 1.0)


def reweigh(t: WayTables, par, score: np.ndarray, place_room: np.ndarray) -> None:
    """Today's choice probabilities, written into `t.cum` (cumulative within each place; a
    place whose routes all weigh 0 chooses among them evenly, as Flee does)."""
    if t.src.size == 0:
        return
    w = score[t.dest] / (par.distance_softening_km + t.km) ** par.distance_power
    w *= place_room[t.dest]
    n_places = t.ptr.size - 1
    total = np.bincount(t.src, weights=w, minlength=n_places)
    count = np.diff(t.ptr)
    p = np.where(
        total[t.src] > 0, w / np.where(total[t.src] > 0, total[t.src], 1.0), 1.0 / count[t.src]
    )
    c = np.cumsum(p)
    base = np.concatenate([[0.0], c])[t.ptr[:-1]]
    t.cum[:] = c - base[t.src]
    t.cum[t.ptr[1:][count > 0] - 1] = 1.0  # guard against rounding at each place's last route
