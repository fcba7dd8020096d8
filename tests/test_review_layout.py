"""The review page for the patient's file as a reader sees it, measured in Chromium as
the dossier is (tests/test_dossier_layout.py, whose browser and measurements it uses):
on screen at 1280 and 800 px and in print, no number, id or word breaks inside itself,
no table is wider than its box, the page never scrolls sideways; printed on A4 or
Letter it keeps to a few pages, with the sources' addresses printed."""

from __future__ import annotations

import base64
import re
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import _invoke
from tests.test_dossier_layout import PAPER, WIDTHS, _measure, _show, browser  # noqa: F401
from tests.test_review import EXAMPLE

pytestmark = pytest.mark.browser

PAGE_BUDGET = 12  # the worked example: 7 pages on A4 in December 2026


@pytest.fixture(scope="module")
def page(built_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("review") / "review.html"
    run = _invoke("--db", str(built_db), *EXAMPLE, "--html", str(target))
    assert run.exit_code == 0, run.stderr
    return target


@pytest.mark.parametrize("width", WIDTHS)
def test_nothing_breaks_inside_itself_and_nothing_scrolls_sideways(
    browser: Any,  # noqa: F811
    page: Path,
    width: int,
) -> None:
    _show(browser, page, width)
    found = _measure(browser)
    assert found["broken"] == [], f"broken at {width} px: {found['broken'][:20]}"
    assert found["boxes"] == [], f"tables wider than their box at {width} px: {found['boxes']}"
    assert found["page"] <= found["width"], "the page scrolls sideways"
    sections = browser.execute_script(
        "return [...document.querySelectorAll('main > section')].map(s => s.id);"
    )
    assert sections == [f"section-{key}" for key in "abcdefgh"]


@pytest.mark.parametrize("paper", sorted(PAPER))
def test_the_printed_review_keeps_to_its_pages_and_prints_addresses(
    browser: Any,  # noqa: F811
    page: Path,
    paper: str,
    tmp_path: Path,
) -> None:
    from selenium.webdriver.common.print_page_options import PrintOptions

    _show(browser, page, 700, 1000, media="print")
    found = _measure(browser)
    assert found["broken"] == [] and found["boxes"] == [], found
    link = browser.execute_script(
        "const a = document.querySelector('main a[href^=\"http\"]');"
        "return [a.href, getComputedStyle(a, '::after').content];"
    )
    assert link[0] in link[1]
    _show(browser, page, 1280)
    options = PrintOptions()
    options.page_width, options.page_height = PAPER[paper]
    options.background = True
    pdf = base64.b64decode(browser.print_page(options))
    (tmp_path / f"review-{paper}.pdf").write_bytes(pdf)
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
    assert 1 < pages <= PAGE_BUDGET, f"{pages} pages on {paper}"
