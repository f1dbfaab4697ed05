"""Expand a scenario's aggregate population table into agents and their ties.

The table holds counts by place x nationality x status x documentation x age group x household
type; people are drawn from it, never read from personal records. Ties: households (children and
elderly are grouped with adults of the same place, nationality and status), employers (workers of
one nationality at one place share employers; a live-in domestic worker has an employer of her
own), and civil-society and diaspora contacts.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from micic_sim.codes import Age, Doc, Household, State, Status, parse
from micic_sim.population.columns import Population
from micic_sim.rng import normal_array, synth_stream, uniform_array
from micic_sim.scenario import Scenario
from micic_sim.units import largest_remainder


def scaled_counts(counts: np.ndarray, total: int | None) -> np.ndarray:
    """Rescale row counts to `total` people exactly (largest-remainder rounding)."""
    counts = np.asarray(counts, dtype=np.int64)
    if total is None:
        return counts
    if total <= 0:
        raise ValueError(f"population.total must be a positive number, got {total}")
    return largest_remainder(counts * (total / counts.sum()), total)


def synthesise(scenario: Scenario, seed: int, total: int | None = None) -> Population:
    """Draw the population. Deterministic in (scenario, seed, total)."""
    table = scenario.population.reset_index(drop=True)
    counts = scaled_counts(table["count"].to_numpy(), total)
    n = int(counts.sum())
    pop = Population(n)
    row = np.repeat(np.arange(len(table)), counts)
    place_idx = scenario.place_index
    nat_idx = scenario.nationality_index
    r_place = _row_codes(table["place"], place_idx.__getitem__, np.int32)
    r_nat = _row_codes(table["nationality"], nat_idx.__getitem__, np.int16)
    r_status = _row_codes(table["status"], lambda x: parse(Status, x), np.int8)
    r_doc = _row_codes(table["documentation"], lambda x: parse(Doc, x), np.int8)
    r_age = _row_codes(table["age_group"], lambda x: parse(Age, x), np.int8)
    r_hh = _row_codes(table["household"], lambda x: parse(Household, x), np.int8)
    r_day = table["day"].to_numpy(np.float32)

    # Order people so that households are contiguous: sort by (place, nat, status, day, hh type,
    # age: adults first) and then split family blocks into households.
    order = np.lexsort(
        (r_age[row] != Age.ADULT, r_hh[row], r_day[row], r_status[row], r_nat[row], r_place[row])
    )
    row = row[order]
    c = pop.columns
    c["place"][:] = r_place[row]
    c["nationality"][:] = r_nat[row]
    c["status"][:] = r_status[row]
    c["doc"][:] = r_doc[row]
    c["age"][:] = r_age[row]
    c["household_type"][:] = r_hh[row]
    c["appear_day"][:] = r_day[row]

    _households(pop, scenario, seed)
    _attributes(pop, scenario, seed, row, table)
    c["doc_start"][:] = c["doc"]
    c["state"][:] = np.where(c["appear_day"] > 0, State.NOT_YET, State.HOME)
    c["state"][c["status"] == Status.DETAINED] = State.DETAINED
    # People counted outside the host country (e.g. already in camps) are waiting there, safe.
    abroad = (scenario.places["country"] != scenario.host_country).to_numpy()[c["place"]]
    c["state"][abroad & (c["appear_day"] <= 0)] = State.WAITING
    c["safe_day"][abroad] = c["appear_day"][abroad]
    return pop


def _row_codes(column: pd.Series, code: Callable[[str], int], dtype: type) -> np.ndarray:
    """Each row's code, looked up once per distinct word: Libya's table has ~16,000 rows and
    a few hundred distinct words, and a lookup per row was a third of building a run's model.
    An unknown word raises as the lookup does (the first in row order)."""
    rows, words = pd.factorize(column, use_na_sentinel=False)
    return np.array([code(w) for w in words], dtype=dtype)[rows]


def _households(pop: Population, scenario: Scenario, seed: int) -> None:
    """Singles and live-in workers are households of one; family blocks (same place, nationality,
    status, appearance day) are split into households of about `household_size` that each start
    with an adult, so that children are never alone unless the table has no adult for them."""
    c = pop.columns
    n = pop.n
    key = np.stack(
        [
            c["place"].astype(np.int64),
            c["nationality"],
            c["status"],
            c["appear_day"].astype(np.int64),
            c["household_type"],
        ]
    )
    block_start = np.r_[True, np.any(key[:, 1:] != key[:, :-1], axis=0)] if n else np.zeros(0, bool)
    starts = np.flatnonzero(block_start)
    ends = np.r_[starts[1:], n]
    hh = np.empty(n, np.int64)
    next_id = 0
    nat_names = [x.id for x in scenario.nationalities]
    # One iteration per block of the population table (tens to thousands), not per person.
    for s, e in zip(starts, ends, strict=True):
        size = e - s
        if c["household_type"][s] != Household.FAMILY:
            hh[s:e] = next_id + np.arange(size)
            next_id += size
            continue
        mean = float(scenario.attributes_for(nat_names[c["nationality"][s]])["household_size"])
        adults = int(np.count_nonzero(c["age"][s:e] == Age.ADULT))
        n_hh = max(1, round(size / max(mean, 1.0)))
        if adults:
            n_hh = min(n_hh, adults)
        hh[s:e] = next_id + np.arange(size) % n_hh  # adults come first: each household has one
        next_id += n_hh
    # Make households contiguous (stable, so adults stay first inside each household).
    perm = np.argsort(hh, kind="stable")
    for name in c:
        c[name][:] = c[name][perm]
    hh = hh[perm]
    c["household"][:] = hh
    first = np.r_[True, hh[1:] != hh[:-1]] if n else np.zeros(0, bool)
    head = np.maximum.accumulate(np.where(first, np.arange(n), 0)) if n else np.zeros(0, np.int64)
    c["head"][:] = head
    sizes = np.bincount(hh)
    c["hh_size"][:] = np.where(first, sizes[hh], 0)


def _attributes(pop: Population, scenario: Scenario, seed: int, row: np.ndarray, table) -> None:
    """Draw personal attributes from the scenario's shares, by nationality."""
    c = pop.columns
    n = pop.n
    nat_names = [x.id for x in scenario.nationalities]
    attrs = [scenario.attributes_for(x) for x in nat_names]
    nat = c["nationality"].astype(np.int64)

    def share(key: str) -> np.ndarray:
        return np.array([float(a[key]) for a in attrs])[nat]

    def draw(what: str) -> np.ndarray:
        return uniform_array(np.uint64(seed), 0, n, synth_stream(what))

    for name in ("warn_budget", "info_budget", "leave_budget", "harm_budget"):
        c[name][:] = -np.log1p(-draw(name))  # Exp(1)
    # Exp(1): the model raises it to `leave_heterogeneity` (behaviour is not known here).
    c["propensity"][:] = -np.log1p(-draw("propensity"))
    adult = c["age"] != Age.CHILD
    c["phone"][:] = (draw("phone") < share("phone")) & adult
    c["registered"][:] = draw("registered") < share("registered")
    c["language_host"][:] = draw("language_host") < share("host_language")
    c["cso"][:] = draw("cso") < share("civil_society_contact")
    c["diaspora"][:] = draw("diaspora") < share("diaspora_contact")
    mean = share("savings_mean_usd")
    sigma = 1.0
    z = normal_array(seed, n, synth_stream("savings"))
    c["savings"][:] = np.where(adult, mean * np.exp(sigma * z - sigma**2 / 2), 0.0)
    fear_table = np.array([[float(a["fear"][s.name.lower()]) for s in Status] for a in attrs])
    noise = 0.1 * normal_array(seed, n, synth_stream("fear"))
    c["fear"][:] = np.clip(fear_table[nat, c["status"]] + noise, 0.0, 1.0)
    c["vulnerable"][:] = (
        (c["age"] != Age.ADULT)
        | (c["status"] == Status.TRAFFICKED)
        | (c["status"] == Status.ASYLUM_SEEKER)
        | (draw("vulnerable") < 0.05)
    )

    # Employers: workers of one nationality at one place share employers of ~employer_size;
    # live-in domestic workers each have their own; children, asylum seekers and detainees none.
    works = adult & np.isin(
        c["status"], [Status.REGULAR, Status.IRREGULAR, Status.OVERSTAYER, Status.TRAFFICKED]
    )
    n_nat = len(nat_names)
    group = c["place"].astype(np.int64) * n_nat + nat
    n_groups = int(group.max()) + 1 if n else 1
    group_size = np.array([max(float(a["employer_size"]), 1.0) for a in attrs])[
        np.arange(n_groups) % n_nat
    ]
    workers_in_group = np.bincount(group[works], minlength=n_groups)
    n_emp = np.maximum(1, np.ceil(workers_in_group / group_size)).astype(np.int64)
    offset = np.r_[0, np.cumsum(n_emp)[:-1]]
    pick = np.floor(draw("employer") * n_emp[group]).astype(np.int64)
    employer = np.where(works, offset[group] + pick, -1)
    live_in = works & (c["household_type"] == Household.LIVE_IN)
    employer[live_in] = n_emp.sum() + np.arange(int(live_in.sum()))
    c["employer"][:] = employer
