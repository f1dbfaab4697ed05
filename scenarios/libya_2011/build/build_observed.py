# ruff: noqa: E501  (data tables: one record per line, sources quoted in full)
"""Write the observed (calibration) series for Libya 2011 in tidy form.

Columns: date,metric,geography,value,low,high,source. `low`/`high` are empty when the source gives
one figure. Dates are the day the figure refers to ("as of"); where a source gives only a month the
last day of that month is used and SOURCES.md says so. Run from the repository root:
python scenarios/libya_2011/build/build_observed.py
"""

from __future__ import annotations

import csv
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "observed"

# --- sources (short label | URL) --------------------------------------------------------------
UNHCR_0301 = (
    "UNHCR briefing 'Over 140,000 flee Libya' (1 Mar 2011) | https://www.unhcr.org/news/"
    "briefing-notes/over-140000-flee-libya-egypt-and-tunisia-unhcr-steps-efforts-support-refugees"
)
OCHA_SR2 = "OCHA Libya situation report 2 (via migrantsatsea, 2 Mar 2011) | https://migrantsatsea.org/2011/03/02/un-ocha-situation-report-2-on-libya/"
UNICEF_0309 = "UNICEF Ireland story (9 Mar 2011) | https://www.unicef.ie/stories/1348-2/"
UPD8 = (
    "UNHCR/OCHA Update no 8 Humanitarian situation in Libya and neighbouring countries (15 Mar 2011) | "
    "https://doczz.net/doc/5082766/update-no.8-on-the-humanitarian-situation-in-libya-and-the"
)
IOM_1M = (
    "IOM 'Libyan Crisis - One Month into IOM's response' (28 Mar 2011) | https://d.documentop.com/"
    "libyan-crisis-report-one-month-into-ioms-response-international_5a1587511723dd13d961e829.html"
)
UNHCR_UK_MAY = "UNHCR UK monthly update May 2011 - Libya | http://www.unhcr.org.uk/resources/monthly-updates/may-2011/libya.html"
REUTERS_0224 = "Reuters via Mail & Guardian 'Thousands flee violence in Libya' (24 Feb 2011) | https://mg.co.za/article/2011-02-24-thousands-flee-violence-in-libya/"
IOM_0224 = "IOM 'Foreign Nationals Flee Libya to Tunisia, Egypt - Update' (24 Feb 2011) | https://iom.int/news/foreign-nationals-flee-libya-tunisia-egypt-update"
UNHCR_0225 = "UNHCR briefing 25 Feb 2011 | http://www.unhcr.org/4d67929b9.html"
IOM_UNHCR_APPEAL = (
    "IOM/UNHCR joint appeal for humanitarian evacuation (1 Mar 2011) | https://iom.int/news/"
    "iom-and-unhcr-join-forces-appeal-massive-humanitarian-evacuation-people-fleeing-libya-tunisia"
)
IOM_CRANKS = (
    "IOM 'IOM Cranks Up Evacuation Efforts as Thousands More Egyptian Migrants Arrive in Tunisia' (26 Feb 2011) | "
    "https://iom.int/news/iom-cranks-evacuation-efforts-thousands-more-egyptian-migrants-arrive-tunisia"
)
UNHCR_0303 = "UNHCR 'Thousands of people flown home from Tunisia as evacuation begins' (3 Mar 2011) | http://www.unhcr.org/4d6fc2f99.html"
AFP_0303 = "AFP via Expatica 'Hundreds airlifted from Tunisia in mass evacuation' (3 Mar 2011) | https://www.expatica.com/uk/news/country-news/Hundreds-airlifted-from-Tunisia-in-mass-evacuation_244397.html"
AFP_DNE_0303 = "AFP via Daily News Egypt 'Evacuations from Tunisia-Libya border under way' (3 Mar 2011) | https://www.dailynewsegypt.com/2011/03/03/evacuations-from-tunisia-libya-border-under-way/"
TAP_0309 = "TAP (9 Mar 2011) | https://www.turess.com/fr/tapfr/34498"
AFP_AHRAM_0303 = (
    "AFP via Ahram Online 'Evacuation of thousands of Egyptians at Tunisia-Libya border under way' "
    "(3 Mar 2011) | https://english.ahram.org.eg/NewsContent/1/64/6886/Egypt/Politics-/"
    "Evacuation-of-thousands-of-Egyptians-at-TunisiaLib.aspx"
)
OCHA_SITREP2 = (
    "UN OCHA Situation Report No. 2 on Libya (1 Mar 2011), via migrantsatsea | "
    "https://migrantsatsea.org/2011/03/02/un-ocha-situation-report-2-on-libya/"
)
IRIN_0314 = (
    "IRIN 'Tunisia: Migrant workers from Libya face long wait in border transit camp' (14 Mar 2011) | "
    "https://www.thenewhumanitarian.org/report/92186/tunisia-migrant-workers-libya-face-long-wait-border-transit-camp"
)
KT_0313 = "Khaleej Times 'Despair and hunger at camp near border' (13 Mar 2011) | https://www.khaleejtimes.com/article/20110313/ARTICLE/303139896/1016"
UPD18 = "UNHCR/OCHA Update no 18 (12 Apr 2011) | https://docslib.org/doc/4159576/unhcr-operation"
IOM_0502 = "IOM External Situation Report (2 May 2011) | https://de.scribd.com/document/55098211/External-Sit-Rep-2nd-May"
UNHCR_T6 = "UNHCR Southern Tunisia Update #6 (5 May 2011) | https://docslib.org/doc/6682115/southern-tunisia-unhcr-update6"
UNHCR_0429 = "UNHCR 'Exodus of Berbers to southern Tunisia interrupted by border clashes' (29 Apr 2011) | http://www.unhcr.org/4dbad2a89.html"
OCHA_0430 = "OCHA highlights (30 Apr 2011, via euformisurata blog) | https://euformisurata.wordpress.com/2011/04/30/dispatches-from-the-tunisian-border/"
UNHCR_0412 = "UNHCR 'Hundreds of Libyan Berbers flee Western Mountains' (12 Apr 2011) | http://www.unhcr.org/4da42b1f9.html"
UNHCR_LATEMAR = "UNHCR briefing 'Increased displacement in eastern Libya' (late Mar 2011) | https://unhcr.org/us/news/briefing-notes/increased-displacement-eastern-libya"
IOM_0408 = "IOM 'IOM responds to new Libyan challenges, despite dwindling funds' (8 Apr 2011) | https://reliefweb.int/report/algeria/iom-responds-new-libyan-challenges-despite-dwindling-funds"
CANADA_0913 = "Canada House of Commons NDDN committee, IOM figures as of 13 Sep 2011 | https://openparliament.ca/committees/national-defence/41-1/2/mark-strahl-1"
IOM_10M = (
    "IOM MENA 'Humanitarian Response to the Libyan Crisis Feb-Dec 2011' | "
    "https://dokumen.tips/documents/f-e-b-r-u-a-r-y-d-e-c-e-m-b-e-r-2-0-1-1-r-e-p-o-r-t-f-e-b-r-u-a-r-y-d-e-c-e.html"
)
UNHCR_BUDGET = "UNHCR 'Revision to the Supplementary Budget: The Libya Situation 2011' | https://reliefweb.int/report/libya/revision-unhcr-supplementary-budget-libya-situation-2011"
UNHCR_AUG = "UNHCR 'North Africa Humanitarian Situation' page (late Aug 2011) | http://www.unhcr.org/pages/4d7755246.html"
UNHCR_0401 = "UNHCR 'UNHCR chief applauds Egypt' (1 Apr 2011) | http://unhcr.org/4d95c3239.html"
ATLANTIC = "The Atlantic 'Refugees Stuck in Limbo at Desolate Egypt-Libya Border' (May 2011) | http://www.theatlantic.com/international/archive/2011/05/refugees-stuck-in-limbo-at-desolate-egypt-libya-border/238993/2/"
IOM_PHL = "IOM Philippines '45 Overseas Filipino Workers Return From Libya' (~1 Mar 2011) | https://philippines.iom.int/news/45-overseas-filipino-workers-return-libya-iom-assistance"
UNHCR_0318 = "UNHCR briefing 18 Mar 2011 | http://www.unhcr.org/4d83406d9.html"
IOM_0318 = "IOM 'Thousands More African Migrants Arrive into Niger ...' (18 Mar 2011) | https://iom.int/news/thousands-more-african-migrants-arrive-niger-libya-iom-evacuates-first-group-algeria"
IOM_0322 = "IOM 'Ever Increasing Numbers of Sub-Saharan Africans Arrive in Niger' (~22 Mar 2011) | https://iom.int/news/ever-increasing-numbers-sub-saharan-africans-arrive-niger-libya-reports-many-thousands-more-stranded-libya"
AFROL_0427 = "IOM Niamey figures via Afrol/college-ethics blog (27 Apr 2011) | https://college-ethics.blogspot.com/2011/05/610000-migrants-have-fled-libya.html"
ALERTNET_0427 = "AlertNet 'African migrants fleeing Libya need urgent support - IOM' (27 Apr 2011) | https://news.trust.org/item/20110427103400-qw7xu"
IRIN_0519 = "IRIN 'In Libya you face bombs, but in Niger you face death' (19 May 2011) | http://www.irinnews.org/report/92757/"
OCHA_NIGER_0614 = (
    "OCHA Niamey via Fatima Missionaria (June 2011) | https://www.fatimamissionaria.pt/20549/"
)
IRIN_LEAN = "IRIN via AHN 'Lean season awaits migrants escaping Libya' (~Aug 2011) | https://www.ihavenet.com/World-North-Africa-Lean-Season-Awaits-Migrants-Escaping-Libya-AHN.html"
IOM_CHAD_MAY = "IOM 'IOM carries out air evacuations in Chad' (May 2011) | https://reliefweb.int/report/chad/iom-carries-out-air-evacuations-chad-libyan-border-increasing-number-migrants-require"
IRIN_CHAD = "IRIN 'The Libya fallout' (Chad, ~Jun 2011) | https://www.thenewhumanitarian.org/report/93098/chad-libya-fallout"
MENAS_ALG = "Menas Associates 'Algerians flee Libya' citing OCHA 11 Mar 2011 | https://menasassociates.blogspot.com/2011/03/algerians-flee-libya.html"
APS_DEBDEB = "APS via Algerie360 (8 Mar 2011) | https://www.algerie360.com/quelque-80-refugies-venant-de-libye-ont-franchi-le-poste-frontalier-de-debdeb-illizi"
MEO = "Middle East Online '800,000 foreign workers still in Libya' (mid-Mar 2011) | https://meo.news/en/800000-foreign-workers-still-libya"
IOM_3M = "IOM 'Humanitarian Evacuation on the Libyan Border' three-month report (28 May 2011) | https://vdocuments.us/humanitarian-evacuation-10-country-highlights-humanitarian-evacuation-on-the-libyan.html"
MIGREUROP = "Migreurop/FIDH report citing IOM 20 Jun 2011 and UNHCR 14 Jun 2011 | https://www.ritimo.org/Exiles-from-Libya-flee-to-Egypt"
IOM_MCC = "IOM 'Migrants Caught in Crisis: The IOM Experience in Libya' (2012) | https://publications.iom.int/fr/books/migrants-caught-crisis-iom-experience-libya"
XINHUA_0303 = "Xinhua via china.org.cn '35,860 Chinese nationals in Libya evacuated' (3 Mar 2011) | http://english.china.org.cn/wap/2011-03/03/content_22045436.htm"
CHINADAILY_0305 = "China Daily 'Chinese citizens continue to evacuate from Libya' (5 Mar 2011) | http://europe.chinadaily.com.cn/china/2011-03/05/content_12126309.htm"
MEA_0310 = "Ministry of External Affairs via Deccan Herald (10 Mar 2011) | http://deccanherald.com/content/144764/all-indians-back-home-libya.html"
ZAMAN_0308 = "Today's Zaman (8 Mar 2011) | http://www.todayszaman.com/diplomacy_egyptians-evacuated-from-libya-by-turkish-ships-arrive-home_237578.html"
VNM_0306 = "VietnamPlus 'All Vietnamese workers evacuated from Libya' (6 Mar 2011) | https://en.vietnamplus.vn/all-vietnamese-workers-evacuated-from-libya/26754.vnp"
GHA_0322 = "Ghana Business News / GNA (22 Mar 2011) | https://www.ghanabusinessnews.com/2011/03/23/over-16000-ghanaians-evacuated-from-libya-so-far/"
WB_0426 = "World Bank feature (26 Apr 2011) | https://www.worldbank.org/en/news/feature/2011/04/26/bringing-bangladeshi-migrant-workers-home-from-libya"
GL_0615 = "IOM via Geneva Lunch (13-15 Jun 2011) | http://genevalunch.com/2011/06/15/the-cost-of-leaving-libya-iom-and-bangladesh-settle-on-figure/"
SUDAN_0320 = "AFP via Sudanese Online (20 Mar 2011) | http://sudaneseonline.com/en3/publish/Latest_News_1/Sudanese_migrants_return_from_Libya_to_uncertainty_printer.shtml"
IOM_MIS_5 = "IOM 'IOM-Chartered Ship Leaves Misrata after 5th Rescue Mission' (~5 May 2011) | https://reliefweb.int/report/libya/iom-chartered-ship-leaves-misrata-after-5th-rescue-mission-evacuates-935-people"
IOM_MIS_1 = "IOM 'Nearly 1,200 Stranded Migrants Rescued From Misrata' (~15 Apr 2011) | https://iom.int/news/nearly-1200-stranded-migrants-rescued-misrata-iom-chartered-boat"
ICRC_0410 = "ICRC via Expatica 'IOM vessel to evacuate migrants from Libyan port' (12 Apr 2011) | https://www.expatica.com/ch/general/iom-vessel-to-evacuate-migrants-from-libyan-port-80326/"
DHAKA_MIRROR = "Dhaka Mirror 'On Tunisia-Libya border: more join camp' (~23 Mar 2011) | https://dhakamirror.com/?p=28575"
ZEENEWS_0224 = "Zee News / AFP 'Turkey evacuates some 7,000 people from Libya' (24 Feb 2011) | http://zeenews.india.com/news/world/turkey-evacuates-some-7000-people-from-libya_689623.html"
AFP_0228_CHN = "AFP via TimesLive 'China evacuates 29,000 from Libya' (28 Feb 2011) | https://www.timeslive.co.za/news/world/2011-02-28-china-evacuates-29000-from-libya/"
ASSABAH = "Assabah (late Feb 2011) | https://www.turess.com/assabah/50395"

