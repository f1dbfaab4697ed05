"""Route tables: all-pairs shortest travel times and next links, recomputed only when the graph
changes (a closure or re-opening), never per agent.

Crossings are not part of the routing graph: crossing a border is an explicit act at the exit post
(a queue, a check of documents and rules), so a route never slips across a border by accident.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numba import njit
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra


@dataclass
class RouteTables:
    """`days[target, source]`: travel days from source to target (inf if unreachable);
    `next_link[target, source]`: the link to take from source towards target (-1 if none)."""

    days: np.ndarray
    next_link: np.ndarray


def route_tables(
    n_places: int,
    link_from: np.ndarray,
    link_to: np.ndarray,
    link_days: np.ndarray,
    usable: np.ndarray,
) -> RouteTables:
    """Shortest paths on the usable links (travel time in days as the weight)."""
    idx = np.flatnonzero(usable)
    src, dst, w = link_from[idx], link_to[idx], link_days[idx].astype(np.float64)
    # Keep the fastest of parallel links between the same pair of places.
    best = np.full((n_places, n_places), -1, np.int64)
    order = np.lexsort((w, dst, src))
    first = np.r_[True, (src[order][1:] != src[order][:-1]) | (dst[order][1:] != dst[order][:-1])]
    keep = order[first]
    best[src[keep], dst[keep]] = idx[keep]
    # Reverse graph: distances from every target to every source in one call.
    graph = csr_matrix(
        (np.maximum(w[keep], 1e-9), (dst[keep], src[keep])), shape=(n_places, n_places)
    )
    days, pred = dijkstra(graph, directed=True, return_predecessors=True)
    # pred[t, s] is the node after s on the path s -> t (the predecessor of s in the reverse tree).
    nxt = np.where(pred >= 0, pred, 0)
    sources = np.broadcast_to(np.arange(n_places), pred.shape)
    next_link = np.where(pred >= 0, best[sources, nxt], -1).astype(np.int32)
    return RouteTables(days=days.astype(np.float32), next_link=next_link)


def onward_links(
    place_host: np.ndarray,
    place_country: list[str],
    link_from: np.ndarray,
    link_to: np.ndarray,
    link_capped: np.ndarray,
) -> np.ndarray:
    """Per place outside the host country: the capacity-limited link that leaves it for
    another place of the same country (the onward transport from a border post into the
    country, e.g. buses from Salloum), or -1. A national who crosses into their own country
    at such a place waits for that transport there (kernels.queues), so people held at a
    border for want of a ride home are counted at that border; elsewhere they are home at
    once. The first such link in link order is the one, if there are several."""
    out = np.full(len(place_country), -1, np.int32)
    for lk in np.flatnonzero(link_capped)[::-1]:  # reversed: the first link in order wins
        a, b = int(link_from[lk]), int(link_to[lk])
        if not place_host[a] and place_country[a] == place_country[b]:
            out[a] = lk
    return out


@njit(cache=True)
def route_waits(
    next_link: np.ndarray,
    link_to: np.ndarray,
    opt_place: np.ndarray,
    link_wait: np.ndarray,
    out: np.ndarray,
) -> None:
    """`out[o, p]`: days of queue at capacity-limited links (`link_wait`, per link) on the way
    from place p to option o's place, following today's routes. Informed people weigh it with
    the option's own queue: a road held by roadblocks, or a ferry's backlog, is known to those
    who follow the news, as a crossing's queue is (kernels.decide.option_cost)."""
    n_opt, n_places = out.shape
    for o in range(n_opt):
        target = opt_place[o]
        for p in range(n_places):
            total = 0.0
            cur = p
            for _ in range(n_places):  # a route visits each place at most once
                if cur == target:
                    break
                lk = next_link[target, cur]
                if lk < 0:
                    break
                total += link_wait[lk]
                cur = link_to[lk]
            out[o, p] = total
