"""Scheduler client: start one ``rt_arabic`` job on a scrapyd server (for cron).

    python -m rtnews.schedule [-a NAME=VALUE]... [-s NAME=VALUE]...

scrapyd has no scheduler of its own; cron runs this once a day. It POSTs
``schedule.json`` to ``$SCRAPYD_URL`` (default ``http://127.0.0.1:6800/``) with basic
authentication from ``$SCRAPYD_USERNAME`` / ``$SCRAPYD_PASSWORD`` when set, prints the
job id and exits 0, or prints scrapyd's message and exits 1. Standard library only.
A job started while the previous one still runs stops at once (``rtnews.lock``).

Redirects are never followed: an answer 3xx is an error naming where it pointed, so the
credentials are sent to ``$SCRAPYD_URL`` only, never to another host (and a POST is
never silently turned into a GET). Set ``SCRAPYD_URL`` to the final address.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import sys
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode, urljoin
from urllib.request import HTTPRedirectHandler, Request, build_opener

DEFAULT_URL = "http://127.0.0.1:6800/"
RESERVED = frozenset({"project", "spider", "setting", "jobid", "priority", "_version"})


class ScheduleError(RuntimeError):
    """scrapyd refused the job or could not be reached; ``str()`` says why."""


def pair(text: str) -> tuple[str, str]:
    """``NAME=VALUE`` → (name, value)."""
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE, got {text!r}")
    return name.strip(), value


def schedule_form(project: str, spider: str, args: Sequence[tuple[str, str]] = (),
                  settings: Sequence[tuple[str, str]] = (), version: str | None = None,
                  ) -> list[tuple[str, str]]:
    """The form fields of ``schedule.json``: spider arguments as fields, settings as
    repeated ``setting=NAME=VALUE``."""
    bad = [name for name, _ in args if name in RESERVED]
    if bad:
        raise ScheduleError(f"spider argument {bad[0]!r} is a reserved scrapyd parameter")
    form = [("project", project), ("spider", spider)]
    form += [("_version", version)] if version else []
    form += [("setting", f"{name}={value}") for name, value in settings]
    return form + list(args)


def auth_header(username: str, password: str) -> dict[str, str]:
    if not username:
        return {}
    token = base64.b64encode(f"{username}:{password}".encode()).decode("ascii")
    return {"Authorization": f"Basic {token}"}


class NoRedirects(HTTPRedirectHandler):
    """Refuse every redirect: the 3xx answer becomes an ``HTTPError``."""

    def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any,
                         newurl: str) -> None:
        return None


OPENER = build_opener(NoRedirects)


def post(url: str, form: Sequence[tuple[str, str]], username: str = "", password: str = "",
         timeout: float = 30) -> dict[str, Any]:
    """POST a form to a scrapyd endpoint; its JSON answer, or ``ScheduleError``."""
    request = Request(url, data=urlencode(form).encode(), method="POST",
                      headers=auth_header(username, password))
    try:
        with OPENER.open(request, timeout=timeout) as response:
            answer: dict[str, Any] = json.load(response)
    except HTTPError as exc:
        hint = " (check SCRAPYD_USERNAME / SCRAPYD_PASSWORD)" if exc.code == 401 else ""
        if 300 <= exc.code < 400:
            hint = (f" redirecting to {exc.headers.get('Location', '?')}: not followed, so the"
                    " credentials go nowhere else; set SCRAPYD_URL to the final address")
        raise ScheduleError(f"{url}: HTTP {exc.code}{hint}") from None
    except (URLError, OSError, ValueError) as exc:
        raise ScheduleError(f"{url}: {exc}") from None
    if answer.get("status") != "ok":
        raise ScheduleError(f"{url}: {answer.get('message', answer)}")
    return answer


def schedule(base_url: str, form: Sequence[tuple[str, str]], username: str = "",
             password: str = "") -> str:
    """Schedule a job; its id."""
    answer = post(urljoin(base_url.rstrip("/") + "/", "schedule.json"), form, username, password)
    return str(answer["jobid"])


def configure(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``rtnews schedule`` (and ``python -m rtnews.schedule``)."""
    parser.add_argument("--project", default="rtnews", help="scrapyd project (default rtnews)")
    parser.add_argument("--spider", default="rt_arabic", help="spider (default rt_arabic)")
    parser.add_argument("--version", help="egg version (default: the latest deployed)")
    parser.add_argument("-a", dest="args", type=pair, action="append", default=[],
                        metavar="NAME=VALUE", help="spider argument (repeatable)")
    parser.add_argument("-s", dest="settings", type=pair, action="append", default=[],
                        metavar="NAME=VALUE", help="Scrapy setting for this job (repeatable)")
    parser.set_defaults(func=lambda options: run(options, os.environ))


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m rtnews.schedule",
                                     description=__doc__.splitlines()[0] if __doc__ else None)
    configure(parser)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None, env: Mapping[str, str] = os.environ) -> int:
    return run(parse_args(argv), env)


def run(options: argparse.Namespace, env: Mapping[str, str]) -> int:
    """Schedule the job the options describe; the exit status."""
    url = env.get("SCRAPYD_URL") or DEFAULT_URL
    try:
        form = schedule_form(options.project, options.spider, options.args, options.settings,
                             options.version)
        job = schedule(url, form, env.get("SCRAPYD_USERNAME", ""), env.get("SCRAPYD_PASSWORD", ""))
    except ScheduleError as exc:
        print(f"rtnews.schedule: {exc}", file=sys.stderr)
        return 1
    print(job)
    return 0


if __name__ == "__main__":
    sys.exit(main())
