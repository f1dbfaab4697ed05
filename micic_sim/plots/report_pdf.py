"""The brief as a PDF (matplotlib PdfPages): text pages flowed top to bottom, tables drawn as
matplotlib tables, then one page per chart. Printable handout for workshops where screens are
not available.

Every page is A4 landscape: charts (drawn at their own size) are fitted onto a page with their
caption, never saved at their own size; a paragraph (a quotation, a policy, a limit) is kept on
one page, and a page is never started for nothing."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pandas as pd
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from micic_sim.analysis.keynumbers import FEW_NOTE
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

    def add(
        self,
        text: str,
        style: str = "body",
        indent: float = 0.0,
        space: float = 0.12,
        *,
        keep_with: float = 0.0,
    ) -> None:
        """A paragraph, kept on one page (moved to the next if it does not fit what is left);
        `keep_with` inches of what follows must fit too (a heading with its first lines)."""
        size, weight, colour = STYLES[style]
        width_in = PAGE[0] - 2 * MARGIN - indent
        chars = int(width_in * 72 / (size * 0.52))
        lines = textwrap.fill(text, chars).split("\n")
        line_h = size * 1.4 / 72
        if self.fig is None:
            self._new()
        room = PAGE[1] - MARGIN - self.y
        height = len(lines) * line_h + keep_with
        if height > room and self.y > MARGIN and height <= PAGE[1] - 2 * MARGIN:
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

    def table(self, title: str, df: pd.DataFrame, note: str = "") -> None:
        """A table after the text so far if it fits the rest of the page, else on the next;
        long tables continue over pages, `title (continued)`."""
        max_rows, _, _ = _table_geometry(df)
        for start in range(0, max(len(df), 1), max_rows):
            part = df.iloc[start : start + max_rows]
            need = table_height(part, note)
            if self.fig is None or self.y + need > PAGE[1] - MARGIN:
                self._new()
            assert self.fig is not None
            name = title if start == 0 else f"{title} (continued)"
            self.y += draw_table(self.fig, self.y + 0.1, name, part, note) + 0.2


def _cells(part: pd.DataFrame) -> list[list[str]]:
    # Intervals on a second line keep columns narrow enough for a page; long names wrap.
    wrap = 16 if len(part.columns) > 6 else 28  # many columns: every character counts
    return [
        [textwrap.fill(str(i), wrap), *(str(v).replace(" (", "\n(") for v in row)]
        for i, row in part.iterrows()
    ]


def _layout(df: pd.DataFrame) -> tuple[list[str], list[list[str]], list[float], float]:
    """Header, cells, column widths (fractions of the page width) and the font size at which
    the longest line of every column fits its width (bold digits ~0.62 em, with padding)."""
    cells = _cells(df)
    cols = [df.index.name or "", *(textwrap.fill(str(c), 14) for c in df.columns)]
    lens = [
        max(6, *(len(line) for x in [c, *(r[k] for r in cells)] for line in str(x).split("\n")))
        for k, c in enumerate(cols)
    ]
    widths = [n / sum(lens) for n in lens]
    avail_pt = (PAGE[0] - 2 * MARGIN) * 72
    size = min(10.5, 0.92 * avail_pt / (0.62 * sum(lens)))
    return cols, cells, widths, size


def _table_geometry(df: pd.DataFrame) -> tuple[int, float, float]:
    """Rows per page, font size and row height (inches) of a table."""
    _, cells, _, size = _layout(df)
    two_line = any("\n" in x for row in cells for x in row)
    return (12 if two_line else 20), size, size * 1.25 / 72 * (2.4 if two_line else 1.6)


def table_height(df: pd.DataFrame, note: str = "") -> float:
    """Inches one page's part of a table takes: title, note, header and rows."""
    max_rows, _, row_h = _table_geometry(df)
    return 0.4 + (0.35 if note else 0.0) + (min(len(df), max_rows) + 1.8) * row_h + 0.1


