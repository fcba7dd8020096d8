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
from tests.test_rules import fixture_db

# Written out by hand from each publication's record (see its note and read_at): authors
# as people in their order, an organisation as one name, a web document without an author
# under its publisher, the journal under its one name, only what the record gives. Two
# styles: Harvard (author-date, the style citeproc-py ships) and the AMA's (numeric, the
# journal under NLM's abbreviation; tests/fixtures/csl, from the CSL styles repository).
ACCESSED = "(Accessed: November 29, 2026)"
HARVARD = {
    "tumiati-1992": (  # the journal's name was not shown: an article all the same
        "Tumiati, B. et al. (1992) “High-dose immunoglobulin therapy as an immunomodulatory "
        "treatment of rheumatoid arthritis”, 35(10), pp. 1126–1133. Available at: "
        "https://doi.org/10.1002/art.1780351004."
    ),
    "uziel-1996": (
        "Uziel, Y. et al. (1996) “Intravenous immunoglobulin therapy in systemic onset juvenile "
        "rheumatoid arthritis: A followup study”, The Journal of Rheumatology, (5), "
        "pp. 910–918. Available at: https://cris.tau.ac.il/en/publications/"
        f"intravenous-immunoglobulin-therapy-in-systemic-onset-juvenile-rhe {ACCESSED}."
    ),
    "shen-wang-ra-ild": (
        "Shen, X. and Wang, F. (no date) “The additional treatment value of immunoglobulin for "
        "the treatment of rheumatoid arthritis complicated with interstitial lung disease: A "
        "propensity score-matched pilot study”. Available at: "
        "https://doi.org/10.1111/1756-185X.14808."
    ),
    "nba-ivig-criteria-2": (
        "National Blood Authority (2012) Criteria for the Clinical Use of Intravenous "
        "Immunoglobulin in Australia – Second Edition. National Blood Authority. Available at: "
        "https://www.blood.gov.au/pubs/ivig/conditions-for-which-IVIg-use-is-not-supported.html#cdn-32 "
        f"{ACCESSED}."
    ),
    "privigen-us-label-archived": (
        "CSL Behring AG (no date) PRIVIGEN - human immunoglobulin g liquid: Highlights of "
        "Prescribing Information. CSL Behring AG. Available at: "
        f"https://dailymed.nlm.nih.gov/dailymed/archives/fdaDrugInfo.cfm?archiveid=10743 {ACCESSED}."
    ),
    "droracle-2025": (  # the Q&A article: no author, cited under its publisher
        "Dr.Oracle (2025) IVIG in Rheumatoid Arthritis: Limited Role, Not Standard Therapy. "
        "Dr.Oracle."
    ),
    "kanik-1996": (
        "Kanik, K.S. et al. (1996) “Failure of low-dose intravenous immunoglobulin therapy to "
        "suppress disease activity in patients with treatment-refractory rheumatoid arthritis”, "
        "Arthritis and Rheumatism, 39(6), pp. 1027–9. Available at: "
        "https://doi.org/10.1002/art.1780390621."
    ),
    "giannini-1996": (
        "Giannini, E.H., et al. (1996) “Intravenous immunoglobulin in the treatment of "
        "polyarticular juvenile rheumatoid arthritis: a phase I/II study. Pediatric Rheumatology "
        "Collaborative Study Group”, The Journal of Rheumatology, 23(5), pp. 919–24."
    ),
    "aosd-ivig-review": (  # known by its PMID alone: its PubMed address
        "(no date). Available at: https://pubmed.ncbi.nlm.nih.gov/10522316/."
    ),
}
AMA = {
    "tumiati-1992": (
        "Tumiati B, Casoli P, Veneziani M, Rinaldi G. High-dose immunoglobulin therapy as an "
        "immunomodulatory treatment of rheumatoid arthritis. 1992;35(10):1126-1133. "
        "doi:10.1002/art.1780351004"
    ),
    "uziel-1996": (
        "Uziel Y, Laxer RM, Schneider R, Silverman ED. Intravenous immunoglobulin therapy in "
        "systemic onset juvenile rheumatoid arthritis: A followup study. J Rheumatol. "
        "1996;(5):910-918. Accessed November 29, 2026. https://cris.tau.ac.il/en/publications/"
        "intravenous-immunoglobulin-therapy-in-systemic-onset-juvenile-rhe"
    ),
    "shen-wang-ra-ild": (
        "Shen X, Wang F. The additional treatment value of immunoglobulin for the treatment of "
        "rheumatoid arthritis complicated with interstitial lung disease: A propensity "
        "score-matched pilot study. doi:10.1111/1756-185X.14808"
    ),
    "nba-ivig-criteria-2": (
        "National Blood Authority. Criteria for the Clinical Use of Intravenous Immunoglobulin "
        "in Australia – Second Edition. National Blood Authority; 2012. Accessed November 29, "
        "2026. https://www.blood.gov.au/pubs/ivig/conditions-for-which-IVIg-use-is-not-supported.html#cdn-32"
    ),
    "privigen-us-label-archived": (  # the style puts a document's title in title case
        "CSL Behring AG. PRIVIGEN - Human Immunoglobulin G Liquid: Highlights of Prescribing "
        "Information. CSL Behring AG. Accessed November 29, 2026. "
        "https://dailymed.nlm.nih.gov/dailymed/archives/fdaDrugInfo.cfm?archiveid=10743"
    ),
    "droracle-2025": (
        "Dr.Oracle. IVIG in Rheumatoid Arthritis: Limited Role, Not Standard Therapy. "
        "December 19, 2025."
    ),
    "kanik-1996": (
        "Kanik KS, Yarboro CH, Naparstek Y, Plotz PH, Wilder RL. Failure of low-dose intravenous "
        "immunoglobulin therapy to suppress disease activity in patients with "
        "treatment-refractory rheumatoid arthritis. Arthritis Rheum. 1996;39(6):1027-9. "
        "doi:10.1002/art.1780390621"
    ),
    "giannini-1996": (
        "Giannini EH et al. Intravenous immunoglobulin in the treatment of polyarticular "
        "juvenile rheumatoid arthritis: a phase I/II study. Pediatric Rheumatology Collaborative "
        "Study Group. J Rheumatol. 1996;23(5):919-24."
    ),
    "aosd-ivig-review": "https://pubmed.ncbi.nlm.nih.gov/10522316/",
}
# The same references in the dossier's numbered list (Vancouver's order), links included.
DOSSIER = {
    "tumiati-1992": (
        "Tumiati B, Casoli P, Veneziani M, Rinaldi G. High-dose immunoglobulin therapy as an "
        "immunomodulatory treatment of rheumatoid arthritis. 1992;35(10):1126-1133. "
        "doi:10.1002/art.1780351004 PMID 1418003"
    ),
    "uziel-1996": (
        "Uziel Y, Laxer RM, Schneider R, Silverman ED. Intravenous immunoglobulin therapy in "
        "systemic onset juvenile rheumatoid arthritis: A followup study. The Journal of "
        "Rheumatology. 1996;(5):910-918. https://cris.tau.ac.il/en/publications/"
        "intravenous-immunoglobulin-therapy-in-systemic-onset-juvenile-rhe read on 2026-11-29"
    ),
    "shen-wang-ra-ild": (
        "Shen X, Wang F. The additional treatment value of immunoglobulin for the treatment of "
        "rheumatoid arthritis complicated with interstitial lung disease: A propensity "
        "score-matched pilot study. doi:10.1111/1756-185X.14808"
    ),
    "nba-ivig-criteria-2": (
        "National Blood Authority. Criteria for the Clinical Use of Intravenous Immunoglobulin "
        "in Australia – Second Edition. 2012 Aug 10. "
        "https://www.blood.gov.au/pubs/ivig/conditions-for-which-IVIg-use-is-not-supported.html#cdn-32 "
        "read on 2026-11-29"
    ),
    "privigen-us-label-archived": (
        "CSL Behring AG. PRIVIGEN - human immunoglobulin g liquid: Highlights of Prescribing "
        "Information. https://dailymed.nlm.nih.gov/dailymed/archives/fdaDrugInfo.cfm?archiveid=10743 "
        "read on 2026-11-29"
    ),
    "droracle-2025": (
        "Dr.Oracle. IVIG in Rheumatoid Arthritis: Limited Role, Not Standard Therapy. 2025 Dec 19."
    ),
    "aosd-ivig-trial-7": (  # known by its PMID alone
        "A primary study whose title, authors and year were not recorded. PMID 9631752"
    ),
}
AMA_STYLE = Path(__file__).parent / "fixtures" / "csl" / "american-medical-association.csl"


