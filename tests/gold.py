"""Gold extraction fixtures: cases, what the extractor gives for them, and their regeneration.

Each case is a folder under ``tests/fixtures/articles/`` with ``meta.json`` (URL, what
it covers, where its HTML is) and ``expected.json`` (sorted keys, Arabic unescaped).
The input HTML of a replica case is the replica's own page (``"input": "replica:<path>"``,
looked up in the site's ``routes.json``), so the page is not kept twice; rebuilding the
replica with other markup shows up here, and ``python -m tests.gold`` then records the
deliberate change. Cases built from third-party pages (the real www.rt.com pages in
``../shared/rt_html/``) read the page from there and store text fields only as a SHA-1
and a length, so no third-party text is committed.

    python -m tests.gold            # rewrite every expected.json after a deliberate change
    python -m tests.gold --make     # also (re)create the replica cases from the built site
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import hashlib
import json
from pathlib import Path
from typing import Any

from rtnews.pages.article import ArticlePage, decode_html
from rtnews.pipelines import clean_article

ROOT = Path(__file__).resolve().parent.parent
CASES = Path(__file__).resolve().parent / "fixtures" / "articles"
SHARED = ROOT.parent / "shared"
SITE = ROOT / "rtnews" / "replica" / "site"
# Fields whose value depends on the run (its time, the crawl state), not on the page.
VOLATILE = {"crawled_at", "revision", "near_duplicate_of"}
# In third-party cases these fields are stored as {"sha1", "chars"} instead of text.
PRIVATE_TEXT = {"title", "lead", "body", "title_norm", "lead_norm", "body_norm", "images",
                "related_urls", "content_hash"}
NOW = "2026-11-01T00:00:00+00:00"


def input_path(meta: dict[str, Any], case: Path) -> Path:
    source = meta.get("input", "input.html")
    if source.startswith("replica:"):
        return SITE / routes()[source.removeprefix("replica:")]["file"]
    return SHARED / source.removeprefix("shared:") if source.startswith("shared:") else case / source


@functools.cache
def routes() -> dict[str, Any]:
    return json.loads((SITE / "routes.json").read_text(encoding="utf-8"))


def extract(case: Path) -> dict[str, Any] | None:
    """The article a case's page gives, as the exported dict; None when its input is absent."""
    from datetime import datetime

    meta = json.loads((case / "meta.json").read_text(encoding="utf-8"))
    path = input_path(meta, case)
    if not path.exists():
        return None
    html = decode_html(path.read_bytes(), meta.get("charset"))
    result = ArticlePage(meta["url"], html).extract()
    if result.article is None:
        return {"reason": result.reason}
    article = clean_article(result.article, datetime.fromisoformat(NOW))
    record = {k: v for k, v in dataclasses.asdict(article).items() if k not in VOLATILE}
    return private(record) if meta.get("third_party") else record


def digest(value: Any) -> dict[str, Any]:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)
    return {"sha1": hashlib.sha1(text.encode()).hexdigest(), "chars": len(text)}


def private(record: dict[str, Any]) -> dict[str, Any]:
    return {k: digest(v) if k in PRIVATE_TEXT else v for k, v in record.items()}


def cases() -> list[Path]:
    return sorted(p for p in CASES.iterdir() if (p / "meta.json").exists()) if CASES.exists() else []


def write_expected(case: Path) -> None:
    record = extract(case)
    if record is None:
        print(f"skip {case.name}: input absent")
        return
    (case / "expected.json").write_text(
        json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {case.name}")


def make_replica_cases() -> None:
    """One case per replica article page (from the built site, origin as on the real site)."""
    from rtnews import urls

    for path, route in sorted(routes().items()):
        info = urls.classify_url("https://arabic.rt.com" + path)
        if info.kind is not urls.UrlKind.ARTICLE or "file" not in route:
            continue
        amp = path.endswith("/amp/")
        case = CASES / (f"replica-{info.article_id}" + ("-amp" if amp else ""))
        if amp and not case.exists():
            continue  # one AMP case covers the AMP template
        case.mkdir(parents=True, exist_ok=True)
        charset = route["type"].split("charset=")[-1]
        meta = {"url": "https://arabic.rt.com" + path, "charset": charset, "input": "replica:" + path,
                "covers": "replica page" + (" (AMP variant)" if amp else "")}
        old = case / "meta.json"
        if old.exists():
            meta = {**meta, **json.loads(old.read_text(encoding="utf-8"))}
        old.write_text(json.dumps(meta, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                       encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--make", action="store_true", help="recreate replica cases from the site")
    args = parser.parse_args()
    if args.make:
        make_replica_cases()
    for case in cases():
        write_expected(case)


if __name__ == "__main__":
    main()
