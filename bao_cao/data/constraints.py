"""The schema's constraints (datapackage.json) in words, one entry each: what the data
page says a field accepts, in Vietnamese, and what the validator tells staff a cell broke.
A constraint the validator enforces is always one the data page shows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# Table Schema's constraints: (what a field accepts, for readers; what a cell broke, for
# staff), each from the constraint's value. "required" is the data page's own column.
WORDING: dict[str, tuple[Callable[[Any], str] | None, Callable[[str], str]]] = {
    "required": (None, lambda _: "required: this cell must not be empty"),
    "unique": (
        lambda _: "không trùng",
        lambda _: "must be unique in its column, but occurs more than once",
    ),
    "enum": (
        lambda values: "một trong: " + "; ".join(str(value) for value in values),
        lambda value: f"must be one of: {value}",
    ),
    "pattern": (
        lambda value: f"mẫu: {value}",
        lambda value: f"does not have the required form (pattern {value})",
    ),
    "minimum": (lambda value: f"nhỏ nhất: {value}", lambda value: f"must be at least {value}"),
    "maximum": (lambda value: f"lớn nhất: {value}", lambda value: f"must be at most {value}"),
    "minLength": (
        lambda value: f"ít nhất {value} ký tự",
        lambda value: f"is shorter than {value} characters",
    ),
    "maxLength": (
        lambda value: f"nhiều nhất {value} ký tự",
        lambda value: f"is longer than {value} characters",
    ),
}


def accepted(constraints: dict) -> str:
    """What a field accepts, for the data page, in WORDING's order: "không trùng; mẫu: …"."""
    parts = []
    for name, (describe, _) in WORDING.items():
        if describe is not None and name in constraints and constraints[name] is not False:
            parts.append(describe(constraints[name]))
    parts += [f"{name}: {value}" for name, value in constraints.items() if name not in WORDING]
    return "; ".join(parts)


def broken(name: str, value: str) -> str:
    """What a cell broke, for the validator's message."""
    if name in WORDING:
        return WORDING[name][1](value)
    return f"breaks the constraint {name} = {value}"
