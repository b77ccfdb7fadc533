"""Benchmark of the raw-page archive: crawl cost, WARC size, re-extraction speed, WARC libraries.

``python bench/archive_bench.py`` (``--articles N``, ``--repeat R``, ``--out DIR``) uses the
generated replica of ``bench/sitegen.py`` (served by ``python -m rtnews.replica`` in its
own process, as ``bench/run.py`` does) and prints:

1. crawl CPU per article page with the archive on and off: the full ``rt_arabic`` crawl,
   fresh data dir and state each time, ``RTNEWS_ARCHIVE=1`` / ``0`` alternating R times
   (``bench/measure.py``: user+sys CPU of the crawl process);
2. WARC bytes per response and per article page of the archive-on crawl;
3. re-extraction of that crawl's WARC files, in one process, CPU per article page
   (``time.process_time`` around the work, imports excluded), three ways:
   ``warc``: ``rtnews.reextract.reextract`` over the files (reading, page objects,
   pipelines, state, exports); ``memory``: the same run fed from responses already read
   into memory (so ``warc`` / ``memory`` is the cost of reading WARC); ``extract``:
   ``ArticlePage.extract`` + ``clean_article`` over the decoded article pages in memory
   (what ``bench/extract.py`` times). Also the ``rtnews reextract`` command whole
   (process CPU with start-up) and its wall time with ``--jobs 2``;
4. ``--libraries N``: writing and reading N article pages as gzip-per-record WARC with
   FastWARC (at the archive's gzip level and at 9) and with warcio (always level 9): the
   choice of library.

Figures go to stdout and ``DIR/archive-results.json``; logs to ``DIR/archive-<N>/``.
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

from run import PY, machine, measured, replica_server, rtnews_run  # noqa: E402
from sitegen import build_site  # noqa: E402

TARGET_CRAWL = 1.10
TARGET_REEXTRACT = 1.15


# --- in-process measurements (run as ``--inner KIND`` in a fresh process) ------------------

def load_responses(warc_dir: Path) -> list[Any]:
    """Every response of the WARC files, held in memory (out of the garbage collector's sight,
    so that holding them does not slow down what is measured)."""
    from rtnews.warc import read_responses, warc_files

    responses = [r for path in warc_files([warc_dir]) for r in read_responses(path)]
    gc.collect()
    gc.freeze()
    return responses


def article_pages(stats: dict[str, Any]) -> int:
    """Article pages the run extracted: articles, and pages that gave none (challenge, not_article)."""
    return sum(int(stats.get(f"rtnews/pages/{outcome}", 0))
               for outcome in ("article", "challenge", "not_article"))


def inner(kind: str, warc_dir: Path, out: Path) -> dict[str, Any]:
    from rtnews import reextract

    if kind == "warc":
        start = time.process_time()
        summary = reextract.reextract([warc_dir], out)
        spent = time.process_time() - start
        return {"cpu_s": spent, "pages": article_pages(summary.stats),
                "exported": summary.stats.get("rtnews/exported/articles", 0)}
    responses = load_responses(warc_dir)
    if kind == "memory":
        start = time.process_time()
        summary = reextract.write_run(reextract.response_outcomes(responses), out)
        spent = time.process_time() - start
        return {"cpu_s": spent, "pages": article_pages(summary.stats),
                "exported": summary.stats.get("rtnews/exported/articles", 0)}
    return extract_only(responses)


def extract_only(responses: list[Any]) -> dict[str, Any]:
    from datetime import UTC, datetime

    from rtnews import urls
    from rtnews.pages.article import ArticlePage
    from rtnews.pipelines import clean_article
    from rtnews.reextract import text_response

    pages = []
    for r in responses:
        info = urls.classify_url(r.url, hosts={urls.urlsplit(r.url).netloc})
        page = text_response(r) if r.status == 200 and info.kind is urls.UrlKind.ARTICLE else None
        if page is not None:
            pages.append((r.url, page.text, r.metadata.get("site", "")))
    gc.collect()
    gc.freeze()
    now = datetime.now(UTC)
    start = time.process_time()
    for url, html, site in pages:
        article = ArticlePage(url, html, site=site).extract().article
        if article is not None:
            clean_article(article, now)
    return {"cpu_s": time.process_time() - start, "pages": len(pages)}


def libraries(site: Path, count: int) -> dict[str, Any]:
    """Write and read ``count`` article pages with FastWARC and with warcio."""
    from fastwarc.warc import ArchiveIterator as FastIterator
    from warcio.archiveiterator import ArchiveIterator as WarcioIterator
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    from rtnews.warc import DEFAULT_GZIP_LEVEL, Exchange, exchange_members

    rows = [line.rstrip("\n").split("\t") for line in open(site / "pages.tsv", encoding="utf-8")][:count]
    pages = [(url, (site / name).read_bytes()) for url, _, name in rows]
    results: dict[str, Any] = {}

    def fastwarc_write(level: int) -> bytes:
        from datetime import UTC, datetime

        when = datetime.now(UTC)
        return b"".join(exchange_members(Exchange(url, 200, [(b"Content-Type", b"text/html; charset=utf-8")],
                                                  body, when, [(b"User-Agent", b"rtnews")],
                                                  metadata={"run-id": "bench"}), level)
                        for url, body in pages)

    def warcio_write() -> bytes:
        out = io.BytesIO()
        writer = WARCWriter(out, gzip=True)
        for url, body in pages:
            request = writer.create_warc_record(url, "request", payload=io.BytesIO(b""), http_headers=
                                                StatusAndHeaders("GET / HTTP/1.1", [("User-Agent", "rtnews")],
                                                                 is_http_request=True))
            response = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=
                                                 StatusAndHeaders("200 OK", [("Content-Type", "text/html")],
                                                                  protocol="HTTP/1.1"))
            metadata = writer.create_warc_record(url, "metadata", payload=io.BytesIO(b"run-id: bench\r\n"),
                                                 warc_content_type="application/warc-fields")
            writer.write_request_response_pair(request, response)
            writer.write_record(metadata)
        return out.getvalue()

    def fastwarc_read(data: bytes) -> int:
        return sum(len(r.reader.read()) for r in FastIterator(io.BytesIO(data), parse_http=True))

    def warcio_read(data: bytes) -> int:
        return sum(len(r.content_stream().read()) for r in WarcioIterator(io.BytesIO(data)))

    # warcio always compresses at level 9: FastWARC at 9 is the like-for-like comparison.
    for name, write, read in (("fastwarc", lambda: fastwarc_write(DEFAULT_GZIP_LEVEL), fastwarc_read),
                              ("fastwarc-9", lambda: fastwarc_write(9), fastwarc_read),
                              ("warcio", warcio_write, warcio_read)):
        start = time.process_time()
        data = write()
        written = time.process_time() - start
        start = time.process_time()
        read(data)
        results[name] = {"write_ms_per_page": 1000 * written / len(pages),
                         "read_ms_per_page": 1000 * (time.process_time() - start) / len(pages),
                         "bytes_per_page": len(data) / len(pages)}
    return {"pages": len(pages), **results}


# --- the benchmark ---------------------------------------------------------------------------

def run_inner(kind: str, warc_dir: Path, out: Path, workdir: Path) -> dict[str, Any]:
    shutil.rmtree(out, ignore_errors=True)  # a new state each time: every article exported
    result = workdir / f"inner-{kind}.json"
    with open(workdir / f"inner-{kind}.log", "w", encoding="utf-8") as log:
        subprocess.run([PY, str(Path(__file__)), "--inner", kind, "--warc-dir", str(warc_dir), "--out",
                        str(out), "--result", str(result)], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                       check=True)
    return json.loads(result.read_text())


def crawl_runs(site: Path, workdir: Path, repeat: int) -> dict[str, list[dict[str, Any]]]:
    runs: dict[str, list[dict[str, Any]]] = {"off": [], "on": []}
    with replica_server(site, workdir / "server.log") as base:
        for n in range(repeat):
            for label, flag in (("off", "0"), ("on", "1")):
                data = workdir / f"data-{label}-{n}"
                shutil.rmtree(data, ignore_errors=True)  # a fresh state: a full crawl, not an incremental one
                run = rtnews_run(f"crawl-{label}-{n}", base, data, workdir,
                                 ("-s", f"RTNEWS_ARCHIVE={flag}"))
                run["ms_per_page"] = 1000 * run["cpu_s"] / run["articles"] if run["articles"] else None
                runs[label].append(run)
                print(f"   crawl archive {label:<3} #{n}: {run['articles']} article pages, "
                      f"{run['responses']} responses, CPU {run['cpu_s']:.1f} s = "
                      f"{run['ms_per_page']:.2f} ms/article page, wall {run['wall_s']:.1f} s", flush=True)
    return runs


def warc_size(warc_dir: Path, stats: dict[str, Any]) -> dict[str, Any]:
    total = sum(p.stat().st_size for p in warc_dir.glob("*.warc.gz"))
    responses = stats.get("rtnews/archive/responses", 0)
    articles = stats.get("rtnews/links/article", 0)
    return {"bytes": total, "files": len(list(warc_dir.glob("*.warc.gz"))), "responses": responses,
            "bytes_per_response": total / responses if responses else None,
            "bytes_per_article_page": total / articles if articles else None}


def reextract_runs(warc_dir: Path, workdir: Path) -> dict[str, Any]:
    found = {kind: run_inner(kind, warc_dir, workdir / f"re-{kind}", workdir)
             for kind in ("warc", "memory", "extract")}
    for result in found.values():
        result["ms_per_page"] = 1000 * result["cpu_s"] / result["pages"]
        result["pages_per_s_core"] = result["pages"] / result["cpu_s"]
    for name in ("re-cli", "re-jobs2"):
        shutil.rmtree(workdir / name, ignore_errors=True)
    cli = measured("reextract-cli", [PY, "-m", "rtnews", "reextract", str(warc_dir), "--out",
                                     str(workdir / "re-cli")], workdir, cwd=ROOT)
    jobs2 = measured("reextract-jobs2", [PY, "-m", "rtnews", "reextract", str(warc_dir), "--out",
                                         str(workdir / "re-jobs2"), "--jobs", "2"], workdir, cwd=ROOT)
    return {**found, "cli": cli, "jobs2": jobs2}


def summary(result: dict[str, Any]) -> list[str]:
    on = statistics.mean(r["ms_per_page"] for r in result["crawl"]["on"])
    off = statistics.mean(r["ms_per_page"] for r in result["crawl"]["off"])
    re, size = result["reextract"], result["warc"]
    warc, memory, extract = re["warc"], re["memory"], re["extract"]
    overhead = warc["ms_per_page"] / memory["ms_per_page"]
    pages = warc["pages"]
    lines = [
        f"crawl CPU per article page: archive off {off:.2f} ms, on {on:.2f} ms: x{on / off:.3f} "
        f"(target <= {TARGET_CRAWL}: {'met' if on / off <= TARGET_CRAWL else 'MISSED'})",
        f"WARC: {size['bytes'] / 1e6:.1f} MB in {size['files']} files, "
        f"{size['bytes_per_response']:.0f} bytes per response, "
        f"{size['bytes_per_article_page']:.0f} bytes per article page",
        f"re-extraction of {pages} article pages, one core: from WARC "
        f"{warc['pages_per_s_core']:.1f} pages/s ({warc['ms_per_page']:.2f} ms/page), same run from "
        f"memory {memory['pages_per_s_core']:.1f} pages/s ({memory['ms_per_page']:.2f} ms), "
        f"extraction + cleaning only {extract['pages_per_s_core']:.1f} pages/s "
        f"({extract['ms_per_page']:.2f} ms)",
        f"WARC overhead: warc/memory x{overhead:.3f} (target < {TARGET_REEXTRACT}: "
        f"{'met' if overhead < TARGET_REEXTRACT else 'MISSED'}); "
        f"warc/extract-only x{warc['ms_per_page'] / extract['ms_per_page']:.3f}",
        f"rtnews reextract command: CPU {re['cli']['cpu_s']:.1f} s with start-up "
        f"({1000 * re['cli']['cpu_s'] / pages:.2f} ms/page), wall {re['cli']['wall_s']:.1f} s; "
        f"--jobs 2 wall {re['jobs2']['wall_s']:.1f} s",
    ]
    libs = result.get("libraries")
    if libs:
        for name in ("fastwarc", "fastwarc-9", "warcio"):
            lib = libs[name]
            lines.append(f"{name}: write {lib['write_ms_per_page']:.2f} ms/page, read "
                         f"{lib['read_ms_per_page']:.2f} ms/page, {lib['bytes_per_page']:.0f} bytes/page "
                         f"({libs['pages']} pages)")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000, help="replica size (default 5000)")
    parser.add_argument("--repeat", type=int, default=2,
                        help="crawls with the archive on and off, each (0: reuse the last run's crawls)")
    parser.add_argument("--libraries", type=int, default=2000, metavar="N",
                        help="pages for the FastWARC/warcio comparison (0: skip)")
    parser.add_argument("--out", type=Path, default=BENCH / "out", help="work folder (bench/out)")
    parser.add_argument("--inner", choices=("warc", "memory", "extract", "libraries"), help=argparse.SUPPRESS)
    parser.add_argument("--warc-dir", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--site", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.inner:
        found = (libraries(args.site, args.libraries) if args.inner == "libraries"
                 else inner(args.inner, args.warc_dir, args.out))
        args.result.write_text(json.dumps(found) + "\n")
        return 0
    out = args.out.resolve()
    site = out / f"site-{args.articles}"
    build_site(site, args.articles)
    workdir = out / f"archive-{args.articles}"
    workdir.mkdir(parents=True, exist_ok=True)
    env = machine()
    print(f"archive benchmark {env['date']} at {env['commit']}: {env['nproc']} CPUs ({env['cpu']}), "
          f"Python {env['python']}, Scrapy {env['scrapy']}", flush=True)
    result: dict[str, Any] = {"machine": env, "articles": args.articles}
    if args.libraries:
        lib_file = workdir / "libraries.json"
        subprocess.run([PY, str(Path(__file__)), "--inner", "libraries", "--site", str(site), "--libraries",
                        str(args.libraries), "--result", str(lib_file)], cwd=ROOT, check=True)
        result["libraries"] = json.loads(lib_file.read_text())
    if args.repeat:
        result["crawl"] = crawl_runs(site, workdir, args.repeat)
    else:  # re-extraction figures only, from the crawls of an earlier run
        result["crawl"] = json.loads((out / "archive-results.json").read_text())["crawl"]
    last_on = result["crawl"]["on"][-1]
    warc_dir = Path(last_on["run_file"]).parent / "warc"
    result["warc"] = warc_size(warc_dir, last_on["stats"])
    result["reextract"] = reextract_runs(warc_dir, workdir)
    print("-- figures")
    for line in summary(result):
        print("   " + line)
    (out / "archive-results.json").write_text(json.dumps(result, indent=1, default=str) + "\n")
    print(f"results: {out / 'archive-results.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
