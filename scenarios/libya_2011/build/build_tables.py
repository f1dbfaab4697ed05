# ruff: noqa: E501  (data tables: one record per line, sources quoted in full)
"""Build the Libya 2011 scenario tables from the documented figures and assumptions.

Run from the repository root:  python scenarios/libya_2011/build/build_tables.py

Every number below is either a public figure (see ../SOURCES.md, keyed by the tag in the
comment, e.g. [S12]) or an ASSUMPTION (tag [A..]) with the range it should be swept over in
SOURCES.md. The CSV files in the scenario folder are the product of this script; edit the
numbers here, not in the CSVs, so that the derivations stay visible.
"""

from __future__ import annotations

import csv
import math
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE.parent
START = date(2011, 2, 15)  # day 0 = 15 Feb 2011 (first Benghazi riot, [S40])


def day(iso: str) -> int:
    """Day number of an ISO date, counted from START."""
    return (date.fromisoformat(iso) - START).days


# ---------------------------------------------------------------------------------------------
# Places. Coordinates are approximate (+-10 km for towns, +-50 km for desert border points).
# ---------------------------------------------------------------------------------------------
# id, name, kind, country, lat, lon, capacity
PLACES = [
    # --- Libya (host) : cities
    ("tripoli", "Tripoli", "city", "LBY", 32.8872, 13.1913, None),
    ("zawiya", "Zawiya-Zuwara coast", "city", "LBY", 32.7571, 12.7276, None),
    (
        "nafusa",
        "Nafusa mountains (Nalut-Zintan; incl. Ghadames)",
        "city",
        "LBY",
        31.8680,
        10.9810,
        None,
    ),
    ("misrata", "Misrata", "city", "LBY", 32.3754, 15.0925, None),
    ("sirte", "Sirte", "city", "LBY", 31.2089, 16.5887, None),
    ("brega_ajdabiya", "Ajdabiya-Brega (oil crescent)", "city", "LBY", 30.7554, 20.2263, None),
    ("benghazi", "Benghazi", "city", "LBY", 32.1167, 20.0667, None),
    ("bayda_derna", "Al Bayda-Derna (Jebel Akhdar)", "city", "LBY", 32.7627, 21.7551, None),
    ("tobruk", "Tobruk", "city", "LBY", 32.0836, 23.9764, None),
    ("sabha", "Sabha (Fezzan; incl. Ubari, Murzuq)", "city", "LBY", 27.0377, 14.4283, None),
    ("kufra", "Kufra", "city", "LBY", 24.1800, 23.3100, None),
    # --- Libya : transport nodes, detention, transit
    ("tripoli_airport", "Tripoli International Airport", "airport", "LBY", 32.6635, 13.1590, None),
    ("tripoli_port", "Tripoli port (As-shahab)", "port", "LBY", 32.9050, 13.1850, None),
    ("misrata_port", "Misrata port (Qasr Ahmed)", "port", "LBY", 32.3650, 15.2150, None),
    ("benghazi_port", "Benghazi port", "port", "LBY", 32.1050, 20.0500, None),
    ("benghazi_airport", "Benina airport (Benghazi)", "airport", "LBY", 32.0968, 20.2695, None),
    ("sabha_airport", "Sabha airport", "airport", "LBY", 26.9870, 14.4720, None),
    (
        "sabha_detention",
        "Sabha migrant detention centre",
        "detention",
        "LBY",
        27.0500,
        14.4300,
        None,
    ),
    ("qatrun", "Al Qatrun", "transit", "LBY", 24.9330, 14.6330, None),
    # --- Libya : exit posts of border crossings
    ("ras_ajdir_ly", "Ras Ajdir (Libyan post)", "border_exit", "LBY", 33.1460, 11.5660, None),
    (
        "wazin_ly",
        "Wazin (Libyan post, opposite Dehiba)",
        "border_exit",
        "LBY",
        31.9800,
        10.7200,
        None,
    ),
    (
        "amsaad_ly",
        "Amsaad / Musaid (Libyan post, opposite Salloum)",
        "border_exit",
        "LBY",
        31.5760,
        25.0500,
        None,
    ),
    (
        "ghadames_ly",
        "Ghadames (Libyan side of Debdeb crossing)",
        "border_exit",
        "LBY",
        30.1330,
        9.5000,
        None,
    ),
    (
        "ghat_ly",
        "Ghat (Libyan side of Tin Alkoum crossing)",
        "border_exit",
        "LBY",
        24.9000,
        10.2000,
        None,
    ),
    ("tummo_ly", "Tummo (Libyan post, Niger border)", "border_exit", "LBY", 22.7670, 14.0500, None),
    (
        "ly_td_tibesti",
        "Libya-Chad border, Tibesti track (Libyan side)",
        "border_exit",
        "LBY",
        22.3000,
        17.5000,
        None,
    ),
    (
        "ly_td_kufra",
        "Libya-Chad border, Kufra-Ounianga track (Libyan side)",
        "border_exit",
        "LBY",
        20.5000,
        21.8000,
        None,
    ),
    (
        "ly_sd_kufra",
        "Libya-Sudan border, Kufra-Uweinat track (Libyan side)",
        "border_exit",
        "LBY",
        20.8000,
        24.9000,
        None,
    ),
    # --- Tunisia
    ("ras_ajdir_tn", "Ras Ajdir (Tunisian post)", "border_entry", "TUN", 33.1520, 11.5500, None),
    ("choucha", "Choucha transit camp", "reception", "TUN", 33.1350, 11.4700, 20000),
    ("ben_gardane", "Ben Gardane", "transit", "TUN", 33.1380, 11.2200, None),
    ("djerba_airport", "Djerba-Zarzis airport", "airport", "TUN", 33.8750, 10.7750, None),
    ("zarzis_port", "Zarzis port", "port", "TUN", 33.5000, 11.1200, None),
    ("dehiba_tn", "Dehiba (Tunisian post)", "border_entry", "TUN", 32.0210, 10.7030, None),
    ("remada", "Remada camp", "reception", "TUN", 32.3100, 10.4000, 5000),
    ("tataouine", "Tataouine", "transit", "TUN", 32.9300, 10.4500, None),
    ("tunisia_home", "Tunisia (south, Medenine)", "safe", "TUN", 33.3540, 10.5050, None),
    # --- Egypt
    (
        "salloum_eg",
        "Salloum (Egyptian post and processing centre)",
        "border_entry",
        "EGY",
        31.5530,
        25.1580,
        None,
    ),
    ("marsa_matrouh", "Marsa Matrouh", "transit", "EGY", 31.3500, 27.2400, None),
    ("alexandria_eg", "Alexandria (port and airport)", "port", "EGY", 31.2000, 29.9200, None),
    ("cairo_airport", "Cairo International Airport", "airport", "EGY", 30.1200, 31.4100, None),
    ("egypt_home", "Egypt (Cairo)", "safe", "EGY", 30.0440, 31.2360, None),
    # --- Algeria
    ("debdeb_dz", "Debdeb (Algerian post)", "border_entry", "DZA", 29.9700, 9.4200, None),
    ("in_amenas_dz", "In Amenas (reception and airport)", "airport", "DZA", 28.0500, 9.6300, None),
    ("tin_alkoum_dz", "Tin Alkoum (Algerian post)", "border_entry", "DZA", 24.8500, 10.2500, None),
    ("djanet_dz", "Djanet (airport)", "airport", "DZA", 24.2900, 9.4500, None),
    # --- Niger
    ("madama_ne", "Madama (Niger post)", "border_entry", "NER", 21.9500, 13.6500, None),
    ("dirkou_ne", "Dirkou IOM transit centre", "reception", "NER", 18.9900, 12.8900, 250),
    ("agadez_ne", "Agadez", "transit", "NER", 16.9700, 7.9900, None),
    ("niger_home", "Niger (Niamey)", "safe", "NER", 13.5100, 2.1100, None),
    # --- Chad
    (
        "td_border_tibesti",
        "Chad border, Tibesti track (Chadian side)",
        "border_entry",
        "TCD",
        22.2500,
        17.5000,
        None,
    ),
    (
        "td_border_ounianga",
        "Chad border, Ounianga track (Chadian side)",
        "border_entry",
        "TCD",
        20.4500,
        21.7800,
        None,
    ),
    ("faya_td", "Faya-Largeau IOM transit centre", "reception", "TCD", 17.9300, 19.1100, 900),
    ("chad_home", "Chad (N'Djamena)", "safe", "TCD", 12.1100, 15.0400, None),
    # --- Sudan
    (
        "sd_border",
        "Sudan border, Uweinat track (Sudanese side)",
        "border_entry",
        "SDN",
        20.7800,
        24.9500,
        None,
    ),
    ("sudan_home", "Sudan (Khartoum)", "safe", "SDN", 15.5000, 32.5600, None),
    # --- Europe (sea arrivals) and countries of origin further away
    ("lampedusa", "Lampedusa (Italy)", "safe", "ITA", 35.5000, 12.6000, None),
    ("bangladesh_home", "Bangladesh (Dhaka)", "safe", "BGD", 23.8100, 90.4100, None),
    ("china_home", "China (Beijing)", "safe", "CHN", 39.9000, 116.4100, None),
    ("vietnam_home", "Viet Nam (Hanoi)", "safe", "VNM", 21.0300, 105.8500, None),
    ("philippines_home", "Philippines (Manila)", "safe", "PHL", 14.6000, 120.9800, None),
    ("india_home", "India (Delhi)", "safe", "IND", 28.6100, 77.2100, None),
    ("pakistan_home", "Pakistan (Lahore)", "safe", "PAK", 31.5500, 74.3400, None),
    ("turkey_home", "Turkey (Istanbul)", "safe", "TUR", 41.0100, 28.9800, None),
    ("thailand_home", "Thailand (Bangkok)", "safe", "THA", 13.7500, 100.5000, None),
    ("ghana_home", "Ghana (Accra)", "safe", "GHA", 5.6000, -0.1900, None),
    ("mali_home", "Mali (Bamako)", "safe", "MLI", 12.6400, -8.0000, None),
    ("nigeria_home", "Nigeria (Lagos)", "safe", "NGA", 6.5200, 3.3800, None),
    (
        "xss_home",
        "Other sub-Saharan countries (represented at Ouagadougou)",
        "safe",
        "XSS",
        12.3700,
        -1.5200,
        None,
    ),
    ("horn_home", "Horn of Africa (represented at Asmara)", "safe", "ERI", 15.3200, 38.9300, None),
]
PLACE = {p[0]: p for p in PLACES}


