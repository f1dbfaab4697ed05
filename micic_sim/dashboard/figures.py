"""The dashboard's three live charts, drawn from a `Snapshot` (people, not agents) in the house
style of micic_sim.plots, and rendered to PNG where they are drawn (the worker thread), so the
web page only swaps images.

- states: people by situation over time, the chosen policy (solid) against the baseline (dashed);
- queues: people waiting at border crossings and consular posts;
- flow map: where people are now, and how many have passed each crossing or evacuation route.
"""

from __future__ import annotations

import io

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patheffects import withStroke

from micic_sim.analysis.runs import lever_label
from micic_sim.dashboard.live import QUEUE_KINDS, SAFE, STATE_GROUPS, Snapshot
from micic_sim.plots.flowmap import _declutter, _Frame
from micic_sim.plots.style import (
    GREY,
    LIGHT_GREY,
    OKABE_ITO,
    OUTCOME_COLOURS,
    colour,
    figure,
    headline,
    styled,
    thousands_axis,
)
from micic_sim.plots.words import resource_name, short_place_name
from micic_sim.scenario import Scenario

HOME = "Still at home"
MAX_LINES = 4  # service points drawn one by one per panel; the rest are summed
STATE_COLOURS = {
    SAFE: OUTCOME_COLOURS["safe"],
    "Still at home": GREY,
    "On the move": OKABE_ITO["green"],
    "Queuing (border, consulate, transport)": OUTCOME_COLOURS["queue"],
    "Stranded (no way out)": OUTCOME_COLOURS["stranded"],
    "In a shelter": OKABE_ITO["yellow"],
    "Detained": OUTCOME_COLOURS["detained"],
    "Harmed": OUTCOME_COLOURS["harmed"],
}


def people(x: float) -> str:
    return f"{x:,.0f}"


def _agents_note(s: Snapshot) -> str:
    return (
        f"{s.agents:,} agents, 1 agent = {s.people_per_agent:,.2f} people. "
        f"Day {s.day:g} of {s.days_total:g}. A simulation for planning, not a forecast."
    )


def _x_axis(ax, s: Snapshot) -> None:
    ax.set_xlabel("Days since the crisis began (days)")
    # The axis doubles as the run goes on (4, 8, 16... days, up to the whole period): lines
    # use at least half the width, and the axis jumps rarely while they are watched.
    span = max(float(s.day) * 1.2, 4.0)
    ax.set_xlim(0, min(s.days_total, float(2.0 ** np.ceil(np.log2(span)))))


@styled
def states(s: Snapshot) -> Figure:
    fig, ax = figure(size=(12, 6.5))
    policy = lever_label(s.policy)
    same = s.policy == "baseline"
    for name in [SAFE, *STATE_GROUPS]:
        if name == HOME:
            continue  # usually most people by far: it would flatten every other line
        y, c = s.states[name], STATE_COLOURS[name]
        if not y.any() and not s.states_base[name].any():
            continue  # nobody in this situation in either run: keep the legend short
        ax.plot(s.days, y, color=c, lw=3, label=name)
        if not same:
            ax.plot(s.days, s.states_base[name], color=c, lw=1.8, ls="--")
    ax.set_ylabel("People")
    ax.set_ylim(bottom=0)
    thousands_axis(ax.yaxis)
    _x_axis(ax, s)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=12, borderaxespad=0)
    gain = s.states[SAFE][-1] - s.states_base[SAFE][-1]
    if same:
        title = f"{people(s.states[SAFE][-1])} people reached safety by day {s.day:g} (baseline)"
    elif round(gain) == 0:
        title = (
            f"{policy}: as many people reached safety by day {s.day:g} as the baseline "
            f"({people(s.states[SAFE][-1])})"
        )
    else:
        more = "more" if gain > 0 else "fewer"
        title = (
            f"{policy}: {people(abs(gain))} {more} people reached safety by day {s.day:g} "
            "than the baseline"
        )
    sub = (
        f"People in each situation, by day ({people(s.states[HOME][-1])} still at home on day "
        f"{s.day:g}, not drawn)"
    ) + ("" if same else f" - solid: {policy}; dashed: baseline (ordinary rules), same seed")
    headline(fig, title, sub, _agents_note(s))
    return fig


@styled
def queues(s: Snapshot, case: Scenario) -> Figure:
    fig, axes = figure(len(QUEUE_KINDS), 1, size=(12, 7.5), sharex=True)
    worst = ("", 0.0)
    for ax, (kind, title) in zip(axes, QUEUE_KINDS.items(), strict=True):
        series = s.queues[kind]
        order = sorted(series, key=lambda k: -float(series[k].max(initial=0.0)))
        shown = [k for k in order[:MAX_LINES] if series[k].any()]
        rest = [k for k in order if k not in shown]
        for i, k in enumerate(shown):
            ax.plot(s.days, series[k], color=colour(i), lw=2.6, label=resource_name(k, case))
            if series[k][-1] > worst[1]:
                worst = (resource_name(k, case), float(series[k][-1]))
        if rest and any(series[k].any() for k in rest):
            ax.plot(s.days, np.sum([series[k] for k in rest], axis=0), color=GREY, lw=2,
                    label=f"{len(rest)} others (together)")  # fmt: skip
        if s.policy != "baseline":
            ax.plot(s.days, s.queues_base[kind], color="#111111", lw=1.6, ls="--",
                    label="Baseline, all posts together")  # fmt: skip
        if not ax.get_lines():
            ax.text(0.5, 0.5, "Nobody waiting yet", transform=ax.transAxes, ha="center",
                    va="center", color=GREY)  # fmt: skip
        ax.set_title(title, loc="left", fontsize=16)
        ax.set_ylabel("People waiting")
        ax.set_ylim(bottom=0)
        thousands_axis(ax.yaxis)
        if ax.get_legend_handles_labels()[0]:
            ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=12, borderaxespad=0)
    _x_axis(axes[-1], s)
    title = (
        f"Longest line on day {s.day:g}: {people(worst[1])} people at {worst[0]}"
        if worst[1] > 0
        else f"No queue at borders or consular posts on day {s.day:g}"
    )
    headline(fig, title, f"People waiting, by day ({lever_label(s.policy)})", _agents_note(s))
    return fig


