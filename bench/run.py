"""Benchmark: rtnews against bare Scrapy and trafilatura on a large synthetic replica.

``python bench/run.py`` (``--articles N``, ``--sizes 5000,50000``, ``--out DIR``,
``--quick``, ``--profile``, ``--variants``, ``--extract-pages N``, ``--peer-pages N``) builds a
replica of N article pages of about 80 KB with the replica's templates (``bench/sitegen.py``),
serves it with ``python -m rtnews.replica`` in a separate process, and measures on the
same pages:

  a  bare Scrapy seeded with the article URLs, doing nothing per page
  b  seeded Scrapy, title and paragraphs with parsel into JSON Lines
  c  the full ``rt_arabic`` crawl (discovery, extraction, cleaning, dedup, exports),
     fresh data dir and state
  e  ``rt_arabic`` again on the unchanged replica with the same data dir and state
  d  ``trafilatura.extract`` in-process over the page files (at most ``--extract-pages``)
  x  rtnews ``ArticlePage.extract`` + ``clean_article`` in-process over the same files

then, on the first size only, the peers table (``bench/peers.py``: rtnews, trafilatura in
its default and ``fast=True`` modes, readability, newspaper4k, goose3, and the bare
lxml / parsel / selectolax parses, each in its own process on the same ``--peer-pages``
pages, with recall and precision against the pages' own paragraphs) and the extraction
target's figure: rtnews and trafilatura's two modes timed in turns on each of those pages
in one process (``peers.py --paired``), and at the end an
extrapolation of the full crawl to the whole site (``SITE_ARTICLES``): memory from the
growth of peak RSS between the sizes, CPU hours, and wall time at the live politeness
settings of ``rtnews/settings.py``.

Each run is a subprocess measured by ``bench/measure.py`` (wall time, user+sys CPU and
peak RSS of that one process, from ``resource.getrusage(RUSAGE_CHILDREN)``); page
counts come from the crawl's own stats. Figures go to stdout, ``DIR/results.json``
and ``DIR/results.md``; logs to ``DIR/run-<N>/``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

import peers  # noqa: E402
from sitegen import build_site  # noqa: E402

PY = sys.executable
# The same Scrapy settings for every crawl; ROBOTSTXT_OBEY=0 is added for a and b only.
COMMON = [
    "-s", "LOG_LEVEL=INFO", "-s", "TELNETCONSOLE_ENABLED=0", "-s", "REMOTE_CONTROL_ENABLED=0",
    "-s", "CONCURRENT_REQUESTS=16", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16",
    "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "HTTPCACHE_ENABLED=0",
]
# --variants: the full crawl with one part taken away at a time.
VARIANTS = {
    "c-seeded": ("-a", "urls={urls}"),
    "c-no-exports": ("-s", "RTNEWS_EXPORTS=0"),
    "c-no-pipelines": ("-s", "ITEM_PIPELINES={}"),
    "c-no-archive": ("-s", "RTNEWS_ARCHIVE=0"),
    "c-no-robots": ("-s", "ROBOTSTXT_OBEY=0"),
}
TARGET_CB = 1.5  # issue 13 (ambition 1.3)
TARGET_EXTRACT = 2.5  # times faster than trafilatura fast=True (ambition 4)
TARGET_RSS = 1.3
SITE_ARTICLES = 1_700_000  # article ids of arabic.rt.com (issue 13)
LABELS = {
    "a": "a bare Scrapy, seeded",
    "b": "b seeded + parsel to JSONL",
    "c": "c rt_arabic full crawl",
    "e": "e rt_arabic incremental",
    "d": "d trafilatura in-process",
    "x": "x rtnews extract+clean in-process",
    "c-seeded": "c, seeded with the URLs (-a urls=)",
    "c-no-exports": "c, -s RTNEWS_EXPORTS=0 (no files, no archive, state read-only)",
    "c-no-pipelines": "c, -s ITEM_PIPELINES={}",
    "c-no-archive": "c, -s RTNEWS_ARCHIVE=0",
    "c-no-robots": "c, -s ROBOTSTXT_OBEY=0 (as a and b)",
}


# --- environment ------------------------------------------------------------------------

def machine() -> dict[str, Any]:
    import lxml
    import parsel
    import scrapy
    import trafilatura

    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), "commit": commit(),
        "nproc": len(os.sched_getaffinity(0)), "cpu": model,
        "python": platform.python_version(), "scrapy": scrapy.__version__,
        "lxml": lxml.__version__, "parsel": parsel.__version__,
        "trafilatura": trafilatura.__version__,
        "peers": {name: version(name)
                  for name in ("readability-lxml", "newspaper4k", "goose3", "selectolax")},
    }


def version(package: str) -> str:
    from importlib import metadata

    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def commit() -> str:
    """The checked-out commit, with "+changes" when rtnews/ has uncommitted edits (read-only git)."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                              text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "rtnews"], cwd=ROOT,
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + ("+changes" if dirty else "")


