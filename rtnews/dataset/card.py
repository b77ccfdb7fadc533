"""The dataset card (``README.md`` of the release): Hugging Face YAML front matter and prose.

Field descriptions are the attribute docstrings of ``rtnews.items`` (read with ``ast``),
the text layers are ``rtnews.textclean``'s module docstring, the politeness settings are
read from ``rtnews.settings``, and every figure comes from the build index: nothing
about the data is written here by hand. The card holds no build time, so the same inputs
give the same card.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa

from rtnews import settings, textclean
from rtnews.dataset.csvfiles import FORMULA_STARTS
from rtnews.dataset.index import BuildIndex
from rtnews.dataset.partitions import UNDATED
from rtnews.dataset.runs import RunGaps
from rtnews.dataset.schema import field_docs
from rtnews.dataset.stories import IN_RELEASE, IN_RELEASE_DOC
from rtnews.items import Article, Image, Story

NAME = "README.md"
EXAMPLES = 20  # rejected records listed one by one in the card; the rest are counted


@dataclass
class Facts:
    """Figures of one release, for the card and ``croissant.json``."""

    articles: int = 0
    revisions: int = 0
    stories: int = 0
    article_files: int = 0
    story_files: int = 0
    article_records: int = 0
    by_section: list[tuple[str, int]] = field(default_factory=list)
    by_month: list[tuple[str, int]] = field(default_factory=list)
    published: tuple[datetime | None, datetime | None] = (None, None)
    crawled: tuple[datetime | None, datetime | None] = (None, None)
    coverage: list[tuple[str, int]] = field(default_factory=list)
    near_duplicates: int = 0
    rejected: list[tuple[str, str, int]] = field(default_factory=list)
    """(file kind, reason, count)."""
    reject_examples: list[tuple[str, int, str]] = field(default_factory=list)
    torn_files: list[str] = field(default_factory=list)
    unknown_fields: list[str] = field(default_factory=list)
    gaps: RunGaps = field(default_factory=RunGaps)
    failed_missing: list[tuple[str, str]] = field(default_factory=list)
    """(article id, reason) of failed pages whose article is not in the release."""


def from_us(value: int | None) -> datetime | None:
    return None if value is None else datetime.fromtimestamp(value / 1_000_000, UTC)


def gather_facts(index: BuildIndex, names: list[str], gaps: RunGaps) -> Facts:
    q = index.query
    facts = Facts(gaps=gaps)
    facts.articles = q("SELECT COUNT(*) FROM winners")[0][0]
    facts.revisions = q("SELECT COUNT(*) FROM revisions")[0][0]
    facts.stories = q("SELECT COUNT(DISTINCT story_id) FROM story_records")[0][0]
    facts.article_files, facts.story_files = (
        q("SELECT COUNT(*) FROM inputs WHERE kind = ?", (kind,))[0][0] for kind in ("articles", "stories"))
    facts.article_records = q("SELECT COUNT(*) FROM records")[0][0]
    facts.by_section = q("SELECT section, COUNT(*) n FROM winners GROUP BY section ORDER BY n DESC, section")
    facts.by_month = q("SELECT month, COUNT(*) FROM winners GROUP BY month ORDER BY month")
    low, high, first, last = q("SELECT MIN(published_us), MAX(published_us), MIN(NULLIF(crawled_us, 0)),"
                               " MAX(NULLIF(crawled_us, 0)) FROM winners")[0]
    facts.published, facts.crawled = (from_us(low), from_us(high)), (from_us(first), from_us(last))
    sums = ", ".join(f"SUM((filled >> {i}) & 1)" for i in range(len(names)))
    if facts.articles:
        facts.coverage = list(zip(names, q(f"SELECT {sums} FROM winners")[0], strict=True))
    facts.near_duplicates = q("SELECT COUNT(*) FROM temp.near")[0][0]
    facts.rejected = q("SELECT kind, reason, COUNT(*) n FROM rejects GROUP BY kind, reason"
                       " ORDER BY n DESC, reason")
    facts.reject_examples = [(Path(p).name, line, reason) for p, line, reason in q(
        "SELECT path, line, reason FROM rejects ORDER BY path, line LIMIT ?", (EXAMPLES,))]
    facts.torn_files = [Path(p).name for (p,) in q("SELECT path FROM inputs WHERE torn_tail ORDER BY path")]
    facts.unknown_fields = sorted({name for (names_,) in q("SELECT unknown_fields FROM inputs")
                                   for name in names_.split(",") if name})
    facts.failed_missing = sorted((i, r) for i, r in gaps.failed_pages.items() if not index.present([i]))
    return facts


# --- rendering -------------------------------------------------------------------------------


def type_name(arrow: pa.DataType) -> str:
    """A short readable type.

    >>> type_name(pa.list_(pa.string())), type_name(pa.timestamp("us", tz="UTC"))
    ('list of string', 'timestamp (µs, UTC)')
    """
    if pa.types.is_list(arrow):
        return f"list of {type_name(arrow.value_type)}"
    if pa.types.is_struct(arrow):
        return "struct {" + ", ".join(f.name for f in arrow) + "}"
    if pa.types.is_timestamp(arrow):
        return "timestamp (µs, UTC)"
    return str(arrow)


def hf_feature(f: pa.Field, indent: str) -> list[str]:
    """One feature in Hugging Face's ``dataset_info`` YAML."""
    lines = [f"{indent}- name: {f.name}"]
    arrow = f.type
    if pa.types.is_list(arrow) and pa.types.is_struct(arrow.value_type):
        lines.append(f"{indent}  list:")
        for sub in arrow.value_type:
            lines += hf_feature(sub, indent + "  ")
    elif pa.types.is_list(arrow):
        lines.append(f"{indent}  list: {hf_dtype(arrow.value_type)}")
    else:
        lines.append(f"{indent}  dtype: {hf_dtype(arrow)}")
    return lines


