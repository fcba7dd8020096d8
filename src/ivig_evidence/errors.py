"""The errors a user can expect, each with its exit code and a one-line message.

Exit codes: 1 for data and runtime problems (missing database, SQL error),
2 for usage problems (an unknown design, a malformed option value).
"""

from __future__ import annotations


class IvigError(Exception):
    """An expected failure: shown as one line on stderr, never as a traceback."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageError(IvigError):
    exit_code = 2


class DatabaseError(IvigError):
    """The database file is missing, unreadable, not ours, or at the wrong revision."""


class SqlError(IvigError):
    """A user's ad-hoc SQL failed: syntax, a refused write, a time limit."""


class NotFoundError(IvigError):
    pass


class AmbiguousName(UsageError):
    """A name that stands for more than one thing: the user must say which."""
