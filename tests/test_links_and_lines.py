"""Links and tidy lines on a terminal: DOI and PMID are hyperlinks (OSC 8) where colour
is allowed, plain with NO_COLOR and in a pipe; no line ends in spaces; the bottom line
names the source's citation markers in words; a path wraps between its parts."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import run_on_terminal

# Select Graphic Rendition (colour, bold) and OSC 8 hyperlinks, as Rich writes them.
SGR = re.compile(r"\x1b\[[0-9;]*m")
LINK = re.compile(r"\x1b\]8;[^;\x1b]*;([^\x1b]+)\x1b\\([^\x1b]*)")  # an opening: address, text
OSC = re.compile(r"\x1b\]8;[^\x1b]*\x1b\\")


def screen(args: list[str], env: dict[str, str], columns: int = 80, colour: bool = False) -> str:
    code, text = run_on_terminal(args, env, columns=columns, colour=colour)
    assert code == 0, text
    return text.replace("\r\n", "\n")


def plain(text: str) -> str:
    return OSC.sub("", SGR.sub("", text))


@pytest.fixture
def env(subprocess_env: dict[str, str], db_path: Path) -> dict[str, str]:
    return {**subprocess_env, "IVIG_DB": str(db_path)}


VIEWS = [
    ["studies"],
    ["indications"],
    ["positions"],
    ["conflicts"],
    ["map"],
    ["evidence", "-i", "ra"],
    ["evidence", "-i", "aosd"],
    ["dose", "-i", "aosd"],
    ["dose", "-i", "aosd", "--weight", "70"],
    ["show", "kanik-1996"],
    ["show", "aosd"],
    ["search", "immunoglobulin"],
    ["cite", "kanik-1996", "-f", "ris"],  # RIS's "ER  - " on a terminal too
    ["db", "status"],
]


@pytest.mark.parametrize("colour", [False, True], ids=["NO_COLOR", "colour"])
@pytest.mark.parametrize("args", VIEWS, ids=[" ".join(v) for v in VIEWS])
def test_no_line_ends_in_spaces(env: dict[str, str], args: list[str], colour: bool) -> None:
    text = screen(args, env, colour=colour)
    for line in plain(text).splitlines():
        assert line == line.rstrip(), repr(line)
    # Nor before the codes that close a styled line.
    assert not re.search(r" +(?:\x1b\[[0-9;]*m|\x1b\]8;[^\x1b]*\x1b\\)*\n", text)


def test_doi_and_pmid_are_links_on_a_terminal(env: dict[str, str]) -> None:
    links = LINK.findall(screen(["show", "kanik-1996"], env, colour=True))
    assert ("https://doi.org/10.1002/art.1780390621", "10.1002/art.1780390621") in links
    assert ("https://pubmed.ncbi.nlm.nih.gov/8651966/", "8651966") in links
    # Written in a citation's text, too.
    assert ("https://doi.org/10.1002/art.1780390621", "doi:10.1002/art.1780390621") in links
    assert ("https://pubmed.ncbi.nlm.nih.gov/8651966/", "PMID:8651966") in links
    listed = LINK.findall(screen(["studies", "--wide"], env, columns=400, colour=True))
    assert ("https://pubmed.ncbi.nlm.nih.gov/7699642/", "PMID:7699642") in listed


def test_links_are_plain_with_no_color_and_in_a_pipe(env: dict[str, str], ivig: Any) -> None:
    for args in (["show", "kanik-1996"], ["studies", "--wide"]):
        text = screen(args, env, columns=200)  # NO_COLOR set
        assert "\x1b" not in text and "10.1002/art.1780390621" in text
        piped = ivig(*args).stdout
        assert "\x1b" not in piped and "10.1002/art.1780390621" in piped


@pytest.mark.parametrize("columns", [40, 44, 52, 60, 80])
def test_a_link_points_to_a_whole_identifier_at_any_width(
    env: dict[str, str], db_path: Path, columns: int
) -> None:
    """A DOI or PMID written in text and cut across two lines is no link, never a link to
    half of it; a DOI field wrapped at its slash links each piece to the whole."""
    import sqlite3

    with sqlite3.connect(db_path) as conn:
        known = {
            address
            for doi, pmid in conn.execute("SELECT doi, pmid FROM publications")
            for address in (
                f"https://doi.org/{doi}" if doi else None,
                f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/" if pmid else None,
            )
            if address
        }
    for args in (["show", "kanik-1996"], ["show", "muscat-1995"], ["show", "mulhearn-2015"]):
        for address, text in LINK.findall(screen(args, env, columns=columns, colour=True)):
            if address.startswith(("https://doi.org/", "https://pubmed.ncbi.nlm.nih.gov/")):
                assert address in known, address
                written = text.removeprefix("doi:").removeprefix("PMID:")
                assert written and written in address, (text, address)
                if text.startswith(("doi:", "PMID:")):  # found in text: whole, or no link
                    assert address.rstrip("/").endswith(written), (text, address)
            else:  # a document's own address, in pieces where it wraps
                assert text and text in address


def test_the_bottom_line_names_the_markers_in_words(ivig: Any, env: dict[str, str]) -> None:
    shown = plain(screen(["evidence", "-i", "aosd"], env, columns=200))
    bottom = " ".join(shown[shown.index("Bottom line") :].split())
    assert "for 2-5 days (the source's reference 5)" in bottom
    assert "are contraindicated (the source's reference 1):" in bottom
    assert "2-5 days 5" not in bottom and "contraindicated 1:" not in bottom
    # The data keeps the quote verbatim, and the marker beside it.
    (profile,) = ivig("evidence", "-i", "aosd", "-f", "json").json()
    still = next(line for line in profile["bottom_line"] if "Still's" in line["quote"])
    assert still["quote"].endswith("for 2-5 days 5") and still["cited_as"] == "5"
    page = ivig("report", "-i", "aosd", "--html", "-").stdout
    assert "for 2-5 days (the source&#x27;s reference 5)</blockquote>" in page


@pytest.mark.parametrize(
    ("quote", "cited_as", "reads"),
    [
        ("for 2-5 days 5", "5", "for 2-5 days (the source's reference 5)"),
        ("as a treatment option for typical RA 1.", "1", "as a treatment option for typical "
         "RA (the source's reference 1)."),
        ("in these exceptional circumstances 5, 1:", "5, 1", "in these exceptional "
         "circumstances (the source's references 5 and 1):"),
        ("over placebo [4].", "4", "over placebo (the source's reference 4)."),
        ("Journal of rheumatology vol. 21,12 (1994): 2353-8.", "4",
         "Journal of rheumatology vol. 21,12 (1994): 2353-8."),  # a reference entry: as is
        ("for 12 months", None, "for 12 months"),
    ],
)  # fmt: skip
def test_a_marker_is_named_where_it_stood(quote: str, cited_as: str | None, reads: str) -> None:
    from ivig_evidence.provenance import marker_in_words

    assert marker_in_words(quote, cited_as) == reads


def test_db_status_wraps_a_path_between_its_parts(
    env: dict[str, str], db_path: Path, tmp_path: Path
) -> None:
    deep = tmp_path / "a-rather-long-directory-name" / "another-quite-long-sub-directory"
    deep.mkdir(parents=True)
    path = deep / "ivig-evidence.sqlite"
    shutil.copyfile(db_path, path)
    lines = screen(["db", "status"], {**env, "IVIG_DB": str(path)}).splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("path "))
    indent = len(lines[start]) - len(lines[start].split(None, 1)[1])
    parts = [lines[start][indent:]]
    for line in lines[start + 1 :]:
        if line[:indent].strip():
            break
        parts.append(line[indent:])
    assert "".join(parts) == str(path)
    assert len(parts) > 1 and all(part.endswith("/") for part in parts[:-1]), parts
    assert parts[-1] == "ivig-evidence.sqlite"
