"""Loading package data files (JSON Lines) with validation.

Every data file the library ships (trigger patterns, context rules, lexicons, the
actor gazetteer) is JSON Lines: one JSON object per line, blank lines and lines
starting with ``//`` ignored. Each line is validated by a Pydantic model; a bad
line raises :class:`~negotiation_events.errors.PatternFileError` naming the file,
the line and the reason.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from importlib import resources
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from .errors import PatternFileError

M = TypeVar("M", bound=BaseModel)


def read_package_text(package: str, name: str) -> tuple[str, str]:
    """Return ``(display_name, text)`` of a data file inside a package."""
    ref = resources.files(package).joinpath(name)
    return f"{package.replace('.', '/')}/{name}", ref.read_text(encoding="utf-8")


def iter_jsonl(text: str, source: str) -> Iterator[tuple[int, dict[str, object]]]:
    """Yield ``(line_number, object)`` for each non-blank, non-comment line."""
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("//"):
            continue
        try:
            value = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise PatternFileError(f"{source}, line {number}: invalid JSON: {exc.msg}") from None
        if not isinstance(value, dict):
            raise PatternFileError(f"{source}, line {number}: expected a JSON object")
        yield number, value


def load_records(text: str, source: str, model: type[M], *, skip_header: str | None = None) -> list[M]:
    """Validate every line of a JSON Lines text with ``model``.

    Args:
        text: the file contents.
        source: file name used in error messages.
        model: the Pydantic model each line must satisfy.
        skip_header: when given, a line holding this key is a header and is skipped.

    Raises:
        PatternFileError: a line is not JSON or does not satisfy ``model``.
    """
    out: list[M] = []
    for number, value in iter_jsonl(text, source):
        if skip_header is not None and skip_header in value:
            continue
        try:
            out.append(model.model_validate(value))
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "line"
            message = first["msg"].removeprefix("Value error, ")
            raise PatternFileError(f"{source}, line {number}: {where}: {message}") from None
    return out


def load_package_records(package: str, name: str, model: type[M], *, skip_header: str | None = None) -> list[M]:
    """Load and validate a JSON Lines data file shipped in ``package``."""
    source, text = read_package_text(package, name)
    return load_records(text, source, model, skip_header=skip_header)
