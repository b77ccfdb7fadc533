"""The scheduler client ``python -m rtnews.schedule`` against a stand-in for scrapyd."""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar
from urllib.parse import parse_qsl

import pytest

from rtnews.schedule import ScheduleError, main, pair, schedule_form

GOOD_AUTH = "Basic " + base64.b64encode(b"crawler:s3cret").decode()


class FakeScrapyd(BaseHTTPRequestHandler):
    """Answers schedule.json like scrapyd does; remembers what it was sent."""

    received: ClassVar[list[tuple[str, list[tuple[str, str]]]]] = []

    def do_POST(self) -> None:
        if self.headers.get("Authorization") != GOOD_AUTH:
            self.answer(401, b"Unauthorized")
            return
        length = int(self.headers.get("Content-Length", 0))
        form = parse_qsl(self.rfile.read(length).decode(), keep_blank_values=True)
        self.received.append((self.path, form))
        if dict(form).get("spider") != "rt_arabic":
            self.answer(200, json.dumps({"status": "error", "message": "spider not found"}).encode())
            return
        self.answer(200, json.dumps({"node_name": "test", "status": "ok", "jobid": "j1"}).encode())

    def answer(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def scrapyd_url() -> Iterator[str]:
    FakeScrapyd.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeScrapyd)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                     daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def env(url: str, username: str = "crawler", password: str = "s3cret") -> dict[str, str]:
    return {"SCRAPYD_URL": url, "SCRAPYD_USERNAME": username, "SCRAPYD_PASSWORD": password}


def test_pair_splits_at_the_first_equals_sign() -> None:
    assert pair("FEEDS={\"a=b\": 1}") == ("FEEDS", "{\"a=b\": 1}")
    assert pair("since=") == ("since", "")


def test_form_has_settings_as_setting_fields_and_arguments_as_fields() -> None:
    form = schedule_form("rtnews", "rt_arabic", [("since", "2026-03-01")],
                         [("RTNEWS_DATA_DIR", "/srv/data")], version="7")
    assert form == [("project", "rtnews"), ("spider", "rt_arabic"), ("_version", "7"),
                    ("setting", "RTNEWS_DATA_DIR=/srv/data"), ("since", "2026-03-01")]


def test_reserved_names_are_refused_as_spider_arguments() -> None:
    with pytest.raises(ScheduleError, match="reserved"):
        schedule_form("rtnews", "rt_arabic", [("jobid", "x")])


def test_schedules_a_job_with_credentials_from_the_environment(scrapyd_url: str, capsys: Any) -> None:
    code = main(["-a", "max_articles=5", "-s", "LOG_LEVEL=INFO"], env=env(scrapyd_url))
    assert code == 0
    assert capsys.readouterr().out.strip() == "j1"
    ((path, form),) = FakeScrapyd.received
    assert path == "/schedule.json"
    assert form == [("project", "rtnews"), ("spider", "rt_arabic"), ("setting", "LOG_LEVEL=INFO"),
                    ("max_articles", "5")]


def test_wrong_credentials_exit_1_with_a_hint(scrapyd_url: str, capsys: Any) -> None:
    assert main([], env=env(scrapyd_url, password="wrong")) == 1
    assert "HTTP 401" in capsys.readouterr().err
    assert main([], env={"SCRAPYD_URL": scrapyd_url}) == 1


def test_a_refused_job_exits_1_with_scrapyd_s_message(scrapyd_url: str, capsys: Any) -> None:
    assert main(["--spider", "nope"], env=env(scrapyd_url)) == 1
    assert "spider not found" in capsys.readouterr().err


def test_an_unreachable_server_exits_1(capsys: Any) -> None:
    assert main([], env=env("http://127.0.0.1:9/")) == 1
    assert "rtnews.schedule:" in capsys.readouterr().err


class Redirecting(FakeScrapyd):
    """A scrapyd behind a proxy that answers with a redirect to another host."""

    target = ""

    def do_POST(self) -> None:
        self.send_response(302)
        self.send_header("Location", self.target)
        self.send_header("Content-Length", "0")
        self.end_headers()


class Elsewhere(FakeScrapyd):
    """Another host: remembers every request and the credentials it came with."""

    seen: ClassVar[list[tuple[str, str | None]]] = []

    def do_GET(self) -> None:
        self.seen.append((self.command, self.headers.get("Authorization")))
        self.answer(200, json.dumps({"status": "ok", "jobid": "stolen"}).encode())

    do_POST = do_GET


def serve(handler: type) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    return server


def test_credentials_never_follow_a_redirect_to_another_host(capsys: Any) -> None:
    Elsewhere.seen = []
    elsewhere = serve(Elsewhere)
    Redirecting.target = f"http://localhost:{elsewhere.server_address[1]}/schedule.json"
    proxy = serve(Redirecting)
    try:
        code = main([], env=env(f"http://127.0.0.1:{proxy.server_address[1]}/"))
    finally:
        for server in (proxy, elsewhere):
            server.shutdown()
            server.server_close()
    assert code == 1
    assert Elsewhere.seen == []  # the other host got nothing, credentials least of all
    err = capsys.readouterr().err
    assert "HTTP 302" in err and Redirecting.target in err and "not followed" in err
