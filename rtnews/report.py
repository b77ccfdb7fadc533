"""Run report: what a crawl collected, how complete it is, and whether it succeeded.

``RunReport`` (an extension) tallies every article and story that reaches the end of
the item pipelines (exported or dropped), and when the crawl closes it checks the
run against thresholds, so that a layout change of the live site fails the next run
instead of quietly thinning the dataset:

- body coverage below ``RTNEWS_REPORT_MIN_BODY_COVERAGE`` (default 0.95),
- date (``published_at``) coverage below ``RTNEWS_REPORT_MIN_DATE_COVERAGE`` (0.90),
- challenge pages above ``RTNEWS_REPORT_MAX_CHALLENGE_SHARE`` (0.05) of the article pages,
- failed article pages (HTTP errors, redirect loops, URLs too long, extraction errors:
  ``rtnews/articles/failed/<reason>``, but not requests refused on purpose, such as by
  robots.txt) above ``RTNEWS_REPORT_MAX_FAILED_SHARE`` (0.10) of the article pages tried,
- fewer than ``RTNEWS_REPORT_MIN_ARTICLES`` (1) articles found on a full run (no
  ``urls``, ``max_articles``, ``since``, ``until`` or ``sections`` argument),
- any sitemap or feed over its size cap (``RTNEWS_SITEMAP_MAXSIZE``): the URLs past the
  cap were never read,
- any response the raw-page archive (``RTNEWS_ARCHIVE``, ``rtnews.archive``) could not
  write (``rtnews/archive/write_errors``: the archive stopped; ``rtnews/archive/unarchived``:
  a response the WARC writer refused): the archive misses pages the run read,
- any WARC file a re-extraction (``rtnews reextract``) could not read to its end
  (``rtnews/reextract/read_errors``).

Coverage is the share of article pages (fetched, not a challenge) whose article has a
non-empty value in the field; a page that no longer looks like an article counts as
an article without any field. A failed check is logged as one ``ERROR`` line and, on
a crawl that would have finished normally, turns the finish reason into
``failed_checks`` (in the stats and ``run_<run id>.json``).

Every run gets a report, including runs that never crawled (a bad argument, another
crawl holding the state, an unusable state file or data directory): its ``status``
(``ok``, ``failed`` or ``skipped``), a one-line ``reason`` and the ``exit_code`` of
``scrapy crawl`` (``rtnews.outcome``). It is written as ``report_<run id>.json`` beside
the dataset files once the engine stops, when every component has added its stats, and
kept in the state's runs table, where ``rtnews check`` reads it. Crawls with
``RTNEWS_EXPORTS`` off write no report file.
"""

from __future__ import annotations

import dataclasses
import json
import logging
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scrapy import signals

from rtnews import outcome
from rtnews.crawlstate import CrawlState
from rtnews.idset import IdSet
from rtnews.items import Article, Story
from rtnews.outcome import NOT_STARTED, Outcome
from rtnews.runid import run_id
from rtnews.state import RunOutcome, iso

