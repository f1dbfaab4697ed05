"""Helpers for building a scenario for another country from public data.

A scenario is data (see docs/scenario-format.md); these helpers produce the tables that are
tedious by hand, from figures an author can find in public sources:

- `road_links(places, pairs, road_factor)`: links with distances estimated from coordinates
  (great-circle distance x a road factor) where no published road distance exists;
- `population_rows(stock, splits)`: the aggregate population table from a stock per nationality
  and place and the shares of status, documentation, age group and household type;
- `write_table(rows, path)`: writes any table with its header.
Check the result with `micic-sim check <folder>`: it names the file, row and field of every
problem. Every estimated number must then be listed as an assumption in the scenario's SOURCES.md.
"""

from __future__ import annotations

import csv
import itertools
import math
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from micic_sim.units import largest_remainder

EARTH_RADIUS_KM = 6371.0


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def road_links(
    places: Mapping[str, tuple[float, float]],
    pairs: Iterable[tuple[str, str]],
    *,
    road_factor: float = 1.2,
    mode: str = "road",
) -> list[dict[str, Any]]:
    """links.csv rows for `pairs` of place ids, distance = great circle x `road_factor`
    (1.2 for paved roads, ~1.3 for desert tracks is a common assumption: flag it in SOURCES.md).
    """
    rows = []
    for a, b in pairs:
        for p in (a, b):
            if p not in places:
                raise KeyError(f"unknown place '{p}' in pairs; known: {', '.join(places)}")
        km = great_circle_km(*places[a], *places[b]) * road_factor
        rows.append(
            {
                "id": f"{a}__{b}",
                "from": a,
                "to": b,
                "distance_km": round(km, 1),
                "mode": mode,
                "daily_capacity": "",
                "two_way": "yes",
            }
        )
    return rows


def _check_shares(name: str, shares: Mapping[str, float]) -> None:
    total = sum(shares.values())
    if abs(total - 1.0) > 1e-6:
        raise ValueError(f"{name} shares must add up to 1, they add up to {total:.4f}: {shares}")


def population_rows(
    stock: Mapping[tuple[str, str], int], splits: Mapping[str, Any]
) -> list[dict[str, Any]]:
    """population.csv rows from a stock per (place, nationality) and shares.

    `splits` holds `status`, `documentation`, `age_group` and `household` share mappings (each
    adding up to 1); any of them may instead map a nationality id to its own mapping. Children
    are put in family households. Counts are rounded so that each (place, nationality) total is
    kept exactly (largest remainder)."""
    rows: list[dict[str, Any]] = []
    keys = ("status", "documentation", "age_group", "household")
    for (place, nat), total in stock.items():
        parts = []
        for key in keys:
            s = splits[key]
            s = s.get(nat, s) if isinstance(next(iter(s.values())), Mapping) else s
            _check_shares(f"{key} ({nat})", s)
            parts.append(s)
        combos = []
        for (st, sv), (dc, dv), (ag, av), (hh, hv) in itertools.product(
            *(p.items() for p in parts)
        ):
            if ag == "child" and hh != "family":
                continue  # children live in families: their share goes to family rows
            w = sv * dv * av * (hv if ag != "child" else 1.0)
            combos.append(((st, dc, ag, hh), w))
        weight = sum(w for _, w in combos)
        counts = largest_remainder([total * w / weight for _, w in combos], total)
        for (c, _), n in zip(combos, counts.tolist(), strict=True):
            if n:
                rows.append(
                    {
                        "place": place,
                        "nationality": nat,
                        "status": c[0],
                        "documentation": c[1],
                        "age_group": c[2],
                        "household": c[3],
                        "count": n,
                    }
                )
    return rows


def write_table(
    rows: list[dict[str, Any]], path: str | Path, header: list[str] | None = None
) -> Path:
    """Write rows (dicts) as a CSV with a header row."""
    path = Path(path)
    header = header or (list(rows[0]) if rows else [])
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=header)
        w.writeheader()
        w.writerows(rows)
    return path
