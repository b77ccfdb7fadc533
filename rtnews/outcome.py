"""How a crawl ended: its status, a one-line reason and the exit status of ``scrapy crawl``.

Every crawl ends with a Scrapy finish reason (``finished``, ``shutdown`` …, or one of
the project's: ``bad_argument``, ``already_running``, ``state_error``,
``output_error``, ``failed_checks``). ``outcome()`` turns it into what cron, scrapyd
and ``rtnews check`` need:

==== ==================== =========================================================
code status               finish reason
==== ==================== =========================================================
0    ``ok``               ``finished`` (checks passed), or a ``CLOSESPIDER_*`` limit
1    ``failed``           anything else unexpected (Scrapy could not start the crawl)
2    —                    a wrong ``scrapy`` command line (Scrapy's own usage error)
3    ``failed``           ``bad_argument``: a spider argument (or ``sections`` value)
4    ``failed``           ``start_error``: the spider's start failed
5    ``failed``           ``state_error``: the state file is unusable or not writable
6    ``failed``           ``output_error``: the data directory cannot be written
7    ``failed``           ``failed_checks``: the run report's checks failed
8    ``failed``           ``shutdown`` / ``cancelled``: stopped before the end
75   ``skipped``          ``already_running``: another crawl holds the state's lock
==== ==================== =========================================================

Components say why a run failed with ``note(crawler, text)``; the first note becomes
the run's reason. A component that finds, when the spider opens, that the run cannot
start calls ``stop(crawler, reason, text)``; ``rtnews.startgate`` then closes the crawl
before its first request, through Scrapy's normal closing path.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

OK, FAILED, SKIPPED = "ok", "failed", "skipped"
EXIT_ERROR = 1
EXIT_CODES = {
    "finished": 0,
    "closespider_itemcount": 0,
    "closespider_pagecount": 0,
    "closespider_timeout": 0,
    "bad_argument": 3,
    "start_error": 4,
    "state_error": 5,
    "output_error": 6,
    "failed_checks": 7,
    "shutdown": 8,
    "cancelled": 8,
    "already_running": 75,  # EX_TEMPFAIL: skipped, try again later
}
# Runs that ended before crawling anything: no checks, no dataset files.
NOT_STARTED = frozenset({"bad_argument", "already_running", "state_error", "output_error"})
ATTRIBUTE = "_rtnews_notes"
STOP_ATTRIBUTE = "_rtnews_stop"


@dataclass(frozen=True, slots=True)
class Outcome:
    status: str
    """``ok``, ``failed`` or ``skipped``."""
    finish_reason: str
    reason: str
    """One line: ``finished``, or why the run failed or was skipped."""
    exit_code: int


def exit_code(finish_reason: str) -> int:
    """
    >>> exit_code("finished"), exit_code("failed_checks"), exit_code("already_running")
    (0, 7, 75)
    >>> exit_code("closespider_errorcount")
    1
    """
    return EXIT_CODES.get(finish_reason, EXIT_ERROR)


def outcome(finish_reason: str, notes: list[str] | None = None) -> Outcome:
    """The outcome of a crawl that ended with ``finish_reason``.

    >>> outcome("finished")
    Outcome(status='ok', finish_reason='finished', reason='finished', exit_code=0)
    >>> outcome("state_error", ["State file x is empty"]).reason
    'State file x is empty'
    >>> outcome("already_running").status
    'skipped'
    """
    code = exit_code(finish_reason)
    status = OK if code == 0 else SKIPPED if code == 75 else FAILED
    reason = finish_reason if code == 0 or not notes else notes[0]
    return Outcome(status, finish_reason, reason, code)


def note(crawler: Any, text: str) -> None:
    """Say why this crawl is failing (the first note is the run's reason)."""
    notes = getattr(crawler, ATTRIBUTE, None)
    if notes is None:
        notes = []
        setattr(crawler, ATTRIBUTE, notes)
    notes.append(" ".join(text.split()))


def notes(crawler: Any) -> list[str]:
    return list(getattr(crawler, ATTRIBUTE, None) or [])


def stop(crawler: Any, reason: str, text: str) -> None:
    """Ask for this crawl to close before its first request, with ``reason`` (the first ask wins)."""
    note(crawler, text)
    if getattr(crawler, STOP_ATTRIBUTE, None) is None:
        setattr(crawler, STOP_ATTRIBUTE, reason)


def stop_reason(crawler: Any) -> str | None:
    """The finish reason a component asked for before the crawl started, if any."""
    return getattr(crawler, STOP_ATTRIBUTE, None)