T = "Libya->Tunisia"
TRA = "Libya->Tunisia (Ras Ajdir)"
TDE = "Libya->Tunisia (Dehiba)"

# date, metric, geography, value, low, high, source
TUNISIA = [
    (
        "2011-02-23",
        "cumulative_arrivals_tunisians",
        TRA,
        6700,
        None,
        None,
        IOM_0224 + " ('more than 6,700 Tunisians ... in three days')",
    ),
    (
        "2011-02-24",
        "cumulative_arrivals_all",
        T,
        15000,
        None,
        None,
        REUTERS_0224 + " ('Roughly 15 000')",
    ),
    (
        "2011-02-25",
        "cumulative_arrivals_all",
        T,
        22000,
        None,
        None,
        UNHCR_0225 + " ('over 22,000 have fled since 20 February', Tunisian statistics)",
    ),
    (
        "2011-02-25",
        "arrivals_in_day",
        TRA,
        7800,
        None,
        None,
        IOM_CRANKS + " ('More than 7,800 ... on Friday')",
    ),
    (
        "2011-02-28",
        "arrivals_in_day",
        T,
        14000,
        None,
        None,
        UNHCR_0301 + " (highest daily to date; Tunisian authorities)",
    ),
    (
        "2011-03-01",
        "cumulative_arrivals_all",
        T,
        72500,
        70000,
        75000,
        UNHCR_0301 + " (since 20 Feb)",
    ),
    (
        "2011-03-01",
        "cumulative_arrivals_all",
        T,
        75000,
        None,
        None,
        IOM_UNHCR_APPEAL + " ('More than 75,000 ... since 19 February')",
    ),
    ("2011-03-01", "arrivals_in_day", T, 12500, 10000, 15000, OCHA_SR2 + " (expected)"),
    (
        "2011-03-02",
        "arrivals_in_day",
        TRA,
        7500,
        None,
        None,
        AFP_0303 + " ('More than 7,500 ... on Wednesday')",
    ),
    (
        "2011-03-03",
        "cumulative_arrivals_all",
        T,
        90000,
        None,
        None,
        UNHCR_0303 + " ('more than 90,000 ... into Tunisia')",
    ),
    ("2011-03-03", "arrivals_in_day", T, 9000, None, None, UNHCR_0303 + " (24 h to 8 am 3 Mar)"),
    ("2011-03-09", "arrivals_in_day", TRA, 2500, 2000, 3000, TAP_0309),
    ("2011-03-09", "cumulative_arrivals_all", T, 115000, None, None, UNICEF_0309 + " (estimate)"),
    ("2011-03-13", "cumulative_arrivals_all", T, 151324, None, None, UPD8 + " (IOM/UNHCR HEC)"),
    (
        "2011-03-13",
        "cumulative_arrivals_all",
        T,
        137424,
        None,
        None,
        IRIN_0314 + " (IOM figure quoted 14 Mar; lower than HEC)",
    ),
    ("2011-03-27", "cumulative_arrivals_all", T, 197929, None, None, IOM_1M),
    ("2011-03-27", "cumulative_arrivals_tcn", T, 178361, None, None, IOM_1M),
    ("2011-03-27", "cumulative_arrivals_tunisians", T, 19568, None, None, IOM_1M),
    (
        "2011-03-28",
        "arrivals_in_day",
        T,
        2000,
        None,
        None,
        UNHCR_LATEMAR
        + " ('around 2000 arrivals daily, most from Sudan and Bangladesh'; date approximate)",
    ),
    (
        "2011-04-07",
        "arrivals_in_day",
        TRA,
        4000,
        None,
        None,
        IOM_0408 + " ('some 8,000 ... daily. Nearly half ... Ras Djadir')",
    ),
    ("2011-04-10", "cumulative_arrivals_all", T, 235867, None, None, UPD18),
    ("2011-04-10", "cumulative_arrivals_tunisians", T, 20366, None, None, UPD18),
    (
        "2011-04-10",
        "cumulative_arrivals_libyans",
        T,
        50168,
        None,
        None,
        UPD18 + " (read from garbled table: total - Tunisians - others)",
    ),
    ("2011-04-10", "cumulative_arrivals_tcn", T, 165333, None, None, UPD18 + " ('Others')"),
    (
        "2011-04-11",
        "cumulative_arrivals_libyans",
        TDE,
        500,
        None,
        None,
        UNHCR_0412 + " ('more than 500 ... over the past week')",
    ),
    ("2011-04-27", "arrivals_in_day", TDE, 3100, None, None, UNHCR_0429),
    (
        "2011-04-27",
        "cumulative_arrivals_libyans",
        TDE,
        18500,
        None,
        None,
        OCHA_0430 + " (21-27 Apr only)",
    ),
    (
        "2011-04-28",
        "cumulative_arrivals_libyans",
        TDE,
        30000,
        None,
        None,
        UNHCR_0429 + " ('In the past month, more than 30,000')",
    ),
    ("2011-04-30", "arrivals_in_day", T, 7206, None, None, IOM_0502),
    ("2011-04-30", "cumulative_arrivals_all", T, 313990, None, None, IOM_0502),
    ("2011-05-04", "cumulative_arrivals_all", T, 339223, None, None, UNHCR_T6),
    ("2011-05-04", "cumulative_arrivals_tunisians", T, 33194, None, None, UNHCR_T6),
    ("2011-05-04", "cumulative_arrivals_libyans", T, 129169, None, None, UNHCR_T6),
    ("2011-05-04", "cumulative_arrivals_tcn", T, 176860, None, None, UNHCR_T6),
    (
        "2011-05-04",
        "cumulative_arrivals_libyans",
        TDE,
        44308,
        None,
        None,
        UNHCR_T6 + " (official crossings since 6 Apr)",
    ),
    (
        "2011-05-31",
        "cumulative_arrivals_all",
        T,
        401000,
        400000,
        None,
        UNHCR_UK_MAY + " ('over'; month only, dated end of month)",
    ),
    ("2011-05-31", "cumulative_arrivals_tunisians", T, 42000, None, None, UNHCR_UK_MAY),
    ("2011-05-31", "cumulative_arrivals_libyans", T, 177000, None, None, UNHCR_UK_MAY),
    ("2011-05-31", "cumulative_arrivals_tcn", T, 182000, None, None, UNHCR_UK_MAY),
    (
        "2011-09-13",
        "cumulative_arrivals_migrants",
        T,
        291000,
        None,
        None,
        CANADA_0913 + " (Tunisians + TCNs, excludes Libyans)",
    ),
    (
        "2011-12-31",
        "cumulative_arrivals_migrants",
        T,
        345238,
        None,
        None,
        IOM_10M + " (migrants; excludes Libyans)",
    ),
]

