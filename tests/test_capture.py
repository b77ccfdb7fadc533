"""``rtnews capture`` against the replica: WARC and sidecar per page, feed sampling, refusals."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

import pytest

from rtnews.capture import Fetcher, capture, load_case
from rtnews.pages.article import ArticlePage
from rtnews.reextract import extractor_version
from rtnews.warc import read_responses, scan_members
from tests.crawling import ROOT, content, env


@pytest.fixture(scope="module")
def sampled(replica_url: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path], list[str]]:
    out = tmp_path_factory.mktemp("captured")
    written, errors = capture([], out, feed=2, base=replica_url, fetcher=Fetcher(delay=0))
    return out, written, errors


def test_feed_sample_captures_the_feed_its_newest_items_and_their_stories(sampled) -> None:
    out, written, errors = sampled
    assert errors == []
    kinds = [json.loads(p.read_text(encoding="utf-8"))["kind"] for p in written]
    assert kinds[:3] == ["feed", "article", "article"] and "story" in kinds[3:]
    live = [a for a in content()["article"] if not {"missing", "challenge"} & set(a.get("features", []))]
    newest = sorted(live, key=lambda a: datetime.fromisoformat(a["published"]), reverse=True)[:2]
    assert [p.name for p in written[1:3]] == [f"article-{a['id']}.json" for a in newest]
    for sidecar in written:
        assert (out / json.loads(sidecar.read_text(encoding="utf-8"))["warc"]).exists()


def test_a_case_is_a_small_warc_and_a_sidecar_of_the_extracted_fields(sampled) -> None:
    out, written, _ = sampled
    case = json.loads(written[1].read_text(encoding="utf-8"))
    warc = out / case["warc"]
    assert not scan_members(warc).torn
    (response,) = [r for r in read_responses(warc) if r.url == case["fetched_url"]]
    assert response.metadata["date-hint-source"] == "feed" and response.metadata["date-hint"]
    assert case["url"].startswith("https://arabic.rt.com/")
    assert case["extractor_version"] == extractor_version()
    expected = case["expected"]
    truth = next(a for a in content()["article"] if str(a["id"]) == expected["article_id"])
    assert expected["title"] == truth["title"] and expected["body"] == "\n\n".join(truth["body"])
    assert "crawled_at" not in case["expected"] and case["expected"] == case["extracted"]
    assert load_case(written[1])[1] == case["expected"]


def test_a_broken_extractor_fails_the_case_field_by_field(replica_url: str, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    truth = next(a for a in content()["article"] if a.get("author") and not a.get("features"))
    url = f"{replica_url}/{truth['section']}/{truth['id']}-{quote(truth['slug'])}/"
    (sidecar,), errors = capture([url], tmp_path, fetcher=Fetcher(delay=0))
    assert errors == []
    assert json.loads(sidecar.read_text(encoding="utf-8"))["expected"]["author"] == truth["author"]
    monkeypatch.setattr(ArticlePage, "author", lambda page: None)
    case, fields = load_case(sidecar)
    wrong = {name for name, value in case["expected"].items() if fields.get(name) != value}
    assert wrong == {"author"}


def test_existing_cases_are_kept_and_robots_txt_is_obeyed(sampled, replica_url: str) -> None:
    out, written, _ = sampled
    case = json.loads(written[1].read_text(encoding="utf-8"))
    again, errors = capture([case["fetched_url"], replica_url + "/search/x/"], out, fetcher=Fetcher(delay=0))
    assert again == []
    assert "exists" in errors[0] and "robots.txt disallows" in errors[1]


def test_the_command_exits_1_when_a_page_cannot_be_captured(replica_url: str, tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "rtnews", "capture", replica_url + "/no-such-page/",
                             "--out", str(tmp_path)], cwd=ROOT, env=env(), capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 1 and "HTTP 404" in result.stderr
    assert list(tmp_path.iterdir()) == []