logger = logging.getLogger(__name__)
FAILED_CHECKS = "failed_checks"
NARROWING_OPTIONS = ("urls", "max_articles", "since", "until", "sections")
# Article requests refused on purpose (robots.txt, off-site): counted, but not failures.
NOT_FAILURES = frozenset({"IgnoreRequest"})


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Limits below (or above) which a run counts as failed."""

    min_body_coverage: float = 0.95
    min_date_coverage: float = 0.90
    max_challenge_share: float = 0.05
    max_failed_share: float = 0.10
    min_articles: int = 1


@dataclass(frozen=True, slots=True)
class FailedCheck:
    check: str
    value: float
    threshold: float

    def __str__(self) -> str:
        return f"{self.check}={self.value:g} (threshold {self.threshold:g})"


@dataclass
class Tally:
    """What the crawl produced, kept small: how many articles filled each combination of
    fields, not the articles (a backfill meets 1.7 million; an id costs a bit here)."""

    combinations: Counter[frozenset[str]] = field(default_factory=Counter)
    """Articles by the set of fields they fill, each article once (the first time seen)."""
    article_ids: IdSet = field(default_factory=IdSet)
    exported_by_section: Counter[str] = field(default_factory=Counter)
    stories: dict[str, dict[str, Any]] = field(default_factory=dict)

    def add(self, item: Any, exported: bool) -> None:
        if isinstance(item, Article):
            if item.article_id not in self.article_ids:
                self.article_ids.add(item.article_id)
                self.combinations[filled_fields(item)] += 1
            if exported:
                self.exported_by_section[item.section] += 1
        elif isinstance(item, Story) and exported:
            self.stories[item.story_id] = {"shown": item.article_count_shown,
                                           "members": list(item.article_ids)}

    @property
    def extracted(self) -> int:
        """Distinct articles extracted (exported or dropped)."""
        return len(self.article_ids)


def filled_fields(item: Any) -> frozenset[str]:
    """Names of the fields of a dataclass item that hold a non-empty value."""
    return frozenset(f.name for f in dataclasses.fields(item)
                     if getattr(item, f.name) not in (None, "", [], (), {}))


def field_coverage(filled: Iterable[frozenset[str]] | Counter[frozenset[str]], pages: int,
                   ) -> dict[str, float]:
    """Share of ``pages`` whose article has each ``Article`` field filled, from the field
    sets of the articles (or a count of articles by field set)."""
    combinations = filled if isinstance(filled, Counter) else Counter(filled)
    names = [f.name for f in dataclasses.fields(Article)]
    counts: Counter[str] = Counter()
    for fields, n in combinations.items():
        for name in fields:
            counts[name] += n
    return {name: round(counts[name] / pages, 4) if pages else 0.0 for name in names}


def under(stats: dict[str, Any], prefix: str) -> dict[str, int]:
    """Counters named ``<prefix><key>``, by key."""
    return {k[len(prefix):]: v for k, v in sorted(stats.items())
            if k.startswith(prefix) and isinstance(v, int)}


def http_errors(stats: dict[str, Any]) -> dict[str, int]:
    """Responses with a status of 400 or more, by status."""
    return {status: n for status, n in under(stats, "downloader/response_status_count/").items()
            if status.isdigit() and int(status) >= 400}


def is_full_run(options: Any) -> bool:
    """A crawl of the whole site: no argument narrowed it."""
    return options is None or not any(getattr(options, name, None) for name in NARROWING_OPTIONS)


def story_coverage(tally: Tally, stats: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Per story: articles shown by the site («N خبر»), listed by the pages this run could
    read (landing page, listings robots.txt allows), known members (listed or linked
    from articles, in any run), and collected: members the dataset holds (counted by the
    crawl state when there is one, else among this run's articles)."""
    result = {}
    for story_id, story in sorted(tally.stories.items()):
        members = story["members"]
        collected = stats.get(f"rtnews/stories/{story_id}/collected")
        if collected is None:
            collected = sum(1 for member in set(members) if member in tally.article_ids)
        listed = stats.get(f"rtnews/stories/{story_id}/listed", len(members))
        result[story_id] = {"shown": story["shown"], "listed": listed, "members": len(members),
                            "collected": collected,
                            "coverage": round(collected / len(members), 4) if members else None}
    return result


def thresholds(settings: Any) -> Thresholds:
    """The limits of the checks from the ``RTNEWS_REPORT_*`` settings."""
    defaults = Thresholds()
    return Thresholds(
        min_body_coverage=settings.getfloat("RTNEWS_REPORT_MIN_BODY_COVERAGE", defaults.min_body_coverage),
        min_date_coverage=settings.getfloat("RTNEWS_REPORT_MIN_DATE_COVERAGE", defaults.min_date_coverage),
        max_challenge_share=settings.getfloat("RTNEWS_REPORT_MAX_CHALLENGE_SHARE",
                                              defaults.max_challenge_share),
        max_failed_share=settings.getfloat("RTNEWS_REPORT_MAX_FAILED_SHARE", defaults.max_failed_share),
        min_articles=settings.getint("RTNEWS_REPORT_MIN_ARTICLES", defaults.min_articles))


def measure(tally: Tally, stats: dict[str, Any]) -> dict[str, Any]:
    """The numbers the checks look at."""
    extracted = tally.extracted
    pages = extracted + int(stats.get("rtnews/pages/not_article", 0))
    coverage = field_coverage(tally.combinations, pages)
    challenges = int(stats.get("rtnews/pages/challenge", 0))
    requested = int(stats.get("rtnews/links/article", 0))
    failures = sum(n for reason, n in under(stats, "rtnews/articles/failed/").items()
                   if reason not in NOT_FAILURES)
    tried = pages + challenges + failures
    return {
        "article_pages": pages,
        "articles_extracted": extracted,
        "articles_found": extracted + int(stats.get("rtnews/links/skipped/known", 0)),
        "field_coverage": coverage,
        "challenge_pages": challenges,
        "challenge_share": round(challenges / requested, 4) if requested else float(challenges > 0),
        "documents_over_cap": int(stats.get("rtnews/pages/too_big", 0)),
        "archive_errors": int(stats.get("rtnews/archive/write_errors", 0))
        + int(stats.get("rtnews/archive/unarchived", 0)),
        "unread_archives": int(stats.get("rtnews/reextract/read_errors", 0)),
        "article_failures": failures,
        "failed_share": round(failures / tried, 4) if tried else 0.0,
    }


