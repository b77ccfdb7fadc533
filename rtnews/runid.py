"""The id of one crawl run: unique, sortable by start time, shared by every component.

Every file a run writes (dataset files, report, archive) is named after it, so any
number of crawls in one data directory never share a file. ``run_id(crawler)`` gives
the same id to every component of one crawl (it is created on first use).
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from typing import Any

ATTRIBUTE = "_rtnews_run_id"


def new_run_id(now: datetime | None = None) -> str:
    """``<UTC start time>_<6 random hex digits>``: sorts by start time, unique per run.

    >>> len(new_run_id(datetime(2026, 5, 26, 4, 15, tzinfo=UTC)))
    26
    >>> new_run_id(datetime(2026, 5, 26, 4, 15, tzinfo=UTC))[:20]
    '2026-05-26T04-15-00_'
    """
    now = (now or datetime.now(UTC)).astimezone(UTC)
    return f"{now:%Y-%m-%dT%H-%M-%S}_{secrets.token_hex(3)}"


def run_id(crawler: Any) -> str:
    """The id of ``crawler``'s run (created on first call, then the same for every caller)."""
    found = getattr(crawler, ATTRIBUTE, None)
    if found is None:
        found = new_run_id()
        setattr(crawler, ATTRIBUTE, found)
    return str(found)