E, N, A, C, S = "Libya->Egypt", "Libya->Niger", "Libya->Algeria", "Libya->Chad", "Libya->Sudan"
ALL = "Libya->all neighbours"
OTHER = [
    # --- Egypt
    (
        "2011-02-22",
        "cumulative_arrivals_egyptians",
        E,
        5000,
        None,
        None,
        "Egyptian security official via JPost (22 Feb 2011) | https://www.jpost.com/middle-east/turkey-italy-plan-to-evacuate-citizens-from-libya",
    ),
    ("2011-02-24", "cumulative_arrivals_egyptians", E, 15000, None, None, REUTERS_0224),
    (
        "2011-03-01",
        "stranded_at_border",
        "Egypt (Salloum processing centre, Egyptians)",
        22000,
        None,
        None,
        IOM_PHL,
    ),
    (
        "2011-03-01",
        "stranded_at_border",
        "Libya/Egypt no-man's land (TCNs without papers)",
        7000,
        None,
        None,
        IOM_PHL,
    ),
    (
        "2011-03-03",
        "cumulative_arrivals_all",
        E,
        80000,
        None,
        None,
        UNHCR_0303 + " ('some 80,000 to Egypt')",
    ),
    ("2011-03-09", "cumulative_arrivals_all", E, 101000, None, None, UNICEF_0309 + " (estimate)"),
    ("2011-03-13", "cumulative_arrivals_all", E, 117991, None, None, UPD8),
    ("2011-03-16", "arrivals_in_day", E, 3163, None, None, UNHCR_0318 + " (1,490 Libyans)"),
    ("2011-03-27", "cumulative_arrivals_all", E, 158234, None, None, IOM_1M),
    ("2011-03-27", "cumulative_arrivals_egyptians", E, 79369, None, None, IOM_1M),
    # IOM's 27 Mar "TCNs" in Egypt are everyone but Egyptians, Libyans included: four days
    # later UNHCR split 160,000 arrivals into 83,000 Egyptians, 32,000 Libyans and 45,000
    # others, and the others were 59,827 on 10 Apr (Update no 18), not 78,865.
    (
        "2011-03-27",
        "cumulative_arrivals_non_egyptians",
        E,
        78865,
        None,
        None,
        IOM_1M + " ('TCNs': all but Egyptians, Libyans included; see 1 Apr)",
    ),
    (
        "2011-04-01",
        "cumulative_arrivals_all",
        E,
        160000,
        None,
        None,
        UNHCR_0401 + " (incl. 83,000 Egyptians, 32,000 Libyans)",
    ),
    ("2011-04-01", "cumulative_arrivals_egyptians", E, 83000, None, None, UNHCR_0401),
    ("2011-04-01", "cumulative_arrivals_libyans", E, 32000, None, None, UNHCR_0401),
    (
        "2011-04-01",
        "cumulative_arrivals_migrants",
        E,
        128000,
        None,
        None,
        UNHCR_0401 + " (160,000 less 32,000 Libyans)",
    ),
    (
        "2011-04-01",
        "cumulative_arrivals_tcn",
        E,
        45000,
        None,
        None,
        UNHCR_0401 + " (160,000 less 83,000 Egyptians and 32,000 Libyans)",
    ),
    ("2011-04-10", "cumulative_arrivals_all", E, 199700, None, None, UPD18),
    ("2011-04-10", "cumulative_arrivals_egyptians", E, 82218, None, None, UPD18),
    ("2011-04-10", "cumulative_arrivals_tcn", E, 59827, None, None, UPD18 + " ('Others')"),
    (
        "2011-05-20",
        "cumulative_arrivals_all",
        E,
        300000,
        None,
        None,
        ATLANTIC + " ('nearly 300,000'; date approximate)",
    ),
    (
        "2011-05-20",
        "cumulative_arrivals_tcn",
        E,
        70000,
        None,
        None,
        ATLANTIC + " ('more than 70,000')",
    ),
    (
        "2011-09-13",
        "cumulative_arrivals_migrants",
        E,
        220000,
        None,
        None,
        CANADA_0913 + " ('over 220,000')",
    ),
    ("2011-12-31", "cumulative_arrivals_migrants", E, 263554, None, None, IOM_10M),
    # --- Niger
    (
        "2011-02-26",
        "cumulative_arrivals_all",
        N,
        1000,
        None,
        None,
        IOM_CRANKS + " ('almost one thousand Nigerien migrants')",
    ),
    ("2011-03-13", "cumulative_arrivals_all", N, 2205, None, None, UPD8),
    (
        "2011-03-18",
        "cumulative_arrivals_all",
        N,
        6000,
        None,
        None,
        IOM_0318 + " ('more than 6,000')",
    ),
    ("2011-03-18", "stranded_at_reception", "Niger (Dirkou)", 4200, None, None, IOM_0318),
    ("2011-03-18", "arrivals_in_day", "Libya->Niger (Dirkou)", 2400, None, None, IOM_0322),
    ("2011-03-21", "cumulative_arrivals_all", N, 9750, None, None, IOM_0322),
    ("2011-03-27", "cumulative_arrivals_all", N, 17617, None, None, IOM_1M),
    ("2011-04-10", "cumulative_arrivals_all", N, 36580, None, None, UPD18),
    (
        "2011-04-27",
        "cumulative_arrivals_all",
        N,
        54200,
        54200,
        57000,
        AFROL_0427 + " (Niger authorities: 57,000)",
    ),
    (
        "2011-04-27",
        "arrivals_in_day",
        "Libya->Niger (Dirkou)",
        1000,
        None,
        None,
        ALERTNET_0427 + " (average)",
    ),
    ("2011-05-19", "cumulative_arrivals_nigeriens", N, 66200, None, None, IRIN_0519),
    ("2011-06-14", "cumulative_arrivals_nigeriens", N, 83324, None, None, OCHA_NIGER_0614),
    ("2011-06-14", "cumulative_arrivals_tcn", N, 3200, None, None, OCHA_NIGER_0614),
    (
        "2011-08-15",
        "cumulative_arrivals_all",
        N,
        75000,
        None,
        None,
        IRIN_LEAN + " (date approximate)",
    ),
    (
        "2011-09-13",
        "cumulative_arrivals_all",
        N,
        80000,
        None,
        None,
        CANADA_0913 + " ('nearly 80,000')",
    ),
    # --- Chad
    ("2011-03-27", "cumulative_arrivals_all", C, 3200, None, None, IOM_1M),
    ("2011-04-10", "cumulative_arrivals_all", C, 6219, None, None, UPD18),
    (
        "2011-05-15",
        "cumulative_arrivals_all",
        C,
        23500,
        None,
        None,
        IOM_CHAD_MAY + " (Faya and Kalait; date approximate)",
    ),
    (
        "2011-05-15",
        "stranded_at_reception",
        "Chad (Faya)",
        4000,
        None,
        None,
        IOM_CHAD_MAY + " ('nearly 4,000')",
    ),
    (
        "2011-08-15",
        "cumulative_arrivals_all",
        C,
        80000,
        None,
        None,
        IRIN_LEAN + " ('since April'; date approximate)",
    ),
    (
        "2011-09-13",
        "cumulative_arrivals_all",
        C,
        50000,
        None,
        None,
        CANADA_0913 + " ('more than 50,000'; inconsistent with IRIN Aug figure)",
    ),
    # --- Algeria
    (
        "2011-03-07",
        "cumulative_arrivals_all",
        "Libya->Algeria (Debdeb)",
        2159,
        None,
        None,
        APS_DEBDEB + " (1,830 foreigners + 329 Algerians since 24 Feb)",
    ),
    ("2011-03-11", "cumulative_arrivals_all", A, 5400, None, None, MENAS_ALG),
    ("2011-03-13", "cumulative_arrivals_all", A, 9094, None, None, UPD8),
    ("2011-03-27", "cumulative_arrivals_all", A, 9987, None, None, IOM_1M),
    ("2011-04-10", "cumulative_arrivals_all", A, 14126, None, None, UPD18),
    ("2011-09-13", "cumulative_arrivals_all", A, 14000, None, None, CANADA_0913),
    # --- Sudan
    ("2011-03-27", "cumulative_arrivals_all", S, 2800, None, None, IOM_1M),
    ("2011-04-10", "cumulative_arrivals_all", S, 2800, None, None, UPD18),
    (
        "2011-09-13",
        "cumulative_arrivals_all",
        S,
        3000,
        None,
        None,
        CANADA_0913 + " ('almost 3,000')",
    ),
    # --- all borders
    (
        "2011-02-24",
        "cumulative_arrivals_all",
        ALL,
        30000,
        None,
        None,
        REUTERS_0224 + " (Tunisia + Egypt only)",
    ),
    ("2011-03-09", "cumulative_arrivals_all", ALL, 227000, None, None, UNICEF_0309 + " (estimate)"),
    # The issue-11 figure for people stranded at the two borders in early March (issue 11's
    # table): UNICEF's 22,500 "stranded at the Libyan borders", of whom 14,250 on the border
    # with Tunisia (where the transit camp held 17,220 on 10 Mar, UNHCR/OCHA Update no 6) and
    # 7,000 on the border with Egypt.
    (
        "2011-03-09",
        "stranded_at_border",
        "Tunisia and Egypt (border areas and transit camps)",
        22500,
        None,
        None,
        UNICEF_0309
        + " (22,500 at the Libyan borders, incl. 14,250 at Tunisia's and 7,000 at Egypt's)",
    ),
    (
        "2011-03-09",
        "stranded_at_border",
        "Tunisia (border and transit camp)",
        14250,
        None,
        None,
        UNICEF_0309,
    ),
    (
        "2011-03-09",
        "stranded_at_border",
        "Egypt (Salloum, both sides)",
        7000,
        None,
        None,
        UNICEF_0309,
    ),
    (
        "2011-03-13",
        "cumulative_arrivals_all",
        ALL,
        253912,
        None,
        None,
        IRIN_0314 + " (IOM; lower than HEC)",
    ),
    ("2011-03-27", "cumulative_arrivals_all", ALL, 389767, None, None, IOM_1M),
    (
        "2011-03-27",
        "cumulative_arrivals_tcn",
        ALL,
        210000,
        None,
        None,
        IOM_1M + " ('more than 210,000')",
    ),
    ("2011-04-11", "cumulative_arrivals_all", ALL, 501240, None, None, UPD18),
    ("2011-04-27", "cumulative_arrivals_all", ALL, 634835, None, None, OCHA_0430),
    ("2011-04-30", "cumulative_arrivals_all", ALL, 665321, None, None, IOM_0502),
    ("2011-04-30", "cumulative_arrivals_tcn", ALL, 258148, None, None, IOM_0502),
    ("2011-04-30", "arrivals_in_day", ALL, 11967, None, None, IOM_0502 + " (Tunisia, Egypt, Chad)"),
    (
        "2011-05-28",
        "cumulative_arrivals_all",
        ALL,
        885600,
        None,
        None,
        IOM_3M + " ('over', incl. Libyans)",
    ),
    (
        "2011-06-15",
        "cumulative_arrivals_migrants",
        ALL,
        606800,
        None,
        None,
        UNHCR_BUDGET + " (date approximate; migrants only)",
    ),
    (
        "2011-06-20",
        "cumulative_arrivals_all",
        ALL,
        1100000,
        None,
        None,
        MIGREUROP + " ('more than 1.1 million')",
    ),
    (
        "2011-08-25",
        "cumulative_arrivals_all",
        ALL,
        656000,
        None,
        None,
        UNHCR_AUG + " ('By late August, some 656,000'; UNHCR basis differs)",
    ),
    ("2011-09-13", "cumulative_arrivals_migrants", ALL, 692500, 685000, 700000, CANADA_0913),
    (
        "2011-12-31",
        "cumulative_arrivals_migrants",
        ALL,
        796915,
        None,
        None,
        IOM_10M + " (TCNs = 45%)",
    ),
    ("2011-12-31", "cumulative_arrivals_migrants", ALL, 790000, None, None, IOM_MCC),
    # --- sea
    (
        "2011-06-14",
        "cumulative_arrivals_all",
        "Libya->Italy/Malta (sea)",
        19000,
        None,
        None,
        MIGREUROP + " (26 Mar-14 Jun)",
    ),
    (
        "2011-06-14",
        "dead_or_missing_at_sea",
        "Libya->Europe (sea)",
        2000,
        None,
        None,
        MIGREUROP + " (UNHCR: 'over 2,000')",
    ),
    (
        "2011-12-31",
        "cumulative_arrivals_all",
        "Libya->Italy/Malta (sea)",
        27700,
        None,
        None,
        "IOM Tunisia page for the Feb-Dec 2011 report | https://tunisia.iom.int/content/humanitarian-response-libyan-crisis-february-december-2011-report",
    ),
    # --- national evacuations
    (
        "2011-02-24",
        "cumulative_evacuated",
        "Turkey (Turks and others)",
        7000,
        None,
        None,
        ZEENEWS_0224,
    ),
    (
        "2011-02-28",
        "cumulative_evacuated",
        "China (Chinese nationals)",
        29000,
        None,
        None,
        AFP_0228_CHN + " ('nearly 29,000')",
    ),
    (
        "2011-03-02",
        "cumulative_evacuated",
        "China (Chinese nationals)",
        35860,
        None,
        None,
        XINHUA_0303,
    ),
    (
        "2011-03-02",
        "cumulative_evacuated",
        "China (other nationals)",
        2100,
        None,
        None,
        XINHUA_0303 + " (12 countries)",
    ),
    (
        "2011-03-04",
        "cumulative_evacuated",
        "China via Tunisia (Ras Ajdir, western route)",
        10675,
        None,
        None,
        CHINADAILY_0305,
    ),
    (
        "2011-03-06",
        "cumulative_evacuated",
        "Turkey (Turkish nationals)",
        22000,
        None,
        None,
        ZAMAN_0308 + " ('more than 22,000')",
    ),
    (
        "2011-03-06",
        "cumulative_evacuated",
        "Turkey (other nationals, 65 countries)",
        4800,
        None,
        None,
        ZAMAN_0308,
    ),
    ("2011-03-06", "cumulative_evacuated", "Viet Nam (left Libya)", 10334, None, None, VNM_0306),
    ("2011-03-10", "cumulative_evacuated", "India (home)", 15400, None, None, MEA_0310),
    (
        "2011-03-10",
        "cumulative_evacuated",
        "India via Egypt (Benghazi sea 2,161; Salloum 527; Djerba 170)",
        2858,
        None,
        None,
        MEA_0310,
    ),
    (
        "2011-03-20",
        "cumulative_evacuated",
        "Sudan (returned, air and via Egypt)",
        15000,
        None,
        None,
        SUDAN_0320 + " ('more than 15,000 ... in the past two weeks')",
    ),
    (
        "2011-03-22",
        "cumulative_evacuated",
        "Ghana (Djerba 8,505; Tripoli 6,862; Cairo 1,455)",
        16822,
        None,
        None,
        GHA_0322,
    ),
    (
        "2011-04-13",
        "cumulative_evacuated",
        "Bangladesh (IOM-assisted)",
        30000,
        None,
        None,
        WB_0426 + " ('close to 30,000')",
    ),
    (
        "2011-06-13",
        "cumulative_evacuated",
        "Bangladesh (returned, eligible for grant)",
        36500,
        None,
        None,
        GL_0615,
    ),
    (
        "2011-06-13",
        "cumulative_evacuated",
        "Bangladesh (flown by IOM)",
        31000,
        None,
        None,
        GL_0615 + " ('nearly 31,000')",
    ),
    # --- IOM/UNHCR humanitarian evacuation
    (
        "2011-03-02",
        "cumulative_evacuated",
        "IOM from Tunisia (air 2,400 + sea 1,450)",
        3850,
        None,
        None,
        "IOM 'Additional evacuation flights ...' (2 Mar 2011) | https://www.iom.int/news/additional-evacuation-flights-help-ease-some-pressure-tunisian/libyan-border",
    ),
    (
        "2011-03-14",
        "cumulative_evacuated",
        "IOM/UNHCR HEC from Tunisia and Egypt",
        25491,
        None,
        None,
        UPD8 + " (incl. ~14,500 Bangladeshis, ~12,100 Egyptians)",
    ),
    ("2011-03-14", "cumulative_flights", "IOM/UNHCR HEC", 161, None, None, UPD8),
    ("2011-03-28", "cumulative_evacuated", "IOM-assisted returns (all)", 78957, None, None, IOM_1M),
    (
        "2011-04-30",
        "cumulative_evacuated",
        "IOM and partners, TCN returns",
        124611,
        None,
        None,
        IOM_0502,
    ),
    (
        "2011-04-30",
        "cumulative_evacuated",
        "IOM transport from Tunisia",
        94201,
        None,
        None,
        IOM_0502,
    ),
    (
        "2011-09-13",
        "cumulative_evacuated",
        "IOM and UNHCR, TCNs helped home",
        200000,
        None,
        None,
        CANADA_0913 + " ('more than 200,000')",
    ),
    # --- Misrata sea evacuation
    (
        "2011-04-29",
        "cumulative_evacuated",
        "IOM sea evacuation Misrata->Benghazi",
        5079,
        None,
        None,
        IOM_0502 + " (4,585 TCNs)",
    ),
    (
        "2011-05-05",
        "cumulative_evacuated",
        "IOM sea evacuation Misrata->Benghazi",
        5512,
        None,
        None,
        IOM_MIS_5,
    ),
    # --- stranded populations
    (
        "2011-03-01",
        "stranded_at_border",
        "Libya side of Ras Ajdir (waiting to enter Tunisia)",
        40000,
        None,
        None,
        IOM_UNHCR_APPEAL,
    ),
    (
        "2011-03-01",
        "stranded_at_border",
        "Bangladeshis on the Libyan side of Ras Ajdir (not allowed to cross)",
        15000,
        None,
        None,
        OCHA_SITREP2
        + " ('over 15,000 Bangladeshis ... are stuck on the Libyan side of the border')",
    ),
    (
        "2011-03-02",
        "cumulative_arrivals_egyptians",
        "Libya->Tunisia",
        38000,
        None,
        None,
        AFP_AHRAM_0303 + " (border officials: 'about 86,500 people crossed over since 20 February"
        " ... including around 38,000 Egyptians')",
    ),
    (
        "2011-03-02",
        "stranded_at_border",
        "Tunisia (Ras Ajdir and Choucha)",
        20000,
        None,
        None,
        AFP_DNE_0303 + " (Tunisian civil security)",
    ),
    (
        "2011-03-02",
        "awaiting_onward_transport",
        "Tunisia (border)",
        25000,
        None,
        None,
        UNHCR_0303 + " (Tunisian government)",
    ),
    (
        "2011-03-03",
        "awaiting_onward_transport",
        "Tunisia (south, mostly Egyptians)",
        50000,
        None,
        None,
        AFP_DNE_0303 + " (Djerba airport director)",
    ),
    ("2011-03-02", "camp_population", "Tunisia (Choucha)", 15000, None, None, AFP_DNE_0303),
    (
        "2011-03-09",
        "camp_population",
        "Tunisia (Ras Jedir camp; 13,000 Bangladeshis)",
        16000,
        None,
        None,
        TAP_0309,
    ),
    (
        "2011-03-13",
        "camp_population",
        "Tunisia (Choucha; 14,000 Bangladeshis)",
        18000,
        None,
        None,
        KT_0313,
    ),
    (
        "2011-03-14",
        "camp_population",
        "Tunisia (Choucha; 10,000 Bangladeshis)",
        17000,
        None,
        None,
        IRIN_0314,
    ),
    (
        "2011-03-21",
        "camp_population",
        "Tunisia (Choucha, Bangladeshis)",
        1500,
        None,
        None,
        DHAKA_MIRROR + " ('just over 1,500'; date approximate)",
    ),
    (
        "2011-03-28",
        "awaiting_evacuation",
        "Tunisia (transit camps)",
        8500,
        None,
        None,
        UNHCR_LATEMAR + " (date approximate)",
    ),
    ("2011-04-10", "stranded_at_port", "Libya (Misrata port)", 6500, 6000, 7000, ICRC_0410),
    (
        "2011-04-13",
        "camp_population",
        "Tunisia (Ras Ajdir camps, Bangladeshis)",
        1000,
        None,
        None,
        WB_0426,
    ),
    ("2011-04-13", "stranded_in_country", "Libya (Bangladeshis)", 40000, 35000, 45000, WB_0426),
    ("2011-04-15", "stranded_at_port", "Libya (Misrata port)", 8300, None, None, IOM_MIS_1),
    ("2011-04-30", "awaiting_evacuation", "All Libyan borders", 6735, None, None, IOM_0502),
    (
        "2011-05-05",
        "stranded_in_city",
        "Libya (Misrata)",
        1500,
        None,
        None,
        IOM_MIS_5 + " ('Up to 1,500')",
    ),
    (
        "2011-08-25",
        "camp_population",
        "Tunisia (three camps near Ras Adjir, refugees and asylum seekers)",
        4000,
        None,
        None,
        UNHCR_AUG + " ('more than 4,000')",
    ),
    (
        "2011-03-15",
        "stranded_in_country",
        "Libya (all foreign workers)",
        800000,
        None,
        None,
        MEO + " (IOM Libya chief)",
    ),
]


def write(name: str, rows) -> None:
    OUT.mkdir(exist_ok=True)
    path = OUT / name
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["date", "metric", "geography", "value", "low", "high", "source"])
        for r in sorted(rows, key=lambda r: (r[0], r[2], r[1])):
            w.writerow(["" if v is None else v for v in r])
    print(f"wrote {path} ({len(rows)} rows)")


if __name__ == "__main__":
    write("tunisia_crossings.csv", TUNISIA)
    write("other_figures.csv", OTHER)
