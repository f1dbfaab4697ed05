"""Every lever moves the outcome it should, on a small scenario that isolates it.

Each test builds a toy scenario (tests/scenario_builder.py) where one lever is the only thing
that can open a way out (or speed one up), runs it with and without the lever over several seeds
(common random numbers: the same seed draws the same people), and checks the direction of the
effect on the seed average with a margin, and that no seed goes the wrong way. A lever that
stops moving its outcome here is broken, not noisy. docs/levers.md describes each mechanism.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml

from micic_sim.codes import Age, Doc, Household, State, Status
from micic_sim.levers.catalogue import CATALOGUE, parse_levers
from micic_sim.model import EvacuationModel
from micic_sim.scenario import load_scenario
from tests.scenario_builder import ToyScenario, run_seeds, toy

SEEDS = range(4)
N = 3000
ROOT = Path(__file__).resolve().parents[1]
STRANDED = (State.STRANDED, State.QUEUE_BORDER, State.QUEUE_CONSULATE, State.QUEUE_TRANSPORT)


# -- metrics (one number per run) -------------------------------------------------------------
def safe(m: EvacuationModel) -> np.ndarray:
    p = m.population
    return ~np.isnan(p.safe_day) & (p.state != State.HARMED)


def share(mask: np.ndarray, among: np.ndarray | None = None) -> float:
    return float(mask.mean() if among is None else mask[among].mean())


def median_days(days: np.ndarray) -> float:
    """Median with 'never' counted as infinitely late (so reaching more people counts)."""
    d = days.astype(float)
    return float(np.median(np.where(np.isnan(d), np.inf, d)))


def in_states(m: EvacuationModel, *states: State) -> np.ndarray:
    return np.isin(m.population.state, [int(s) for s in states])


def compare(
    scn: ToyScenario, tmp: Path, metric, lever: dict, *, base: dict | None = None, seeds=SEEDS, **kw
) -> tuple[np.ndarray, np.ndarray]:
    """Metric per seed without and with `lever` (both on top of `base` levers)."""
    case = load_scenario(scn.write(tmp))
    off = run_seeds(case, metric, levers=base, seeds=seeds, population_total=N, **kw)
    on = run_seeds(
        case, metric, levers={**(base or {}), **lever}, seeds=seeds, population_total=N, **kw
    )
    return off, on


def assert_raises_metric(off: np.ndarray, on: np.ndarray, margin: float) -> None:
    assert on.mean() >= off.mean() + margin, f"off {off} on {on}: expected a rise >= {margin}"
    assert np.all(on >= off), f"off {off} on {on}: a seed went the wrong way"


def assert_lowers_metric(off: np.ndarray, on: np.ndarray, margin: float) -> None:
    assert on.mean() <= off.mean() - margin, f"off {off} on {on}: expected a fall >= {margin}"
    assert np.all(on <= off), f"off {off} on {on}: a seed went the wrong way"


def enabled(name: str, **settings) -> dict:
    return {name: {"enabled": True, **settings}}


# -- A. enforcement ---------------------------------------------------------------------------
def test_firewall_irregular_migrants_reach_shelter(tmp_path):
    """Irregular people with no way out: without a firewall the aid point detains some of them
    (and fear makes it a last resort); with one they are sheltered."""
    s = toy("firewall")
    s.add_people(N, status="irregular", documentation="none")
    s.event("close_crossing", "gate")
    metric = {
        "sheltered": lambda m: share(in_states(m, State.IN_SHELTER)),
        "detained": lambda m: share(in_states(m, State.DETAINED)),
    }
    off, on = compare(s, tmp_path, metric, enabled("firewall"))
    assert_raises_metric(off["sheltered"], on["sheltered"], 0.15)
    assert on["detained"].max() == 0 and off["detained"].min() > 0.1


def test_no_detention_releases_detainees(tmp_path):
    s = toy("no_detention", shelter=False)
    s.add_place("jail", "detention")
    s.add_link("city_jail", "city", "jail", 10)
    s.hazard("jail", 0.6)
    s.add_people(1000, place="jail", status="detained", documentation="none")
    s.add_people(2000, status="irregular", documentation="none")
    s.row("crossings", "gate")["detains_irregular"] = True
    metric = {
        "detained": lambda m: share(in_states(m, State.DETAINED)),
        "detainees_safe": lambda m: share(safe(m), m.population.status == Status.DETAINED),
    }
    off, on = compare(s, tmp_path, metric, enabled("no_detention"))
    assert_lowers_metric(off["detained"], on["detained"], 0.3)
    assert on["detained"].max() == 0
    assert_raises_metric(off["detainees_safe"], on["detainees_safe"], 0.8)


# -- B. exit, borders, entry and protection --------------------------------------------------
def test_exit_waiver_frees_overstayers_stuck_at_the_exit(tmp_path):
    s = toy("exit_waiver", shelter=False)
    s.add_people(N, status="overstayer", documentation="passport")
    gate = s.row("crossings", "gate")
    gate.update(exit_permit=True, exit_fee_usd=50, overstay_penalty_usd=500)
    metric = {
        "stranded": lambda m: share(in_states(m, *STRANDED)),
        "safe": lambda m: share(safe(m)),
    }
    off, on = compare(s, tmp_path, metric, enabled("exit_waiver"))
    assert_lowers_metric(off["stranded"], on["stranded"], 0.8)
    assert_raises_metric(off["safe"], on["safe"], 0.8)


def test_open_borders_admit_people_without_visa_or_passport(tmp_path):
    s = toy("open_borders", shelter=False)
    s.add_people(N, documentation="lost")
    s.row("crossings", "gate").update(documents="passport", visa_required=["AAA"])
    off, on = compare(s, tmp_path, lambda m: share(safe(m)), enabled("open_borders"))
    assert_raises_metric(off, on, 0.8)


def test_non_refoulement_admits_asylum_seekers(tmp_path):
    s = toy("non_refoulement", shelter=False)
    s.row("crossings", "gate").update(documents="passport", visa_required=["AAA"])
    s.add_people(N // 2, status="asylum_seeker", documentation="lost")
    s.add_people(N // 2, status="regular", documentation="lost")
    status = lambda m: m.population.status  # noqa: E731
    metric = {
        "asylum": lambda m: share(safe(m), status(m) == Status.ASYLUM_SEEKER),
        "regular": lambda m: share(safe(m), status(m) == Status.REGULAR),
    }
    off, on = compare(s, tmp_path, metric, enabled("non_refoulement"))
    assert_raises_metric(off["asylum"], on["asylum"], 0.8)
    assert abs(on["regular"].mean() - off["regular"].mean()) < 0.02  # protection, not an amnesty


def test_non_refoulement_limited_to_named_crossings(tmp_path):
    s = toy("non_refoulement_where", shelter=False)
    s.row("crossings", "gate").update(documents="passport", visa_required=["AAA"])
    s.crossings.append({**s.row("crossings", "gate"), "id": "gate2"})
    s.add_people(N, status="asylum_seeker", documentation="lost")
    case = load_scenario(s.write(tmp_path))
    m = EvacuationModel(
        case,
        seed=1,
        population_total=N,
        collect=False,
        levers=enabled("non_refoulement", crossings=["gate2"]),
    )
    m.rules.update(0.0, m.occupancy)
    assert m.rules.opt_protect[:2].tolist() == [False, True]


def test_humanitarian_border_management_puts_vulnerable_households_first(tmp_path):
    s = toy("hbm", shelter=False)
    s.row("crossings", "gate")["daily_capacity"] = 150
    s.add_people(600, household="family")
    s.add_people(600, age_group="elderly", household="family")
    s.add_people(1800)
    family = lambda m: m.population.household_type == Household.FAMILY  # noqa: E731
    metric = {
        "family": lambda m: median_days(m.population.safe_day[family(m)]),
        "single": lambda m: median_days(m.population.safe_day[~family(m)]),
    }
    off, on = compare(s, tmp_path, metric, enabled("humanitarian_border_management"))
    assert_lowers_metric(off["family"], on["family"], 3.0)  # days
    assert on["single"].mean() > off["single"].mean()  # a priority lane is a re-ordering


def test_child_protection_escorts_unaccompanied_children(tmp_path):
    s = toy("child_protection", shelter=False)
    s.row("crossings", "gate")["documents"] = "passport"
    s.add_people(
        600, status="irregular", documentation="none", age_group="child", household="family"
    )  # no adults of their kind: unaccompanied
    s.add_people(N - 600)
    child = lambda m: m.population.age == Age.CHILD  # noqa: E731
    off, on = compare(s, tmp_path, lambda m: share(safe(m), child(m)), enabled("child_protection"))
    assert_raises_metric(off, on, 0.7)


# -- C. documents and consular capacity -------------------------------------------------------
def without_papers(m: EvacuationModel) -> float:
    """Share still in the host country, not safe, with no travel document in hand."""
    p = m.population
    no_doc = np.isin(p.doc, [int(Doc.LOST), int(Doc.NONE), int(Doc.EMPLOYER_HELD)])
    return share(no_doc & ~safe(m) & (p.state != State.HARMED))


def document_scenario(name: str, capacity: float, shelter: bool = True) -> ToyScenario:
    """Passports lost; the only crossing demands a passport; one consular post in the city."""
    s = toy(name, shelter=shelter)
    s.consulates.append(
        {"id": "post", "nationality": "AAA", "place": "city", "daily_capacity": capacity}
    )
    s.add_people(N, documentation="lost")
    s.row("crossings", "gate")["documents"] = "passport"
    return s


def test_laissez_passer_capacity_cuts_those_stranded_without_documents(tmp_path):
    s = document_scenario("laissez_passer", capacity=20)
    off, on = compare(s, tmp_path, without_papers, enabled("laissez_passer"))
    assert_lowers_metric(off, on, 0.5)


def test_closed_consulate_delays_its_nationals(tmp_path):
    """A timeline closure (no lever): nationals who need papers reach safety later or never."""
    open_ = document_scenario("consulate_open", capacity=300, shelter=False)
    closed = open_.copy()
    closed.meta["name"] = "consulate_closed"
    closed.event("close_consulate", "post", day=3)
    metric = lambda m: median_days(m.population.safe_day)  # noqa: E731
    a = run_seeds(load_scenario(open_.write(tmp_path)), metric, seeds=SEEDS, population_total=N)
    b = run_seeds(load_scenario(closed.write(tmp_path)), metric, seeds=SEEDS, population_total=N)
    assert np.all(b > a + 2.0), f"open {a} closed {b}"


def test_consular_continuity_keeps_a_closing_post_open(tmp_path):
    s = document_scenario("consular_continuity", capacity=100, shelter=False)
    s.event("close_consulate", "post", day=3)
    off, on = compare(s, tmp_path, lambda m: share(safe(m)), enabled("consular_continuity"))
    assert_raises_metric(off, on, 0.5)


def test_alternative_consular_serves_the_unrepresented_and_closed_posts(tmp_path):
    """BBB has no post at all; AAA's post closes on day 3. An IO post (by default where the
    diplomatic posts are) issues documents to both."""
    s = toy("alternative_consular", shelter=False, nationalities=("AAA", "BBB"))
    s.consulates.append(
        {"id": "post", "nationality": "AAA", "place": "city", "daily_capacity": 100}
    )
    s.event("close_consulate", "post", day=3)
    s.add_people(N // 2, documentation="lost")
    s.add_people(N // 2, nationality="BBB", documentation="lost")
    s.row("crossings", "gate")["documents"] = "passport"
    nat = lambda m: m.population.nationality  # noqa: E731
    metric = {
        "unrepresented": lambda m: share(safe(m), nat(m) == 1),
        "post_closed": lambda m: share(safe(m), nat(m) == 0),
    }
    off, on = compare(s, tmp_path, metric, enabled("alternative_consular"))
    assert_raises_metric(off["unrepresented"], on["unrepresented"], 0.7)
    assert_raises_metric(off["post_closed"], on["post_closed"], 0.5)


def test_employer_documents_returns_withheld_passports(tmp_path):
    s = toy("employer_documents", shelter=False)
    s.add_people(N, documentation="employer_held")
    s.row("crossings", "gate")["documents"] = "passport"
    metric = {"without_papers": without_papers, "safe": lambda m: share(safe(m))}
    off, on = compare(s, tmp_path, metric, enabled("employer_documents"))
    assert_lowers_metric(off["without_papers"], on["without_papers"], 0.7)
    assert_raises_metric(off["safe"], on["safe"], 0.7)


# -- D. information ---------------------------------------------------------------------------
def information_scenario(name: str, **attributes) -> ToyScenario:
    """Weak ordinary channels (no host language, no civil-society or diaspora contacts)."""
    s = toy(name, shelter=False, **{"phone": 0.9, **attributes})
    s.add_people(N)
    return s


def days_to_informed(m: EvacuationModel) -> float:
    return median_days(m.population.informed_day)


@pytest.mark.parametrize(
    "lever, margin", [("hotline", 1.0), ("alerts", 1.5), ("registration_drive", 1.0)]
)
def test_information_levers_shorten_days_to_informed(tmp_path, lever, margin):
    s = information_scenario(lever)
    off, on = compare(s, tmp_path, days_to_informed, enabled(lever))
    assert_lowers_metric(off, on, margin)


def test_pre_departure_training_informs_sooner(tmp_path):
    s = information_scenario("pre_departure_training")
    metric = {
        "by_day_3": lambda m: share(m.population.informed_day <= 3),
        "median": days_to_informed,
    }
    off, on = compare(s, tmp_path, metric, enabled("pre_departure_training"))
    assert_raises_metric(off["by_day_3"], on["by_day_3"], 0.04)
    assert_lowers_metric(off["median"], on["median"], 0.1)


def test_diaspora_information_reaches_those_with_diaspora_ties(tmp_path):
    s = information_scenario("diaspora_info", diaspora_contact=0.6)
    off, on = compare(s, tmp_path, days_to_informed, enabled("diaspora_support"))
    assert_lowers_metric(off, on, 0.5)


# -- E. evacuation and movement ---------------------------------------------------------------
def flight_scenario(
    name: str, seats: float, fare: float = 0, nationalities=("AAA",), **attributes
) -> ToyScenario:
    """No land crossing: the only way out is a flight for AAA from the airport."""
    s = toy(name, shelter=False, nationalities=nationalities, **attributes)
    s.crossings.clear()
    s.evacuations.append(
        {
            "id": "flight",
            "operator": "AAA",
            "from_place": "airport",
            "to_place": "home_aaa",
            "mode": "air",
            "start_day": 2,
            "end_day": 20,
            "seats_per_day": seats,
            "nationalities": ["AAA"],
            "requires_document": True,
            "fare_usd": fare,
        }
    )
    return s


def evacuated(m: EvacuationModel, among: np.ndarray | None = None) -> float:
    return share(in_states(m, State.EVACUATED, State.REPATRIATED), among)


def test_evacuation_transport_adds_seats(tmp_path):
    s = flight_scenario("evacuation_transport", seats=60)
    s.add_people(N)
    off, on = compare(s, tmp_path, evacuated, enabled("evacuation_transport"))
    assert_raises_metric(off, on, 0.2)


def test_evacuation_transport_extra_offers(tmp_path):
    s = flight_scenario("evacuation_transport_offers", seats=0)
    s.add_people(N)
    extra = {
        "from_place": "airport",
        "to_place": "home_aaa",
        "start_day": 3,
        "end_day": 25,
        "seats_per_day": 200,
        "nationalities": "AAA",
    }
    off, on = compare(
        s,
        tmp_path,
        evacuated,
        enabled("evacuation_transport", seats_multiplier=1.0, offers=[extra]),
    )
    assert off.max() == 0
    assert_raises_metric(off, on, 0.5)


def test_evacuation_portal_lets_others_use_unused_seats(tmp_path):
    s = flight_scenario("evacuation_portal", seats=300, nationalities=("AAA", "BBB"))
    s.add_people(N // 2)
    s.add_people(N // 2, nationality="BBB")
    nat = lambda m: m.population.nationality  # noqa: E731
    metric = {
        "BBB": lambda m: evacuated(m, nat(m) == 1),
        "AAA": lambda m: evacuated(m, nat(m) == 0),
    }
    off, on = compare(s, tmp_path, metric, enabled("evacuation_portal"))
    assert_raises_metric(off["BBB"], on["BBB"], 0.7)
    assert on["AAA"].mean() >= off["AAA"].mean() - 0.02  # the seats were spare


def test_evacuation_portal_leaves_the_offering_states_nationals_first(tmp_path):
    """Too few seats for AAA alone: with the portal, AAA's own nationals still board first, so
    pooling takes no seat from them."""
    s = flight_scenario("evacuation_portal_scarce", seats=60, nationalities=("AAA", "BBB"))
    s.add_people(N // 2)
    s.add_people(N // 2, nationality="BBB")
    aaa = lambda m: evacuated(m, m.population.nationality == 0)  # noqa: E731
    off, on = compare(s, tmp_path, aaa, enabled("evacuation_portal"))
    np.testing.assert_allclose(on, off, atol=0.01)


def test_search_and_rescue_lowers_harm_at_sea(tmp_path):
    s = toy("search_and_rescue", shelter=False)
    s.links = [lk for lk in s.links if lk["id"] != "city_exit"]
    s.add_link("boat", "city", "exit", 700, mode="sea")
    s.add_people(N)
    off, on = compare(
        s, tmp_path, lambda m: share(in_states(m, State.HARMED)), enabled("search_and_rescue")
    )
    assert_lowers_metric(off, on, 0.008)


# -- F. reception, shelter and assistance -----------------------------------------------------
def test_reception_cuts_hardship_while_queueing_at_the_border(tmp_path):
    """A slow crossing: a long queue at the exit post. Hardship there is raised (a behaviour
    override) so that it, not the fighting, dominates harm."""
    s = toy("reception", shelter=False)
    s.row("crossings", "gate")["daily_capacity"] = 60
    s.add_people(N)
    harmed = lambda m: share(in_states(m, State.HARMED))  # noqa: E731
    off, on = compare(
        s, tmp_path, harmed, enabled("reception"), behaviour={"queue_hardship_rate": 0.01}
    )
    assert_lowers_metric(off, on, 0.015)


def test_reception_adds_room_in_camps(tmp_path):
    s = toy("reception_camp", shelter=False)
    s.add_place("camp", "reception", country="NBR", capacity=300)
    s.add_link("entry_camp", "entry", "camp", 20)
    s.add_people(N)
    camp = lambda m: m.world.place_ids.index("camp")  # noqa: E731
    in_camp = lambda m: share((m.population.place == camp(m)) & in_states(m, State.WAITING))  # noqa: E731
    off, on = compare(s, tmp_path, in_camp, enabled("reception"))
    assert_raises_metric(off, on, 0.05)


def test_shelters_add_room_and_fill_it(tmp_path):
    """No way out; a shelter for 300. Harm is raised (a behaviour override) so that the
    protection of a bed shows clearly."""
    s = toy("shelters")
    s.row("places", "shelter")["capacity"] = 300
    s.add_people(N)
    s.event("close_crossing", "gate")
    metric = {
        "sheltered": lambda m: share(in_states(m, State.IN_SHELTER)),
        "harmed": lambda m: share(in_states(m, State.HARMED)),
    }
    off, on = compare(s, tmp_path, metric, enabled("shelters"), behaviour={"harm_rate": 0.01})
    # Shelters fill to capacity (people queuing at the door do not take beds).
    assert np.all(off["sheltered"] == 300 / N) and np.all(on["sheltered"] == 900 / N)
    assert_lowers_metric(off["harmed"], on["harmed"], 0.005)


# -- H. funding --------------------------------------------------------------------------------
@pytest.mark.parametrize("lever", ["evacuation_funds", "employer_bonds", "diaspora_support"])
def test_funding_levers_pay_fares_people_cannot_afford(tmp_path, lever):
    """A 400 USD fare and savings of about 100 USD: funds, employers' bonds or diaspora money
    put the flight within reach (regular workers all have an employer here)."""
    s = flight_scenario(lever, seats=1000, fare=400, savings_mean_usd=100, diaspora_contact=0.6)
    s.add_people(N)
    off, on = compare(s, tmp_path, evacuated, enabled(lever))
    assert_raises_metric(off, on, 0.4)


# -- interactions -------------------------------------------------------------------------------
def test_laissez_passer_is_worth_little_while_an_exit_permit_is_demanded(tmp_path):
    """Overstayers who lost their passports: emergency documents get them nowhere while the exit
    post still demands an exit permit (and an overstay penalty); with the exit waiver the same
    documents take them out."""
    s = document_scenario("lp_x_exit", capacity=30, shelter=False)
    s.population.clear()
    s.add_people(N, status="overstayer", documentation="lost")
    s.row("crossings", "gate").update(exit_permit=True, overstay_penalty_usd=300)
    case = load_scenario(s.write(tmp_path))

    def run(levers):
        return run_seeds(
            case, lambda m: share(safe(m)), levers=levers, seeds=SEEDS, population_total=N
        ).mean()

    lp, ew = enabled("laissez_passer"), enabled("exit_waiver")
    base, with_lp, with_ew, both = run(None), run(lp), run(ew), run({**lp, **ew})
    gain_under_permit = with_lp - base
    gain_under_waiver = both - with_ew
    assert gain_under_permit < 0.02, (base, with_lp)
    assert gain_under_waiver > 0.3, (with_ew, both)


# -- configuration ----------------------------------------------------------------------------
def test_levers_reject_settings_they_do_not_honour(tmp_path):
    s = toy("scopes")
    s.add_people(100)
    case = load_scenario(s.write(tmp_path))
    with pytest.raises(KeyError, match="search_and_rescue.places"):
        EvacuationModel(
            case, population_total=100, levers=enabled("search_and_rescue", places=["city"])
        )
    with pytest.raises(KeyError, match="unknown crossing"):
        EvacuationModel(
            case, population_total=100, levers=enabled("exit_waiver", crossings=["nowhere"])
        )


@pytest.mark.parametrize(
    "path", sorted((ROOT / "configs" / "policy").glob("*.yaml")), ids=lambda p: p.stem
)
def test_policy_presets_parse(path):
    """Each preset enables what its name says (one lever; none for baseline; every lever the
    catalogue puts in the guidelines for guidelines), and leaves every other lever as it is."""
    levers = (yaml.safe_load(path.read_text()) or {}).get("levers", {})
    parsed = parse_levers(levers)
    expected = {
        "baseline": set(),
        "guidelines": {n for n, cls in CATALOGUE.items() if cls.about.in_guidelines},
    }.get(path.stem, {path.stem})
    assert {name for name, lv in parsed.items() if lv.enabled} == expected
    for name, lv in parsed.items():
        if name not in levers:
            assert lv == CATALOGUE[name](), f"{path.name} changes {name} without naming it"


RULE_STATE = (
    "opt_open opt_cap_day opt_nat_ok opt_primary opt_doc_rule opt_fee opt_overstay "
    "opt_exit_permit opt_detain_p opt_official opt_protect opt_priority place_capacity "
    "fare_cover employer_cover doc_return_rate channels peer_multiplier hotline_daily_calls "
    "hotline_call_rate diaspora_transfer_usd diaspora_transfer_rate detention_active "
    "release_detainees hardship_factor patience_factor sea_factor child_priority"
).split()


def test_rules_kept_on_quiet_steps_equal_a_full_update():
    """The rules recompute crossings, offers, consular posts and support only on steps where
    the world, the offers' day window or the active levers changed (Rules.update). On every
    step of a Libya run with every lever of the guidelines, what they hold equals a full
    update's; and most steps do keep them."""
    from micic_sim.explore.runner import policy_levers

    m = EvacuationModel(
        "libya_2011", seed=0, population_total=2000, days=40, levers=policy_levers("guidelines")
    )
    r, update, full = m.rules, m.rules.update, []

    def checked(day: float, occupancy: np.ndarray) -> bool:
        full.append(update(day, occupancy))
        kept = {k: np.array(getattr(r, k), copy=True) for k in RULE_STATE}
        r._inputs = None  # force a full update
        assert update(day, occupancy)
        for k in RULE_STATE:
            assert np.array_equal(getattr(r, k), kept[k]), (k, day)
        return full[-1]

    r.update = checked
    m.run()
    assert len(full) == m.n_steps
    assert 3 <= sum(full) < len(full) / 2, sum(full)  # recomputed on some steps, kept on most
