"""Write the two large Flee ``conflicts.csv`` files of these cases from their onset days.

The stored FabFlee files are 0/1 day-by-location matrices (41,517 and 57,944 bytes). Where a
column only switches on once, the matrix is fully given by each column's first day at 1;
the rest is copied verbatim (``TAIL`` rows). Run once; the output is committed, so nothing is
fetched or generated at run time. ``--check`` compares the written sizes with the originals'.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

ETHIOPIA_COLS = (
    "Adigrat Midre_Genet Dansha Humera May_Cadera Cheraro Aheferom Maychew Zala_Anbesa Korarit "
    "Denbe_Khabela Aksum Mekele Tahtay_Koraro Hitsats Idaga_Hamus Wikro Adwa Hawzen Tsimbla "
    "Gulo_Mekeda Mahibere_Dego Gijet Selekleka Saesi_Tsaedaemba Korem Freweyni Samre Enderta "
    "Abiy_Adi Bahir_Dar Gondar Adi_Goshu Adebay Alamata Adi_Ramets Mai_Aini Adi_Harush Shimelba "
    "Dedebit Adi_Gudom Inda_Aba_Guna Maitemen Sehra Tsorona Hamdayet Abderafi Village_8 Lugdi "
    "Um_Rakuba Tunaydbah Sehra Tsorona Wad_Al_Mahi Gedaref"
).split()
ETHIOPIA_ONSET = [0, 2, 5, 6, 7, 9, 11, 11, 11, 12, 14, 16, 16, 16, 17, 18, 28, 29, 42, 63, 73, 73]
ETHIOPIA_ONSET += [104, 104, 112, 130, 140, 163, 231, 233]


def ethiopia() -> str:
    """Rows 0-242, ', ' separated, header ending in ','; 25 columns never in conflict."""
    onset = ETHIOPIA_ONSET + [10**9] * (len(ETHIOPIA_COLS) - len(ETHIOPIA_ONSET))
    lines = ["#Day, " + ", ".join(ETHIOPIA_COLS) + ","]
    for day in range(243):
        lines.append(", ".join([str(day)] + ["1" if day >= o else "0" for o in onset]))
    return "\n".join(lines) + "\n"


NIGERIA_COLS = (
    "Borno, Ondo, Kaduna, Benue, Enugu, Kebbi, Rivers, Federal Capital Territory, Ekiti, Zamfara, "
    "Katsina, Ebonyi, Delta, Plateau, Niger, Kogi, Imo, Osun, Yobe, Edo, Anambra, Kwara, Lagos, "
    "Cross River, Kano, Akwa Ibom, Oyo, Bauchi, Adamawa, Taraba, Jigawa, Sokoto, Nassarawa, Abia, "
    "Ogun, Bayelsa, Gombe"
).split(", ")
NIGERIA_ONSET = [0, 0, 0, 0, 0, 0, 1, 2, 2, 3, 3, 3, 4, 5, 6, 7, 8, 9, 9, 10, 10, 13, 14, 17, 23]
NIGERIA_ONSET += [25, 26, 27, 29, 32, 34, 34, 35, 44, 52, 57, 82]


def nigeria() -> str:
    """CRLF; rows 0-299 switch on once (the onsets), rows 300-364 copied verbatim (TAIL file).

    FabFlee's file runs to day 730 (57,944 bytes); the case simulates 365 days, so the rows
    after day 364 (irregular, never read) are not kept.
    """
    head = ["#Day, " + ", ".join(NIGERIA_COLS)]
    for day in range(300):
        head.append(",".join([str(day)] + ["1" if day >= o else "0" for o in NIGERIA_ONSET]))
    tail = (HERE / "nigeria2022_2024" / "input" / "conflicts_tail_300_364.txt").read_text()
    return "\r\n".join(head + tail.splitlines()) + "\r\n"


MALI2017_COLS = (
    "Abala,Ayorou,Bobo_Dioulasso,Goudoubo,Intikane,Mangaize,Mbera,Mentao,Niamey,Ouagadougou,"
    "Ouallam,Oudalan,Soum,Tabareybarey,Anderamboukane,Ansongo,Bamako,Banamba,Bandiagara,Bankass,"
    "Baraoueli,Bla,Bougouni,Bourem,Diema,Dioila,Dire,Djenne,Douentza,Gao,Goundam,Gourma-Rharous,"
    "Inekar,Kadiolo,Kangaba,Kati,Kayes,Kenieba,Kidal,Kita,Kolokani,Koro,Koulikoro,Koutiala,Macina,"
    "Menaka,Mopti,Nara,Niafunke,Niono,Nioro,San,Segou,Sikasso,Tenenkou,Tessalit,Tidermene,"
    "Tombouctou,Tominian,Yanfolila,Yelimane,Yorosso,Youwarou,Mougna,Lere"
).split(",")


def from_onsets(case: str, columns: list[str], rows: int) -> str:
    """LF, header ending in ','; each conflict zone switches on at the ``conflict_date`` of
    its row in the case's ``locations.csv`` (camps and towns never)."""
    onset = {}
    for line in (HERE / case / "input" / "locations.csv").read_text().splitlines()[1:]:
        name, _, _, _, _, kind, date, _ = line.split(",")
        onset[name] = int(date) if kind == "conflict_zone" else 10**9
    lines = ["#Day," + ",".join(columns) + ","]
    for day in range(rows):
        lines.append(",".join([str(day)] + ["1" if day >= onset[c] else "0" for c in columns]))
    return "\n".join(lines) + "\n"


def mali2017() -> str:
    """Rows 0-1734 (FabFlee's file runs past the 1,230 simulated days)."""
    return from_onsets("mali2017", MALI2017_COLS, 1735)


def nigeria2016() -> str:
    """Rows 0-1884, columns in the order of ``locations.csv``."""
    lines = (HERE / "nigeria2016" / "input" / "locations.csv").read_text().splitlines()[1:]
    return from_onsets("nigeria2016", [line.split(",")[0] for line in lines], 1885)


def main() -> int:
    # FabFlee's sizes; Nigeria's: its first 365 rows (the full file, 731 rows, is 57,944)
    sizes = {"ethiopia2020": 41517, "nigeria2022_2024": 29030, "mali2017": 233636}
    sizes["nigeria2016"] = 159399
    texts = {"ethiopia2020": ethiopia(), "nigeria2022_2024": nigeria(), "mali2017": mali2017()}
    texts["nigeria2016"] = nigeria2016()
    for name, text in texts.items():
        path = HERE / name / "input" / "conflicts.csv"
        if "--check" not in sys.argv:
            path.write_text(text, encoding="utf-8", newline="\n")
        size = len(path.read_bytes())
        print(f"{path.relative_to(HERE)}: {size} bytes (FabFlee's: {sizes[name]})")
        if size != sizes[name]:
            return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
