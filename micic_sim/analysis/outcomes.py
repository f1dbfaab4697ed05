"""Flatten a run's summary.json into tidy rows: one per group (overall, each status,
documentation and nationality), one column per outcome.

Tidy rows let every comparison (levers, groups, seeds) be a pandas group-by instead of walking
nested JSON, and the shares are computed here once so charts and tables agree.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

GROUP_TYPES = {
    "overall": None,
    "status": "by_status",
    "documentation": "by_documentation",
    "nationality": "by_nationality",
}
COUNTS = ("harmed", "stranded", "detained", "in_shelter", "still_home", "evacuated", "repatriated")

# Outcome columns, with the words and unit a chart or table shows. `share` columns are 0..1.
OUTCOMES: dict[str, tuple[str, str]] = {
    "population": ("People", "people"),
    "agents": ("Simulated agents", "agents"),
    "people_per_agent": ("People per simulated agent", "people"),
    "reached_safety": ("Reached safety", "people"),
    "reached_safety_share": ("Reached safety", "share"),
    "median_days_to_safety": ("Median time to safety", "days"),
    "left_behind": ("Left behind (stranded, detained or harmed)", "people"),
    "left_behind_share": ("Left behind (stranded, detained or harmed)", "share"),
    "harmed": ("Harmed", "people"),
    "harmed_share": ("Harmed", "share"),
    "stranded": ("Stranded", "people"),
    "stranded_share": ("Stranded", "share"),
    "detained": ("Detained", "people"),
    "detained_share": ("Detained", "share"),
    "in_shelter": ("In shelter at the end", "people"),
    "still_home": ("Still at home at the end", "people"),
    "evacuated": ("Evacuated", "people"),
    "repatriated": ("Repatriated", "people"),
    "person_days_border": ("Person-days held at borders", "person-days"),
    "person_days_waiting": ("Person-days waiting abroad to go home", "person-days"),
    "person_days_detained": ("Person-days in detention", "person-days"),
    "median_days_leaving_to_home": ("Median days from leaving to home", "days"),
    "informed_share": ("Informed of a way out", "share"),
    "median_days_to_informed": ("Median time to be informed", "days"),
    "equity_gap_status": ("Equity gap by status (best - worst share reaching safety)", "share"),
    "equity_gap_documentation": ("Equity gap by documentation", "share"),
    "equity_gap_nationality": ("Equity gap by nationality", "share"),
}


# What happened to the people an outcome counts, as a predicate ("3 more in every 100 ...").
PREDICATES = {
    "reached_safety": "reached safety",
    "left_behind": "were left behind",
    "harmed": "were harmed",
    "stranded": "were stranded",
    "detained": "were detained",
    "informed": "were informed of a way out",
    "evacuated": "were evacuated",
    "repatriated": "were repatriated",
    "in_shelter": "ended in a shelter",
    "still_home": "were still at home at the end",
}


def change_phrase(column: str, diff: float) -> str:
    """A difference in words: '3.7 more in every 100 people reached safety', '120 fewer
    people were detained', '2.1 days longer: median time to safety'."""
    base = column.removesuffix("_share")
    more = "more" if diff > 0 else "fewer"
    if base in PREDICATES and is_share(column):
        return f"{abs(diff) * 100:.1f} {more} in every 100 people {PREDICATES[base]}"
    if base in PREDICATES:
        return f"{abs(diff):,.0f} {more} people {PREDICATES[base]}"
    if OUTCOMES.get(column, ("", ""))[1] == "days":
        return (
            f"{abs(diff):.1f} days {'longer' if diff > 0 else 'shorter'}: "
            f"{outcome_label(column, with_unit=False).lower()}"
        )
    return f"{outcome_label(column, with_unit=False)} {diff:+.3g}"


