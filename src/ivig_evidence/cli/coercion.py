"""Plain coercion for plain parameter types, so a command need not import pydantic.

Typer 0.26+ coerces every option value through a pydantic TypeAdapter, and
importing pydantic costs about 50 ms on each run of a command that takes any
option value: half the run time of a typical `ivig` query. ivig's parameters
are plain (str, lists of str, paths, bounded numbers, enum choices) and the
commands validate values themselves, so those get a small coercion here that
gives the same results and the same one-line errors; any other annotation, or
a Typer whose internals differ, keeps Typer's own coercion.
"""

from __future__ import annotations

import re
from enum import Enum
from pathlib import Path
from typing import Any

import typer

_TRUTHY = {"1", "true", "t", "yes", "y", "on"}
_FALSY = {"0", "false", "f", "no", "n", "off"}


def _plain(annotation: Any, value: Any, info: Any, choices: Any) -> Any:
    if annotation is bool:
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in _TRUTHY | _FALSY:
            return text in _TRUTHY
        raise typer.BadParameter(f"'{value}' is not a valid boolean.")
    if annotation is str:
        return str(value)
    if annotation is Path:
        return Path(value)
    if annotation in (int, float):
        number = _number(annotation, value)
        if number is None:
            kind = "integer" if annotation is int else "number"
            raise typer.BadParameter(f"'{value}' is not a valid {kind}.") from None
        if info.min is not None and number < info.min:
            raise typer.BadParameter(f"{value} is less than the minimum {info.min}.")
        if info.max is not None and number > info.max:
            raise typer.BadParameter(f"{value} is more than the maximum {info.max}.")
        return number
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        wanted = str(value) if info.case_sensitive else str(value).lower()
        for member in choices:
            name = str(member.value)
            if wanted == (name if info.case_sensitive else name.lower()):
                return member
        valid = ", ".join(repr(str(m.value)) for m in choices)
        raise typer.BadParameter(f"'{value}' is not one of {valid}.")
    raise TypeError(annotation)


_INTEGER = re.compile(r"[+-]?\d+(?:_\d+)*(?:\.0+)?")


def _number(annotation: type, value: Any) -> int | float | None:
    """``value`` read as Typer's own coercion reads it (a test holds the two together):
    ASCII digits only, an integer may end in ".0", a number may be 1e3 or inf."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return int(value) if annotation is int else float(value)
    text = str(value).strip()
    if not text.isascii():
        return None
    if annotation is int:
        if _INTEGER.fullmatch(text) is None:
            return None
        return int(text.split(".")[0].replace("_", ""))
    try:
        return float(text)
    except ValueError:
        return None


PLAIN = (bool, str, Path, int, float)


def _handles(descriptor: Any) -> bool:
    annotation = descriptor.annotation
    if descriptor.file_annotation is not None or descriptor.parameter_info.parser is not None:
        return False
    if getattr(annotation, "__origin__", None) is list:
        (annotation,) = annotation.__args__
    return annotation in PLAIN or (isinstance(annotation, type) and issubclass(annotation, Enum))


def install() -> None:
    try:
        from typer import _coercion, core
    except ImportError:  # a Typer without these internals: nothing to speed up
        return
    parameter_class = getattr(core, "_TyperParameter", None)
    runtime_base = getattr(_coercion, "RuntimeParam", None)
    if parameter_class is None or runtime_base is None:
        return

    class PlainRuntimeParam(runtime_base):  # type: ignore[misc, valid-type]
        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            descriptor = param.type_descriptor
            annotation = descriptor.annotation
            try:
                if getattr(annotation, "__origin__", None) is list:
                    (item,) = annotation.__args__
                    return [
                        _plain(item, v, descriptor.parameter_info, descriptor.choices)
                        for v in value
                    ]
                return _plain(annotation, value, descriptor.parameter_info, descriptor.choices)
            except typer.BadParameter as exc:
                exc.ctx, exc.param = ctx, param
                raise

    original = parameter_class.get_runtime_param

    def get_runtime_param(self: Any) -> Any:
        if self._runtime_param is None:
            try:
                if _handles(self.type_descriptor):
                    self._runtime_param = PlainRuntimeParam(
                        parameter_info=self.type_descriptor.parameter_info,
                        annotation=self.type_descriptor.annotation,
                    )
            except Exception:  # unexpected Typer internals: leave it to Typer
                self._runtime_param = None
        return original(self)

    parameter_class.get_runtime_param = get_runtime_param
