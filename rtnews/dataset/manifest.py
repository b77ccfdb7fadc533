"""The release's MANIFEST: every file with its rows, bytes and SHA-256, and its check.

``MANIFEST`` is a tab-separated text file, one line per file of the release (sorted by
path, ``/`` separators), after two comment lines::

    # rtnews dataset release: every file with its rows, bytes and SHA-256 …
    # path<TAB>rows<TAB>bytes<TAB>sha256
    articles/year=2026/month=05/articles-2026-05.parquet<TAB>1234<TAB>5678901<TAB>9f86d0…

``rows`` is the number of records (Parquet rows, CSV data lines) or ``-`` for the card
and ``croissant.json``. ``verify`` re-reads every listed file and reports each one that
is missing, has another size or hash, and every file of the release the MANIFEST does not
list (the build index in ``.build/`` excepted).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rtnews.dataset.partitions import sha256_of

NAME = "MANIFEST"
BUILD_DIR = ".build"
HEADER = ("# rtnews dataset release: every file with its rows, bytes and SHA-256; "
          "check with `rtnews dataset verify <dir>`.\n# path\trows\tbytes\tsha256\n")


@dataclass(frozen=True, slots=True)
class Entry:
    path: str
    rows: int | None
    bytes: int
    sha256: str

    def line(self) -> str:
        rows = "-" if self.rows is None else str(self.rows)
        return f"{self.path}\t{rows}\t{self.bytes}\t{self.sha256}\n"


def entry_for(release: Path, path: str, rows: int | None) -> Entry:
    file = release / path
    return Entry(path, rows, file.stat().st_size, sha256_of(file))


def write_manifest(release: Path, entries: list[Entry]) -> None:
    text = HEADER + "".join(e.line() for e in sorted(entries, key=lambda e: e.path))
    (release / NAME).write_text(text, encoding="utf-8", newline="\n")


def read_manifest(release: Path) -> list[Entry]:
    entries = []
    for number, line in enumerate((release / NAME).read_text(encoding="utf-8").splitlines(), 1):
        if not line or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 4 or not parts[2].isdigit():
            raise ValueError(f"{NAME} line {number} is malformed: {line!r}")
        entries.append(Entry(parts[0], None if parts[1] == "-" else int(parts[1]), int(parts[2]), parts[3]))
    return entries


def release_files(release: Path) -> list[str]:
    """Every file of the release but the MANIFEST and the build index."""
    return sorted(p.relative_to(release).as_posix() for p in release.rglob("*")
                  if p.is_file() and p.name != NAME
                  and p.relative_to(release).parts[0] != BUILD_DIR)


def verify(release: Path) -> tuple[list[str], int]:
    """Problems found (one line each, naming the file) and the number of files checked."""
    if not (release / NAME).is_file():
        return [f"{release / NAME}: no MANIFEST (not a release built by `rtnews dataset build`?)"], 0
    try:
        entries = read_manifest(release)
    except (OSError, ValueError) as error:
        return [str(error)], 0
    problems = []
    for entry in entries:
        file = release / entry.path
        if not file.is_file():
            problems.append(f"{entry.path}: missing")
        elif file.stat().st_size != entry.bytes:
            size = file.stat().st_size
            problems.append(f"{entry.path}: changed ({size} bytes, MANIFEST says {entry.bytes})")
        elif sha256_of(file) != entry.sha256:
            problems.append(f"{entry.path}: changed (SHA-256 differs from the MANIFEST)")
    listed = {e.path for e in entries}
    problems += [f"{path}: not in the MANIFEST" for path in release_files(release) if path not in listed]
    return problems, len(entries)
