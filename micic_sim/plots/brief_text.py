"""The words of a brief: what was compared, how to read the numbers, and the limits and the
safeguard every brief carries.

Shared by the HTML and the PDF so both say exactly the same thing. The safeguard quotes the
MICIC civil society consultation: the guidelines' own stakeholders asked that the work never be
used as an enforcement tool, and a simulation of where migrants go is exactly the kind of
output that could be misused that way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from micic_sim.analysis.load import Results
from micic_sim.levers.catalogue import CATALOGUE
from micic_sim.plots.words import policy_label
from micic_sim.units import MIN_AGENTS, scale_note

QUOTE_SOURCE = (
    "MICIC Initiative, Civil Society Consultation, Geneva, 28-29 January 2016: "
    "Report (March 2016), section VI \u201cChallenges, issues for consideration, and "
    "lessons\u201d."
)
QUOTES = (
    "Participants requested that the document include specific language to safeguard against "
    "the harmful or misuse of the document. In particular to ensure it is not used as an "
    "enforcement tool, as pretext to \u2018voluntarily\u2019 repatriate migrants, or to "
    "exploit or penalize them.",
    "A broader issue relates to the extent to which collected data may be used for immigration "
    "enforcement, surveillance, or pernicious purposes. There is a tension between the need to "
    "collect data and information about migrants to better protect and assist them and the "
    "interest of irregular migrants in particular to stay hidden.",
)
SAFEGUARD = (
    "This brief exists to protect people. It must never be used to locate, identify, detain, "
    "deport or otherwise target migrants, to plan immigration enforcement, or as a pretext to "
    "\u2018voluntarily\u2019 repatriate anyone. It holds no personal data: every simulated "
    "person is drawn at random from aggregate counts, and no result refers to a real person."
)


@dataclass
class Brief:
    """Everything the brief says in words."""

    title: str
    scenario_title: str
    scenario_description: str
    facts: list[tuple[str, str]] = field(default_factory=list)
    policies: list[tuple[str, str, str]] = field(default_factory=list)  # name, levers, what
    methods: list[str] = field(default_factory=list)
    limits: list[str] = field(default_factory=list)


def lever_summary(name: str) -> str:
    """What a lever does, in a planner's words: its docstring's first paragraph without the
    setting names in backticks (and the parentheses that explain them), which are for
    config files, not for a brief."""
    cls = CATALOGUE.get(name)
    doc = (cls.__doc__ or "").strip().split("\n\n")[0] if cls is not None else ""
    text = " ".join(doc.split())
    text = re.sub(r"\s*\([^()]*`[^()]*\)", "", text)  # '(`offers`: list of rows ...)'
    text = re.sub(r",?\s*(at|in|for|with)\s+`[^`]*`", "", text)  # ', at `places`'
    text = text.replace("`", "")
    return text or policy_label(name)


def _policy_rows(res: Results) -> list[tuple[str, str, str]]:
    singles = {r.levers[0] for r in res.runs if len(r.levers) == 1}
    rows = []
    for p in res.policies:
        runs = res.runs_of(p)
        levers = runs[0].levers if runs else ()
        if not levers:
            what = "The scenario's ordinary rules: no lever beyond what the scenario describes."
        elif len(levers) == len(CATALOGUE):
            what = "Every lever of the MICIC guidelines, each with its default settings."
        elif len(levers) > 1 and set(levers) <= singles:
            what = "These levers together (each is described on its own row)."
        else:
            what = " ".join(lever_summary(x) for x in levers)
        names = ", ".join(policy_label(x) for x in levers) if levers else "none"
        if len(levers) == len(CATALOGUE):
            names = f"all {len(levers)}"
        rows.append((policy_label(p), names, what))
    return rows


def build_brief(res: Results) -> Brief:
    s = res.scenario
    cfg = res.config()
    overall = res.outcomes[res.outcomes["group_type"].astype(str) == "overall"]
    people = int(overall["population"].iloc[0]) if len(overall) else 0
    agents = res.agents_total()
    ppa = res.people_per_agent()
    seeds = res.seeds
    days = cfg.get("days") or (s.days if s is not None else None)
    facts = [
        ("Scenario", s.title if s is not None else ", ".join(res.scenarios)),
        ("Start date", str(s.start_date) if s is not None else "-"),
        ("Simulated period", f"{float(days):g} days" if days else "-"),
        ("People", f"{people:,}"),
        ("Simulated agents", scale_note(agents, ppa)),
        ("Policies compared", str(len(res.policies))),
        (
            "Seeds per policy",
            ", ".join(str(x) for x in seeds)
            if len(seeds) <= 10
            else f"{len(seeds)} ({min(seeds)}-{max(seeds)})",
        ),
        ("Runs", str(len(res.runs))),
    ]
    n_per = min((len(res.runs_of(p)) for p in res.policies), default=0)
    methods = [
        "micic-sim is an agent-based model. Each simulated person has a nationality, a "
        "migration status, documents, a household, savings, a phone and social ties; they learn "
        "about the crisis, decide whether and where to go, travel, queue and may be refused, "
        "detained or harmed. Border posts, consular posts, evacuation services and shelters "
        "serve their queues with daily capacities. Policy levers change rules and capacities.",
        f"Each policy was run with {n_per} random seed{'s' if n_per != 1 else ''}. Numbers are "
        "means over seeds; ranges are 95% confidence intervals (Student's t). Differences from "
        "the baseline are paired by seed: runs with the same seed share their random draws, so "
        "the difference isolates the lever.",
        "'Left behind' counts people still stranded or queuing in the crisis country, detained "
        "or harmed at the end of the period. People in shelters, at home or still travelling "
        "are neither safe nor left behind. Equity gaps are the spread in the share reaching "
        "safety between the best- and worst-off groups of at least 1% of the population.",
        "Border-crossing and evacuation counts are recorded by the model. Road flows on the "
        "map are estimated by routing each person along the shortest road from where people "
        "like them started to where they ended.",
    ]
    limits = [
        "A planning aid, not a prediction. Use it to compare options, find bottlenecks and "
        "see who a plan leaves out; do not read the numbers as a forecast. Differences between "
        "policies are more robust than the levels.",
        "The confidence intervals show simulation noise only. They do not include uncertainty "
        "in the scenario's data (counts, capacities, routes, timeline) or in behaviour "
        "parameters; the scenario's SOURCES.md lists every number and assumption.",
    ]
    if ppa > 1.5:
        limits.append(
            f"Scale: {agents:,} simulated agents stand for {people:,} people (each for about "
            f"{ppa:,.0f}); every count in this brief is in people (agents x {ppa:,.0f}). "
            "Capacities are scaled by the same ratio, so queues keep their proportions, but "
            "small groups rest on few agents: their numbers are the noisiest, and no group "
            f"comparison or ratio is stated for a group of fewer than {MIN_AGENTS} agents."
        )
    if n_per < 5:
        limits.append(
            f"Only {n_per} seed{'s' if n_per != 1 else ''} per policy: intervals "
            "are wide or absent; add seeds before relying on small differences."
        )
    return Brief(
        title=f"Planning brief: {s.title if s is not None else ', '.join(res.scenarios)}",
        scenario_title=s.title if s is not None else ", ".join(res.scenarios),
        scenario_description=" ".join((s.description or "").split()) if s is not None else "",
        facts=facts,
        policies=_policy_rows(res),
        methods=methods,
        limits=limits,
    )
