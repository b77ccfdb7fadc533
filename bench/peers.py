"""Benchmark peers table: rtnews next to other article extractors and the bare parsers.

``python bench/peers.py --engine NAME --site DIR --pages N --out FILE.json`` runs one
engine in this process over N article pages of a generated site (``bench/sitegen.py``),
drawn with a fixed seed, and writes its figures; without ``--engine`` it runs every engine,
each in its own process, and prints the table. ``bench/run.py`` calls it per engine,
and with ``--paired rtnews,trafilatura-fast,trafilatura`` for the extraction target:
those engines in one process taking turns on each page, so that the machine's drift
hits them alike.

For each page, read just before, the engine's own call is timed with
``time.process_time`` (file reading and the scoring below excluded); a pass over the
pages that takes under 10 s is run three times and the fastest kept (all but
newspaper4k and goose3 at 500 pages).
Extractors are scored against the paragraphs the generator wrote into the page
(``sitegen.make_pages``, rebuilt from its seed):

- recall: the share of the page's body paragraphs found in the extracted text;
- precision: the share of extracted paragraphs (non-empty lines) that are body text,
  i.e. lie inside the page's body (a line under 30 characters only when it is a whole
  body paragraph, so stray words of the page chrome do not count as found text).

Both are averaged over pages; text is compared after NFC and whitespace collapsing.
The ``*-parse`` engines only parse (the floor any extractor on that parser pays);
the ``*-paragraphs`` engines parse and read ``div.text p``, the least an extraction of
these pages needs. An engine whose package is missing reports ``missing``.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import time
import unicodedata
import warnings
from collections.abc import Callable
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

Run = Callable[[str, str], Any]
Paragraphs = Callable[[Any], list[str] | None]
SHORT_LINE = 30
# A pass shorter than this is repeated, up to BEST_OF passes, and the fastest kept: on a
# shared machine a single short pass can be slowed by a neighbour's burst.
QUICK_PASS_S = 10.0
BEST_OF = 3


# --- engines: each gives (version, run(url, html) -> output, paragraphs(output)) ----------

def lines(text: str | None) -> list[str]:
    return [line for line in (text or "").split("\n") if line.strip()]


def rtnews_engine() -> tuple[str, Run, Paragraphs]:
    from rtnews.pages.article import ArticlePage
    from rtnews.pipelines import clean_article

    now = datetime.now(UTC)

    def run(url: str, html: str) -> Any:
        article = ArticlePage(url, html).extract().article
        return clean_article(article, now) if article is not None else None
    return "working tree", run, lambda a: a.body.split("\n\n") if a is not None else []


def trafilatura_engine(fast: bool) -> Callable[[], tuple[str, Run, Paragraphs]]:
    def make() -> tuple[str, Run, Paragraphs]:
        import trafilatura

        def run(url: str, html: str) -> Any:
            return trafilatura.extract(html, fast=fast)
        return trafilatura.__version__, run, lines
    return make


def readability_engine() -> tuple[str, Run, Paragraphs]:
    import lxml.html
    from readability import Document

    def paragraphs(summary: str) -> list[str]:
        root = lxml.html.fragment_fromstring(summary, create_parent="div")
        found = [el.text_content() for el in root.iter("p", "h2", "h3", "h4", "li", "blockquote", "pre")]
        return [t for t in found if t.strip()] or lines(root.text_content())

    def run(url: str, html: str) -> Any:
        return Document(html).summary(html_partial=True)
    return metadata.version("readability-lxml"), run, paragraphs


def newspaper_engine() -> tuple[str, Run, Paragraphs]:
    # The public suffix list must come from tldextract's bundled copy, not the network.
    import tldextract.tldextract as tld

    tld.TLD_EXTRACTOR = tld.TLDExtract(suffix_list_urls=())
    from newspaper import Article, Config

    config = Config()
    config.fetch_images = False
    config.memorize_articles = False
    config.language = "ar"

    def run(url: str, html: str) -> Any:
        article = Article(url, config=config)
        article.download(input_html=html)
        article.parse()
        return article.text
    return metadata.version("newspaper4k"), run, lines


def goose_engine() -> tuple[str, Run, Paragraphs]:
    from goose3 import Goose

    goose = Goose({"enable_image_fetching": False, "target_language": "ar", "use_meta_language": False})

    def run(url: str, html: str) -> Any:
        return goose.extract(raw_html=html).cleaned_text
    return metadata.version("goose3"), run, lines


def lxml_parse_engine() -> tuple[str, Run, Paragraphs]:
    import lxml
    import lxml.html

    def run(url: str, html: str) -> Any:
        lxml.html.document_fromstring(html)  # freed here, as an extractor frees its tree
    return lxml.__version__, run, lambda _: None


def parsel_parse_engine() -> tuple[str, Run, Paragraphs]:
    from parsel import Selector

    def run(url: str, html: str) -> Any:
        Selector(text=html)
    return metadata.version("parsel"), run, lambda _: None


def selectolax_parse_engine() -> tuple[str, Run, Paragraphs]:
    from selectolax.lexbor import LexborHTMLParser

    def run(url: str, html: str) -> Any:
        LexborHTMLParser(html)
    return metadata.version("selectolax"), run, lambda _: None


def lxml_paragraphs_engine() -> tuple[str, Run, Paragraphs]:
    import lxml
    import lxml.html

    def run(url: str, html: str) -> Any:
        root = lxml.html.document_fromstring(html)
        return [" ".join(p.text_content().split())
                for p in root.xpath("//div[contains(concat(' ', @class, ' '), ' text ')]//p")]
    return lxml.__version__, run, lambda found: found


def selectolax_paragraphs_engine() -> tuple[str, Run, Paragraphs]:
    from selectolax.lexbor import LexborHTMLParser

    def run(url: str, html: str) -> Any:
        return [" ".join((node.text() or "").split()) for node in LexborHTMLParser(html).css("div.text p")]
    return metadata.version("selectolax"), run, lambda found: found


# name: (label, factory). Order is the table's order.
ENGINES: dict[str, tuple[str, Callable[[], tuple[str, Run, Paragraphs]]]] = {
    "rtnews": ("rtnews extract + clean", rtnews_engine),
    "trafilatura": ("trafilatura (default)", trafilatura_engine(False)),
    "trafilatura-fast": ("trafilatura fast=True", trafilatura_engine(True)),
    "readability": ("readability-lxml", readability_engine),
    "newspaper4k": ("newspaper4k", newspaper_engine),
    "goose3": ("goose3", goose_engine),
    "lxml-parse": ("floor: lxml parse", lxml_parse_engine),
    "parsel-parse": ("floor: parsel Selector", parsel_parse_engine),
    "selectolax-parse": ("floor: selectolax (lexbor) parse", selectolax_parse_engine),
    "lxml-paragraphs": ("lxml parse + div.text p", lxml_paragraphs_engine),
    "selectolax-paragraphs": ("selectolax parse + div.text p", selectolax_paragraphs_engine),
}


# --- truth and scoring -------------------------------------------------------------------

def norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def page_truth(site: Path) -> dict[str, list[str]]:
    """Body paragraphs by canonical URL, rebuilt from the generator's seed."""
    from sitegen import make_pages, make_stories

    n = json.loads((site / "bench-site.json").read_text())["articles"]
    return {p.url: [norm(x) for x in p.body] for p in make_pages(n, make_stories(n))}


