"""The dashboard in a real browser: Debian's Chromium driven by Playwright.

Starts ``healthsim dashboard``'s server on 127.0.0.1 on a free port, loads the page,
reads the opening card and puts it away, picks a model by its plain name, steps months,
and checks that the page drew offline (no request left the machine, none failed), that
the charts changed and are labelled by financial year, and that A/B mode steps both
scenarios. Saves screenshots to ``results/test-artifacts/``.

ECharts draws on a canvas, so the axis labels are not in the page's text: the test asks
the chart itself (the Vue component of Solara's ECharts widget holds the ECharts
instance) for the labels its financial-year axis lays out.

Chromium comes from ``scripts/install_browser.sh`` (``.ci/run`` calls it). In CI (``CI``
set) a missing Chromium fails the test; elsewhere it is skipped with that instruction.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import time
import urllib.request
from pathlib import Path
from urllib.error import URLError

import pytest

from sim.dashboard.server import start_server, url

pytestmark = [pytest.mark.slow, pytest.mark.browser]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parents[1] / "results" / "test-artifacts"
SERVER_START_SECONDS = 90  # a cold start imports Solara and its widgets
PAGE_SECONDS = 60  # first page: the economy is built, front-end assets load
MONTH_SECONDS = 30  # a year of months, with rendering
EXPLAIN_SECONDS = 900  # sim.explain's factorial: 2 x 2^8 runs (a bound for a hung page)
VIEWPORT = {"width": 1920, "height": 1080}  # a projector


@pytest.fixture(scope="module")
def chromium() -> Path:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: run scripts/install_browser.sh (as root)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return CHROMIUM


@pytest.fixture(scope="module")
def dashboard_url():
    """The dashboard served by its own server process, stopped afterwards."""
    host, port = "127.0.0.1", _free_port()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log = ARTIFACTS / "dashboard-server.log"  # a file: an unread pipe would fill and block
    with log.open("wb") as output:
        server = start_server(host, port, stdout=output, stderr=subprocess.STDOUT)
        address = url(host, port)
        try:
            _wait_until_serving(address, server, log)
            yield address
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_serving(address: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            output = log.read_text(errors="replace")
            raise AssertionError(f"the dashboard server exited ({server.returncode}):\n{output}")
        try:
            with urllib.request.urlopen(address, timeout=5) as response:
                if response.status == 200:
                    return
        except (URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
    raise AssertionError(f"the dashboard did not answer at {address} in "
                         f"{SERVER_START_SECONDS} s")


@pytest.fixture
def page(chromium, dashboard_url):
    """A fresh browser page on the dashboard, recording every request that leaves it."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport=VIEWPORT)
        page.requests_seen, page.failures = [], []
        page.on("request", lambda request: page.requests_seen.append(request.url))
        page.on("requestfailed", lambda request: page.failures.append(request.url))
        page.on("response", lambda response: response.status >= 400 and page.failures.append(
            f"{response.status} {response.url}"))
        page.goto(dashboard_url)
        page.get_by_text("ready: 0 of 120 months").wait_for(timeout=PAGE_SECONDS * 1000)
        page.wait_for_timeout(1000)  # the charts' library loads after the page
        yield page
        browser.close()


def _status(page, text: str) -> None:
    page.locator(".healthsim-status", has_text=text).wait_for(timeout=MONTH_SECONDS * 1000)


def _month(page) -> int:
    """The month the status line shows (``YYYY-MM: month N of M``)."""
    text = page.locator(".healthsim-status").inner_text()
    return int(re.search(r"month (\d+) of", text).group(1))


def _wait_for_month_past(page, month: int) -> None:
    page.wait_for_function(
        """(month) => {
            const status = document.querySelector('.healthsim-status');
            const found = status && status.textContent.match(/month (\\d+) of/);
            return found && Number(found[1]) > month;
        }""", arg=month, timeout=MONTH_SECONDS * 1000)


def _choose(page, box: str, option: str, arm: str = "A") -> None:
    """Open a menu in scenario ``arm``'s panel and pick ``option``."""
    page.locator(f".healthsim-arm-{arm} .{box} .v-select").click()
    page.locator(".menuable__content__active .v-list-item", has_text=option).first.click()


def _chart(page, key: str) -> bytes:
    return page.locator(f".healthsim-chart-{key} canvas").first.screenshot()


AXIS_LABELS_JS = """
(key) => {
    const card = document.querySelector('.healthsim-chart-' + key);
    const host = card && [...card.querySelectorAll('*')].find(e => e.__vue__ && e.__vue__.chart);
    if (!host) return null;
    const axis = host.__vue__.chart.getModel().getComponent('xAxis', 1).axis;
    return axis.getViewLabels().map(label => label.formattedLabel);
}
"""