def render(items: list[dict[str, Any]], style: str) -> dict[str, str]:
    """Each item's bibliography entry as citeproc-py renders it in ``style`` (a numeric
    style's number taken off)."""
    import re
    import warnings

    with warnings.catch_warnings():  # citeproc-py warns of CSL it skips (none here matter)
        warnings.simplefilter("ignore")
        bibliography = CitationStylesBibliography(
            CitationStylesStyle(style, validate=False), CiteProcJSON(items), csl_formatter.plain
        )
        for item in items:
            bibliography.register(Citation([CitationItem(item["id"])]))
        entries = [str(entry) for entry in bibliography.bibliography()]
    return {
        str(key): re.sub(r"^\d+\.", "", entry)
        for key, entry in zip(bibliography.keys, entries, strict=True)
    }


def every_id(db: Path) -> list[str]:
    """Every publication a reference can be written of: one known by nothing a reference
    is made of (no author, title, journal, year, identifier, address or publisher) is
    skipped, never written as an empty entry."""
    import sqlite3

    with sqlite3.connect(db) as conn:
        return [
            r[0]
            for r in conn.execute(
                "SELECT id FROM publications WHERE coalesce(authors, author_list, title, "
                "journal, year, doi, pmid, url, publisher) IS NOT NULL ORDER BY id"
            )
        ]


