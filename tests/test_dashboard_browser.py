"""The dashboard in a real browser: Debian's headless chromium driven by Playwright.

Starts `micic-sim dashboard` on 127.0.0.1 on a free port, with every request that would leave
this machine blocked, loads the page, switches a lever, runs 10 steps and checks that the charts
changed, that the key numbers moved, and that neither the browser console nor the server
reported an error or a missing front-end file; then that Pause answers while a long run goes on.
A screenshot is kept in test-artifacts/.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTEFACTS = ROOT / "test-artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHARTS = ("states", "queues", "flow_map")


def step_of(text: str) -> int:
    return int(re.search(r"step (\d+)", text).group(1))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A dashboard server on 127.0.0.1 (numba kernels compiled first, so the page is quick)."""
    if not Path(CHROMIUM).exists():
        pytest.fail("no chromium: install Debian's package (apt-get install -y chromium)")
    from micic_sim.model import EvacuationModel

    EvacuationModel("demo", population_total=300).step()  # fills numba's on-disk cache
    work = tmp_path_factory.mktemp("dashboard")
    port = free_port()
    log = (work / "server.log").open("w")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "micic_sim",
            "dashboard",
            "scenario=demo",
            "--port",
            str(port),
            "--out",
            str(work / "runs"),
        ],  # fmt: skip
        cwd=work,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 90
    while True:
        try:
            urllib.request.urlopen(url, timeout=2)
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"dashboard did not start:\n{(work / 'server.log').read_text()}")
            time.sleep(0.3)
    yield url, work / "server.log"
    os.kill(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


def test_lever_and_ten_steps_in_a_real_browser(server):
    from playwright.sync_api import expect, sync_playwright

    url, server_log = server
    console, outside, failed = [], [], []

    def route(r):
        if r.request.url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:")):
            r.continue_()
        else:  # the dashboard must work with no internet: nothing may leave this machine
            outside.append(r.request.url)
            r.abort()

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1500, "height": 1150})
            page.on("console", lambda m: console.append(m) if m.type == "error" else None)
            page.on("pageerror", lambda e: console.append(e))
            page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
            page.route("**/*", route)
            page.goto(url)
            day = page.locator(".micic-day")
            expect(day).to_contain_text("step 0", timeout=120_000)

            def charts() -> dict[str, str]:
                return {c: page.locator(f"img.micic-{c}").get_attribute("src") for c in CHARTS}

            def safe_people() -> str:
                return page.locator("table.micic-key tr").nth(1).inner_text()

            page.get_by_text("Exit waiver", exact=True).click()
            expect(day).to_contain_text("Exit waiver", timeout=60_000)
            expect(page.get_by_text("Building the scenario")).to_have_count(0, timeout=60_000)
            expect(page.locator("table.micic-key")).to_have_count(1)  # one table, not a leftover
            expect(page.locator("table.micic-key")).to_contain_text("Baseline")
            before, safe_before = charts(), safe_people()
            page.get_by_role("button", name="Run 10 steps").click()
            expect(day).to_contain_text("step 10", timeout=60_000)
            expect(day).to_contain_text("paused", timeout=60_000)
            after = charts()
            changed = [c for c in CHARTS if after[c] != before[c]]
            unchanged = set(CHARTS) - set(changed)
            assert not unchanged, f"charts unchanged after 10 steps: {unchanged}"
            assert safe_people() != safe_before  # people reached safety over 2.5 days
            ARTEFACTS.mkdir(exist_ok=True)
            page.screenshot(path=ARTEFACTS / "dashboard.png", full_page=True)
            with page.expect_download(timeout=120_000) as dl:
                page.get_by_role("button", name="Download the run folder and charts (zip)").click()
            assert dl.value.suggested_filename == "demo_exit_waiver_seed0.zip"
            names = zipfile.ZipFile(dl.value.path()).namelist()
            assert "seed0/summary.json" in names and "seed0/baseline/summary.json" in names
            assert "seed0/charts/flow_map.png" in names
            # While the model runs to the end (in a worker thread) the page still answers: the
            # charts move on, and Pause stops the run long before its last step.
            # A population large enough that running to the end takes longer than a redraw,
            # however quiet the machine (the model is rebuilt, back to step 0).
            size = page.get_by_label("Population size (agents; more = finer, slower)")
            size.fill("150000")
            size.press("Enter")
            expect(day).to_contain_text("step 0", timeout=60_000)
            expect(page.get_by_text("Building the scenario")).to_have_count(0, timeout=120_000)
            page.get_by_role("button", name="Run to the end").click()
            expect(day).to_contain_text("running", timeout=30_000)
            deadline = time.monotonic() + 60
            while step_of(day.inner_text()) < 1:  # the first redraw of the long run
                assert time.monotonic() < deadline, day.inner_text()
                time.sleep(0.1)
            t0 = time.monotonic()
            page.get_by_role("button", name="Pause").click()
            expect(day).to_contain_text("paused", timeout=30_000)
            pause_s = time.monotonic() - t0
            stopped = step_of(day.inner_text())
            time.sleep(1.5)
            assert step_of(day.inner_text()) == stopped < 180  # demo: 45 days of 6 h steps
            print(f"Pause answered in {pause_s:.2f} s, at step {stopped}")
        finally:
            browser.close()
    assert not console, f"browser console errors: {[str(getattr(m, 'text', m)) for m in console]}"
    assert not outside, f"requests that left 127.0.0.1: {outside}"
    assert not failed, f"requests that failed: {failed}"
    log = server_log.read_text()
    assert "Could not load URL" not in log, log  # a front-end file missing from solara-assets
    assert "Traceback" not in log, log
