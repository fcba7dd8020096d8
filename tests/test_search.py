"""How a search is read, rule by rule: words as words (a lower-case `not` among them),
the syntax in capitals, quotes and prefixes, each malformed search in one line; then
what it finds on a small fixture database, and how a name widens it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tests.test_rules import fixture_db

from ivig_evidence.errors import UsageError
from ivig_evidence.search.query import Operator, Term, parse, to_fts5, to_tsquery

AND, OR, NOT = Operator("AND"), Operator("OR"), Operator("NOT")
OPEN, CLOSE = Operator("("), Operator(")")


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("ivig", [Term(("ivig",))]),
        ("ivig not kawasaki", [Term(("ivig",)), AND, Term(("not",)), AND, Term(("kawasaki",))]),
        ("and or", [Term(("and",)), AND, Term(("or",))]),
        ("Not", [Term(("not",))]),
        ("ivig NOT kawasaki", [Term(("ivig",)), NOT, Term(("kawasaki",))]),
        ("a OR b AND c", [Term(("a",)), OR, Term(("b",)), AND, Term(("c",))]),
        ("Still's disease", [Term(("still", "s")), AND, Term(("disease",))]),
        ("anti-inflammatory", [Term(("anti", "inflammatory"))]),
        ("rct_crossover", [Term(("rct", "crossover"))]),
        ("immuno*", [Term(("immuno",), prefix=True)]),
        ('"high dose"', [Term(("high", "dose"))]),
        ('"high dose"*', [Term(("high", "dose"), prefix=True)]),
        ('"say ""no"""', [Term(("say", "no"))]),
        ('"" ivig', [Term(("ivig",))]),
        ("-- ivig", [Term(("ivig",))]),
        ("a (b OR c)", [Term(("a",)), AND, OPEN, Term(("b",)), OR, Term(("c",)), CLOSE]),
        ("(a) b", [OPEN, Term(("a",)), CLOSE, AND, Term(("b",))]),
        ("(a)(b)", [OPEN, Term(("a",)), CLOSE, AND, OPEN, Term(("b",)), CLOSE]),
        ("  IVIG   dose ", [Term(("ivig",)), AND, Term(("dose",))]),
    ],
)
def test_a_search_is_read_as_terms_and_operators(text: str, tokens: list[Any]) -> None:
    assert parse(text) == tokens


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("", "nothing to search for in '': give one or more words."),
        ("--", "nothing to search for in '--': give one or more words."),
        (
            "AND",
            "'AND' holds only operators: AND, OR and NOT in capitals join terms; to search for "
            "the word itself, write it in lower case or in double quotes.",
        ),
        (
            "( )",
            "'( )' holds only operators: AND, OR and NOT in capitals join terms; to search for "
            "the word itself, write it in lower case or in double quotes.",
        ),
        (
            '"open',
            "the search '\"open' opens a double quote it does not close: add the closing "
            "quote, or leave the quotes out to search the words.",
        ),
        (
            "NOT virus",
            "NOT at the start in 'NOT virus': NOT joins two terms (a NOT b); search the word "
            "itself in lower case or in quotes.",
        ),
        (
            "fever OR AND cough",
            "AND after OR in 'fever OR AND cough': AND joins two terms (a AND b); search the "
            "word itself in lower case or in quotes.",
        ),
        (
            "(OR fever)",
            "OR after ( in '(OR fever)': OR joins two terms (a OR b); search the word itself "
            "in lower case or in quotes.",
        ),
        (
            "a AND b OR AND c",
            "AND after OR in 'a AND b OR AND c': AND joins two terms (a AND b); search the "
            "word itself in lower case or in quotes.",
        ),
        (
            "x NOT y NOT NOT z",
            "NOT after NOT in 'x NOT y NOT NOT z': NOT joins two terms (a NOT b); search the "
            "word itself in lower case or in quotes.",
        ),
        ("fever OR", "the search 'fever OR' ends with an operator: add the term it needs."),
        ("(fever", "the search '(fever' opens a '(' it does not close."),
        ("fever)", "the search 'fever)' has a ')' with nothing open before it."),
        ("fever () cough", "the search 'fever () cough' has a ')' with nothing open before it."),
        ("(fever OR)", "the search '(fever OR)' has a ')' with nothing open before it."),
    ],
)
def test_a_malformed_search_says_what_is_wrong(text: str, said: str) -> None:
    with pytest.raises(UsageError) as refused:
        parse(text)
    assert refused.value.message == said