def check_run(measured: dict[str, Any], limits: Thresholds, full_run: bool,
              finished: bool) -> list[FailedCheck]:
    """The checks the run fails; none when it looks healthy."""
    failed = []
    if measured["article_pages"]:
        for name, key, minimum in (("body_coverage", "body", limits.min_body_coverage),
                                   ("date_coverage", "published_at", limits.min_date_coverage)):
            value = measured["field_coverage"][key]
            if value < minimum:
                failed.append(FailedCheck(name, value, minimum))
    if measured["challenge_share"] > limits.max_challenge_share:
        failed.append(FailedCheck("challenge_share", measured["challenge_share"],
                                  limits.max_challenge_share))
    for name in ("documents_over_cap", "archive_errors", "unread_archives"):
        if measured[name]:  # something the run read is missing from its output
            failed.append(FailedCheck(name, measured[name], 0))
    if measured["failed_share"] > limits.max_failed_share:
        failed.append(FailedCheck("failed_share", measured["failed_share"], limits.max_failed_share))
    if full_run and finished and measured["articles_found"] < limits.min_articles:
        failed.append(FailedCheck("articles", measured["articles_found"], limits.min_articles))
    return failed


def duration(stats: dict[str, Any]) -> tuple[float, float]:
    """(seconds, pages per minute) of the crawl."""
    seconds = float(stats.get("elapsed_time_seconds") or 0.0)
    pages = int(stats.get("response_received_count", 0))
    return round(seconds, 3), round(pages * 60 / seconds, 1) if seconds else 0.0


def build_report(tally: Tally, stats: dict[str, Any], reason: str, full_run: bool,
                 failed: list[FailedCheck], limits: Thresholds, result: Outcome,
                 run: str = "", exported: int | None = None) -> dict[str, Any]:
    """The report of a run; ``exported`` is what the dataset files got (default: every
    article that passed the pipelines)."""
    measured = measure(tally, stats)
    seconds, per_minute = duration(stats)
    stories = story_coverage(tally, stats)
    return {
        "run_id": run,
        "status": result.status,
        "reason": result.reason,
        "exit_code": result.exit_code,
        "failed_checks": [dataclasses.asdict(f) for f in failed],
        "close_reason": reason,
        "finish_reason": result.finish_reason,
        "full_run": full_run,
        "started_at": timestamp(stats.get("start_time")),
        "finished_at": timestamp(stats.get("finish_time")),
        "duration_seconds": seconds,
        "pages": int(stats.get("response_received_count", 0)),
        "pages_per_minute": per_minute,
        "articles": {"exported": sum(tally.exported_by_section.values()) if exported is None
                     else exported,
                     "extracted": measured["articles_extracted"],
                     "article_pages": measured["article_pages"],
                     "failed": measured["article_failures"],
                     "failed_share": measured["failed_share"],
                     "by_section": dict(sorted(tally.exported_by_section.items()))},
        "stories": {"exported": len(stories), "by_story": stories},
        "dropped": under(stats, "rtnews/items/dropped/"),
        "field_coverage": measured["field_coverage"],
        "http_errors": http_errors(stats),
        "article_failures": under(stats, "rtnews/articles/failed/"),
        "challenge_pages": measured["challenge_pages"],
        "challenge_share": measured["challenge_share"],
        "archive": under(stats, "rtnews/archive/"),
        "reextract": under(stats, "rtnews/reextract/"),
        "killed_runs": {"repaired": int(stats.get("rtnews/state/runs_repaired", 0)),
                        "set_aside": int(stats.get("rtnews/state/runs_set_aside", 0)),
                        "lines_dropped": int(stats.get("rtnews/state/lines_dropped", 0))},
        "thresholds": dataclasses.asdict(limits),
    }


def timestamp(value: Any) -> str:
    """ISO 8601 of a stats time (a datetime), "" when there is none."""
    return iso(value) if isinstance(value, datetime) else str(value or "")


def summary_line(report: dict[str, Any]) -> str:
    cover = report["field_coverage"]
    status = report["status"] if report["status"] == "ok" else f"{report['status']} ({report['reason']})"
    if report["finish_reason"] in NOT_STARTED and not report["pages"]:
        return f"Run report: {status}; nothing crawled; exit status {report['exit_code']}"
    return (f"Run report: {status}; {report['articles']['exported']} articles exported"
            f" ({report['articles']['extracted']} extracted, {report['articles']['failed']} failed),"
            f" {report['stories']['exported']} stories; body {cover['body']:.0%},"
            f" date {cover['published_at']:.0%}; {report['challenge_pages']} challenge pages;"
            f" HTTP errors {report['http_errors']}; {report['pages']} pages in"
            f" {report['duration_seconds']:.0f} s ({report['pages_per_minute']:g}/min);"
            f" exit status {report['exit_code']}")


