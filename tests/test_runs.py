"""Unattended runs that never lie (issue 10): real crawls in subprocesses, with faults injected.

Each test names the numbered failure of the issue it reproduces. Exit statuses are those
of ``rtnews.outcome``: 0 ok, 3 bad argument, 4 start error, 5 state error, 6 output
error, 7 failed checks, 75 already running.
"""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from rtnews.replica.server import DEFAULT_SITE_DIR
from rtnews.state import SqliteSeenStore
from tests.crawling import ROOT, article_ids, crawl_command, env, jsonl, serving
from tests.faults import (
    article_routes,
    hostile_site,
    ordinary_articles,
    page_route,
    unprivileged,
    with_project,
    world_writable_tmp,
)

EXPECTED = article_ids()  # what a full crawl of the replica exports


def crawl(url: str, data: Path, *args: str, preexec: Callable[[], None] | None = None,
          extra_env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(crawl_command(url, data, *args), cwd=ROOT, env={**env(), **(extra_env or {})},
                          capture_output=True, text=True, timeout=300, preexec_fn=preexec)


def errors(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in result.stderr.splitlines() if "] ERROR:" in line]


def sent_no_request(result: subprocess.CompletedProcess[str]) -> bool:
    return "downloader/request_count" not in result.stderr


def reports(data: Path) -> list[dict[str, Any]]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(data.glob("report_*.json"))]


def check(data: Path, state: Path | None = None) -> subprocess.CompletedProcess[str]:
    args = ["--data-dir", str(data)] + (["--state", str(state)] if state else [])
    return subprocess.run([sys.executable, "-m", "rtnews", "check", *args], cwd=ROOT, env=env(),
                          capture_output=True, text=True, timeout=60)


def csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:  # strict UTF-8
        return list(csv.DictReader(f))


def exported(data: Path) -> list[str]:
    return [r["article_id"] for p in sorted(data.glob("articles_*.jsonl")) for r in jsonl(p)]


@pytest.fixture(scope="module")
def url() -> Any:
    with serving() as base:
        yield base