def test_both_engines_are_asked_the_same_question() -> None:
    tokens = parse('ivig not (kawasaki OR "Still\'s disease"*) NOT fever')
    assert to_fts5(tokens) == (
        '"ivig" AND "not" AND ( "kawasaki" OR "still s disease"* ) NOT "fever"'
    )
    assert to_tsquery(tokens) == (
        "'ivig' & 'not' & ( 'kawasaki' | ('still' <-> 's' <-> 'disease':*) ) & ! 'fever'"
    )
    assert to_tsquery(parse("immuno*")) == "'immuno':*"


# ------------------------------------------------------------------ on a fixture database

FIXTURE = (
    "INSERT INTO indications (slug, name, relation_to_ra) VALUES "
    "('dermatomyositis', 'Dermatomyositis', 'related'), ('aosd', 'Adult-onset Still''s disease', "
    "'related'), ('sjia', 'Systemic JIA', 'related'), "
    "('overlap-myositis', 'Overlap myositis', 'related');\n"
    "INSERT INTO indication_aliases (alias_key, alias, indication_slug) VALUES "
    "('dm', 'DM', 'dermatomyositis'), ('still', 'Still', 'aosd'), ('still', 'Still', 'sjia'), "
    "('dmandpm', 'DM and PM', 'overlap-myositis');\n"
    "INSERT INTO studies (id, design, population, direction, result) VALUES "
    "('s-not', 'rct', 'ra', 'benefit', 'IVIG was not approved for this use.'), "
    "('s-yes', 'rct', 'ra', 'benefit', 'IVIG was approved for this use.'), "
    "('s-dm', 'rct', 'ra', 'benefit', 'Dermatomyositis improved.'), "
    "('s-dm-short', 'rct', 'ra', 'benefit', 'Eight patients with DM improved.'), "
    "('s-other', 'rct', 'ra', 'benefit', 'Nothing of note.');\n"
)


@pytest.fixture
def db(empty_db: Path, tmp_path: Path) -> Path:
    return fixture_db(empty_db, tmp_path, FIXTURE)


def found(ivig: Any, db: Path, text: str) -> list[str]:
    run = ivig("search", "--db", str(db), text, "-f", "json")
    assert run.exit_code == 0, run.stderr
    return [hit["id"] for hit in run.json()]


def test_a_lower_case_not_is_a_word_searched_for(ivig: Any, db: Path) -> None:
    assert found(ivig, db, "not approved") == ["s-not"]
    assert found(ivig, db, '"was not"') == ["s-not"]
    assert sorted(found(ivig, db, "approved")) == ["s-not", "s-yes"]
    assert found(ivig, db, "approved NOT not") == ["s-yes"]
    assert sorted(found(ivig, db, "approv*")) == ["s-not", "s-yes"]


def test_a_name_of_an_indication_finds_its_other_names(ivig: Any, db: Path) -> None:
    run = ivig("search", "--db", str(db), "DM", "-f", "json")
    first, *hits = run.json()
    assert first == {
        "kind": "indication",
        "id": "dermatomyositis",
        "belongs_to": "dermatomyositis",
        "field": "names",
        "snippet": "DM names dermatomyositis; also searched for: dermatomyositis",
        "rank": 0.0,
    }
    assert sorted(h["id"] for h in hits) == ["s-dm", "s-dm-short"]


@pytest.mark.parametrize("text", ['"DM"', "DM OR nothing", "DM AND improved"])
def test_quotes_and_operators_search_the_words_as_given(ivig: Any, db: Path, text: str) -> None:
    hits = found(ivig, db, text)
    assert "s-dm" not in hits and "s-dm-short" in hits


@pytest.mark.parametrize("operator", ["AND", "OR", "NOT"])
def test_a_name_spelt_with_an_operator_is_a_search_with_that_operator(
    ivig: Any, db: Path, operator: str
) -> None:
    """The alias 'DM and PM' is named when typed with a lower-case 'and'; typed with a
    capital operator, the words are searched as the operator joins them, and no
    indication is named (nor widened to its other names)."""
    words = ivig("search", "--db", str(db), "DM and PM", "-f", "json").json()
    assert (words[0]["kind"], words[0]["id"], words[0]["field"]) == (
        "indication", "overlap-myositis", "names",
    )  # fmt: skip
    joined = ivig("search", "--db", str(db), f"DM {operator} PM", "-f", "json")
    assert joined.exit_code == 0, joined.stderr
    assert not [h for h in joined.json() if h["field"] == "names"]