def draw_table(fig: Figure, top: float, title: str, df: pd.DataFrame, note: str = "") -> float:
    """A table (index as the first column) drawn on `fig` from `top` inches down; returns the
    inches it took. Call with at most one page's rows (see `_table_geometry`)."""
    _, size, row_h = _table_geometry(df)
    fig.text(
        MARGIN / PAGE[0],
        1 - top / PAGE[1],
        title,
        fontsize=16,
        fontweight="bold",
        color="#0072B2",
        va="top",
    )
    y = top + 0.4
    if note:
        fig.text(
            MARGIN / PAGE[0],
            1 - y / PAGE[1],
            textwrap.fill(note, 150),
            fontsize=10,
            color="#555555",
            va="top",
        )
        y += 0.35
    height = table_height(df, note) - (y - top)
    ax = fig.add_axes(
        (
            MARGIN / PAGE[0],
            1 - (y + height) / PAGE[1],
            1 - 2 * MARGIN / PAGE[0],
            height / PAGE[1],
        )
    )
    ax.axis("off")
    # Widths from the longest text per column, filling the page width exactly (bbox: no pad).
    cols, cells, widths, _ = _layout(df)
    tab = ax.table(
        cellText=cells,
        colLabels=cols,
        bbox=(0, 0, 1, 1),
        cellLoc="right",
        colLoc="center",
        colWidths=widths,
    )
    tab.auto_set_font_size(False)
    tab.set_fontsize(size)
    # Row heights in axes units: the axes is exactly as tall as the table needs.
    unit = row_h / height
    for (r, c), cell in tab.get_celld().items():
        cell.set_edgecolor("#DDDDDD")
        cell.set_height(unit * (1.8 if r == 0 else 1.0))
        if r == 0:
            cell.set_facecolor("#F2F2F2")
            cell.set_text_props(fontweight="bold")
        if c == 0:
            cell.set_text_props(ha="left", fontweight="bold")
    return y + height - top


def chart_page(chart: Chart, dpi: int = 200) -> Figure:
    """A chart fitted onto an A4 landscape page with its caption underneath: rendered at its
    own size, then scaled (keeping its proportions) into the space left by the caption."""
    import io

    from matplotlib.image import imread

    buf = io.BytesIO()
    chart.figure.savefig(buf, format="png", dpi=dpi, bbox_inches="tight", facecolor="white")
    buf.seek(0)
    img = imread(buf)
    page = Figure(figsize=PAGE)
    caption = textwrap.fill(chart.caption, int((PAGE[0] - 2 * MARGIN) * 72 / (11 * 0.55)))
    cap_h = (caption.count("\n") + 1) * 11 * 1.4 / 72 + 0.2
    box_w, box_h = PAGE[0] - 2 * MARGIN, PAGE[1] - 2 * MARGIN - cap_h
    h, w = img.shape[:2]
    scale = min(box_w / w, box_h / h)
    iw, ih = w * scale, h * scale
    left = MARGIN + (box_w - iw) / 2
    bottom = PAGE[1] - MARGIN - ih
    ax = page.add_axes((left / PAGE[0], bottom / PAGE[1], iw / PAGE[0], ih / PAGE[1]))
    ax.imshow(img, interpolation="lanczos")
    ax.axis("off")
    page.text(
        MARGIN / PAGE[0],
        (bottom - 0.15) / PAGE[1],
        caption,
        fontsize=11,
        color="#333333",
        va="top",
    )
    return page


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
        tp.add("Scenario", "h2", keep_with=0.8)
        tp.add(brief.scenario_description, "body")
        facts = [f"{k}: {v}" for k, v in brief.facts]
        for k in range(0, len(facts), 2):  # two facts a line: the brief's first page is full
            tp.add("   \u00b7   ".join(facts[k : k + 2]), "body", indent=0.2, space=0.02)
        tp.add("", "body", space=0.1)
        tp.add("Policies compared", "h2", space=0.1, keep_with=0.8)
        for name, levers, what in brief.policies:
            tp.add(f"{name} - levers: {levers}. {what}", "body", indent=0.2, space=0.06)
        tp.table(
            "Key numbers",
            key_table,
            "Mean over seeds; 95% confidence interval in brackets where there are "
            "several seeds. Counts are in people (simulated agents x people per agent). "
            + FEW_NOTE,
        )
        if len(bottlenecks):
            tp.table(
                f"Bottlenecks: {bottleneck_policy}",
                bottlenecks,
                "Service points ranked by person-days spent waiting in their queues.",
            )
        tp.flush()
        for c in charts:
            pdf.savefig(chart_page(c))
        tp = TextPages(pdf)
        tp.add("Methods and limits", "h2", keep_with=0.8)
        for m in brief.methods:
            tp.add(m, "body")
        for m in brief.limits:
            tp.add("\u2022 " + m, "body", indent=0.2)
        tp.add("Never for enforcement", "h2", keep_with=1.2)
        tp.add(
            SAFEGUARD + " The MICIC Initiative's civil society consultation put it this way:",
            "body",
        )
        for q in QUOTES:
            tp.add(f"\u201c{q}\u201d", "quote", indent=0.4)
        tp.add(QUOTE_SOURCE, "small")
        tp.flush()
    return path
