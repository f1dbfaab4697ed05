"""How many people used each road, crossing and evacuation route: an estimate for the flow
map, built from what a run folder records.

Run folders record exact counts at service points (people who passed each border crossing and
boarded each evacuation offer, institutions.parquet) but not per-road counts. For the roads
this module estimates flows: each person's starting place is spread over the places where
people of their kind (nationality, status, documents, age, household, arrival day) started in
the scenario's population table, and they are routed along the shortest path (by distance) to
where they ended, through an evacuation offer if they were evacuated. Timeline closures and
detours are ignored, so road flows are indicative; crossing and evacuation counts are exact.
If a run's time series carries a `link_flow` metric (people entering each link), those
recorded counts are used for the roads instead.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pandas as pd
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

from micic_sim.scenario import Scenario
from micic_sim.units import count_column

KEY_AGENT = ["nationality", "status", "doc_start", "age", "household_type", "appear_day"]
KEY_TABLE = ["nationality", "status", "documentation", "age_group", "household", "day"]
EDGE_COLUMNS = ["edge", "kind", "mode", "from", "to", "persons", "recorded", "estimated"]


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    r = 6371.0
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(lon2 - lon1)
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return float(2 * r * np.arcsin(np.sqrt(a)))


def edges(s: Scenario) -> pd.DataFrame:
    """Directed edges: roads/tracks/sea lanes/flights (both ways if two-way), border crossings
    (exit to entry) and evacuation offers (from_place to to_place)."""
    rows = []
    lk = s.links
    for lid, a, b, mode, km, two_way in zip(
        lk["id"], lk["from"], lk["to"], lk["mode"], lk["distance_km"], lk["two_way"], strict=True
    ):
        rows.append((lid, "link", mode, a, b, float(km)))
        if two_way:
            rows.append((lid, "link", mode, b, a, float(km)))
    for r in s.crossings.itertuples(index=False):
        km = float(r.distance_km) if pd.notna(r.distance_km) else 1.0
        rows.append((r.id, "crossing", "road", r.exit_place, r.entry_place, km))
    pl = s.places.set_index("id")
    for r in s.evacuations.itertuples(index=False):
        km = haversine_km(
            pl.at[r.from_place, "lat"],
            pl.at[r.from_place, "lon"],
            pl.at[r.to_place, "lat"],
            pl.at[r.to_place, "lon"],
        )
        rows.append((r.id, "evacuation", r.mode, r.from_place, r.to_place, max(km, 1.0)))
    return pd.DataFrame(rows, columns=["edge", "kind", "mode", "from", "to", "km"])


class _Router:
    """Shortest land paths (links + crossings) between every pair of places."""

    def __init__(self, s: Scenario, e: pd.DataFrame) -> None:
        self.ids = list(s.places["id"])
        self.idx = {p: i for i, p in enumerate(self.ids)}
        land = e[e["kind"] != "evacuation"].reset_index(drop=True)
        land = land.sort_values("km", kind="stable").drop_duplicates(["from", "to"])
        n = len(self.ids)
        src = land["from"].map(self.idx).to_numpy()
        dst = land["to"].map(self.idx).to_numpy()
        graph = csr_matrix((np.maximum(land["km"].to_numpy(float), 1e-6), (src, dst)), shape=(n, n))
        self.dist, self.pred = dijkstra(graph, directed=True, return_predecessors=True)
        self.edge_of = {(a, b): k for k, (a, b) in enumerate(zip(src, dst, strict=True))}
        self.land = land

    def path(self, a: str, b: str) -> list[int] | None:
        """Indices into self.land along the shortest path a -> b (None if unreachable)."""
        i, j = self.idx[a], self.idx[b]
        if i == j:
            return []
        if not np.isfinite(self.dist[i, j]):
            return None
        out = []
        while j != i:
            k = self.pred[i, j]
            out.append(self.edge_of[(k, j)])
            j = k
        return out[::-1]


def _origins(s: Scenario) -> dict[tuple, dict[str, float]]:
    """Starting-place shares for each kind of person (and coarser fallbacks)."""
    pop = s.population.copy()
    pop["day"] = pop["day"].astype(float).fillna(0.0)
    out: dict[tuple, dict[str, float]] = {}
    for cols in (KEY_TABLE, KEY_TABLE[:2], KEY_TABLE[:1]):
        for key, sub in pop.groupby(cols, observed=True):
            key = key if isinstance(key, tuple) else (key,)
            w = sub.groupby("place")["count"].sum()
            if w.sum() > 0:
                out[(len(cols), *key)] = (w / w.sum()).to_dict()
    return out


def estimate_flows(
    s: Scenario,
    agents: pd.DataFrame,
    recorded: dict[tuple[str, str], float] | None = None,
    people_per_agent: float = 1.0,
) -> pd.DataFrame:
    """Estimated people per directed edge (see module docstring), from the final agent table
    (each agent row standing for `people_per_agent` people).

    Evacuated people are routed through an offer that leaves from the host country, repatriated
    people through one that leaves from outside it (e.g. flights home from a transit country);
    where several offers fit, `recorded` boardings (see `recorded_counts`) share them out.

    Columns: edge, kind ('link', 'crossing', 'evacuation'), mode, from, to, persons
    (estimated), recorded (NaN; filled by `flows_for_run`), estimated (True)."""
    e = edges(s)
    router = _Router(s, e)
    origins = _origins(s)
    host = set(s.places.loc[s.places["country"] == s.host_country, "id"])
    ev = e[e["kind"] == "evacuation"]
    moved = agents[agents["left_day"].notna()].copy()
    for col in KEY_AGENT[:-1]:
        moved[col] = moved[col].astype(str)
    moved["appear_day"] = moved["appear_day"].astype(float)
    moved["state"] = moved["state"].astype(str)
    moved["place"] = moved["place"].astype(str)
    classes = moved.groupby([*KEY_AGENT, "place", "state"], observed=True).size() * float(
        people_per_agent
    )
    land_flow = np.zeros(len(router.land))
    ev_flow: dict[int, float] = defaultdict(float)
    cache: dict[tuple[str, str, str], list[tuple[list[int], int | None, float]]] = {}
    for key, count in classes.items():
        *kind, final, state = key
        shares = (
            origins.get((6, *kind))
            or origins.get((2, *kind[:2]))
            or origins.get((1, kind[0]))
            or {}
        )
        for origin, w in shares.items():
            ck = (origin, final, state)
            if ck not in cache:
                cache[ck] = _routes(router, ev, host, recorded or {}, origin, final, state)
            for links, evac, share in cache[ck]:
                land_flow[links] += count * w * share
                if evac is not None:
                    ev_flow[evac] += count * w * share
    out = router.land[["edge", "kind", "mode", "from", "to"]].copy()
    out["persons"] = land_flow
    evo = ev[["edge", "kind", "mode", "from", "to"]].copy()
    evo["persons"] = [ev_flow.get(i, 0.0) for i in evo.index]
    out = pd.concat([out, evo], ignore_index=True)
    out["recorded"] = np.nan
    out["estimated"] = True
    return out[EDGE_COLUMNS]


def _routes(
    router: _Router,
    ev: pd.DataFrame,
    host: set[str],
    recorded: dict[tuple[str, str], float],
    origin: str,
    final: str,
    state: str,
) -> list[tuple[list[int], int | None, float]]:
    """Possible routes origin -> final as (land edges, evacuation edge, share of people)."""
    if state in ("evacuated", "repatriated"):
        fits = ev[(ev["to"] == final) & (ev["from"].isin(host) == (state == "evacuated"))]
        if fits.empty:
            fits = ev[ev["to"] == final]
        options = []
        for i, r in fits.iterrows():
            links = router.path(origin, r["from"])
            if links is not None:
                dist = router.dist[router.idx[origin], router.idx[r["from"]]]
                options.append((links, i, recorded.get(("evacuation", r["edge"])), dist))
        if options:
            weights = np.array([o[2] or 0.0 for o in options], float)
            if weights.sum() <= 0:  # no counts: the nearest offer
                weights = np.array([o[3] for o in options]) == min(o[3] for o in options)
                weights = weights.astype(float)
            weights = weights / weights.sum()
            return [(o[0], o[1], float(w)) for o, w in zip(options, weights, strict=True) if w > 0]
    links = router.path(origin, final)
    return [] if links is None else [(links, None, 1.0)]


def recorded_counts(institutions: pd.DataFrame) -> dict[tuple[str, str], float]:
    """Exact counts per (kind, id) from institutions.parquet: people who passed each crossing
    and boarded each evacuation offer (mean over runs if several)."""
    if institutions.empty:
        return {}
    df = institutions.copy()
    df["kind"] = df["label"].str.split(":", n=1).str[0]
    df["id"] = df["label"].str.split(":", n=1).str[1]
    df = df[df["kind"].isin(["crossing", "evacuation"])]
    runs = df["run_id"].nunique() if "run_id" in df.columns else 1
    sums = df.groupby(["kind", "id"])["passed"].sum() / max(runs, 1)
    return {k: float(v) for k, v in sums.items()}


def recorded_link_flows(ts: pd.DataFrame) -> dict[str, float]:
    """People entering each link, if the model recorded them (metric 'link_flow', group
    'link:<id>'), summed over the run and averaged over runs; empty otherwise."""
    lf = ts[ts["metric"].astype(str) == "link_flow"]
    if lf.empty:
        return {}
    runs = lf["run_id"].nunique() if "run_id" in lf.columns else 1
    ids = lf["group"].astype(str).str.split(":", n=1).str[1]
    sums = lf.groupby(ids)[count_column(lf)].sum()
    return {k: float(v) / max(runs, 1) for k, v in sums.items()}


def flows_for_run(
    s: Scenario,
    agents: pd.DataFrame | None,
    institutions: pd.DataFrame,
    ts: pd.DataFrame | None = None,
    people_per_agent: float = 1.0,
) -> pd.DataFrame:
    """Edge flows for the map in people: estimated from agents (if present), with exact counts
    from institutions for crossings and evacuations, and recorded link counts when available."""
    rec = recorded_counts(institutions)
    if agents is not None and len(agents):
        out = estimate_flows(s, agents, rec, people_per_agent)
    else:
        e = edges(s)
        out = e[["edge", "kind", "mode", "from", "to"]].copy()
        out["persons"], out["recorded"], out["estimated"] = 0.0, np.nan, True
    for i, r in out.iterrows():
        key = (r["kind"], r["edge"])
        if key in rec:
            out.at[i, "recorded"] = rec[key]
    if ts is not None:
        links = recorded_link_flows(ts)
        if links:
            # Two-way links: the recorded total is split by the estimated direction shares.
            for lid, total in links.items():
                sel = (out["kind"] == "link") & (out["edge"] == lid)
                est = out.loc[sel, "persons"].to_numpy(float)
                share = est / est.sum() if est.sum() > 0 else np.full(len(est), 1 / len(est))
                out.loc[sel, "persons"] = total * share
                out.loc[sel, "estimated"] = False
    return out[EDGE_COLUMNS]
