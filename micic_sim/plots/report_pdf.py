"""The brief as a PDF (matplotlib PdfPages): text pages flowed top to bottom, tables drawn as
matplotlib tables, then one page per chart. Printable handout for workshops where screens are
not available."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pandas as pd
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from micic_sim.plots.brief_text import QUOTE_SOURCE, QUOTES, SAFEGUARD, Brief
from micic_sim.plots.charts import Chart

PAGE = (11.69, 8.27)  # A4 landscape, inches
MARGIN = 0.6
STYLES = {
    "h1": (24, "bold", "#111111"),
    "h2": (17, "bold", "#0072B2"),
    "body": (12.5, "normal", "#1a1a1a"),
    "small": (10.5, "normal", "#555555"),
    "quote": (12.5, "normal", "#333333"),
    "warn": (13.5, "bold", "#7A4A00"),
}


class TextPages:
    """Flows styled paragraphs onto as many pages as needed."""

    def __init__(self, pdf: PdfPages) -> None:
        self.pdf = pdf
        self.fig: Figure | None = None
        self.y = 0.0

    def _new(self) -> None:
        self.flush()
        self.fig = Figure(figsize=PAGE)
        self.y = MARGIN

    def flush(self) -> None:
        if self.fig is not None:
            self.pdf.savefig(self.fig)
            self.fig = None

    def add(self, text: str, style: str = "body", indent: float = 0.0, space: float = 0.12) -> None:
        size, weight, colour = STYLES[style]
        width_in = PAGE[0] - 2 * MARGIN - indent
        chars = int(width_in * 72 / (size * 0.52))
        lines = textwrap.fill(text, chars).split("\n")
        line_h = size * 1.4 / 72
        if self.fig is None:
            self._new()
        for line in lines:
            if self.y + line_h > PAGE[1] - MARGIN:
                self._new()
            assert self.fig is not None
            self.fig.text(
                (MARGIN + indent) / PAGE[0],
                1 - self.y / PAGE[1],
                line,
                fontsize=size,
                fontweight=weight,
                color=colour,
                va="top",
                style="italic" if style == "quote" else "normal",
            )
            self.y += line_h
        self.y += space

    def page_break(self) -> None:
        self._new()


def table_page(pdf: PdfPages, title: str, df: pd.DataFrame, note: str = "") -> None:
    """A table (index as the first column) on one or more pages (fewer rows per page when
    cells hold an interval on a second line)."""
    two_line = df.astype(str).apply(lambda c: c.str.contains(r" \(")).to_numpy().any()
    max_rows = 12 if two_line else 20
    for start in range(0, max(len(df), 1), max_rows):
        part = df.iloc[start : start + max_rows]
        fig = Figure(figsize=PAGE)
        fig.text(
            MARGIN / PAGE[0],
            1 - MARGIN / PAGE[1],
            title,
            fontsize=16,
            fontweight="bold",
            color="#0072B2",
            va="top",
        )
        if note:
            fig.text(
                MARGIN / PAGE[0],
                1 - (MARGIN + 0.35) / PAGE[1],
                textwrap.fill(note, 150),
                fontsize=10,
                color="#555555",
                va="top",
            )
        ax = fig.add_axes(
            (
                MARGIN / PAGE[0],
                MARGIN / PAGE[1],
                1 - 2 * MARGIN / PAGE[0],
                1 - (2 * MARGIN + 0.8) / PAGE[1],
            )
        )
        ax.axis("off")
        # Intervals on a second line keep columns narrow enough for a page.
        cells = [
            [str(i), *(str(v).replace(" (", "\n(") for v in row)] for i, row in part.iterrows()
        ]
        cols = [df.index.name or "", *(textwrap.fill(str(c), 14) for c in df.columns)]
        # Widths from the longest text per column, scaled to fill the page width exactly.
        lens = [
            max(len(line) for x in [c, *(r[k] for r in cells)] for line in str(x).split("\n"))
            for k, c in enumerate(cols)
        ]
        widths = [max(n, 6) / sum(max(n, 6) for n in lens) for n in lens]
        tab = ax.table(
            cellText=cells,
            colLabels=cols,
            loc="upper left",
            cellLoc="right",
            colLoc="center",
            colWidths=widths,
        )
        tab.auto_set_font_size(False)
        tab.set_fontsize(8.5 if len(df.columns) > 7 else 10.5)
        two_lines = any("\n" in x for r in cells for x in r)
        tab.scale(1, 2.7 if two_lines else 1.9)
        for (r, c), cell in tab.get_celld().items():
            cell.set_edgecolor("#DDDDDD")
            if r == 0:
                cell.set_facecolor("#F2F2F2")
                cell.set_text_props(fontweight="bold")
                cell.set_height(cell.get_height() * 1.8)
            if c == 0:
                cell.set_text_props(ha="left", fontweight="bold")
        pdf.savefig(fig)


def write_pdf(
    path: Path,
    brief: Brief,
    charts: list[Chart],
    key_table: pd.DataFrame,
    bottlenecks: pd.DataFrame,
    bottleneck_policy: str,
    source: str,
) -> Path:
    with PdfPages(path) as pdf:
        tp = TextPages(pdf)
        tp.add(brief.title, "h1", space=0.1)
        tp.add(f"Source: {source}", "small", space=0.25)
        tp.add("A planning aid, not a prediction - and never for enforcement.", "warn", space=0.05)
        tp.add(SAFEGUARD, "body", space=0.3)
        tp.add("Scenario", "h2")
        tp.add(brief.scenario_description, "body")
        for k, v in brief.facts:
            tp.add(f"{k}: {v}", "body", indent=0.2, space=0.02)
        tp.add("", "body", space=0.1)
        tp.add("Policies compared", "h2", space=0.1)
        for name, levers, what in brief.policies:
            tp.add(f"{name} - levers: {levers}. {what}", "body", indent=0.2, space=0.06)
        tp.flush()
        table_page(
            pdf,
            "Key numbers",
            key_table,
            "Mean over seeds; 95% confidence interval in brackets where there are "
            "several seeds. Counts are in people (simulated agents x people per agent).",
        )
        if len(bottlenecks):
            table_page(
                pdf,
                f"Bottlenecks: {bottleneck_policy}",
                bottlenecks,
                "Service points ranked by person-days spent waiting in their queues.",
            )
        for c in charts:
            c.figure.text(
                0.01,
                -0.06,
                textwrap.fill(c.caption, 160),
                fontsize=11,
                color="#333333",
                va="top",
                transform=c.figure.transFigure,
            )
            pdf.savefig(c.figure, bbox_inches="tight")
        tp = TextPages(pdf)
        tp.add("Methods and limits", "h2")
        for m in brief.methods:
            tp.add(m, "body")
        for m in brief.limits:
            tp.add("\u2022 " + m, "body", indent=0.2)
        tp.add("Never for enforcement", "h2")
        tp.add(
            SAFEGUARD + " The MICIC Initiative's civil society consultation put it this way:",
            "body",
        )
        for q in QUOTES:
            tp.add(f"\u201c{q}\u201d", "quote", indent=0.4)
        tp.add(QUOTE_SOURCE, "small")
        tp.flush()
    return path
