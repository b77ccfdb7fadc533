"""Shared fixtures: the replica server on a free 127.0.0.1 port, and paths."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from rtnews.replica.server import base_url, make_server

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def replica_url() -> Iterator[str]:
    """Base URL of the bundled replica, served in a thread for the whole session."""
    server, _ = make_server(0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base_url(server)
    server.shutdown()
    server.server_close()
