"""The release's Arrow schema, derived from the item dataclasses, and records checked against it.

Nothing here names an item field except through a rule, so a field added to
``rtnews.items`` flows into the release as it is:

- ``str`` → string, ``int`` → int64, ``list[X]`` → list of X, a dataclass (``Image``)
  → struct of its fields, ``X | None`` → X, nullable;
- a ``str`` field whose name ends in ``_at`` (``published_at``, ``crawled_at``,
  ``first_seen_at`` …) is a time: ISO 8601 with an offset in the JSON Lines,
  ``timestamp[us, tz=UTC]`` in the release;
- a field is nullable when its hint allows None or when it has a default: fields with a
  default are the ones added after the first exports (``items.py`` adds fields at the end,
  with defaults), so older JSON Lines lack them and get nulls there.

``RecordConverter`` turns one JSON Lines record (a dict) into a row of Python values for
``pyarrow.Table.from_pylist``; a record that does not fit raises ``RecordError`` with a
short reason. Numbers in string fields become their decimal text (ids and hashes are
strings); anything else of the wrong type is an error, never guessed at.
"""

from __future__ import annotations

import ast
import dataclasses
import inspect
import sys
import types
import typing
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pyarrow as pa

TIME_SUFFIX = "_at"
TIMESTAMP = pa.timestamp("us", tz="UTC")
SCALARS: dict[type, pa.DataType] = {str: pa.string(), int: pa.int64(), float: pa.float64(),
                                    bool: pa.bool_()}


class RecordError(ValueError):
    """A record that does not fit the schema; the message is the reason (``published_at: not a time``)."""


def optional_base(hint: Any) -> tuple[Any, bool]:
    """``(X, True)`` for ``X | None``, else ``(hint, False)``."""
    if typing.get_origin(hint) in (types.UnionType, typing.Union):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(args) == 1 and len(typing.get_args(hint)) == 2:
            return args[0], True
    return hint, False


def is_time_field(name: str, base: Any) -> bool:
    """
    >>> is_time_field("published_at", str), is_time_field("published_at_raw", str)
    (True, False)
    """
    return base is str and name.endswith(TIME_SUFFIX)


def arrow_type(hint: Any, name: str = "") -> pa.DataType:
    """The Arrow type of a field's type hint.

    >>> arrow_type(list[str])
    ListType(list<item: string>)
    >>> arrow_type(str | None, "modified_at")
    TimestampType(timestamp[us, tz=UTC])
    """
    base, _ = optional_base(hint)
    if is_time_field(name, base):
        return TIMESTAMP
    if base in SCALARS:
        return SCALARS[base]
    if typing.get_origin(base) is list:
        return pa.list_(arrow_type(typing.get_args(base)[0]))
    if dataclasses.is_dataclass(base):
        return pa.struct(list(item_schema(base)))  # type: ignore[arg-type]
    raise TypeError(f"no Arrow type for {name or '?'}: {hint!r}")


def is_nullable(field: dataclasses.Field[Any], hint: Any) -> bool:
    has_default = (field.default is not dataclasses.MISSING
                   or field.default_factory is not dataclasses.MISSING)
    return optional_base(hint)[1] or has_default


def item_schema(item_class: type) -> pa.Schema:
    """The Arrow schema of a dataclass item, fields in dataclass order."""
    hints = typing.get_type_hints(item_class)
    return pa.schema([pa.field(f.name, arrow_type(hints[f.name], f.name),
                               nullable=is_nullable(f, hints[f.name]))
                      for f in dataclasses.fields(item_class)])


def field_docs(item_class: type) -> dict[str, str]:
    """The attribute docstring under each field of a dataclass, read from its module's source."""
    tree = ast.parse(inspect.getsource(sys.modules[item_class.__module__]))
    node = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == item_class.__name__)
    docs: dict[str, str] = {}
    for statement, following in zip(node.body, [*node.body[1:], None], strict=True):
        if (isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name)
                and isinstance(following, ast.Expr) and isinstance(following.value, ast.Constant)
                and isinstance(following.value.value, str)):
            docs[statement.target.id] = " ".join(inspect.cleandoc(following.value.value).split())
    return docs


# --- values ------------------------------------------------------------------------------------


def parse_time(value: str) -> datetime:
    """An ISO 8601 time with offset, in UTC.

    >>> parse_time("2026-03-14T10:22:00+03:00").isoformat()
    '2026-03-14T07:22:00+00:00'
    """
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise RecordError("not an ISO 8601 time") from None
    if parsed.tzinfo is None:
        raise RecordError("time without UTC offset")
    return parsed.astimezone(UTC)


Convert = Callable[[Any], Any]


def scalar_converter(arrow: pa.DataType) -> Convert:
    def to_str(value: Any) -> str:
        if isinstance(value, str):
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        raise RecordError(f"{type(value).__name__} where text was expected")

    def to_int(value: Any) -> int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lstrip("-").isdigit():
            return int(value)
        raise RecordError(f"{type(value).__name__} where an integer was expected")

    def to_time(value: Any) -> datetime | None:
        if not isinstance(value, str):
            raise RecordError(f"{type(value).__name__} where a time was expected")
        return parse_time(value) if value else None

    def to_other(value: Any) -> Any:
        return value

    if pa.types.is_timestamp(arrow):
        return to_time
    if pa.types.is_string(arrow):
        return to_str
    if pa.types.is_integer(arrow):
        return to_int
    return to_other


def converter(arrow: pa.DataType) -> Convert:
    if pa.types.is_list(arrow):
        item = converter(arrow.value_type)
        text = pa.types.is_string(arrow.value_type)

        def to_list(value: Any) -> list[Any]:
            if not isinstance(value, list):
                raise RecordError(f"{type(value).__name__} where a list was expected")
            if text and all(type(v) is str for v in value):
                return value  # the common case, without a call per item
            return [item(v) for v in value]
        return to_list
    if pa.types.is_struct(arrow):
        return StructConverter(pa.schema(list(arrow))).convert
    return scalar_converter(arrow)


class StructConverter:
    """Checks and converts a dict field by field (missing or null: None where nullable)."""

    def __init__(self, schema: pa.Schema) -> None:
        self.fields = [(f.name, f.nullable, converter(f.type)) for f in schema]

    def convert(self, record: Any) -> dict[str, Any]:
        if not isinstance(record, dict):
            raise RecordError(f"{type(record).__name__} where an object was expected")
        row = {}
        for name, nullable, convert in self.fields:
            value = record.get(name)
            try:
                row[name] = None if value is None else convert(value)
            except RecordError as error:
                raise RecordError(f"{name}: {error}") from None
            if row[name] is None and not nullable:
                raise RecordError(f"{name}: missing" if name not in record else f"{name}: null")
        return row


class RecordConverter(StructConverter):
    """``convert(record)`` → a row of the item's schema; ``unknown(record)`` → keys it does not know."""

    def __init__(self, item_class: type) -> None:
        self.schema = item_schema(item_class)
        super().__init__(self.schema)
        self.names = frozenset(self.schema.names)

    def unknown(self, record: dict[str, Any]) -> list[str]:
        return sorted(k for k in record if k not in self.names)


def filled(row: dict[str, Any], names: list[str]) -> int:
    """Bit i set when field ``names[i]`` holds a non-empty value."""
    mask = 0
    for i, name in enumerate(names):
        if row.get(name) not in (None, "", []):
            mask |= 1 << i
    return mask
