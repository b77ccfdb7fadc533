"""``rtnews check``: the morning check of the daily crawl, one line and an exit status.

    rtnews check [--data-dir DIR] [--state FILE] [--max-age HOURS]

It reads the runs the state file keeps (``runs`` table: each run's outcome, written by
the run report) and the ``report_<run id>.json`` files of the data directory (which
also cover runs that never touched the state: a bad argument, another crawl running,
an unusable state file), takes the newest run by its start time, and prints a verdict:

    OK: run 2026-05-26T04-15-00_3fa9c1 finished 2026-05-26T04:31:02+00:00 (3.2 h ago): 412 articles exported
    FAILED: run … : checks failed: body_coverage=0.41 (threshold 0.95)
    STALE: no run finished in the last 26 h (newest finished …)

Exit status: 0 when the newest run succeeded and finished within ``--max-age`` hours
(default 26); 1 when it failed (or was killed); 3 when no run finished within
``--max-age`` hours, or none is on record. A run skipped because another crawl held
the state (``already_running``) is passed over for the run before it; a run still
going (its lock is held by a live process) is named in the line.
"""

from __future__ import annotations

import argparse
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from rtnews.lock import lock_path
from rtnews.state import RUN_OPEN, RUN_SET_ASIDE, SqliteSeenStore, StateError

OK, FAILED, STALE = 0, 1, 3
DEFAULT_MAX_AGE = 26.0


@dataclass(frozen=True, slots=True)
class Run:
    """What the check knows of one run."""

    run_id: str
    started_at: str = ""
    finished_at: str = ""
    status: str = ""
    """``ok``, ``failed``, ``skipped``; "" when the run has no outcome (running or killed)."""
    reason: str = ""
    articles: int | None = None
    state: str = ""
    """The runs table's state (``open``, ``closed``, ``repaired``, ``set_aside``), "" if absent."""


def parse_time(value: str) -> datetime | None:
    """
    >>> parse_time("2026-05-26T04:31:02+00:00").hour, parse_time("") is None
    (4, True)
    """
    try:
        parsed = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def runs_from_reports(data_dir: Path) -> dict[str, Run]:
    runs = {}
    for path in sorted(data_dir.glob("report_*.json")):
        try:
            report = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        run_id = str(report.get("run_id") or path.stem.removeprefix("report_"))
        articles = report.get("articles", {}).get("exported")
        runs[run_id] = Run(run_id, str(report.get("started_at") or ""),
                           str(report.get("finished_at") or ""), str(report.get("status") or ""),
                           str(report.get("reason") or report.get("finish_reason") or ""),
                           articles if isinstance(articles, int) else None)
    return runs


def runs_from_state(path: Path) -> dict[str, Run]:
    if not path.exists():
        return {}
    store = SqliteSeenStore(path, readonly=True)
    try:
        return {r.run_id: Run(r.run_id, r.started_at or "", r.finished_at or "", r.status or "",
                              r.reason or "", r.articles, r.state) for r in store.runs()}
    finally:
        store.close()


def merged(state: Mapping[str, Run], reports: Mapping[str, Run]) -> list[Run]:
    """Every run, oldest first; a report fills in what the state lacks."""
    runs = dict(reports)
    for run_id, run in state.items():
        report = reports.get(run_id)
        runs[run_id] = run if report is None else replace(
            report, state=run.state, status=run.status or report.status,
            finished_at=run.finished_at or report.finished_at, reason=run.reason or report.reason)
    return [runs[k] for k in sorted(runs)]  # run ids sort by start time


def hours_since(value: str, now: datetime) -> float | None:
    when = parse_time(value)
    return None if when is None else (now - when).total_seconds() / 3600


def crawl_running(state: Path) -> bool:
    """Whether a live process holds the state's lock (its pid is in the lock file)."""
    try:
        pid = int(lock_path(state).read_text(encoding="ascii").strip())
        os.kill(pid, 0)
    except (OSError, ValueError):
        return False
    return True


def describe(run: Run, now: datetime) -> str:
    age = hours_since(run.finished_at, now)
    when = f"finished {run.finished_at} ({age:.1f} h ago)" if age is not None else "never finished"
    count = f": {run.articles} articles exported" if run.articles is not None else ""
    return f"run {run.run_id} {when}{count}"


def verdict(runs: list[Run], now: datetime, max_age: float, running: bool = False) -> tuple[int, str]:
    """(exit status, one line) for the runs on record, oldest first."""
    crawled = [r for r in runs if r.status != "skipped"]
    if not crawled:
        return STALE, "STALE: no run on record" + (" (all skipped)" if runs else "")
    newest = crawled[-1]
    note = ""
    if running and newest.state == RUN_OPEN and not newest.status:
        note = f"; run {newest.run_id} is running since {newest.started_at or '?'}"
        crawled = crawled[:-1]
        if not crawled:
            return STALE, f"STALE: no run finished yet{note}"
        newest = crawled[-1]
    if not newest.status:
        left = "set aside by a later run" if newest.state == RUN_SET_ASIDE else "killed or crashed"
        return FAILED, f"FAILED: run {newest.run_id} ended without a report ({left}){note}"
    age = hours_since(newest.finished_at, now)
    if age is None or age > max_age:
        return STALE, (f"STALE: no run finished in the last {max_age:g} h"
                       f" (newest: {describe(newest, now)}, {newest.status}){note}")
    if newest.status != "ok":
        return FAILED, f"FAILED: {describe(newest, now)}: {newest.reason}{note}"
    skipped = [r for r in runs if r.status == "skipped" and r.run_id > newest.run_id]
    if skipped:
        note += f"; {len(skipped)} later run(s) skipped: another crawl was running"
    return OK, f"OK: {describe(newest, now)}{note}"


def configure(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``rtnews check``."""
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="the crawl's data directory (default: $RTNEWS_DATA_DIR or data)")
    parser.add_argument("--state", type=Path, default=None,
                        help="the state file (default: $RTNEWS_STATE or <data dir>/state.sqlite)")
    parser.add_argument("--max-age", type=float, default=DEFAULT_MAX_AGE, metavar="HOURS",
                        help=f"a run must have finished within this many hours (default {DEFAULT_MAX_AGE:g})")
    parser.set_defaults(func=lambda args: run(args, os.environ))


def run(args: argparse.Namespace, env: Mapping[str, str], now: datetime | None = None) -> int:
    data_dir = (args.data_dir or Path(env.get("RTNEWS_DATA_DIR") or "data")).expanduser().resolve()
    state = (args.state or Path(env.get("RTNEWS_STATE") or data_dir / "state.sqlite")).expanduser().resolve()
    try:
        from_state = runs_from_state(state)
    except StateError as exc:
        print(f"FAILED: {exc}")
        return FAILED
    code, line = verdict(merged(from_state, runs_from_reports(data_dir)), now or datetime.now(UTC),
                         args.max_age, crawl_running(state))
    print(line)
    return code
