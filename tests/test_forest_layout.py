"""The forest plot as a reader sees it, measured in Debian's Chromium through WebDriver
(as tests/test_dossier_layout.py measures the dossier): no label overlaps another, none
runs off the image, on its own and inside the dossier at 1280 and 800 px and in print,
where its smallest text stays legible. The measurement is shown to catch an overlap
put there on purpose. Without Chromium these tests skip, except under
IVIG_REQUIRE_RENDERERS=1 (as in CI), where they fail."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tests.conftest import _invoke
from tests.test_dossier_layout import _show, browser  # noqa: F401 - the browser fixture
from tests.test_effects import load_outcomes

pytestmark = pytest.mark.browser

# Every pair of <text> boxes of one SVG that overlap (by more than half a pixel), every
# text outside its SVG, and the smallest font as drawn (the SVG scaled to its box).
OVERLAPS = """
const found = {overlaps: [], outside: [], smallest: 1e9, texts: 0};
for (const svg of document.querySelectorAll(arguments[0])) {
  const frame = svg.getBoundingClientRect();
  if (!frame.width) continue;
  const scale = frame.width / svg.viewBox.baseVal.width;
  const boxes = [...svg.querySelectorAll('text')].map(t => [t.textContent, t.getBoundingClientRect(),
    parseFloat(t.getAttribute('font-size')) * scale]);
  found.texts += boxes.length;
  for (const [text, box, size] of boxes) {
    found.smallest = Math.min(found.smallest, size);
    if (box.left < frame.left - 0.5 || box.right > frame.right + 0.5
        || box.top < frame.top - 0.5 || box.bottom > frame.bottom + 0.5) found.outside.push(text);
  }
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const [a, p] = [boxes[i][1], boxes[j][1]];
      const x = Math.min(a.right, p.right) - Math.max(a.left, p.left);
      const y = Math.min(a.bottom, p.bottom) - Math.max(a.top, p.top);
      if (x > 0.5 && y > 0.5) found.overlaps.push(boxes[i][0] + ' / ' + boxes[j][0]);
    }
  }
}
return found;
"""
SLUGS = ("iim", "kawasaki", "aav")
# The plots of the fixture's rows (made for the rules) and of the release's own rows
# (what a reader receives): both must read.
PLOTS = [*SLUGS, *(f"release-{slug}" for slug in (*SLUGS, "dm", "egpa"))]


@pytest.fixture(scope="module")
def drawn(built_db: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The forest plots and dossiers of the fixture's and of the release's indications,
    by the real command."""
    import shutil

    folder = tmp_path_factory.mktemp("forest")
    fixture = folder / "ivig.sqlite"
    shutil.copyfile(built_db, fixture)
    load_outcomes(fixture)
    made = {}
    for prefix, db, slugs in (("", fixture, SLUGS), ("release-", built_db, (*SLUGS, "dm", "egpa"))):
        for slug in slugs:
            name = f"{prefix}{slug}"
            svg, html = folder / f"{name}.svg", folder / f"{name}.html"
            run = _invoke("--db", str(db), "effects", "-i", slug, "--svg", str(svg))
            assert run.exit_code == 0, run.stderr
            run = _invoke("--db", str(db), "report", "-i", slug, "--html", str(html))
            assert run.exit_code == 0, run.stderr
            made[name], made[f"{name}-dossier"] = svg, html
    return made


def _measure(browser: Any, selector: str) -> dict[str, Any]:  # noqa: F811
    found: dict[str, Any] = browser.execute_script(OVERLAPS, selector)
    return found


@pytest.mark.parametrize("slug", PLOTS)
def test_no_label_of_the_plot_overlaps_another(
    browser: Any,  # noqa: F811
    drawn: dict[str, Path],
    slug: str,
    tmp_path: Path,
) -> None:
    _show(browser, drawn[slug], 1400, 1000)
    found = _measure(browser, "svg")
    assert found["texts"] > 10
    assert found["overlaps"] == [] and found["outside"] == [], found
    browser.save_screenshot(str(tmp_path / f"{slug}.png"))  # kept by pytest for a look


@pytest.mark.parametrize("dossier", ["iim", "release-iim"])
@pytest.mark.parametrize(("width", "media"), [(1280, ""), (800, ""), (700, "print")])
def test_in_the_dossier_on_screen_and_on_paper(
    browser: Any,  # noqa: F811
    drawn: dict[str, Path],
    width: int,
    media: str,
    dossier: str,
) -> None:
    _show(browser, drawn[f"{dossier}-dossier"], width, 1000, media=media)
    found = _measure(browser, "figure.forest svg")
    assert found["texts"] > 10
    assert found["overlaps"] == [] and found["outside"] == [], found
    # Scaled to the page, its smallest text (11 px drawn) stays at 9 px or more: 6.75 pt.
    assert found["smallest"] >= 9, found["smallest"]
    page = browser.execute_script("return document.documentElement.scrollWidth - innerWidth")
    assert page <= 0, "the page scrolls sideways"


def test_the_measurement_catches_an_overlap(
    browser: Any,  # noqa: F811
    drawn: dict[str, Path],
    tmp_path: Path,
) -> None:
    text = drawn["iim"].read_text(encoding="utf-8")
    # The recomputed figures drawn where the study names are: the overlap the layout avoids.
    broken = tmp_path / "broken.svg"
    broken.write_text(
        text.replace('class="recomputed" x="', 'class="recomputed" x="20" data-x="'),
        encoding="utf-8",
    )
    _show(browser, broken, 1400, 1000)
    assert _measure(browser, "svg")["overlaps"], "the measurement found nothing to complain of"
