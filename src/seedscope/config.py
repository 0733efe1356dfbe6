"""Validating ``config/config.yaml``: one clear line per mistake, before any request is sent.

The JSON schema (``workflow/schemas/config.schema.yaml``) states the shape; this module turns
its findings into messages that name the seed and the field and say how to fix them, then
checks what a schema cannot: exactly one identifier per seed, well-formed identifiers, unique
ids, each paper once, readable bibliography files (UTF-8, not empty, not too large). Before
Snakemake reads the file, :func:`check_yaml` names the line of a YAML mistake.
"""

from __future__ import annotations

import copy
import difflib
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import yaml

from seedscope import ids
from seedscope.bibliography_file import bibliography_text
from seedscope.errors import SeedscopeError
from seedscope.ids import IDENTIFIER_KINDS, NORMALIZERS
from seedscope.startup import without_iri_checker

if TYPE_CHECKING:
    import jsonschema

__all__ = ["ConfigError", "check_yaml", "exit_with", "load_schema", "validate"]


class ConfigError(SeedscopeError):
    """The configuration is wrong; each line of the message names one mistake and its fix."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


def exit_with(error: ConfigError) -> NoReturn:
    """End the workflow's start with every problem of ``error``, one line each, without the
    traceback Snakemake prints around an error."""
    print(f"seedscope: the config has {len(error.problems)} problem(s):\n{error}", file=sys.stderr)
    sys.exit(1)


def check_yaml(path: str | os.PathLike[str]) -> None:
    """Raise :class:`ConfigError` naming the line and column where ``path`` stops being YAML
    (a tab in the indentation, an unclosed quote, a key indented differently from its
    neighbours), with the fix; a missing file is left to Snakemake."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        return
    except UnicodeDecodeError as error:
        raise ConfigError([f"{path}: not UTF-8 text ({error.reason}); save it as UTF-8"]) from None
    try:
        yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{path}, line {mark.line + 1}, column {mark.column + 1}" if mark else str(path)
        problem = str(getattr(error, "problem", None) or error)
        if "'\\t'" in problem:
            fix = "a tab character: indent with spaces only"
        elif "quoted scalar" in str(getattr(error, "context", "")):
            fix = "a quote opened above is never closed: close it on the same line"
        else:
            fix = (
                f"not valid YAML ({problem}): indent each key of a seed like the others, "
                "and put values containing ': ' or '#' in quotes"
            )
        raise ConfigError([f"{where}: {fix}"]) from None


def load_schema(path: Path) -> dict[str, Any]:
    with open(path, encoding="utf-8") as handle:
        schema: dict[str, Any] = yaml.safe_load(handle)
    return schema


def validate(config: Mapping[str, Any], schema: Mapping[str, Any]) -> dict[str, Any]:
    """Return the config with defaults filled in, or raise :class:`ConfigError`."""
    # imported here, not by the jobs that only need SeedSpec, and without its IRI checker
    without_iri_checker()
    import jsonschema

    config_copy: dict[str, Any] = copy.deepcopy(dict(config)) if config else {}
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(config_copy), key=lambda e: [str(p) for p in e.path])
    problems = [_describe(error, config_copy, schema) for error in errors]
    # the checks a schema cannot make run on every seed whatever the schema found, so a key
    # typo on one seed does not hide a duplicate id on another
    seeds = config_copy.get("seeds")
    if isinstance(seeds, list):
        misspelled = {
            error.absolute_path[1]
            for error in errors
            if error.validator == "additionalProperties" and len(error.absolute_path) == 2
        }
        problems += _check_seeds(seeds, misspelled)
    if problems:
        raise ConfigError(list(dict.fromkeys(problems)))
    _fill_defaults(config_copy, schema)
    return config_copy


def _where(path: list[Any], config: Mapping[str, Any]) -> str:
    """``seeds[2] (id 'kofi2022')`` or ``openalex`` for a schema error's location."""
    if len(path) >= 2 and path[0] == "seeds" and isinstance(path[1], int):
        seed = config["seeds"][path[1]]
        name = seed.get("id") if isinstance(seed, Mapping) else None
        where = f"seeds[{path[1]}]" + (f" (id {name!r})" if isinstance(name, str) else "")
        rest = path[2:]
    else:
        where, rest = "config", path
    for part in rest:
        where += f", field {part!r}"
    return where


