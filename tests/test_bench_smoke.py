"""Smoke run of the benchmark (``bench/run.py --quick``, 200 articles): it runs and prints
every figure. Timings are not checked: the benchmark is not a timed test."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NUMBER = r"\d+(?:\.\d+)?"
# Every peer of bench/peers.py must install with the bench extra and print its figures.
PEERS = {
    "rtnews": "rtnews extract + clean", "trafilatura": "trafilatura (default)",
    "trafilatura-fast": "trafilatura fast=True", "readability": "readability-lxml",
    "newspaper4k": "newspaper4k", "goose3": "goose3", "lxml": "floor: lxml parse",
    "parsel": "floor: parsel Selector", "selectolax": "floor: selectolax (lexbor) parse",
}
FIGURES = {
    "run a": rf"a bare Scrapy, seeded +articles +200 .* {NUMBER} pages/s +CPU +{NUMBER} ms/page "
             rf"+peak RSS +{NUMBER} MB",
    "run b": rf"b seeded \+ parsel to JSONL +articles +200 .* {NUMBER} pages/s +CPU +{NUMBER} ms/page",
    "run c": rf"c rt_arabic full crawl +articles +\d+ +responses +\d+ .* {NUMBER} pages/s "
             rf"+CPU +{NUMBER} ms/page +peak RSS +{NUMBER} MB",
    "run e": rf"e rt_arabic incremental +articles +\d+ .* peak RSS +{NUMBER} MB",
    "run d": rf"d trafilatura in-process +articles +200 .* CPU +{NUMBER} ms/page",
    "run x": rf"x rtnews extract\+clean in-process +articles +200 .* CPU +{NUMBER} ms/page",
    "c/b": rf"CPU per page c/b: {NUMBER} \(target <= 1\.5: (met|MISSED)\)",
    "c/a": rf"CPU per page c/a: {NUMBER}",
    "extraction": rf"trafilatura default \(d, x\): rtnews {NUMBER} ms/page, trafilatura {NUMBER} ms/page, "
                  rf"speed-up {NUMBER}x",
    "extraction vs fast": rf"trafilatura fast=True \(paired\): rtnews {NUMBER} ms/page, trafilatura fast "
                          rf"{NUMBER} ms/page, speed-up {NUMBER}x \(target >= 2\.5x: (met|MISSED)\); "
                          rf"default mode {NUMBER}x",
    "run e requests": r"run e \(incremental\): article requests \d+, new articles \d+, .*"
                      r"\(target 0 article requests: (met|MISSED)\)",
    "extrapolation": rf"extrapolated to 1,700,000 articles \(from 200\): .* CPU {NUMBER} h .* at least "
                     rf"{NUMBER} days wall",
    **{f"peer {name}": rf"peer {re.escape(label)} +pages +10 +CPU +{NUMBER} ms/page +recall ({NUMBER}|—) "
                       rf"+precision ({NUMBER}|—)"
       for name, label in PEERS.items()},
}


def test_bench_quick_run_prints_every_figure(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--quick", "--out", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=180, check=False)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output
    missing = [name for name, pattern in FIGURES.items() if not re.search(pattern, proc.stdout)]
    assert not missing, f"figures not printed: {missing}\n{output}"
    results = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    assert set(results["results"][0]["runs"]) == {"a", "b", "c", "d", "e", "x"}
    extractors = {r["engine"]: r for r in results["results"][0]["peers"]}
    paired = results["results"][0]["paired"]["ms_per_page"]
    assert set(paired) == {"rtnews", "trafilatura-fast", "trafilatura"}
    assert extractors["rtnews"]["recall"] == 1.0  # scored against the generated paragraphs
    assert "not installed" not in (tmp_path / "results.md").read_text(encoding="utf-8")
    assert (tmp_path / "results.md").read_text(encoding="utf-8").count("| ") > 6
