"""``rtnews check``: the newest run (not the newest report file) decides, within a maximum age."""

from __future__ import annotations

import argparse
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from rtnews.runcheck import FAILED, OK, STALE, Run, merged, run, runs_from_reports, verdict
from rtnews.state import RunOutcome, SqliteSeenStore

NOW = datetime(2026, 5, 26, 9, 0, tzinfo=UTC)


def finished(run_id: str, status: str = "ok", at: str = "2026-05-26T04:30:00+00:00",
             reason: str = "finished", state: str = "closed") -> Run:
    return Run(run_id, run_id, at, status, reason, 12, state)


@pytest.mark.parametrize(("runs", "code", "start"), [
    ([finished("2026-05-26T04-15-00_a")], OK, "OK: run 2026-05-26T04-15-00_a finished"),
    ([finished("2026-05-25T04-15-00_a"), finished("2026-05-26T04-15-00_b", "failed", reason="disk full")],
     FAILED, "FAILED: run 2026-05-26T04-15-00_b"),
    ([finished("2026-05-26T04-15-00_a", at="2026-05-24T04:30:00+00:00")], STALE,
     "STALE: no run finished in the last 26 h"),
    ([], STALE, "STALE: no run on record"),
    ([finished("2026-05-25T04-15-00_a"), Run("2026-05-26T04-15-00_b", state="open")], FAILED,
     "FAILED: run 2026-05-26T04-15-00_b ended without a report (killed or crashed)"),
])
def test_verdicts(runs: list[Run], code: int, start: str) -> None:
    got_code, line = verdict(runs, NOW, 26)
    assert (got_code, line[:len(start)]) == (code, start), line
    assert "\n" not in line


def test_the_newest_run_decides_not_the_newest_report_file() -> None:
    older_ok = finished("2026-05-25T04-15-00_a", at="2026-05-26T08:00:00+00:00")  # finished late
    newer_failed = finished("2026-05-26T04-15-00_b", "failed", at="2026-05-26T04:20:00+00:00",
                            reason="checks failed: body_coverage=0.4 (threshold 0.95)")
    code, line = verdict([older_ok, newer_failed], NOW, 26)
    assert code == FAILED and "body_coverage" in line


def test_a_skipped_run_is_passed_over_but_named() -> None:
    runs = [finished("2026-05-26T04-15-00_a"), Run("2026-05-26T05-15-00_b", status="skipped")]
    code, line = verdict(runs, NOW, 26)
    assert code == OK and "skipped" in line


def test_a_running_crawl_is_named_and_the_one_before_decides() -> None:
    runs = [finished("2026-05-25T04-15-00_a", at="2026-05-25T05:00:00+00:00"),
            Run("2026-05-26T04-15-00_b", started_at="2026-05-26T04:15:00+00:00", state="open")]
    code, line = verdict(runs, NOW, 26, running=True)
    assert code == STALE and "is running since 2026-05-26T04:15:00+00:00" in line


def test_reports_fill_in_runs_the_state_never_saw(tmp_path: Path) -> None:
    (tmp_path / "report_2026-05-26T04-15-00_b.json").write_text(json.dumps(
        {"run_id": "2026-05-26T04-15-00_b", "status": "failed", "reason": "bad spider argument x",
         "finished_at": "2026-05-26T04:15:01+00:00", "articles": {"exported": 0}}), encoding="utf-8")
    (tmp_path / "report_broken.json").write_text("{", encoding="utf-8")
    reports = runs_from_reports(tmp_path)
    runs = merged({"2026-05-25T04-15-00_a": finished("2026-05-25T04-15-00_a")}, reports)
    assert [r.run_id for r in runs] == ["2026-05-25T04-15-00_a", "2026-05-26T04-15-00_b"]
    assert verdict(runs, NOW, 26)[0] == FAILED


def args(data: Path, max_age: float = 26) -> argparse.Namespace:
    return argparse.Namespace(data_dir=data, state=None, max_age=max_age)


def test_check_reads_the_state_and_the_data_dir(tmp_path: Path, capsys: Any) -> None:
    store = SqliteSeenStore(tmp_path / "state.sqlite")
    store.open_run("2026-05-26T04-15-00_a", tmp_path / "articles_x.jsonl", "2026-05-26T04:15:00+00:00")
    store.close_run("2026-05-26T04-15-00_a")
    store.finish_run("2026-05-26T04-15-00_a", RunOutcome("ok", "finished", "finished", 40,
                                                         "2026-05-26T04:31:00+00:00"))
    store.close()
    assert run(args(tmp_path), {}, NOW) == OK
    assert capsys.readouterr().out.startswith("OK: run 2026-05-26T04-15-00_a finished")
    assert run(args(tmp_path, max_age=2), {}, NOW) == STALE


def test_check_finds_the_data_dir_in_the_environment(tmp_path: Path, capsys: Any) -> None:
    assert run(argparse.Namespace(data_dir=None, state=None, max_age=26),
               {"RTNEWS_DATA_DIR": str(tmp_path)}, NOW) == STALE
    assert "no run on record" in capsys.readouterr().out


def test_an_unusable_state_file_fails_the_check(tmp_path: Path, capsys: Any) -> None:
    (tmp_path / "state.sqlite").write_bytes(b"")
    assert run(args(tmp_path), {}, NOW) == FAILED
    assert "is empty" in capsys.readouterr().out


def test_a_live_lock_means_running(tmp_path: Path) -> None:
    from rtnews.runcheck import crawl_running

    state = tmp_path / "state.sqlite"
    assert not crawl_running(state)
    (tmp_path / "state.sqlite.lock").write_text(f"{os.getpid()}\n")
    assert crawl_running(state)
    (tmp_path / "state.sqlite.lock").write_text("999999999\n")
    assert not crawl_running(state)
