"""Runs after runs on the replica: incremental crawling, re-fetching, crash safety, stories."""

from __future__ import annotations

import copy
import json
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from rtnews.replica.build import LISTING_SIZE, build
from rtnews.replica.server import DEFAULT_SITE_DIR
from tests.crawling import (
    ROOT,
    article_ids,
    content,
    crawl_command,
    env,
    jsonl,
    last_stats,
    newest,
    run_crawl,
    serving,
)

ADDED = 3


def site_without(tmp: Path, drop: int) -> tuple[Path, set[str]]:
    """The replica built without its ``drop`` newest ordinary articles."""
    data = copy.deepcopy(content())
    ordinary = sorted((a for a in data["article"] if not a.get("features")), key=lambda a: -a["id"])
    dropped = {str(a["id"]) for a in ordinary[:drop]}
    data["article"] = [a for a in data["article"] if str(a["id"]) not in dropped]
    build(out=tmp / "site", content=data)
    return tmp / "site", dropped


def exported_ids(out: Path) -> list[str]:
    return [r["article_id"] for p in sorted(out.glob("articles_*.jsonl")) for r in jsonl(p)]


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, set[str], list[dict]]:
    """Run 1 on a site lacking ADDED articles, run 2 on the full site, run 3 unchanged."""
    tmp = tmp_path_factory.mktemp("incremental")
    site, added = site_without(tmp, ADDED)
    out = tmp / "data"
    stats = []
    with serving(site) as url:
        assert run_crawl(url, out).returncode == 0
    stats.append(last_stats(out))
    time.sleep(1.1)  # one run's files per second stamp
    with serving() as url:
        assert run_crawl(url, out).returncode == 0
        stats.append(last_stats(out))
        time.sleep(1.1)
        assert run_crawl(url, out).returncode == 0
        stats.append(last_stats(out))
    return out, added, stats


def test_first_run_exports_every_article_once(two_runs) -> None:
    out, added, _ = two_runs
    first = jsonl(sorted(out.glob("articles_*.jsonl"))[0])
    assert sorted(r["article_id"] for r in first) == sorted(article_ids() - added)


def test_new_articles_only_are_requested_and_exported(two_runs) -> None:
    out, added, stats = two_runs
    second = jsonl(sorted(out.glob("articles_*.jsonl"))[1])
    assert {r["article_id"] for r in second} == added
    assert stats[1]["rtnews/links/article"] == ADDED


def test_unchanged_site_means_no_article_request_and_no_export(two_runs) -> None:
    out, _, stats = two_runs
    third = jsonl(sorted(out.glob("articles_*.jsonl"))[2])
    assert third == []
    assert stats[2].get("rtnews/links/article", 0) == 0
    assert stats[2]["rtnews/links/skipped/known"] > 0


def test_across_all_runs_each_article_once(two_runs) -> None:
    out, _, _ = two_runs
    ids = exported_ids(out)
    assert len(ids) == len(set(ids)) and set(ids) == article_ids()


def test_stories_are_recrawled_every_run_with_first_and_last_seen(two_runs) -> None:
    out, _, stats = two_runs
    runs = [jsonl(p) for p in sorted(out.glob("stories_*.jsonl"))]
    stories = len(content()["story"])
    assert len(runs) == 3 and all(len(r) == stories for r in runs)
    first = {s["story_id"]: s for s in runs[0]}
    for story in runs[2]:
        assert story["first_seen_at"] == first[story["story_id"]]["first_seen_at"]
        assert story["last_seen_at"] >= story["first_seen_at"]
        key = story["story_id"]
        collectable = set(story["article_ids"]) & article_ids()
        assert stats[2][f"rtnews/stories/{key}/collected"] == len(collectable)
        assert stats[2][f"rtnews/stories/{key}/members"] == len(story["article_ids"])
        assert stats[2][f"rtnews/stories/{key}/listed"] <= LISTING_SIZE  # the landing page only
        assert stats[2][f"rtnews/stories/{key}/shown"] == story["article_count_shown"]


def test_story_membership_is_the_union_of_every_run(two_runs) -> None:
    """Run 3 fetches no article and may not read listings (robots.txt): its stories still
    hold every article that earlier runs saw linking to them."""
    out, _, stats = two_runs
    runs = [{s["story_id"]: s["article_ids"] for s in jsonl(p)}
            for p in sorted(out.glob("stories_*.jsonl"))]
    data = content()
    for source in data["story"]:
        key = str(source["number"])
        members = {str(a["id"]) for a in data["article"] if source["key"] in a.get("stories", [])}
        assert set(runs[0][key]) <= set(runs[1][key]) == set(runs[2][key])
        assert set(runs[2][key]) >= members & article_ids()
        if len(members) > LISTING_SIZE:
            assert len(runs[2][key]) > stats[2][f"rtnews/stories/{key}/listed"]


def test_refetch_exports_changed_articles_only_with_a_new_revision(tmp_path: Path) -> None:
    out = tmp_path / "data"
    with serving() as url:
        assert run_crawl(url, out).returncode == 0
    site = tmp_path / "site"
    shutil.copytree(DEFAULT_SITE_DIR, site)
    routes = json.loads((site / "routes.json").read_text(encoding="utf-8"))
    target = next(a for a in content()["article"] if not a.get("features"))
    page = next(r["file"] for p, r in routes.items()
                if p.startswith(f"/{target['section']}/{target['id']}-") and not p.endswith("/amp/"))
    html = (site / page).read_text(encoding="utf-8")
    para = target["body"][1]
    assert para in html
    (site / page).write_text(html.replace(para, para + " وأضاف المتحدث تفاصيل جديدة."), encoding="utf-8")
    before = {r["article_id"]: r for r in jsonl(newest(out, "articles_*.jsonl"))}
    time.sleep(1.1)
    with serving(site) as url:
        assert run_crawl(url, out, "-a", "refetch_days=20000").returncode == 0
    again = jsonl(newest(out, "articles_*.jsonl"))
    assert [r["article_id"] for r in again] == [str(target["id"])]
    assert again[0]["revision"] == 2
    assert again[0]["content_hash"] != before[str(target["id"])]["content_hash"]
    stats = last_stats(out)
    assert stats["rtnews/links/article"] >= len(before) - 1
    assert stats["rtnews/items/dropped/already_exported"] == len(before) - 1


KILL_AFTER = (1, 7, 18)


def run_and_kill(url: str, out: Path, after: int) -> None:
    """Start a crawl and SIGKILL it once its newest articles file has ``after`` lines."""
    known = set(out.glob("articles_*.jsonl"))
    proc = subprocess.Popen(crawl_command(url, out, "-s", "CONCURRENT_REQUESTS=2"), cwd=ROOT,
                            env=env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            new = set(out.glob("articles_*.jsonl")) - known
            if new and len(next(iter(new)).read_bytes().splitlines()) >= after:
                break
            time.sleep(0.01)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    time.sleep(1.1)


def test_killed_runs_lose_nothing_and_duplicate_nothing(tmp_path: Path) -> None:
    out = tmp_path / "data"
    with serving(handler_delay=0.03) as url:
        for after in KILL_AFTER:
            run_and_kill(url, out, after)
        final = run_crawl(url, out)
    assert final.returncode == 0, final.stderr[-2000:]
    ids = exported_ids(out)
    assert len(ids) == len(set(ids)), "an article was exported twice"
    assert set(ids) == article_ids()
    for path in out.glob("articles_*.json"):
        json.loads(path.read_text(encoding="utf-8"))  # every JSON array is valid again
    assert last_stats(out)["rtnews/state/runs_repaired"] >= 1
