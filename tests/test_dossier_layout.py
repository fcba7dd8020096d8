"""The dossier as a reader sees it, measured in a real browser: Debian's Chromium driven
through WebDriver (selenium and chromium-driver, which .ci/run installs).

What is measured, on screen at 1280 and 800 px and in print:
- every number, year, id and vocabulary word sits on one line, and no word anywhere in
  a table breaks inside itself (prose wraps at spaces and after hyphens only);
- short columns keep their content's width, so the prose has the rest; no table is
  wider than its box and the page never scrolls sideways;
- the design card is the first screen (1280 x 800): studies, doses and positions;
- the RA dossier printed on A4 and on Letter keeps to PAGE_BUDGET pages, with the
  table headers repeated, rows whole, links printed as addresses and the map legible.

Without Chromium, its driver or selenium these tests skip, except under
IVIG_REQUIRE_RENDERERS=1 (as in CI), where they fail.
"""

from __future__ import annotations

import base64
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import _invoke
from tests.test_screen import _need

pytestmark = pytest.mark.browser

# The RA dossier, the largest, printed: 8 pages on A4 and on Letter in December 2026
# (data release 2026.12.1), 18 before the print stylesheet. The budget leaves room for
# a few more studies, not for a layout that wastes paper.
PAGE_BUDGET = 10
PAPER = {"A4": (21.0, 29.7), "Letter": (21.59, 27.94)}  # cm
WIDTHS = (1280, 800)
FIRST_SCREEN = (1280, 800)  # a laptop's browser window

# Every element whose text must sit on one line, and every word in a table that must
# not break inside itself. A line is a set of client rects that overlap vertically.
MEASURE = """
const oneLine = (range) => {
  const rects = [...range.getClientRects()].filter(r => r.width > 0 && r.height > 0);
  if (rects.length < 2) return true;
  const bottom = Math.min(...rects.map(r => r.bottom));
  return rects.every(r => r.top < bottom - 1);
};
const where = (el) => {
  const table = el.closest('table');
  const caption = table && table.querySelector('caption');
  return (caption ? caption.textContent.slice(0, 40) : el.tagName) + ': ';
};
const broken = [];
for (const el of document.querySelectorAll('td.num, td.key, th.num, .id, .status, .flag')) {
  const range = document.createRange();
  range.selectNodeContents(el);
  if (el.textContent.trim() && !oneLine(range)) broken.push(where(el) + el.textContent.trim());
}
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let node = walker.nextNode(); node; node = walker.nextNode()) {
  if (!node.parentElement.closest('table')) continue;
  for (const word of node.data.matchAll(/[^\\s\\-\\/]+/g)) {
    const range = document.createRange();
    range.setStart(node, word.index);
    range.setEnd(node, word.index + word[0].length);
    if (!oneLine(range)) broken.push(where(node.parentElement) + 'word ' + word[0]);
  }
}
const boxes = [...document.querySelectorAll('.scroll')]
  .filter(box => box.getClientRects().length && box.scrollWidth > box.clientWidth + 1)
  .map(box => where(box.querySelector('caption')) + box.scrollWidth + ' > ' + box.clientWidth);
return {broken, boxes, page: document.documentElement.scrollWidth, width: innerWidth};
"""

# Short columns (numbers, vocabulary words) as wide as their widest content, no wider:
# the width goes to the prose. Cells of one column share their left edge.
NARROW = """
const columns = new Map();
for (const cell of document.querySelectorAll('table:not(.map) td.num, table:not(.map) td.key')) {
  const box = cell.getBoundingClientRect();
  if (!box.width) continue;
  const range = document.createRange();
  range.selectNodeContents(cell);
  const style = getComputedStyle(cell);
  const pad = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight)
    + parseFloat(style.borderLeftWidth) + parseFloat(style.borderRightWidth);
  const key = cell.closest('table').querySelector('caption').textContent.slice(0, 30)
    + ' @' + Math.round(box.left);
  const column = columns.get(key) || {width: box.width, content: 0};
  column.content = Math.max(column.content, range.getBoundingClientRect().width + pad);
  columns.set(key, column);
}
return [...columns].filter(([, c]) => c.width > c.content + 4)
  .map(([key, c]) => key + ': ' + Math.round(c.width) + ' for ' + Math.round(c.content));
"""