@styled
def flow_map(s: Snapshot, case: Scenario) -> Figure:
    fig, ax = figure(size=(12, 8))
    frame = _Frame(case.places, case.host_country)
    pos = {p: frame.xy(p) for p in frame.ids}
    for a, b in zip(case.links["from"], case.links["to"], strict=True):
        (x0, y0), (x1, y1) = pos[a], pos[b]
        ax.plot([x0, x1], [y0, y1], color=LIGHT_GREY, lw=1.2, zorder=1)
    evac = {r.id: (r.from_place, r.to_place) for r in case.evacuations.itertuples()}
    boarded = {i: s.passed.get(f"evacuation:{i}", 0.0) for i in evac}
    top = max([*boarded.values(), 1.0])
    for rid, (a, b) in evac.items():
        if boarded[rid] > 0:
            (x0, y0), (x1, y1) = pos[a], pos[b]
            ax.plot([x0, x1], [y0, y1], color=OKABE_ITO["green"], ls="--", zorder=2,
                    lw=1.0 + 5.0 * np.sqrt(boarded[rid] / top))  # fmt: skip
    here = s.at_place
    size = 20 + 1800 * np.sqrt(here / max(float(here.max(initial=0.0)), 1.0))
    colours = np.where(frame.host, OKABE_ITO["orange"], OKABE_ITO["sky_blue"])
    ax.scatter(frame.x, frame.y, s=size, c=colours, alpha=0.6, edgecolor="white", zorder=3)
    # Crossings: a red diamond between the exit and entry posts, sized by the people through.
    cross = {r.id: (r.exit_place, r.entry_place) for r in case.crossings.itertuples()}
    passed = {i: s.passed.get(f"crossing:{i}", 0.0) for i in cross}
    top = max([*passed.values(), 1.0])
    texts = []
    for rid in sorted(cross, key=lambda i: -passed[i]):
        if passed[rid] <= 0:
            continue
        (x0, y0), (x1, y1) = (pos[p] for p in cross[rid])
        xy = ((x0 + x1) / 2, (y0 + y1) / 2)
        ax.scatter(*xy, marker="D", s=40 + 900 * np.sqrt(passed[rid] / top),
                   color=OKABE_ITO["vermillion"], edgecolor="white", zorder=5)  # fmt: skip
        texts.append(
            ax.annotate(
                f"{resource_name(f'crossing:{rid}', case)}: {people(passed[rid])}",
                xy,
                fontsize=11,
                fontweight="bold",
                color=OKABE_ITO["vermillion"],
                xytext=(9, -4),
                textcoords="offset points",
                va="top",
                zorder=6,
            )  # fmt: skip
        )
    for i in np.argsort(-here)[:10]:
        if here[i] > 0:
            texts.append(
                ax.annotate(
                    f"{short_place_name(frame.ids[i], case)} {people(here[i])}",
                    (frame.x[i], frame.y[i]),
                    fontsize=10.5,
                    ha="center",
                    va="bottom",
                    xytext=(0, 7),
                    textcoords="offset points",
                    zorder=4,
                )  # fmt: skip
            )
    ax.set_xlim(frame.box[0], frame.box[1])
    ax.set_ylim(frame.box[2], frame.box[3])
    ax.set_aspect("equal", adjustable="box")
    ax.set_xlabel("Longitude (degrees)")
    ax.set_ylabel("Latitude (degrees)")
    crossed = sum(passed.values())
    evacuated = sum(boarded.values())
    headline(
        fig,
        f"Day {s.day:g}: {people(crossed)} people have crossed a border, "
        f"{people(evacuated)} boarded an evacuation",
        f"{lever_label(s.policy)}. Circles: people at each place now (orange: inside "
        f"{case.host_country}, blue: abroad). Red diamonds: people through each border crossing "
        "so far; green dashes: evacuation routes, as wide as the people who boarded.",
        _agents_note(s) + " Places far away are drawn at the map's edge in their direction.",
    )
    for t in texts:
        t.set_path_effects([withStroke(linewidth=3, foreground="white")])
    _declutter(fig, texts)  # after the headline: it changes the layout
    return fig


def png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=80, facecolor="white", bbox_inches="tight")
    return buf.getvalue()


def all_pngs(s: Snapshot, case: Scenario) -> dict[str, bytes]:
    """The three charts as PNG bytes, by file name stem."""
    return {
        "states": png(states(s)),
        "queues": png(queues(s, case)),
        "flow_map": png(flow_map(s, case)),
    }
