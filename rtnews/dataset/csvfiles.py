"""CSV copies of the release for spreadsheet users (``rtnews dataset build --csv``).

``csv/articles-YYYY-MM.csv`` (one file per month partition) and ``csv/stories.csv``:
UTF-8 with a byte order mark, so Excel opens the Arabic text correctly; CRLF line
ends; the columns of the Parquet tables in the same order; lists and images as JSON
text (Arabic unescaped); times as ISO 8601 in UTC; nulls as empty cells. A text cell
that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading
apostrophe (``'``) so that no spreadsheet runs it as a formula: such cells differ from
the Parquet data by that first character. The Parquet files are the dataset; the CSV
files are a convenience.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_path(table: str, month: str | None = None) -> str:
    return f"csv/{table}-{month}.csv" if month else f"csv/{table}.csv"


def cell(value: Any) -> str:
    """A value as a spreadsheet-safe CSV cell.

    >>> cell(None), cell(3), cell(["أ", "ب"]), cell("=1+1"), cell("-5 درجات")
    ('', '3', '["أ", "ب"]', "'=1+1", "'-5 درجات")
    """
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_STARTS) else value
    return str(value)


def write_csv(target: Path, columns: list[str], rows: Iterable[dict[str, Any]]) -> int:
    """Write the rows (atomically); returns their number."""
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_name(target.name + ".part")
    count = 0
    with open(part, "w", encoding="utf-8", newline="") as f:
        f.write(BOM)
        writer = csv.writer(f, lineterminator="\r\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([cell(row[name]) for name in columns])
            count += 1
    os.replace(part, target)
    return count
