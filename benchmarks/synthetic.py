"""A synthetic country-scale scenario for the benchmarks (fictional: no real place or number).

`write_synthetic(folder)` writes a scenario folder in the format of docs/scenario-format.md:

- a host country ("Synthia", code SYN) about 1,300 x 1,100 km, with `n_cities` cities (default 80;
  city sizes follow Zipf's law, the largest is the capital), airports and ports at the largest
  (coastal) cities, shelters with beds, detention centres;
- a road network joining each city to its nearest neighbours plus a spanning tree, some
  checkpoints with a daily capacity (these become queued road links);
- `n_crossings` border crossings (default 10) into four neighbouring countries, with mixed rules:
  passports or any ID or none, visas for some nationalities, exit permits, exit fees and overstay
  penalties, crossings that detain irregular people, daily capacities;
- on the far side: entry posts, reception camps with beds, airports with IOM flights home;
- 12 nationalities: four from the neighbouring countries (who can walk home) and eight from far
  away (home only by air or sea), two of them with no consulate in Synthia;
- consular posts, national evacuation flights and ships, IOM flights from the neighbours;
- a hazard timeline: fighting starts in one eastern city, spreads at `front_km_per_day`, escalates,
  reaches the capital and eases in places; roads, a crossing and consulates close and re-open;
- a population table of a few thousand rows (place x nationality x status x documents x age x
  household), about 1.4 million people counted; some displaced people appear later.

Everything is drawn from `numpy.random.default_rng(seed)`: the same arguments give the same files.
Run sizes are set with `population.total` (`EvacuationModel(population_total=...)`), which
rescales the counts; capacities stay in people per day, so queues bind harder at larger sizes.

    .venv/bin/python benchmarks/synthetic.py /tmp/synthia --seed 0
    .venv/bin/micic-sim check /tmp/synthia
    .venv/bin/micic-sim run scenario=/tmp/synthia population.total=100000
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

import numpy as np
import yaml

HOST = "SYN"
LAT0, LON0 = 20.0, 10.0
KM_PER_DEG_LAT = 111.0
KM_PER_DEG_LON = 111.0 * float(np.cos(np.radians(26.0)))
WIDTH_KM, HEIGHT_KM = 1300.0, 1100.0
ROAD_FACTOR = 1.25  # road km per straight-line km

# Neighbours: code, name, side of the border, nationality id, language.
NEIGHBOURS = [
    ("WST", "Westmark", "west", "WST", "wst"),
    ("EST", "Eastland", "east", "EST", "est"),
    ("SOU", "Sudia", "south", "SOU", "sou"),
    ("SAH", "Sahelia", "south", "SAH", "sah"),
]
# Far nationalities: id, name, language, lat, lon of home, has a consulate in Synthia.
FAR = [
    ("BNG", "Bengaran", "bng", 23.8, 90.4, True),
    ("PHL", "Philippan", "phl", 14.6, 121.0, True),
    ("IND", "Indian", "hin", 28.6, 77.2, True),
    ("CHN", "Chinese", "zho", 39.9, 116.4, True),
    ("VNM", "Vietnamese", "vie", 21.0, 105.8, True),
    ("PAK", "Pakistani", "urd", 33.7, 73.0, True),
    ("ERI", "Eritrean", "tir", 15.3, 38.9, False),
    ("XWA", "West African", "fra", 12.6, -8.0, False),
]


def _latlon(x: float, y: float) -> tuple[float, float]:
    return round(LAT0 + y / KM_PER_DEG_LAT, 4), round(LON0 + x / KM_PER_DEG_LON, 4)


def _write_csv(path: Path, header: list[str], rows: list[list]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        w = csv.writer(handle)
        w.writerow(header)
        w.writerows(rows)


def _spanning_tree(xy: np.ndarray) -> list[tuple[int, int]]:
    """Euclidean minimum spanning tree (Prim, O(n^2): n is at most a few hundred)."""
    n = len(xy)
    d = np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1))
    in_tree = np.zeros(n, bool)
    in_tree[0] = True
    best = d[0].copy()
    parent = np.zeros(n, np.int64)
    edges = []
    for _ in range(n - 1):
        cand = np.where(in_tree, np.inf, best)
        j = int(np.argmin(cand))
        edges.append((int(parent[j]), j))
        in_tree[j] = True
        closer = d[j] < best
        best = np.where(closer, d[j], best)
        parent = np.where(closer, j, parent)
    return edges


def build_synthetic(
    seed: int = 0,
    n_cities: int = 80,
    n_crossings: int = 10,
    days: float = 90,
    agents: int = 100_000,
    front_km_per_day: float = 20.0,
) -> dict[str, object]:
    """The scenario's tables as lists of rows (and the YAML mapping); see the module docstring."""
    if n_cities < 8:
        raise ValueError("n_cities must be at least 8")
    if not 4 <= n_crossings <= 64:
        raise ValueError("n_crossings must be in 4..64")
    rng = np.random.default_rng(seed)
    places: list[list] = []
    links: list[list] = []
    pos: dict[str, tuple[float, float]] = {}

    def add_place(
        pid: str,
        name: str,
        kind: str,
        country: str,
        x: float,
        y: float,
        capacity: int | None = None,
    ) -> str:
        lat, lon = _latlon(x, y)
        places.append([pid, name, kind, country, lat, lon, "" if capacity is None else capacity])
        pos[pid] = (x, y)
        return pid

    def km(a: str, b: str) -> float:
        (xa, ya), (xb, yb) = pos[a], pos[b]
        return max(1.0, round(ROAD_FACTOR * float(np.hypot(xa - xb, ya - yb)), 1))

    def add_link(
        a: str, b: str, mode: str = "road", cap: float | None = None, dist: float | None = None
    ) -> str:
        lid = f"{a}__{b}"
        links.append(
            [
                lid,
                a,
                b,
                dist if dist is not None else km(a, b),
                mode,
                "" if cap is None else cap,
                "yes",
            ]
        )
        return lid

    # -- cities: the capital in the north-west, an eastern city where fighting starts ----------
    xy = np.column_stack(
        [rng.uniform(40, WIDTH_KM - 40, n_cities), rng.uniform(40, HEIGHT_KM - 40, n_cities)]
    )
    xy[:, 1] = np.where(
        rng.random(n_cities) < 0.45, HEIGHT_KM - 40 - rng.exponential(120, n_cities), xy[:, 1]
    )  # many cities near the northern coast
    xy[:, 1] = np.clip(xy[:, 1], 40, HEIGHT_KM - 20)
    xy[0] = (300.0, HEIGHT_KM - 30.0)  # capital, on the coast
    xy[1] = (WIDTH_KM - 250.0, HEIGHT_KM - 60.0)  # eastern city: the crisis starts here
    size = 1.0 / np.arange(1, n_cities + 1) ** 1.05  # Zipf weights (capital largest)
    cities = [
        add_place(
            f"city{i:03d}",
            f"City {i}" if i else "Capital",
            "city",
            HOST,
            float(xy[i, 0]),
            float(xy[i, 1]),
        )
        for i in range(n_cities)
    ]
    edges = set(_spanning_tree(xy))
    d = np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1))
    for i in range(n_cities):
        for j in np.argsort(d[i])[1:4]:  # three nearest neighbours
            edges.add((min(i, int(j)), max(i, int(j))))
    edges_sorted = sorted(edges)
    road_ids = []
    checkpoints = set(
        rng.choice(len(edges_sorted), size=min(6, len(edges_sorted)), replace=False).tolist()
    )
    for k, (a, b) in enumerate(edges_sorted):
        cap = float(rng.choice([500, 1000, 2000])) if k in checkpoints else None
        mode = "foot" if d[a, b] > 450 and rng.random() < 0.5 else "road"  # desert tracks
        road_ids.append(add_link(cities[a], cities[b], mode=mode, cap=cap))

    # -- facilities at cities ---------------------------------------------------------------
    coastal = [i for i in np.argsort(-xy[:, 1]) if xy[i, 1] > HEIGHT_KM - 120][:4]
    airports = {}
    for i in range(min(5, n_cities)):  # the five largest cities
        a = add_place(
            f"airport{i}", f"City {i} Airport", "airport", HOST, xy[i, 0] + 15, xy[i, 1] - 10
        )
        add_link(cities[i], a)
        airports[i] = a
    ports = {}
    for i in coastal:
        p = add_place(
            f"port{int(i)}",
            f"City {int(i)} Port",
            "port",
            HOST,
            xy[i, 0] + 3,
            min(HEIGHT_KM, xy[i, 1] + 5),
        )
        add_link(cities[int(i)], p)
        ports[int(i)] = p
    shelter_at = rng.choice(n_cities, size=min(15, n_cities), replace=False)
    shelters = {}
    for i in shelter_at:
        s = add_place(
            f"shelter{int(i)}",
            f"City {int(i)} Aid Centre",
            "shelter",
            HOST,
            xy[i, 0] - 4,
            xy[i, 1] + 4,
            capacity=int(rng.choice([2000, 5000, 10000])),
        )
        add_link(cities[int(i)], s)
        shelters[int(i)] = s
    detention = {}
    for i in range(min(3, n_cities)):
        dpl = add_place(
            f"detention{i}",
            f"City {i} Detention Centre",
            "detention",
            HOST,
            xy[i, 0] - 12,
            xy[i, 1] - 8,
        )
        add_link(cities[i], dpl)
        detention[i] = dpl

    # -- crossings, and what lies beyond them -------------------------------------------------
    sides = ["west", "east"] + ["south"] * 2
    abroad_airports: dict[str, str] = {}
    receptions: list[str] = []
    neighbour_home: dict[str, str] = {}
    for code, name, side, _nat, _lang in NEIGHBOURS:
        if side == "west":
            hx, hy = -400.0, 600.0
        elif side == "east":
            hx, hy = WIDTH_KM + 400.0, 600.0
        else:
            hx, hy = (300.0 if code == "SOU" else 1000.0), -500.0
        neighbour_home[code] = add_place(f"{code.lower()}_home", name, "safe", code, hx, hy)
        abroad_airports[code] = add_place(
            f"{code.lower()}_airport", f"{name} Airport", "airport", code, hx + 60, hy + 40
        )
        add_link(neighbour_home[code], abroad_airports[code])
    crossings: list[list] = []
    crossing_ids = []
    docs_cycle = ["passport", "any", "none", "passport", "any"]
    far_ids = [f[0] for f in FAR]
    for c in range(n_crossings):
        side = sides[c % len(sides)]
        t = (c // len(sides) + 0.5) / ((n_crossings + len(sides) - 1) // len(sides))
        t = float(np.clip(t + rng.uniform(-0.1, 0.1), 0.05, 0.95))
        if side == "west":
            ex, ey, nx, ny, country = 0.0, t * HEIGHT_KM, -5.0, t * HEIGHT_KM, "WST"
        elif side == "east":
            ex, ey, nx, ny, country = WIDTH_KM, t * HEIGHT_KM, WIDTH_KM + 5, t * HEIGHT_KM, "EST"
        else:
            country = "SOU" if t < 0.5 else "SAH"
            ex, ey, nx, ny = t * WIDTH_KM, 0.0, t * WIDTH_KM, -5.0
        exit_id = add_place(
            f"x{c:02d}_exit", f"Crossing {c} (Synthian side)", "border_exit", HOST, ex, ey
        )
        entry_id = add_place(
            f"x{c:02d}_entry", f"Crossing {c} ({country} side)", "border_entry", country, nx, ny
        )
        near = np.argsort(np.hypot(xy[:, 0] - ex, xy[:, 1] - ey))[:2]
        for j in near:
            add_link(cities[int(j)], exit_id)
        if c < 5:  # a reception camp behind the first crossings
            rx, ry = (
                nx + (-30 if side == "west" else 30 if side == "east" else 0),
                ny - (30 if side == "south" else 0),
            )
            rc = add_place(
                f"camp{c:02d}",
                f"Camp {c}",
                "reception",
                country,
                rx,
                ry,
                capacity=int(rng.choice([10000, 20000, 40000])),
            )
            add_link(entry_id, rc)
            add_link(rc, abroad_airports[country])
            receptions.append(rc)
        add_link(entry_id, neighbour_home[country])
        visas = ";".join(
            sorted(rng.choice(far_ids, size=int(rng.integers(0, 4)), replace=False).tolist())
        )
        crossings.append(
            [
                f"x{c:02d}",
                exit_id,
                entry_id,
                "" if c % 4 == 3 else int(rng.choice([1000, 2000, 4000, 8000])),
                docs_cycle[c % len(docs_cycle)],
                visas,
                "yes" if c % 3 == 0 else "no",
                int(rng.choice([0, 0, 20, 50])),
                int(rng.choice([0, 100, 300])),
                "yes" if c % 4 == 1 else "no",
                1,
            ]
        )
        crossing_ids.append(f"x{c:02d}")

    # Far homes: reachable only by evacuation (air or sea).
    far_home = {}
    for nid, nname, _lang, lat, lon, _has in FAR:
        far_home[nid] = f"{nid.lower()}_home"
        places.append([far_home[nid], f"{nname} home", "safe", nid, lat, lon, ""])

    # -- nationalities and consulates --------------------------------------------------------
    nationalities = []
    for code, _name, _side, nid, lang in NEIGHBOURS:
        nationalities.append(
            {
                "id": nid,
                "name": f"{_name} national",
                "language": lang,
                "origin": neighbour_home[code],
                "attributes": {
                    "host_language": round(float(rng.uniform(0.3, 0.9)), 2),
                    "registered": round(float(rng.uniform(0.05, 0.3)), 2),
                    "savings_mean_usd": int(rng.choice([200, 300])),
                },
            }
        )
    for nid, nname, lang, _lat, _lon, _has in FAR:
        nationalities.append(
            {
                "id": nid,
                "name": nname,
                "language": lang,
                "origin": far_home[nid],
                "attributes": {
                    "host_language": round(float(rng.uniform(0.02, 0.3)), 2),
                    "registered": round(float(rng.uniform(0.1, 0.9)), 2),
                    "phone": round(float(rng.uniform(0.6, 0.95)), 2),
                    "savings_mean_usd": int(rng.choice([150, 300, 600, 1500])),
                    "employer_size": int(rng.choice([20, 60, 200])),
                },
            }
        )
    consulates = []
    for _code, _name, _side, nid, _lang in NEIGHBOURS:
        consulates.append([f"{nid.lower()}_cons0", nid, cities[0], int(rng.choice([200, 500]))])
    for nid, _n, _l, _a, _o, has in FAR:
        if not has:
            continue
        for k, ci in enumerate(
            [
                0,
                *rng.choice(
                    np.arange(1, min(10, n_cities)), size=int(rng.integers(0, 3)), replace=False
                ),
            ]
        ):
            consulates.append(
                [f"{nid.lower()}_cons{k}", nid, cities[int(ci)], int(rng.choice([50, 150, 400]))]
            )

    # -- evacuation offers ------------------------------------------------------------------
    evacuations = []
    boardings = [(airports[i], "air") for i in sorted(airports)] + [
        (ports[i], "sea") for i in sorted(ports)
    ]
    for nid, _n, _l, _a, _o, _has in FAR:
        for k in range(int(rng.integers(1, 3))):
            frm, mode = boardings[int(rng.integers(0, len(boardings)))]
            start = int(rng.integers(3, 25))
            evacuations.append(
                [
                    f"{nid.lower()}_evac{k}",
                    f"Government of {nid}",
                    frm,
                    far_home[nid],
                    mode,
                    start,
                    start + int(rng.integers(5, 30)),
                    int(rng.choice([300, 800, 2000])),
                    nid,
                    "yes",
                    int(rng.choice([0, 0, 200])),
                ]
            )
    for code in abroad_airports:  # IOM flights home from the neighbours
        eligible = sorted(rng.choice(far_ids, size=4, replace=False).tolist())
        for nid in eligible:
            evacuations.append(
                [
                    f"iom_{code.lower()}_{nid.lower()}",
                    "IOM",
                    abroad_airports[code],
                    far_home[nid],
                    "air",
                    int(rng.integers(8, 20)),
                    int(days),
                    int(rng.choice([300, 600])),
                    nid,
                    "no",
                    0,
                ]
            )

    # -- timeline: fighting spreads from the eastern city ------------------------------------
    timeline = []
    attached: dict[int, list[str]] = {i: [] for i in range(n_cities)}
    for table in (airports, ports, shelters, detention):
        for i, pid in table.items():
            attached[int(i)].append(pid)
    dist0 = np.hypot(xy[:, 0] - xy[1, 0], xy[:, 1] - xy[1, 1])
    for i in range(n_cities):
        onset = float(dist0[i] / front_km_per_day)
        if onset > 0.8 * days:
            continue
        v = float(np.clip(0.9 - dist0[i] / 2000.0 + rng.normal(0, 0.05), 0.2, 1.0))
        events = [(onset, v), (onset + 7, min(1.0, v + 0.2))]
        if rng.random() < 0.3:
            events.append((onset + 35, round(v * 0.3, 2)))  # fighting eases
        for day, value in events:
            if day >= days:
                continue
            for pid in [cities[i], *attached[i]]:
                timeline.append([round(day, 2), "hazard", pid, round(value, 2)])
    cut = rng.choice(len(road_ids), size=min(4, len(road_ids)), replace=False)
    for k, j in enumerate(cut):
        day = round(float(10 + 8 * k), 1)
        timeline.append([day, "close_link", road_ids[int(j)], ""])
        if k % 2 == 0:
            timeline.append([round(day + 15, 1), "open_link", road_ids[int(j)], ""])
    east = int(np.argmax([pos[f"x{c:02d}_exit"][0] for c in range(n_crossings)]))
    timeline.append([12.0, "close_crossing", crossing_ids[east], ""])
    timeline.append([30.0, "open_crossing", crossing_ids[east], ""])
    for row in consulates[:: max(1, len(consulates) // 3)]:
        timeline.append([float(rng.integers(10, 30)), "close_consulate", row[0], ""])
    timeline.sort(key=lambda r: r[0])

    # -- population ---------------------------------------------------------------------------
    population = []
    city_pop = 1_400_000 * size / size.sum()
    nat_weight = {
        n["id"]: w
        for n, w in zip(nationalities, rng.dirichlet(np.full(len(nationalities), 2.0)), strict=True)
    }
    # Profiles: status, documentation, age, household, share.
    profiles = [
        ("regular", "passport", "adult", "single", 0.30),
        ("regular", "employer_held", "adult", "single", 0.15),
        ("regular", "passport", "adult", "family", 0.06),
        ("regular", "passport", "child", "family", 0.05),
        ("regular", "passport", "elderly", "family", 0.01),
        ("regular", "employer_held", "adult", "live_in", 0.03),
        ("irregular", "none", "adult", "single", 0.18),
        ("irregular", "none", "adult", "family", 0.03),
        ("irregular", "none", "child", "family", 0.03),
        ("overstayer", "passport", "adult", "single", 0.07),
        ("asylum_seeker", "lost", "adult", "single", 0.04),
        ("stateless", "none", "adult", "single", 0.01),
        ("trafficked", "none", "adult", "single", 0.01),
    ]
    prof_share = np.array([p[4] for p in profiles])
    for i in range(n_cities):
        present = [n for n in nationalities if rng.random() < (0.9 if i < 10 else 0.45)]
        for nat in present:
            base = city_pop[i] * nat_weight[nat["id"]] * len(nationalities) / max(len(present), 1)
            for (status, doc, age, hh, _s), share in zip(profiles, prof_share, strict=True):
                if status in ("asylum_seeker", "stateless") and nat["id"] not in (
                    "ERI",
                    "XWA",
                    "SOU",
                    "SAH",
                ):
                    continue
                count = int(rng.poisson(max(base * share, 0.0)))
                if count:
                    population.append([cities[i], nat["id"], status, doc, age, hh, count, 0])
        if i % 7 == 3:  # people displaced from the countryside reach this city later
            nat = present[0]["id"] if present else nationalities[0]["id"]
            population.append(
                [
                    cities[i],
                    nat,
                    "irregular",
                    "none",
                    "adult",
                    "single",
                    int(city_pop[i] * 0.02) + 1,
                    int(rng.integers(5, 40)),
                ]
            )
    for dpl in detention.values():
        for nid in rng.choice([n["id"] for n in nationalities], size=3, replace=False):
            population.append(
                [
                    dpl,
                    str(nid),
                    "detained",
                    "none",
                    "adult",
                    "single",
                    int(rng.integers(200, 1500)),
                    0,
                ]
            )
    for rc in receptions[:2]:  # refugees already in camps abroad
        population.append(
            [
                rc,
                "ERI",
                "asylum_seeker",
                "lost",
                "adult",
                "single",
                int(rng.integers(1000, 5000)),
                0,
            ]
        )

    meta = {
        "name": "synthia",
        "title": "Synthia (synthetic benchmark country)",
        "description": (
            f"Synthetic country-scale scenario for benchmarks (seed {seed}): {n_cities} cities, "
            f"{n_crossings} crossings, {len(nationalities)} nationalities; fighting spreads from "
            "an eastern city at about "
            f"{front_km_per_day:g} km a day. Fictional: no number describes a real place."
        ),
        "start_date": "2030-01-01",
        "days": days,
        "agents": int(agents),
        "host_country": HOST,
        "host_languages": ["syn"],
        "nationalities": nationalities,
        "attributes": {
            "phone": 0.75,
            "savings_mean_usd": 300,
            "registered": 0.2,
            "host_language": 0.3,
            "civil_society_contact": 0.05,
            "diaspora_contact": 0.35,
            "employer_size": 40,
            "household_size": 4,
        },
        "behaviour": {},
    }
    return {
        "meta": meta,
        "places": places,
        "links": links,
        "crossings": crossings,
        "consulates": consulates,
        "population": population,
        "timeline": timeline,
        "evacuations": evacuations,
    }


def write_synthetic(folder: str | Path, **kwargs) -> Path:
    """Write the synthetic scenario folder (see `build_synthetic` for the arguments)."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    t = build_synthetic(**kwargs)
    with (out / "scenario.yaml").open("w", encoding="utf-8") as handle:
        handle.write("# Synthetic benchmark scenario, generated by benchmarks/synthetic.py.\n")
        yaml.safe_dump(t["meta"], handle, sort_keys=False, allow_unicode=True)
    _write_csv(
        out / "places.csv", ["id", "name", "kind", "country", "lat", "lon", "capacity"], t["places"]
    )
    _write_csv(
        out / "links.csv",
        ["id", "from", "to", "distance_km", "mode", "daily_capacity", "two_way"],
        t["links"],
    )
    _write_csv(
        out / "crossings.csv",
        [
            "id",
            "exit_place",
            "entry_place",
            "daily_capacity",
            "documents",
            "visa_required",
            "exit_permit",
            "exit_fee_usd",
            "overstay_penalty_usd",
            "detains_irregular",
            "distance_km",
        ],
        t["crossings"],
    )
    _write_csv(
        out / "consulates.csv", ["id", "nationality", "place", "daily_capacity"], t["consulates"]
    )
    _write_csv(
        out / "population.csv",
        [
            "place",
            "nationality",
            "status",
            "documentation",
            "age_group",
            "household",
            "count",
            "day",
        ],
        t["population"],
    )
    _write_csv(out / "timeline.csv", ["day", "event", "target", "value"], t["timeline"])
    _write_csv(
        out / "evacuations.csv",
        [
            "id",
            "operator",
            "from_place",
            "to_place",
            "mode",
            "start_day",
            "end_day",
            "seats_per_day",
            "nationalities",
            "requires_document",
            "fare_usd",
        ],
        t["evacuations"],
    )
    (out / "SOURCES.md").write_text(
        "# Sources: synthia (synthetic)\n\nGenerated by `benchmarks/synthetic.py` for "
        "benchmarks. Every number is drawn at random; nothing describes a real place or "
        "crisis.\n",
        encoding="utf-8",
    )
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Write the synthetic benchmark scenario folder.")
    ap.add_argument("folder")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--cities", type=int, default=80)
    ap.add_argument("--crossings", type=int, default=10)
    ap.add_argument("--days", type=float, default=90)
    ap.add_argument("--agents", type=int, default=100_000, help="default population.total")
    ns = ap.parse_args(argv)
    out = write_synthetic(
        ns.folder,
        seed=ns.seed,
        n_cities=ns.cities,
        n_crossings=ns.crossings,
        days=ns.days,
        agents=ns.agents,
    )
    print(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