def _module(name: str) -> Any:
    import importlib

    try:
        return importlib.import_module(name)
    except ImportError:
        if os.environ.get("IVIG_REQUIRE_RENDERERS"):
            pytest.fail(f"{name} must be installed here (the test extras install it)")
        pytest.skip(f"{name} is not installed")


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    chromium = _need("chromium")
    chromedriver = _need("chromedriver")
    webdriver = _module("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",  # a scroll bar would take width from the page at random
        f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
    ):
        options.add_argument(flag)
    # The driver named outright: selenium then never looks for one on the network.
    driver = webdriver.Chrome(options=options, service=Service(executable_path=chromedriver))
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def dossiers(built_db: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The RA dossier (the largest) and the AOSD one, written by the real command."""
    folder = tmp_path_factory.mktemp("dossiers")
    made = {}
    for slug in ("ra", "aosd"):
        target = folder / f"{slug}.html"
        run = _invoke("--db", str(built_db), "report", "-i", slug, "--html", str(target))
        assert run.exit_code == 0, run.stderr
        made[slug] = target
    return made


def _show(driver: Any, page: Path | str, width: int, height: int = 800, media: str = "") -> None:
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
    )
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": media})
    driver.get(page.as_uri() if isinstance(page, Path) else page)


def _measure(driver: Any) -> dict[str, Any]:
    result: dict[str, Any] = driver.execute_script(MEASURE)
    return result


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("slug", ["ra", "aosd"])
def test_numbers_ids_and_words_never_break_inside_themselves(
    browser: Any, dossiers: dict[str, Path], slug: str, width: int
) -> None:
    _show(browser, dossiers[slug], width)
    found = _measure(browser)
    assert found["broken"] == [], f"broken at {width} px: {found['broken'][:20]}"
    assert found["boxes"] == [], f"tables wider than their box at {width} px: {found['boxes']}"
    assert found["page"] <= found["width"], "the page scrolls sideways"


@pytest.mark.parametrize("width", WIDTHS)
def test_short_columns_stay_narrow_and_prose_takes_the_width(
    browser: Any, dossiers: dict[str, Path], width: int
) -> None:
    _show(browser, dossiers["ra"], width)
    assert browser.execute_script(NARROW) == []
    # A study's result, the longest prose, is its row's widest column but for the one
    # holding the study's id (which may not wrap), and wider still where there is room.
    widths = browser.execute_script(
        "const row = document.querySelector('#studies tbody tr:not(.group)');"
        "return [...row.cells].map(c => c.getBoundingClientRect().width);"
    )
    study, year, n, dose, result, level, checked = widths
    assert result > max(year, n, dose, level, checked), widths
    if width >= 1280:
        assert result > max(study, year + n + checked), widths


@pytest.mark.parametrize("width", WIDTHS)
def test_the_measurement_catches_words_broken_anywhere(
    browser: Any, dossiers: dict[str, Path], tmp_path: Path, width: int
) -> None:
    """The rule the dossier once had, put back: the measurement above must see it."""
    page = dossiers["ra"].read_text(encoding="utf-8")
    broken = tmp_path / "broken.html"
    broken.write_text(
        page.replace(
            "</style>", "th, td { overflow-wrap: anywhere; white-space: normal; }</style>"
        ),
        encoding="utf-8",
    )
    _show(browser, broken, width)
    assert _measure(browser)["broken"], "the measurement found nothing to complain of"


@pytest.mark.parametrize("slug", ["ra", "aosd"])
def test_the_design_card_is_the_first_screen(
    browser: Any, dossiers: dict[str, Path], built_db: Path, slug: str
) -> None:
    width, height = FIRST_SCREEN
    _show(browser, dossiers[slug], width, height)
    card = browser.execute_script(
        """
        const card = document.querySelector('#card');
        const sections = [...document.querySelectorAll('main > section')].map(s => s.id);
        const box = (el) => { const r = el.getBoundingClientRect(); return [r.top, r.bottom]; };
        const tables = [...card.querySelectorAll('table')].map(t =>
          [t.querySelector('caption').textContent, ...box(t)]);
        const studies = [...card.querySelectorAll('table')][0];
        const rows = [...studies.querySelectorAll('tbody tr')].map(tr =>
          [...tr.querySelectorAll('td')].map(td => td.textContent.trim()));
        return {sections, bottom: box(card)[1], tables, rows};
        """
    )
    assert card["sections"][0] == "card"  # before the bottom line and every detail
    captions = [caption for caption, _, _ in card["tables"]]
    assert [c.split(",")[0].split(" (")[0] for c in captions] == [
        "Studies by design",
        "Doses recorded apart from a study",
        "Positions",
    ]
    assert card["bottom"] <= height, f"the card ends at {card['bottom']} px, below {height}"
    profile = _invoke("--db", str(built_db), "evidence", "-i", slug, "-f", "json").json()[0]
    studies = [study for group in profile["studies"] for study in group["studies"]]
    assert len(card["rows"]) == len(studies)
    for row, study in zip(card["rows"], studies, strict=True):
        name, year, n, dose, outcome, checked = row
        assert name in (study["first_author"], study["id"])
        assert year == str(study["year"] or "unknown") and n == str(study["n"] or "unknown")
        assert dose and outcome and checked == study["status"]


@pytest.mark.parametrize("paper", sorted(PAPER))
def test_the_printed_ra_dossier_keeps_to_its_page_budget(
    browser: Any, dossiers: dict[str, Path], paper: str, tmp_path: Path
) -> None:
    from selenium.webdriver.common.print_page_options import PrintOptions

    _show(browser, dossiers["ra"], 1280)
    options = PrintOptions()
    options.page_width, options.page_height = PAPER[paper]
    options.background = True
    pdf = base64.b64decode(browser.print_page(options))
    (tmp_path / f"ra-{paper}.pdf").write_bytes(pdf)  # kept by pytest for a look
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
    assert 1 < pages <= PAGE_BUDGET, f"{pages} pages on {paper}"


def test_print_repeats_headers_keeps_rows_whole_and_prints_addresses(
    browser: Any, dossiers: dict[str, Path]
) -> None:
    # The text width of A4 with the stylesheet's margins, in CSS pixels.
    _show(browser, dossiers["ra"], 700, 1000, media="print")
    found = _measure(browser)
    assert found["broken"] == [] and found["boxes"] == [], found
    styles = browser.execute_script(
        """
        const css = (sel, prop, pseudo) =>
          getComputedStyle(document.querySelector(sel), pseudo || null)[prop];
        const map = [...document.querySelectorAll('table.map td, table.map th')]
          .map(c => parseFloat(getComputedStyle(c).fontSize));
        return {
          thead: css('#studies thead', 'display'),
          row: css('#studies tbody tr:not(.group)', 'breakInside'),
          link: css('#references a[href^="http"]', 'content', '::after'),
          href: document.querySelector('#references a[href^="http"]').href,
          chart: css('details.picture', 'display'),
          mapFont: Math.min(...map),
        };
        """
    )
    assert styles["thead"] == "table-header-group"
    assert styles["row"] == "avoid"
    assert styles["href"] in styles["link"]  # the address itself, on paper
    assert styles["chart"] == "none"  # the map prints as its table
    assert styles["mapFont"] >= 10  # 7.5 pt: the map stays legible on paper
