"""Every quote from a record read on the web is one sentence, exactly as the record has
it, and names the record with its canonical address (STYLE.md, "Data conventions")."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from urllib.parse import urlsplit

import pytest

# Where a full stop does not end a sentence: abbreviations that records use.
NOT_AN_END = re.compile(
    r"(?:\bet al|\bvs|\be\.g|\bi\.e|\bDr|\bFig|\bNo|\bSt|\bapprox|\bcf|\bmin|\bPts?|\b[A-Z])\.$"
)
# A sentence ends at . ! or ? followed by a space and a capital, a digit or an
# opening quote or bracket.
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\u201c\"(\[])")
# A bibliographic line ("Rheumatol Int. 2012 May;32(5):1291-8. doi: ...") is a
# citation, not prose: its full stops separate its fields.
CITATION = re.compile(r"\b(?:19|20)\d\d\b[^.]*;\s*\d+\s*(?:\(\w+\))?\s*:\s*[\dA-Z]")


def site(address: str) -> str:
    """Whose site an address is on: its registered domain (dailymed-beta.nlm.nih.gov and
    dailymed.nlm.nih.gov: nih.gov; criteria.blood.gov.au: blood.gov.au)."""
    labels = (urlsplit(address).hostname or "").removeprefix("www.").split(".")
    # A country's second level (gov.au, org.uk) belongs to the domain's name.
    keep = (
        3 if len(labels[-1]) == 2 and labels[-2] in ("gov", "org", "com", "ac", "co", "net") else 2
    )
    return ".".join(labels[-keep:])


def sentences(quote: str) -> list[str]:
    """The sentences of a quote, abbreviations and decimal figures not taken as ends."""
    found: list[str] = []
    for piece in SENTENCE_END.split(quote.strip()):
        if found and NOT_AN_END.search(found[-1]):
            found[-1] = f"{found[-1]} {piece}"
        else:
            found.append(piece)
    return found


@pytest.mark.parametrize(
    ("quote", "count"),
    [
        ("IVIG was given at 2 g/kg. Ten improved.", 2),
        ("Dalakas et al. gave 2 g/kg, P = 0.01.", 1),
        ("Improvement was 42.0% (95% CI 19.6 to 64.6) by 9 weeks.", 1),
        ("Two patients failed to respond. Five patients initially responded.", 2),
        ("The response (vs. placebo) was 79%.", 1),
    ],
)
def test_sentences_are_counted_as_a_reader_would(quote: str, count: int) -> None:
    assert len(sentences(quote)) == count


def record_quotes(db: Path) -> list[tuple[str, str, str | None, str | None, str | None]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(
            "SELECT st.id, st.quote, st.checked_against, d.url, d.read_at FROM statements st "
            "JOIN publications d ON d.id = st.document_id "
            "WHERE d.read_on IS NOT NULL AND d.source_file IS NULL"
        ).fetchall()


def test_every_record_quote_is_one_sentence(db_path: Path) -> None:
    quotes = record_quotes(db_path)
    assert len(quotes) >= 50
    longer = [
        (sid, quote)
        for sid, quote, *_ in quotes
        if len(sentences(quote)) > 1 and not CITATION.search(quote)
    ]
    assert longer == []


def test_every_record_quote_names_its_record_at_its_canonical_address(db_path: Path) -> None:
    for sid, _quote, checked, url, read_at in record_quotes(db_path):
        assert checked, sid
        if url is None:
            # No canonical address known: said so, and the copy read is named.
            assert "canonical address not known" in checked and read_at, sid
            continue
        assert url.startswith("https://"), (sid, url)
        if "pubmed" in url or "doi.org" in url:
            # The record's own address, whether read there or at a copy of it.
            # Read over http or https, the same address.
            assert url.removeprefix("https://") in checked, (sid, checked)
        else:
            # A body's document spans pages: the page read is on the body's own site.
            read = {site(address) for address in re.findall(r"https?://[^\s;,)]+", checked)}
            assert site(url) in read, (sid, checked)


def test_a_quote_of_two_sentences_is_refused_by_the_rule(db_path: Path) -> None:
    """The rule, broken on purpose on a copy of the release, fails."""
    with sqlite3.connect(db_path) as conn:
        conn.execute(
            "UPDATE statements SET quote = quote || ' It was well tolerated.' WHERE id = "
            "(SELECT st.id FROM statements st JOIN publications d ON d.id = st.document_id "
            "WHERE d.read_on IS NOT NULL AND d.source_file IS NULL ORDER BY st.id LIMIT 1)"
        )
    with pytest.raises(AssertionError):
        test_every_record_quote_is_one_sentence(db_path)
