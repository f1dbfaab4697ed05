"""One look for every chart: a colour-blind-safe palette (Okabe-Ito), large type that stays
readable on a projector, titles that state the finding, and axes that say their units.

Charts are shown in workshops to planners who did not run the model; a finding in the title
and units on every axis mean a chart can be read without the person who made it.
"""

from __future__ import annotations

import functools
import textwrap
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, PercentFormatter

# Okabe & Ito (2008), distinguishable with the common colour-vision deficiencies.
OKABE_ITO = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "black": "#000000",
}
GREY = "#8C8C8C"
LIGHT_GREY = "#D9D9D9"
SEQUENCE = [
    OKABE_ITO[k]
    for k in ("blue", "orange", "green", "vermillion", "purple", "sky_blue", "black", "yellow")
]
LINESTYLES = ["-", "--", "-.", ":"]  # a second cue where more lines than colours
# Outcomes that are harms get warm colours, good outcomes cool ones, consistently.
OUTCOME_COLOURS = {
    "stranded": OKABE_ITO["orange"],
    "detained": OKABE_ITO["purple"],
    "harmed": OKABE_ITO["vermillion"],
    "safe": OKABE_ITO["blue"],
    "queue": OKABE_ITO["sky_blue"],
}

RC = {
    "figure.figsize": (12, 7),
    "figure.dpi": 110,
    "savefig.dpi": 130,
    "font.size": 15,
    "axes.titlesize": 19,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": 15,
    "xtick.labelsize": 13,
    "ytick.labelsize": 13,
    "legend.fontsize": 13,
    "legend.frameon": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#E5E5E5",
    "grid.linewidth": 0.8,
    "axes.prop_cycle": matplotlib.cycler(color=SEQUENCE),
    "lines.linewidth": 3.0,
}


def colour(i: int) -> str:
    return SEQUENCE[i % len(SEQUENCE)]


def linestyle(i: int) -> str:
    return LINESTYLES[(i // len(SEQUENCE)) % len(LINESTYLES)]


def styled[**P, R](func: Callable[P, R]) -> Callable[P, R]:
    """Run a chart function in the house style without changing the caller's matplotlib
    settings (every artist picks its fonts and colours up when it is created)."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with matplotlib.rc_context(RC):
            return func(*args, **kwargs)

    return wrapper


def figure(
    nrows: int = 1, ncols: int = 1, *, size: tuple[float, float] | None = None, **kw: Any
) -> tuple[Figure, Any]:
    """A new figure with constrained layout (call inside a `styled` chart function).

    Figures are made without pyplot: they render with Agg wherever they are saved, never open
    a window, keep no global state (safe in sweeps and servers) and still display inline in a
    notebook."""
    fig = Figure(figsize=size or RC["figure.figsize"], layout="constrained")
    FigureCanvasAgg(fig)  # explicit Agg canvas: measurable text, PNG without a GUI backend
    axes = fig.subplots(nrows, ncols, **kw)
    for ax in axes.ravel() if hasattr(axes, "ravel") else [axes]:
        ax.set_axisbelow(True)
    return fig, axes


def _wrap(text: str, fig: Figure, size: float) -> str:
    chars = int(fig.get_figwidth() * 72 / (size * 0.56))
    return "\n".join(textwrap.fill(par, chars) for par in text.split("\n"))


def headline(
    fig: Figure, finding: str, subtitle: str | None = None, footnote: str | None = None
) -> None:
    """Frame a chart: the finding as a bold title, what is plotted as a lighter subtitle and a
    small footnote (seeds, what the intervals mean). Space is reserved in the layout so none of
    them overlaps the axes."""
    height = fig.get_figheight()
    title_size, sub_size, foot_size = RC["axes.titlesize"], RC["font.size"], 11.5
    pad = 0.12  # inches
    y = pad
    title = _wrap(finding, fig, title_size)
    fig.text(
        0.012,
        1 - y / height,
        title,
        ha="left",
        va="top",
        fontsize=title_size,
        fontweight="bold",
        color="#111111",
        linespacing=1.25,
    )
    y += (title.count("\n") + 1) * title_size * 1.25 / 72 + 0.06
    if subtitle:
        sub = _wrap(subtitle, fig, sub_size)
        fig.text(
            0.012,
            1 - y / height,
            sub,
            ha="left",
            va="top",
            fontsize=sub_size,
            color="#444444",
            linespacing=1.25,
        )
        y += (sub.count("\n") + 1) * sub_size * 1.25 / 72
    y += 0.15
    bottom = 0.0
    if footnote:
        foot = _wrap(footnote, fig, foot_size * 0.9)
        lines = foot.count("\n") + 1
        fig.text(
            0.012,
            pad / height,
            foot,
            ha="left",
            va="bottom",
            fontsize=foot_size,
            color="#555555",
            linespacing=1.2,
        )
        bottom = (pad + lines * foot_size * 1.2 / 72 + 0.1) / height
    engine = fig.get_layout_engine()
    if engine is not None and hasattr(engine, "set"):
        engine.set(rect=(0, bottom, 1, 1 - y / height - bottom))


def percent_axis(axis, decimals: int | None = None) -> None:
    """Show 0..1 values as percentages (decimals by default chosen from the axis range, so a
    2.5% tick never reads '2%')."""
    axis.set_major_formatter(PercentFormatter(xmax=1.0, decimals=decimals))


def thousands_axis(axis) -> None:
    axis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))


def save(fig: Figure, path: str | Path) -> Path:
    """Write a PNG (the bounding box includes the title block and footnote)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, bbox_inches="tight", facecolor="white")
    return path


def pct(x: float, decimals: int = 0) -> str:
    return f"{x * 100:.{decimals}f}%"


def times(ratio: float) -> str:
    """'3x', '1.4x' for a ratio in a title."""
    if ratio >= 10:
        return f"{ratio:.0f}x"
    return f"{ratio:.1f}x".replace(".0x", "x")


def join_words(items: Iterable[str]) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def end_labels(
    ax: Any,
    x: float,
    values: list[float],
    texts: list[str],
    colours: list[str],
    min_gap: float = 0.045,
) -> None:
    """Label line ends at `x` without overlaps (labels pushed apart by `min_gap` of the
    y-range), so no legend look-up is needed for the final values."""
    lo, hi = ax.get_ylim()
    gap = min_gap * (hi - lo)
    order = sorted(range(len(values)), key=lambda i: values[i])
    placed: list[float] = []
    for i in order:  # push up past the label below ...
        placed.append(values[i] if not placed else max(values[i], placed[-1] + gap))
    cap = hi
    for k in range(len(placed) - 1, -1, -1):  # ... then down below the top edge / label above
        placed[k] = min(placed[k], cap)
        cap = placed[k] - gap
    for k, i in enumerate(order):
        ax.annotate(
            texts[i],
            (x, values[i]),
            xytext=(x, placed[k]),
            textcoords="data",
            xycoords="data",
            va="center",
            ha="left",
            fontsize=13,
            color=colours[i],
            fontweight="bold",
            annotation_clip=False,
        )
