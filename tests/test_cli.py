"""The ``rtnews`` entry point: command listing, per-command help, dispatch, exit status."""

from __future__ import annotations

import subprocess
import sys

import pytest

from rtnews import cli
from tests.crawling import ROOT, env


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.main(["--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    for name in cli.COMMANDS:
        assert name in out


@pytest.mark.parametrize("name", sorted(cli.COMMANDS))
def test_each_command_has_help(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.main([name, "--help"])
    assert exit_.value.code == 0
    assert f"rtnews {name}" in capsys.readouterr().out


def test_unknown_command_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.main(["no-such-command"])
    assert exit_.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_dispatch_returns_the_command_status() -> None:
    # schedule against a closed port fails with status 1 (and says why on stderr)
    result = subprocess.run(
        [sys.executable, "-m", "rtnews", "schedule"], cwd=ROOT, capture_output=True, text=True,
        env={**env(), "SCRAPYD_URL": "http://127.0.0.1:9/"}, timeout=60)
    assert result.returncode == 1
    assert "127.0.0.1:9" in result.stderr