def score(found: list[str], truth: list[str]) -> tuple[float, float]:
    """(recall, precision) of the extracted paragraphs against the page's own ones."""
    found = [x for x in map(norm, found) if x]
    body, whole = " \n ".join(truth), set(truth)
    extracted = " \n ".join(found)
    recall = sum(p in extracted for p in truth) / len(truth) if truth else 1.0
    inside = [x in whole or (len(x) >= SHORT_LINE and x in body) for x in found]
    precision = sum(inside) / len(found) if found else 0.0
    return recall, precision


def sample_pages(site: Path, count: int) -> list[tuple[str, Path]]:
    """``count`` pages drawn with a fixed seed, in site order.

    Not every k-th page: the generator varies templates, authors, images and AMP links
    with the page number modulo 2, 3, 5 and 10, which a fixed step would alias.
    """
    rows = [line.rstrip("\n").split("\t") for line in open(site / "pages.tsv", encoding="utf-8")]
    chosen = sorted(random.Random(13).sample(range(len(rows)), min(count, len(rows)))) if count else []
    return [(rows[i][0], site / rows[i][2]) for i in chosen]


# --- one engine --------------------------------------------------------------------------

def timed_pass(run: Run, pages: list[tuple[str, Path]]) -> tuple[float, list[Any]]:
    """CPU seconds of the engine's calls over the pages, and its outputs.

    Each page is read just before its call (not timed), as ``bench/extract.py`` does and
    as a crawl hands over a page it has just decoded, so no engine meets a page that has
    left the CPU caches.
    """
    spent, outputs = 0.0, []
    for url, path in pages:
        html = path.read_text(encoding="utf-8")
        start = time.process_time()
        outputs.append(run(url, html))
        spent += time.process_time() - start
    return spent, outputs


