"""Translate a Flee case into micic-sim terms: Flee's conflict states replayed day by day,
the movement behaviour of imported cases, apportioning, ids, and the self-check of the
validation camps against Flee's routes.

Part of `micic-sim import-flee` (micic_sim.scenario.flee_import describes the mapping); the
functions were moved here unchanged from flee_import.py.
"""

from __future__ import annotations

import heapq
import math
import re
import unicodedata
from typing import Any

import numpy as np

from micic_sim.scenario.flee_read import FleeInput
from micic_sim.units import largest_remainder

#: Daily capacity given to crossings made from Flee routes (Flee has no border capacity).
UNLIMITED_CROSSING = 1_000_000
#: Length (km) of a crossing made from a Flee route. A crossing is served where it is reached
#: (kernels.queues places the household across): its length only enters route lengths, so the
#: route's whole length is on the road to the border post and the crossing gets a token metre
#: (scenario files need a length above 0).
CROSSING_KM = 0.001

#: How people move in an imported case: every household finds its way locally with Flee's rule
#: set (docs/model.md, "Two ways of finding the way"), one step a day. Flee's own defaults (its
#: simsetting.yml; `max_move_speed` 360 km a day) except capacity_buffer (Flee 0.9) and
#: camp_move_chance (Flee 0.001), fitted on seven of Flee's cases together
#: (experiments/flee_validation/loco.py, the lowest mean camps-ARD, seed 0), so no case is
#: fitted at the others' expense; foreign_weight was searched too and the fit kept Flee's 1.
#: Camps whose counts stay flat (Nigeria 2022-2024, Mali 2022-2024) lose a tenth of a percent
#: of their people a day at Flee's camp move chance; growing camps barely depend on it.
FLEE_BEHAVIOUR: dict[str, float] = {
    "local_share": 1.0,
    # Flee moves everyone in a place alike (its move chances): no personal propensity to leave.
    "leave_heterogeneity": 0.0,
    "speed_road_km_day": 360.0,
    "conflict_move_chance": 1.0,
    "town_move_chance": 0.3,
    "camp_move_chance": 0.000003,  # fitted on seven cases (Flee 0.001)
    "idp_camp_move_chance": 0.1,
    "camp_weight": 1.0,
    "foreign_weight": 1.0,  # fitted on seven cases (Flee 1)
    "conflict_weight": 0.25,
    "distance_softening_km": 10.0,
    "distance_power": 1.0,
    "awareness_hops": 1.0,
    "capacity_buffer": 0.6,  # fitted on seven cases (Flee 0.9)
    # Flee's agents are never harmed (no deaths, no injuries): harm would take people out of
    # the camp counts Flee keeps (Nigeria 2016: 4,976 people over 1,885 days at 0.0005 a day).
    "harm_rate": 0.0,
    "queue_hardship_rate": 0.0,
}

#: The values of the three fitted behaviour keys searched on Flee's cases: every imported
#: case's calibration.yaml (`micic-sim calibrate`) and the leave-one-case-out study
#: (experiments/flee_validation/loco.py) search this one grid. It holds Flee's own values
#: (foreign_weight 1, capacity_buffer 0.9, camp_move_chance 0.001). Camp move chances reach
#: down to 0, nobody leaving a camp: fits on grids stopping at 0.00003, then at 0.000003,
#: landed on their lowest value.
FLEE_GRID: dict[str, list[float]] = {
    "foreign_weight": [0.75, 1.0],
    "capacity_buffer": [0.3, 0.6, 0.9],
    "camp_move_chance": [0.0, 0.000003, 0.00001, 0.00003, 0.0001, 0.0003, 0.001],
}

#: Flee's default for constant conflict-driven spawning (``displaced_per_conflict_day``).
DEFAULT_DISPLACED_PER_CONFLICT_DAY = 500