def test_every_entry_parses_in_three_formats(ivig: Any, db_path: Path) -> None:
    count = len(every_id(db_path))
    bib = ivig("cite", "--all").stdout
    assert len(bibtexparser.parse_string(bib).entries) == count
    assert len(parse_string(bib, "bibtex").entries) == count
    entries = rispy.load(io.StringIO(ivig("cite", "--all", "-f", "ris").stdout))
    assert len(entries) == count
    items = ivig("cite", "--all", "-f", "csl-json").json()
    assert len(items) == count and all(i["type"] and i["id"] for i in items)


def test_references_render_as_written_out_in_two_styles(ivig: Any, db_path: Path) -> None:
    items = ivig("cite", *HARVARD, "-f", "csl-json").json()
    assert render(items, "harvard-cite-them-right") == HARVARD
    assert render(items, str(AMA_STYLE)) == AMA


def test_references_render_the_same_from_the_author_strings_alone(ivig: Any, db_path: Path) -> None:
    # A database whose records hold no author list (one upgraded from before the list, a
    # file imported without it) is cited from the author strings, read by parse_authors:
    # "Bruno Tumiati, Patrizia Casoli" is two people, given names first, not a family
    # name "Bruno Tumiati" with a given name "Patrizia Casoli".
    import sqlite3

    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE publications SET author_list = NULL")
    items = ivig("cite", *HARVARD, "-f", "csl-json").json()
    assert render(items, "harvard-cite-them-right") == HARVARD
    assert render(items, str(AMA_STYLE)) == AMA


def dossier_references(ivig: Any, *indications: str) -> dict[str, str]:
    """The dossiers' references as a reader reads them, by publication id (``--db``
    and a path first, for another database than the test's)."""
    import html
    import re

    found: dict[str, str] = {}
    at: tuple[str, ...] = ()
    if indications[:1] == ("--db",):
        at, indications = indications[:2], indications[2:]
    for indication in indications:
        page = ivig("report", *at, "-i", indication, "--html", "-").stdout
        for ref_id, item in re.findall(r'<li id="ref-([^"]+)">(.*?)</li>', page):
            found[ref_id] = html.unescape(re.sub(r"<[^>]+>", "", item))
    return found


def test_the_dossier_lists_the_same_references(ivig: Any, db_path: Path) -> None:
    listed = dossier_references(ivig, "ra", "sjia", "aosd")
    assert {ref_id: listed[ref_id] for ref_id in DOSSIER} == DOSSIER
    assert "not known" not in " ".join(listed.values())


def test_no_reference_prints_a_title_twice(ivig: Any, db_path: Path) -> None:
    items = ivig("cite", "--all", "-f", "csl-json").json()
    # citeproc-py does not suppress a variable a style substituted for a missing author
    # (CSL 1.0.2, cs:substitute), so a work with no author shows its title twice there
    # whatever the data: those are left to processors that follow the specification.
    named = [item for item in items if item.get("author")]
    listed = dossier_references(ivig, "ra", "jia", "aosd", "iim-ild", "mctd-ild")
    for style in ("harvard-cite-them-right", str(AMA_STYLE)):
        for ref_id, text in render(named, style).items():
            title = next(i["title"] for i in items if i["id"] == ref_id)
            assert text.lower().count(title.lower()[:40]) == 1, (style, text)
    for item in items:
        if item["id"] in listed and item.get("title"):
            assert listed[item["id"]].count(item["title"]) == 1, listed[item["id"]]


