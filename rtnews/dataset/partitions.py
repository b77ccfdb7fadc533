"""Parquet files of the release: month partitions, fixed writer settings, atomic replacement.

Articles and revisions are sharded by the UTC month of ``published_at`` into Hive-style
folders ``articles/year=2026/month=05/articles-2026-05.parquet`` that pandas, DuckDB,
polars and Hugging Face ``datasets`` read as one table; articles without a publication
date go to ``year=0000/month=00``. Every file is written with the same settings
(``WRITER``: zstd level 3, dictionary encoding, statistics, row groups of ``ROW_GROUP``
rows, no page index, the Arrow schema stored) and pyarrow writes no time or host into a
file, so the same rows always give the same bytes with the same pyarrow version; the
version is part of the build's format key, so a new pyarrow rewrites every file once.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

UNDATED = "0000-00"
ROW_GROUP = 2000
WRITER: dict[str, Any] = {
    "version": "2.6",
    "compression": "zstd",
    "compression_level": 3,
    "use_dictionary": True,
    "write_statistics": True,
    "data_page_version": "1.0",
    "write_page_index": False,
    "write_page_checksum": False,
    "store_schema": True,
}


def month_of(published: datetime | None) -> str:
    """``YYYY-MM`` of a UTC time, ``0000-00`` for none.

    >>> from datetime import UTC
    >>> month_of(datetime(2026, 5, 31, 23, 0, tzinfo=UTC)), month_of(None)
    ('2026-05', '0000-00')
    """
    return published.strftime("%Y-%m") if published else UNDATED


def partition_path(table: str, month: str) -> str:
    """
    >>> partition_path("articles", "2026-05")
    'articles/year=2026/month=05/articles-2026-05.parquet'
    """
    year, mm = month.split("-")
    return f"{table}/year={year}/month={mm}/{table}-{month}.parquet"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def write_parquet(target: Path, schema: pa.Schema, rows: Iterable[dict[str, Any]]) -> int:
    """Write the rows in batches of ``ROW_GROUP`` (one row group each) to ``target``,
    atomically; returns the number of rows."""
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_name(target.name + ".part")
    count = 0
    with pq.ParquetWriter(part, schema, **WRITER) as writer:
        batch: list[dict[str, Any]] = []
        for row in rows:
            batch.append(row)
            if len(batch) == ROW_GROUP:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema), row_group_size=ROW_GROUP)
                count += len(batch)
                batch = []
        if batch or not count:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema), row_group_size=ROW_GROUP)
            count += len(batch)
    os.replace(part, target)
    return count


def writer_format() -> str:
    """What, besides the rows, decides a Parquet file's bytes."""
    settings = ",".join(f"{k}={v}" for k, v in sorted(WRITER.items()))
    return f"pyarrow={pa.__version__};row_group={ROW_GROUP};{settings}"


def remove_empty_dirs(root: Path) -> None:
    if not root.is_dir():
        return
    for folder in sorted((p for p in root.rglob("*") if p.is_dir()), key=lambda p: -len(p.parts)):
        if not any(folder.iterdir()):
            folder.rmdir()
