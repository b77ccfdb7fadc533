"""``rtnews dataset build`` on generated runs: deduplication, bad input, determinism, increments,
stories, the card, the MANIFEST and CSV."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from rtnews import cli
from rtnews.dataset.build import BuildError
from rtnews.dataset.manifest import verify
from rtnews.fingerprint import simhash
from tests.releases import article, body_text, build, files, story, write_run

MARCH, APRIL, MAY = "2026-03-14T10:22:00+03:00", "2026-04-02T08:00:00+00:00", "2026-05-20T23:30:00-02:00"


def table(release: Path, name: str = "articles") -> list[dict]:
    return pq.read_table(release / name, partitioning=None).to_pylist()


def by_id(release: Path) -> dict[str, dict]:
    return {r["article_id"]: r for r in table(release)}


@pytest.fixture
def two_runs(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    write_run(data, "2026-05-25T04-15-00", [article(1, MARCH), article(2, APRIL), article(3, MAY)],
              [story("63564", ["1", "2"], "2026-05-25T04:16:00+00:00", title="قديم", shown=10)])
    write_run(data, "2026-05-26T04-15-00_3f9a1c",
              [article(2, APRIL, revision=2, crawled="2026-05-26T04:20:00+00:00", title="عنوان جديد"),
               article(4, None)],
              [story("63564", ["9", "1"], "2026-05-26T04:16:00+00:00", title="جديد", shown=12)])
    return data


def test_each_article_once_newest_revision_in_its_month(tmp_path: Path, two_runs: Path) -> None:
    out = tmp_path / "release"
    summary = build(out, two_runs)
    rows = by_id(out)
    assert sorted(rows) == ["1", "2", "3", "4"] and summary.articles == 4
    assert rows["2"]["revision"] == 2 and rows["2"]["title"] == "عنوان جديد"
    # 23:30-02:00 is May 21 UTC
    assert (out / "articles/year=2026/month=05/articles-2026-05.parquet").exists()
    assert (out / "articles/year=0000/month=00/articles-0000-00.parquet").exists()  # no publication date
    assert rows["1"]["published_at"].isoformat() == "2026-03-14T07:22:00+00:00"
    revisions = table(out, "revisions")
    assert sorted((r["article_id"], r["revision"]) for r in revisions) == [
        ("1", 1), ("2", 1), ("2", 2), ("3", 1), ("4", 1)]


def test_ties_of_revision_go_to_the_newest_crawl(tmp_path: Path) -> None:
    data = tmp_path / "data"
    write_run(data, "a", [article(1, MARCH, crawled="2026-05-26T04:00:00+00:00", title="الأحدث")])
    write_run(data, "b", [article(1, MARCH, crawled="2026-05-25T04:00:00+00:00", title="الأقدم")])
    build(tmp_path / "out", data)
    assert by_id(tmp_path / "out")["1"]["title"] == "الأحدث"


def test_stories_fold_every_run(tmp_path: Path, two_runs: Path) -> None:
    out = tmp_path / "release"
    build(out, two_runs)
    [row] = pq.read_table(out / "stories.parquet").to_pylist()
    assert row["title"] == "جديد" and row["article_count_shown"] == 12
    assert row["article_ids"] == ["9", "1", "2"]
    assert row["first_seen_at"].isoformat() == "2026-05-25T04:16:00+00:00"
    assert row["last_seen_at"].isoformat() == "2026-05-26T04:16:00+00:00"
    assert row["articles_in_release"] == 2


def test_near_duplicates_are_recomputed_across_the_release(tmp_path: Path) -> None:
    data = tmp_path / "data"
    text = body_text(5, 200)
    copy = text + " " + "إضافة"
    # The crawl flagged nothing (each run only knew its own articles); the earlier published is the original.
    write_run(data, "a", [article(10, APRIL, body=copy, near_duplicate_of=None)])
    write_run(data, "b", [article(11, MARCH, body=text, near_duplicate_of="999")])
    assert bin(simhash(text) ^ simhash(copy)).count("1") <= 7
    build(tmp_path / "out", data)
    rows = by_id(tmp_path / "out")
    assert rows["10"]["near_duplicate_of"] == "11"
    assert rows["11"]["near_duplicate_of"] is None


def test_bad_input_is_counted_and_listed_never_a_crash(tmp_path: Path) -> None:
    data = tmp_path / "data"
    old = article(2, APRIL)
    del old["tag_slugs"], old["section_label"]  # a file from an older schema
    write_run(data, "a", [article(1, MARCH), old, article(3, "yesterday"), article(4, MARCH, title=None)],
              tail=b'{"article_id": "5", "url": "https://arab')  # a killed crawl's torn line
    (data / "articles_a.jsonl").write_bytes(b"not json\n" + (data / "articles_a.jsonl").read_bytes())
    out = tmp_path / "release"
    summary = build(out, data)
    rows = by_id(out)
    assert sorted(rows) == ["1", "2"]
    assert rows["2"]["tag_slugs"] is None and rows["2"]["section_label"] is None
    assert summary.rejected == 3
    card = (out / "README.md").read_text(encoding="utf-8")
    assert "3 records did not fit the schema" in card
    assert "`articles_a.jsonl` line 1 (invalid JSON)" in card
    assert "`articles_a.jsonl` line 4 (published_at: not an ISO 8601 time)" in card
    assert "title: null" in card
    assert "torn line" in card and "`articles_a.jsonl`" in card


def test_empty_data_dir_fails_with_a_clear_message(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "data").mkdir()
    status = cli.main(["dataset", "build", "--out", str(tmp_path / "r"), "--data", str(tmp_path / "data")])
    assert status == 1
    assert "no articles_*.jsonl in" in capsys.readouterr().err
    assert not (tmp_path / "r").exists()
    assert cli.main(["dataset", "build", "--out", str(tmp_path / "r"), "--data", str(tmp_path / "none")]) == 1
    assert "no such data directory" in capsys.readouterr().err


def test_refuses_to_write_into_a_folder_that_is_not_a_release(tmp_path: Path, two_runs: Path) -> None:
    other = tmp_path / "mine"
    other.mkdir()
    (other / "notes.txt").write_text("keep me")
    with pytest.raises(BuildError, match="holds no release"):
        build(other, two_runs)
    assert (other / "notes.txt").read_text() == "keep me"


def test_same_inputs_same_bytes_whatever_the_file_names_and_order(tmp_path: Path, two_runs: Path) -> None:
    build(tmp_path / "one", two_runs)
    renamed = tmp_path / "renamed"
    renamed.mkdir()
    for i, path in enumerate(sorted(two_runs.glob("*.jsonl"), reverse=True)):
        kind = path.name.split("_")[0]
        (renamed / f"{kind}_run{i}.jsonl").write_bytes(path.read_bytes())
    build(tmp_path / "two", renamed)
    assert files(tmp_path / "one") == files(tmp_path / "two")


def test_incremental_rebuild_rewrites_only_touched_months(tmp_path: Path, two_runs: Path) -> None:
    out = tmp_path / "release"
    build(out, two_runs, csv=True)
    before = files(out)
    stamps = {p: (out / p).stat().st_mtime_ns for p in before}
    write_run(two_runs, "2026-05-27T04-15-00_aa0001", [article(5, MAY)], [])
    summary = build(out, two_runs, csv=True)
    assert summary.near_lookups == 2  # the new article and the undated one after it; the rest reused
    after = files(out)
    assert sorted(summary.written) == ["articles/year=2026/month=05/articles-2026-05.parquet",
                                       "csv/articles-2026-05.csv",
                                       "revisions/year=2026/month=05/revisions-2026-05.parquet"]
    for path in before:
        if "2026-05" not in path and path not in ("README.md", "MANIFEST", "croissant.json"):
            assert after[path] == before[path], path
            assert (out / path).stat().st_mtime_ns == stamps[path], f"{path} was rewritten"
    build(tmp_path / "scratch", two_runs, csv=True)
    assert files(tmp_path / "scratch") == after  # an increment ends where a full build does
    assert build(out, two_runs, csv=True).written == []


def test_a_backfilled_original_rewrites_the_month_of_its_duplicate(tmp_path: Path) -> None:
    data = tmp_path / "data"
    text = body_text(8, 200)
    write_run(data, "a", [article(20, MAY, body=text + " إضافة"), article(21, MARCH)])
    out = tmp_path / "release"
    build(out, data)
    assert by_id(out)["20"]["near_duplicate_of"] is None
    write_run(data, "b", [article(22, APRIL, body=text)])  # older article found later
    summary = build(out, data)
    assert summary.near_lookups == 2  # 21 (March) reused; 22 (April) and 20 (May) looked up
    assert by_id(out)["20"]["near_duplicate_of"] == "22"
    assert "articles/year=2026/month=05/articles-2026-05.parquet" in summary.written
    assert "articles/year=2026/month=03/articles-2026-03.parquet" not in summary.written


def test_a_changed_or_removed_run_file_is_taken_out(tmp_path: Path, two_runs: Path) -> None:
    out = tmp_path / "release"
    build(out, two_runs)
    (two_runs / "articles_2026-05-26T04-15-00_3f9a1c.jsonl").unlink()
    summary = build(out, two_runs)
    assert summary.inputs_dropped == 1
    assert sorted(by_id(out)) == ["1", "2", "3"] and by_id(out)["2"]["revision"] == 1
    assert not (out / "articles/year=0000").exists()


def test_verify_passes_then_names_a_changed_byte(tmp_path: Path, two_runs: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "release"
    build(out, two_runs, csv=True)
    assert cli.main(["dataset", "verify", str(out)]) == 0
    target = out / "articles/year=2026/month=04/articles-2026-04.parquet"
    data = bytearray(target.read_bytes())
    data[len(data) // 2] ^= 1
    target.write_bytes(bytes(data))
    capsys.readouterr()
    assert cli.main(["dataset", "verify", str(out)]) == 1
    assert "articles/year=2026/month=04/articles-2026-04.parquet: changed" in capsys.readouterr().err


def test_verify_names_missing_and_unlisted_files(tmp_path: Path, two_runs: Path) -> None:
    out = tmp_path / "release"
    build(out, two_runs)
    (out / "stories.parquet").unlink()
    (out / "extra.txt").write_text("x")
    problems, _ = verify(out)
    assert problems == ["stories.parquet: missing", "extra.txt: not in the MANIFEST"]


def test_manifest_lists_every_file_with_rows_bytes_and_sha256(tmp_path: Path, two_runs: Path) -> None:
    out = tmp_path / "release"
    build(out, two_runs)
    text = (out / "MANIFEST").read_text()
    lines = [line.split("\t") for line in text.splitlines() if not line.startswith("#")]
    listed = {path: (rows, int(size)) for path, rows, size, _ in lines}
    assert set(listed) == set(files(out)) - {"MANIFEST"}
    assert listed["stories.parquet"][0] == "1"
    assert listed["articles/year=2026/month=04/articles-2026-04.parquet"] == (
        "1", (out / "articles/year=2026/month=04/articles-2026-04.parquet").stat().st_size)


def test_csv_is_excel_friendly_and_formula_safe(tmp_path: Path) -> None:
    data = tmp_path / "data"
    write_run(data, "a", [article(1, MARCH, title="=HYPERLINK(\"http://x\")", author="@someone")],
              [story("63564", ["1"], "2026-05-25T04:16:00+00:00")])
    out = tmp_path / "release"
    build(out, data, csv=True)
    raw = (out / "csv/articles-2026-03.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    [row] = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert row["title"] == "'=HYPERLINK(\"http://x\")" and row["author"] == "'@someone"
    assert json.loads(row["tags"]) == ["النفط"] and json.loads(row["images"])[0]["caption"] == "صورة"
    assert row["article_id"] == "1" and row["published_at"] == "2026-03-14T07:22:00+00:00"
    assert row["modified_at"] == ""
    assert (out / "csv/stories.csv").exists()
    build(out, data)  # without --csv: the CSV copies go
    assert not (out / "csv").exists()
    assert verify(out)[0] == []


def test_card_has_front_matter_counts_and_the_item_docstrings(tmp_path: Path, two_runs: Path) -> None:
    out = tmp_path / "release"
    build(out, two_runs)
    card = (out / "README.md").read_text(encoding="utf-8")
    front, prose = card.split("\n---\n", 1)
    assert "- ar" in front and "license: unknown" in front and "- n<1K" in front
    assert "path: articles/*/*/*.parquet" in front and "path: stories.parquet" in front
    assert "    dtype: timestamp[us, tz=UTC]" in front
    assert "4 news articles in Arabic" in prose
    assert "| 2026-04 | 1 |" in prose and "| no publication date | 1 |" in prose
    assert "| world | 4 |" in prose
    assert "The site's article number as a decimal string" in prose
    assert "Layer 2" in prose and "ta marbuta" in prose
    assert "`published_at` | 3 (75.0%)" in prose
