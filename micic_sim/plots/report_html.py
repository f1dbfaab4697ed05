"""The brief as one self-contained HTML file: charts embedded as base64 PNGs and the style
inline, so it can be e-mailed or opened offline in a workshop without a folder of images."""

from __future__ import annotations

import base64
import datetime as dt
import io
from pathlib import Path

import pandas as pd
from jinja2 import Environment, select_autoescape

from micic_sim.analysis.keynumbers import FEW_NOTE
from micic_sim.plots.brief_text import QUOTE_SOURCE, QUOTES, SAFEGUARD, Brief
from micic_sim.plots.charts import Chart

TEMPLATE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ brief.title }}</title>
<style>
 body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a1a1a;
        max-width: 1100px; margin: 2rem auto; padding: 0 1.2rem; line-height: 1.5;
        font-size: 17px; }
 h1 { font-size: 2rem; margin-bottom: .2rem; }
 h2 { font-size: 1.45rem; margin-top: 2.4rem; border-bottom: 2px solid #0072B2;
      padding-bottom: .2rem; }
 .meta { color: #555; margin-top: 0; }
 .safeguard { background: #FFF4E0; border-left: 6px solid #E69F00; padding: .8rem 1rem;
              margin: 1.2rem 0; }
 table { border-collapse: collapse; width: 100%; font-size: .93rem; margin: .6rem 0; }
 th, td { border-bottom: 1px solid #ddd; padding: .35rem .5rem; text-align: left;
          vertical-align: top; }
 th { background: #F2F2F2; }
 td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
 td.num .ci { color: #555; font-size: .85em; }
 table.key { font-size: .85rem; }
 table.key th, table.key td { padding: .3rem .3rem; }
 table.key th { hyphens: auto; }
 table.key th + th { text-align: right; }
 code { overflow-wrap: anywhere; }
 figure { margin: 1.6rem 0; }
 figure img { width: 100%; height: auto; border: 1px solid #eee; box-sizing: border-box; }
 figcaption { color: #444; font-size: .95rem; margin-top: .3rem; }
 blockquote { margin: .8rem 0; padding: .2rem 1rem; border-left: 4px solid #999; color: #333;
              font-style: italic; }
 .small { font-size: .9rem; color: #555; }
</style></head>
<body>
<h1>{{ brief.title }}</h1>
<p class="meta">micic-sim {{ version }} &middot; generated {{ generated }} &middot;
 source: <code>{{ source }}</code></p>
<div class="safeguard"><strong>A planning aid, not a prediction &ndash; and never for
 enforcement.</strong> {{ safeguard }}</div>

<h2>Scenario</h2>
<p>{{ brief.scenario_description }}</p>
<table>{% for k, v in brief.facts %}<tr><th>{{ k }}</th><td>{{ v }}</td></tr>{% endfor %}
</table>

<h2>Policies compared</h2>
<table><tr><th>Policy</th><th>Levers enabled</th><th>What it does</th></tr>
{% for name, levers, what in brief.policies %}
<tr><td><strong>{{ name }}</strong></td><td>{{ levers }}</td><td>{{ what }}</td></tr>
{% endfor %}</table>

<h2>Key numbers</h2>
<p class="small">Mean over seeds, with the 95% confidence interval in brackets where there are
 several seeds. Counts are in people (simulated agents x people per agent).
 {{ few_note }}</p>
<table class="key"><tr><th>Policy</th>{% for c in key_cols %}<th>{{ c }}</th>{% endfor %}</tr>
{% for name, row in key_rows %}<tr><td><strong>{{ name }}</strong></td>
{% for v, ci in row %}<td class="num">{{ v }}{% if ci %}<br><span class="ci">{{ ci }}</span>
{% endif %}</td>{% endfor %}</tr>{% endfor %}</table>

{% if bottlenecks %}
<h2>Bottlenecks: {{ bottleneck_policy }}</h2>
<table><tr><th>Service point</th><th>Kind</th><th>Peak queue (people)</th>
<th>Worst on day</th><th>Person-days waiting</th></tr>
{% for b in bottlenecks %}<tr><td>{{ b.name }}</td><td>{{ b.kind }}</td>
<td class="num">{{ b.peak }}</td><td class="num">{{ b.day }}</td>
<td class="num">{{ b.person_days }}</td></tr>{% endfor %}</table>
{% endif %}

<h2>Charts</h2>
{% for c in charts %}
<figure><img alt="{{ c.key }}" src="data:image/png;base64,{{ c.data }}">
<figcaption>{{ c.caption }}</figcaption></figure>
{% endfor %}

<h2>Methods and limits</h2>
{% for m in brief.methods %}<p>{{ m }}</p>{% endfor %}
<ul>{% for m in brief.limits %}<li>{{ m }}</li>{% endfor %}</ul>

<h3>Never for enforcement</h3>
<p>{{ safeguard }} The MICIC Initiative's civil society consultation put it this way:</p>
{% for q in quotes %}<blockquote>&ldquo;{{ q }}&rdquo;</blockquote>{% endfor %}
<p class="small">{{ quote_source }}</p>
</body></html>
"""


def _split_interval(text: object) -> tuple[str, str]:
    """'96.1% (95.4-96.8)' -> ('96.1%', '(95.4-96.8)'): the interval goes on a second line,
    so a table of ten outcomes fits a 1280-pixel screen."""
    value, sep, rest = str(text).partition(" (")
    return value, f"({rest}" if sep else ""


def png_base64(fig) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight", facecolor="white")
    return base64.b64encode(buf.getvalue()).decode("ascii")


def render_html(
    brief: Brief,
    charts: list[Chart],
    key_table: pd.DataFrame,
    bottlenecks: list[dict],
    bottleneck_policy: str,
    source: str,
) -> str:
    import micic_sim

    env = Environment(autoescape=select_autoescape(default=True))
    return env.from_string(TEMPLATE).render(
        brief=brief,
        version=micic_sim.__version__,
        generated=dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
        source=source,
        safeguard=SAFEGUARD,
        few_note=FEW_NOTE,
        quotes=QUOTES,
        quote_source=QUOTE_SOURCE,
        key_cols=list(key_table.columns),
        key_rows=[(name, [_split_interval(v) for v in row]) for name, row in key_table.iterrows()],
        bottlenecks=bottlenecks,
        bottleneck_policy=bottleneck_policy,
        charts=[{"key": c.key, "caption": c.caption, "data": png_base64(c.figure)} for c in charts],
    )


def write_html(path: Path, html: str) -> Path:
    path.write_text(html, encoding="utf-8")
    return path
