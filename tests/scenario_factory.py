"""Tiny scenarios written from Python, for tests that need one mechanism in isolation."""

from __future__ import annotations

from pathlib import Path

import yaml


def write_scenario(
    root: Path,
    *,
    places: list[str],
    links: list[str],
    population: list[str],
    crossings: list[str] | None = None,
    consulates: list[str] | None = None,
    timeline: list[str] | None = None,
    evacuations: list[str] | None = None,
    nationalities: list[dict] | None = None,
    days: float = 20,
    attributes: dict | None = None,
    behaviour: dict | None = None,
) -> Path:
    """Write a scenario folder from CSV rows (without headers) and return its path."""
    root.mkdir(parents=True, exist_ok=True)
    meta = {
        "name": root.name,
        "start_date": "2030-01-01",
        "days": days,
        "host_country": "H",
        "nationalities": nationalities or [{"id": "A", "origin": "home"}],
        "attributes": attributes or {},
        "behaviour": behaviour or {},
    }
    (root / "scenario.yaml").write_text(yaml.safe_dump(meta))
    tables = {
        "places": ("id,name,kind,country,lat,lon,capacity", places),
        "links": ("id,from,to,distance_km,mode,daily_capacity,two_way", links),
        "population": (
            "place,nationality,status,documentation,age_group,household,count",
            population,
        ),
        "crossings": (
            "id,exit_place,entry_place,daily_capacity,documents,visa_required,"
            "exit_permit,exit_fee_usd,overstay_penalty_usd,detains_irregular",
            crossings or [],
        ),
        "consulates": ("id,nationality,place,daily_capacity", consulates or []),
        "timeline": ("day,event,target,value", timeline or []),
        "evacuations": (
            "id,operator,from_place,to_place,mode,start_day,end_day,seats_per_day,"
            "nationalities,requires_document,fare_usd",
            evacuations or [],
        ),
    }
    for name, (header, rows) in tables.items():
        (root / f"{name}.csv").write_text("\n".join([header, *rows]) + "\n")
    return root
