"""The dashboard page (Solara): choose, run, watch, compare, download.

Served by `micic-sim dashboard` (see micic_sim.dashboard). State is per browser tab: every
reactive value lives inside the page component, so two people in a room never share a run.
The models step in a worker thread (`use_task`), which also renders the charts, so the page
stays responsive on large scenarios; charts are published at most every `REDRAW_SECONDS`.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from html import escape

import solara
from solara.lab import use_task

from micic_sim.analysis.runs import lever_label
from micic_sim.dashboard import choices, figures
from micic_sim.dashboard.live import REDRAW_SECONDS, LiveRun, Settings, Snapshot

SCENARIO = os.environ.get("MICIC_DASHBOARD_SCENARIO", "libya_2011")
OUT_ROOT = os.environ.get("MICIC_DASHBOARD_OUT", "runs/dashboard")
BATCH = 10  # steps per press of "Run 10 steps"
CHARTS = {
    "states": "People by situation",
    "queues": "Queues at borders and consulates",
    "flow_map": "Flow map",
}


PRESET_LABELS = {name: lever_label(name) for name in choices.presets()}


@dataclass(frozen=True)
class View:
    """What the page draws: one snapshot and its charts, published together."""

    snap: Snapshot
    pngs: dict[str, bytes]


def default_agents(scenario: str) -> int:
    from micic_sim.scenario import load_scenario

    case = load_scenario(scenario)
    return int(case.agents or case.population["count"].sum())


def _number(x: float) -> str:
    return f"{x:,.0f}"


def _signed(x: float) -> str:
    return "0" if round(x) == 0 else f"{x:+,.0f}"


def key_table(s: Snapshot) -> str:
    """Key numbers in people, beside the baseline run with the same seed (an HTML table:
    solara.Markdown would fetch KaTeX from a CDN, which an offline room cannot reach)."""
    cell = 'style="text-align:right;padding:2px 12px"'
    alone = s.policy == "baseline"  # nothing to compare with: one column
    heads = [lever_label(s.policy)] + ([] if alone else ["Baseline", "Difference"])
    rows = [
        f"<tr><th style='text-align:left'>People, day {s.day:g}</th>"
        + "".join(f"<th {cell}>{escape(h)}</th>" for h in heads)
        + "</tr>"
    ]
    for what, mine, base in s.key:
        diff = mine - base
        values = [_number(mine)] + ([] if alone else [_number(base), _signed(diff)])
        rows.append(
            f"<tr><td>{escape(what)}</td>"
            + "".join(f"<td {cell}>{v}</td>" for v in values)
            + "</tr>"
        )
    note = (
        f"People, rounded; {s.agents:,} agents, 1 agent = {s.people_per_agent:,.2f} people. "
        "A simulation for planning, not a forecast."
    )
    if alone:
        note += " Pick a preset or switch on a lever to compare it with this baseline."
    return (
        f"<table class='micic-key' style='border-collapse:collapse'>{''.join(rows)}</table>"
        f"<div style='font-size:0.85em;color:#555'>{escape(note)}</div>"
    )


@solara.component
def LeverSwitches(enabled: solara.Reactive[frozenset[str]], disabled: bool) -> None:
    def toggle(name: str, on: bool) -> None:
        enabled.set(enabled.value | {name} if on else enabled.value - {name})

    for lever in choices.levers():
        with solara.Column(gap="0px", classes=["micic-lever"]):
            solara.Checkbox(
                label=lever.label,
                value=lever.name in enabled.value,
                on_value=lambda on, n=lever.name: toggle(n, on),
                disabled=disabled,
            )
            solara.Text(
                lever.line,
                style={"font-size": "0.75em", "color": "#555", "margin": "-14px 0 4px 32px"},
            )


@solara.component
def Page() -> None:
    scenario = solara.use_reactive(SCENARIO)
    enabled = solara.use_reactive(frozenset())
    first_agents = solara.use_memo(lambda: default_agents(SCENARIO), [])  # not on every render
    agents = solara.use_reactive(first_agents)
    seed = solara.use_reactive(0)
    view = solara.use_reactive(None)
    message = solara.use_reactive("")
    live = solara.use_ref(None)
    stop = solara.use_memo(threading.Event, [])
    settings = Settings(scenario.value, enabled.value, int(agents.value), int(seed.value))

    def publish(run: LiveRun, snap: Snapshot) -> None:
        if live.current is run:  # a run replaced by new settings may still be finishing
            view.set(View(snap, figures.all_pngs(snap, run.model.case)))

    def build() -> None:
        """A new pair of models for new settings (in a worker thread)."""
        stop.set()  # a run still going belongs to the old settings
        live.current = None
        run = LiveRun(settings)
        live.current = run
        publish(run, run.snapshot())

    building = use_task(build, dependencies=[settings])

    def go(steps: int | None) -> None:
        run = live.current
        if run is None:
            return
        stop.clear()
        run.run(steps, lambda s: publish(run, s), stop.is_set, REDRAW_SECONDS)

    stepping = use_task(go, dependencies=None)
    busy = building.pending or stepping.pending

    def change_scenario(name: str) -> None:
        agents.set(default_agents(name))
        scenario.set(name)

    def pick_preset(label: str) -> None:
        by_label = {v: k for k, v in PRESET_LABELS.items()}
        if label in by_label:
            enabled.set(choices.presets()[by_label[label]])

    def download() -> bytes:
        run = live.current
        data = run.zip(OUT_ROOT)
        message.set(f"Run folder written to {run.folder(OUT_ROOT)}")
        return data

    solara.Title("micic-sim planning dashboard")
    with solara.Columns([1, 3], style={"padding": "0 16px"}):
        with solara.Column(classes=["micic-controls"], gap="4px"):
            solara.HTML("h2", "micic-sim planning dashboard")
            solara.Text("Move a lever, watch the crisis, compare with the baseline.")
            solara.Select(
                "Scenario", value=scenario.value, values=choices.scenarios(),
                on_value=change_scenario, disabled=busy,
            )  # fmt: skip
            current = choices.policy_name(enabled.value)
            solara.Select(
                "Policy preset", value=PRESET_LABELS.get(current),
                values=list(PRESET_LABELS.values()), on_value=pick_preset, disabled=busy,
            )  # fmt: skip
            solara.InputInt("Population size (agents; more = finer, slower)", value=agents,
                            disabled=busy)  # fmt: skip
            solara.InputInt("Seed", value=seed, disabled=busy)
            with solara.Row(style={"flex-wrap": "wrap"}):
                solara.Button(f"Run {BATCH} steps", on_click=lambda: stepping(BATCH),
                              disabled=busy, color="primary")  # fmt: skip
                solara.Button("Run to the end", on_click=lambda: stepping(None), disabled=busy)
                solara.Button("Pause", on_click=stop.set, disabled=not stepping.pending)
            solara.HTML("h3", "Levers (MICIC guidelines)")
            LeverSwitches(enabled, busy)
        with solara.Column():
            v: View | None = view.value
            # Messages live in a slot of their own: when one appears or goes, the widgets
            # below keep their places (and identities) instead of being rebuilt.
            with solara.Column(gap="0px", classes=["micic-messages"]):
                if building.error:
                    solara.Error(f"Could not start this run: {building.exception}")
                if stepping.error:
                    solara.Error(f"The run stopped with an error: {stepping.exception}")
                if v is None or building.pending:
                    solara.Info("Building the scenario and its baseline...")
                    solara.ProgressLinear(True)
            if v is not None:
                s = v.snap
                status = "finished" if s.done else ("running" if stepping.pending else "paused")
                solara.HTML("h3", escape(s.scenario_title))
                solara.HTML(
                    "div",
                    f"<b>Day {s.day:g} of {s.days_total:g}</b> (step {s.steps}, {status}); "
                    f"policy: <b>{escape(lever_label(s.policy))}</b>",
                    classes=["micic-day"],
                )
                solara.HTML("div", key_table(s))
                with solara.Row():
                    solara.FileDownload(
                        download,
                        filename=live.current.zip_name if live.current else "run.zip",
                        label="Download the run folder and charts (zip)",
                    )
                if message.value:
                    solara.Text(message.value)
                for name, title in CHARTS.items():  # full width: half-width charts are unreadable
                    with solara.Card(title, style={"max-width": "1000px"}):
                        solara.Image(v.pngs[name], width="100%", classes=[f"micic-{name}"])
