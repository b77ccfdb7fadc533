"""Peak memory of reading one big sitemap part: the whole tree at once vs rtnews' stream.

    python bench/sitemap_memory.py [--urls 50000]

Writes a sitemap part of ``--urls`` real-looking article URLs (Arabic slugs,
percent-encoded as the site's sitemaps write them, with ``lastmod``), plain and gzipped,
then reads it in a fresh process per method and prints the document size, the time and
the peak RSS above the process's baseline:

- ``tree``: ``lxml.etree.fromstring`` and a list of every entry (the earlier reader);
- ``stream``: ``rtnews.pages.feeds.iter_sitemap``, each entry handled and dropped, as the
  spider does (``.gz`` also streamed through a capped decompressor).

The response body itself (what Scrapy holds anyway) is loaded before the baseline is
taken, so the figures are what the reader adds on top of it.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).parent))
from words import WORDS

READER = """
import gc, json, resource, sys, time
body = open(sys.argv[2], "rb").read()
gc.collect()
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
if sys.argv[1] == "tree":
    from lxml import etree
    root = etree.fromstring(body)
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    entries = [(u.findtext(ns + "loc"), u.findtext(ns + "lastmod")) for u in root]
    count = len(entries)
else:
    from rtnews.pages.feeds import iter_sitemap
    kind, found = iter_sitemap(body)
    count = sum(1 for _ in found)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
added = round((peak - base) / 1024, 1)
print(json.dumps({"entries": count, "seconds": round(seconds, 3), "added_mb": added}))
"""


def write_part(path: Path, count: int) -> None:
    rng = random.Random(50000)
    rows = []
    for n in range(count):
        slug = quote("-".join(rng.sample(WORDS, rng.randint(6, 12))), safe="-")
        section = rng.choice(("world", "middle_east", "sport", "business", "features"))
        rows.append(f"<url><loc>https://arabic.rt.com/{section}/{1700000 + n}-{slug}/</loc>"
                    f"<lastmod>2026-05-{1 + n % 28:02d}T10:00:00+03:00</lastmod></url>")
    text = ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            + "\n".join(rows) + "\n</urlset>\n")
    path.write_bytes(text.encode())


def read(method: str, path: Path) -> dict[str, float]:
    root = Path(__file__).resolve().parent.parent
    out = subprocess.run([sys.executable, "-c", READER, method, str(path)], capture_output=True,
                         text=True, check=True, cwd=root, env={"PYTHONPATH": str(root)})
    return json.loads(out.stdout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--urls", type=int, default=50_000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        plain = Path(tmp) / "sitemap_2026.xml"
        write_part(plain, args.urls)
        packed = plain.with_suffix(".xml.gz")
        packed.write_bytes(gzip.compress(plain.read_bytes()))
        print(f"sitemap part: {args.urls} URLs, {plain.stat().st_size / 2**20:.1f} MB "
              f"({packed.stat().st_size / 2**20:.1f} MB gzipped)")
        print(f"{'method':<14}{'entries':>9}{'seconds':>9}{'peak RSS added':>16}")
        for method, path in (("tree", plain), ("stream", plain), ("stream .gz", packed)):
            got = read(method.split()[0], path)
            print(f"{method:<14}{got['entries']:>9}{got['seconds']:>9.2f}{got['added_mb']:>13.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
