"""A statement cut into tokens as PostgreSQL's lexer (scan.l) reads it: words, quoted
names, literals, comments and dollar quotes, so a check never mistakes text for a call.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ivig_evidence.errors import UsageError


@dataclass(frozen=True)
class Token:
    text: str  # a word (lower-cased), a quoted name (as written), or one punctuation mark
    kind: str  # "word", "name" (quoted), "literal" (a string; text is "''") or "mark"
    start: int  # where it begins in the statement
    value: str = ""  # a literal's content as written

    @property
    def word(self) -> bool:
        """A name (bare or quoted): what a function call is made of."""
        return self.kind in ("word", "name")


@dataclass
class Lexed:
    tokens: list[Token]
    opaque: list[tuple[int, int]]  # spans the server reads as text: literals, names, comments

    def is_opaque(self, position: int) -> bool:
        return any(start <= position < end for start, end in self.opaque)


# PostgreSQL's lexer (scan.l): its whitespace, and every byte from 0x80 up is a letter
# of a name (so "\xa0" is no space, and "é$$" one name, not a name and a $$ quote).
_SPACE = " \t\n\r\f\v"
_LETTER = "A-Za-z_\x80-\U0010ffff"
_WORD = re.compile(f"[{_LETTER}][{_LETTER}0-9$]*")
_DOLLAR_TAG = re.compile(f"\\$([{_LETTER}][{_LETTER}0-9]*)?\\$")
_UNICODE_ESCAPE = re.compile(r"\+([0-9A-Fa-f]{6})|([0-9A-Fa-f]{4})")


def lex(sql: str) -> Lexed:
    """PostgreSQL's words and punctuation, with literals, quoted names (U&"..." decoded)
    and comments told apart from code as the server's lexer tells them, so that no word
    can hide from the check and no literal's content is taken for code."""
    tokens: list[Token] = []
    opaque: list[tuple[int, int]] = []
    i, n = 0, len(sql)
    while i < n:
        char = sql[i]
        start = i
        if char in _SPACE:
            i += 1
            continue
        if sql.startswith("--", i):  # to the end of the line: \n or \r, as the server ends it
            ends = [at for at in (sql.find("\n", i), sql.find("\r", i)) if at >= 0]
            i = min(ends) + 1 if ends else n
        elif sql.startswith("/*", i):
            depth, i = 1, i + 2
            while i < n and depth:
                if sql.startswith("/*", i):
                    depth, i = depth + 1, i + 2
                elif sql.startswith("*/", i):
                    depth, i = depth - 1, i + 2
                else:
                    i += 1
        elif (
            char in "'\""
            or (char in "eE" and sql.startswith("'", i + 1))
            or (char in "uU" and sql.startswith('&"', i + 1))
        ):
            escapes = char in "eE"
            unicode = char in "uU"
            quote = "'" if escapes else '"' if unicode else char
            i += 2 if escapes else 3 if unicode else 1
            body_start = i
            while i < n:
                if escapes and sql[i] == "\\" or sql[i] == quote and sql.startswith(quote * 2, i):
                    i += 2
                elif sql[i] == quote:
                    i += 1
                    break
                else:
                    i += 1
            body = sql[body_start : i - 1]
            if quote == '"':  # a quoted name is still a name: "pg_sleep"(1) calls pg_sleep
                name = body.replace('""', '"')
                tokens.append(Token(name, "uname" if unicode else "name", start))
            else:
                tokens.append(Token("''", "literal", start, body))
        elif char == "$" and (tag := _DOLLAR_TAG.match(sql, i)):
            end = sql.find(tag.group(0), tag.end())
            i = n if end < 0 else end + len(tag.group(0))
            tokens.append(Token("''", "literal", start, sql[tag.end() : max(end, tag.end())]))
        elif word := _WORD.match(sql, i):
            tokens.append(Token(word.group(0).lower(), "word", start))
            i = word.end()
            continue
        else:
            tokens.append(Token(char, "mark", start))
            i += 1
            continue
        opaque.append((start, i))
    return Lexed(_decode_unicode_names(tokens), opaque)


def _decode_unicode_names(tokens: list[Token]) -> list[Token]:
    """U&"d\\0062link" is the name dblink; UESCAPE '!' (any comment between) changes the
    escape character."""
    decoded: list[Token] = []
    for index, token in enumerate(tokens):
        if token.kind != "uname":
            decoded.append(token)
            continue
        escape = "\\"
        after = tokens[index + 1 : index + 3]
        if len(after) == 2 and after[0].text == "uescape" and after[1].kind == "literal":
            escape = after[1].value[:1] or escape
        decoded.append(Token(_unescape(token.text, escape), "name", token.start))
    return decoded


def _unescape(body: str, escape: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(body):
        if body[i] != escape:
            out.append(body[i])
            i += 1
        elif body.startswith(escape, i + 1):
            out.append(escape)
            i += 2
        elif code := _UNICODE_ESCAPE.match(body, i + 1):
            out.append(chr(min(int(code.group(1) or code.group(2), 16), 0x10FFFF)))
            i = code.end()
        else:  # the server refuses it; kept as written
            out.append(body[i])
            i += 1
    return "".join(out)


def require_sql(sql: str) -> None:
    """A statement to run: not nothing, nor only comments and semicolons."""
    if not sql.strip():
        raise UsageError("no SQL given")
    if all(token.text == ";" and token.kind == "mark" for token in sql_tokens(sql)):
        raise UsageError("no SQL given, only comments (give one SELECT statement)")


def sql_tokens(sql: str) -> list[Token]:
    """The statement's tokens outside comments (see ``lex``)."""
    return lex(sql).tokens
