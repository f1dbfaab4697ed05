# ruff: noqa: E501  (data tables: one record per line, sources quoted by tag)
"""Build the Lebanon 2006 scenario tables from the documented figures and assumptions.

Run from the repository root:  python scenarios/lebanon_2006/build/build_tables.py

Every number below is either a public figure (see ../SOURCES.md, keyed by the tag in the
comment, e.g. [S12]) or an ASSUMPTION (tag [A..]) with the range it should be swept over in
SOURCES.md. The CSV files in the scenario folder are the product of this script; edit the
numbers here, not in the CSVs. Built with the scenario kit (`micic_sim.scenario.kit`): distances
from coordinates, the population table from stocks and shares.

The behaviour is NOT set here: scenario.yaml says `behaviour_from: libya_2011`, so the scenario
runs with the behaviour fitted on Libya 2011, untouched but for the everyday hazard, a property
of the country (see SOURCES.md §9).
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from micic_sim.scenario.kit import great_circle_km, population_rows

HERE = Path(__file__).resolve().parent
OUT = HERE.parent
START = date(2006, 7, 12)  # day 0 = 12 Jul 2006, Hezbollah raid and first Israeli strikes [S01]
HOST = "LBN"


def day(iso: str) -> int:
    """Day number of an ISO date, counted from START."""
    return (date.fromisoformat(iso) - START).days


# ---------------------------------------------------------------------------------------------
# Places [A01]: coordinates approximate (+-10 km); one place per district where foreigners lived.
# id, name, kind, country, lat, lon, capacity
# ---------------------------------------------------------------------------------------------
PLACES = [
    # Lebanon: where people live
    ("beirut", "Beirut and the Metn (incl. the embassies)", "city", HOST, 33.8938, 35.5018, None),
    ("dahiyeh", "Southern suburbs of Beirut (Dahiyeh)", "city", HOST, 33.8550, 35.5100, None),
    ("jounieh", "Jounieh-Keserwan-Jbeil (north of Beirut)", "city", HOST, 33.9800, 35.6178, None),
    ("tripoli", "Tripoli and Akkar (north)", "city", HOST, 34.4367, 35.8497, None),
    ("sidon", "Sidon (Saida) and the Chouf coast", "city", HOST, 33.5571, 35.3729, None),
    ("tyre", "Tyre (Sour) district", "city", HOST, 33.2705, 35.2038, None),
    ("nabatiyeh", "Nabatiyeh, Marjayoun, Bint Jbeil (south)", "city", HOST, 33.3772, 35.4836, None),
    ("bekaa", "Zahle-Chtaura (central and west Bekaa)", "city", HOST, 33.8463, 35.9020, None),
    ("baalbek", "Baalbek-Hermel (north Bekaa)", "city", HOST, 34.0058, 36.2181, None),
    # Lebanon: transport nodes
    (
        "beirut_airport",
        "Beirut Rafic Hariri International Airport",
        "airport",
        HOST,
        33.8209,
        35.4884,
        None,
    ),
    ("beirut_port", "Port of Beirut", "port", HOST, 33.9020, 35.5190, None),
    ("jounieh_port", "Port of Jounieh", "port", HOST, 33.9806, 35.6150, None),
    ("tyre_port", "Port of Tyre", "port", HOST, 33.2740, 35.1950, None),
    # Lebanon: exit posts of the crossings into Syria [S30]
    (
        "masnaa_lb",
        "Masnaa (Lebanese post, Beirut-Damascus road)",
        "border_exit",
        HOST,
        33.7120,
        36.0650,
        None,
    ),
    (
        "arida_lb",
        "Arida (Lebanese post, northern coast)",
        "border_exit",
        HOST,
        34.6330,
        35.9750,
        None,
    ),
    (
        "aboudiyeh_lb",
        "Aboudiyeh (Lebanese post, Akkar)",
        "border_exit",
        HOST,
        34.6480,
        36.2200,
        None,
    ),
    ("qaa_lb", "Qaa (Lebanese post, north Bekaa)", "border_exit", HOST, 34.3450, 36.4760, None),
    # Syria
    (
        "jdeidet_yabous",
        "Jdeidet Yabous (Syrian post opposite Masnaa)",
        "border_entry",
        "SYR",
        33.6330,
        36.1170,
        None,
    ),
    ("arida_sy", "Al Arida (Syrian post)", "border_entry", "SYR", 34.6400, 35.9900, None),
    (
        "dabbousiyeh",
        "Dabbousiyeh (Syrian post opposite Aboudiyeh)",
        "border_entry",
        "SYR",
        34.6550,
        36.2300,
        None,
    ),
    (
        "jousieh",
        "Jousieh (Syrian post opposite Qaa)",
        "border_entry",
        "SYR",
        34.3940,
        36.5000,
        None,
    ),
    ("damascus", "Damascus", "transit", "SYR", 33.5138, 36.2765, None),
    (
        "damascus_airport",
        "Damascus International Airport",
        "airport",
        "SYR",
        33.4114,
        36.5156,
        None,
    ),
    (
        "tartous",
        "Tartous (Caritas transit centre used by IOM)",
        "reception",
        "SYR",
        34.8890,
        35.8866,
        None,
    ),
    ("homs", "Homs", "transit", "SYR", 34.7324, 36.7137, None),
    ("aleppo_airport", "Aleppo airport", "airport", "SYR", 36.1807, 37.2244, None),
    (
        "syria_home",
        "Syria (Syrian workers' home governorates)",
        "safe",
        "SYR",
        35.1318,
        36.7578,
        None,
    ),
    # Cyprus and Turkey: the evacuation hubs [S10][S11]
    (
        "larnaca",
        "Larnaca and Limassol (Cyprus: ports, airport, Akrotiri)",
        "port",
        "CYP",
        34.9003,
        33.6232,
        None,
    ),
    ("mersin", "Mersin (Turkey: port, flights from Adana)", "port", "TUR", 36.8000, 34.6333, None),
    # Countries of origin
    ("usa_home", "United States", "safe", "USA", 38.9000, -77.0400, None),
    ("canada_home", "Canada (Montreal)", "safe", "CAN", 45.5000, -73.5700, None),
    ("australia_home", "Australia (Sydney)", "safe", "AUS", -33.8700, 151.2100, None),
    ("france_home", "France (Paris)", "safe", "FRA", 48.8600, 2.3500, None),
    ("uk_home", "United Kingdom (London)", "safe", "GBR", 51.5000, -0.1200, None),
    ("germany_home", "Germany (Berlin)", "safe", "DEU", 52.5200, 13.4000, None),
    ("sweden_home", "Sweden (Stockholm)", "safe", "SWE", 59.3300, 18.0700, None),
    ("india_home", "India (Mumbai)", "safe", "IND", 19.0800, 72.8800, None),
    ("philippines_home", "Philippines (Manila)", "safe", "PHL", 14.6000, 120.9800, None),
    ("srilanka_home", "Sri Lanka (Colombo)", "safe", "LKA", 6.9300, 79.8500, None),
    ("ethiopia_home", "Ethiopia (Addis Ababa)", "safe", "ETH", 9.0300, 38.7400, None),
    ("egypt_home", "Egypt (Cairo)", "safe", "EGY", 30.0400, 31.2400, None),
    (
        "xmw_home",
        "Other countries of origin (Bangladesh, Nepal, Madagascar, Ghana, Sudan ...)",
        "safe",
        "XMW",
        23.8100,
        90.4100,
        None,
    ),
]
PLACE = {p[0]: p for p in PLACES}
COUNTRY = {p[0]: p[3] for p in PLACES}


def km(a: str, b: str) -> float:
    return great_circle_km(PLACE[a][4], PLACE[a][5], PLACE[b][4], PLACE[b][5])


# ---------------------------------------------------------------------------------------------
# Links: id, from, to, distance (None = great circle x factor), factor, mode, daily_capacity,
# two_way, note. Road factor 1.3 for Lebanon's mountain roads [A02] (sweep 1.2-1.6).
# ---------------------------------------------------------------------------------------------
ROAD = 1.3
LINKS = [
    ("l_bey_dahiyeh", "beirut", "dahiyeh", 6, None, "road", None, True, "[A02]"),
    ("l_dahiyeh_airport", "dahiyeh", "beirut_airport", 4, None, "road", None, True, "[A02]"),
    ("l_bey_port", "beirut", "beirut_port", 3, None, "road", None, True, "[A02]"),
    ("l_bey_jounieh", "beirut", "jounieh", 20, None, "road", None, True, "[A02]"),
    ("l_jounieh_port", "jounieh", "jounieh_port", 2, None, "road", None, True, "[A02]"),
    # coastal highway north: its bridges were destroyed on 4 Aug [S33]
    (
        "l_jounieh_tripoli",
        "jounieh",
        "tripoli",
        None,
        ROAD,
        "road",
        None,
        True,
        "[S33] closed 4 Aug",
    ),
    # the old coastal and mountain roads remained (IOM reached Arida on 5 Aug "by using coastal roads" [S24]); x2 [A03]
    ("l_jounieh_tripoli_old", "jounieh", "tripoli", None, 2.0, "road", None, True, "[A03]"),
    ("l_bey_sidon", "beirut", "sidon", 43, None, "road", None, True, "[S34] 43 km"),
    ("l_sidon_tyre", "sidon", "tyre", None, ROAD, "road", None, True, "[S35] cut 7 Aug"),
    ("l_sidon_nabatiyeh", "sidon", "nabatiyeh", None, ROAD, "road", None, True, "[A02]"),
    ("l_tyre_nabatiyeh", "tyre", "nabatiyeh", None, ROAD, "road", None, True, "[A02]"),
    ("l_tyre_port", "tyre", "tyre_port", 2, None, "road", None, True, "[A02]"),
    # Beirut-Damascus highway over Dahr el-Baidar: struck from 13 Jul, "wrecked" by 4 Aug, but
    # "mountain roads still offer a perilous passage" [S31][S33]: kept open [A04]
    ("l_bey_bekaa", "beirut", "bekaa", None, ROAD, "road", None, True, "[A04]"),
    (
        "l_nabatiyeh_bekaa",
        "nabatiyeh",
        "bekaa",
        None,
        1.5,
        "road",
        None,
        True,
        "[A02] via Marjayoun-Hasbaya",
    ),
    ("l_bekaa_masnaa", "bekaa", "masnaa_lb", None, ROAD, "road", None, True, "[A02]"),
    ("l_bekaa_baalbek", "bekaa", "baalbek", None, ROAD, "road", None, True, "[A02]"),
    ("l_baalbek_qaa", "baalbek", "qaa_lb", None, ROAD, "road", None, True, "[A02]"),
    ("l_tripoli_arida", "tripoli", "arida_lb", None, ROAD, "road", None, True, "[A02]"),
    ("l_tripoli_aboudiyeh", "tripoli", "aboudiyeh_lb", None, ROAD, "road", None, True, "[A02]"),
    # Syria
    ("l_yabous_damascus", "jdeidet_yabous", "damascus", None, 1.2, "road", None, True, "[A02]"),
    ("l_damascus_airport", "damascus", "damascus_airport", None, 1.2, "road", None, True, "[A02]"),
    ("l_aridasy_tartous", "arida_sy", "tartous", None, 1.2, "road", None, True, "[A02]"),
    ("l_dabb_homs", "dabbousiyeh", "homs", None, 1.2, "road", None, True, "[A02]"),
    ("l_jousieh_homs", "jousieh", "homs", None, 1.2, "road", None, True, "[A02]"),
    ("l_tartous_homs", "tartous", "homs", None, 1.2, "road", None, True, "[A02]"),
    ("l_homs_damascus", "homs", "damascus", None, 1.2, "road", None, True, "[A02]"),
    ("l_homs_aleppo", "homs", "aleppo_airport", None, 1.2, "road", None, True, "[A02]"),
    ("l_homs_syriahome", "homs", "syria_home", None, 1.2, "road", None, True, "[A02]"),
    ("l_damascus_syriahome", "damascus", "syria_home", None, 1.2, "road", None, True, "[A02]"),
]

# Commercial air services: seats a day ordinary passengers could buy [A05] (sweep x0.5-x2).
# Beirut airport's runways were bombed at dawn on 13 Jul (day 1) [S31]: its links close then.
HOMES = [
    "usa_home",
    "canada_home",
    "australia_home",
    "france_home",
    "uk_home",
    "germany_home",
    "sweden_home",
    "india_home",
    "philippines_home",
    "srilanka_home",
    "ethiopia_home",
    "egypt_home",
    "xmw_home",
]
WEST = HOMES[:7]
AIR = []
for dest in HOMES:
    tag = dest.removesuffix("_home")
    AIR.append((f"a_beirut_{tag}", "beirut_airport", dest, 300, "[A05]; closed 13 Jul [S31]"))
    AIR.append((f"a_damascus_{tag}", "damascus_airport", dest, 300, "[A05]"))
for dest in WEST + ["india_home"]:
    AIR.append(
        (
            f"a_larnaca_{dest.removesuffix('_home')}",
            "larnaca",
            dest,
            2000,
            "[A05] Cyprus flew the evacuees home [S10]",
        )
    )
for dest in ("canada_home", "sweden_home", "australia_home", "germany_home"):
    AIR.append((f"a_mersin_{dest.removesuffix('_home')}", "mersin", dest, 1000, "[A05] via Adana"))
AIR.append(("a_aleppo_sweden", "aleppo_airport", "sweden_home", 500, "[A05]"))
for lid, a, b, cap, note in AIR:
    LINKS.append((lid, a, b, None, 1.0, "air", cap, False, note))

# ---------------------------------------------------------------------------------------------
# Crossings into Syria [S30]: id, exit, entry, daily_capacity, documents, visa_required,
# exit_permit, exit_fee, overstay_penalty, detains_irregular, distance_km
# ---------------------------------------------------------------------------------------------
# Capacity: the busiest day reported at each post in the return flow of 16 Aug (UNHCR: Yabous
# 26,200, Jousieh 4,439, Dabbousiyeh 2,950, Arida 2,155 [S32]) rounded up [A06] (sweep x1-x2).
# Documents: Syria admitted Westerners with visas issued at the post [S36]. Asian and African
# workers got in on IOM's onward arrangement (IOM met them at the border and flew them home;
# Sudanese and Iraqis who reached the border "through their own means" were taken on by IOM
# [S20][S21]): `onward_required` for them [A07] (sweep: visa required .. none). Exit permit and
# detention at the posts: no [A08] (sweep yes). The column applies to every nationality at a
# post, and no exit control was reported on the tens of thousands of Syrian, Western and other
# foreigners who crossed [S17][S32]; the sponsor's hold on domestic workers acts through their
# employer-held passports and the onward rule ("they risk imprisonment if they try to get an
# exit visa at security headquarters" [S23] is about leaving legally, which those papers decide).
ONWARD = "LKA;PHL;ETH;XMW"
CROSSINGS = [
    ("x_masnaa", "masnaa_lb", "jdeidet_yabous", 30000, "passport", "", False, 0, 0, False, 5),
    ("x_arida", "arida_lb", "arida_sy", 3000, "passport", "", False, 0, 0, False, 1),
    ("x_aboudiyeh", "aboudiyeh_lb", "dabbousiyeh", 3000, "passport", "", False, 0, 0, False, 1),
    ("x_qaa", "qaa_lb", "jousieh", 5000, "passport", "", False, 0, 0, False, 3),
]

# ---------------------------------------------------------------------------------------------
# Nationalities: id, name, language, origin, stock, attributes
# ---------------------------------------------------------------------------------------------
# Western States' nationals are mostly dual Lebanese nationals living with their families, plus
# summer visitors [S03-S09]: they speak Arabic, hold a foreign passport, are registered with
# their embassy to the share given [A20] (registered share: USA 15,000/25,000 [S03]).
WESTERN = dict(
    host_language=0.9,
    phone=0.95,
    savings_mean_usd=3000,
    diaspora_contact=0.9,
    civil_society_contact=0.05,
)
NATIONALITIES = [
    (
        "USA",
        "American",
        "en",
        "usa_home",
        25000,
        dict(WESTERN, registered=0.6),
    ),  # [S03]; registered 15,000 [S03]
    (
        "CAN",
        "Canadian",
        "fr",
        "canada_home",
        50000,
        dict(WESTERN, registered=0.6),
    ),  # [S04] "as many as 50,000"; 30,000 registered
    (
        "AUS",
        "Australian",
        "en",
        "australia_home",
        22500,
        dict(WESTERN, registered=0.2),
    ),  # [S05] 20,000-25,000; 4,600 registered
    (
        "FRA",
        "French",
        "fr",
        "france_home",
        21500,
        dict(WESTERN, registered=0.5),
    ),  # [S06] 17,000 + 4,000-5,000 visitors
    (
        "GBR",
        "British",
        "en",
        "uk_home",
        22000,
        dict(WESTERN, registered=0.3),
    ),  # [S07] ~22,000 incl. ~10,000 dual
    (
        "DEU",
        "German",
        "de",
        "germany_home",
        8000,
        dict(WESTERN, registered=0.3),
    ),  # [A21] 6,000-10,000
    (
        "SWE",
        "Swedish",
        "sv",
        "sweden_home",
        9000,
        dict(WESTERN, registered=0.5),
    ),  # [A22] 8,000-10,000
    (
        "IND",
        "Indian",
        "hi",
        "india_home",
        12000,
        dict(host_language=0.2, registered=0.3, savings_mean_usd=400, phone=0.8, employer_size=60),
    ),  # [S12]
    (
        "PHL",
        "Filipino",
        "en",
        "philippines_home",
        30000,
        dict(host_language=0.3, registered=0.2, savings_mean_usd=300, phone=0.8, employer_size=1),
    ),  # [S13] 30,000 (30,000-40,000)
    (
        "LKA",
        "Sri Lankan",
        "si",
        "srilanka_home",
        80000,
        dict(host_language=0.3, registered=0.1, savings_mean_usd=150, phone=0.5, employer_size=1),
    ),  # [S14] 80,000-90,000
    (
        "ETH",
        "Ethiopian",
        "am",
        "ethiopia_home",
        20000,
        dict(host_language=0.3, registered=0.05, savings_mean_usd=150, phone=0.5, employer_size=1),
    ),  # [S15]
    (
        "EGY",
        "Egyptian",
        "ar",
        "egypt_home",
        40000,
        dict(host_language=1.0, registered=0.2, savings_mean_usd=300, phone=0.8),
    ),  # [A23] 25,000-80,000
    (
        "XMW",
        "Other migrant workers (Bangladeshi, Nepali, Malagasy, Ghanaian, Sudanese ...)",
        "bn",
        "xmw_home",
        40000,
        dict(host_language=0.2, registered=0.05, savings_mean_usd=150, phone=0.5, employer_size=1),
    ),  # [A24] 20,000-60,000
    (
        "SYR",
        "Syrian",
        "ar",
        "syria_home",
        300000,
        dict(
            host_language=1.0,
            registered=0.0,
            savings_mean_usd=200,
            phone=0.7,
            employer_size=10,
            diaspora_contact=0.8,
        ),
    ),  # [A25] 200,000-600,000
]
STOCK = {n[0]: n[4] for n in NATIONALITIES}

# Where each nationality lived (shares) [A26]; the Philippines' forced evacuation order covered
# "an estimated 2,200 Filipinos in southern Lebanon" of ~30,000 [S13]: south = 7.3%.
PLACES_WEST = dict(
    beirut=0.40,
    dahiyeh=0.05,
    jounieh=0.15,
    tripoli=0.07,
    sidon=0.06,
    tyre=0.08,
    nabatiyeh=0.09,
    bekaa=0.07,
    baalbek=0.03,
)
PLACES_DOMESTIC = dict(
    beirut=0.45,
    dahiyeh=0.05,
    jounieh=0.18,
    tripoli=0.08,
    sidon=0.06,
    tyre=0.03,
    nabatiyeh=0.03,
    bekaa=0.10,
    baalbek=0.02,
)
PLACES_BY_NAT = {n: PLACES_WEST for n in ("USA", "CAN", "AUS", "FRA", "GBR", "DEU", "SWE")}
PLACES_BY_NAT |= {n: PLACES_DOMESTIC for n in ("LKA", "ETH", "XMW")}
PLACES_BY_NAT["PHL"] = dict(
    beirut=0.47,
    dahiyeh=0.04,
    jounieh=0.20,
    tripoli=0.08,
    sidon=0.03,
    tyre=0.02,
    nabatiyeh=0.023,
    bekaa=0.117,
    baalbek=0.02,
)
PLACES_BY_NAT["IND"] = dict(
    beirut=0.45,
    dahiyeh=0.05,
    jounieh=0.10,
    tripoli=0.10,
    sidon=0.05,
    tyre=0.03,
    nabatiyeh=0.02,
    bekaa=0.15,
    baalbek=0.05,
)
PLACES_BY_NAT["EGY"] = dict(
    beirut=0.40,
    dahiyeh=0.07,
    jounieh=0.10,
    tripoli=0.10,
    sidon=0.08,
    tyre=0.04,
    nabatiyeh=0.03,
    bekaa=0.15,
    baalbek=0.03,
)
PLACES_BY_NAT["SYR"] = dict(
    beirut=0.25,
    dahiyeh=0.05,
    jounieh=0.10,
    tripoli=0.10,
    sidon=0.07,
    tyre=0.04,
    nabatiyeh=0.04,
    bekaa=0.25,
    baalbek=0.10,
)

# Status, documents and household by group [A27]-[A29]. Each status is split separately, so that
# documents and household can depend on it (see docs/scenario-kit.md, "conditional shares").
# Western nationals: regular, with their foreign passport at hand or not [A27].
WEST_GROUP = {
    "regular": (
        1.0,
        dict(passport=0.9, lost=0.1),
        dict(family=1.0),
        dict(adult=0.65, child=0.25, elderly=0.10),
    ),
}
# Migrant domestic workers (LKA, PHL, ETH, XMW): kafala; live-in, passports held by employers;
# "many were living in Lebanon illegally ... escaping from abusive employers who still hold
# their passports" [S23] [A28].
DOMESTIC_GROUP = {
    "regular": (
        0.75,
        dict(employer_held=0.85, passport=0.15),
        dict(live_in=0.9, single=0.1),
        dict(adult=1.0),
    ),
    "irregular": (
        0.20,
        dict(employer_held=0.6, none=0.3, lost=0.1),
        dict(single=1.0),
        dict(adult=1.0),
    ),
    "overstayer": (
        0.05,
        dict(employer_held=0.5, passport=0.4, lost=0.1),
        dict(single=1.0),
        dict(adult=1.0),
    ),
}
# Indian and Egyptian workers (factories, construction, services) [A29]; Egyptians: "some
# without legal residence" [S16].
WORKER_GROUP = {
    "regular": (
        0.7,
        dict(passport=0.6, employer_held=0.35, lost=0.05),
        dict(single=0.9, family=0.1),
        dict(adult=0.95, child=0.05),
    ),
    "irregular": (0.3, dict(passport=0.5, none=0.4, lost=0.1), dict(single=1.0), dict(adult=1.0)),
}
# Syrian workers entered with a national ID card, no visa [S17]: half without a passport [A29].
SYRIAN_GROUP = {
    "regular": (
        0.5,
        dict(passport=0.5, none=0.5),
        dict(single=0.9, family=0.1),
        dict(adult=0.97, child=0.03),
    ),
    "irregular": (0.5, dict(passport=0.3, none=0.7), dict(single=1.0), dict(adult=1.0)),
}
GROUP = {n: WEST_GROUP for n in ("USA", "CAN", "AUS", "FRA", "GBR", "DEU", "SWE")}
GROUP |= {n: DOMESTIC_GROUP for n in ("PHL", "LKA", "ETH", "XMW")}
GROUP |= {"IND": WORKER_GROUP, "EGY": WORKER_GROUP, "SYR": SYRIAN_GROUP}


def population() -> list[dict]:
    """population.csv rows with the kit: one call per status, so that documents, household and
    age shares can differ by status; largest-remainder rounding keeps every total exact."""
    rows: list[dict] = []
    for nat, *_ in NATIONALITIES:
        shares = PLACES_BY_NAT[nat]
        assert abs(sum(shares.values()) - 1) < 1e-9, nat
        assert abs(sum(g[0] for g in GROUP[nat].values()) - 1) < 1e-9, nat
        for status, (share, docs, households, ages) in GROUP[nat].items():
            stock = {(place, nat): round(STOCK[nat] * share * s) for place, s in shares.items()}
            splits = dict(
                status={status: 1.0}, documentation=docs, age_group=ages, household=households
            )
            if "child" in ages and "family" not in households:
                raise ValueError(f"{nat} {status}: children need family households")
            rows += population_rows(stock, splits)
    return rows


# ---------------------------------------------------------------------------------------------
# Consulates: id, nationality, place, emergency travel documents per day [A40] (sweep x0.5-x3).
# Sri Lanka's embassy made "new papers" for most IOM evacuees [S20]; Ethiopia had no embassy in
# Lebanon and XMW's States (Nepal, Madagascar ...) none either [A41]; Syria had no embassy in
# Lebanon until 2008 (Syrians need none to go home) [A41].
# ---------------------------------------------------------------------------------------------
CONSULATES = [
    ("c_usa", "USA", "beirut", 500),
    ("c_can", "CAN", "beirut", 500),
    ("c_aus", "AUS", "beirut", 300),
    ("c_fra", "FRA", "beirut", 500),
    ("c_gbr", "GBR", "beirut", 300),
    ("c_deu", "DEU", "beirut", 200),
    ("c_swe", "SWE", "beirut", 200),
    ("c_ind", "IND", "beirut", 100),
    ("c_phl", "PHL", "beirut", 100),
    ("c_lka", "LKA", "beirut", 150),
    ("c_egy", "EGY", "beirut", 200),
]

# ---------------------------------------------------------------------------------------------
# Evacuations: id, operator, from, to, mode, start, end, seats/day, nationalities, requires_doc,
# note. Seats/day is the capacity reported where a source gives it (demand then decides how many
# board: a test of the behaviour), else reported total / period (capacity-bound: a weaker test).
# ---------------------------------------------------------------------------------------------
EVACUATIONS = [
    # United States: helicopters from 16 Jul, Orient Queen from 19 Jul, then Navy ships [S03][S40]
    (
        "e_usa_heli",
        "United States",
        "beirut",
        "larnaca",
        "air",
        "2006-07-16",
        "2006-07-30",
        200,
        "USA",
        True,
        "[S40] up to 200/day",
    ),
    (
        "e_usa_sea",
        "United States",
        "beirut_port",
        "larnaca",
        "sea",
        "2006-07-19",
        "2006-07-25",
        4000,
        "USA",
        True,
        "[S41] ~4,000 expected on 22 Jul (capacity)",
    ),
    (
        "e_usa_sea_late",
        "United States",
        "beirut_port",
        "larnaca",
        "sea",
        "2006-07-26",
        "2006-08-05",
        1000,
        "USA",
        True,
        "[A42] tail",
    ),
    # Canada: chartered ships 19 Jul-3 Aug, Beirut and Tyre to Cyprus and Turkey [S04][S42]
    (
        "e_can_sea_larnaca",
        "Canada",
        "beirut_port",
        "larnaca",
        "sea",
        "2006-07-19",
        "2006-08-03",
        3500,
        "CAN",
        True,
        "[S42] planned 4,500/day incl. Mersin",
    ),
    (
        "e_can_sea_mersin",
        "Canada",
        "beirut_port",
        "mersin",
        "sea",
        "2006-07-21",
        "2006-08-03",
        1000,
        "CAN",
        True,
        "[S11] Mersin ~1,000/day; start [A42]",
    ),
    (
        "e_can_sea_tyre",
        "Canada",
        "tyre_port",
        "larnaca",
        "sea",
        "2006-07-26",
        "2006-07-26",
        1000,
        "CAN",
        True,
        "[S43] up to 1,000 from Tyre",
    ),
    (
        "e_can_sea_aug",
        "Canada",
        "beirut_port",
        "larnaca",
        "sea",
        "2006-08-15",
        "2006-08-15",
        2400,
        "CAN",
        True,
        "[S44] two ships, 2,400; day [A42]",
    ),
    # Australia: buses to Syria, chartered ferries 21-25 Jul [S05][S45]
    (
        "e_aus_road",
        "Australia",
        "beirut",
        "damascus",
        "road",
        "2006-07-17",
        "2006-07-20",
        50,
        "AUS",
        True,
        "[S45] 166 by road convoys",
    ),
    (
        "e_aus_sea",
        "Australia",
        "beirut_port",
        "larnaca",
        "sea",
        "2006-07-21",
        "2006-07-25",
        1200,
        "AUS",
        True,
        "[S45] capacity 8,000 over 5 days (Cyprus share [A43])",
    ),
    (
        "e_aus_sea_mersin",
        "Australia",
        "beirut_port",
        "mersin",
        "sea",
        "2006-07-21",
        "2006-07-25",
        400,
        "AUS",
        True,
        "[S45] (Turkey share [A43])",
    ),
    # United Kingdom: Operation Highbrow, 16-23 Jul [S07][S46]
    (
        "e_gbr_heli",
        "United Kingdom",
        "beirut",
        "larnaca",
        "air",
        "2006-07-16",
        "2006-07-18",
        100,
        "GBR",
        True,
        "[S46] RAF Chinooks; seats [A44]",
    ),
    (
        "e_gbr_sea",
        "United Kingdom",
        "beirut_port",
        "larnaca",
        "sea",
        "2006-07-19",
        "2006-07-23",
        1500,
        "GBR",
        True,
        "[S46] ~4,500 by 22 Jul; ships of ~1,000 [A44]",
    ),
    # France: chartered Iera Petra from 17 Jul, then Operation Baliste [S06][S47]
    (
        "e_fra_sea",
        "France",
        "beirut_port",
        "larnaca",
        "sea",
        "2006-07-17",
        "2006-08-02",
        1500,
        "FRA",
        True,
        "[S47] Iera Petra 1,200 seats; Mistral up to 4,000 [A45]",
    ),
    (
        "e_fra_sea_eu",
        "France",
        "beirut_port",
        "larnaca",
        "sea",
        "2006-07-17",
        "2006-08-02",
        400,
        "DEU;SWE;GBR",
        True,
        "[S47] 400 other Europeans on the first sailing",
    ),
    # Germany: bus convoys to Damascus from 14-15 Jul [S48]
    (
        "e_deu_road",
        "Germany",
        "beirut",
        "damascus",
        "road",
        "2006-07-15",
        "2006-07-25",
        2500,
        "DEU",
        True,
        "[S48] 2,500 by bus on 19 Jul; 60 buses",
    ),
    (
        "e_deu_road_late",
        "Germany",
        "beirut",
        "damascus",
        "road",
        "2006-07-26",
        "2006-08-14",
        200,
        "DEU",
        True,
        "[A46]",
    ),
    # Sweden: buses to Aleppo from 16 Jul, ships from 18 Jul [S49]
    (
        "e_swe_road",
        "Sweden",
        "beirut",
        "aleppo_airport",
        "road",
        "2006-07-16",
        "2006-07-25",
        500,
        "SWE",
        True,
        "[S49] 10 buses x 50 seats, shuttle",
    ),
    (
        "e_swe_sea",
        "Sweden",
        "beirut_port",
        "larnaca",
        "sea",
        "2006-07-18",
        "2006-07-24",
        1200,
        "SWE",
        True,
        "[S49] ships of 1,200 and 700",
    ),
    (
        "e_swe_sea_mersin",
        "Sweden",
        "beirut_port",
        "mersin",
        "sea",
        "2006-07-18",
        "2006-07-18",
        445,
        "SWE",
        True,
        "[S49] 445 to Mersin",
    ),
    # India: Operation Sukoon, INS Mumbai sorties on 20, 23 and 26 Jul, also Sri Lankans and Nepalis [S12][S50]
    (
        "e_ind_sea_20",
        "India",
        "beirut_port",
        "larnaca",
        "sea",
        "2006-07-20",
        "2006-07-20",
        1000,
        "IND;LKA;XMW",
        True,
        "[S50] ships carry 1,000-1,200",
    ),
    (
        "e_ind_sea_23",
        "India",
        "beirut_port",
        "larnaca",
        "sea",
        "2006-07-23",
        "2006-07-23",
        1200,
        "IND;LKA;XMW",
        True,
        "[S50]",
    ),
    (
        "e_ind_sea_26",
        "India",
        "beirut_port",
        "larnaca",
        "sea",
        "2006-07-26",
        "2006-07-26",
        1000,
        "IND;LKA;XMW",
        True,
        "[S50]",
    ),
    # Philippines: embassy buses to Damascus and charters; 1,176 by 9 Aug [S13]
    (
        "e_phl_road",
        "Philippines",
        "beirut",
        "damascus",
        "road",
        "2006-07-22",
        "2006-08-14",
        150,
        "PHL",
        True,
        "[S13] 232 home on 23 Jul; rate [A47]",
    ),
    # IOM convoys Beirut -> Damascus / Tartous, for States that could not evacuate [S20]-[S22]
    (
        "e_iom_road_1",
        "IOM",
        "beirut",
        "damascus",
        "road",
        "2006-07-20",
        "2006-07-28",
        250,
        "LKA;PHL;ETH;XMW",
        True,
        "[S20][S21] ~2,000 by 29 Jul",
    ),
    (
        "e_iom_road_2",
        "IOM",
        "beirut",
        "damascus",
        "road",
        "2006-07-29",
        "2006-08-03",
        600,
        "LKA;PHL;ETH;XMW",
        True,
        "[S22] 5,700 by 5 Aug",
    ),
    (
        "e_iom_road_3",
        "IOM",
        "beirut",
        "damascus",
        "road",
        "2006-08-05",
        "2006-08-11",
        750,
        "LKA;PHL;ETH;XMW",
        True,
        "[S22] ~750/day; suspended 4 Aug",
    ),
    (
        "e_iom_road_4",
        "IOM",
        "beirut",
        "damascus",
        "road",
        "2006-08-12",
        "2006-08-18",
        100,
        "LKA;PHL;ETH;XMW",
        True,
        "[S21] >10,000 by ~16 Aug; rate [A48]",
    ),
    # Onward flights from Syria (repatriation, not counted as leaving Lebanon) [S16][S20]
    (
        "e_egy_air_damascus",
        "Egypt",
        "damascus_airport",
        "egypt_home",
        "air",
        "2006-07-18",
        "2006-08-20",
        2000,
        "EGY",
        False,
        "[S16] Egyptair air bridge, 60 free flights; start [A49]",
    ),
    (
        "e_iom_air_lka",
        "IOM",
        "damascus_airport",
        "srilanka_home",
        "air",
        "2006-07-21",
        "2006-08-20",
        400,
        "LKA",
        False,
        "[S20] [A49]",
    ),
    (
        "e_iom_air_phl",
        "IOM",
        "damascus_airport",
        "philippines_home",
        "air",
        "2006-07-21",
        "2006-08-20",
        300,
        "PHL",
        False,
        "[S20] [A49]",
    ),
    (
        "e_iom_air_eth",
        "IOM",
        "damascus_airport",
        "ethiopia_home",
        "air",
        "2006-07-21",
        "2006-08-20",
        200,
        "ETH",
        False,
        "[S20] [A49]",
    ),
    (
        "e_iom_air_xmw",
        "IOM",
        "damascus_airport",
        "xmw_home",
        "air",
        "2006-07-21",
        "2006-08-20",
        200,
        "XMW",
        False,
        "[S20] [A49]",
    ),
]

# A State that came to fetch its nationals called them to go: `call_home` from the first day of
# its own operation leaving from Lebanon (as in Libya's build). IOM is not a State; Sri Lanka
# said it had "no immediate plans for a mass evacuation" [S14]; Egypt's air bridge left from
# Damascus (onward transport, not a call). The Philippines ordered the evacuation only of "an
# estimated 2,200 Filipinos in southern Lebanon"; the others "were told to stay put unless they
# felt in danger" [S13]: no call (a call by nationality and place cannot be stated; its value
# is a rate multiplier, not a share of people).
NO_CALL = {"PHL"}
ORIGIN_STATE = {
    "United States": "USA",
    "Canada": "CAN",
    "Australia": "AUS",
    "United Kingdom": "GBR",
    "France": "FRA",
    "Germany": "DEU",
    "Sweden": "SWE",
    "India": "IND",
    "Philippines": "PHL",
}


def calls_home() -> list[tuple]:
    first: dict[str, str] = {}
    for ev in EVACUATIONS:
        nat = ORIGIN_STATE.get(ev[1])
        if nat and nat not in NO_CALL and COUNTRY[ev[2]] == HOST and nat in ev[8].split(";"):
            first[nat] = min(first.get(nat, ev[5]), ev[5])
    return [(d, "call_home", nat, 1.0) for nat, d in sorted(first.items())]


# ---------------------------------------------------------------------------------------------
# Timeline. Hazard levels are [A10] (sweep +-0.2); the dates and places come from [S01][S30]-[S35].
# ---------------------------------------------------------------------------------------------
H = "hazard"
CEASEFIRE = "2006-08-14"  # 08:00 local [S01]
TIMELINE = [
    ("2006-07-12", H, "nabatiyeh", 0.5),  # border raid, strikes on the south [S01]
    ("2006-07-12", H, "tyre", 0.3),
    ("2006-07-13", H, "nabatiyeh", 0.8),
    ("2006-07-13", H, "tyre", 0.6),
    ("2006-07-13", H, "dahiyeh", 0.7),  # southern suburbs and the airport struck [S31]
    ("2006-07-13", H, "beirut_airport", 1.0),
    ("2006-07-13", H, "beirut", 0.2),
    ("2006-07-13", H, "bekaa", 0.3),  # Beirut-Damascus road struck [S31]
    ("2006-07-13", H, "baalbek", 0.4),
    ("2006-07-14", H, "dahiyeh", 1.0),
    ("2006-07-15", H, "masnaa_lb", 0.4),  # Masnaa area struck 15 Jul [S30]
    ("2006-07-15", H, "sidon", 0.2),
    ("2006-07-17", H, "nabatiyeh", 1.0),
    ("2006-07-17", H, "tyre", 0.8),
    ("2006-07-17", H, "sidon", 0.3),
    ("2006-07-29", H, "masnaa_lb", 1.0),  # customs building hit, crossing closed [S30]
    ("2006-08-01", H, "baalbek", 0.8),
    ("2006-08-04", H, "qaa_lb", 0.8),  # 33 farm workers killed at Qaa [S37]
    ("2006-08-04", H, "jounieh", 0.3),  # bridges of the northern coastal highway [S33]
    ("2006-08-04", H, "tripoli", 0.2),
    ("2006-08-07", H, "tyre", 1.0),  # last road out of Tyre cut [S35]
    # ceasefire [S01]
    *[
        (CEASEFIRE, H, p, 0.05)
        for p in (
            "nabatiyeh",
            "tyre",
            "dahiyeh",
            "beirut",
            "bekaa",
            "baalbek",
            "sidon",
            "jounieh",
            "tripoli",
            "masnaa_lb",
            "qaa_lb",
            "beirut_airport",
        )
    ],
    # closures
    ("2006-07-13", "close_link", "a_beirut_", None),  # expanded below: airport runways bombed [S31]
    ("2006-08-04", "close_link", "l_jounieh_tripoli", None),  # [S33]
    ("2006-08-07", "close_link", "l_sidon_tyre", None),  # [S35]
    (CEASEFIRE, "open_link", "l_sidon_tyre", None),  # [A11] reopened with the ceasefire
    ("2006-07-29", "close_crossing", "x_masnaa", None),  # [S30]
    (
        CEASEFIRE,
        "open_crossing",
        "x_masnaa",
        None,
    ),  # returns through Yabous from 14 Aug [S32] [A12]
]


def timeline() -> list[tuple]:
    out = []
    for d, ev, target, value in TIMELINE:
        if target == "a_beirut_":
            out += [(d, ev, lid, None) for lid, a, *_ in LINKS if lid.startswith("a_beirut_")]
        else:
            out.append((d, ev, target, value))
    return out + calls_home()


# ---------------------------------------------------------------------------------------------
SCENARIO = {
    "name": "lebanon_2006",
    "title": "Lebanon 2006: foreign nationals in the July-August war (12 Jul - 21 Aug 2006)",
    "description": (
        "Foreign nationals in Lebanon when the war began on 12 July 2006: dual nationals of Western "
        "States evacuated by sea to Cyprus and Turkey and by road to Syria, Syrian, Egyptian and Indian "
        "workers, and migrant domestic workers (Sri Lankan, Filipino, Ethiopian and others) whose "
        "passports their employers held, evacuated late and in small numbers by IOM convoys through "
        "Syria. The airport closed on 13 July, the crossings into Syria were bombed, the ceasefire came "
        "on 14 August. Every number and assumption is listed in SOURCES.md; the behaviour is Libya 2011's, "
        "untouched (behaviour_from)."
    ),
    "start_date": START,
    "days": 40,
    # 1 agent ~ 6.8 people keeps the default run short
    "agents": 100000,
    "host_country": HOST,
    "notes": "Sources and assumptions: SOURCES.md. Public figures: observed/figures.csv. Tables generated by build/build_tables.py.",
    "attributes": {  # population defaults [A30]; per-nationality overrides above
        "phone": 0.7,
        "savings_mean_usd": 300,
        "registered": 0.2,
        "host_language": 0.3,
        "civil_society_contact": 0.1,  # Caritas Lebanon Migrant Center sheltered domestic workers [S20]
        "diaspora_contact": 0.4,
        "employer_size": 20,
        "household_size": 4,
        "fear": {
            "regular": 0.1,
            "irregular": 0.8,
            "overstayer": 0.7,
            "asylum_seeker": 0.6,
            "stateless": 0.7,
            "trafficked": 0.9,
            "detained": 0.9,
        },
    },
    "behaviour_from": "libya_2011",
    # Libya's everyday_hazard (0.2) is the insecurity Libyans lived with, a property of that
    # country: Lebanon's hazard scale starts at 0 before 12 July (SOURCES.md section 9).
    "behaviour": {"everyday_hazard": 0.0},
    "host_languages": ["ar", "fr"],
}


def fmt(x):
    if x is None:
        return ""
    if isinstance(x, bool):
        return "yes" if x else "no"
    if isinstance(x, float):
        return f"{x:g}"
    return str(x)


def write(name: str, header: list[str], rows: list[list], comment: str) -> None:
    path = OUT / name
    with path.open("w", encoding="utf-8", newline="") as fh:
        for line in comment.strip().splitlines():
            fh.write(f"# {line}\n")
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        for r in rows:
            w.writerow([fmt(v) for v in r])
    print(f"wrote {path.relative_to(OUT.parent.parent)} ({len(rows)} rows)")


def write_yaml() -> None:
    import yaml

    doc = {
        k: v
        for k, v in SCENARIO.items()
        if k not in ("attributes", "behaviour", "host_languages", "behaviour_from")
    }
    doc["nationalities"] = [
        {"id": n, "name": name, "language": lang, "origin": origin, "attributes": attrs}
        for n, name, lang, origin, _stock, attrs in NATIONALITIES
    ]
    for k in ("attributes", "behaviour_from", "behaviour", "host_languages"):
        doc[k] = SCENARIO[k]
    header = (
        "# Lebanon 2006 scenario (micic-sim). Generated by build/build_tables.py.\n"
        "# Every number: see SOURCES.md ([S..] = public source, [A..] = assumption with its range).\n"
        "# Behaviour: Libya 2011's as it runs (behaviour_from), but for Lebanon's own everyday hazard;\n"
        "# nothing is fitted here.\n"
    )
    text = yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)
    (OUT / "scenario.yaml").write_text(header + text, encoding="utf-8")
    print("wrote scenario.yaml")


def main() -> None:
    write_yaml()
    write(
        "places.csv",
        ["id", "name", "kind", "country", "lat", "lon", "capacity"],
        [list(p) for p in PLACES],
        "Lebanon 2006 places (coordinates +-10 km). Generated by build/build_tables.py; SOURCES.md.",
    )
    rows = []
    for lid, a, b, dist, factor, mode, cap, two_way, _note in LINKS:
        d = dist if dist is not None else round(km(a, b) * factor)
        rows.append([lid, a, b, max(1, d), mode, cap, two_way])
    write(
        "links.csv",
        ["id", "from", "to", "distance_km", "mode", "daily_capacity", "two_way"],
        rows,
        "Roads and commercial air services. Distances sourced where SOURCES.md says so, else great circle x factor [A02].",
    )
    write(
        "crossings.csv",
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
            "onward_required",
        ],
        [[*c, ONWARD] for c in CROSSINGS],
        "Crossings into Syria with the rules as applied in July-August 2006 (SOURCES.md §4).",
    )
    write(
        "consulates.csv",
        ["id", "nationality", "place", "daily_capacity"],
        [list(c) for c in CONSULATES],
        "Consular posts; daily_capacity = emergency travel documents a day [A40]. ETH, XMW, SYR: none [A41].",
    )
    pop = population()
    cols = ["place", "nationality", "status", "documentation", "age_group", "household", "count"]
    write(
        "population.csv",
        cols,
        [[r[k] for k in cols] for r in pop],
        "Real-world counts on 12 Jul 2006 (the model rescales). Stocks per nationality: SOURCES.md §1;\nsplits by place, status, documents, age and household are assumptions [A26]-[A29].",
    )
    tl = sorted(timeline(), key=lambda t: (day(t[0]), t[1] not in ("close_link", "close_crossing")))
    write(
        "timeline.csv",
        ["day", "event", "target", "value"],
        [[day(d), ev, tgt, val] for d, ev, tgt, val in tl],
        "Day 0 = 2006-07-12. Hazard 0.3 = serious danger, 1.0 = open fighting [A10].",
    )
    write(
        "evacuations.csv",
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
        [
            [e[0], e[1], e[2], e[3], e[4], day(e[5]), day(e[6]), e[7], e[8], e[9], 0]
            for e in EVACUATIONS
        ],
        "Evacuation transport offers (SOURCES.md §6). Day 0 = 2006-07-12.",
    )
    by_nat: dict[str, int] = {}
    for r in pop:
        by_nat[r["nationality"]] = by_nat.get(r["nationality"], 0) + r["count"]
    print("population total", sum(by_nat.values()), by_nat)


if __name__ == "__main__":
    main()
