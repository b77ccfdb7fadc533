"""``rtnews canary`` against the replica, and against copies of it whose template drifted."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from rtnews.replica.server import DEFAULT_SITE_DIR
from tests.crawling import ROOT, env, serving


def canary(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "rtnews", "canary", "--base-url", url, "--items", "6",
                           *args], cwd=ROOT, env=env(), capture_output=True, text=True, timeout=120)


def drifted(tmp_path: Path, change: Callable[[str, str], str]) -> Path:
    """A copy of the replica with ``change(path, text)`` applied to every page."""
    site = tmp_path / "site"
    shutil.copytree(DEFAULT_SITE_DIR, site)
    routes = json.loads((site / "routes.json").read_text(encoding="utf-8"))
    for path, route in routes.items():
        if "file" in route and route["type"].startswith(("text/html; charset=utf-8", "application/rss")):
            file = site / route["file"]
            file.write_text(change(path, file.read_text(encoding="utf-8")), encoding="utf-8")
    return site


def test_the_replica_passes(replica_url: str) -> None:
    result = canary(replica_url)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().splitlines()[-1].startswith("canary: ok (6 articles, story ")
    assert "MISS" not in result.stdout


def renamed_body(path: str, html: str) -> str:
    html = html.replace("js-mediator-article", "article-body-2027").replace('class="text ', 'class="txt ')
    return re.sub(r"<(/?)p([ >])", r"<\1span\2", html)


def date_line_in_moscow_time(path: str, html: str) -> str:
    """The feed keeps GMT; the page drops its metadata and prints Moscow time without saying so."""
    html = re.sub(r'<script type="application/ld\+json">.*?</script>', "", html, flags=re.S)
    html = re.sub(r'<meta (name|property)="(publish-date|published_time_telegram)"[^>]*>', "", html)

    def shift(match: re.Match[str]) -> str:
        moscow = datetime.strptime(match.group(1), "%d.%m.%Y | %H:%M") + timedelta(hours=3)
        return f"{moscow:%d.%m.%Y | %H:%M}"

    return re.sub(r"(\d\d\.\d\d\.\d{4} \| \d\d:\d\d) GMT", shift, html)


def no_story_links(path: str, html: str) -> str:
    return html if not path.startswith("/focuses/") else re.sub(r"<a class=\"heading\"[^>]*>", "<b>", html)


@pytest.mark.parametrize(("change", "field"), [
    pytest.param(renamed_body, "body", id="text-container-renamed"),
    pytest.param(date_line_in_moscow_time, "published_at=feed", id="dates-in-another-zone"),
    pytest.param(no_story_links, "story", id="story-page-without-articles"),
])
def test_a_drifted_template_fails_and_names_the_field(tmp_path: Path, change: Callable[[str, str], str],
                                                      field: str) -> None:
    with serving(drifted(tmp_path, change)) as url:
        result = canary(url)
    assert result.returncode == 1, result.stdout + result.stderr
    last = result.stdout.strip().splitlines()[-1]
    assert last.startswith("canary: FAILED: ") and field in last.split(": ", 2)[2].split(", ")
    assert re.search(rf"^MISS +{re.escape(field)} +0/", result.stdout, re.M)  # on every page


def test_an_unreachable_site_cannot_be_checked() -> None:
    result = canary("http://127.0.0.1:9")
    assert result.returncode == 2
    assert "could not check" in result.stderr


def test_bad_arguments_exit_2() -> None:
    assert canary("ftp://x").returncode == 2
