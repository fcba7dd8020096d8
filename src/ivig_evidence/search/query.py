"""What a person types into `ivig search`, read the same way on both engines.

Plain words are searched as words: ``Still's disease`` and ``anti-inflammatory``
mean the words as they appear in the text (an apostrophe or a hyphen joins the
parts of one term, as the index splits them). The search syntax works for those
who use it: ``"a phrase"``, ``OR``, ``NOT``, ``AND`` (in capitals), ``prefix*`` and
parentheses. The query is parsed once and written out for SQLite's FTS5 or
PostgreSQL's tsquery, so both engines are asked the same question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ivig_evidence.errors import UsageError

OPERATORS = ("AND", "OR", "NOT")
_TOKEN = re.compile(r'\s*(?:(")((?:[^"]|"")*)("?)|(\()|(\))|([^\s()"]+))')
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Term:
    """Words that must appear one after another (one word, or a phrase); ``prefix``:
    the last word may be the start of a longer one."""

    words: tuple[str, ...]
    prefix: bool = False


@dataclass(frozen=True)
class Operator:
    name: str  # AND, OR, NOT, (, )


Token = Term | Operator


def parse(text: str) -> list[Token]:
    """The query as terms and operators, implicit AND made explicit; a malformed one
    is explained in one line."""
    tokens: list[Token] = []
    position = 0
    stripped = text.strip()
    while position < len(stripped):
        match = _TOKEN.match(stripped, position)
        if match is None or match.end() == position:
            break
        position = match.end()
        quote, inner, closing, opening, closing_paren, bare = match.groups()
        if quote:
            if not closing:
                raise UsageError(
                    f"the search {text!r} opens a double quote it does not close: add the "
                    "closing quote, or leave the quotes out to search the words."
                )
            prefix = stripped[position : position + 1] == "*"
            position += prefix
            words = tuple(_WORD.findall(inner.replace('""', '"').lower()))
            if words:
                tokens.append(Term(words, prefix))
        elif opening:
            tokens.append(Operator("("))
        elif closing_paren:
            tokens.append(Operator(")"))
        elif bare in OPERATORS:
            tokens.append(Operator(bare))
        else:
            prefix = bare.endswith("*")
            words = tuple(_WORD.findall(bare.lower()))
            if words:
                tokens.append(Term(words, prefix))
    if not any(isinstance(t, Term) for t in tokens):
        if tokens:
            raise UsageError(
                f"{text!r} holds only operators: AND, OR and NOT in capitals join terms; "
                "to search for the word itself, write it in lower case or in double quotes."
            )
        raise UsageError(f"nothing to search for in {text!r}: give one or more words.")
    return _checked(_with_ands(tokens), text)


def _with_ands(tokens: list[Token]) -> list[Token]:
    joined: list[Token] = []
    for token in tokens:
        if joined and _ends_operand(joined[-1]) and _starts_operand(token):
            joined.append(Operator("AND"))
        joined.append(token)
    return joined


def _ends_operand(token: Token) -> bool:
    return isinstance(token, Term) or token.name == ")"


def _starts_operand(token: Token) -> bool:
    return isinstance(token, Term) or token.name == "("


def _checked(tokens: list[Token], text: str) -> list[Token]:
    depth = 0
    expect_operand = True
    for index, token in enumerate(tokens):
        if isinstance(token, Term) or token.name == "(":  # an AND joins it to what is before
            if isinstance(token, Operator):
                depth += 1
            else:
                expect_operand = False
            continue
        if token.name == ")":
            depth -= 1
            if depth < 0 or expect_operand:
                raise UsageError(f"the search {text!r} has a ')' with nothing open before it.")
            continue
        if expect_operand:  # AND, OR, NOT where a word belongs: after an operator or (
            previous = tokens[index - 1] if index else None
            where = f"after {previous.name}" if isinstance(previous, Operator) else "at the start"
            raise UsageError(
                f"{token.name} {where} in {text!r}: {token.name} joins two terms "
                f"(a {token.name} b); search the word itself in lower case or in quotes."
            )
        expect_operand = True
    if expect_operand:
        raise UsageError(f"the search {text!r} ends with an operator: add the term it needs.")
    if depth:
        raise UsageError(f"the search {text!r} opens a '(' it does not close.")
    return tokens


# ------------------------------------------------------------------ the two engines


def to_fts5(tokens: list[Token]) -> str:
    """An FTS5 MATCH expression: every word quoted, so no word is read as syntax."""
    parts = []
    for token in tokens:
        if isinstance(token, Term):
            phrase = '"' + " ".join(token.words) + '"'
            parts.append(phrase + ("*" if token.prefix else ""))
        else:
            parts.append(token.name)
    return " ".join(parts)


def to_tsquery(tokens: list[Token]) -> str:
    """A PostgreSQL tsquery text for to_tsquery('english', ...): the same terms and
    operators (a NOT b is a & !b; a phrase is words joined by <->)."""
    parts = []
    for token in tokens:
        if isinstance(token, Term):
            lexemes = [f"'{word}'" for word in token.words]  # letters and digits: no quote
            if token.prefix:
                lexemes[-1] += ":*"
            parts.append("(" + " <-> ".join(lexemes) + ")" if len(lexemes) > 1 else lexemes[0])
        elif token.name == "AND":
            parts.append("&")
        elif token.name == "OR":
            parts.append("|")
        elif token.name == "NOT":
            parts.append("& !")
        else:
            parts.append(token.name)
    return " ".join(parts)
