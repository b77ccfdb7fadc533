"""Replica crawls, then ``rtnews dataset build``: every article once, every story once, an
incremental rebuild that touches only the new articles' months, ``verify``, the card's counts."""

from __future__ import annotations

import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from tests.crawling import ROOT, article_ids, content, env, run_crawl, serving
from tests.releases import files
from tests.test_incremental import site_without

ADDED = 3


def rtnews(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "rtnews", *args], cwd=ROOT, env=env(),
                          capture_output=True, text=True, timeout=300)


def build(out: Path, data: Path) -> subprocess.CompletedProcess[str]:
    result = rtnews("dataset", "build", "--out", str(out), "--data", str(data), "--csv")
    assert result.returncode == 0, result.stderr
    return result


def utc_month(published: str) -> str:
    return datetime.fromisoformat(published).astimezone(UTC).strftime("%Y-%m")


@pytest.fixture(scope="module")
def releases(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    tmp = tmp_path_factory.mktemp("dataset-e2e")
    site, added = site_without(tmp, ADDED)
    data, out = tmp / "data", tmp / "release"
    with serving(site) as url:
        assert run_crawl(url, data).returncode == 0
    build(out, data)
    first = files(out)
    stamps = {p: (out / p).stat().st_mtime_ns for p in first}
    time.sleep(1.1)  # one run's files per second stamp
    with serving() as url:
        assert run_crawl(url, data).returncode == 0
    second = build(out, data)
    build(tmp / "scratch", data)
    return {"out": out, "data": data, "added": added, "first": first, "stamps": stamps,
            "second_log": second.stdout, "scratch": files(tmp / "scratch")}


def test_every_replica_article_exactly_once(releases) -> None:
    table = pq.read_table(releases["out"] / "articles", partitioning=None)
    ids = table.column("article_id").to_pylist()
    assert len(ids) == len(set(ids)) and set(ids) == article_ids()
    assert table.schema.field("article_id").type == "string"


def test_every_story_once(releases) -> None:
    stories = pq.read_table(releases["out"] / "stories.parquet").to_pylist()
    assert len(stories) == len(content()["story"])
    assert len({s["story_id"] for s in stories}) == len(stories)
    for story in stories:
        assert story["articles_in_release"] == len(set(story["article_ids"]) & article_ids())
        assert story["first_seen_at"] < story["last_seen_at"]  # seen by both crawls


def test_incremental_build_rewrote_only_the_new_articles_months(releases) -> None:
    published = {str(a["id"]): a["published"] for a in content()["article"]}
    months = {utc_month(published[i]) for i in releases["added"]}
    after = files(releases["out"])
    for path, data in releases["first"].items():
        if path.startswith(("articles/", "revisions/", "csv/articles-")):
            touched = any(m in path for m in months)
            assert (after[path] != data) is touched, path
            if not touched:
                assert (releases["out"] / path).stat().st_mtime_ns == releases["stamps"][path]
    assert f"{3 * len(months) + 2} written" in releases["second_log"]  # + stories.parquet and .csv
    assert releases["scratch"] == after  # the same release as a full build of both runs


def test_verify_passes_and_fails_after_one_changed_byte(releases, tmp_path: Path) -> None:
    ok = rtnews("dataset", "verify", str(releases["out"]))
    assert ok.returncode == 0, ok.stderr
    copy = tmp_path / "copy"
    copy.mkdir()
    for path, data in files(releases["out"]).items():
        (copy / path).parent.mkdir(parents=True, exist_ok=True)
        (copy / path).write_bytes(data)
    assert rtnews("dataset", "verify", str(copy)).returncode == 0
    target = next(p for p in sorted(files(copy)) if p.endswith(".parquet"))
    data = bytearray((copy / target).read_bytes())
    data[100] ^= 0x01
    (copy / target).write_bytes(bytes(data))
    bad = rtnews("dataset", "verify", str(copy))
    assert bad.returncode == 1
    assert f"{target}: changed" in bad.stderr


def test_card_lists_the_real_counts(releases) -> None:
    card = (releases["out"] / "README.md").read_text(encoding="utf-8")
    exported = [a for a in content()["article"] if str(a["id"]) in article_ids()]
    assert f"{len(exported)} news articles in Arabic" in card
    assert f"{len(content()['story'])} stories" in card
    for section, n in Counter(a["section"] for a in exported).items():
        assert f"| {section} | {n} |" in card
    months = Counter(utc_month(a["published"]) for a in exported)
    for month, n in months.items():
        assert f"| {month} | {n} |" in card
    assert "http_404" in card and "challenge" in card  # the replica's failing pages, from the state
    assert "crawl run(s)" in card and "2 crawl run(s)" in card