def test_an_alias_of_two_indications_names_both_and_widens_neither(ivig: Any, db: Path) -> None:
    run = ivig("search", "--db", str(db), "Still", "-f", "json")
    named = [h for h in run.json() if h["kind"] == "indication" and h["field"] == "names"]
    assert [(h["id"], h["snippet"]) for h in named] == [
        ("aosd", "Still names aosd; also searched for: aosd"),
        ("sjia", "Still names sjia; also searched for: sjia"),
    ]


def test_a_search_for_the_name_itself_says_only_what_it_names(ivig: Any, db: Path) -> None:
    run = ivig("search", "--db", str(db), "Dermatomyositis", "-f", "json")
    first = run.json()[0]
    assert first["snippet"] == "Dermatomyositis names dermatomyositis; also searched for: DM"
    run = ivig("search", "--db", str(db), "sjia", "-f", "json")
    assert run.json()[0]["snippet"] == "sjia names sjia"


def test_a_search_of_spaces_is_a_usage_error(ivig: Any, db: Path) -> None:
    run = ivig("search", "--db", str(db), "   ")
    assert run.exit_code == 2
    assert run.stderr == "ivig: error: nothing to search for: give one or more words.\n"


def test_a_database_without_a_search_index_says_so(ivig: Any, db: Path) -> None:
    import sqlite3

    with sqlite3.connect(db) as conn:
        conn.execute("DROP TABLE search_index")
    run = ivig("search", "--db", str(db), "approved")
    assert run.exit_code == 1
    assert run.stderr == "ivig: error: this database has no search index.\n"


@pytest.mark.parametrize(
    ("text", "limit", "kinds"),
    [
        ("DM", 1, ["indication"]),
        ("DM", 2, ["indication", "study"]),
        ("Still", 1, ["indication"]),
        ("Still", 2, ["indication", "indication"]),
        ("approved", 1, ["study"]),
    ],
)
def test_a_limit_counts_every_hit_the_names_among_them(
    ivig: Any, db: Path, text: str, limit: int, kinds: list[str]
) -> None:
    run = ivig("search", "--db", str(db), text, "--limit", str(limit), "-f", "json")
    assert [hit["kind"] for hit in run.json()] == kinds


def test_an_error_of_the_full_text_engine_says_how_to_search(
    ivig: Any, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The parser quotes every word, so FTS5 should never refuse a search; if it did, the
    user reads one line on how to write it, not a traceback."""
    from ivig_evidence.search import query as search_query

    monkeypatch.setattr(search_query, "to_fts5", lambda tokens: "AND")
    run = ivig("search", "--db", str(db), "approved")
    assert run.exit_code == 2
    assert run.stderr == (
        "ivig: error: cannot read the search 'approved' (syntax error near \"AND\"): put "
        "words in double quotes to search for them as they are; AND, OR and NOT (in "
        "capitals) are operators.\n"
    )


def test_hits_read_as_a_table_and_as_records(
    ivig: Any, db: Path, subprocess_env: dict[str, str]
) -> None:
    """Every format names the columns; on a narrow terminal each hit is a record whose
    match stands under it, without a label."""
    from tests.conftest import run_on_terminal

    run = ivig("search", "--db", str(db), "approved", "-f", "csv")
    assert run.stdout.splitlines() == [
        "kind,id,belongs to,field,match",
        "study,s-yes,s-yes,result,IVIG was «approved» for this use.",
        "study,s-not,s-not,result,IVIG was not «approved» for this use.",
    ]
    code, screen = run_on_terminal(["--db", str(db), "search", "approved"], subprocess_env,
                                   columns=60)  # fmt: skip
    assert code == 0
    assert [line.rstrip() for line in screen.splitlines() if line.strip()] == [
        "Search: approved (2 found, best first)",
        "study · s-yes · belongs to s-yes · field result",
        "  IVIG was approved for this use.",
        "study · s-not · belongs to s-not · field result",
        "  IVIG was not approved for this use.",
    ]
