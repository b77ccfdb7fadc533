"""A real scrapyd on 127.0.0.1: deploy the egg, schedule, the overlap guard, cancel, authentication.

One scrapyd (basic authentication, every directory in a tmp folder, ``items_dir`` set
so that scrapyd adds its own feed) serves the whole module; the crawls it starts read
the replica served by this test process. Everything started here is stopped in
``finally`` blocks (scrapyd and its crawl processes share one process group).
"""

from __future__ import annotations

import base64
import csv
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import tomllib
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import Request, urlopen

import pytest

pytest.importorskip("scrapyd")
pytest.importorskip("scrapyd_client")

ROOT = Path(__file__).resolve().parent.parent
USER, PASSWORD = "rtnews", "test-only-secret"
PROJECT_FILES = ("scrapy.cfg", "setup.py", "pyproject.toml", "README.md")
SCRAPYD_CONF = """\
[scrapyd]
bind_address = 127.0.0.1
http_port = {port}
username = {user}
password = {password}
eggs_dir = {root}/eggs
logs_dir = {root}/logs
items_dir = {root}/items
dbs_dir = {root}/dbs
poll_interval = 0.2
max_proc = 4
"""
# Slow enough to cancel mid-crawl: one request at a time, half a second apart.
SLOW = ("DOWNLOAD_DELAY=0.5", "CONCURRENT_REQUESTS=1", "CONCURRENT_REQUESTS_PER_DOMAIN=1",
        "AUTOTHROTTLE_ENABLED=0")