def outcome_label(column: str, *, with_unit: bool = True) -> str:
    """The words for an outcome column, with its unit ('%' for shares)."""
    words, unit = OUTCOMES.get(column, (column.replace("_", " ").capitalize(), ""))
    if not with_unit or not unit:
        return words
    return f"{words} (% of people)" if unit == "share" else f"{words} ({unit})"


def is_share(column: str) -> bool:
    return OUTCOMES.get(column, ("", ""))[1] == "share"


def _num(value: Any) -> float:
    return float("nan") if value is None else float(value)


def _row(group_type: str, group: str, s: dict[str, Any]) -> dict[str, Any]:
    n = int(s["population"])
    row: dict[str, Any] = {
        "group_type": group_type,
        "group": group,
        "population": n,
        "reached_safety": int(s["reached_safety"]["count"]),
        "reached_safety_share": float(s["reached_safety"]["share"]),
        "median_days_to_safety": _num(s.get("median_days_to_safety")),
        "informed_share": float(s.get("informed_share", np.nan)),
        "median_days_to_informed": _num(s.get("median_days_to_informed")),
    }
    for key in COUNTS:
        row[key] = int(s.get(key, 0))
    for key, value in s.items():  # counts added to summaries later (e.g. waiting_abroad)
        if (
            key not in row
            and key not in ("days", "agents")
            and isinstance(value, int | float)
            and not isinstance(value, bool)
        ):
            row[key] = value
    row["left_behind"] = row["stranded"] + row["detained"] + row["harmed"]
    # Agent counts beside the people counts (older summaries: one agent per person), so a
    # chart can tell how many simulated agents a group's number rests on.
    row["agents"] = int(s.get("agents", n))
    agent_counts = s.get("agent_counts", {})
    row["reached_safety_agents"] = int(s["reached_safety"].get("agents", row["reached_safety"]))
    for key in (*COUNTS, "waiting_abroad"):
        if key in row:
            row[f"{key}_agents"] = int(agent_counts.get(key, row[key]))
    row["left_behind_agents"] = (
        row["stranded_agents"] + row["detained_agents"] + row["harmed_agents"]
    )
    for key in ("harmed", "stranded", "detained", "left_behind"):  # exact: from agent counts
        row[f"{key}_share"] = row[f"{key}_agents"] / row["agents"] if row["agents"] else np.nan
    return row


def outcome_rows(summary: dict[str, Any]) -> list[dict[str, Any]]:
    """Rows for the whole population ('overall', 'all') and every group in the summary. The
    overall row also carries the equity gaps (NaN where the summary has none)."""
    overall = _row("overall", "all", summary)
    gaps = summary.get("equity_gap", {})
    for gtype, key in GROUP_TYPES.items():
        if key is not None:
            overall[f"equity_gap_{gtype}"] = float(gaps[key]["gap"]) if key in gaps else np.nan
    rows = [overall]
    for gtype, key in GROUP_TYPES.items():
        if key is None:
            continue
        for group, s in summary.get(key, {}).items():
            rows.append(_row(gtype, str(group), s))
    return rows


def check_selection(outcomes: pd.DataFrame, metric: str, group_type: str) -> None:
    """A metric and group type an outcomes table has, or an error naming the closest and the
    choices (a typo in a notebook read as a bare KeyError, or as an empty table)."""
    from micic_sim.scenario import ConfigError
    from micic_sim.scenario.tables import suggest

    if metric not in outcomes.columns:
        numeric = [str(c) for c in outcomes.select_dtypes("number").columns]
        raise ConfigError(
            "metric",
            f"'{metric}' is not a column of the outcomes table"
            + suggest(metric, numeric)
            + f"; columns: {', '.join(numeric)}",
        )
    types = sorted({str(t) for t in outcomes["group_type"].unique()}) if len(outcomes) else []
    if types and group_type not in types:
        raise ConfigError(
            "group_type",
            f"'{group_type}' is not a group type of the outcomes table"
            + suggest(group_type, types)
            + f"; group types: {', '.join(types)}",
        )
