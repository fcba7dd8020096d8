"""Public addresses: the canonical address of a record, and the copies that are not one.

A reader who follows a link must land on the record's public, canonical page:
PubMed where a PMID is known, else the DOI resolver, else the issuing body's own
page. A copy read at a mirror, a proxy, an aggregator or a link-out page is kept
as provenance (``read_at``), never offered as the address.
"""

from __future__ import annotations

import re

# Hosts and paths that copy, proxy or redirect to a record instead of being it. A
# translation proxy's address carries the account token of whoever used it.
MIRROR_PATTERNS: tuple[tuple[str, str], ...] = (
    ("a translation proxy", r"proxy\.weglot\.com"),
    ("a university VPN proxy", r"webvpn"),
    ("an aggregator", r"zhenzhi\.com|bohrium\.dp\.tech|paperexplained\.cn|scilit\.net"),
    ("a PubMed mirror", r"laibokeji\.com|wilddata\.cn"),
    ("an aggregator", r"ouci\.dntb\.gov\.ua"),
    ("a link-out page", r"/lookup/external-ref"),
    ("a library index", r"acnpsearch\.|bibliotecadigital\."),
)
_MIRRORS = [(what, re.compile(pattern, re.IGNORECASE)) for what, pattern in MIRROR_PATTERNS]
_ADDRESS = re.compile(r"https?://\S+", re.IGNORECASE)


def mirror_kind(text: str | None) -> str | None:
    """What kind of copy an address in ``text`` points at, or None if none does."""
    if not text:
        return None
    for address in _ADDRESS.findall(text):
        for what, pattern in _MIRRORS:
            if pattern.search(address):
                return what
    return None


def pubmed_address(pmid: str) -> str:
    return f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/"


def doi_address(doi: str) -> str:
    return f"https://doi.org/{doi}"


# A DOI or PMID as a citation writes it: "doi:10.1002/art.1780390621 PMID:8651966".
_WRITTEN_IDENTIFIER = re.compile(
    r"(?<![\w/])(?:doi:\s?(?P<doi>10\.\d{4,9}/\S+)|PMID:\s?(?P<pmid>\d{1,9})\b)",
    re.IGNORECASE,
)


def identifier_links(text: str) -> dict[str, str]:
    """Each DOI and PMID written in ``text`` (as written, "doi:10..." or "PMID:123"), with
    its canonical address, for a terminal to make it a link."""
    links: dict[str, str] = {}
    for found in _WRITTEN_IDENTIFIER.finditer(text):
        written = found.group(0)
        if found.group("doi"):
            doi = found.group("doi").rstrip(".,;:)]")  # the sentence's, not the DOI's
            written = written[: len(written) - (len(found.group("doi")) - len(doi))]
            links[written] = doi_address(doi)
        else:
            links[written] = pubmed_address(found.group("pmid"))
    return links


def canonical_address(pmid: str | None, doi: str | None) -> str | None:
    """The address a record with these identifiers must carry (None: the body's own page)."""
    if pmid:
        return pubmed_address(pmid)
    if doi:
        return doi_address(doi)
    return None


def address_problem(url: str | None, pmid: str | None, doi: str | None) -> str | None:
    """Why ``url`` is not a publication's public address, in words; None when it is."""
    copy = mirror_kind(url)
    if copy:
        return (
            f"{url} is {copy}, not the record's public address: give the canonical one and "
            "keep where you read it as read_at"
        )
    expected = canonical_address(pmid, doi)
    if url and expected and url != expected:
        return f"{url} is not the canonical address of a record with this identifier: {expected}"
    return None