def _describe(
    error: jsonschema.ValidationError, config: Mapping[str, Any], schema: Mapping[str, Any]
) -> str:
    path = list(error.absolute_path)
    where = _where(path, config)
    keyword = error.validator
    if keyword == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        unknown = sorted(set(error.instance) - set(allowed))
        hints = []
        for key in unknown:
            close = difflib.get_close_matches(str(key), allowed, n=1)
            hints.append(f"{key!r}" + (f" (did you mean {close[0]!r}?)" if close else ""))
        return f"{where}: unknown key {', '.join(hints)}; allowed keys are {', '.join(allowed)}"
    if keyword == "required":
        missing = error.message.split("'")[1]
        if path == [] and missing == "seeds":
            return "config: no 'seeds' list; add one seed per paper: seeds: [{id: a, doi: 10.x/y}]"
        return f"{where}: missing {missing!r}; give every seed an id (letters, digits, '_', '-')"
    if keyword == "pattern" and path[-1:] == ["id"]:
        return (
            f"{where}: {error.instance!r} is not a valid id; use only letters, digits, '_' and "
            "'-' (no spaces or quotes), e.g. smith2020"
        )
    if keyword == "minItems" and path == ["seeds"]:
        return "config, field 'seeds': the list is empty; add at least one seed"
    if keyword == "type":
        wanted = error.validator_value
        wanted = [wanted] if isinstance(wanted, str) else wanted
        expected = " or ".join(_TYPE_WORDS.get(name, name) for name in wanted)
        hint = "; put it in quotes" if "string" in wanted and _is_number(error.instance) else ""
        return f"{where}: expected {expected}, got {_what(error.instance)}{hint}"
    if keyword in ("minimum", "maximum"):
        low, high = error.schema.get("minimum"), error.schema.get("maximum")
        limits = [f"at least {low}"] if low is not None else []
        limits += [f"at most {high}"] if high is not None else []
        kind = "a whole number" if error.schema.get("type") == "integer" else "a number"
        return f"{where}: {error.instance!r} is out of range; use {kind} {' and '.join(limits)}"
    if keyword == "enum":
        choices = [str(choice) for choice in error.validator_value]
        close = difflib.get_close_matches(str(error.instance), choices, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        return f"{where}: {error.instance!r} is not one of {', '.join(choices)}{hint}"
    return f"{where}: {error.message}"


#: JSON schema types in words.
_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list (lines starting with '- ')",
    "object": "a mapping ('key: value' lines)",
}


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _what(value: Any) -> str:
    """A YAML value in words, for a message: ``the text 'abc'``, ``nothing``."""
    if value is None:
        return "nothing (the key has no value)"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str):
        return f"the text {value!r}"
    if _is_number(value):
        return f"the number {value}"
    return "a list" if isinstance(value, list) else "a mapping"


def _fill_defaults(instance: dict[str, Any], schema: Mapping[str, Any]) -> None:
    for key, sub in schema.get("properties", {}).items():
        if key not in instance and "default" in sub:
            instance[key] = copy.deepcopy(sub["default"])
        if isinstance(instance.get(key), dict) and sub.get("type") == "object":
            _fill_defaults(instance[key], sub)


def _check_seeds(seeds: list[Any], misspelled: set[int]) -> list[str]:
    """What the schema cannot check, on each seed that is a mapping (the schema reports others).

    A field of the wrong type is left to the schema's message, and so is a seed without an
    identifier among the ``misspelled`` ones (an unknown key: the schema's message suggests
    the identifier meant).
    """
    problems = []
    seen: dict[str, int] = {}
    papers: dict[tuple[str, str], tuple[int, str]] = {}  # identifier -> first seed giving it
    for index, seed in enumerate(seeds):
        if not isinstance(seed, Mapping):
            continue
        seed_id = seed.get("id")
        where = f"seeds[{index}]" + (f" (id {seed_id!r})" if isinstance(seed_id, str) else "")
        if isinstance(seed_id, str) and seed_id in seen:
            problems.append(
                f"{where}: id {seed_id!r} is already used by seeds[{seen[seed_id]}]; "
                "give every seed its own id"
            )
        if isinstance(seed_id, str):
            seen.setdefault(seed_id, index)
        given = [kind for kind in IDENTIFIER_KINDS if kind in seed]
        if len(given) > 1 or (not given and index not in misspelled):
            problems.append(
                f"{where}: "
                + (f"has {' and '.join(given)}" if given else "has no identifier")
                + f"; give exactly one of {', '.join(IDENTIFIER_KINDS)}"
            )
        for kind in given:
            value = seed[kind]
            key = None
            if kind in NORMALIZERS and (
                isinstance(value, str) or (kind == "pmid" and type(value) is int)
            ):
                try:
                    key = NORMALIZERS[kind](str(value))
                except ids.IdentifierError as exc:
                    problems.append(f"{where}, field {kind!r}: {exc}")
            elif kind == "citation" and isinstance(value, str):
                key = " ".join(value.split()).casefold()
            if key and len(given) == 1:
                first, first_where = papers.setdefault((kind, key), (index, where))
                if first != index:
                    same = "the same citation" if kind == "citation" else f"the {kind} {key}"
                    problems.append(
                        f"{where}, field {kind!r}: the same paper as {first_where} (both give "
                        f"{same}); list each paper once: remove one of the two seeds"
                    )
        if isinstance(seed.get("references"), str):
            problems.extend(_check_file(f"{where}, field 'references'", seed["references"]))
    return problems


def _check_file(where: str, value: str) -> list[str]:
    path = Path(value)
    if not path.exists():
        return [
            f"{where}: file {value!r} does not exist (paths are relative to the folder you run "
            "snakemake in); fix the path or remove the key"
        ]
    if not path.is_file():
        return [f"{where}: {value!r} is not a file; point it at a text file"]
    if not os.access(path, os.R_OK):
        return [f"{where}: file {value!r} cannot be read (permissions); make it readable"]
    try:
        _, bad = bibliography_text(path.read_bytes())
    except ValueError as error:
        return [f"{where}: file {value!r}: {error}, or remove the key"]
    if bad:
        lines = ", ".join(map(str, bad[:10])) + (", …" if len(bad) > 10 else "")
        return [
            f"{where}: file {value!r} is not UTF-8 text (line {lines}); save it with the "
            "encoding UTF-8 (in most editors: Save As, then choose UTF-8) and run again"
        ]
    return []
