"""Chart: a flow map - places at their latitude/longitude, roads drawn as wide as the number of
people who travelled them, border crossings sized by the people who passed, evacuation routes
as dashed arcs.

It answers "which ways out carried the exodus?" at a glance. Crossing and evacuation counts are
exact (from the institutions' records); road widths are estimates (analysis.flows explains how),
which the chart says in its footnote. Far destinations (countries of origin overseas) are drawn
at the map's edge in their direction so the crisis region stays readable.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, Patch, Polygon

from micic_sim.analysis.flows import flows_for_run
from micic_sim.analysis.load import Results
from micic_sim.plots.common import reference_policy, seeds_note
from micic_sim.plots.style import GREY, LIGHT_GREY, OKABE_ITO, figure, headline, pct, styled
from micic_sim.plots.words import resource_name, short_place_name

ROAD = OKABE_ITO["blue"]
CROSSING = OKABE_ITO["vermillion"]
EVACUATION = OKABE_ITO["green"]
MAX_RUNS = 3  # flows are averaged over at most this many runs of the policy (cost)
LINE_MAX_PT = 16.0


def mean_flows(res: Results, policy: str) -> pd.DataFrame:
    """Edge flows averaged over (up to MAX_RUNS) runs of `policy`."""
    s = res.scenario
    inst = res.institutions()
    frames = []
    for run in res.runs_of(policy)[:MAX_RUNS]:
        ts = res.timeseries[res.timeseries["run_id"].astype(str) == run.run_id]
        mine = inst[inst["run_id"] == run.run_id]
        frames.append(flows_for_run(s, res.agents(run), mine, ts, res.people_per_agent(run)))
    df = pd.concat(frames, ignore_index=True)
    keys = ["edge", "kind", "mode", "from", "to"]
    out = df.groupby(keys, sort=False)[["persons", "recorded"]].mean().reset_index()
    out["estimated"] = df.groupby(keys, sort=False)["estimated"].all().to_numpy()
    return out


def _undirected(flows: pd.DataFrame) -> pd.DataFrame:
    """One row per road (both directions summed), drawn from its busier end."""
    links = flows[flows["kind"] == "link"].copy()
    links = links.sort_values("persons", ascending=False, kind="stable")
    return (
        links.groupby("edge", sort=False)
        .agg(
            kind=("kind", "first"),
            mode=("mode", "first"),
            frm=("from", "first"),
            to=("to", "first"),
            persons=("persons", "sum"),
            estimated=("estimated", "all"),
        )
        .reset_index()
    )


class _Frame:
    """Positions: lon/lat with far places pulled onto the frame around the crisis region."""

    def __init__(self, places: pd.DataFrame, host: str) -> None:
        self.ids = list(places["id"])
        lon, lat = places["lon"].to_numpy(float), places["lat"].to_numpy(float)
        in_host = (places["country"] == host).to_numpy()
        hlon, hlat = lon[in_host], lat[in_host]
        span = max(float(np.ptp(hlon)), float(np.ptp(hlat)), 2.0)
        pad = max(2.0, 0.3 * span)
        self.box = (hlon.min() - pad, hlon.max() + pad, hlat.min() - pad, hlat.max() + pad)
        cx, cy = (self.box[0] + self.box[1]) / 2, (self.box[2] + self.box[3]) / 2
        x, y = lon.copy(), lat.copy()
        self.off = np.zeros(len(x), bool)
        for i in range(len(x)):
            if not (self.box[0] <= x[i] <= self.box[1] and self.box[2] <= y[i] <= self.box[3]):
                dx, dy = x[i] - cx, y[i] - cy
                tx = (self.box[1] - cx) / abs(dx) if dx else np.inf
                ty = (self.box[3] - cy) / abs(dy) if dy else np.inf
                t = min(tx, ty)
                x[i], y[i] = cx + dx * t, cy + dy * t
                self.off[i] = True
        self.x, self.y = x, y
        self.index = {p: i for i, p in enumerate(self.ids)}
        self.host = in_host

    def xy(self, place: str) -> tuple[float, float]:
        i = self.index[place]
        return float(self.x[i]), float(self.y[i])


def _width(persons: float, top: float) -> float:
    return 0.8 + LINE_MAX_PT * np.sqrt(max(persons, 0.0) / top) if top > 0 else 0.8


def exits(flows: pd.DataFrame, res: Results) -> pd.Series:
    """People leaving the crisis country by each way out (crossings and evacuation offers that
    depart from inside it), named, largest first; exact counts where recorded."""
    s = res.scenario
    host = set(s.places.loc[s.places["country"] == s.host_country, "id"])
    out = flows[
        (flows["kind"] == "crossing") | ((flows["kind"] == "evacuation") & flows["from"].isin(host))
    ].copy()
    out["n"] = out["recorded"].fillna(out["persons"])
    out["name"] = [
        resource_name(f"{k}:{e}", s) for k, e in zip(out["kind"], out["edge"], strict=True)
    ]
    return out.set_index("name")["n"].sort_values(ascending=False)


def _finding(flows: pd.DataFrame, res: Results) -> str:
    ways = exits(flows, res)
    ways = ways[ways > 0]
    if ways.empty:
        return "Nobody left the crisis country"
    total = float(ways.sum())
    first = (
        f"{pct(ways.iloc[0] / total)} of those who left went through {ways.index[0]} "
        f"({ways.iloc[0]:,.0f} people)"
    )
    if len(ways) > 1:
        first += f"; next: {ways.index[1]} ({ways.iloc[1]:,.0f})"
    return first


def _declutter(fig: Figure, texts: list) -> None:
    """Remove labels that overlap a label of higher priority (`texts` in priority order),
    measured on the laid-out figure."""
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    kept = []
    for t in texts:
        box = t.get_window_extent(renderer).expanded(1.04, 1.1)
        if any(box.overlaps(k) for k in kept):
            t.remove()
        else:
            kept.append(box)


@styled
def flow_map(res: Results, policy: str | None = None) -> Figure | None:
    """The flow map for one policy (mean over up to three of its runs)."""
    s = res.scenario
    if s is None or not res.runs:
        return None
    policy = reference_policy(res, policy)
    flows = mean_flows(res, policy)
    fr = _Frame(s.places, s.host_country)
    fig, ax = figure(size=(15, 10))
    ax.grid(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)

    # The crisis country: the hull of its places, lightly shaded.
    pts = np.c_[fr.x[fr.host], fr.y[fr.host]]
    if len(pts) >= 3:
        from scipy.spatial import ConvexHull

        hull = ConvexHull(pts)
        ax.add_patch(
            Polygon(
                pts[hull.vertices],
                closed=True,
                facecolor="#F2F2F2",
                edgecolor="#BDBDBD",
                lw=1,
                zorder=0,
            )
        )

    roads = _undirected(flows)
    named = flows.rename(columns={"from": "frm"})
    cross = named[named["kind"] == "crossing"].copy()
    cross["n"] = cross["recorded"].fillna(cross["persons"])
    cross = cross.sort_values("n", ascending=False)
    evac = named[named["kind"] == "evacuation"].copy()
    evac["n"] = evac["recorded"].fillna(evac["persons"])
    # One arc per origin-destination pair; arcs under 2% of the busiest are left out.
    evac = evac.groupby(["frm", "to"], as_index=False)["n"].sum()
    evac = evac[evac["n"] >= max(0.5, 0.02 * float(evac["n"].max() if len(evac) else 0))]
    top = max(
        float(roads["persons"].max() if len(roads) else 0),
        float(cross["n"].max() if len(cross) else 0),
        float(evac["n"].max() if len(evac) else 0),
        1.0,
    )

    for r in roads.itertuples(index=False):
        (x0, y0), (x1, y1) = fr.xy(r.frm), fr.xy(r.to)
        if r.mode in ("road", "foot"):
            ax.plot([x0, x1], [y0, y1], color=LIGHT_GREY, lw=1.2, zorder=1)
        if r.persons >= 0.5:
            ax.plot(
                [x0, x1],
                [y0, y1],
                color=ROAD,
                lw=_width(r.persons, top),
                alpha=0.75,
                solid_capstyle="round",
                zorder=2,
                linestyle=(0, (2, 1)) if r.mode in ("sea", "air") else "-",
            )
    for r in evac.itertuples(index=False):
        ax.add_patch(
            FancyArrowPatch(
                fr.xy(r.frm),
                fr.xy(r.to),
                connectionstyle="arc3,rad=0.18",
                arrowstyle="-|>",
                mutation_scale=20,
                lw=max(1.2, _width(r.n, top) * 0.5),
                color=EVACUATION,
                alpha=0.75,
                linestyle=(0, (4, 2)),
                zorder=3,
            )
        )
    labels = []  # in priority order, for _declutter
    for r in cross.itertuples(index=False):
        x, y = fr.xy(r.frm)
        ax.scatter(
            [x],
            [y],
            s=40 + 1400 * np.sqrt(r.n / top),
            color=CROSSING,
            alpha=0.85,
            edgecolor="white",
            linewidth=1.5,
            zorder=5,
            marker="D",
        )
        if r.n >= 0.5:  # label on the side facing away from the map's centre
            right = x >= (fr.box[0] + fr.box[1]) / 2
            up = y >= (fr.box[2] + fr.box[3]) / 2
            labels.append(
                ax.annotate(
                    f"{short_place_name(r.frm, s)}\n{r.n:,.0f} crossed",
                    (x, y),
                    xytext=(12 if right else -12, 10 if up else -10),
                    textcoords="offset points",
                    fontsize=12.5,
                    fontweight="bold",
                    color="#7A2E00",
                    va="bottom" if up else "top",
                    ha="left" if right else "right",
                    zorder=7,
                )
            )

    # Places: dots for all, names for cities then the busiest places.
    kinds = dict(zip(s.places["id"], s.places["kind"], strict=True))
    load: dict[str, float] = defaultdict(float)
    for r in roads.itertuples(index=False):
        load[r.frm] += r.persons
        load[r.to] += r.persons
    for r in evac.itertuples(index=False):
        load[r.to] += r.n
    crossing_ends = set(cross["frm"]) | set(cross["to"])  # named by the crossing's label
    for p in fr.ids:
        i = fr.index[p]
        if fr.off[i]:
            ax.scatter(
                [fr.x[i]],
                [fr.y[i]],
                marker="^",
                s=90,
                facecolor="white",
                edgecolor=GREY,
                linewidth=1.5,
                zorder=4,
            )
        else:
            big = kinds[p] == "city"
            ax.scatter(
                [fr.x[i]],
                [fr.y[i]],
                s=70 if big else 22,
                color="#333333" if big else GREY,
                zorder=4,
            )

    def rank(p: str) -> tuple[int, float]:  # cities, then far destinations, then the rest
        group = 0 if kinds[p] == "city" else 1 if fr.off[fr.index[p]] else 2
        return group, -load.get(p, 0.0)

    for p in sorted((p for p in fr.ids if p not in crossing_ends), key=rank):
        i = fr.index[p]
        if fr.off[i]:
            if load.get(p, 0.0) >= 0.5:
                labels.append(
                    ax.annotate(
                        f"to {short_place_name(p, s)}",
                        (fr.x[i], fr.y[i]),
                        xytext=(0, -10),
                        textcoords="offset points",
                        ha="center",
                        va="top",
                        fontsize=11.5,
                        color="#555555",
                        style="italic",
                        annotation_clip=False,
                    )
                )
        elif kinds[p] == "city" or load.get(p, 0.0) >= 0.5:
            big = kinds[p] == "city"
            labels.append(
                ax.annotate(
                    short_place_name(p, s),
                    (fr.x[i], fr.y[i]),
                    xytext=(7, 7),
                    textcoords="offset points",
                    fontsize=12.5 if big else 11,
                    color="#222222" if big else "#555555",
                    zorder=6,
                    fontweight="bold" if big else "normal",
                )
            )

    ax.set_xlim(fr.box[0] - 0.5, fr.box[1] + 0.5)
    ax.set_ylim(fr.box[2] - 0.06 * (fr.box[3] - fr.box[2]), fr.box[3] + 0.5)  # room for
    # the labels of far destinations drawn at the bottom edge
    ax.set_aspect(1 / np.cos(np.radians((fr.box[2] + fr.box[3]) / 2)))
    ax.set_xlabel("Longitude (degrees east)")
    ax.set_ylabel("Latitude (degrees north)")
    ref = [v for v in (100, 1_000, 10_000, 100_000) if v <= top][-2:] or [round(top)]
    handles = [
        Line2D(
            [], [], color=ROAD, lw=_width(v, top), alpha=0.75, label=f"Road used by {v:,} people"
        )
        for v in ref
    ]
    handles += [
        Line2D(
            [],
            [],
            color=EVACUATION,
            lw=2.5,
            linestyle=(0, (4, 2)),
            label="Evacuation route (people boarded)",
        ),
        Line2D(
            [],
            [],
            color=CROSSING,
            marker="D",
            lw=0,
            markersize=12,
            label="Border crossing (people who crossed)",
        ),
        Line2D(
            [],
            [],
            color=GREY,
            marker="^",
            lw=0,
            markersize=10,
            markerfacecolor="white",
            label="Far destination (at the map edge)",
        ),
        Patch(facecolor="#F2F2F2", edgecolor="#BDBDBD", label="Crisis country"),
    ]
    ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
        fontsize=12.5,
        frameon=False,
        borderaxespad=0.2,
    )
    estimated = bool(roads["estimated"].all()) if len(roads) else True
    foot = seeds_note(res, policy)
    foot += (
        " Crossing and evacuation counts are recorded; road widths are estimated by "
        "routing each person from where people like them started to where they ended "
        "(shortest path)."
        if estimated
        else " All counts are recorded by the model."
    )
    foot += " Labels that would overlap are left out; small evacuation routes are not drawn."
    headline(
        fig,
        _finding(flows, res),
        "Ways out of the crisis country: people per road, "
        "border crossing and evacuation route over the whole period",
        foot,
    )
    _declutter(fig, labels)
    return fig