def run_engine(name: str, site: Path, count: int) -> dict[str, Any]:
    label, factory = ENGINES[name]
    warnings.simplefilter("ignore")
    try:
        version, run, paragraphs = factory()
    except ImportError as exc:
        return {"engine": name, "label": label, "missing": str(exc)}
    pages = sample_pages(site, count)
    run(pages[0][0], pages[0][1].read_text(encoding="utf-8"))  # imports and caches warm
    spent, outputs = timed_pass(run, pages)
    passes = 1
    while passes < BEST_OF and spent < QUICK_PASS_S:
        spent = min(spent, timed_pass(run, pages)[0])
        passes += 1
    result: dict[str, Any] = {"engine": name, "label": label, "version": version, "pages": len(pages),
                              "ms_per_page": round(1000 * spent / len(pages), 3), "passes": passes}
    if paragraphs(outputs[0]) is not None:
        truth = page_truth(site)
        scores = [score(paragraphs(out) or [], truth.get(url, [])) for (url, _), out in zip(
            pages, outputs, strict=True)]
        result["recall"] = round(sum(r for r, _ in scores) / len(scores), 4)
        result["precision"] = round(sum(p for _, p in scores) / len(scores), 4)
        result["perfect_pages"] = sum(r == 1.0 and p == 1.0 for r, p in scores)
    return result


def run_paired(names: list[str], site: Path, count: int) -> dict[str, Any]:
    """Several engines in one process, taking turns on each page: CPU ms per page of each.

    The machine's speed drifts (a neighbour's burst, frequency scaling); engines timed in
    turns on the same page see the same drift, so their ratio holds where separate runs
    minutes apart can differ by a third. Fastest of three passes per engine.
    """
    warnings.simplefilter("ignore")
    runs = {name: ENGINES[name][1]()[1] for name in names}
    pages = sample_pages(site, count)
    first = pages[0][1].read_text(encoding="utf-8")
    for run in runs.values():
        run(pages[0][0], first)
    best = dict.fromkeys(names, float("inf"))
    for _ in range(BEST_OF):
        spent = dict.fromkeys(names, 0.0)
        for url, path in pages:
            html = path.read_text(encoding="utf-8")
            for name, run in runs.items():
                start = time.process_time()
                run(url, html)
                spent[name] += time.process_time() - start
        best = {name: min(best[name], spent[name]) for name in names}
    return {"pages": len(pages), "ms_per_page": {n: round(1000 * t / len(pages), 3) for n, t in best.items()}}