def conflict_states(inp: FleeInput) -> np.ndarray:
    """Conflict intensity of each location on each day, as Flee sets it (<= 0: no conflict).

    Initially conflict zones with ``conflict_date`` 0 have intensity 1, every other location
    none (Flee turns later conflict zones into towns). With ``conflicts.csv``, on day ``t`` a
    listed location whose value exceeds 1e-6 becomes a conflict zone of that intensity if it
    was not one the day before (day 0 always), and stops being one when its value drops below
    1e-6 after a day at exactly 1 (Flee's ``AddNewConflictZones``). Without it, conflict zones
    start on their ``conflict_date``.
    """
    return replay_conflicts(inp)[0]


def replay_conflicts(inp: FleeInput) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Flee's conflicts replayed day by day: ``(state, onset, added)``.

    ``state`` is :func:`conflict_states`'. ``onset[t, i]`` is Flee's ``time_of_conflict`` of
    location ``i`` on day ``t`` (the day of its last ``add_conflict_zone``; -1 before any, as
    for a conflict zone of ``conflict_date`` 0 that ``conflicts.csv`` never starts), for its
    conflict decay; ``added[t]`` whether Flee added a conflict zone on day ``t`` (which
    refreshes its spawn weights that day; otherwise the day's spawning uses the weights of the
    day before)."""
    n = len(inp.locations)
    state = np.full(n, -1.0)
    since = np.full(n, -1, dtype=np.int64)
    for i, loc in enumerate(inp.locations):
        if loc.kind == "conflict_zone" and loc.conflict_date == 0:
            state[i] = 1.0
    index = {loc.name: i for i, loc in enumerate(inp.locations)}
    out = np.empty((inp.days, n))
    onset = np.empty((inp.days, n), dtype=np.int64)
    added = np.zeros(inp.days, dtype=bool)
    for t in range(inp.days):
        if inp.conflicts is not None:
            for name, values in inp.conflicts.items():
                i = index[name]
                v = values[t]
                if v > 0.000001 and (t == 0 or values[t - 1] < 0.000001):
                    state[i] = v
                    since[i] = t
                    added[t] = True
                if v < 0.000001 and t > 0 and values[t - 1] == 1:
                    state[i] = -1.0
        else:
            for i, loc in enumerate(inp.locations):
                if loc.kind == "conflict_zone" and loc.conflict_date == t:
                    state[i] = 1.0
                    since[i] = t
                    added[t] = True
        out[t] = state
        onset[t] = since
    return out, onset, added


def _apportion(total: int, weights: np.ndarray) -> np.ndarray:
    """Split ``total`` over ``weights`` by largest remainder (ties to the first)."""
    return largest_remainder(total * weights / weights.sum(), total)


# --------------------------------------------------------------------------- writing


def _slug(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    text = re.sub(r"[^A-Za-z0-9_-]+", "_", text).strip("_")
    return re.sub(r"_+", "_", text)


def _shortest(adj: dict[str, list[tuple[str, float]]], sources: list[str], stop: set[str]):
    """Shortest km from any source to every node (Dijkstra); nodes in `stop` are reached but
    not passed through. Returns (km, previous node)."""
    km = {s: 0.0 for s in sources}
    prev: dict[str, str] = {}
    heap = [(0.0, s) for s in sources]
    heapq.heapify(heap)
    while heap:
        d, node = heapq.heappop(heap)
        if d > km.get(node, math.inf) or (node in stop and node not in sources):
            continue
        for nxt, w in adj.get(node, []):
            if d + w < km.get(nxt, math.inf):
                km[nxt] = d + w
                prev[nxt] = node
                heapq.heappush(heap, (d + w, nxt))
    return km, prev


def _path(prev: dict[str, str], node: str) -> list[str]:
    out = [node]
    while out[-1] in prev:
        out.append(prev[out[-1]])
    return out[::-1]


def self_check(inp, host, places, links, crossings, ids, states, observed) -> list[dict]:
    """Check every camp of the validation data (every camp without one) against Flee: it is a
    camp in locations.csv, sits in the country Flee puts it, people reach it from the places
    in conflict, and the shortest way there in the written scenario passes the same
    locations as Flee's shortest route (crossing the border where Flee's route leaves the
    host country). Camps end a journey in both tools, so ways do not pass through them.

    Returns one dict per camp; its ``problems`` are the import's warnings."""
    flee_names = {pid: name for name, pid in ids.items()}
    known = {loc.name: loc for loc in inp.locations}
    if observed is not None:
        names = list(observed.camp_names)
    else:
        names = [loc.name for loc in inp.locations if loc.kind in ("camp", "idpcamp")]
    sources = [loc.name for i, loc in enumerate(inp.locations) if (states[:, i] > 0).any()]
    flee_adj: dict[str, list[tuple[str, float]]] = {}
    for r in inp.routes:
        flee_adj.setdefault(r.a, []).append((r.b, r.distance))
        flee_adj.setdefault(r.b, []).append((r.a, r.distance))
    flee_camps = {loc.name for loc in inp.locations if loc.kind == "camp"}
    flee_km, flee_prev = _shortest(flee_adj, sources, flee_camps)
    anywhere, anywhere_prev = _shortest(flee_adj, sources, set())
    kind = {row[0]: row[2] for row in places}
    country = {row[0]: row[3] for row in places}
    adj: dict[str, list[tuple[str, float]]] = {}
    for _lid, a, b, km, _mode, _cap, two_way in links:
        adj.setdefault(a, []).append((b, float(km)))
        if two_way != "no":
            adj.setdefault(b, []).append((a, float(km)))
    for _cid, a, b, *_rest in crossings:
        # served where it is reached, never travelled (its distance_km is CROSSING_KM)
        adj.setdefault(a, []).append((b, 0.0))
    stop = {p for p, k in kind.items() if k == "reception"}
    km, prev = _shortest(adj, [ids[n] for n in sources], stop)
    out = []
    for name in names:
        problems: list[str] = []
        entry: dict[str, Any] = {"camp": name}
        loc = known.get(name)
        if loc is None:
            problems.append(
                f"self-check: camp '{name}' of the validation data is not in locations.csv; "
                "it is not modelled (nor scored)"
            )
        else:
            pid = ids[name]
            entry |= {"place": pid, "kind": kind[pid], "country": country[pid]}
            if loc.kind not in ("camp", "idpcamp"):
                problems.append(
                    f"self-check: '{name}' has validation data but is a {loc.kind} in "
                    "locations.csv; Flee does not count it as a camp"
                )
            if country[pid] != loc.country:
                problems.append(
                    f"self-check: camp '{name}' is in {country[pid]} here, in {loc.country} in Flee"
                )
            if name not in anywhere:
                problems.append(
                    f"self-check: no route leads from a place in conflict to camp '{name}' "
                    "(nor in Flee): it stays empty"
                )
            elif name not in flee_km:
                via = [n for n in _path(anywhere_prev, name)[:-1] if n in flee_camps]
                entry["note"] = (
                    f"reached only through the camp(s) {', '.join(via)}, which people leave "
                    "with the camp move chance only (as in Flee)"
                )
            elif pid not in km:
                problems.append(
                    f"self-check: camp '{name}' cannot be reached in the imported scenario, "
                    "though Flee's routes reach it"
                )
            else:
                ours = [flee_names[p] for p in _path(prev, pid) if p in flee_names]
                theirs = _path(flee_prev, name)
                entry |= {
                    "route": ours,
                    "km": round(km[pid], 3),
                    "crossings": sum(p.startswith("exit_") for p in _path(prev, pid)),
                }
                if abs(km[pid] - flee_km[name]) > 1e-6 * max(1.0, flee_km[name]):
                    problems.append(
                        f"self-check: the shortest way to camp '{name}' is {km[pid]:.1f} km "
                        f"here, {flee_km[name]:.1f} km in Flee ({' - '.join(theirs)})"
                    )
                if (loc.country != host) != (entry["crossings"] > 0):
                    problems.append(
                        f"self-check: the way to camp '{name}' ({loc.country}) crosses "
                        f"{entry['crossings']} border posts; the host country is {host}"
                    )
        entry["ok"] = not problems
        entry["problems"] = problems
        out.append(entry)
    return out
