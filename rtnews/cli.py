"""The ``rtnews`` command: every project command besides ``scrapy crawl``, one entry point.

    rtnews <command> [options]        (also: python -m rtnews <command>)
    rtnews <command> --help

Each command lives in a module of its own that exposes ``configure(parser)``: it adds
its arguments (or sub-commands) to an ``argparse`` parser and sets ``func``, a callable
taking the parsed namespace and returning the exit status. The modules are imported
only when their command runs, so ``rtnews --help`` stays fast and a command's heavy
dependencies (pyarrow, warcio …) are not loaded by the others.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Command:
    module: str
    """Module with ``configure(parser)``."""
    summary: str
    """One line for ``rtnews --help``."""


# Add new commands here: name -> (module, one-line summary). Keep the names sorted.
COMMANDS: dict[str, Command] = {
    "canary": Command("rtnews.canary", "check that the live site still extracts as expected (drift canary)"),
    "capture": Command("rtnews.capture", "fetch pages into small WARC files with sidecars: test cases"),
    "check": Command("rtnews.runcheck", "the morning check: did the newest crawl run succeed, and recently?"),
    "dataset": Command("rtnews.dataset.cli", "build the dataset release from the runs, or verify one"),
    "reextract": Command("rtnews.reextract", "extract archived WARC pages again into a new run (offline)"),
    "schedule": Command("rtnews.schedule", "start one rt_arabic job on a scrapyd server (for cron)"),
}


def top_parser() -> argparse.ArgumentParser:
    listing = "\n".join(f"  {name:<12} {cmd.summary}" for name, cmd in sorted(COMMANDS.items()))
    parser = argparse.ArgumentParser(
        prog="rtnews",
        description="Commands of the rtnews project (the crawl itself is `scrapy crawl rt_arabic`).",
        epilog=f"commands:\n{listing}\n\n`rtnews <command> --help` describes each one.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("command", choices=sorted(COMMANDS), metavar="command",
                        help="one of: " + ", ".join(sorted(COMMANDS)))
    parser.add_argument("args", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    return parser


def command_parser(name: str) -> argparse.ArgumentParser:
    """The parser of one command, configured by its module."""
    command = COMMANDS[name]
    module = importlib.import_module(command.module)
    parser = argparse.ArgumentParser(prog=f"rtnews {name}", description=command.summary)
    module.configure(parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    chosen = top_parser().parse_args(argv[:1])
    parser = command_parser(chosen.command)
    args = parser.parse_args(argv[1:])
    func = getattr(args, "func", None)
    if func is None:  # a command group called without its sub-command
        parser.print_help(sys.stderr)
        return 2
    return int(func(args) or 0)