def km(a: str, b: str) -> float:
    """Great-circle distance between two places (km)."""
    _, _, _, _, la1, lo1, _ = PLACE[a]
    _, _, _, _, la2, lo2, _ = PLACE[b]
    p1, p2 = math.radians(la1), math.radians(la2)
    dp, dl = p2 - p1, math.radians(lo2 - lo1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


# Circuity factors [A20]: road length / straight line. Coastal roads 1.2, desert tracks 1.3.
ROAD, DESERT = 1.2, 1.3

# ---------------------------------------------------------------------------------------------
# Links. distance: a number (sourced, see tag) or None = great circle x factor.
# id, from, to, distance_km or None, factor, mode, daily_capacity, two_way, note
# ---------------------------------------------------------------------------------------------
LINKS = [
    # Tripolitania
    ("l_tri_airport", "tripoli", "tripoli_airport", 25, None, "road", None, True, "[A20]"),
    ("l_tri_port", "tripoli", "tripoli_port", 3, None, "road", None, True, "[A20]"),
    (
        "l_tri_zaw",
        "tripoli",
        "zawiya",
        50,
        None,
        "road",
        None,
        True,
        "[S51] Zawiya ~50 km W of Tripoli",
    ),
    (
        "l_zaw_rasajdir",
        "zawiya",
        "ras_ajdir_ly",
        120,
        None,
        "road",
        24000,  # the most reported a day, so the post is the bottleneck until 2 Mar [S72]
        True,
        "[S50] Tripoli-Ras Ajdir ~170 km minus 50; capacity [S72][A85]",
    ),
    ("l_tri_nafusa", "tripoli", "nafusa", None, ROAD, "road", None, True, "[A20]"),
    (
        "l_nafusa_wazin",
        "nafusa",
        "wazin_ly",
        70,
        None,
        "road",
        None,
        True,
        "[S52] Nalut ~70 km from Dehiba",
    ),
    ("l_nafusa_ghadames", "nafusa", "ghadames_ly", None, ROAD, "road", None, True, "[A20]"),
    ("l_zaw_nafusa", "zawiya", "nafusa", None, ROAD, "road", None, True, "[A20] Zuwara-Nalut road"),
    ("l_tri_mis", "tripoli", "misrata", None, ROAD, "road", None, True, "[A20]"),
    ("l_mis_port", "misrata", "misrata_port", 12, None, "road", None, True, "[A20]"),
    ("l_mis_sirte", "misrata", "sirte", None, ROAD, "road", None, True, "[A20]"),
    (
        "l_tri_sabha",
        "tripoli",
        "sabha",
        770,
        None,
        "road",
        None,
        True,
        "[S50] Tripoli-Sabha ~770 km (brief; = great circle x1.17)",
    ),
    # Cyrenaica
    ("l_sirte_brega", "sirte", "brega_ajdabiya", None, ROAD, "road", None, True, "[A20]"),
    ("l_brega_ben", "brega_ajdabiya", "benghazi", None, ROAD, "road", None, True, "[A20]"),
    ("l_ben_port", "benghazi", "benghazi_port", 3, None, "road", None, True, "[A20]"),
    ("l_ben_airport", "benghazi", "benghazi_airport", 20, None, "road", None, True, "[A20]"),
    ("l_ben_bayda", "benghazi", "bayda_derna", None, ROAD, "road", None, True, "[A20]"),
    ("l_bayda_tobruk", "bayda_derna", "tobruk", None, ROAD, "road", None, True, "[A20]"),
    (
        "l_brega_tobruk",
        "brega_ajdabiya",
        "tobruk",
        410,
        None,
        "road",
        None,
        True,
        "[S53] Tobruk-Ajdabiya desert road ~410 km",
    ),
    ("l_tobruk_amsaad", "tobruk", "amsaad_ly", None, ROAD, "road", None, True, "[A20]"),
    # Fezzan and Kufra
    ("l_sabha_airport", "sabha", "sabha_airport", 10, None, "road", None, True, "[A20]"),
    ("l_sabha_detention", "sabha", "sabha_detention", 3, None, "road", None, True, "[A20]"),
    ("l_sabha_qatrun", "sabha", "qatrun", None, ROAD, "road", None, True, "[A20]"),
    (
        "l_qatrun_tummo",
        "qatrun",
        "tummo_ly",
        310,
        None,
        "road",
        None,
        True,
        "[S54] Tumu 310 km south of Al Qatrun",
    ),
    ("l_sabha_ghat", "sabha", "ghat_ly", None, ROAD, "road", None, True, "[A20]"),
    (
        "l_qatrun_tibesti",
        "qatrun",
        "ly_td_tibesti",
        None,
        DESERT,
        "road",
        None,
        True,
        "[A20] desert track",
    ),
    ("l_sabha_kufra", "sabha", "kufra", None, DESERT, "road", None, True, "[A20] desert track"),
    ("l_brega_kufra", "brega_ajdabiya", "kufra", None, ROAD, "road", None, True, "[A20]"),
    ("l_kufra_td", "kufra", "ly_td_kufra", None, DESERT, "road", None, True, "[A20] desert track"),
    ("l_kufra_sd", "kufra", "ly_sd_kufra", None, DESERT, "road", None, True, "[A20] desert track"),
    # Sea: IOM-chartered rotations Misrata <-> Benghazi (open from 15 Apr, see timeline) [S30]
    (
        "l_sea_mis_ben",
        "misrata_port",
        "benghazi_port",
        500,
        None,
        "sea",
        250,
        True,
        "[S30] 500 km; ~1,000 per rotation every ~4 days",
    ),
    # Sea: irregular boat departures to Lampedusa from the west coast (from 26 Mar) [S34]
    (
        "l_sea_zaw_lampedusa",
        "zawiya",
        "lampedusa",
        None,
        1.0,
        "sea",
        240,
        False,
        "[S34] ~19,000 arrivals 26 Mar-14 Jun = ~240/day",
    ),
    # Tunisia
    ("l_rasajdir_choucha", "ras_ajdir_tn", "choucha", None, ROAD, "road", None, True, "[A20]"),
    ("l_choucha_bengardane", "choucha", "ben_gardane", None, ROAD, "road", None, True, "[A20]"),
    (
        "l_bengardane_djerba",
        "ben_gardane",
        "djerba_airport",
        None,
        ROAD,
        "road",
        None,
        True,
        "[A20]",
    ),
    ("l_bengardane_zarzis", "ben_gardane", "zarzis_port", None, ROAD, "road", None, True, "[A20]"),
    ("l_bengardane_home", "ben_gardane", "tunisia_home", None, ROAD, "road", None, True, "[A20]"),
    (
        "l_dehiba_remada",
        "dehiba_tn",
        "remada",
        45,
        None,
        "road",
        None,
        True,
        "[S55] Remada 45 km inside Tunisia",
    ),
    ("l_remada_tataouine", "remada", "tataouine", None, ROAD, "road", None, True, "[A20]"),
    ("l_tataouine_home", "tataouine", "tunisia_home", None, ROAD, "road", None, True, "[A20]"),
    ("l_djerba_home", "djerba_airport", "tunisia_home", None, ROAD, "road", None, True, "[A20]"),
    # Egypt
    # The way on from Salloum is the buses Egypt sent ("At least 100 buses", MFA 21 Feb;
    # buses "from the Salloum crossing to all the governorates", Assistant FM ~21 Feb) [S77]:
    # 100 buses x 50 seats, one rotation every two days = 2,500 seats/day [A90] (1,000-5,000).
    # Egyptians who crossed wait for them at Salloum (network.onward_links).
    (
        "l_salloum_matrouh",
        "salloum_eg",
        "marsa_matrouh",
        220,
        None,
        "road",
        2500,
        True,
        "[S56] Marsa Matrouh ~220 km E of the border; [S77][A90] Egypt's buses 2,500 seats/day",
    ),
    ("l_matrouh_alex", "marsa_matrouh", "alexandria_eg", None, ROAD, "road", None, True, "[A20]"),
    ("l_alex_home", "alexandria_eg", "egypt_home", None, ROAD, "road", None, True, "[A20]"),
    ("l_home_cairoairport", "egypt_home", "cairo_airport", 20, None, "road", None, True, "[A20]"),
    # Algeria
    ("l_debdeb_inamenas", "debdeb_dz", "in_amenas_dz", None, ROAD, "road", None, True, "[A20]"),
    ("l_tinalkoum_djanet", "tin_alkoum_dz", "djanet_dz", None, DESERT, "road", None, True, "[A20]"),
    # Niger
    (
        "l_madama_dirkou",
        "madama_ne",
        "dirkou_ne",
        450,
        None,
        "road",
        None,
        True,
        "[S57] border-Dirkou ~550 km = 100 (crossing) + 450",
    ),
    (
        "l_dirkou_agadez",
        "dirkou_ne",
        "agadez_ne",
        700,
        None,
        "road",
        None,
        True,
        "[S57] Agadez ~700 km from Dirkou",
    ),
    ("l_agadez_home", "agadez_ne", "niger_home", None, ROAD, "road", None, True, "[A20]"),
    # Chad
    (
        "l_tibesti_faya",
        "td_border_tibesti",
        "faya_td",
        None,
        DESERT,
        "road",
        None,
        True,
        "[A20] desert track",
    ),
    (
        "l_ounianga_faya",
        "td_border_ounianga",
        "faya_td",
        300,
        None,
        "road",
        None,
        True,
        "[S58] Faya ~300 km from the Libyan border",
    ),
    (
        "l_faya_home",
        "faya_td",
        "chad_home",
        None,
        DESERT,
        "road",
        None,
        True,
        "[A20] 'four-day journey by road' [S58]",
    ),
    # Sudan
    (
        "l_sd_home",
        "sd_border",
        "sudan_home",
        None,
        DESERT,
        "road",
        None,
        True,
        "[A20] desert track",
    ),
]

# Saharan stretches travelled on trucks that leave when full (mode `track`, speed
# speed_track_km_day): the journey to Dirkou took "roughly three-week[s]" (IRIN [S57]) and to
# Faya "up to 25 days" on "heavily over-loaded open trucks" (IOM [S58]), waiting included.
TRACKS = {
    "l_sabha_qatrun",
    "l_qatrun_tummo",
    "l_qatrun_tibesti",
    "l_sabha_kufra",
    "l_kufra_td",
    "l_kufra_sd",
    "l_tinalkoum_djanet",
    "l_madama_dirkou",
    "l_dirkou_agadez",
    "l_tibesti_faya",
    "l_ounianga_faya",
    "l_sd_home",
}

# Commercial air services (seats a day that ordinary passengers can buy) [A21].
HOMES_FAR = [
    "bangladesh_home",
    "china_home",
    "vietnam_home",
    "philippines_home",
    "india_home",
    "pakistan_home",
    "turkey_home",
    "thailand_home",
    "ghana_home",
    "mali_home",
    "nigeria_home",
    "xss_home",
    "sudan_home",
    "chad_home",
    "niger_home",
]
for dest in HOMES_FAR + ["egypt_home"]:
    LINKS.append(
        (
            f"a_djerba_{dest.replace('_home', '')}",
            "djerba_airport",
            dest,
            None,
            1.0,
            "air",
            150,
            False,
            "[A21] commercial seats/day",
        )
    )
for dest in HOMES_FAR:
    LINKS.append(
        (
            f"a_cairo_{dest.replace('_home', '')}",
            "cairo_airport",
            dest,
            None,
            1.0,
            "air",
            150,
            False,
            "[A21] commercial seats/day",
        )
    )
for dest in ["egypt_home", "tunisia_home", "turkey_home"]:
    LINKS.append(
        (
            f"a_tripoli_{dest.replace('_home', '')}",
            "tripoli_airport",
            dest,
            None,
            1.0,
            "air",
            300,
            False,
            "[A21]; closed 19 Mar (no-fly zone) [S41]",
        )
    )
LINKS.append(
    (
        "a_benghazi_egypt",
        "benghazi_airport",
        "egypt_home",
        None,
        1.0,
        "air",
        200,
        False,
        "[A21]; Benina closed 22 Feb [S42]",
    )
)
# Horn of Africa: very few returns (refugees); a token service keeps the origin reachable [A21].
LINKS.append(("a_cairo_horn", "cairo_airport", "horn_home", None, 1.0, "air", 20, False, "[A21]"))
for src in ["in_amenas_dz", "djanet_dz"]:
    LINKS.append((f"a_{src}_egypt", src, "egypt_home", None, 1.0, "air", 100, False, "[A21]"))

# ---------------------------------------------------------------------------------------------
# Crossings
# id, exit, entry, daily_capacity, documents, visa_required, exit_permit, exit_fee, overstay_pen,
# detains_irregular, distance_km, note
# ---------------------------------------------------------------------------------------------
# Egypt admitted third-country nationals only with an onward arrangement (an evacuation or ticket
# home through Egypt); the others were held in no-man's land: "7,000 migrants stranded in a
# compound in no-man's land ... without papers" (IOM ~1 Mar [S13]); Palestinians "turned back"
# (UNHCR 18 Mar). `onward_required: all` (Egyptians exempt) [S13][A32].
ONWARD = {"x_salloum": "all"}
# Tunisia and Egypt held at the gate those they did not admit yet, until their way home was
# arranged, rather than turning them away: "over 15,000 Bangladeshis are stuck on the Libyan side
# of the border and are not allowed to cross" (OCHA Sitrep 2, 1 Mar), "awaiting authorisation
# to cross", "taking time as most of them did not have travel documents" [S78]; at Salloum "5,000
# to 7,000 migrants stranded in the border area ... in 'no man's land'. The Egyptian authorities
# are not allowing those without valid tickets and documentation to leave ... IOM has
# established a registration process" (OCHA Sitrep 2) [S82]. Algeria turned people away ("47
# Filipinos refused entry by border guards" [S14]); nothing is reported of Dehiba, Niger, Chad or
# Sudan holding anyone. `holds: all` at Ras Ajdir and Salloum is [A94]; tried and NOT KEPT
# (SOURCES.md §9, first_fortnight/README.md §10): with it the joint fit got worse (0.236 -> 0.242)
# and so did the untuned figures (Chad and Niger), while the two borders' stock on 1-2 Mar moved
# only from 0.32 to 0.35 of the 89,000 reported. To try it: HOLDS = {"x_ras_ajdir": "all",
# "x_salloum": "all"}, rebuild, recalibrate.
HOLDS: dict[str, str] = {}

CROSSINGS = [
    (
        "x_ras_ajdir",
        "ras_ajdir_ly",
        "ras_ajdir_tn",
        14000,
        "any",
        "",
        False,
        0,
        0,
        False,
        1,
        "[S10] 14,000 on 28 Feb, the highest day, with ~40,000 waiting on the Libyan side: the"
        " post's throughput; Tunisia open to all nationalities [S11]",
    ),
    (
        "x_dehiba_wazin",
        "wazin_ly",
        "dehiba_tn",
        4000,
        "any",
        "",
        False,
        0,
        0,
        False,
        1,
        "[S12] 3,100 crossed on 27 Apr; 18,500 in 21-27 Apr",
    ),
    (
        "x_salloum",
        "amsaad_ly",
        "salloum_eg",
        15000,
        "passport",
        "",
        False,
        0,
        0,
        False,
        1,
        "[S13] peak 15,000-20,000/day at both borders; 7,000 without papers held in no-man's land",
    ),
    (
        "x_debdeb",
        "ghadames_ly",
        "debdeb_dz",
        1000,
        "passport",
        "",
        False,
        0,
        0,
        True,
        15,
        "[S14] ~9,100 in ~3 weeks; opened to foreigners 23-24 Feb",
    ),
    (
        "x_tin_alkoum",
        "ghat_ly",
        "tin_alkoum_dz",
        300,
        "passport",
        "",
        False,
        0,
        0,
        True,
        10,
        "[S14][A30]",
    ),
    (
        "x_tummo_madama",
        "tummo_ly",
        "madama_ne",
        2500,
        "none",
        "",
        False,
        0,
        0,
        False,
        100,
        "[S15] up to 2,400/day arrived in Dirkou (18 Mar)",
    ),
    (
        "x_chad_tibesti",
        "ly_td_tibesti",
        "td_border_tibesti",
        1000,
        "none",
        "",
        False,
        0,
        0,
        False,
        5,
        "[S16][A30]",
    ),
    (
        "x_chad_ounianga",
        "ly_td_kufra",
        "td_border_ounianga",
        1000,
        "none",
        "",
        False,
        0,
        0,
        False,
        5,
        "[S16][A30]",
    ),
    (
        "x_sudan",
        "ly_sd_kufra",
        "sd_border",
        300,
        "none",
        "",
        False,
        0,
        0,
        False,
        5,
        "[S17] 2,800 by 27 Mar; Sudan reopened the border end Feb",
    ),
]

# ---------------------------------------------------------------------------------------------
# Nationalities: id, name, language, origin, stock (real-world count), attribute overrides
# ---------------------------------------------------------------------------------------------
NATIONALITIES = [
    # id, name, language, origin, stock, attrs
    (
        "EGY",
        "Egyptian",
        "ar",
        "egypt_home",
        750_000,
        dict(
            host_language=1.0, registered=0.2, savings_mean_usd=300, phone=0.8, diaspora_contact=0.6
        ),
    ),
    (
        "TUN",
        "Tunisian",
        "ar",
        "tunisia_home",
        80_000,
        dict(
            host_language=1.0,
            registered=0.4,
            savings_mean_usd=500,
            phone=0.85,
            diaspora_contact=0.6,
        ),
    ),
    (
        "SDN",
        "Sudanese",
        "ar",
        "sudan_home",
        75_000,
        dict(host_language=0.95, registered=0.1, savings_mean_usd=250, phone=0.6),
    ),
    (
        "TCD",
        "Chadian",
        "ar",
        "chad_home",
        150_000,
        dict(host_language=0.7, registered=0.05, savings_mean_usd=250, phone=0.5, household_size=5),
    ),
    (
        "NER",
        "Nigerien",
        "ha",
        "niger_home",
        100_000,
        dict(host_language=0.3, registered=0.05, savings_mean_usd=250, phone=0.5),
    ),
    (
        "GHA",
        "Ghanaian",
        "en",
        "ghana_home",
        18_000,
        dict(host_language=0.2, registered=0.3, savings_mean_usd=300, phone=0.7),
    ),
    (
        "MLI",
        "Malian",
        "fr",
        "mali_home",
        20_000,
        dict(host_language=0.2, registered=0.1, savings_mean_usd=250, phone=0.6),
    ),
    (
        "NGA",
        "Nigerian",
        "en",
        "nigeria_home",
        50_000,
        dict(host_language=0.2, registered=0.1, savings_mean_usd=300, phone=0.7),
    ),
    (
        "XSS",
        "Other sub-Saharan African",
        "fr",
        "xss_home",
        75_000,
        dict(host_language=0.2, registered=0.05, savings_mean_usd=250, phone=0.6),
    ),
    (
        "HOA",
        "Eritrean/Somali/Ethiopian (refugees and asylum seekers)",
        "ti",
        "horn_home",
        20_000,
        dict(
            host_language=0.3,
            registered=0.0,
            savings_mean_usd=150,
            phone=0.6,
            diaspora_contact=0.7,
            civil_society_contact=0.3,
        ),
    ),
    (
        "BGD",
        "Bangladeshi",
        "bn",
        "bangladesh_home",
        65_000,
        dict(host_language=0.2, registered=0.3, savings_mean_usd=150, phone=0.7, employer_size=60),
    ),
    (
        "CHN",
        "Chinese",
        "zh",
        "china_home",
        36_000,
        dict(
            host_language=0.05,
            registered=0.95,
            savings_mean_usd=1500,
            phone=0.95,
            employer_size=480,
        ),
    ),
    (
        "VNM",
        "Vietnamese",
        "vi",
        "vietnam_home",
        10_400,
        dict(
            host_language=0.05, registered=1.0, savings_mean_usd=600, phone=0.9, employer_size=200
        ),
    ),
    (
        "PHL",
        "Filipino",
        "en",
        "philippines_home",
        26_000,
        dict(host_language=0.1, registered=0.4, savings_mean_usd=1000, phone=0.95),
    ),
    (
        "IND",
        "Indian",
        "hi",
        "india_home",
        18_000,
        dict(
            host_language=0.1, registered=0.7, savings_mean_usd=1000, phone=0.95, employer_size=100
        ),
    ),
    (
        "PAK",
        "Pakistani",
        "ur",
        "pakistan_home",
        18_000,
        dict(host_language=0.2, registered=0.3, savings_mean_usd=400, phone=0.8),
    ),
    (
        "TUR",
        "Turkish",
        "tr",
        "turkey_home",
        25_000,
        dict(
            host_language=0.1, registered=0.8, savings_mean_usd=2000, phone=0.95, employer_size=125
        ),
    ),
    (
        "THA",
        "Thai",
        "th",
        "thailand_home",
        20_000,
        dict(
            host_language=0.05, registered=0.5, savings_mean_usd=600, phone=0.9, employer_size=100
        ),
    ),
]

# Where each nationality lived (shares of its stock) [S60-S66 partly, otherwise A40].
PLACES_BY_NAT = {
    "EGY": dict(
        tripoli=0.25,
        zawiya=0.05,
        nafusa=0.03,
        misrata=0.05,
        sirte=0.04,
        brega_ajdabiya=0.05,
        benghazi=0.26,
        bayda_derna=0.09,
        tobruk=0.08,
        sabha=0.08,
        kufra=0.02,
    ),
    "TUN": dict(tripoli=0.55, zawiya=0.20, nafusa=0.05, misrata=0.08, benghazi=0.07, sabha=0.05),
    "SDN": dict(
        tripoli=0.30,
        zawiya=0.05,
        misrata=0.05,
        brega_ajdabiya=0.05,
        benghazi=0.20,
        tobruk=0.05,
        sabha=0.10,
        kufra=0.20,
    ),
    "TCD": dict(
        tripoli=0.20,
        misrata=0.05,
        brega_ajdabiya=0.05,
        benghazi=0.20,
        bayda_derna=0.05,
        sabha=0.30,
        kufra=0.15,
    ),
    "NER": dict(
        tripoli=0.30, zawiya=0.05, nafusa=0.05, misrata=0.10, sirte=0.05, benghazi=0.05, sabha=0.40
    ),
    "GHA": dict(
        tripoli=0.55, zawiya=0.15, nafusa=0.02, misrata=0.05, sirte=0.02, benghazi=0.09, sabha=0.12
    ),
    "MLI": dict(tripoli=0.25, nafusa=0.20, benghazi=0.10, sabha=0.45),
    "NGA": dict(tripoli=0.45, zawiya=0.10, misrata=0.10, benghazi=0.20, sabha=0.15),
    "XSS": dict(tripoli=0.40, zawiya=0.10, misrata=0.10, benghazi=0.15, sabha=0.20, kufra=0.05),
    "HOA": dict(tripoli=0.60, misrata=0.10, benghazi=0.20, kufra=0.10),
    "BGD": dict(
        tripoli=0.25,
        zawiya=0.15,
        misrata=0.15,
        sirte=0.05,
        brega_ajdabiya=0.05,
        benghazi=0.25,
        bayda_derna=0.05,
        tobruk=0.05,
    ),
    "CHN": dict(
        tripoli=0.25,
        zawiya=0.05,
        misrata=0.10,
        sirte=0.05,
        brega_ajdabiya=0.10,
        benghazi=0.25,
        bayda_derna=0.10,
        sabha=0.10,
    ),
    "VNM": dict(tripoli=0.80, benghazi=0.20),
    "PHL": dict(
        tripoli=0.50, misrata=0.05, brega_ajdabiya=0.10, benghazi=0.25, tobruk=0.05, sabha=0.05
    ),
    "IND": dict(
        tripoli=0.55,
        zawiya=0.05,
        misrata=0.10,
        sirte=0.05,
        brega_ajdabiya=0.02,
        benghazi=0.15,
        tobruk=0.03,
        sabha=0.05,
    ),
    "PAK": dict(tripoli=0.45, zawiya=0.10, misrata=0.10, benghazi=0.25, sabha=0.10),
    "TUR": dict(
        tripoli=0.45,
        zawiya=0.05,
        misrata=0.10,
        sirte=0.05,
        brega_ajdabiya=0.05,
        benghazi=0.19,
        bayda_derna=0.06,
        tobruk=0.05,
    ),
    "THA": dict(tripoli=0.45, misrata=0.10, sirte=0.10, brega_ajdabiya=0.10, benghazi=0.25),
}

# Status shares per nationality [A41]; detained people are added separately [A45].
STATUS_BY_NAT = {
    "EGY": dict(regular=0.30, irregular=0.60, overstayer=0.10),
    "TUN": dict(regular=0.60, irregular=0.40),
    "SDN": dict(regular=0.20, irregular=0.65, overstayer=0.05, asylum_seeker=0.10),
    "TCD": dict(regular=0.20, irregular=0.70, overstayer=0.10),
    "NER": dict(regular=0.20, irregular=0.70, overstayer=0.10),
    "GHA": dict(regular=0.20, irregular=0.70, overstayer=0.10),
    "MLI": dict(regular=0.20, irregular=0.70, overstayer=0.10),
    "NGA": dict(regular=0.15, irregular=0.75, overstayer=0.10),
    "XSS": dict(regular=0.15, irregular=0.75, overstayer=0.10),
    "HOA": dict(asylum_seeker=0.60, irregular=0.40),
    "BGD": dict(regular=0.60, irregular=0.20, overstayer=0.20),
    "CHN": dict(regular=0.98, overstayer=0.02),
    "VNM": dict(regular=0.98, overstayer=0.02),
    "PHL": dict(regular=0.90, overstayer=0.10),
    "IND": dict(regular=0.95, overstayer=0.05),
    "PAK": dict(regular=0.60, irregular=0.30, overstayer=0.10),
    "TUR": dict(regular=0.98, overstayer=0.02),
    "THA": dict(regular=0.90, overstayer=0.10),
}

# Documentation given status [A42]. employer_held share for regular workers varies by nationality.
EMPLOYER_HELD_REGULAR = dict(
    EGY=0.20,
    TUN=0.05,
    SDN=0.20,
    TCD=0.20,
    NER=0.20,
    GHA=0.20,
    MLI=0.20,
    NGA=0.20,
    XSS=0.20,
    HOA=0.0,
    BGD=0.50,
    CHN=0.30,
    VNM=0.30,
    PHL=0.20,
    IND=0.20,
    PAK=0.30,
    TUR=0.20,
    THA=0.30,
)


def doc_shares(nat: str, status: str) -> dict[str, float]:
    if status == "regular":
        e = EMPLOYER_HELD_REGULAR[nat]
        return dict(passport=1 - e - 0.02, employer_held=e, lost=0.02)
    if status == "overstayer":
        return dict(passport=0.55, employer_held=0.35, lost=0.10)
    if status == "irregular":
        return dict(passport=0.40, none=0.50, lost=0.10)
    if status == "asylum_seeker":
        return dict(passport=0.20, none=0.70, lost=0.10)
    if status == "detained":
        return dict(none=0.80, passport=0.20)
    raise ValueError(status)


# Age / household [A43]: child share of stock, elderly share, family share among adults,
# live-in share among adults. Children only in family households.
AGE_HH = {
    # nat: (child, elderly, adult_family, adult_live_in)
    "EGY": (0.02, 0.005, 0.05, 0.01),
    "TUN": (0.05, 0.01, 0.20, 0.0),
    "SDN": (0.05, 0.01, 0.15, 0.02),
    "TCD": (0.08, 0.02, 0.25, 0.02),
    "NER": (0.02, 0.005, 0.05, 0.0),
    "GHA": (0.006, 0.002, 0.02, 0.02),
    "MLI": (0.02, 0.005, 0.05, 0.0),
    "NGA": (0.01, 0.002, 0.03, 0.02),
    "XSS": (0.01, 0.002, 0.03, 0.02),
    "HOA": (0.10, 0.01, 0.30, 0.02),
    "BGD": (0.002, 0.002, 0.01, 0.0),
    "CHN": (0.002, 0.002, 0.01, 0.0),
    "VNM": (0.0, 0.0, 0.0, 0.0),
    "PHL": (0.01, 0.005, 0.05, 0.15),
    "IND": (0.02, 0.005, 0.08, 0.02),
    "PAK": (0.01, 0.005, 0.05, 0.0),
    "TUR": (0.01, 0.005, 0.03, 0.0),
    "THA": (0.0, 0.002, 0.01, 0.02),
}

# Detained at the start [A45]: total and nationality split; all in Sabha detention.
DETAINED = dict(NER=1500, XSS=1000, HOA=500, NGA=300, GHA=100, MLI=100)


def age_household_rows(nat: str) -> list[tuple[str, str, float]]:
    child, elderly, fam, live_in = AGE_HH[nat]
    adult = 1 - child - elderly
    rows = [
        ("adult", "single", adult * (1 - fam - live_in)),
        ("adult", "family", adult * fam),
        ("adult", "live_in", adult * live_in),
        ("child", "family", child),
        ("elderly", "family", elderly * 0.7),
        ("elderly", "single", elderly * 0.3),
    ]
    return [r for r in rows if r[2] > 0]


def population_rows() -> list[dict]:
    rows = []
    for nat, _name, _lang, _origin, stock, _attrs in NATIONALITIES:
        free = stock - DETAINED.get(nat, 0)
        places = PLACES_BY_NAT[nat]
        assert abs(sum(places.values()) - 1) < 1e-9, nat
        assert abs(sum(STATUS_BY_NAT[nat].values()) - 1) < 1e-9, nat
        for place, ps in places.items():
            for status, ss in STATUS_BY_NAT[nat].items():
                for doc, ds in doc_shares(nat, status).items():
                    for age, hh, ahs in age_household_rows(nat):
                        n = round(free * ps * ss * ds * ahs)
                        if n > 0:
                            rows.append(
                                dict(
                                    place=place,
                                    nationality=nat,
                                    status=status,
                                    documentation=doc,
                                    age_group=age,
                                    household=hh,
                                    count=n,
                                )
                            )
        if nat in DETAINED:
            for doc, ds in doc_shares(nat, "detained").items():
                n = round(DETAINED[nat] * ds)
                if n > 0:
                    rows.append(
                        dict(
                            place="sabha_detention",
                            nationality=nat,
                            status="detained",
                            documentation=doc,
                            age_group="adult",
                            household="single",
                            count=n,
                        )
                    )
    return rows


# ---------------------------------------------------------------------------------------------
# Consulates: id, nationality, place, daily_capacity (emergency travel documents/day) [A50]
# ---------------------------------------------------------------------------------------------
CONSULATES = [
    ("c_egy_tripoli", "EGY", "tripoli", 500),
    ("c_egy_benghazi", "EGY", "benghazi", 300),
    ("c_tun_tripoli", "TUN", "tripoli", 300),
    ("c_tun_benghazi", "TUN", "benghazi", 50),
    ("c_sdn_tripoli", "SDN", "tripoli", 100),
    ("c_tcd_tripoli", "TCD", "tripoli", 100),
    ("c_ner_tripoli", "NER", "tripoli", 100),
    ("c_gha_tripoli", "GHA", "tripoli", 100),
    ("c_mli_tripoli", "MLI", "tripoli", 50),
    ("c_nga_tripoli", "NGA", "tripoli", 100),
    ("c_bgd_tripoli", "BGD", "tripoli", 100),
    ("c_chn_tripoli", "CHN", "tripoli", 1000),
    ("c_vnm_tripoli", "VNM", "tripoli", 300),
    ("c_phl_tripoli", "PHL", "tripoli", 200),
    ("c_ind_tripoli", "IND", "tripoli", 300),
    ("c_pak_tripoli", "PAK", "tripoli", 100),
    ("c_tur_tripoli", "TUR", "tripoli", 500),
    ("c_tur_benghazi", "TUR", "benghazi", 300),
    ("c_tha_tripoli", "THA", "tripoli", 100),
    # posts and liaison teams deployed at the borders (opened on the day given in TIMELINE)
    ("c_gha_choucha", "GHA", "choucha", 200),
    ("c_gha_salloum", "GHA", "salloum_eg", 100),
    ("c_pak_rasajdir", "PAK", "ras_ajdir_tn", 100),
    ("c_pak_salloum", "PAK", "salloum_eg", 100),
    ("c_ind_rasajdir", "IND", "ras_ajdir_tn", 200),
    ("c_chn_rasajdir", "CHN", "ras_ajdir_tn", 1000),
    ("c_vnm_salloum", "VNM", "salloum_eg", 100),
    ("c_phl_salloum", "PHL", "salloum_eg", 100),
    ("c_bgd_choucha", "BGD", "choucha", 300),
]

# ---------------------------------------------------------------------------------------------
# Timeline: (date, event, target, value)
# ---------------------------------------------------------------------------------------------
H = "hazard"
TIMELINE = [
    # Benghazi: riot 15-16 Feb, Day of Rage 17 Feb, army fires 19 Feb, east free ~21-23 Feb,
    # loyalist assault 19 Mar halted by air strikes, front at Brega afterwards [S40][S41]; by
    # mid-April "Shops were open, people went to work, there were traffic jams and other signs
    # of normal life" (aid worker's account, 14 Apr 2011) [S76]: 0.2 from 15 Apr [A80]
    ("2011-02-15", H, "benghazi", 0.2),
    ("2011-02-17", H, "benghazi", 0.5),
    ("2011-02-19", H, "benghazi", 0.8),
    ("2011-02-23", H, "benghazi", 0.5),
    ("2011-03-17", H, "benghazi", 0.8),
    ("2011-03-19", H, "benghazi", 1.0),
    ("2011-03-21", H, "benghazi", 0.5),
    ("2011-04-15", H, "benghazi", 0.2),
    ("2011-02-16", H, "bayda_derna", 0.5),
    ("2011-02-23", H, "bayda_derna", 0.4),
    ("2011-04-01", H, "bayda_derna", 0.3),
    ("2011-02-17", H, "tobruk", 0.4),
    ("2011-02-23", H, "tobruk", 0.2),
    ("2011-02-17", H, "brega_ajdabiya", 0.3),
    ("2011-03-02", H, "brega_ajdabiya", 0.8),
    ("2011-03-15", H, "brega_ajdabiya", 1.0),
    ("2011-03-27", H, "brega_ajdabiya", 0.8),
    ("2011-04-15", H, "brega_ajdabiya", 0.7),
    ("2011-03-15", H, "kufra", 0.2),
    # Tripolitania: TV HQ sacked 20 Feb, gunfire in the capital 21 Feb, shootings 25 Feb,
    # repression afterwards; once loyalists had retaken Zawiya (10 Mar) "Tripoli has begun to
    # recapture a sense of normality with schools, banks and shops reopening" by day, a ghost
    # town at night (AFP via Daily News Egypt, 18 Mar 2011) [S74]; NATO strikes from 19 Mar
    # (military sites); fall of Tripoli 20-28 Aug [S40][S41]. Levels [A80] (0.3: sweep 0.2-0.5)
    ("2011-02-20", H, "tripoli", 0.5),
    ("2011-02-21", H, "tripoli", 0.7),
    ("2011-03-01", H, "tripoli", 0.5),
    ("2011-03-11", H, "tripoli", 0.3),
    ("2011-03-19", H, "tripoli", 0.4),
    ("2011-04-15", H, "tripoli", 0.3),
    ("2011-08-20", H, "tripoli", 1.0),
    ("2011-09-05", H, "tripoli", 0.5),
    ("2011-02-24", H, "zawiya", 0.8),
    ("2011-03-06", H, "zawiya", 1.0),
    ("2011-03-11", H, "zawiya", 0.6),
    ("2011-04-15", H, "zawiya", 0.4),
    ("2011-08-13", H, "zawiya", 1.0),
    ("2011-08-25", H, "zawiya", 0.5),
    ("2011-02-19", H, "misrata", 0.5),
    ("2011-02-24", H, "misrata", 0.6),
    ("2011-03-06", H, "misrata", 0.9),
    ("2011-04-05", H, "misrata", 1.0),
    ("2011-05-15", H, "misrata", 0.6),
    ("2011-06-15", H, "misrata", 0.5),
    ("2011-03-19", H, "sirte", 0.3),
    ("2011-09-15", H, "sirte", 1.0),
    ("2011-02-17", H, "nafusa", 0.3),
    ("2011-04-01", H, "nafusa", 0.7),
    ("2011-04-21", H, "nafusa", 0.9),
    ("2011-06-01", H, "nafusa", 0.8),
    ("2011-04-21", H, "wazin_ly", 0.6),
    ("2011-04-28", H, "wazin_ly", 1.0),
    ("2011-05-06", H, "wazin_ly", 0.6),
    ("2011-02-21", H, "sabha", 0.2),
    ("2011-03-19", H, "sabha", 0.3),
    ("2011-08-20", H, "sabha", 0.5),
    ("2011-08-26", H, "ras_ajdir_ly", 1.0),
    # The war ends 23 Oct (Sirte falls 20 Oct; "continued until 23 October" [S41]): residual
    # insecurity 0.2 everywhere it was higher [A80] (sweep 0.1-0.4)
    *(
        ("2011-10-23", H, place, 0.2)
        for place in (
            "tripoli",
            "zawiya",
            "misrata",
            "sirte",
            "nafusa",
            "wazin_ly",
            "sabha",
            "ras_ajdir_ly",
            "brega_ajdabiya",
            "benghazi",
            "bayda_derna",
        )
    ),
    # Airports and sea lanes
    ("2011-02-22", "close_link", "a_benghazi_egypt", None),  # Benina closed 22 Feb [S42]
    ("2011-03-19", "close_link", "a_tripoli_egypt", None),  # no-fly zone [S41]
    ("2011-03-19", "close_link", "a_tripoli_tunisia", None),
    ("2011-03-19", "close_link", "a_tripoli_turkey", None),
    ("2011-02-15", "close_link", "l_sea_mis_ben", None),  # IOM rotations from 15 Apr [S30]
    ("2011-04-15", "open_link", "l_sea_mis_ben", None),
    ("2011-06-30", "close_link", "l_sea_mis_ben", None),  # [A61] end of rotations
    # Government forces retake Gharyan (1-2 Mar) and hold the roads into the Nafusa mountains,
    # besieged until Tripoli falls [S73]; closure date [A86] (range 1-10 Mar)
    ("2011-03-02", "close_link", "l_tri_nafusa", None),
    ("2011-03-02", "close_link", "l_zaw_nafusa", None),
    ("2011-08-20", "open_link", "l_tri_nafusa", None),
    ("2011-08-20", "open_link", "l_zaw_nafusa", None),
    # Front lines: the coastal road through the oil crescent (Brega-Ras Lanuf, fighting from
    # 2 Mar) until Sirte falls; Misrata besieged ("under siege for the past month and a half" on
    # 12 Apr, IOM), cut off by land from Tripoli until Tripoli falls [S40][S41]; dates [A86]
    ("2011-03-02", "close_link", "l_sirte_brega", None),
    ("2011-10-23", "open_link", "l_sirte_brega", None),
    ("2011-03-06", "close_link", "l_tri_mis", None),
    ("2011-03-06", "close_link", "l_mis_sirte", None),
    ("2011-08-20", "open_link", "l_tri_mis", None),
    ("2011-10-23", "open_link", "l_mis_sirte", None),
    ("2011-02-15", "close_link", "l_sea_zaw_lampedusa", None),  # boats from 26 Mar [S34]
    ("2011-03-26", "open_link", "l_sea_zaw_lampedusa", None),
    # Crossings
    ("2011-02-15", "close_crossing", "x_debdeb", None),  # Algeria opens ~24 Feb [S14]
    ("2011-02-24", "open_crossing", "x_debdeb", None),
    ("2011-02-15", "close_crossing", "x_tin_alkoum", None),
    ("2011-02-24", "open_crossing", "x_tin_alkoum", None),
    ("2011-02-15", "close_crossing", "x_sudan", None),  # reopened ~end Feb [S17]
    ("2011-02-28", "open_crossing", "x_sudan", None),
    ("2011-04-28", "close_crossing", "x_dehiba_wazin", None),  # fighting at the post [S12]
    ("2011-05-03", "open_crossing", "x_dehiba_wazin", None),  # flows again 4 May [S12][A62]
    ("2011-08-27", "close_crossing", "x_ras_ajdir", None),  # Tunisia closes Ras Jdir [S43]
    # Pro-government forces take the Libyan side of Ras Ajdir from the afternoon of 2 Mar: the
    # flow falls from 10,000-15,000 a day to under 2,000 (UNHCR 4 Mar), "around 2,000 a day"
    # with roadblocks and a holding camp "17 kilometres inside Libya" (Reuters 7 Mar) [S72];
    # "UNHCR worried that civilians being prevented from fleeing" (4 Mar). They held people back
    # on the road, not at the gate: the road from Zawiya to the post is held to 4,000 a day
    # [A85] (range 2,000-6,000; of the 24,000 a day reported "a week ago", Reuters 7 Mar): the
    # non-Libyan arrivals grew ~4,500 a day from 3 to 27 Mar (§8), with days of 2,000; "some
    # 8,000 ... daily. Nearly half ... Ras Djadir" (IOM 8 Apr). From 28 Mar "around 2000
    # arrivals daily, most from Sudan and Bangladesh" (UNHCR, late Mar): 2,000 until Tunisia
    # closes the crossing on 27 Aug. (Until 30 Nov 2026 the crossing itself was held, so the
    # people held back waited at the gate: ~22,000 on 9 Mar, where UNICEF counted 14,250 at
    # Tunisia's border, most of them in the Choucha camp.)
    ("2011-03-02", "link_capacity", "l_zaw_rasajdir", 0.1667),  # 4,000 of 24,000
    ("2011-03-28", "link_capacity", "l_zaw_rasajdir", 0.0833),  # 2,000 of 24,000
    # Dehiba-Wazin before the Western Mountains exodus: a small post on "a twisting mountain
    # road" 70 km from Nalut, abandoned by Libyan soldiers when Nalut rose and retaken by
    # Gaddafi's troops on Mon 28 Feb; on 2 Mar it had "no crush of foreign workers ... a
    # trickle of Egyptians, a few from Mali" (CNN, 2 Mar [S80]); "more than 3,000 refugees from
    # nearly 20 different nations" passed in March under a Libyan army "blockade on the border"
    # (Press TV [S73]); UNHCR counts Dehiba's crossings from 6 Apr, when the Libyan families came
    # ("prior to the fleeing of the Libyan families, we were dealing only with the migrant
    # workers", UNHCR 19 Apr [S80]). Held at 200 of its 4,000 a day [A91] (range 100-500:
    # 3,000 in March is ~100 a day) until 6 Apr.
    ("2011-02-15", "crossing_capacity", "x_dehiba_wazin", 0.05),  # 200 of 4,000
    ("2011-04-06", "crossing_capacity", "x_dehiba_wazin", 1.0),
    # Consulates: border liaison posts open on the day reported [S70]
    ("2011-02-15", "close_consulate", "c_gha_choucha", None),
    ("2011-02-26", "open_consulate", "c_gha_choucha", None),
    ("2011-02-15", "close_consulate", "c_gha_salloum", None),
    ("2011-02-26", "open_consulate", "c_gha_salloum", None),
    ("2011-02-15", "close_consulate", "c_pak_rasajdir", None),
    ("2011-03-01", "open_consulate", "c_pak_rasajdir", None),
    ("2011-02-15", "close_consulate", "c_pak_salloum", None),
    ("2011-03-01", "open_consulate", "c_pak_salloum", None),
    ("2011-02-15", "close_consulate", "c_ind_rasajdir", None),
    ("2011-02-26", "open_consulate", "c_ind_rasajdir", None),
    ("2011-03-12", "close_consulate", "c_ind_rasajdir", None),
    ("2011-02-15", "close_consulate", "c_chn_rasajdir", None),
    ("2011-02-23", "open_consulate", "c_chn_rasajdir", None),
    ("2011-03-06", "close_consulate", "c_chn_rasajdir", None),
    ("2011-02-15", "close_consulate", "c_vnm_salloum", None),
    ("2011-02-24", "open_consulate", "c_vnm_salloum", None),
    ("2011-03-10", "close_consulate", "c_vnm_salloum", None),
    ("2011-02-15", "close_consulate", "c_phl_salloum", None),
    ("2011-02-26", "open_consulate", "c_phl_salloum", None),
    ("2011-02-15", "close_consulate", "c_bgd_choucha", None),
    ("2011-03-03", "open_consulate", "c_bgd_choucha", None),
    # Posts in Libya closing [A51]: 70 of 100 missions closed by ~6 Mar [S71]; posts of states that
    # finished evacuating close soon after; Benghazi posts of states accredited to Tripoli close
    # when the east breaks away.
    ("2011-03-04", "close_consulate", "c_chn_tripoli", None),
    ("2011-03-06", "close_consulate", "c_vnm_tripoli", None),
    ("2011-03-06", "close_consulate", "c_tha_tripoli", None),
    ("2011-03-12", "close_consulate", "c_ind_tripoli", None),
    ("2011-03-19", "close_consulate", "c_phl_tripoli", None),
    ("2011-03-19", "close_consulate", "c_pak_tripoli", None),
    ("2011-02-23", "close_consulate", "c_tun_benghazi", None),
]

# ---------------------------------------------------------------------------------------------
# Evacuations: id, operator, from, to, mode, start, end, seats_per_day, nationalities,
# requires_document, fare, note. seats/day = reported total / reported period unless tagged [A].
# ---------------------------------------------------------------------------------------------
EVACUATIONS = [
    # China: 35,860 in ~12 days, 22 Feb-2 Mar [S20]
    (
        "e_chn_sea_benghazi",
        "China",
        "benghazi_port",
        "china_home",
        "sea",
        "2011-02-23",
        "2011-03-02",
        2000,
        "CHN",
        True,
        0,
        "[S20] ships Benghazi->Crete/Malta then flights; ~16,000",
    ),
    (
        "e_chn_air_tripoli",
        "China",
        "tripoli_airport",
        "china_home",
        "air",
        "2011-02-23",
        "2011-03-02",
        900,
        "CHN",
        True,
        0,
        "[S20] first charter left Tripoli 24 Feb (223)",
    ),
    (
        "e_chn_air_djerba",
        "China",
        "djerba_airport",
        "china_home",
        "air",
        "2011-02-24",
        "2011-03-05",
        1000,
        "CHN",
        True,
        0,
        "[S20] 10,158 flown from Djerba",
    ),
    (
        "e_chn_air_cairo",
        "China",
        "salloum_eg",
        "china_home",
        "air",
        "2011-02-24",
        "2011-03-02",
        200,
        "CHN",
        True,
        0,
        "[S20] >400 by land to Egypt by 24 Feb",
    ),
    # Turkey: >22,000 Turks and 4,800 others (65 nationalities) by 6 Mar [S21]
    (
        "e_tur_sea_benghazi",
        "Turkey",
        "benghazi_port",
        "turkey_home",
        "sea",
        "2011-02-22",
        "2011-03-06",
        1200,
        "TUR",
        True,
        0,
        "[S21] ferries to Marmaris (3,035 on 23 Feb)",
    ),
    (
        "e_tur_air_tripoli",
        "Turkey",
        "tripoli_airport",
        "turkey_home",
        "air",
        "2011-02-21",
        "2011-03-06",
        600,
        "TUR",
        True,
        0,
        "[S21] 1,422 from Tripoli by 23 Feb",
    ),
    (
        "e_tur_sea_benghazi_others",
        "Turkey",
        "benghazi_port",
        "turkey_home",
        "sea",
        "2011-02-22",
        "2011-03-06",
        350,
        "all",
        True,
        0,
        "[S21] 4,800 foreigners from 65 countries",
    ),
    (
        "e_tur_sea_tripoli_egy",
        "Turkey",
        "tripoli_port",
        "alexandria_eg",
        "sea",
        "2011-03-04",
        "2011-03-04",
        1157,
        "EGY",
        False,
        0,
        "[S21] Samsun ferry + frigate: 1,157 Egyptians Tripoli->Alexandria",
    ),
    # India: Operation Safe Homecoming 26 Feb-10 Mar, ~15,400 home [S22]
    (
        "e_ind_air_tripoli",
        "India",
        "tripoli_airport",
        "india_home",
        "air",
        "2011-02-26",
        "2011-03-10",
        850,
        "IND",
        True,
        0,
        "[S22] 47 air charter sorties; Tripoli share",
    ),
    (
        "e_ind_air_sabha",
        "India",
        "sabha_airport",
        "india_home",
        "air",
        "2011-03-06",
        "2011-03-10",
        300,
        "IND",
        True,
        0,
        "[S22] special flights Sebha",
    ),
    (
        "e_ind_sea_benghazi",
        "India",
        "benghazi_port",
        "alexandria_eg",
        "sea",
        "2011-02-28",
        "2011-03-08",
        240,
        "IND",
        True,
        0,
        "[S22] 2,161 Benghazi->Alexandria (Scotia Prince)",
    ),
    # Viet Nam: 10,334 out by 6 Mar; 10 special flights from Tunisia and Egypt; ship 1,121 [S23]
    (
        "e_vnm_sea",
        "Viet Nam",
        "benghazi_port",
        "vietnam_home",
        "sea",
        "2011-03-03",
        "2011-03-03",
        1121,
        "VNM",
        True,
        0,
        "[S23] ship of 1,121 left 3 Mar (port not reported: A63)",
    ),
    (
        "e_vnm_air_djerba",
        "Viet Nam",
        "djerba_airport",
        "vietnam_home",
        "air",
        "2011-03-02",
        "2011-03-09",
        700,
        "VNM",
        True,
        0,
        "[S23] 10 Vietnam Airlines flights (~3,000) + other charters; 8,728 home by 9 Mar [A60]",
    ),
    # Philippines: Ionian Queen 1,546 to Athens [S24]
    (
        "e_phl_sea",
        "Philippines",
        "benghazi_port",
        "philippines_home",
        "sea",
        "2011-03-01",
        "2011-03-01",
        1546,
        "PHL",
        True,
        0,
        "[S24] Ionian Queen (port not reported: A63)",
    ),
    # Pakistan: 274 on a Turkish ship from Benghazi [S25]
    (
        "e_pak_sea",
        "Pakistan",
        "benghazi_port",
        "pakistan_home",
        "sea",
        "2011-03-01",
        "2011-03-01",
        274,
        "PAK",
        True,
        0,
        "[S25]",
    ),
    # Ghana: 16,822 by 22 Mar: 8,505 via Djerba, 6,862 from Tripoli, 1,455 via Cairo [S26]
    (
        "e_gha_air_djerba",
        "Ghana/IOM",
        "djerba_airport",
        "ghana_home",
        "air",
        "2011-03-01",
        "2011-03-22",
        400,
        "GHA",
        True,
        0,
        "[S26]",
    ),
    (
        "e_gha_air_tripoli",
        "Ghana",
        "tripoli_airport",
        "ghana_home",
        "air",
        "2011-03-10",
        "2011-03-18",
        760,
        "GHA",
        True,
        0,
        "[S26] 6,862 from Tripoli; landing permit from ~10 Mar [A66]; no-fly zone from 19 Mar",
    ),
    (
        "e_gha_air_cairo",
        "Ghana/IOM",
        "salloum_eg",
        "ghana_home",
        "air",
        "2011-02-26",
        "2011-03-22",
        60,
        "GHA",
        True,
        0,
        "[S26]",
    ),
    # Egypt and the IOM/UNHCR humanitarian evacuation of Egyptians from Tunisia [S27]
    (
        "e_egy_air_djerba",
        "Egypt",
        "djerba_airport",
        "egypt_home",
        "air",
        "2011-02-24",
        "2011-03-20",
        3000,
        "EGY",
        False,
        0,
        "[S27] ~30 Egyptian flights on 3 Mar",
    ),
    (
        "e_hec_air_djerba_egy",
        "IOM/UNHCR (UK, France, Italy)",
        "djerba_airport",
        "egypt_home",
        "air",
        "2011-03-02",
        "2011-03-15",
        3000,
        "EGY",
        False,
        0,
        "[S27] DFID up to 8,800; UNHCR 16 charters; France 5,000 in 4 days",
    ),
    (
        "e_hec_sea_zarzis_egy",
        "IOM/France/Italy",
        "zarzis_port",
        "egypt_home",
        "sea",
        "2011-03-01",
        "2011-03-15",
        700,
        "EGY",
        False,
        0,
        "[S27] 1,450 by sea by 2 Mar; naval ships",
    ),
    # IOM/UNHCR HEC: Bangladeshis (long haul, IOM) [S28]
    (
        "e_hec_air_djerba_bgd",
        "IOM",
        "djerba_airport",
        "bangladesh_home",
        "air",
        "2011-03-03",
        "2011-03-18",
        1500,
        "BGD",
        False,
        0,
        "[S28] 4-9 flights/day Djerba->Dhaka",
    ),
    (
        "e_hec_air_djerba_bgd_late",
        "IOM",
        "djerba_airport",
        "bangladesh_home",
        "air",
        "2011-03-19",
        "2011-06-30",
        250,
        "BGD",
        False,
        0,
        "[S28] fewer flights after 18 Mar",
    ),
    (
        "e_hec_air_egypt_bgd",
        "IOM",
        "salloum_eg",
        "bangladesh_home",
        "air",
        "2011-03-05",
        "2011-04-01",
        450,
        "BGD",
        False,
        0,
        "[S28] via Alexandria/Cairo (5 flights on 14 Mar)",
    ),
    # IOM/UNHCR HEC: sub-Saharan Africans (short haul, UNHCR) [S29]
    (
        "e_hec_air_djerba_mli",
        "UNHCR/IOM",
        "djerba_airport",
        "mali_home",
        "air",
        "2011-02-28",
        "2011-06-30",
        150,
        "MLI",
        False,
        0,
        "[S29]",
    ),
    (
        "e_hec_air_djerba_sdn",
        "UNHCR/IOM",
        "djerba_airport",
        "sudan_home",
        "air",
        "2011-03-19",
        "2011-06-30",
        300,
        "SDN",
        False,
        0,
        "[S29]",
    ),
    (
        "e_hec_air_djerba_tcd",
        "UNHCR/IOM",
        "djerba_airport",
        "chad_home",
        "air",
        "2011-03-10",
        "2011-06-30",
        150,
        "TCD",
        False,
        0,
        "[S29][A64]",
    ),
    (
        "e_hec_air_djerba_ner",
        "UNHCR/IOM",
        "djerba_airport",
        "niger_home",
        "air",
        "2011-03-10",
        "2011-06-30",
        150,
        "NER",
        False,
        0,
        "[S29][A64]",
    ),
    (
        "e_hec_air_djerba_nga",
        "UNHCR/IOM",
        "djerba_airport",
        "nigeria_home",
        "air",
        "2011-03-10",
        "2011-06-30",
        200,
        "NGA",
        False,
        0,
        "[S29][A64]",
    ),
    (
        "e_hec_air_djerba_xss",
        "UNHCR/IOM",
        "djerba_airport",
        "xss_home",
        "air",
        "2011-03-10",
        "2011-06-30",
        200,
        "XSS",
        False,
        0,
        "[S29][A64]",
    ),
    (
        "e_hec_air_egypt_afr",
        "UNHCR/IOM",
        "salloum_eg",
        "xss_home",
        "air",
        "2011-03-10",
        "2011-06-30",
        150,
        "XSS;NGA;MLI",
        False,
        0,
        "[S29][A64]",
    ),
    (
        "e_hec_air_egypt_sdn",
        "UNHCR/IOM",
        "salloum_eg",
        "sudan_home",
        "air",
        "2011-03-10",
        "2011-06-30",
        200,
        "SDN;TCD",
        False,
        0,
        "[S29][A64]",
    ),
    # IOM onward transport in Niger and Chad [S15][S16]
    (
        "e_iom_road_dirkou",
        "IOM/Niger",
        "dirkou_ne",
        "niger_home",
        "road",
        "2011-03-18",
        "2011-09-30",
        1000,
        "NER",
        False,
        0,
        "[S15] convoys Dirkou->Agadez (4,600 on 18-20 Mar)",
    ),
    (
        "e_iom_road_dirkou_xss",
        "IOM",
        "dirkou_ne",
        "xss_home",
        "road",
        "2011-04-20",
        "2011-09-30",
        100,
        "XSS;NGA;GHA;MLI",
        False,
        0,
        "[S15] ~4,000-5,000 non-Nigeriens",
    ),
    (
        "e_iom_air_faya",
        "IOM",
        "faya_td",
        "chad_home",
        "air",
        "2011-04-06",
        "2011-09-30",
        200,
        "TCD",
        False,
        0,
        "[S16] >1,500 flown in one week (May)",
    ),
    (
        "e_iom_road_faya",
        "IOM/Chad",
        "faya_td",
        "chad_home",
        "road",
        "2011-04-10",
        "2011-09-30",
        600,
        "TCD",
        False,
        0,
        "[S16][A65]",
    ),
    # IOM sea evacuation Benghazi -> Alexandria, and land transport Benghazi -> Salloum [S30]
    (
        "e_iom_sea_benghazi_alex",
        "IOM",
        "benghazi_port",
        "alexandria_eg",
        "sea",
        "2011-03-25",
        "2011-04-10",
        150,
        "all",
        False,
        0,
        "[S30] two IOM sailings Benghazi->Alexandria before 12 Apr",
    ),
    (
        "e_iom_road_benghazi_salloum",
        "IOM",
        "benghazi_port",
        "salloum_eg",
        "road",
        "2011-04-15",
        "2011-06-30",
        300,
        "all",
        False,
        0,
        "[S30] buses Benghazi->Sallum for migrants landed from Misrata; rate [A67]",
    ),
]


# The HEC went on flying people home from Djerba and from Egypt until the transit camps emptied
# [S81]: "IOM has helped nearly 136,000 migrants from 45 countries to return to their home
# countries" (IOM, May); from Tunisia "by boat, charters and commercial flights ... including to
# nationals from Egypt, Bangladesh, Vietnam, Ghana, Nigeria, Mali, Mauritania, Nepal and the
# Philippines" (IOM sitrep, 2 May); "161 flights (joint IOM-UNHCR arranged flights and bi-lateral
# flights coordinated with HEC)" by 14 Mar, to Dhaka, Khartoum, Bamako, Cairo and Accra (Update
# no 8). A nationality with no HEC row of its own after its State's rides (or, for Egyptians,
# after the first wave) ended gets one from each neighbour's airport to the end of the year ("To
# date, IOM and UNHCR have helped more than 200,000 third country nationals go back home", 13
# Sep), at [A93] seats a day (the order of the sub-Saharan rows, [A64]). Without them, everyone
# of those nationalities who crossed after their State's last ride waited in Choucha for ever
# (the camp full at 20,000 from mid-March to the end of the run, where the record has 8,500
# awaiting evacuation on 28 Mar). Refugees from the Horn (no return: UNHCR resettlement) and
# Tunisians (home by road) get none.
HEC_LATE_SEATS = {"djerba_airport": 150, "salloum_eg": 100}  # [A93], sweep x0.5-x2
HEC_LATE = {  # nationality: (home, first day of its late HEC rows)
    "EGY": ("egypt_home", "2011-03-16"),  # after the HEC's Egyptian wave of 2-15 Mar [S27]
    "GHA": ("ghana_home", "2011-03-15"),  # HEC flights to Accra on 15 Mar (Update no 8)
    "PHL": ("philippines_home", "2011-03-02"),
    "IND": ("india_home", "2011-03-02"),
    "PAK": ("pakistan_home", "2011-03-02"),
    "TUR": ("turkey_home", "2011-03-02"),
    "THA": ("thailand_home", "2011-03-02"),
    "CHN": ("china_home", "2011-03-02"),
    "VNM": ("vietnam_home", "2011-03-02"),
}
EVACUATIONS += [
    (
        f"e_hec_late_{'djerba' if origin == 'djerba_airport' else 'egypt'}_{nat.lower()}",
        "UNHCR/IOM",
        origin,
        home,
        "air",
        start,
        "2011-12-31",
        seats,
        nat,
        False,
        0,
        "[S81][A93] HEC for every nationality until the camps emptied",
    )
    for nat, (home, start) in HEC_LATE.items()
    for origin, seats in HEC_LATE_SEATS.items()
    if not (nat == "EGY" and origin == "salloum_eg")  # Egyptians at Salloum are home
]


# ---------------------------------------------------------------------------------------------
# ---------------------------------------------------------------------------------------------
# Reasons to leave that follow nationality (timeline events `call_home` and `group_hazard`)
# ---------------------------------------------------------------------------------------------
# A State that came to fetch its nationals called them to go: `call_home` from the day its first
# operation leaving from Libya itself starts (dates and operators in EVACUATIONS, sourced there
# [S20-S29]). Transport home offered only from the neighbours' side (Egypt's air bridge from
# Djerba, IOM) is onward transport, not a call.
ORIGIN_STATE = {
    "China": "CHN",
    "Turkey": "TUR",
    "India": "IND",
    "Viet Nam": "VNM",
    "Philippines": "PHL",
    "Pakistan": "PAK",
    "Ghana": "GHA",
    "Egypt": "EGY",
    "Niger": "NER",
    "Chad": "TCD",
}


# A State's announced evacuation of all its nationals, where it came before its first operation
# leaving from Libya: the call is the earlier of the two.
CALL_ANNOUNCED = {
    # "Vietnam to evacuate workers from Libya" (SGGP 25 Feb 2011) [S13a]; its companies bussed
    # workers to Ras Ajdir before the ship of 1 Mar
    "VNM": "2011-02-24",
}


def calls_home() -> list[tuple]:
    first: dict[str, str] = dict(CALL_ANNOUNCED)
    for ev in EVACUATIONS:
        operator, start, nats = ev[1], ev[5], ev[8].split(";")
        if PLACE[ev[2]][3] != "LBY":
            continue
        for state in operator.split("/"):
            nat = ORIGIN_STATE.get(state.strip())
            if nat in nats:
                first[nat] = min(first.get(nat, start), start)
    return [(d, "call_home", nat, 1.0) for nat, d in sorted(first.items())]


def instructed(ev: tuple) -> bool:
    """A State's own ride for its own nationals (the test `calls_home` dates the call by, from
    anywhere): where it told them to gather once it called them home. India's embassy moved
    its nationals to Tripoli's airport, Sebha and Benghazi's port for its flights and ships,
    China's consulates bussed its workers to Benghazi's port, Tripoli's airport and over Ras
    Ajdir and Salloum to its flights from Djerba and Cairo (SOURCES.md §6, §10 [S20]-[S26]).
    Marked also for Egypt, Niger and Chad, which issued no call: inert for them."""
    nats = ev[8].split(";")
    return any(ORIGIN_STATE.get(st.strip()) in nats for st in ev[1].split("/"))


# Sub-Saharan Africans hunted as presumed "mercenaries" after 23 Feb (IOM 24 Feb, Menas 2 Mar,
# Global Voices 11 Mar: hiding "for fear of being mistaken as mercenaries"): a danger that
# follows them wherever they live. Level 0.3 ("serious danger") is [A81], sweep 0.1-0.5.
GROUP_HAZARD = [("2011-02-24", "group_hazard", "TCD;NER;MLI;NGA;GHA;XSS;SDN;HOA", 0.3)]


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


SCENARIO = {
    "name": "libya_2011",
    "title": "Libya 2011: exodus of migrant workers (15 Feb - 14 Jun 2011)",
    "description": (
        "Migrants and refugees in Libya when the uprising began on 15-17 February 2011, the spread "
        "of fighting (Benghazi, Tripoli, Zawiya, Misrata, the oil crescent, the Nafusa mountains), "
        "the land borders with Tunisia, Egypt, Algeria, Niger, Chad and Sudan as they were "
        "operated, national evacuations (China, Turkey, India, Viet Nam, Ghana ...) and the "
        "IOM/UNHCR humanitarian evacuation from Djerba, Salloum, Dirkou and Faya. Counts are "
        "real-world estimates (about 1.56 million foreign nationals; IOM estimates range 1.0-2.5 "
        "million); every number and assumption is listed in SOURCES.md. Calibration series are in "
        "observed/."
    ),
    "start_date": START,
    "days": 120,
    # default number of agents: 1 agent ~ 10 people keeps the default run to about a minute
    "agents": 200000,
    "host_country": "LBY",
    "notes": (
        "Sources and assumptions: SOURCES.md. Calibration series: observed/. The tables are "
        "generated by build/build_tables.py."
    ),
    # population defaults [A70-A76]; per-nationality overrides in NATIONALITIES
    "attributes": {
        "phone": 0.7,
        "savings_mean_usd": 300,
        "registered": 0.2,
        "host_language": 0.3,
        "civil_society_contact": 0.05,
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
    # Assumptions beyond the behaviour defaults (SOURCES.md §10 "Reasons to leave"): [A82]-[A84];
    # the insecurity lived with before the war [A89] (calibration.yaml tunes it).
    "behaviour": {
        "speed_track_km_day": 60.0,
        "employer_leave_rate": 1.0,
        "call_leave_rate": 1.0,
        "everyday_hazard": 0.2,
    },
    "host_languages": ["ar"],
}


def write_yaml() -> None:
    import yaml

    doc = {
        k: v for k, v in SCENARIO.items() if k not in ("attributes", "behaviour", "host_languages")
    }
    doc["nationalities"] = [
        {"id": n, "name": name, "language": lang, "origin": origin, "attributes": attrs}
        for n, name, lang, origin, _stock, attrs in NATIONALITIES
    ]
    for k in ("attributes", "behaviour", "host_languages"):
        doc[k] = SCENARIO[k]
    header = (
        "# Libya 2011 scenario (micic-sim). Generated by build/build_tables.py.\n"
        "# Every number: see SOURCES.md ([S..] = public source, [A..] = assumption with its\n"
        "# sweep range). Nationality attributes other than language, employer_size (CHN, TUR)\n"
        "# and registered (VNM) are assumptions (A70-A76).\n"
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
        "Libya 2011 places. Coordinates approximate (towns +-10 km, desert border points +-50 km).\n"
        "Generated by build/build_tables.py; sources in SOURCES.md.",
    )
    link_rows = []
    for lid, a, b, dist, factor, mode, cap, two_way, _note in LINKS:
        d = dist if dist is not None else round(km(a, b) * factor)
        link_rows.append([lid, a, b, max(1, d), "track" if lid in TRACKS else mode, cap, two_way])
    write(
        "links.csv",
        ["id", "from", "to", "distance_km", "mode", "daily_capacity", "two_way"],
        link_rows,
        "Roads, tracks, sea lanes and commercial air services. Distances: sourced where SOURCES.md\n"
        "says so, otherwise great-circle x 1.2 (roads) or x 1.3 (desert tracks) [A20].",
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
            "holds",
        ],
        [list(c[:11]) + [ONWARD.get(c[0], ""), HOLDS.get(c[0], "")] for c in CROSSINGS],
        "Border crossings with the rules as they were applied in Feb-May 2011 (see SOURCES.md).",
    )
    write(
        "consulates.csv",
        ["id", "nationality", "place", "daily_capacity"],
        [list(c) for c in CONSULATES],
        "Consular posts (daily_capacity = emergency travel documents/day: ASSUMPTION A50).\n"
        "HOA and XSS have no post: unrepresented (asylum seekers avoid their own consulate).",
    )
    pop = population_rows()
    write(
        "population.csv",
        ["place", "nationality", "status", "documentation", "age_group", "household", "count"],
        [
            [
                r[k]
                for k in (
                    "place",
                    "nationality",
                    "status",
                    "documentation",
                    "age_group",
                    "household",
                    "count",
                )
            ]
            for r in pop
        ],
        "Real-world counts at 15 Feb 2011 (the model rescales). Totals per nationality are public\n"
        "estimates; the split by place, status, documents, age and household is ASSUMPTION\n"
        "(A40-A45 in SOURCES.md). Generated by build/build_tables.py.",
    )
    tl = sorted(
        TIMELINE + calls_home() + GROUP_HAZARD, key=lambda t: (day(t[0]), t[1] != "close_link")
    )
    write(
        "timeline.csv",
        ["day", "event", "target", "value"],
        [[day(d), ev, tgt, val] for d, ev, tgt, val in tl],
        "Day 0 = 2011-02-15. Hazard 0.3 = serious danger, 1.0 = open fighting.",
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
            "instructed",
        ],
        [
            [e[0], e[1], e[2], e[3], e[4], day(e[5]), day(e[6]), e[7], e[8], e[9], e[10]]
            + [instructed(e)]
            for e in EVACUATIONS
        ],
        "Evacuation transport offers. seats_per_day = reported total / reported period unless an\n"
        "A-tag in SOURCES.md says it is assumed. Day 0 = 2011-02-15.",
    )
    total = sum(r["count"] for r in pop)
    print("population total", total)
    by_nat = {}
    for r in pop:
        by_nat[r["nationality"]] = by_nat.get(r["nationality"], 0) + r["count"]
    print(by_nat)


if __name__ == "__main__":
    main()
