"""References as reference managers read them: every entry parses with BibTeX, RIS and
CSL processors' own libraries, and three references render as hand-checked."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import bibtexparser
import rispy
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
from citeproc import formatter as csl_formatter
from citeproc.source.json import CiteProcJSON
from pybtex.database import parse_string

# Checked by hand against each publication's record (the style is the one citeproc-py ships).
EXPECTED = {
    "kanik-1996": (
        "Kanik, K.S. et al. (1996) “Failure of low-dose intravenous immunoglobulin therapy to "
        "suppress disease activity in patients with treatment-refractory rheumatoid arthritis”, "
        "Arthritis and Rheumatism, 39(6), pp. 1027–9. Available at: "
        "https://doi.org/10.1002/art.1780390621."
    ),
    "giannini-1996": (
        "Giannini, E.H., et al. (1996) “Intravenous immunoglobulin in the treatment of "
        "polyarticular juvenile rheumatoid arthritis: a phase I/II study. Pediatric Rheumatology "
        "Collaborative Study Group”, The Journal of rheumatology, 23(5), pp. 919–24."
    ),
    "nba-ivig-criteria-2": (
        "National Blood Authority (2012) Criteria for the Clinical Use of Intravenous "
        "Immunoglobulin in Australia – Second Edition. National Blood Authority. Available at: "
        "https://www.blood.gov.au/pubs/ivig/conditions-for-which-IVIg-use-is-not-supported.html#cdn-32 "
        "(Accessed: November 29, 2026)."
    ),
}


def every_id(db: Path) -> list[str]:
    import sqlite3

    with sqlite3.connect(db) as conn:
        return [r[0] for r in conn.execute("SELECT id FROM publications ORDER BY id")]


def test_every_entry_parses_in_three_formats(ivig: Any, db_path: Path) -> None:
    count = len(every_id(db_path))
    bib = ivig("cite", "--all").stdout
    assert len(bibtexparser.parse_string(bib).entries) == count
    assert len(parse_string(bib, "bibtex").entries) == count
    entries = rispy.load(io.StringIO(ivig("cite", "--all", "-f", "ris").stdout))
    assert len(entries) == count
    items = ivig("cite", "--all", "-f", "csl-json").json()
    assert len(items) == count and all(i["type"] and i["id"] for i in items)


def test_three_references_render_as_checked(ivig: Any, db_path: Path) -> None:
    items = ivig("cite", *EXPECTED, "-f", "csl-json").json()
    bibliography = CitationStylesBibliography(
        CitationStylesStyle("harvard-cite-them-right", validate=False),
        CiteProcJSON(items),
        csl_formatter.plain,
    )
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    rendered = {str(entry) for entry in bibliography.bibliography()}
    assert rendered == set(EXPECTED.values())


def test_titles_keep_their_capitals_and_dates_their_months(ivig: Any, db_path: Path) -> None:
    bib = ivig("cite", "giannini-1996", "acr-chest-2023-sard-ild-treatment").stdout
    library = parse_string(bib, "bibtex")
    giannini = library.entries["giannini1996"].fields
    assert "{I/II}" in giannini["title"] and "{Pediatric}" in giannini["title"]
    assert giannini["month"] == "may"
    guideline = library.entries["acrchest2023sardildtreatment"].fields["title"]
    assert "{(ACR)/American}" in guideline and "{Rheumatology}" in guideline
    (kanik,) = rispy.load(io.StringIO(ivig("cite", "kanik-1996", "-f", "ris").stdout))
    assert "PMID: 8651966" in kanik["notes"] and "accession_number" not in kanik
    assert kanik["date"] == "1996/06//"


def test_cite_an_indication_or_everything(ivig: Any, db_path: Path) -> None:
    import sqlite3

    with sqlite3.connect(db_path) as conn:
        expected = {
            r[0]
            for r in conn.execute(
                "SELECT s.publication_id FROM studies s JOIN study_indications si "
                "ON si.study_id = s.id WHERE si.indication_slug = 'aosd' "
                "AND s.publication_id IS NOT NULL UNION SELECT publication_id FROM positions "
                "WHERE indication_slug = 'aosd' AND publication_id IS NOT NULL"
            )
        }
    cited = {i["id"] for i in ivig("cite", "-i", "aosd", "-f", "csl-json").json()}
    assert cited == expected and "aosd-korean-cohort-2012" in cited
    assert ivig("cite").exit_code == 2
    assert ivig("cite", "kanik-1996", "--all").exit_code == 2
    assert json.loads(ivig("cite", "--all", "-f", "csl-json").stdout)


# From the CSL 1.0.2 input-data schema (read at github.com/citation-style-language/schema,
# schemas/input/csl-data.json): item variables and name parts are closed sets, dates hold
# at most three parts. Only those ivig may write are listed.
CSL_ITEM_KEYS = {
    "id", "type", "author", "title", "container-title", "publisher", "volume", "issue", "page",
    "DOI", "PMID", "URL", "issued", "accessed", "note",
}  # fmt: skip
CSL_TYPES = {"article-journal", "webpage", "report", "document", "article"}
CSL_NAME_PARTS = {"family", "given", "suffix", "literal"}


def test_csl_json_keeps_to_the_schema(ivig: Any, db_path: Path) -> None:
    for item in ivig("cite", "--all", "-f", "csl-json").json():
        assert set(item) <= CSL_ITEM_KEYS, item["id"]
        assert item["type"] in CSL_TYPES and isinstance(item["id"], str)
        for person in item.get("author", []):
            assert set(person) <= CSL_NAME_PARTS and all(
                isinstance(v, str) for v in person.values()
            )
        for date in ("issued", "accessed"):
            if date in item:
                (parts,) = item[date]["date-parts"]
                assert 1 <= len(parts) <= 3 and all(isinstance(p, int) for p in parts)