class RunReport:
    """Extension: tallies the run, checks it at close, reports it (see module docstring)."""

    def __init__(self, data_dir: Path, stats: Any, limits: Thresholds | None = None,
                 write: bool = True, run: str | None = None) -> None:
        self.data_dir = data_dir
        self.stats = stats
        self.limits = limits or Thresholds()
        self.write = write
        self.run_id = run or datetime.now(UTC).strftime("%Y-%m-%dT%H-%M-%S")
        self.tally = Tally()
        self.full_run = True
        self.reason: str | None = None
        self.failed: list[FailedCheck] = []
        self.path: Path | None = None
        self.outcome: Outcome | None = None
        self.notes: Any = lambda: []  # rtnews.outcome.notes of this crawl
        self.note: Any = lambda text: None
        self.state: Any = None  # the crawl state, to keep the outcome in its runs table

    @classmethod
    def from_crawler(cls, crawler: Any) -> RunReport:
        s = crawler.settings
        ext = cls(Path(s.get("RTNEWS_DATA_DIR") or "data").expanduser().resolve(), crawler.stats,
                  thresholds(s), write=s.getbool("RTNEWS_EXPORTS", True), run=run_id(crawler))
        ext.notes = lambda: outcome.notes(crawler)
        ext.note = lambda text: outcome.note(crawler, text)
        for handler, signal in ((ext.spider_opened, signals.spider_opened),
                                (ext.item_scraped, signals.item_scraped),
                                (ext.item_dropped, signals.item_dropped),
                                (ext.spider_closed, signals.spider_closed),
                                (ext.engine_stopped, signals.engine_stopped)):
            crawler.signals.connect(handler, signal=signal)
        return ext

    def spider_opened(self, spider: Any) -> None:
        """Note whether this is a full run and whether its arguments were good."""
        self.full_run = is_full_run(getattr(spider, "options", None))
        self.state = spider.crawler.get_extension(CrawlState)
        argument_error = getattr(spider, "argument_error", None)
        if argument_error:
            self.note(argument_error)

    def item_scraped(self, item: Any) -> None:
        self.tally.add(item, exported=True)

    def item_dropped(self, item: Any) -> None:
        self.tally.add(item, exported=False)

    def spider_closed(self, reason: str) -> None:
        """Check the run; runs before the exports write ``run_<run id>.json``."""
        self.reason = reason
        if reason not in NOT_STARTED:
            self.check()

    def check(self) -> None:
        """Run the checks on the stats so far; a failure marks a finished run failed."""
        assert self.reason is not None
        self.failed = check_run(measure(self.tally, self.stats.get_stats()), self.limits,
                                self.full_run, finished=self.reason == "finished")
        if not self.failed:
            return
        checks = "; ".join(str(f) for f in self.failed)
        logger.error("Run checks failed (site layout changed or crawl blocked?): %s", checks)
        if self.reason == "finished":
            self.stats.set_value("finish_reason", FAILED_CHECKS)
            self.note(f"checks failed: {checks}")

    def engine_stopped(self) -> None:
        """Report the run once every component has closed and counted.

        Components that close after this one's ``spider_closed`` (the archive's last WARC
        file) may still count errors: a run that passed its checks is checked again."""
        if self.reason is None:
            return
        if self.reason not in NOT_STARTED and not self.failed:
            self.check()
        stats = self.stats.get_stats()
        self.outcome = outcome.outcome(str(stats.get("finish_reason") or self.reason), self.notes())
        exported = int(stats.get("rtnews/exported/articles", 0)) if self.write else None
        report = build_report(self.tally, stats, self.reason, self.full_run, self.failed,
                              self.limits, self.outcome, self.run_id, exported)
        logger.log(self.level(), summary_line(report))
        if self.write:
            self.path = self.write_report(report)
        if self.state is not None:
            self.state.finish_run(RunOutcome(
                report["status"], report["finish_reason"], report["reason"],
                report["articles"]["exported"], report["finished_at"] or iso(datetime.now(UTC)),
                str(self.path) if self.path else None))

    def level(self) -> int:
        """ERROR for a crawl that failed; a run that never started logged its cause already."""
        assert self.outcome is not None
        if self.outcome.status == outcome.OK:
            return logging.INFO
        return logging.WARNING if self.outcome.finish_reason in NOT_STARTED else logging.ERROR

    def write_report(self, report: dict[str, Any]) -> Path | None:
        path = self.data_dir / f"report_{self.run_id}.json"
        tmp = path.with_suffix(".json.part")
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            tmp.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            tmp.replace(path)
        except OSError as exc:
            logger.log(logging.ERROR if report["status"] == outcome.OK else logging.WARNING,
                       "Cannot write the run report %s: %s", path, exc.strerror or exc)
            return None
        logger.info("Run report written to %s", path)
        return path
