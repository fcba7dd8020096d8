"""Help that reads as words: an option's value is named for what it is (DESIGN, N,
YEAR, KG), not for its Python type (<list[str]>, <int range>)."""

from __future__ import annotations

from typing import Any

# Options whose value is better named by its unit or role than by the option's name.
METAVARS: dict[str, str] = {
    "since": "YEAR",
    "until": "YEAR",
    "year": "YEAR",
    "min_n": "N",
    "n": "N",
    "limit": "N",
    "weight": "KG",
    "dosing_weight": "RULE",
    "height": "CM",
    "round_to": "GRAMS",
    "timeout": "SECONDS",
    "db": "PATH",
    "db_url": "URL",
    "out": "FILE",
    "cite": "STYLE",
    "param": "NAME=VALUE",
}


def metavar_for(name: str | None, choices: list[str] | None = None) -> str:
    if choices:
        return "|".join(choices)
    if name is None:
        return "VALUE"
    return METAVARS.get(name, name.upper())


def install() -> None:
    """Name every option's value in help, where the command did not name it itself."""
    try:
        from typer import core
    except ImportError:  # pragma: no cover - Typer always has it
        return
    option_class = getattr(core, "TyperOption", None)
    argument_class = getattr(core, "TyperArgument", None)
    parameter_class = getattr(core, "_TyperParameter", None)
    if option_class is None or not hasattr(option_class, "display_type_rich"):
        return

    def display_type_rich(self: Any, ctx: Any) -> str | None:
        if self.param_type_name == "argument":
            return None  # an argument's name is already its word (ID, TEXT, PATH)
        if self.metavar is not None:
            return str(self.metavar)
        descriptor = getattr(self, "type_descriptor", None)
        choices = (
            getattr(descriptor, "choices", None)
            if getattr(descriptor, "is_choice", False)
            else None
        )
        values = [str(getattr(c, "value", c)) for c in choices] if choices else None
        word = metavar_for(self.name, values)
        return word + "..." if self.nargs != 1 else word

    def number_range(self: Any) -> str | None:
        low, high = getattr(self, "min", None), getattr(self, "max", None)
        if low is not None and high is not None:
            return f"{low} to {high}"
        if low is not None:
            return f"at least {low}"
        if high is not None:
            return f"at most {high}"
        return None

    option_class.display_type_rich = display_type_rich
    if argument_class is not None and hasattr(argument_class, "display_type_rich"):
        argument_class.display_type_rich = display_type_rich
    for cls in (parameter_class, option_class, argument_class):
        if cls is not None and "_get_number_range_help_str" in vars(cls):
            cls._get_number_range_help_str = number_range