def test_each_journal_goes_by_one_name(ivig: Any, db_path: Path) -> None:
    import sqlite3

    with sqlite3.connect(db_path) as conn:
        given = {
            r[0] for r in conn.execute("SELECT journal FROM publications WHERE journal IS NOT NULL")
        }
    items = ivig("cite", "--all", "-f", "csl-json").json()
    journals = {
        (i["container-title"], i.get("container-title-short"))
        for i in items
        if "container-title" in i
    }
    # Every journal the data names is one the citations know: its title and NLM's
    # abbreviation, the same for every record that names it however the record spells it.
    assert all(short for _, short in journals), journals
    assert len({title for title, _ in journals}) == len(journals) < len(given)
    assert ("The Journal of Rheumatology", "J Rheumatol") in journals
    bib = parse_string(ivig("cite", "--all").stdout, "bibtex")
    named = {e.fields["journal"] for e in bib.entries.values() if "journal" in e.fields}
    assert {name.replace("\\&", "&") for name in named} == {title for title, _ in journals}
    (kaestner,) = rispy.load(io.StringIO(ivig("cite", "kaestner-2021", "-f", "ris").stdout))
    assert (kaestner["secondary_title"], kaestner["alternate_title1"]) == (
        "Rheumatology International",
        "Rheumatol Int",
    )


def test_an_article_is_one_where_its_journal_is_unknown(ivig: Any, db_path: Path) -> None:
    cited = ["tumiati-1992", "shen-wang-ra-ild", "aosd-ivig-review", "droracle-2025"]
    items = {i["id"]: i for i in ivig("cite", *cited, "-f", "csl-json").json()}
    assert [items[c]["type"] for c in cited] == [
        "article-journal", "article-journal", "article-journal", "webpage"
    ]  # fmt: skip
    assert "container-title" not in items["tumiati-1992"]  # not shown: not guessed
    bib = parse_string(ivig("cite", *cited).stdout, "bibtex").entries
    assert [bib[c.replace("-", "")].type for c in cited] == [
        "article",
        "article",
        "article",
        "misc",
    ]
    ris = rispy.load(io.StringIO(ivig("cite", *cited, "-f", "ris").stdout))
    assert [r["type_of_reference"] for r in ris] == ["JOUR", "JOUR", "JOUR", "ELEC"]
    # Known by its PMID alone: the PMID and its PubMed address, nothing made up.
    review = items["aosd-ivig-review"]
    assert set(review) == {"id", "type", "PMID", "URL"}
    assert review["URL"] == "https://pubmed.ncbi.nlm.nih.gov/10522316/"


def test_author_strings_read_as_the_records_list_people(db_path: Path) -> None:
    import sqlite3

    from ivig_evidence.citations import CITATION_COLUMNS, people_from_list, work_from_row

    with sqlite3.connect(db_path) as conn:
        conn.row_factory = sqlite3.Row
        rows = conn.execute(
            f"SELECT {', '.join(CITATION_COLUMNS)} FROM publications "
            "WHERE authors IS NOT NULL AND author_list IS NOT NULL"
        ).fetchall()
    assert len(rows) >= 15
    for row in rows:
        from_string = work_from_row({**dict(row), "author_list": None})
        assert from_string.authors == people_from_list(row["author_list"]), row["id"]


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
    "id", "type", "author", "title", "container-title", "container-title-short", "publisher", "volume", "issue", "page",
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


def test_a_title_ending_in_a_full_stop_is_cited_with_one(
    ivig: Any,
    empty_db: Path,
    tmp_path: Path,
) -> None:
    """Each part of a reference ends with one mark: a title's own full stop, question
    mark or exclamation mark, else a full stop added (never 'Title..')."""
    titles = {
        "p-stop": "A title that ends.",
        "p-question": "Does it really work?",
        "p-exclaim": "It works!",
        "p-plain": "A plain title",
    }
    sql = "INSERT INTO indications (slug, name, relation_to_ra) VALUES ('ind', 'Ind', 'ra');\n"
    for number, (pid, title) in enumerate(titles.items(), 1):
        sql += (
            "INSERT INTO publications (id, kind, title, journal, year, volume, pages, authors) "
            f"VALUES ('{pid}', 'trial_report', '{title}', 'A Journal.', 1990, "
            f"'{number}', '1-2', 'Kanik KS, Yarboro CH');\n"
            "INSERT INTO studies (id, design, population, direction, publication_id) VALUES "
            f"('s-{pid}', 'rct', 'ra', 'benefit', '{pid}');\n"
            f"INSERT INTO study_indications (study_id, indication_slug) VALUES ('s-{pid}', 'ind');\n"
        )
    db = fixture_db(empty_db, tmp_path, sql)
    listed = dossier_references(ivig, "--db", str(db), "ind")
    assert {pid: listed[pid] for pid in titles} == {
        "p-stop": "Kanik KS, Yarboro CH. A title that ends. A Journal. 1990;1:1-2.",
        "p-question": "Kanik KS, Yarboro CH. Does it really work? A Journal. 1990;2:1-2.",
        "p-exclaim": "Kanik KS, Yarboro CH. It works! A Journal. 1990;3:1-2.",
        "p-plain": "Kanik KS, Yarboro CH. A plain title. A Journal. 1990;4:1-2.",
    }
