"""Extraction fidelity over the gold set: exact match per field and word-shingle F1 of the body.

The truth does not come from the extractor: for replica cases it is the replica's
content file (the text the pages were made from, layer-1 cleaned); for the real
www.rt.com pages it is a reference body kept as hashed word 3-shingles
(``reference.json``: no third-party text in the repository), built once from the
paragraphs the page notes in ``../shared/rt_html/README.md`` name as the article text.

    python -m tests.fidelity           # print the table
"""

from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rtnews.dates import parse_iso, to_utc_iso
from rtnews.pages.article import ArticlePage, decode_html
from rtnews.replica import templates
from rtnews.textclean import clean_body, clean_text, fold_text, is_boilerplate_line
from tests.gold import cases, input_path

ROOT = Path(__file__).resolve().parent.parent
FIELDS = ("title", "lead", "body", "source", "author", "section", "tags", "story_ids", "published_at",
          "section_label")
AMP_FIELDS = ("title", "body", "source", "section", "published_at")


@dataclass
class Score:
    case: str
    exact: dict[str, bool] = field(default_factory=dict)
    body_f1: float | None = None


def shingle_hashes(text: str) -> set[str]:
    """Hashed word 3-shingles of the folded text (hashes, so references can be stored)."""
    words = fold_text(text).split()
    grams = {" ".join(words[i:i + 3]) for i in range(max(len(words) - 2, 1))} if words else set()
    return {hashlib.sha1(g.encode()).hexdigest()[:12] for g in grams}


def f1(got: set[str], want: set[str]) -> float:
    if not got or not want:
        return float(got == want)
    hits = len(got & want)
    precision, recall = hits / len(got), hits / len(want)
    return 0.0 if hits == 0 else 2 * precision * recall / (precision + recall)


def content_truth() -> dict[str, dict[str, Any]]:
    import tomllib

    data = tomllib.loads((ROOT / "rtnews/replica/content/articles.toml").read_text(encoding="utf-8"))
    tags = {t["key"]: clean_text(t["name"]) for t in data["tag"]}
    stories = {s["key"]: str(s["number"]) for s in data["story"]}
    truth = {}
    for a in data["article"]:
        # Hashtag-only lines (#…_rtonline) are the site's social tags, not text.
        body = [p for p in a["body"] if not is_boilerplate_line(p)]
        author = a.get("author") or None
        if "byline_in_text" in a.get("features", []):
            author = clean_text(body.pop().split(":", 1)[1])
        published = parse_iso(a["published"])
        truth[str(a["id"])] = {
            "title": clean_text(a["title"]), "lead": clean_text(a["lead"]), "body": clean_body(body),
            "source": clean_text(a.get("source")) or None, "author": clean_text(author) or None,
            "section": a["section"], "tags": [tags[k] for k in a.get("tags", [])],
            "story_ids": [stories[k] for k in a.get("stories", [])],
            "published_at": to_utc_iso(published) if published else None,
            "section_label": section_label(a),
        }
    return truth


def section_label(article: dict[str, Any]) -> str:
    """The label the replica prints: the 2020 template its section's name, the current one
    the page's own label or its section's."""
    if {"legacy", "classic"} & set(article.get("features", [])):
        return templates.SECTION_NAMES.get(article["section"], article["section"])
    return article.get("label") or templates.SECTION_LABELS.get(article["section"]) or \
        templates.SECTION_NAMES.get(article["section"], article["section"])


def extracted(case: Path) -> dict[str, Any] | None:
    """Layer-1 fields as exported (the pipeline's cleaning applied)."""
    from datetime import UTC, datetime

    from rtnews.pipelines import clean_article

    meta = json.loads((case / "meta.json").read_text(encoding="utf-8"))
    path = input_path(meta, case)
    if not path.exists():
        return None
    result = ArticlePage(meta["url"], decode_html(path.read_bytes(), meta.get("charset"))).extract()
    if result.article is None:
        return None
    article = clean_article(result.article, datetime.now(UTC))
    return {name: getattr(article, name) for name in FIELDS}


def score_case(case: Path, truth: dict[str, dict[str, Any]]) -> Score | None:
    meta = json.loads((case / "meta.json").read_text(encoding="utf-8"))
    got = extracted(case)
    if got is None:
        return None
    if meta.get("third_party"):
        reference = json.loads((case / "reference.json").read_text(encoding="utf-8"))
        score = Score(case.name, {"published_at": got["published_at"] == reference["published_at"]})
        score.body_f1 = f1(shingle_hashes(got["body"]), set(reference["body_shingles"]))
        return score
    want = truth[case.name.split("-")[1]]
    names = AMP_FIELDS if case.name.endswith("-amp") else FIELDS
    score = Score(case.name, {name: got[name] == want[name] for name in names})
    score.body_f1 = f1(shingle_hashes(got["body"]), shingle_hashes(want["body"]))
    return score


def score_all() -> list[Score]:
    truth = content_truth()
    return [s for s in (score_case(c, truth) for c in cases()) if s is not None]


def table(scores: list[Score]) -> str:
    lines = [f"{'case':<22} " + " ".join(f"{n[:9]:>9}" for n in FIELDS) + "   body F1"]
    for s in scores:
        cells = " ".join(f"{'ok' if s.exact[n] else 'MISS':>9}" if n in s.exact else f"{'-':>9}"
                         for n in FIELDS)
        f1_text = f"{s.body_f1:.3f}" if s.body_f1 is not None else "-"
        lines.append(f"{s.case:<22} {cells}   {f1_text}")
    exact = [v for s in scores for v in s.exact.values()]
    lines.append(f"fields exact: {sum(exact)}/{len(exact)}; cases: {len(scores)}")
    return "\n".join(lines)


def main() -> int:
    scores = score_all()
    print(table(scores))
    return 0 if all(all(s.exact.values()) for s in scores) else 1


if __name__ == "__main__":
    sys.exit(main())
