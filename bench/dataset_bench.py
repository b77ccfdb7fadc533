"""Benchmark of ``rtnews dataset build``: a full build of N generated article records, then the
incremental rebuild after one more daily run, with wall time, CPU and peak RSS of each.

    python bench/dataset_bench.py                       # 100,000 records in 100 runs + 300 new
    python bench/dataset_bench.py --records 2000 --new 30   # the smoke test's size

The records are ``dataclasses.asdict`` of real ``rtnews.items.Article`` / ``Story`` objects,
with the shapes of crawled ones: 150–600 words of Arabic body (about 9.6 KB a JSON line,
``body`` and its layer-2 ``body_norm`` made by ``rtnews.textclean.fold_text``), one to three
images, tags, story ids, related URLs, dates with a +03:00 offset spread over 36 months, 1 %
second revisions, 2 % near-duplicate simhashes, 60 stories re-exported by every run. Each
build runs as a child of ``bench/measure.py`` so its peak RSS is its own. Everything goes
to ``--out`` (default ``bench/out/dataset``, git-ignored).
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import random
import shutil
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

from words import SOURCES, WORDS

from rtnews.items import Article, Image, Story
from rtnews.textclean import fold_text

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
MOSCOW = timezone(timedelta(hours=3))
NEWEST = datetime(2026, 5, 25, 12, 0, tzinfo=MOSCOW)
SECTIONS = ("world", "middle_east", "russia", "business", "sport", "technology", "society", "culture")
STORIES = 60
FIRST_ID = 1_600_000


def paragraph(rng: random.Random, words: int) -> str:
    chosen = rng.choices(WORDS, k=words)
    return " ".join(chosen) + "."


def make_article(i: int, rng: random.Random, published: datetime, crawled: datetime,
                 near: dict[int, int], revision: int = 1) -> dict:
    aid = str(FIRST_ID + i)
    words = rng.randint(150, 600)
    paragraphs = [paragraph(rng, rng.randint(30, 70)) for _ in range(max(1, words // 50))]
    body = "\n\n".join(paragraphs)
    title = " ".join(rng.choices(WORDS, k=rng.randint(7, 14)))
    lead = paragraph(rng, rng.randint(20, 35))
    value = rng.getrandbits(64)
    if near and rng.random() < 0.02:  # a near-duplicate of an earlier article: two bits apart
        value = rng.choice(list(near.values())) ^ (1 << rng.randrange(64)) ^ (1 << rng.randrange(64))
    near[i] = value
    section = rng.choice(SECTIONS)
    item = Article(
        article_id=aid, url=f"https://arabic.rt.com/{section}/{aid}-%D8%AE%D8%A8%D8%B1-{i}/",
        url_hash=hashlib.sha1(f"arabic.rt.com/article/{aid}".encode()).hexdigest(), section=section,
        title=title, lead=lead, body=body, published_at=published.isoformat(),
        modified_at=(published + timedelta(hours=1)).isoformat() if i % 3 else None,
        author=None if i % 4 else "كاتب المقال", source=rng.choice(SOURCES),
        tags=rng.sample(WORDS, rng.randint(0, 4)), story_ids=[str(63000 + i % STORIES)] if i % 5 == 0 else [],
        images=[Image(f"https://cdni.rt.com/media/pics/{published:%Y.%m}/original/{aid}{n}.jpg",
                      paragraph(rng, 6) if n else "", rng.choice(("AFP", "RT", "رويترز")))
                for n in range(1 + i % 3)],
        related_urls=[f"https://arabic.rt.com/world/{FIRST_ID + i - k}-/" for k in range(1, 4) if i >= k],
        crawled_at=crawled.isoformat(), published_at_raw=published.isoformat(), published_at_source="jsonld",
        title_norm=fold_text(title), lead_norm=fold_text(lead), body_norm=fold_text(body),
        content_hash=hashlib.sha1(f"{title}{body}{revision}".encode()).hexdigest(), simhash=f"{value:016x}",
        revision=revision, tag_slugs=[], section_label="أخبار العالم")
    return dataclasses.asdict(item)


def make_story(n: int, crawled: datetime, ids: list[str]) -> dict:
    return dataclasses.asdict(Story(
        story_id=str(63000 + n), title=f"قصة {n}", url=f"https://arabic.rt.com/focuses/{63000 + n}-/",
        trend_id=f"{n:024x}", article_count_shown=len(ids), article_ids=ids, crawled_at=crawled.isoformat(),
        first_seen_at=crawled.isoformat(), last_seen_at=crawled.isoformat()))


def write_run(data: Path, run: str, articles: list[dict], stories: list[dict]) -> int:
    size = 0
    for kind, records in (("articles", articles), ("stories", stories)):
        text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
        path = data / f"{kind}_{run}.jsonl"
        path.write_text(text, encoding="utf-8")
        size += path.stat().st_size if kind == "articles" else 0
    return size


def generate(data: Path, records: int, runs: int, seed: int = 11) -> tuple[int, dict[int, int]]:
    """``records`` articles in ``runs`` daily runs, oldest first; returns the articles' bytes."""
    rng = random.Random(seed)
    data.mkdir(parents=True, exist_ok=True)
    near: dict[int, int] = {}
    per_run = -(-records // runs)
    span = timedelta(days=36 * 30.4)
    size = 0
    for run in range(runs):
        crawled = NEWEST - timedelta(days=runs - run)
        batch = []
        for i in range(run * per_run, min(records, (run + 1) * per_run)):
            published = NEWEST - span + span * i / records
            batch.append(make_article(i, rng, published, crawled, near))
        for old in rng.sample(range(run * per_run), min(run * per_run, per_run // 100)):  # second revisions
            batch.append(make_article(old, random.Random(old), NEWEST - span + span * old / records,
                                      crawled, {}, revision=2))
        listed = [[str(FIRST_ID + k) for k in range(n, run * per_run + 1, STORIES)][-40:]
                  for n in range(STORIES)]
        stories = [make_story(n, crawled, ids) for n, ids in enumerate(listed)]
        size += write_run(data, f"{crawled:%Y-%m-%dT04-15-00}_{run:06x}", batch, stories)
    return size, near


def add_run(data: Path, records: int, new: int, near: dict[int, int]) -> None:
    """One more daily run: ``new`` articles of the last two days."""
    rng = random.Random(99)
    crawled = NEWEST + timedelta(hours=16)
    start = NEWEST - timedelta(hours=48)
    batch = [make_article(records + k, rng, start + timedelta(minutes=9 * k), crawled, near)
             for k in range(new)]
    stories = [make_story(n, crawled, [str(FIRST_ID + records + n)]) for n in range(STORIES)]
    write_run(data, f"{crawled:%Y-%m-%dT04-15-00}_ffffff", batch, stories)


def measured_build(out: Path, data: Path, label: str, work: Path) -> dict:
    figures = work / f"{label}.json"
    log = work / f"{label}.log"
    command = [sys.executable, str(HERE / "measure.py"), "--json", str(figures), "--",
               sys.executable, "-m", "rtnews", "dataset", "build", "--out", str(out), "--data", str(data)]
    with open(log, "w", encoding="utf-8") as f:
        code = subprocess.call(command, cwd=ROOT, stdout=f, stderr=subprocess.STDOUT)
    if code:
        raise SystemExit(f"{label} build failed, see {log}")
    result = json.loads(figures.read_text())
    result["log"] = log.read_text(encoding="utf-8").strip().splitlines()
    return result


def manifest(out: Path) -> dict[str, str]:
    lines = (out / "MANIFEST").read_text(encoding="utf-8").splitlines()
    return {p: sha for p, _, _, sha in (line.split("\t") for line in lines if not line.startswith("#"))}


def line(label: str, result: dict) -> str:
    written = next((x for x in result["log"] if x.startswith("files:")), "")
    return (f"{label:<22} wall {result['wall_s']:7.1f} s  CPU {result['cpu_s']:7.1f} s  "
            f"peak RSS {result['maxrss_kb'] / 1024:6.1f} MB  {written}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--new", type=int, default=300, help="articles of the extra daily run")
    parser.add_argument("--out", type=Path, default=HERE / "out" / "dataset")
    args = parser.parse_args(argv)
    shutil.rmtree(args.out, ignore_errors=True)
    data, release, work = args.out / "data", args.out / "release", args.out
    size, near = generate(data, args.records, min(args.runs, args.records))
    print(f"generated {args.records} article records in {args.runs} runs: {size / 1e6:.1f} MB of JSON Lines, "
          f"{size / args.records / 1024:.1f} KB a record", flush=True)
    full = measured_build(release, data, "full", work)
    print(line("full build", full), flush=True)
    before = manifest(release)
    same = measured_build(release, data, "unchanged", work)
    print(line("rebuild, no new run", same), flush=True)
    add_run(data, args.records, args.new, near)
    incremental = measured_build(release, data, "incremental", work)
    print(line(f"rebuild, +{args.new} records", incremental), flush=True)
    after = manifest(release)
    parquet = [p for p in before if p.endswith(".parquet")]
    changed = sorted(p for p in parquet if after.get(p) != before[p])
    print(f"partitions: {len(parquet)} before, {len(changed)} changed by the increment: "
          f"{', '.join(changed)}; {len(parquet) - len(changed)} byte-identical")
    size_mb = sum((release / p).stat().st_size for p in after) / 1e6
    print(f"release: {size_mb:.1f} MB ({len(after)} files)")
    (work / "results.json").write_text(json.dumps(
        {"records": args.records, "runs": args.runs, "new": args.new, "jsonl_bytes": size,
         "full": full, "unchanged": same, "incremental": incremental, "changed": changed,
         "release_mb": size_mb}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
