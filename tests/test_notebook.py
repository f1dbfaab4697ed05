"""The planner's notebook runs from top to bottom (nbclient), writing into a temporary copy of
the repository's run folder so the test leaves nothing behind.

About 40 s on an idle 2-core machine (12 small Libya runs plus every chart and the brief), and
several minutes under load: marked slow, so CI runs it after the default suite."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "compare_levers.ipynb"


def _execute(notebook: Path, tmp_path: Path) -> list[dict]:
    """Run a copy of `notebook` top to bottom in `tmp_path/notebooks` (its runs go beside it);
    returns the images it showed, after checking no cell raised."""
    work = tmp_path / "notebooks"
    work.mkdir()
    shutil.copy(notebook, work / notebook.name)
    nb = nbformat.read(work / notebook.name, as_version=4)
    client = NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(work)}}
    )
    client.execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    return [o for o in outputs if "image/png" in o.get("data", {})]


@pytest.mark.slow
def test_compare_levers_notebook_runs(tmp_path: Path):
    images = _execute(NOTEBOOK, tmp_path)
    assert len(images) >= 5  # lever comparison, left behind, safety, queues, flow map
    assert (tmp_path / "runs" / "notebook_compare_levers" / "report" / "report.html").is_file()


EXPLORE = ROOT / "notebooks" / "explore.ipynb"


@pytest.mark.slow
def test_explore_notebook_runs(tmp_path: Path):
    """The exploration notebook (demo, a few Morris trajectories, three policies) runs top to
    bottom and shows the sensitivity, regret and PRIM charts."""
    images = _execute(EXPLORE, tmp_path)
    assert len(images) >= 5  # drivers of 2 levers, regret, PRIM of 2 levers
    assert (tmp_path / "runs" / "notebook_explore" / "report.md").is_file()