# --- 1. a run killed after a story, before its first article -------------------------------
def test_1_a_run_killed_between_story_and_article_does_not_block_later_runs(url: str,
                                                                            tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert crawl(url, data).returncode == 0  # yesterday: everything exported
    # today, a quiet day: no new article, and the crawl dies right after writing a story
    hang = with_project("EXTENSIONS", **{"tests.faults.HangAfterStory": 900})
    proc = subprocess.Popen(crawl_command(url, data, "-s", f"EXTENSIONS={hang}"), cwd=ROOT, env=env(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None and not any(
                p.stat().st_size for p in data.glob("stories_*.jsonl") if not p.with_suffix(".csv").exists()):
            time.sleep(0.02)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    (killed,) = [p for p in data.glob("stories_*.jsonl") if not p.with_suffix(".csv").exists()]
    assert killed.read_bytes() and not killed.with_name(killed.name.replace("stories_", "articles_")
                                                         ).read_bytes()  # the shape of the issue
    final = crawl(url, data, "-s", "RTNEWS_PROGRESS_INTERVAL=0.2")
    assert final.returncode == 0, final.stderr[-3000:]
    report = reports(data)[-1]
    assert report["status"] == "ok" and report["killed_runs"]["repaired"] == 1
    assert sorted(exported(data)) == sorted(EXPECTED)  # each article once across all files
    assert csv_rows(killed.with_suffix(".csv"))  # the killed run's stories, complete
    progress = [line for line in final.stderr.splitlines() if "Progress:" in line]
    assert progress and "articles exported" in progress[0] and "article requests queued" in progress[0]
    verdict = check(data)
    assert verdict.returncode == 0 and verdict.stdout.startswith("OK: run "), verdict.stdout


# --- 2. a state file the crawl cannot write -------------------------------------------------------
def test_2_a_state_that_cannot_be_created_stops_the_crawl_before_any_request(url: str,
                                                                           tmp_path: Path) -> None:
    (tmp_path / "file").write_text("a regular file", encoding="utf-8")
    state = tmp_path / "file" / "state.sqlite"
    result = crawl(url, tmp_path / "data", "-s", f"RTNEWS_STATE={state}")
    assert result.returncode == 5, result.stderr[-3000:]
    (line,) = errors(result)
    assert str(state) in line and "cannot be created" in line
    assert sent_no_request(result)
    (report,) = reports(tmp_path / "data")
    assert report["finish_reason"] == "state_error" and str(state) in report["reason"]
    assert [p.name for p in (tmp_path / "data").iterdir()] == [f"report_{report['run_id']}.json"]


def test_2_a_read_only_state_stops_the_crawl_and_stays_as_it_was(url: str) -> None:
    how = unprivileged()
    if isinstance(how, str):
        pytest.skip(how)
    with world_writable_tmp() as tmp:
        state_dir = tmp / "state"
        state_dir.mkdir()
        SqliteSeenStore(state_dir / "state.sqlite").close()
        before = (state_dir / "state.sqlite").read_bytes()
        (state_dir / "state.sqlite").chmod(0o444)
        result = crawl(url, tmp / "data", "-s", f"RTNEWS_STATE={state_dir / 'state.sqlite'}",
                       preexec=how)
        assert result.returncode == 5, result.stderr[-3000:]
        (line,) = errors(result)
        assert "state.sqlite" in line and "cannot be written" in line
        assert sent_no_request(result)
        assert (state_dir / "state.sqlite").read_bytes() == before


# --- 3. an empty state file -----------------------------------------------------------------------
def test_3_an_empty_state_file_is_not_a_fresh_start(url: str, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "state.sqlite").write_bytes(b"")
    result = crawl(url, data)
    assert result.returncode == 5, result.stderr[-3000:]
    (line,) = errors(result)
    assert str(data / "state.sqlite") in line and "empty" in line and "start over" in line
    assert sent_no_request(result)
    assert (data / "state.sqlite").read_bytes() == b""  # nothing overwritten
    assert not list(data.glob("articles_*"))


# --- 4. two crawls, two states, one data dir, the same second -------------------------------------
def test_4_crawls_sharing_a_data_dir_never_share_a_file(url: str, tmp_path: Path) -> None:
    data = tmp_path / "data"
    procs = [subprocess.Popen(crawl_command(url, data, "-s", f"RTNEWS_STATE={tmp_path / name}"),
                              cwd=ROOT, env=env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              text=True) for name in ("a.sqlite", "b.sqlite")]
    outputs = [p.communicate(timeout=300)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs[0][-2000:] + outputs[1][-2000:]
    files = sorted(data.glob("articles_*.jsonl"))
    assert len(files) == 2
    for path in files:
        ids = [r["article_id"] for r in jsonl(path)]
        assert sorted(ids) == sorted(EXPECTED)
        assert [r["article_id"] for r in csv_rows(path.with_suffix(".csv"))] == ids
        assert [r["article_id"] for r in json.loads(path.with_suffix(".json").read_text("utf-8"))] == ids
    assert [r["status"] for r in reports(data)] == ["ok", "ok"]


# --- 5. a read-only data dir ----------------------------------------------------------------------
def test_5_a_data_dir_that_cannot_be_written_fails_before_any_request(url: str, tmp_path: Path) -> None:
    (tmp_path / "file").write_text("a regular file", encoding="utf-8")
    data, state = tmp_path / "file" / "data", tmp_path / "state.sqlite"
    result = crawl(url, data, "-s", f"RTNEWS_STATE={state}")
    assert result.returncode == 6, result.stderr[-3000:]
    (line,) = errors(result)
    assert str(data) in line
    assert sent_no_request(result)
    verdict = check(data, state)  # no report file could be written: the state keeps the outcome
    assert verdict.returncode == 1 and verdict.stdout.startswith("FAILED: run "), verdict.stdout
    assert "Cannot write the dataset files" in verdict.stdout


def test_5_a_read_only_data_dir_fails_before_any_request(url: str) -> None:
    how = unprivileged()
    if isinstance(how, str):
        pytest.skip(how)
    with world_writable_tmp() as tmp:
        data = tmp / "data"
        data.mkdir()
        data.chmod(0o555)
        result = crawl(url, data, "-s", f"RTNEWS_STATE={tmp / 'state.sqlite'}", preexec=how)
        assert result.returncode == 6, result.stderr[-3000:]
        assert len(errors(result)) == 1 and sent_no_request(result)
        assert list(data.iterdir()) == []


# --- 6. failed runs exit non-zero -----------------------------------------------------------------
def test_6_a_failed_start_exits_non_zero_with_a_report(url: str, tmp_path: Path) -> None:
    middlewares = with_project("SPIDER_MIDDLEWARES", **{"tests.faults.BrokenStart": 30})
    result = crawl(url, tmp_path, "-s", f"SPIDER_MIDDLEWARES={middlewares}")
    assert result.returncode == 4, result.stderr[-3000:]
    (report,) = reports(tmp_path)
    assert (report["status"], report["finish_reason"]) == ("failed", "start_error")
    verdict = check(tmp_path)
    assert verdict.returncode == 1 and "start_error" in verdict.stdout


def test_6_a_run_where_a_fifth_of_the_articles_failed_is_not_ok(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(DEFAULT_SITE_DIR, site)
    routes = json.loads((site / "routes.json").read_text(encoding="utf-8"))
    gone = article_routes(routes, {str(a["id"]) for a in ordinary_articles()[:9]})
    kept = {p: r for p, r in routes.items() if p not in gone}  # still listed: they answer 404
    (site / "routes.json").write_text(json.dumps(kept, ensure_ascii=False), encoding="utf-8")
    with serving(site) as base:
        result = crawl(base, tmp_path / "data")
    assert result.returncode == 7, result.stderr[-3000:]
    (report,) = reports(tmp_path / "data")
    assert report["status"] == "failed" and report["article_failures"] == {"http_404": 10}
    assert [c["check"] for c in report["failed_checks"]] == ["failed_share"]
    assert report["articles"]["failed_share"] > 0.1


# --- 7 and 9. every loss on record; safe CSV ------------------------------------------------------
@pytest.fixture(scope="module")
def hostile_crawl(tmp_path_factory: pytest.TempPathFactory) -> Any:
    tmp = tmp_path_factory.mktemp("hostile")
    site = hostile_site(tmp)
    with serving(site.path) as base:
        result = crawl(base, tmp / "data")
    return site, tmp / "data", result


def test_7_deep_json_ld_falls_back_to_the_next_source(hostile_crawl: Any) -> None:
    site, data, result = hostile_crawl
    assert result.returncode == 0, result.stderr[-3000:]
    (record,) = [r for r in jsonl(next(data.glob("articles_*.jsonl")))
                 if r["article_id"] == site.deep_jsonld_id]
    assert record["title"] and record["body"] and record["published_at"]
    assert "RecursionError" not in result.stderr


def test_7_a_too_long_url_and_a_redirect_loop_are_failed_articles_on_record(hostile_crawl: Any) -> None:
    site, data, result = hostile_crawl
    (report,) = reports(data)
    assert report["article_failures"] == {"http_404": 1, "url_too_long": 1, "redirect_loop": 1}
    assert report["articles"]["failed"] == 3 and report["status"] == "ok"  # 3 of 47: under 10 %
    assert sorted(exported(data)) == sorted(EXPECTED - {site.loop_id})
    lost = [line for line in result.stderr.splitlines() if "Article lost:" in line]
    assert len(lost) == 2 and all("WARNING" in line for line in lost)
    store = SqliteSeenStore(data / "state.sqlite", readonly=True)
    try:
        assert {"1999999", site.loop_id} <= store.failed_ids()  # retried later, not every run
    finally:
        store.close()


def test_9_formula_titles_are_neutralised_in_csv_only(hostile_crawl: Any) -> None:
    site, data, _ = hostile_crawl
    path = next(data.glob("articles_*.jsonl"))
    (line,) = [r for r in jsonl(path) if r["article_id"] == site.formula_id]
    assert line["title"] == site.formula_title
    (row,) = [r for r in csv_rows(path.with_suffix(".csv")) if r["article_id"] == site.formula_id]
    assert row["title"] == "'" + site.formula_title
    (item,) = [r for r in json.loads(path.with_suffix(".json").read_text("utf-8"))
               if r["article_id"] == site.formula_id]
    assert item["title"] == site.formula_title


# --- 11. RTNEWS_EXPORTS=0 -------------------------------------------------------------------------
def test_11_exports_off_leaves_the_state_untouched_so_the_dataset_still_gets_everything(
        url: str, tmp_path: Path) -> None:
    data, state, feed = tmp_path / "data", tmp_path / "state" / "state.sqlite", tmp_path / "feed.jsonl"
    own = crawl(url, data, "-s", "RTNEWS_EXPORTS=0", "-s", f"RTNEWS_STATE={state}", "-O", str(feed))
    assert own.returncode == 0, own.stderr[-3000:]
    assert {r["article_id"] for r in jsonl(feed) if "article_id" in r} == EXPECTED
    assert not data.exists() and not state.parent.exists()  # no dataset file, no state written
    # the next dataset run, its site from the environment: every article still goes to the dataset
    command = [sys.executable, "-m", "scrapy", "crawl", "rt_arabic", "-s", f"RTNEWS_DATA_DIR={data}",
               "-s", f"RTNEWS_STATE={state}"]
    dataset = subprocess.run(command, cwd=ROOT, env={**env(), "RTNEWS_BASE_URL": url},
                             capture_output=True, text=True, timeout=300)
    assert dataset.returncode == 0, dataset.stderr[-3000:]
    assert sorted(exported(data)) == sorted(EXPECTED)
    before = hashlib.sha1(state.read_bytes()).hexdigest()
    again = crawl(url, data, "-s", "RTNEWS_EXPORTS=0", "-s", f"RTNEWS_STATE={state}")
    assert again.returncode == 0 and "'rtnews/links/skipped/known'" in again.stderr
    assert hashlib.sha1(state.read_bytes()).hexdigest() == before
    assert len(list(data.glob("report_*.json"))) == 1


# --- 12. Scrapy habits ----------------------------------------------------------------------------
def scrapy(*args: str, data: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "scrapy", *args], cwd=ROOT,
                          env={**env(), "RTNEWS_DATA_DIR": str(data)}, input="",
                          capture_output=True, text=True, timeout=120)


def article_url(base: str) -> tuple[str, str]:
    """(URL, id) of an ordinary article of the replica."""
    routes = json.loads((ROOT / "rtnews/replica/site/routes.json").read_text(encoding="utf-8"))
    wanted = ordinary_articles()[0]
    return base + page_route(routes, wanted), str(wanted["id"])


def test_12_parse_extracts_a_page_by_its_url_and_debug_commands_write_nothing(url: str,
                                                                              tmp_path: Path) -> None:
    data = tmp_path / "data"
    page, article_id = article_url(url)
    parsed = scrapy("parse", "--spider", "rt_arabic", "-a", f"base_url={url}", page, data=data)
    assert parsed.returncode == 0, parsed.stderr[-3000:]
    assert f"'article_id': '{article_id}'" in parsed.stdout
    shell = scrapy("shell", f"{url}/", "-c", "response.status", data=data)
    assert shell.returncode == 0 and "200" in shell.stdout, shell.stderr[-3000:]
    checked = scrapy("check", "rt_arabic", data=data)
    assert checked.returncode == 0, checked.stderr[-3000:]
    assert not data.exists()  # no dataset file, no report, no state


def test_12_a_section_the_site_lacks_fails_the_run(url: str, tmp_path: Path) -> None:
    result = crawl(url, tmp_path, "-a", "sections=middle-east,sport")
    assert result.returncode == 3, result.stderr[-3000:]
    (line,) = errors(result)
    assert "'middle-east'" in line and "404" in line
    (report,) = reports(tmp_path)
    assert report["finish_reason"] == "bad_argument" and "middle-east" in report["reason"]


# --- the README's crawl command -------------------------------------------------------------------
def test_tasks_crawl_passes_the_exit_status_on(tmp_path: Path) -> None:
    wanted = hashlib.sha1((ROOT / "pyproject.toml").read_bytes()).hexdigest() + " dev"
    stamp = ROOT / ".venv" / ".rtnews-installed"
    if not stamp.exists() or stamp.read_text().strip() != wanted:
        pytest.skip("tasks.py would (re)install .venv first: run the suite through tasks.py")
    result = subprocess.run([sys.executable, "tasks.py", "crawl", "--replica", "--",
                             "-a", "max_articles=none", "-s", f"RTNEWS_DATA_DIR={tmp_path}"],
                            cwd=ROOT, env=env(), capture_output=True, text=True, timeout=300)
    assert result.returncode == 3, result.stdout[-2000:] + result.stderr[-2000:]
    assert reports(tmp_path)[0]["finish_reason"] == "bad_argument"