# --- the table ---------------------------------------------------------------------------

def fmt(value: Any, spec: str) -> str:
    return "—" if value is None else format(value, spec)


def table_lines(results: list[dict[str, Any]]) -> list[str]:
    """Markdown rows: engine, ms/page, relative to rtnews, recall, precision."""
    base = next((r.get("ms_per_page") for r in results if r["engine"] == "rtnews"), None)
    out = ["| engine | version | pages | CPU ms/page | × rtnews time | recall | precision |",
           "|---|---|---:|---:|---:|---:|---:|"]
    for r in results:
        if "missing" in r:
            out.append(f"| {r['label']} | not installed | | | | | |")
            continue
        ms = r["ms_per_page"]
        out.append(f"| {r['label']} | {r['version']} | {r['pages']} | {ms:.2f} | "
                   f"{fmt(ms / base if base else None, '.2f')} | {fmt(r.get('recall'), '.3f')} | "
                   f"{fmt(r.get('precision'), '.3f')} |")
    return out


def show(r: dict[str, Any]) -> None:
    if "missing" in r:
        print(f"   peer {r['label']:<34} not installed ({r['missing']})")
        return
    print(f"   peer {r['label']:<34} pages {r['pages']:>5}  CPU {r['ms_per_page']:7.2f} ms/page  "
          f"recall {fmt(r.get('recall'), '.3f')}  precision {fmt(r.get('precision'), '.3f')}")


PAIRED = ["rtnews", "trafilatura-fast", "trafilatura"]


def paired(site: Path, count: int, workdir: Path, python: str = sys.executable) -> dict[str, Any]:
    """``run_paired`` of rtnews and trafilatura's two modes in a process of its own."""
    out = workdir / "paired.json"
    subprocess.run([python, str(Path(__file__)), "--paired", ",".join(PAIRED), "--site", str(site),
                    "--pages", str(count), "--out", str(out)], capture_output=True, check=False)
    return json.loads(out.read_text()) if out.exists() else {}


def run_all(site: Path, count: int, workdir: Path, python: str = sys.executable) -> list[dict[str, Any]]:
    """Every engine in its own process (imports and caches of one never help another)."""
    results = []
    for name in ENGINES:
        out = workdir / f"peer-{name}.json"
        proc = subprocess.run([python, str(Path(__file__)), "--engine", name, "--site", str(site),
                               "--pages", str(count), "--out", str(out)],
                              capture_output=True, text=True, check=False)
        if proc.returncode != 0 or not out.exists():
            results.append({"engine": name, "label": ENGINES[name][0],
                            "missing": f"failed: {proc.stderr.strip().splitlines()[-1:] or proc.returncode}"})
        else:
            results.append(json.loads(out.read_text()))
        show(results[-1])
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, required=True, help="a site built by bench/sitegen.py")
    parser.add_argument("--pages", type=int, default=500, help="pages spread over the site (default 500)")
    parser.add_argument("--engine", choices=sorted(ENGINES), help="run one engine, write --out")
    parser.add_argument("--paired", help="comma list of engines timed in turns in one process")
    parser.add_argument("--out", type=Path, help="JSON result (with --engine or --paired)")
    args = parser.parse_args(argv)
    if args.paired:
        text = json.dumps(run_paired(args.paired.split(","), args.site, args.pages))
        if args.out:
            args.out.write_text(text + "\n", encoding="utf-8")
        print(text)
        return 0
    if args.engine:
        result = run_engine(args.engine, args.site, args.pages)
        text = json.dumps(result)
        if args.out:
            args.out.write_text(text + "\n", encoding="utf-8")
        else:
            print(text)
        return 0
    workdir = args.out or Path(".")
    workdir.mkdir(parents=True, exist_ok=True)
    print("\n".join(table_lines(run_all(args.site, args.pages, workdir))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