def expected_article_ids() -> set[str]:
    """Replica articles a crawl exports: all but the 404 and the challenge page."""
    content = tomllib.loads((ROOT / "rtnews/replica/content/articles.toml").read_text(encoding="utf-8"))
    return {str(a["id"]) for a in content["article"]
            if not {"missing", "challenge"} & set(a.get("features", []))}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Scrapyd:
    """A scrapyd process and a small client for its JSON API."""

    def __init__(self, root: Path, port: int) -> None:
        self.root = root
        self.url = f"http://127.0.0.1:{port}/"
        self.auth = {"Authorization": "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()}

    def call(self, endpoint: str, form: dict[str, str] | None = None, auth: bool = True,
             **query: str) -> dict[str, Any]:
        url = self.url + endpoint + ("?" + urlencode(query) if query else "")
        data = urlencode(form).encode() if form is not None else None
        with urlopen(Request(url, data=data, headers=self.auth if auth else {}), timeout=10) as r:
            return dict(json.load(r))

    def wait_ready(self, process: subprocess.Popen[bytes], timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert process.poll() is None, (self.root / "scrapyd.out").read_text()
            try:
                self.call("daemonstatus.json")
                return
            except OSError:
                time.sleep(0.1)
        raise AssertionError("scrapyd did not start")

    def wait_finished(self, job: str, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            jobs = self.call("listjobs.json", project="rtnews")
            if any(j["id"] == job for j in jobs["finished"]):
                return
            time.sleep(0.2)
        raise AssertionError(f"job {job} did not finish")

    def log(self, job: str) -> str:
        return (self.root / "logs/rtnews/rt_arabic" / f"{job}.log").read_text(encoding="utf-8")

    def schedule(self, *options: str) -> str:
        """Schedule with the project's own client, ``python -m rtnews.schedule``."""
        env = {**os.environ, "SCRAPYD_URL": self.url, "SCRAPYD_USERNAME": USER,
               "SCRAPYD_PASSWORD": PASSWORD}
        run = subprocess.run([sys.executable, "-m", "rtnews.schedule", *options], cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=30)
        assert run.returncode == 0, run.stderr
        return run.stdout.strip()


def copy_project(target: Path) -> Path:
    """The project as a fresh clone has it, so building the egg leaves the repository alone."""
    target.mkdir()
    for name in PROJECT_FILES:
        shutil.copy2(ROOT / name, target / name)
    shutil.copytree(ROOT / "rtnews", target / "rtnews",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info"))
    return target


def deploy(project: Path, server: Scrapyd) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SCRAPYD_URL": server.url, "SCRAPYD_USERNAME": USER,
           "SCRAPYD_PASSWORD": PASSWORD}
    return subprocess.run([sys.executable, "-m", "scrapyd_client.deploy", "remote", "--version", "r1"],
                          cwd=project, env=env, capture_output=True, text=True, timeout=120)


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stop scrapyd and every crawl it started (one process group)."""
    for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 10)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


@pytest.fixture(scope="module")
def scrapyd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Scrapyd]:
    root = tmp_path_factory.mktemp("scrapyd")
    server = Scrapyd(root, free_port())
    port = server.url.rsplit(":", 1)[1].strip("/")
    (root / "scrapyd.conf").write_text(SCRAPYD_CONF.format(port=port, user=USER, password=PASSWORD,
                                                           root=root))
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("SCRAPY_", "SCRAPYD_", "RTNEWS_")) and k != "PYTHONPATH"}
    # Paths from the environment: jobs scheduled without RTNEWS_* settings write here.
    env |= {"HOME": str(root), "RTNEWS_DATA_DIR": str(root / "env-data"),
            "RTNEWS_STATE": str(root / "env-state" / "state.sqlite")}
    with open(root / "scrapyd.out", "wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "scrapyd"], cwd=root, env=env, stdout=out,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    try:
        server.wait_ready(process)
        result = deploy(copy_project(root / "project"), server)
        assert result.returncode == 0, result.stdout + result.stderr
        yield server
    finally:
        stop(process)


@pytest.fixture(scope="module")
def daily_job(scrapyd: Scrapyd, replica_url: str) -> str:
    """A job as cron starts it: default paths (here from scrapyd's environment)."""
    job = scrapyd.schedule("-a", f"base_url={replica_url}")
    scrapyd.wait_finished(job)
    return job


def read_outputs(data: Path) -> tuple[list[dict[str, Any]], list[dict[str, str]], list[dict[str, Any]]]:
    """(JSON Lines records, CSV rows, JSON array) of the one articles export in ``data``."""
    (jsonl,) = data.glob("articles_*.jsonl")
    lines = jsonl.read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    with jsonl.with_suffix(".csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    array = json.loads(jsonl.with_suffix(".json").read_text(encoding="utf-8"))
    return records, rows, array


def test_requests_without_credentials_are_refused(scrapyd: Scrapyd) -> None:
    with pytest.raises(HTTPError) as refused:
        scrapyd.call("daemonstatus.json", auth=False)
    assert refused.value.code == 401
    assert scrapyd.call("daemonstatus.json")["status"] == "ok"


def test_the_egg_carries_the_settings_entry_point_and_the_package_data(scrapyd: Scrapyd) -> None:
    (egg,) = (scrapyd.root / "eggs" / "rtnews").glob("*.egg")
    with zipfile.ZipFile(egg) as z:
        names = set(z.namelist())
        entry_points = z.read("EGG-INFO/entry_points.txt").decode()
    assert "settings = rtnews.settings" in entry_points
    assert {"rtnews/settings.py", "rtnews/replica/site/routes.json", "rtnews/replica/content/articles.toml"
            } <= names
    site = ROOT / "rtnews" / "replica" / "site"
    assert {f"rtnews/replica/site/{p.name}" for p in site.iterdir()} <= names
    assert scrapyd.call("listspiders.json", project="rtnews")["spiders"] == ["rt_arabic"]


def test_a_scheduled_job_exports_every_replica_article(scrapyd: Scrapyd, daily_job: str) -> None:
    records, rows, array = read_outputs(scrapyd.root / "env-data")
    ids = [r["article_id"] for r in records]
    assert sorted(ids) == sorted(expected_article_ids())
    assert len(rows) == len(array) == len(ids) == len(expected_article_ids())
    assert (scrapyd.root / "env-state" / "state.sqlite").exists()


def test_the_job_report_is_ok(scrapyd: Scrapyd, daily_job: str) -> None:
    (path,) = (scrapyd.root / "env-data").glob("report_*.json")
    report = json.loads(path.read_text(encoding="utf-8"))
    assert report["status"] == "ok" and report["finish_reason"] == "finished"
    assert report["articles"]["exported"] == len(expected_article_ids())
    assert "Run report: ok" in scrapyd.log(daily_job)
    out = (scrapyd.root / "scrapyd.out").read_text(encoding="utf-8")
    assert re.search(rf"Process finished: .*job='{daily_job}'", out)


def test_scrapyd_s_own_feed_does_not_replace_the_dataset_exports(scrapyd: Scrapyd, daily_job: str) -> None:
    feed = scrapyd.root / "items" / "rtnews" / "rt_arabic" / f"{daily_job}.jl"
    items = [json.loads(line) for line in feed.read_text(encoding="utf-8").splitlines()]
    assert len([i for i in items if "article_id" in i]) == len(expected_article_ids())
    assert len(list((scrapyd.root / "env-data").glob("articles_*.jsonl"))) == 1


def test_overlap_guard_and_cancel_leave_valid_outputs(scrapyd: Scrapyd, replica_url: str,
                                                     tmp_path: Path) -> None:
    data = tmp_path / "data"
    paths = ("-s", f"RTNEWS_DATA_DIR={data}", "-s", f"RTNEWS_STATE={tmp_path / 'state.sqlite'}")
    slow = scrapyd.schedule("-a", f"base_url={replica_url}", *paths,
                            *[x for s in SLOW for x in ("-s", s)])
    wait_for_articles(data, at_least=2)

    second = scrapyd.schedule("-a", f"base_url={replica_url}", *paths)
    scrapyd.wait_finished(second, timeout=60)
    log = scrapyd.log(second)
    assert "Another crawl is running on the same state" in log
    assert "'finish_reason': 'already_running'" in log
    assert "downloader/request_count" not in log

    assert scrapyd.call("cancel.json", {"project": "rtnews", "job": slow})["prevstate"] == "running"
    scrapyd.wait_finished(slow, timeout=60)
    assert "'finish_reason': 'shutdown'" in scrapyd.log(slow)
    records, rows, array = read_outputs(data)  # one export: the second job wrote none
    assert 2 <= len(records) < len(expected_article_ids())
    assert [r["article_id"] for r in records] == [r["article_id"] for r in rows] == [
        a["article_id"] for a in array]
    reports = {r["close_reason"]: r for r in
               (json.loads(p.read_text(encoding="utf-8")) for p in data.glob("report_*.json"))}
    assert reports["shutdown"]["status"] == "failed" and reports["shutdown"]["exit_code"] == 8
    assert reports["already_running"]["status"] == "skipped"
    assert len(list(data.glob("run_*.json"))) == 1
    # scrapyd's runner goes through the project's crawl command: it sees the exit statuses
    out = (scrapyd.root / "scrapyd.out").read_text(encoding="utf-8")
    assert re.search(rf"Process died: exitstatus=75 .*job='{second}'", out)
    assert re.search(rf"Process died: exitstatus=8 .*job='{slow}'", out)


def wait_for_articles(data: Path, at_least: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = list(data.glob("articles_*.jsonl"))
        if found and len(found[0].read_bytes().splitlines()) >= at_least:
            return
        time.sleep(0.2)
    raise AssertionError(f"no {at_least} articles in {data}")