def hf_dtype(arrow: pa.DataType) -> str:
    return "timestamp[us, tz=UTC]" if pa.types.is_timestamp(arrow) else str(arrow)


def size_category(n: int) -> str:
    """
    >>> size_category(44), size_category(100_000), size_category(2_500_000)
    ('n<1K', '100K<n<1M', '1M<n<10M')
    """
    bounds = [(1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"), (1_000_000, "100K<n<1M"),
              (10_000_000, "1M<n<10M"), (100_000_000, "10M<n<100M")]
    return next((label for bound, label in bounds if n < bound), "n>1T")


def front_matter(articles: pa.Schema, stories: pa.Schema, facts: Facts) -> str:
    lines = [
        "---",
        "language:",
        "- ar",
        "# Set by the publisher: see \"Terms of the source and licence\" below.",
        "license: unknown",
        f"pretty_name: {json.dumps('RT Arabic news (arabic.rt.com), collected with rtnews')}",
        "size_categories:",
        f"- {size_category(facts.articles)}",
        "tags:",
        "- news",
        "- arabic",
        "configs:",
        "- config_name: articles",
        "  default: true",
        "  data_files:",
        "  - split: train",
        "    path: articles/*/*/*.parquet",
        "- config_name: revisions",
        "  data_files:",
        "  - split: train",
        "    path: revisions/*/*/*.parquet",
        "- config_name: stories",
        "  data_files:",
        "  - split: train",
        "    path: stories.parquet",
        "dataset_info:",
    ]
    for config, schema in (("articles", articles), ("revisions", articles), ("stories", stories)):
        lines += [f"- config_name: {config}", "  features:"]
        for f in schema:
            lines += hf_feature(f, "  ")
    return "\n".join(lines) + "\n---\n"


def when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else "—"


def field_table(schema: pa.Schema, docs: dict[str, str]) -> list[str]:
    lines = ["| field | type | null | format |", "|---|---|---|---|"]
    for f in schema:
        doc = docs.get(f.name, "").replace("|", "\\|")
        lines.append(f"| `{f.name}` | {type_name(f.type)} | {'yes' if f.nullable else 'no'} | {doc} |")
    return lines


def table(header: tuple[str, str], rows: list[tuple[Any, Any]]) -> list[str]:
    return [f"| {header[0]} | {header[1]} |", "|---|---:|", *(f"| {a} | {b} |" for a, b in rows)]


def month_label(month: str) -> str:
    return "no publication date" if month == UNDATED else month


def percent(n: int, total: int) -> str:
    return f"{n / total:.1%}" if total else "—"


def counts_section(facts: Facts) -> list[str]:
    low, high = facts.published
    undated = dict(facts.by_month).get(UNDATED, 0)
    return [
        "## Counts", "",
        f"{facts.articles} articles, published from {when(low)} to {when(high)}"
        + (f" ({undated} without a publication date)" if undated else "")
        + f"; crawled from {when(facts.crawled[0])} to {when(facts.crawled[1])}. "
        f"{facts.revisions} revisions, {facts.stories} stories, "
        f"{facts.near_duplicates} articles flagged as near-duplicates of an earlier one.", "",
        "### Articles by section", "", *table(("section", "articles"), facts.by_section), "",
        "### Articles by month of publication (UTC)", "",
        *table(("month", "articles"), [(month_label(m), n) for m, n in facts.by_month]), "",
        "### Field coverage", "",
        "The share of articles whose field holds a value (not null, not empty):", "",
        *table(("field", "articles with a value"),
               [(f"`{name}`", f"{n} ({percent(n, facts.articles)})") for name, n in facts.coverage]), "",
    ]


def gaps_section(facts: Facts) -> list[str]:
    gaps = facts.gaps
    lines = ["## Known gaps", ""]
    items = []
    if facts.failed_missing:
        reasons = Counter(reason for _, reason in facts.failed_missing)
        items.append(f"{len(facts.failed_missing)} article pages that failed and are not in the release, by "
                     "reason (from the crawl state files): "
                     + ", ".join(f"{r} {n}" for r, n in sorted(reasons.items()))
                     + ". Ids: " + ", ".join(i for i, _ in facts.failed_missing[:50])
                     + (" …" if len(facts.failed_missing) > 50 else "") + ".")
    if gaps.article_failures:
        items.append("Article page failures reported by the runs (a page failing on several runs counts "
                      "once per run): "
                      + ", ".join(f"{r} {n}" for r, n in sorted(gaps.article_failures.items())) + ".")
    if gaps.robots_forbidden:
        items.append(f"{gaps.robots_forbidden} requests were not made because robots.txt forbids them "
                     "(Scrapy's `robotstxt/forbidden`, summed over the runs' stats): story listing pages "
                     "the site disallows are among them, so a story's `article_ids` can miss articles "
                     "its landing page does not show.")
    else:
        items.append("robots.txt forbade none of the requests the runs made (Scrapy's "
                     "`robotstxt/forbidden` is 0 in every run's stats).")
    if gaps.failed_runs:
        items.append(f"{len(gaps.failed_runs)} of {gaps.reports} runs failed their checks: "
                     + "; ".join(f"`{name}` ({', '.join(checks) or 'unknown'})"
                                 for name, checks in gaps.failed_runs) + ".")
    total = sum(n for _, _, n in facts.rejected)
    if total:
        items.append(f"{total} records did not fit the schema and are left out: "
                     + "; ".join(f"{kind}: {reason} ({n})" for kind, reason, n in facts.rejected) + ". "
                     + "First ones: " + ", ".join(f"`{f}` line {line} ({reason})"
                                                  for f, line, reason in facts.reject_examples) + ".")
    else:
        items.append("No record was rejected: every JSON Lines record fitted the schema.")
    if facts.torn_files:
        items.append("Files ending in a torn line (a crawl killed while writing; the line is left out): "
                     + ", ".join(f"`{f}`" for f in facts.torn_files) + ".")
    if facts.unknown_fields:
        items.append("Fields found in the records that this version of the schema does not know (left out): "
                     + ", ".join(f"`{f}`" for f in facts.unknown_fields) + ".")
    if gaps.unreadable:
        items.append("Unreadable report, stats or state files: "
                     + ", ".join(f"`{Path(f).name}`" for f in gaps.unreadable) + ".")
    items.append("Articles the crawl never discovered are missing without trace: the crawl follows the "
                 "site's sitemaps, feeds, section, story and tag pages, and an article none of them lists "
                 "is not collected.")
    return lines + [f"- {item}" for item in items] + [""]


def release_version(facts: Facts) -> str:
    """The release's version: the UTC date of its newest crawl, as ``YYYY.M.D``."""
    newest = facts.crawled[1]
    return f"{newest.year}.{newest.month}.{newest.day}" if newest else "0.0.0"


def text_layers() -> str:
    """What ``rtnews.textclean``'s docstring says of the two layers (its notes on speed left out)."""
    paragraphs = (textclean.__doc__ or "").strip().split("\n\n")
    return "\n\n".join(p for p in paragraphs if "ayer" in p or p.startswith("==="))


def politeness() -> str:
    return (f"robots.txt obeyed (`ROBOTSTXT_OBEY = {settings.ROBOTSTXT_OBEY}`), at most "
            f"{settings.CONCURRENT_REQUESTS_PER_DOMAIN} concurrent requests to the site, a delay of "
            f"{settings.DOWNLOAD_DELAY} s between requests with AutoThrottle "
            f"(`AUTOTHROTTLE_ENABLED = {settings.AUTOTHROTTLE_ENABLED}`, target concurrency "
            f"{settings.AUTOTHROTTLE_TARGET_CONCURRENCY}, up to {settings.AUTOTHROTTLE_MAX_DELAY} s), "
            f"{settings.RETRY_TIMES} retries, no cookies, and a User-Agent that names the project: "
            f"`{settings.USER_AGENT}`")


def intro(facts: Facts) -> list[str]:
    return [
        "# RT Arabic news (arabic.rt.com): articles and stories", "",
        f"{facts.articles} news articles in Arabic from RT Arabic («روسيا اليوم», https://arabic.rt.com), "
        f"one row each, with {facts.revisions} revisions and {facts.stories} stories (the site's topic "
        f"collections), collected by rtnews in {facts.article_files} crawl run(s). "
        f"Version {release_version(facts)}: the date of the newest crawl it holds. "
        "Built with `rtnews dataset build`; check the files with `rtnews dataset verify <this folder>` "
        "(see `MANIFEST`).", "",
    ]


LOADING = [
    "## Loading", "",
    "```python",
    "import pandas as pd",
    "articles = pd.read_parquet(\"articles\")  # adds year and month (categories) from the folders",
    "stories = pd.read_parquet(\"stories.parquet\")",
    "```", "",
    "```sql",
    "-- DuckDB",
    "SELECT section, count(*) FROM read_parquet('articles/**/*.parquet', hive_partitioning = false)",
    "GROUP BY section;",
    "```", "",
    "```python",
    "import polars as pl",
    "articles = pl.read_parquet(\"articles/**/*.parquet\", hive_partitioning=False)",
    "from datasets import load_dataset",
    "articles = load_dataset(\"parquet\", data_files=\"articles/*/*/*.parquet\")[\"train\"]",
    "articles = load_dataset(\"<this folder or its Hub id>\", \"articles\")[\"train\"]",
    "```", "",
    "Every reader gets the same columns with the same types. Readers that understand Hive "
    "folders (pandas by default, DuckDB and polars with `hive_partitioning=true`) add `year` "
    "and `month` columns from the folder names, typed as each reader likes (categories, text "
    "or integers); switch it off for exactly the columns below.", "",
]


def files_section(with_csv: bool) -> list[str]:
    lines = [
        "## Files", "",
        "| path | what it holds |", "|---|---|",
        "| `articles/year=YYYY/month=MM/articles-YYYY-MM.parquet` | one row per article, its newest "
        "revision; by the UTC month of `published_at` (`year=0000/month=00`: no publication date) |",
        "| `revisions/year=YYYY/month=MM/revisions-YYYY-MM.parquet` | every revision the crawls exported, "
        "once each (same columns; `near_duplicate_of` as the crawl recorded it) |",
        "| `stories.parquet` | one row per story |",
    ]
    if with_csv:
        starts = ", ".join(f"`{c!r}`" if c in "\t\r" else f"`{c}`" for c in FORMULA_STARTS)
        lines.append("| `csv/articles-YYYY-MM.csv`, `csv/stories.csv` | the same tables for spreadsheets: "
                     "UTF-8 with BOM, lists as JSON text, times in UTC, formula-safe cells (a cell "
                     f"starting with {starts} gets a leading `'`) |")
    return [
        *lines,
        "| `croissant.json` | MLCommons Croissant metadata of the same files |",
        "| `MANIFEST` | every file with rows, bytes and SHA-256 |", "",
        "Rows are sorted by publication time, then by article id; the files are written with fixed "
        "Parquet settings, so the same input runs always give the same bytes.", "",
    ]


def collection_section() -> list[str]:
    return [
        "## Source", "",
        "RT Arabic, the Arabic-language service of the Russian state broadcaster RT, at "
        "https://arabic.rt.com. Its articles are news reports, often credited to agencies (the "
        "`source` field).", "",
        "## How it was collected", "",
        "The `rt_arabic` Scrapy spider of rtnews discovers articles through robots.txt and its sitemaps "
        "(the sitemap index, its yearly parts and the news sitemap), the main and section RSS feeds, the "
        "home and section pages, story landing pages with their \"load more\" listings and tag pages; "
        "every link is classified by URL, and article URLs are reduced to one canonical form per article "
        "id (AMP, short, http and tracking variants collapse). Each article page is parsed from its "
        "JSON-LD first, then its meta tags, then the article markup; challenge pages and pages without "
        "title or body are never exported. Runs are incremental: an article already exported is not "
        "fetched again unless a re-fetch finds its text changed, which exports a new revision.", "",
        f"Politeness (the project's default settings): {politeness()}.", "",
    ]


def identity_section(facts: Facts) -> list[str]:
    return [
        "## Identity and deduplication", "",
        "`url_hash` identifies an article (it is derived from `article_id`, so every URL variant gives "
        "the same one). The `articles` table holds each article once: the record with the highest "
        "`revision`, then the newest `crawled_at`, across every run and every data directory. "
        f"{facts.article_records} article records were read; {facts.article_records - facts.articles} "
        "of them were older revisions or repeats (a crawl state reset exports everything again). "
        "`near_duplicate_of` is recomputed over the whole release with `rtnews.fingerprint`: articles "
        "are taken in publication order (earlier published first, then lower id; undated last), and "
        "an article whose `simhash` is near an earlier one's names the closest (then lowest id) of "
        "them.", "",
    ]


def fields_section(articles: pa.Schema, stories: pa.Schema) -> list[str]:
    story_docs = {**field_docs(Story), IN_RELEASE: IN_RELEASE_DOC}
    images = pa.schema(list(articles.field("images").type.value_type))
    return [
        "## Fields", "",
        "### articles and revisions", "",
        *field_table(articles, field_docs(Article)), "",
        "`images` items:", "",
        *field_table(images, field_docs(Image)), "",
        "Ids and hashes are strings; times are UTC timestamps with microsecond precision (the JSON "
        "Lines give them as ISO 8601 with the page's offset). A field is nullable when the item "
        "allows None or was added after the first exports: records of older crawls hold null there.", "",
        "### stories", "",
        *field_table(stories, story_docs), "",
        "Each story row folds the records of every run: the newest record's values, the earliest "
        "`first_seen_at`, the latest `last_seen_at` and the union of `article_ids`.", "",
        "## The two text layers", "",
        "`title`, `lead`, `body`, `author`, `source`, captions and story titles hold layer 1 (the text as "
        "published, minus invisible characters); the `*_norm` fields hold layer 2, folded for search and "
        "deduplication. From `rtnews.textclean`:", "",
        "```text", text_layers(), "```", "",
    ]


TERMS = [
    "## Terms of the source and licence", "",
    "The texts, titles and images belong to RT (ANO TV-Novosti) and to the agencies they credit. "
    "rtnews does not grant any licence to them, and the `license` field of this card is left "
    "`unknown` on purpose. Before publishing or sharing this dataset, the publisher must read the "
    "site's terms of use and robots.txt as they stand at publication, check what copyright and "
    "database law allow where they and their users are (text and data mining exceptions, "
    "research use, quotation), and set `license` accordingly; RT may be subject to sanctions "
    "or broadcasting restrictions in some jurisdictions, which can also limit redistribution.", "",
]


def render(articles: pa.Schema, stories: pa.Schema, facts: Facts, with_csv: bool) -> str:
    lines = [*intro(facts), *LOADING, *files_section(with_csv), *collection_section(),
             *identity_section(facts), *fields_section(articles, stories), *counts_section(facts),
             *gaps_section(facts), *TERMS]
    return front_matter(articles, stories, facts) + "\n".join(lines)


def write(out: Path, articles: pa.Schema, stories: pa.Schema, facts: Facts, with_csv: bool) -> None:
    (out / NAME).write_text(render(articles, stories, facts, with_csv), encoding="utf-8", newline="\n")
