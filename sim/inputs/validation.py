"""Pydantic's validation errors as the people who wrote the file need them.

One line per problem: the file, the key as the file writes it (``timeline[0].date``,
``parameters.frailty_sd``), what is wrong and what is allowed: the keys allowed beside
an unknown one, with the nearest as a suggestion, and the events (or other tags)
allowed where a tagged list item names none that exists. Scenario and sweep files are
described alike, by walking the model the file was checked against.
"""

from __future__ import annotations

import difflib
import re
from types import UnionType
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

TOP_LEVEL = "(top level)"
KEY_PATTERN = re.compile(r"[A-Za-z_][\w.\[\]]*")  # e.g. arms[0].parameters.frailty_sd
QUIET = ("missing", "extra_forbidden")  # no value to show: the key is absent or unknown


def describe_validation_error(error: ValidationError, source: str,
                              model: type[BaseModel]) -> str:
    """Every problem of ``error``, one line each, naming ``source`` (e.g. the file).

    ``model`` is the model the data was validated against (``Scenario``, ``Sweep``):
    it says which keys and tags are allowed where.
    """
    return "\n".join(_describe(problem, source, model) for problem in error.errors())


def _describe(problem: dict, source: str, model: type[BaseModel]) -> str:
    location, kind = problem["loc"], problem["type"]
    keys, _ = _walk(model, location)
    key = format_key(keys)
    message = problem["msg"].removeprefix("Value error, ")
    if kind == "extra_forbidden":
        message = "unknown key" + _allowed_keys(model, location)
    elif kind in ("union_tag_invalid", "union_tag_not_found"):
        discriminator = problem["ctx"]["discriminator"].strip("'")
        key += f".{discriminator}"
        message = _tag_message(model, location, discriminator, problem["ctx"].get("tag"))
    elif kind == "value_error" and not keys:
        key, message = _named_key(message)
    given = problem.get("input")
    quiet = (kind in QUIET or isinstance(given, dict)
             or isinstance(given, str) and repr(given) in message)  # said already
    return f"{source}: key '{key}': {message}{'' if quiet else f' (got {given!r})'}"


def format_key(keys: list) -> str:
    """``["timeline", 0, "date"]`` -> ``timeline[0].date``."""
    key = ""
    for part in keys:
        key += f"[{part}]" if isinstance(part, int) else (f".{part}" if key else str(part))
    return key or TOP_LEVEL


def _named_key(message: str) -> tuple[str, str]:
    """A check across several fields fails at the top level; its message starts with the
    key it is about (``parameters.x: ...``), which is the better key to report."""
    named, _, rest = message.partition(": ")
    return (named, rest) if rest and KEY_PATTERN.fullmatch(named) else (TOP_LEVEL, message)


def _allowed_keys(model: type[BaseModel], location: tuple) -> str:
    """``; allowed keys here: ...`` beside an unknown key, and the nearest if one is close."""
    _, container = _walk(model, location[:-1])
    models = [m for m in _alternatives(container) if _is_model(m)]
    if len(models) != 1:
        return ""
    allowed = list(models[0].model_fields)
    close = difflib.get_close_matches(str(location[-1]), allowed, n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    return f"; allowed keys here: {', '.join(allowed)}{hint}"


def _tag_message(model: type[BaseModel], location: tuple, discriminator: str,
                 given: str | None) -> str:
    """A tagged list item (``[[timeline]]``) whose tag is missing or names nothing."""
    _, union = _walk(model, location)
    tags = [tag for m in _alternatives(union) if _is_model(m)
            for tag in _literals(m.model_fields.get(discriminator))]
    problem = f"unknown {discriminator} {given!r}" if given else f"missing '{discriminator}'"
    return problem + (f"; allowed {discriminator}s: {', '.join(tags)}" if tags else "")


# --- walking the model along an error's location ----------------------------------------
def _walk(model: type[BaseModel], location: tuple) -> tuple[list, Any]:
    """The parts of ``location`` that are keys in the file, and the annotation found at
    its end (None once the walk loses its way; the remaining parts are kept as keys).

    Pydantic puts a tagged union's tag in the location (``timeline, 0,
    set_marginal_emergency_rate, date``) though the file never writes it as a key.
    """
    annotation, keys = model, []
    for part in location:
        if annotation is not None:
            annotation, is_tag = _step(annotation, part)
            if is_tag:
                continue
        keys.append(part)
    return keys, annotation


def _step(annotation: Any, part: str | int) -> tuple[Any, bool]:
    """Where one part of a location leads: (the annotation there, whether it was a tag)."""
    alternatives = _alternatives(annotation)
    if len(alternatives) > 1:
        tagged = [m for m in alternatives if _is_model(m) and part in _tags(m)]
        return (tagged[0], True) if len(tagged) == 1 else (None, False)
    (only,) = alternatives
    origin = get_origin(only)
    if origin in (list, tuple) and isinstance(part, int):
        return get_args(only)[0], False
    if origin is dict:
        return get_args(only)[1], False
    if _is_model(only) and part in only.model_fields:
        return only.model_fields[part].annotation, False
    return None, False


def _alternatives(annotation: Any) -> tuple:
    """The types an annotation allows: ``Annotated`` unwrapped, ``None`` left out."""
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    if get_origin(annotation) in (Union, UnionType):
        return tuple(a for a in get_args(annotation) if a is not type(None))
    return (annotation,)


def _tags(model: type[BaseModel]) -> set:
    """The literal values a model's fields take: its tag in a tagged union."""
    return {value for field in model.model_fields.values() for value in _literals(field)}


def _literals(field) -> tuple:
    annotation = getattr(field, "annotation", None)
    return get_args(annotation) if get_origin(annotation) is Literal else ()


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)
