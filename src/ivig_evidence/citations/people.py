"""Authors: a record's author text read as people (Vancouver's 'Laxer RM', 'Laxer,
Ronald M.', an organisation kept whole), and people written back as text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Person:
    family: str
    given: str = ""
    literal: bool = False  # an organisation, written as one name


_VANCOUVER = re.compile(r"^(?P<family>[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)*) (?P<initials>[A-Z]{1,3})$")
# "E D", "HJ.", "K. S.": a given name written as initials only.
_INITIALS_ONLY = re.compile(r"^(?:[A-Z]\.?\s*){1,3}$")
# Words that belong to a family name written after the given names ("Ludwig van Beethoven").
_PARTICLES = frozenset({"van", "von", "de", "der", "den", "del", "della", "di", "da", "du", "le", "la", "ter", "ten"})  # fmt: skip


def _initials(text: str) -> str:
    """'E D', 'HJ.', 'KS' -> 'E. D.', 'H. J.', 'K. S.'; full given names stay as they are."""
    cleaned = text.replace(".", " ").split()
    if all(len(part) <= 3 and part.isupper() for part in cleaned):
        letters = [letter for part in cleaned for letter in part]
        return " ".join(f"{letter}." for letter in letters)
    return text.strip()


# Words that make a name in an author list a group's, not a person's.
_GROUP_WORDS = re.compile(
    r"\b(?:group|committee|consortium|investigators|society|collaborative|association|"
    r"network|authority|organi[sz]ation|council|foundation|college|staff|editors)\b",
    re.IGNORECASE,
)


def _given_first(name: str) -> Person | None:
    """'Ronald M. Laxer' -> Laxer, Ronald M.; a group's name ('The Research Group for
    IVIg ... in Japan') as one name; None where the name is not written given names first
    (one word, or ending in initials as 'Kanik KS' does)."""
    if _GROUP_WORDS.search(name):
        return Person(name, literal=True)
    words = name.split()
    if len(words) < 2 or _INITIALS_ONLY.match(words[-1]):
        return None
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in _PARTICLES:
        start -= 1
    return Person(" ".join(words[start:]), " ".join(words[:start]))


def parse_authors(
    authors: str | None, first_author: str | None, corporate: bool = False
) -> tuple[tuple[Person, ...], bool]:
    """The people in an author string as the sources give it, and whether it ends 'et al.'.

    A list of names separated by commas reads more than one way: "Kaestner, S., Wolff, HJ."
    is family, given, family, given; "Xiaoxia Shen, Fei Wang" is two people, given names
    first. Each way the string can be read is tried, and the first whose first person's
    family name is the record's first author is taken (without a first author: names
    paired with initials, then given names first, then any pairing)."""
    if not authors:
        return ((Person(first_author, literal=True),) if first_author else ()), False
    text = authors.strip()
    et_al = bool(re.search(r"\bet al\.?$", text))
    text = re.sub(r",?\s*\bet al\.?$", "", text).strip().rstrip(",")
    if corporate:
        return (Person(text, literal=True),), et_al
    if " and " in text:  # MLA: "Mulhearn, Ben, and Ian N Bruce"
        head, tail = re.split(r",? and ", text, maxsplit=1)
        family, _, given = head.partition(", ")
        *tail_given, tail_family = tail.split()
        return (Person(family, given), Person(tail_family, " ".join(tail_given))), et_al
    tokens = [t.strip() for t in text.split(",") if t.strip()]
    readings: list[tuple[Person, ...]] = []
    if tokens and all(_VANCOUVER.match(t) for t in tokens):  # "Kanik KS, Yarboro CH"
        readings.append(
            tuple(
                Person(m["family"], _initials(m["initials"]))
                for m in (_VANCOUVER.match(t) for t in tokens)
                if m
            )
        )
    paired: tuple[Person, ...] = ()
    if tokens and len(tokens) % 2 == 0:  # "Kaestner, S., Wolff, HJ." or "Silverman, E D"
        paired = tuple(
            Person(tokens[i], _initials(tokens[i + 1])) for i in range(0, len(tokens), 2)
        )
        if all(_INITIALS_ONLY.match(tokens[i]) for i in range(1, len(tokens), 2)):
            readings.append(paired)
    given_first = [_given_first(t) for t in tokens]
    if tokens and all(given_first):  # "Bruno Tumiati, Patrizia Casoli"
        readings.append(tuple(p for p in given_first if p))
    if paired:  # "Katz-Agranov, Nurit": a given name in full
        readings.append(paired)
    for people in readings:
        if not first_author or people[0].family.casefold() == first_author.casefold():
            return people, et_al
    return ((Person(first_author),) if first_author else ()), True


def people_from_list(author_list: str | None) -> tuple[Person, ...] | None:
    """The people of a record's stored author list (JSON), or None where none is stored."""
    if not author_list:
        return None
    import json

    return tuple(
        Person(entry["literal"], literal=True)
        if "literal" in entry
        else Person(entry["family"], entry.get("given", ""))
        for entry in json.loads(author_list)
    )


def authors_as_text(author_list: str | None) -> str | None:
    """A stored author list as a reader reads it: 'Tumiati, Bruno; Casoli, Patrizia'."""
    people = people_from_list(author_list)
    if people is None:
        return None
    return "; ".join(
        p.family if p.literal else f"{p.family}, {p.given}".rstrip(", ") for p in people
    )