def _axis_labels(page, key: str) -> list[str]:
    """The labels the chart's financial-year axis lays out (drawn on its canvas)."""
    return page.evaluate(AXIS_LABELS_JS, key)


def _menu_entries(page, box: str, arm: str = "A") -> list[str]:
    """Open a menu and read its entries (then close it)."""
    page.locator(f".healthsim-arm-{arm} .{box} .v-select").click()
    entries = page.locator(".menuable__content__active .v-list-item")
    entries.first.wait_for(timeout=5000)
    texts = [t.strip() for t in entries.all_inner_texts()]
    page.keyboard.press("Escape")
    return texts


def test_the_room_reads_the_story_plain_names_and_financial_years(page):
    card = page.locator(".healthsim-story")
    card.get_by_text("Under PCT commissioning, GPs hold no budget").wait_for(timeout=5000)
    assert "Local clinical partnership" in card.inner_text()
    page.get_by_role("button", name="Got it").click()
    card.wait_for(state="detached", timeout=5000)
    models = _menu_entries(page, "control-commissioning-model-box")
    assert "Local clinical partnership" in models and "lcp" not in models
    assert "PCT commissioning" in models
    page.get_by_role("button", name="Step").click()
    _status(page, "April 2010: month 1 of 120")
    page.wait_for_timeout(1000)  # the chart draws after its option arrives
    labels = _axis_labels(page, "admissions")
    assert labels and labels[0] == "2010-11" and labels[-1] == "2019-20", labels


def test_a_room_can_move_a_lever_and_watch_the_months(page, dashboard_url):
    _choose(page, "control-commissioning-model-box", "Local clinical partnership")
    page.get_by_text("scenario: Local clinical partnership").wait_for(
        timeout=MONTH_SECONDS * 1000)
    page.get_by_role("button", name="Step").click()
    _status(page, "April 2010: month 1 of 120")
    # the partnership forms in its first April; later happenings push the line down
    page.get_by_text("1 commissioner formed (lcp_00)").first.wait_for(timeout=5000)
    page.wait_for_timeout(500)
    charts_before = {key: _chart(page, key) for key in ("admissions", "coverage")}
    for months in (13, 25):
        page.get_by_role("button", name="+1 year").click()
        _status(page, f"month {months} of 120")
    page.wait_for_timeout(1000)  # the charts redraw after the numbers arrive
    for key, before in charts_before.items():
        assert _chart(page, key) != before, f"the {key} chart did not change"
    page.locator(".healthsim-commissioners", has_text="lcp_00").wait_for(timeout=5000)
    page.get_by_role("button", name="Play").click()
    _wait_for_month_past(page, 26)  # playing passes a month every quarter second
    page.get_by_role("button", name="Pause").click()
    page.get_by_role("button", name="Play").wait_for(timeout=MONTH_SECONDS * 1000)
    paused = _month(page)
    page.wait_for_timeout(1500)
    assert _month(page) == paused, "the months went on after Pause"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dashboard.png"))
    _check_offline(page, dashboard_url)


def test_ab_mode_steps_both_scenarios_side_by_side(page, dashboard_url):
    page.get_by_text("Compare two scenarios (A/B)").click()
    page.locator(".healthsim-arm-B").wait_for(timeout=MONTH_SECONDS * 1000)
    _choose(page, "control-commissioning-model-box", "Local clinical partnership", arm="B")
    page.get_by_text("B: Local clinical partnership").wait_for(timeout=MONTH_SECONDS * 1000)
    page.get_by_role("button", name="+1 year").click()
    _status(page, "month 12 of 120")
    page.wait_for_timeout(500)
    before = _chart(page, "admissions")
    page.get_by_role("button", name="+1 year").click()
    _status(page, "month 24 of 120")
    page.wait_for_timeout(1000)
    assert _chart(page, "admissions") != before
    page.get_by_text("Scenario B", exact=True).first.wait_for(timeout=5000)
    page.locator(".healthsim-chart-spend_b canvas").first.wait_for(timeout=5000)
    # "why did B differ?": sim.explain's waterfall
    page.get_by_role("button", name="Explain the first 24 months").click()
    page.locator(".healthsim-waterfall").wait_for(timeout=EXPLAIN_SECONDS * 1000)
    page.locator(".healthsim-explain").scroll_into_view_if_needed()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dashboard-ab.png"))
    _check_offline(page, dashboard_url)


def _check_offline(page, dashboard_url: str) -> None:
    """Every request went to the dashboard's own server, and none failed."""
    elsewhere = [u for u in page.requests_seen
                 if not u.startswith((dashboard_url, dashboard_url.replace("http", "ws", 1),
                                      "data:", "blob:"))]
    assert elsewhere == [], f"requests left the machine: {elsewhere[:5]}"
    assert page.failures == [], f"requests failed: {page.failures[:5]}"
