"""Regenerate the CSV tables of the thailand_2011_floods scenario.

Standard library only. Run from anywhere:  python scenarios/thailand_2011_floods/build/build_tables.py
Every number below is either quoted in SOURCES.md (with its source) or marked ASSUMPTION there with a
sweep range. Road distances are great-circle distances times ROAD_FACTOR (an assumption).
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent  # the scenario folder
ROAD_FACTOR = 1.3  # ASSUMPTION: road km / great-circle km for short (<100 km) links (sweep 1.2-1.5)
LONG_ROAD_FACTOR = (
    1.15  # ASSUMPTION: same for long highway links (>=100 km great-circle) (sweep 1.1-1.3)
)
SEA_FACTOR = 1.2  # ASSUMPTION: boat route / great-circle
THB_PER_USD = 30.0  # conversions used by the 2011 press: 1,500 THB = $50 (DVB), 12-15,000 THB = $400-500 (dpa)

# ----------------------------------------------------------------------------------------------
# places: id, name, kind, country, lat, lon, capacity (None = unlimited)
# Coordinates are approximate centres of the named district / estate / town (WGS84, +-0.05 deg).
PLACES = [
    # --- flooded or threatened residential / work zones (host country THA) ---
    (
        "ayt_north_estates",
        "Ayutthaya north: Saha Rattana Nakorn and Rojana estates (Nakhon Luang, Uthai)",
        "city",
        "THA",
        14.40,
        100.62,
        None,
    ),
    (
        "ayt_south_estates",
        "Ayutthaya south: Hi-Tech, Bang Pa-in and Factory Land estates (Bang Pa-in, Wang Noi)",
        "city",
        "THA",
        14.24,
        100.63,
        None,
    ),
    (
        "pathum_north",
        "Pathum Thani north: Khlong Luang, Nava Nakorn estate, Rangsit",
        "city",
        "THA",
        14.10,
        100.62,
        None,
    ),
    (
        "pathum_south",
        "Pathum Thani south: Mueang, Bang Kadi estate, Lat Lum Kaeo, Lam Luk Ka",
        "city",
        "THA",
        14.00,
        100.55,
        None,
    ),
    (
        "nonthaburi",
        "Nonthaburi: Bang Bua Thong, Bang Yai, Pak Kret",
        "city",
        "THA",
        13.90,
        100.45,
        None,
    ),
    (
        "bkk_north",
        "Bangkok north: Don Mueang, Lak Si, Sai Mai, Bang Khen",
        "city",
        "THA",
        13.90,
        100.60,
        None,
    ),
    (
        "bkk_east",
        "Bangkok east: Khlong Sam Wa, Min Buri, Nong Chok, Lat Krabang",
        "city",
        "THA",
        13.81,
        100.76,
        None,
    ),
    (
        "bkk_inner",
        "Bangkok inner districts (protected by the dykes)",
        "city",
        "THA",
        13.74,
        100.53,
        None,
    ),
    (
        "bkk_west",
        "Bangkok west bank: Bang Phlat, Taling Chan, Thawi Watthana, Bang Khae",
        "city",
        "THA",
        13.74,
        100.40,
        None,
    ),
    (
        "nakhon_pathom",
        "Nakhon Pathom east: Sam Phran, Phutthamonthon",
        "city",
        "THA",
        13.75,
        100.25,
        None,
    ),
    (
        "samut_sakhon",
        "Samut Sakhon: Mueang (Mahachai), Krathum Baen",
        "city",
        "THA",
        13.55,
        100.27,
        None,
    ),
    ("samut_prakan", "Samut Prakan", "city", "THA", 13.60, 100.60, None),
    # --- route towns and dry internal areas ---
    ("nakhon_sawan", "Nakhon Sawan (Highway 32/1 north)", "city", "THA", 15.70, 100.14, None),
    (
        "suphan_buri",
        "Suphan Buri (Highway 340 western route north)",
        "city",
        "THA",
        14.47,
        100.12,
        None,
    ),
    ("tak", "Tak", "city", "THA", 16.87, 99.13, None),
    ("kanchanaburi", "Kanchanaburi", "city", "THA", 14.02, 99.53, None),
    ("ratchaburi", "Ratchaburi (dry internal area)", "city", "THA", 13.54, 99.81, None),
    ("chumphon", "Chumphon (route to Ranong)", "city", "THA", 10.49, 99.18, None),
    (
        "chonburi",
        "Chon Buri / Amata Nakorn (dry industrial area)",
        "city",
        "THA",
        13.42,
        101.02,
        None,
    ),
    ("saraburi", "Saraburi (Friendship Highway north-east)", "city", "THA", 14.53, 100.91, None),
    ("khon_kaen", "Khon Kaen", "city", "THA", 16.43, 102.83, None),
    # --- shelters (capacities: see SOURCES.md) ---
    (
        "sh_thammasat",
        "Thammasat University Rangsit evacuation centre",
        "shelter",
        "THA",
        14.07,
        100.60,
        3000,
    ),
    (
        "sh_dhammakaya",
        "Wat Phra Dhammakaya evacuation centre, Khlong Luang",
        "shelter",
        "THA",
        14.07,
        100.65,
        5000,
    ),
    (
        "sh_thanyaburi",
        "Thanyaburi district evacuation centre",
        "shelter",
        "THA",
        14.02,
        100.73,
        20000,
    ),
    (
        "sh_chaengwattana",
        "Government Complex Chaeng Watthana shelter",
        "shelter",
        "THA",
        13.88,
        100.57,
        1000,
    ),
    (
        "sh_don_mueang",
        "Don Mueang airport FROC evacuee shelter",
        "shelter",
        "THA",
        13.91,
        100.61,
        2000,
    ),
    (
        "sh_rajamangala",
        "Rajamangala Stadium shelter, Hua Mak",
        "shelter",
        "THA",
        13.755,
        100.622,
        3500,
    ),
    (
        "sh_rai_khing",
        "Wat Rai Khing migrant shelter (Ministry of Labour), Sam Phran",
        "shelter",
        "THA",
        13.73,
        100.27,
        500,
    ),
    (
        "sh_ratchaburi",
        "Skilled Labour Institute, Ratchaburi (Ministry of Labour migrant shelter)",
        "shelter",
        "THA",
        13.55,
        99.83,
        500,
    ),
    (
        "sh_klong_maduea",
        "Wat Khlong Maduea, Krathum Baen, Samut Sakhon (LPN-assisted)",
        "shelter",
        "THA",
        13.65,
        100.26,
        300,
    ),
    # --- detention ---
    (
        "idc_bangkok",
        "Immigration Detention Centre, Suan Phlu, Bangkok",
        "detention",
        "THA",
        13.72,
        100.54,
        1000,
    ),
    ("idc_mae_sot", "Mae Sot immigration lock-up", "detention", "THA", 16.72, 98.58, 1000),
    # --- host-side border posts ---
    (
        "mae_sot_checkpoint",
        "Mae Sot immigration checkpoint (Rim Moei; bridge closed, ferry)",
        "border_exit",
        "THA",
        16.70,
        98.52,
        None,
    ),
    (
        "mae_sot_gates",
        "Mae Sot informal river gates on the Moei",
        "border_exit",
        "THA",
        16.68,
        98.54,
        None,
    ),
    ("ranong", "Ranong pier checkpoint", "border_exit", "THA", 9.95, 98.60, None),
    (
        "three_pagodas",
        "Phra Chedi Sam Ong (Three Pagodas Pass), Sangkhlaburi",
        "border_exit",
        "THA",
        15.30,
        98.40,
        None,
    ),
    ("mae_sai", "Mae Sai checkpoint", "border_exit", "THA", 20.43, 99.88, None),
    (
        "aranyaprathet",
        "Aranyaprathet (Khlong Luek) checkpoint",
        "border_exit",
        "THA",
        13.66,
        102.55,
        None,
    ),
    (
        "aranyaprathet_informal",
        "Informal crossings near Aranyaprathet",
        "border_exit",
        "THA",
        13.72,
        102.50,
        None,
    ),
    (
        "nong_khai",
        "Nong Khai, 1st Thai-Lao Friendship Bridge",
        "border_exit",
        "THA",
        17.88,
        102.71,
        None,
    ),
    (
        "nong_khai_informal",
        "Informal Mekong boat crossings near Nong Khai",
        "border_exit",
        "THA",
        17.87,
        102.76,
        None,
    ),
    (
        "mukdahan",
        "Mukdahan, 2nd Thai-Lao Friendship Bridge",
        "border_exit",
        "THA",
        16.59,
        104.73,
        None,
    ),
    # --- other side of the crossings ---
    ("myawaddy", "Myawaddy (Myanmar)", "border_entry", "MMR", 16.69, 98.50, None),
    ("kawthaung", "Kawthaung (Myanmar)", "border_entry", "MMR", 9.98, 98.55, None),
    ("payathonzu", "Payathonzu (Myanmar)", "border_entry", "MMR", 15.29, 98.39, None),
    ("tachileik", "Tachileik (Myanmar)", "border_entry", "MMR", 20.45, 99.88, None),
    ("poipet", "Poipet (Cambodia)", "border_entry", "KHM", 13.65, 102.57, None),
    ("thanaleng", "Thanaleng, Vientiane (Lao PDR)", "border_entry", "LAO", 17.90, 102.71, None),
    ("savannakhet", "Savannakhet (Lao PDR)", "border_entry", "LAO", 16.56, 104.75, None),
    # --- countries of origin (safe) ---
    (
        "mmr_home",
        "Myanmar home areas (represented by Mawlamyine, Mon State)",
        "safe",
        "MMR",
        16.49,
        97.63,
        None,
    ),
    (
        "khm_home",
        "Cambodia home areas (represented by Battambang)",
        "safe",
        "KHM",
        13.10,
        103.20,
        None,
    ),
    ("lao_home", "Lao PDR home areas (represented by Thakhek)", "safe", "LAO", 17.40, 104.80, None),
]

# links: (id, from, to, mode)  distance computed; daily_capacity empty
LINKS = [
    ("r_ayt_n_s", "ayt_north_estates", "ayt_south_estates", "road"),
    ("r_ayt_s_pathum_n", "ayt_south_estates", "pathum_north", "road"),  # Highway 1 / Asian Highway
    ("r_ayt_n_nsawan", "ayt_north_estates", "nakhon_sawan", "road"),  # Highway 32
    ("r_ayt_s_saraburi", "ayt_south_estates", "saraburi", "road"),
    ("r_pathum_n_s", "pathum_north", "pathum_south", "road"),
    ("r_pathum_n_thammasat", "pathum_north", "sh_thammasat", "road"),
    ("r_pathum_n_dhammakaya", "pathum_north", "sh_dhammakaya", "road"),
    ("r_pathum_n_thanyaburi", "pathum_north", "sh_thanyaburi", "road"),
    ("r_pathum_s_thanyaburi", "pathum_south", "sh_thanyaburi", "road"),
    ("r_pathum_s_bkk_n", "pathum_south", "bkk_north", "road"),  # Vibhavadi / Phahonyothin
    ("r_pathum_s_nont", "pathum_south", "nonthaburi", "road"),
    ("r_nont_bkk_n", "nonthaburi", "bkk_north", "road"),
    ("r_nont_bkk_w", "nonthaburi", "bkk_west", "road"),
    ("r_nont_chaeng", "nonthaburi", "sh_chaengwattana", "road"),
    ("r_nont_suphan", "nonthaburi", "suphan_buri", "road"),  # Highway 340
    ("r_bkk_n_chaeng", "bkk_north", "sh_chaengwattana", "road"),
    ("r_bkk_n_donmueang", "bkk_north", "sh_don_mueang", "road"),
    ("r_bkk_n_inner", "bkk_north", "bkk_inner", "road"),
    ("r_bkk_n_e", "bkk_north", "bkk_east", "road"),
    ("r_bkk_e_inner", "bkk_east", "bkk_inner", "road"),
    ("r_bkk_e_rajamangala", "bkk_east", "sh_rajamangala", "road"),
    ("r_bkk_inner_rajamangala", "bkk_inner", "sh_rajamangala", "road"),
    ("r_bkk_inner_w", "bkk_inner", "bkk_west", "road"),
    ("r_bkk_inner_idc", "bkk_inner", "idc_bangkok", "road"),
    ("r_bkk_inner_sprakan", "bkk_inner", "samut_prakan", "road"),
    ("r_bkk_e_sprakan", "bkk_east", "samut_prakan", "road"),
    ("r_bkk_e_chonburi", "bkk_east", "chonburi", "road"),  # Motorway 7 / Bang Na-Trat
    ("r_sprakan_chonburi", "samut_prakan", "chonburi", "road"),
    ("r_bkk_e_saraburi", "bkk_east", "saraburi", "road"),
    ("r_bkk_e_aranya", "bkk_east", "aranyaprathet", "road"),  # Highway 304/33
    ("r_bkk_e_aranya_inf", "bkk_east", "aranyaprathet_informal", "road"),
    ("r_chonburi_aranya", "chonburi", "aranyaprathet", "road"),
    ("r_bkk_w_npathom", "bkk_west", "nakhon_pathom", "road"),
    ("r_bkk_w_raikhing", "bkk_west", "sh_rai_khing", "road"),
    ("r_bkk_w_ssakhon", "bkk_west", "samut_sakhon", "road"),  # Rama II
    ("r_bkk_w_maduea", "bkk_west", "sh_klong_maduea", "road"),
    ("r_npathom_raikhing", "nakhon_pathom", "sh_rai_khing", "road"),
    ("r_ssakhon_raikhing", "samut_sakhon", "sh_rai_khing", "road"),
    ("r_ssakhon_maduea", "samut_sakhon", "sh_klong_maduea", "road"),
    ("r_ssakhon_ratchaburi", "samut_sakhon", "ratchaburi", "road"),  # Rama II / Highway 35
    ("r_npathom_ratchaburi", "nakhon_pathom", "ratchaburi", "road"),  # Highway 4
    ("r_npathom_suphan", "nakhon_pathom", "suphan_buri", "road"),  # Highway 321
    ("r_npathom_kanchana", "nakhon_pathom", "kanchanaburi", "road"),  # Highway 323
    ("r_ratchaburi_sh", "ratchaburi", "sh_ratchaburi", "road"),
    ("r_raikhing_sh_ratchaburi", "sh_rai_khing", "sh_ratchaburi", "road"),
    ("r_ratchaburi_chumphon", "ratchaburi", "chumphon", "road"),  # Highway 4 south
    ("r_chumphon_ranong", "chumphon", "ranong", "road"),
    ("r_kanchana_3pagodas", "kanchanaburi", "three_pagodas", "road"),  # Highway 323
    ("r_suphan_nsawan", "suphan_buri", "nakhon_sawan", "road"),  # via Chai Nat
    ("r_nsawan_tak", "nakhon_sawan", "tak", "road"),  # Highway 1
    ("r_tak_maesot_cp", "tak", "mae_sot_checkpoint", "road"),  # Highway 12 / AH1
    ("r_tak_maesot_gates", "tak", "mae_sot_gates", "road"),
    ("r_maesot_cp_gates", "mae_sot_checkpoint", "mae_sot_gates", "road"),
    ("r_maesot_idc", "mae_sot_checkpoint", "idc_mae_sot", "road"),
    ("r_tak_maesai", "tak", "mae_sai", "road"),  # via Lampang, Chiang Rai
    ("r_saraburi_khonkaen", "saraburi", "khon_kaen", "road"),  # Friendship Highway 2
    ("r_khonkaen_nongkhai", "khon_kaen", "nong_khai", "road"),
    ("r_khonkaen_nongkhai_inf", "khon_kaen", "nong_khai_informal", "road"),
    ("r_khonkaen_mukdahan", "khon_kaen", "mukdahan", "road"),
    # beyond the border
    ("r_myawaddy_home", "myawaddy", "mmr_home", "road"),
    ("s_kawthaung_home", "kawthaung", "mmr_home", "sea"),
    ("r_payathonzu_home", "payathonzu", "mmr_home", "road"),
    ("r_tachileik_home", "tachileik", "mmr_home", "road"),
    ("r_poipet_home", "poipet", "khm_home", "road"),
    ("r_thanaleng_home", "thanaleng", "lao_home", "road"),
    ("r_savannakhet_home", "savannakhet", "lao_home", "road"),
]

# crossings: id, exit, entry, daily_capacity, documents, visa_required, exit_permit, exit_fee_usd,
#            overstay_penalty_usd, detains_irregular, distance_km
OVERSTAY_USD = round(20000 / THB_PER_USD)  # 20,000 THB cap on overstay fines -> 667 USD
CROSSINGS = [
    (
        "maesot_official",
        "mae_sot_checkpoint",
        "myawaddy",
        3000,
        "any",
        "KHM;LAO",
        "no",
        0,
        OVERSTAY_USD,
        "yes",
        1,
    ),
    (
        "maesot_gates",
        "mae_sot_gates",
        "myawaddy",
        3000,
        "none",
        "",
        "no",
        round(1500 / THB_PER_USD),
        0,
        "no",
        1,
    ),
    (
        "ranong_kawthaung",
        "ranong",
        "kawthaung",
        1000,
        "any",
        "KHM;LAO",
        "no",
        0,
        OVERSTAY_USD,
        "yes",
        5,
    ),
    (
        "three_pagodas_pass",
        "three_pagodas",
        "payathonzu",
        300,
        "any",
        "KHM;LAO",
        "no",
        0,
        OVERSTAY_USD,
        "yes",
        1,
    ),
    (
        "maesai_tachileik",
        "mae_sai",
        "tachileik",
        2000,
        "any",
        "KHM;LAO",
        "no",
        0,
        OVERSTAY_USD,
        "yes",
        1,
    ),
    (
        "aranya_poipet",
        "aranyaprathet",
        "poipet",
        5000,
        "any",
        "MMR",
        "no",
        0,
        OVERSTAY_USD,
        "yes",
        1,
    ),
    ("aranya_informal", "aranyaprathet_informal", "poipet", 1000, "none", "", "no", 20, 0, "no", 3),
    (
        "nongkhai_thanaleng",
        "nong_khai",
        "thanaleng",
        5000,
        "any",
        "MMR",
        "no",
        0,
        OVERSTAY_USD,
        "yes",
        2,
    ),
    ("mekong_boats", "nong_khai_informal", "thanaleng", 500, "none", "", "no", 10, 0, "no", 2),
    (
        "mukdahan_savannakhet",
        "mukdahan",
        "savannakhet",
        2000,
        "any",
        "MMR",
        "no",
        0,
        OVERSTAY_USD,
        "yes",
        2,
    ),
]

CONSULATES = [
    ("mmr_embassy_bkk", "MMR", "bkk_inner", 200),
    ("mmr_mobile_raikhing", "MMR", "sh_rai_khing", 250),
    ("khm_embassy_bkk", "KHM", "bkk_inner", 100),
    ("lao_embassy_bkk", "LAO", "bkk_inner", 100),
    ("lao_cg_khonkaen", "LAO", "khon_kaen", 50),
]

# timeline: (day, event, target, value). Day 0 = 2011-10-01.
TIMELINE = [
    # hazard by place (see SOURCES.md section "Hazard timeline")
    (0, "hazard", "nakhon_sawan", 0.6),
    (55, "hazard", "nakhon_sawan", 0.4),
    (70, "hazard", "nakhon_sawan", 0.2),
    (0, "hazard", "suphan_buri", 0.4),
    (55, "hazard", "suphan_buri", 0.2),
    (0, "hazard", "ayt_north_estates", 0.3),
    (3, "hazard", "ayt_north_estates", 0.8),
    (7, "hazard", "ayt_north_estates", 1.0),
    (55, "hazard", "ayt_north_estates", 0.6),
    (70, "hazard", "ayt_north_estates", 0.3),
    (76, "hazard", "ayt_north_estates", 0.1),
    (0, "hazard", "ayt_south_estates", 0.2),
    (6, "hazard", "ayt_south_estates", 0.4),
    (11, "hazard", "ayt_south_estates", 0.6),
    (12, "hazard", "ayt_south_estates", 1.0),
    (55, "hazard", "ayt_south_estates", 0.6),
    (70, "hazard", "ayt_south_estates", 0.3),
    (76, "hazard", "ayt_south_estates", 0.1),
    (0, "hazard", "pathum_north", 0.1),
    (13, "hazard", "pathum_north", 0.3),
    (16, "hazard", "pathum_north", 1.0),
    (50, "hazard", "pathum_north", 0.6),
    (65, "hazard", "pathum_north", 0.3),
    (0, "hazard", "pathum_south", 0.1),
    (16, "hazard", "pathum_south", 0.4),
    (19, "hazard", "pathum_south", 1.0),
    (50, "hazard", "pathum_south", 0.6),
    (65, "hazard", "pathum_south", 0.3),
    (0, "hazard", "nonthaburi", 0.1),
    (12, "hazard", "nonthaburi", 0.5),
    (22, "hazard", "nonthaburi", 0.8),
    (55, "hazard", "nonthaburi", 0.5),
    (70, "hazard", "nonthaburi", 0.2),
    (18, "hazard", "bkk_north", 0.3),
    (24, "hazard", "bkk_north", 0.8),
    (33, "hazard", "bkk_north", 0.9),
    (48, "hazard", "bkk_north", 0.5),
    (60, "hazard", "bkk_north", 0.2),
    (18, "hazard", "bkk_east", 0.3),
    (27, "hazard", "bkk_east", 0.6),
    (33, "hazard", "bkk_east", 0.7),
    (65, "hazard", "bkk_east", 0.3),
    (27, "hazard", "bkk_inner", 0.15),
    (48, "hazard", "bkk_inner", 0.05),
    (27, "hazard", "bkk_west", 0.3),
    (33, "hazard", "bkk_west", 0.8),
    (65, "hazard", "bkk_west", 0.3),
    (30, "hazard", "nakhon_pathom", 0.3),
    (34, "hazard", "nakhon_pathom", 0.5),
    (35, "hazard", "nakhon_pathom", 0.8),
    (55, "hazard", "nakhon_pathom", 0.5),
    (70, "hazard", "nakhon_pathom", 0.2),
    (40, "hazard", "samut_sakhon", 0.3),
    (65, "hazard", "samut_sakhon", 0.1),
    (35, "hazard", "samut_prakan", 0.2),
    (65, "hazard", "samut_prakan", 0.05),
    # shelters flooded
    (18, "hazard", "sh_thammasat", 0.3),
    (21, "hazard", "sh_thammasat", 1.0),
    (24, "hazard", "sh_don_mueang", 1.0),
    (33, "hazard", "sh_chaengwattana", 0.3),
    (34, "hazard", "sh_rai_khing", 0.5),
    (35, "hazard", "sh_rai_khing", 1.0),
    (40, "hazard", "sh_klong_maduea", 0.2),
    # shelters that did not exist yet: their access links are closed until they opened
    (0, "close_link", "r_bkk_w_raikhing", None),
    (0, "close_link", "r_npathom_raikhing", None),
    (0, "close_link", "r_ssakhon_raikhing", None),
    (0, "close_link", "r_raikhing_sh_ratchaburi", None),
    (24, "open_link", "r_bkk_w_raikhing", None),
    (24, "open_link", "r_npathom_raikhing", None),
    (24, "open_link", "r_ssakhon_raikhing", None),
    (0, "close_link", "r_ratchaburi_sh", None),
    (35, "open_link", "r_ratchaburi_sh", None),
    (35, "open_link", "r_raikhing_sh_ratchaburi", None),
    (0, "close_link", "r_ssakhon_maduea", None),
    (0, "close_link", "r_bkk_w_maduea", None),
    (40, "open_link", "r_ssakhon_maduea", None),
    (40, "open_link", "r_bkk_w_maduea", None),
    # roads north cut (WHO SEARO 20 Oct: "Railway and highway routes to the North are still cut off")
    (10, "close_link", "r_ayt_n_nsawan", None),
    (45, "open_link", "r_ayt_n_nsawan", None),
    (16, "close_link", "r_ayt_s_pathum_n", None),
    (50, "open_link", "r_ayt_s_pathum_n", None),
    (24, "close_link", "r_pathum_s_bkk_n", None),
    (48, "open_link", "r_pathum_s_bkk_n", None),
    # Myanmar embassy mobile team at Wat Rai Khing (temporary passports), early November
    (0, "close_consulate", "mmr_mobile_raikhing", None),
    (32, "open_consulate", "mmr_mobile_raikhing", None),
    (35, "close_consulate", "mmr_mobile_raikhing", None),
]

EVACUATIONS = [
    # id, operator, from, to, mode, start, end, seats/day, nationalities, requires_document, fare_usd
    (
        "mol_raikhing_maesot",
        "Thai Ministry of Labour (reported)",
        "sh_rai_khing",
        "myawaddy",
        "road",
        35,
        35,
        60,
        "MMR",
        "yes",
        0,
    ),
]

# ----------------------------------------------------------------------------------------------
# population
# (place, registered, unregistered, nationality shares key)
BKK_REG, BKK_UNREG = 176_367, 200_000  # Hall, Prachatai Oct 2011
BKK_SPLIT = {"bkk_north": 0.25, "bkk_east": 0.25, "bkk_inner": 0.30, "bkk_west": 0.20}  # ASSUMPTION
NP_REG, NP_UNREG = 31_000, 15_000  # registered: Hall ("31..."); unregistered ASSUMPTION 10-30k
VICINITY_REG, VICINITY_UNREG = (
    250_334,
    150_000,
)  # Hall "Greater Bangkok" (read as the 5 vicinity provinces)
SS_SP_REG = VICINITY_REG - 40_000 - 43_000 - NP_REG  # 136,334
SS_SP_UNREG = VICINITY_UNREG - 20_000 - 31_000 - NP_UNREG  # 84,000
AYT_REG, AYT_UNREG = 25_000, 10_000  # ASSUMPTION (15-50k, 5-30k)

POP = [
    ("ayt_north_estates", AYT_REG * 0.45, AYT_UNREG * 0.45, "estates"),
    ("ayt_south_estates", AYT_REG * 0.55, AYT_UNREG * 0.55, "estates"),
    ("pathum_north", 43_000 * 0.5, 31_000 * 0.5, "estates"),
    ("pathum_south", 43_000 * 0.5, 31_000 * 0.5, "estates"),
    ("nonthaburi", 40_000, 20_000, "national"),
    *[(p, BKK_REG * s, BKK_UNREG * s, "national") for p, s in BKK_SPLIT.items()],
    ("nakhon_pathom", NP_REG, NP_UNREG, "national"),
    ("samut_sakhon", SS_SP_REG * 0.65, SS_SP_UNREG * 0.65, "national"),
    ("samut_prakan", SS_SP_REG * 0.35, SS_SP_UNREG * 0.35, "national"),
]
NAT_SHARES = {
    "national": {"MMR": 0.786, "KHM": 0.109, "LAO": 0.105},  # ADB/JUNIMA: registered migrants 2011
    "estates": {"MMR": 0.50, "KHM": 0.25, "LAO": 0.25},  # ASSUMPTION (MMR 0.3-0.8)
}
PASSPORT_SHARE = {
    "MMR": 0.30,
    "KHM": 0.65,
    "LAO": 0.60,
}  # NV passports Feb 2011 / registered 2011 (derived)
EMPLOYER_HELD = 0.5  # ASSUMPTION (0.2-0.8) share of passports held by employers
OVERSTAYER_SHARE = (
    0.05  # ASSUMPTION (0-0.15) of unregistered: passport holders whose permission lapsed
)
CHILD_SHARE, ELDERLY_SHARE = (
    0.08,
    0.01,
)  # ASSUMPTION (0.05-0.15; 0-0.03); all irregular / no document
FAMILY_ADULT = 0.30  # ASSUMPTION (0.2-0.5) adults living with family
LIVE_IN = {
    "bkk_north": 0.05,
    "bkk_east": 0.05,
    "bkk_inner": 0.05,
    "bkk_west": 0.05,
}  # ASSUMPTION; 0.01 elsewhere


def haversine(a: tuple[float, float], b: tuple[float, float]) -> float:
    (la1, lo1), (la2, lo2) = a, b
    p1, p2 = math.radians(la1), math.radians(la2)
    dp, dl = p2 - p1, math.radians(lo2 - lo1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def largest_remainder(weights: dict, total: int) -> dict:
    raw = {k: total * w for k, w in weights.items()}
    out = {k: int(math.floor(v)) for k, v in raw.items()}
    rest = total - sum(out.values())
    for k in sorted(raw, key=lambda k: raw[k] - out[k], reverse=True)[:rest]:
        out[k] += 1
    return out


def population_rows() -> list[tuple]:
    rows = []
    for place, reg, unreg, key in POP:
        for nat, share in NAT_SHARES[key].items():
            r, u = reg * share, unreg * share
            total = round(r + u)
            p = PASSPORT_SHARE[nat]
            adult_cells = {  # (status, documentation): weight in the adult population
                ("regular", "passport"): r * p * (1 - EMPLOYER_HELD),
                ("regular", "employer_held"): r * p * EMPLOYER_HELD,
                ("regular", "none"): r * (1 - p),  # registered, provincial work permit, no passport
                ("irregular", "none"): u * (1 - OVERSTAYER_SHARE),
                ("overstayer", "passport"): u * OVERSTAYER_SHARE,
            }
            s = sum(adult_cells.values())
            live_in = LIVE_IN.get(place, 0.01)
            weights = {
                ("irregular", "none", "child", "family"): CHILD_SHARE,
                ("irregular", "none", "elderly", "family"): ELDERLY_SHARE,
            }
            adult = 1 - CHILD_SHARE - ELDERLY_SHARE
            for (st, doc), w in adult_cells.items():
                weights[(st, doc, "adult", "single")] = adult * w / s * (1 - FAMILY_ADULT - live_in)
                weights[(st, doc, "adult", "family")] = adult * w / s * FAMILY_ADULT
                weights[(st, doc, "adult", "live_in")] = adult * w / s * live_in
            for (st, doc, age, hh), n in largest_remainder(weights, total).items():
                rows.append((place, nat, st, doc, age, hh, n))
    return rows


def write(name: str, header: list[str], rows: list[tuple], comment: str) -> None:
    with open(HERE / name, "w", newline="", encoding="utf-8") as f:
        for line in comment.strip().splitlines():
            f.write(f"# {line}\n")
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for row in rows:
            w.writerow(["" if v is None else v for v in row])


def main() -> None:
    coords = {p[0]: (p[4], p[5]) for p in PLACES}
    write(
        "places.csv",
        ["id", "name", "kind", "country", "lat", "lon", "capacity"],
        PLACES,
        "Generated by build/build_tables.py. Coordinates approximate (+-0.05 deg). Capacities: see SOURCES.md.",
    )
    links = []
    for lid, a, b, mode in LINKS:
        gc = haversine(coords[a], coords[b])
        d = gc * (SEA_FACTOR if mode == "sea" else ROAD_FACTOR if gc < 100 else LONG_ROAD_FACTOR)
        links.append((lid, a, b, max(1, round(d)), mode, None, "yes"))
    write(
        "links.csv",
        ["id", "from", "to", "distance_km", "mode", "daily_capacity", "two_way"],
        links,
        "Generated by build/build_tables.py. distance_km = great-circle x 1.3 (road < 100 km), x 1.15 (road >= 100 km), x 1.2 (sea): ASSUMPTION, see SOURCES.md.",
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
        ],
        CROSSINGS,
        "Generated by build/build_tables.py. Rules and capacities: see SOURCES.md (most capacities are ASSUMPTIONS with ranges).",
    )
    write(
        "consulates.csv",
        ["id", "nationality", "place", "daily_capacity"],
        CONSULATES,
        "Generated by build/build_tables.py. daily_capacity = emergency travel documents per day: ASSUMPTIONS, see SOURCES.md.",
    )
    write(
        "timeline.csv",
        ["day", "event", "target", "value"],
        TIMELINE,
        "Generated by build/build_tables.py. Day 0 = 2011-10-01. Hazard values translate dated reports: see SOURCES.md.",
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
        EVACUATIONS,
        "Generated by build/build_tables.py. Only one reported organised return; see SOURCES.md.",
    )
    pop = population_rows()
    write(
        "population.csv",
        ["place", "nationality", "status", "documentation", "age_group", "household", "count"],
        pop,
        "Generated by build/build_tables.py. Real-world counts (the model rescales). Derivation: SOURCES.md.",
    )
    tot: dict = {}
    for _place, nat, st, doc, _age, _hh, n in pop:
        tot[nat] = tot.get(nat, 0) + n
        tot[(st, doc)] = tot.get((st, doc), 0) + n
    print(f"population rows {len(pop)}, total {sum(r[-1] for r in pop):,}")
    for k, v in tot.items():
        print(f"  {k}: {v:,}")


if __name__ == "__main__":
    main()
