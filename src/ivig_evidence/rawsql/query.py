"""A statement as `ivig sql` takes and gives it: its parameters, its limits, its result."""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ivig_evidence.errors import UsageError

READ_ONLY_MESSAGE = "ivig sql is read-only: only a single SELECT (or WITH ... SELECT) is allowed"

# The largest single value (text or blob) a query may produce.
MAX_VALUE_BYTES = 10_000_000
# --timeout accepts a finite number of seconds in this range.
TIMEOUT_RANGE = (0.1, 3600.0)


def check_timeout(seconds: float) -> float:
    low, high = TIMEOUT_RANGE
    if not math.isfinite(seconds) or not low <= seconds <= high:
        raise UsageError(f"--timeout must be a number of seconds from {low:g} to {high:g}")
    return seconds


def timeout_message(seconds: float) -> str:
    return f"query stopped after the {seconds:g} s time limit (raise it with --timeout)"


@dataclass
class QueryResult:
    columns: list[str]
    rows: Iterator[tuple[Any, ...]]


def parse_params(pairs: list[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip().lstrip(":")
        if not sep or not name.isidentifier():
            raise UsageError(f"parameter '{pair}' is not NAME=VALUE (e.g. -p design=rct)")
        params[name] = value
    return params
