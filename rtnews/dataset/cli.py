"""``rtnews dataset``: build a consolidated release from the crawl runs, or verify one."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

DEFAULT_DATA = "data"


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="{build,verify}")
    build = sub.add_parser(
        "build", help="build or update a release from every run's JSON Lines",
        description="Read every articles_*.jsonl and stories_*.jsonl of the data directories and "
                    "write (or bring up to date) one release: Parquet partitions by month, stories, "
                    "a dataset card (README.md), croissant.json and a MANIFEST. Only the partitions "
                    "whose rows changed are written again.")
    build.add_argument("--out", required=True, type=Path, help="release directory (created if missing)")
    build.add_argument("--data", action="append", type=Path, metavar="DIR",
                       help=f"a data directory of crawl runs; repeat for several (default: {DEFAULT_DATA})")
    build.add_argument("--csv", action="store_true",
                       help="also write CSV copies for spreadsheets (UTF-8 with BOM, formula-safe cells)")
    build.set_defaults(func=run_build)
    verify = sub.add_parser(
        "verify", help="check every file of a release against its MANIFEST",
        description="Re-read every file the MANIFEST lists and compare size and SHA-256; exit 1 "
                    "naming each missing, changed or unlisted file.")
    verify.add_argument("release", type=Path, metavar="DIR", help="release directory")
    verify.set_defaults(func=run_verify)


def run_build(args: argparse.Namespace) -> int:
    from rtnews.dataset.build import BuildError, ReleaseBuilder

    data_dirs = args.data or [Path(DEFAULT_DATA)]
    builder = ReleaseBuilder(args.out, data_dirs, with_csv=args.csv)
    try:
        summary = builder.build()
    except BuildError as error:
        print(f"rtnews dataset build: {error}", file=sys.stderr)
        return 1
    for line in summary.lines():
        print(line)
    print(f"release written to {args.out}")
    return 0


def run_verify(args: argparse.Namespace) -> int:
    from rtnews.dataset.manifest import verify

    problems, checked = verify(args.release)
    for problem in problems:
        print(f"rtnews dataset verify: {problem}", file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) in {args.release}", file=sys.stderr)
        return 1
    print(f"{checked} files match the MANIFEST of {args.release}")
    return 0