# --- running things ---------------------------------------------------------------------

class Replica:
    """The replica server process and its URL."""

    def __init__(self, proc: subprocess.Popen[str], url: str) -> None:
        self.proc, self.url = proc, url

    def check(self, name: str, run: dict) -> dict:
        """A crawl measured while the server was gone measured nothing: mark it failed."""
        if self.proc.poll() is not None:
            print(f"  ! the replica server stopped (exit {self.proc.returncode}) by the end of run {name}: "
                  "its figures are void")
            run["returncode"] = run["returncode"] or 1
            run["server_stopped"] = True
        return run


@contextmanager
def replica_server(site: Path, log: Path) -> Iterator[Replica]:
    """The replica server in its own process (its CPU is not the crawler's)."""
    with open(log, "w", encoding="utf-8") as err:
        proc = subprocess.Popen([PY, "-m", "rtnews.replica", "--port", "0", "--site", str(site)],
                                cwd=ROOT, stdout=subprocess.PIPE, stderr=err, text=True)
        try:
            assert proc.stdout is not None
            url = proc.stdout.readline().strip()
            if not url.startswith("http"):
                raise RuntimeError(f"replica server did not start, see {log}")
            yield Replica(proc, url)
        finally:
            proc.terminate()
            proc.wait(timeout=30)


def measured(name: str, cmd: list[str], workdir: Path, cwd: Path,
             env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run ``cmd`` under bench/measure.py; its output goes to ``workdir/<name>.log``."""
    cost_file = workdir / f"{name}.cost.json"
    with open(workdir / f"{name}.log", "w", encoding="utf-8") as log:
        subprocess.run([PY, str(BENCH / "measure.py"), "--json", str(cost_file), "--", *cmd],
                       cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT, check=False)
    cost = json.loads(cost_file.read_text())
    if cost["returncode"] != 0:
        print(f"  ! run {name} exited with {cost['returncode']}, see {workdir / (name + '.log')}")
    return cost


def bare_env() -> dict[str, str]:
    """Environment for a and b: plain Scrapy defaults, not the rtnews project settings.

    scrapy.cfg maps the project name "default" to rtnews.settings; naming a project it
    does not list leaves Scrapy with its defaults (same effect as running outside the repo).
    """
    env = {k: v for k, v in os.environ.items() if k != "SCRAPY_SETTINGS_MODULE"}
    env["SCRAPY_PROJECT"] = "bench_bare_scrapy"
    return env


def read_stats(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))["stats"]
    except (OSError, ValueError, KeyError):
        return {}


def new_run_file(data: Path, known: set[Path]) -> Path | None:
    found = sorted(set(data.glob("run_*.json")) - known, key=lambda p: p.stat().st_mtime)
    return found[-1] if found else None


def seeded_run(name: str, spider: str, urls: Path, workdir: Path, extra: list[str]) -> dict:
    stats_file = workdir / f"{name}.stats.json"
    cmd = [PY, "-m", "scrapy", "runspider", str(BENCH / spider), "-a", f"urls={urls}",
           "-a", f"stats={stats_file}", *COMMON, "-s", "ROBOTSTXT_OBEY=0", *extra]
    cost = measured(name, cmd, workdir, cwd=workdir, env=bare_env())
    stats = read_stats(stats_file)
    pages = stats.get("item_scraped_count", 0) if name == "b" else stats.get(
        "downloader/response_status_count/200", 0)
    return {**cost, "stats": stats, "articles": pages,
            "responses": stats.get("downloader/response_count", 0)}


def log_stats(log: Path) -> dict[str, int]:
    """Integer stats from the "Dumping Scrapy stats" block of a crawl log (when no run file)."""
    text = log.read_text(encoding="utf-8", errors="replace")
    block = text[text.rfind("Dumping Scrapy stats"):]
    return {k: int(v) for k, v in re.findall(r"'([^']+)': (\d+),?\n", block)}


def rtnews_run(name: str, base: str, data: Path, workdir: Path, extra: tuple[str, ...] = ()) -> dict:
    known = set(data.glob("run_*.json"))
    cmd = [PY, "-m", "scrapy", "crawl", "rt_arabic", "-a", f"base_url={base}",
           "-s", f"RTNEWS_DATA_DIR={data}", "-s", f"RTNEWS_STATE={data / 'state.sqlite'}", *COMMON,
           *extra]
    cost = measured(name, cmd, workdir, cwd=ROOT)
    run_file = new_run_file(data, known)
    stats = read_stats(run_file) if run_file else log_stats(workdir / f"{name}.log")
    return {**cost, "stats": stats, "run_file": str(run_file) if run_file else None,
            "articles": stats.get("rtnews/links/article", 0),
            "responses": stats.get("downloader/response_count", 0),
            "exported": stats.get("rtnews/exported/articles", 0)}


def variant_runs(base: str, urls: Path, workdir: Path) -> dict[str, dict]:
    """rt_arabic with one part taken away at a time, each with a fresh state: where c's CPU goes."""
    runs = {}
    for key, extra in VARIANTS.items():
        args = tuple(a.replace("{urls}", str(urls)) for a in extra)
        runs[key] = rtnews_run(key, base, workdir / f"data-{key}", workdir, args)
        show(key, runs[key])
    return runs


def extract_run(name: str, engine: str, site: Path, workdir: Path, profile: bool, limit: int) -> dict:
    out = workdir / f"{name}.extract.json"
    cmd = [PY, str(BENCH / "extract.py"), "--engine", engine, "--site", str(site), "--out", str(out)]
    if limit:
        cmd += ["--limit", str(limit)]
    if profile:
        cmd += ["--profile", str(workdir / f"profile-{engine}.txt")]
    cost = measured(name, cmd, workdir, cwd=ROOT)
    result = json.loads(out.read_text()) if out.exists() else {}
    return {**cost, **result, "articles": result.get("pages", 0), "responses": None}


def run_size(n: int, out: Path, profile: bool, variants: bool, extract_pages: int,
             peer_pages: int) -> dict[str, Any]:
    site = out / f"site-{n}"
    started = time.perf_counter()
    meta = build_site(site, n)
    print(f"\n== {n} articles: replica {site} ({meta['routes']} routes, {meta['stories']} stories, "
          f"article pages {meta['avg_page_bytes'] / 1000:.1f} KB on average, built/reused in "
          f"{time.perf_counter() - started:.0f} s)")
    workdir = out / f"run-{n}"
    if workdir.exists():
        shutil.rmtree(workdir)
    workdir.mkdir(parents=True)
    data = workdir / "data"
    runs: dict[str, dict] = {}
    with replica_server(site, workdir / "server.log") as server:
        base = server.url
        urls = workdir / "urls.txt"
        with open(site / "pages.tsv", encoding="utf-8") as rows, open(urls, "w") as f:
            for row in rows:
                f.write(base + row.split("\t")[1] + "\n")
        print(f"   server {base} (separate process)")
        runs["a"] = server.check("a", seeded_run("a", "spider_bare.py", urls, workdir, []))
        show("a", runs["a"])
        runs["b"] = server.check("b", seeded_run(
            "b", "spider_parsel.py", urls, workdir,
            ["-O", str(workdir / "b.jsonl"), "-s", "FEED_EXPORT_ENCODING=utf-8"]))
        show("b", runs["b"])
        runs["c"] = server.check("c", rtnews_run("c", base, data, workdir))
        show("c", runs["c"])
        runs["e"] = server.check("e", rtnews_run("e", base, data, workdir))
        show("e", runs["e"])
        if variants:
            runs.update(variant_runs(base, urls, workdir))
    runs["d"] = extract_run("d", "trafilatura", site, workdir, profile, extract_pages)
    show("d", runs["d"])
    runs["x"] = extract_run("x", "rtnews", site, workdir, profile, extract_pages)
    show("x", runs["x"])
    peer_results = peers.run_all(site, peer_pages, workdir, PY) if peer_pages else []
    pair = peers.paired(site, peer_pages, workdir, PY) if peer_pages else {}
    return {"articles": n, "site": meta, "runs": runs, "peers": peer_results, "paired": pair,
            "figures": figures(runs, pair)}


# --- figures ----------------------------------------------------------------------------

def per_page_ms(run: dict) -> float | None:
    if "ms_per_page" in run:  # in-process extraction: the extractor's own process time
        return float(run["ms_per_page"])
    return 1000 * run["cpu_s"] / run["articles"] if run.get("articles") else None


def row(key: str, run: dict) -> dict[str, Any]:
    ms = per_page_ms(run)
    return {
        "run": LABELS[key], "articles": run.get("articles", 0), "responses": run.get("responses"),
        "wall_s": run["wall_s"], "pages_per_s": (run["articles"] / run["wall_s"]
                                                 if run.get("articles") and run["wall_s"] else None),
        "cpu_s": run["cpu_s"], "cpu_ms_per_page": ms, "peak_rss_mb": run["maxrss_kb"] / 1024,
    }


def fmt(value: Any, spec: str) -> str:
    return "—" if value is None else format(value, spec)


def show(key: str, run: dict) -> None:
    r = row(key, run)
    print(f"   {r['run']:<34} articles {r['articles']:>6}  responses {fmt(r['responses'], '>6')}  "
          f"wall {r['wall_s']:7.1f} s  {fmt(r['pages_per_s'], '7.1f')} pages/s  "
          f"CPU {fmt(r['cpu_ms_per_page'], '6.2f')} ms/page  peak RSS {r['peak_rss_mb']:6.1f} MB")


def ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def figures(runs: dict[str, dict], pair: dict) -> dict[str, Any]:
    ms = {k: per_page_ms(r) for k, r in runs.items()}
    peer_ms = pair.get("ms_per_page", {})
    e = runs["e"]
    new = e.get("exported", 0)
    return {
        "cpu_per_page_c_over_b": ratio(ms["c"], ms["b"]),
        "cpu_per_page_c_over_a": ratio(ms["c"], ms["a"]),
        "extract_ms_rtnews": ms["x"], "extract_ms_trafilatura": ms["d"],
        "extract_speedup": ratio(ms["d"], ms["x"]),
        "peer_ms_rtnews": peer_ms.get("rtnews"), "peer_ms_trafilatura_fast": peer_ms.get("trafilatura-fast"),
        "peer_ms_trafilatura": peer_ms.get("trafilatura"),
        "speedup_vs_trafilatura_fast": ratio(peer_ms.get("trafilatura-fast"), peer_ms.get("rtnews")),
        "speedup_vs_trafilatura_default": ratio(peer_ms.get("trafilatura"), peer_ms.get("rtnews")),
        "e_article_requests": e.get("articles", 0), "e_new_articles": new,
        "e_requests_per_new_article": ratio(e.get("articles", 0), new) if new else None,
        "c_articles_exported": runs["c"].get("exported", 0),
    }


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else "met" if ok else "MISSED"


def print_figures(result: dict) -> None:
    f, n = result["figures"], result["articles"]
    cb, ca, speed = f["cpu_per_page_c_over_b"], f["cpu_per_page_c_over_a"], f["extract_speedup"]
    print(f"-- figures at {n} articles")
    print(f"   CPU per page c/b: {fmt(cb, '.2f')} (target <= {TARGET_CB}: "
          f"{verdict(None if cb is None else cb <= TARGET_CB)})")
    print(f"   CPU per page c/a: {fmt(ca, '.2f')}")
    print(f"   extraction+cleaning vs trafilatura default (d, x): rtnews "
          f"{fmt(f['extract_ms_rtnews'], '.2f')} ms/page, trafilatura "
          f"{fmt(f['extract_ms_trafilatura'], '.2f')} ms/page, speed-up {fmt(speed, '.2f')}x")
    fast = f["speedup_vs_trafilatura_fast"]
    if f["peer_ms_rtnews"] is not None:
        print(f"   extraction+cleaning vs trafilatura fast=True (paired): rtnews "
              f"{fmt(f['peer_ms_rtnews'], '.2f')} ms/page, trafilatura fast "
              f"{fmt(f['peer_ms_trafilatura_fast'], '.2f')} ms/page, speed-up "
              f"{fmt(fast, '.2f')}x (target >= {TARGET_EXTRACT}x: "
              f"{verdict(None if fast is None else fast >= TARGET_EXTRACT)}); default mode "
              f"{fmt(f['speedup_vs_trafilatura_default'], '.2f')}x")
    req, new = f["e_article_requests"], f["e_new_articles"]
    per_new = (f"requests per new article: {f['e_requests_per_new_article']:.2f}" if new
               else f"no new article; article requests: {req}")
    print(f"   run e (incremental): article requests {req}, new articles {new}, {per_new} "
          f"(target 0 article requests: {verdict(req == 0)})")


def rss_ratios(results: list[dict]) -> dict[str, Any] | None:
    if len(results) < 2:
        return None
    small, big = results[0], results[-1]
    by_run = {k: big["runs"][k]["maxrss_kb"] / small["runs"][k]["maxrss_kb"]
              for k in ("a", "b", "c", "e") if small["runs"][k]["maxrss_kb"]}
    growth = {k: (big["runs"][k]["maxrss_kb"] - small["runs"][k]["maxrss_kb"])
              / (big["articles"] - small["articles"]) for k in ("a", "b", "c")}
    return {"small": small["articles"], "big": big["articles"], "ratios": by_run,
            "kb_per_article": growth}


def print_rss(rss: dict) -> None:
    c = rss["ratios"].get("c")
    others = ", ".join(f"{k} {v:.2f}" for k, v in rss["ratios"].items() if k != "c")
    growth = ", ".join(f"{k} {v:.2f}" for k, v in rss["kb_per_article"].items())
    print(f"-- peak RSS {rss['big']}/{rss['small']}: c {fmt(c, '.2f')} (target <= {TARGET_RSS}: "
          f"{verdict(None if c is None else c <= TARGET_RSS)}); {others}; growth in KB per "
          f"article: {growth}")


def live_request_rate() -> float:
    """Requests per second the live settings allow at most: one per DOWNLOAD_DELAY per slot.

    Scrapy spaces the requests of one slot (the site is one) by DOWNLOAD_DELAY, randomized
    0.5-1.5x around it, whatever the concurrency; AutoThrottle only ever raises the delay.
    """
    from rtnews import settings

    return 1 / settings.DOWNLOAD_DELAY


def extrapolate(results: list[dict], rss: dict | None) -> dict[str, Any]:
    """The full crawl (c) scaled to SITE_ARTICLES: memory, CPU hours, wall time when polite."""
    big = results[-1]
    c, x = big["runs"]["c"], big["runs"]["x"]
    ms_c, ms_x = per_page_ms(c), per_page_ms(x)
    responses_per_article = c["responses"] / c["articles"] if c.get("articles") else None
    if rss:
        slope_kb = rss["kb_per_article"]["c"]
        rss_mb = (c["maxrss_kb"] + slope_kb * (SITE_ARTICLES - big["articles"])) / 1024
    else:
        slope_kb, rss_mb = None, None
    rate = live_request_rate()
    requests = SITE_ARTICLES * (responses_per_article or 1)
    return {
        "articles": SITE_ARTICLES, "from_size": big["articles"],
        "c_peak_rss_mb": rss_mb, "c_kb_per_article": slope_kb,
        "c_cpu_hours": ms_c * SITE_ARTICLES / 3.6e6 if ms_c else None,
        "x_cpu_hours": ms_x * SITE_ARTICLES / 3.6e6 if ms_x else None,
        "responses_per_article": responses_per_article, "live_requests_per_s": rate,
        "live_wall_days": requests / rate / 86400,
        "live_wall_days_at_1_per_s": requests / 86400,
    }


def print_extrapolation(ex: dict) -> None:
    print(f"-- extrapolated to {ex['articles']:,} articles (from {ex['from_size']:,}): full crawl peak RSS "
          f"{fmt(ex['c_peak_rss_mb'], ',.0f')} MB ({fmt(ex['c_kb_per_article'], '.2f')} KB per article), "
          f"CPU {fmt(ex['c_cpu_hours'], '.1f')} h (re-extraction in-process "
          f"{fmt(ex['x_cpu_hours'], '.1f')} h); live politeness at most {ex['live_requests_per_s']:.1f} "
          f"requests/s, {fmt(ex['responses_per_article'], '.2f')} responses per article: at least "
          f"{ex['live_wall_days']:.1f} days wall ({ex['live_wall_days_at_1_per_s']:.1f} days at 1 request/s)")


def markdown(results: list[dict], env: dict, rss: dict | None, command: str, ex: dict) -> str:
    lines = [f"Command: `{command}`", "",
             f"{env['date']}, commit {env['commit']}; {env['nproc']} CPUs ({env['cpu']}); "
             f"Python {env['python']}, "
             f"Scrapy {env['scrapy']}, lxml {env['lxml']}, parsel {env['parsel']}, "
             f"trafilatura {env['trafilatura']}.", ""]
    for res in results:
        lines += [f"#### {res['articles']} articles (pages {res['site']['avg_page_bytes'] / 1000:.1f} KB "
                  "on average)", "",
                  "| run | article pages | responses | wall s | pages/s | CPU s | CPU ms/page "
                  "| peak RSS MB |",
                  "|---|---:|---:|---:|---:|---:|---:|---:|"]
        for key in ("a", "b", "c", "e", "d", "x", *(k for k in VARIANTS if k in res["runs"])):
            r = row(key, res["runs"][key])
            lines.append(
                f"| {r['run']} | {r['articles']} | {fmt(r['responses'], 'd')} | {r['wall_s']:.1f} | "
                f"{fmt(r['pages_per_s'], '.1f')} | {r['cpu_s']:.1f} | {fmt(r['cpu_ms_per_page'], '.2f')} | "
                f"{r['peak_rss_mb']:.1f} |")
        f = res["figures"]
        lines += ["", f"- CPU per page c/b **{fmt(f['cpu_per_page_c_over_b'], '.2f')}**, "
                  f"c/a {fmt(f['cpu_per_page_c_over_a'], '.2f')}",
                  f"- extraction+cleaning {fmt(f['extract_ms_rtnews'], '.2f')} ms/page vs trafilatura "
                  f"{fmt(f['extract_ms_trafilatura'], '.2f')} ms/page (d, x): "
                  f"{fmt(f['extract_speedup'], '.2f')}×" + (
                      f"; against trafilatura fast=True, timed in turns on the peers' pages "
                      f"**{fmt(f['speedup_vs_trafilatura_fast'], '.2f')}×** (default mode "
                      f"{fmt(f['speedup_vs_trafilatura_default'], '.2f')}×)" if res.get("peers") else ""),
                  f"- run e: **{f['e_article_requests']}** article requests, "
                  f"{f['e_new_articles']} new articles", ""]
        if res.get("peers"):
            lines += [f"Peers at {res['articles']} articles:", "", *peers.table_lines(res["peers"]), ""]
    if rss:
        lines.append(f"Peak RSS {rss['big']}/{rss['small']}: " + ", ".join(
            f"{k} **{v:.2f}**" if k == "c" else f"{k} {v:.2f}" for k, v in rss["ratios"].items())
            + "; growth in KB per article: " + ", ".join(
                f"{k} {v:.2f}" for k, v in rss["kb_per_article"].items()))
        lines.append("")
    lines.append(
        f"Extrapolated to {ex['articles']:,} articles: full crawl peak RSS "
        f"{fmt(ex['c_peak_rss_mb'], ',.0f')} MB, CPU {fmt(ex['c_cpu_hours'], '.1f')} h (in-process "
        f"re-extraction {fmt(ex['x_cpu_hours'], '.1f')} h), at least {ex['live_wall_days']:.1f} days at "
        f"{ex['live_requests_per_s']:.1f} requests/s ({ex['live_wall_days_at_1_per_s']:.1f} days at 1/s).")
    return "\n".join(lines) + "\n"


# --- command line -----------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000, help="replica size (default 5000)")
    parser.add_argument("--sizes", help="comma list of sizes, e.g. 5000,20000 (adds the RSS ratio)")
    parser.add_argument("--out", type=Path, default=BENCH / "out", help="work folder (bench/out)")
    parser.add_argument("--quick", action="store_true", help="200 articles: the smoke test")
    parser.add_argument("--profile", action="store_true",
                        help="also cProfile both in-process extractors (run-<N>/profile-*.txt)")
    parser.add_argument("--variants", action="store_true",
                        help="also run rt_arabic seeded, without exports and without pipelines")
    parser.add_argument("--extract-pages", type=int, default=5000,
                        help="in-process runs d and x read at most this many pages (0: all; default 5000)")
    parser.add_argument("--peer-pages", type=int, default=500,
                        help="pages of the peers table, on the first size (0: no peers; default 500)")
    args = parser.parse_args(argv)
    if args.quick:
        args.peer_pages = min(args.peer_pages, 10)
    sizes = ([200] if args.quick else [int(s) for s in args.sizes.split(",")] if args.sizes
             else [args.articles])
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    env = machine()
    print(f"rtnews benchmark {env['date']} at {env['commit']}: {env['nproc']} CPUs ({env['cpu']}), "
          f"Python {env['python']}, Scrapy {env['scrapy']}, lxml {env['lxml']}, "
          f"trafilatura {env['trafilatura']}")
    results = []
    for n in sorted(sizes):
        results.append(run_size(n, out, args.profile, args.variants, args.extract_pages,
                                args.peer_pages if not results else 0))
        print_figures(results[-1])
    rss = rss_ratios(results)
    if rss:
        print_rss(rss)
    ex = extrapolate(results, rss)
    print_extrapolation(ex)
    command = "python bench/run.py " + " ".join(argv if argv is not None else sys.argv[1:])
    (out / "results.json").write_text(json.dumps(
        {"command": command, "machine": env, "results": results, "rss": rss, "extrapolation": ex},
        indent=1, default=str) + "\n", encoding="utf-8")
    (out / "results.md").write_text(markdown(results, env, rss, command.strip(), ex), encoding="utf-8")
    print(f"\nresults: {out / 'results.json'}, {out / 'results.md'}")
    failed = [k for res in results for k, r in res["runs"].items() if r["returncode"] != 0]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
