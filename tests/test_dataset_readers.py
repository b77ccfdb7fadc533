"""pandas, DuckDB, polars and Hugging Face ``datasets`` load the release with the same rows and
types; ``croissant.json`` validates with ``mlcroissant``. Each library's tests skip when it is
not installed (the ``dataset-test`` extra, part of ``dev``, installs them all)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from rtnews.dataset.schema import item_schema
from rtnews.dataset.stories import story_schema
from rtnews.items import Article
from tests.releases import article, build, story, write_run


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("readers")
    data = tmp / "data"
    lists = {"related_urls": ["https://arabic.rt.com/world/7-خبر/"], "quality_flags": ["no_date"],
             "tag_slugs": ["النفط"], "author": "كاتب"}
    write_run(data, "2026-05-25T04-15-00", [article(i, f"2026-0{3 + i % 3}-1{i % 10}T10:00:00+03:00", **lists)
                                            for i in range(1, 40)] + [article(40, None)],
              [story("63564", ["1", "2"], "2026-05-25T04:16:00+00:00"),
               story("63565", ["3"], "2026-05-25T04:16:00+00:00", shown=None)])
    build(tmp / "release", data)
    return tmp / "release"


ROWS = 40
ARTICLE_IDS = {str(i) for i in range(1, 41)}


def canonical_arrow(arrow: pa.DataType) -> str:
    if pa.types.is_list(arrow) or pa.types.is_large_list(arrow):
        inner = arrow.value_type
        return "list<struct>" if pa.types.is_struct(inner) else f"list<{canonical_arrow(inner)}>"
    if pa.types.is_timestamp(arrow):
        return f"timestamp[{arrow.unit}, {arrow.tz}]"
    if pa.types.is_string(arrow) or pa.types.is_large_string(arrow):
        return "string"
    return str(arrow)


EXPECTED = {f.name: canonical_arrow(f.type) for f in item_schema(Article)}


def test_expected_types_are_what_the_issue_asks() -> None:
    assert EXPECTED["article_id"] == EXPECTED["near_duplicate_of"] == EXPECTED["url_hash"] == "string"
    assert EXPECTED["published_at"] == "timestamp[us, UTC]"
    assert EXPECTED["images"] == "list<struct>" and EXPECTED["tags"] == "list<string>"
    assert EXPECTED["revision"] == "int64"


def pandas_type(series: Any) -> str:
    import pandas as pd

    dtype = series.dtype
    if isinstance(dtype, pd.DatetimeTZDtype):
        return f"timestamp[{dtype.unit}, {dtype.tz}]"
    if isinstance(dtype, pd.StringDtype):
        return "string"
    if pd.api.types.is_object_dtype(dtype):  # lists come as numpy arrays of str or dict
        values = [v for v in series if v is not None and len(v)]
        if values and all(isinstance(v, str) for v in values):
            return "string"
        first = values[0][0]
        if isinstance(first, dict):
            return "list<struct>"
        return "list<string>" if isinstance(first, str) else f"list<{type(first).__name__}>"
    return str(dtype)


def test_pandas(release: Path) -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.read_parquet(release / "articles")
    assert len(frame) == ROWS and set(frame["article_id"]) == ARTICLE_IDS
    assert list(frame.columns) == [*EXPECTED, "year", "month"]  # Hive folders become columns
    assert {c: pandas_type(frame[c]) for c in EXPECTED} == EXPECTED
    plain = pd.read_parquet(release / "articles", partitioning=None)
    assert list(plain.columns) == list(EXPECTED)
    assert len(pd.read_parquet(release / "stories.parquet")) == 2


DUCKDB_TYPES = {"VARCHAR": "string", "BIGINT": "int64", "TIMESTAMP WITH TIME ZONE": "timestamp[us, UTC]",
                "VARCHAR[]": "list<string>"}


def test_duckdb(release: Path) -> None:
    duckdb = pytest.importorskip("duckdb")
    pattern = f"{release.as_posix()}/articles/**/*.parquet"
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    result = con.sql(f"SELECT * FROM read_parquet('{pattern}', hive_partitioning = false)")
    types = {name: DUCKDB_TYPES.get(str(t), "list<struct>" if str(t).startswith("STRUCT") else str(t))
             for name, t in zip(result.columns, result.types, strict=True)}
    assert types == EXPECTED
    ids = [row[0] for row in con.sql(f"SELECT article_id FROM read_parquet('{pattern}')").fetchall()]
    assert len(ids) == ROWS and set(ids) == ARTICLE_IDS
    hive = con.sql(f"SELECT DISTINCT year, month, strftime(published_at, '%Y-%m') FROM read_parquet("
                   f"'{pattern}', hive_partitioning = true) WHERE published_at IS NOT NULL").fetchall()
    assert all(f"{int(y):04d}-{int(m):02d}" == ym for y, m, ym in hive)


def test_polars(release: Path) -> None:
    pl = pytest.importorskip("polars")
    frame = pl.read_parquet(f"{release}/articles/**/*.parquet", hive_partitioning=False)
    assert frame.height == ROWS and set(frame["article_id"]) == ARTICLE_IDS
    assert {name: canonical_arrow(t) for name, t in zip(frame.columns, frame.to_arrow().schema.types,
                                                          strict=True)} == EXPECTED
    assert frame.schema["published_at"] == pl.Datetime("us", "UTC")


@pytest.fixture
def offline_hf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    monkeypatch.setenv("HF_DATASETS_DISABLE_PROGRESS_BARS", "1")
    return tmp_path / "hf-cache"


def hf_type(feature: Any) -> str:
    import datasets

    if isinstance(feature, datasets.List | datasets.Sequence):
        inner = feature.feature
        return "list<struct>" if isinstance(inner, dict) else f"list<{hf_type(inner)}>"
    dtype = feature.dtype
    return {"timestamp[us, tz=UTC]": "timestamp[us, UTC]"}.get(dtype, dtype)


def test_hugging_face_datasets(release: Path, offline_hf: Path) -> None:
    datasets = pytest.importorskip("datasets")
    files = sorted(str(p) for p in release.glob("articles/*/*/*.parquet"))
    loaded = datasets.load_dataset("parquet", data_files=files, cache_dir=str(offline_hf))["train"]
    assert loaded.num_rows == ROWS and set(loaded["article_id"]) == ARTICLE_IDS
    assert {name: hf_type(f) for name, f in loaded.features.items()} == EXPECTED


def test_hugging_face_reads_the_card_configs(release: Path, offline_hf: Path) -> None:
    datasets = pytest.importorskip("datasets")
    stories = datasets.load_dataset(str(release), "stories", cache_dir=str(offline_hf))["train"]
    assert stories.num_rows == 2 and list(stories.features) == story_schema().names
    articles = datasets.load_dataset(str(release), cache_dir=str(offline_hf))["train"]  # the default config
    assert articles.num_rows == ROWS


def test_card_features_match_what_datasets_reads(release: Path) -> None:
    datasets = pytest.importorskip("datasets")
    yaml = pytest.importorskip("yaml")
    front = (release / "README.md").read_text(encoding="utf-8").split("---\n")[1]
    info = {c["config_name"]: c for c in yaml.safe_load(front)["dataset_info"]}
    features = datasets.Features._from_yaml_list(info["articles"]["features"])
    assert features == datasets.Features.from_arrow_schema(item_schema(Article))


def test_croissant_validates_with_mlcroissant(release: Path) -> None:
    mlc = pytest.importorskip("mlcroissant")
    dataset = mlc.Dataset(jsonld=str(release / "croissant.json"))  # raises on any validation error
    assert dataset.metadata.name == "rtnews-rt-arabic"
    stories = list(dataset.records("stories"))
    assert sorted(r["stories/story_id"] for r in stories) == [b"63564", b"63565"]


def test_croissant_structure(release: Path) -> None:
    doc = json.loads((release / "croissant.json").read_text(encoding="utf-8"))
    assert doc["@type"] == "sc:Dataset" and doc["conformsTo"].startswith("http://mlcommons.org/croissant/")
    assert doc["@context"]["cr"] == "http://mlcommons.org/croissant/"
    ids = {d["@id"] for d in doc["distribution"]}
    assert ids == {"articles-files", "revisions-files", "stories.parquet"}
    sets = {r["@id"]: r for r in doc["recordSet"]}
    assert [f["name"] for f in sets["articles"]["field"]] == list(EXPECTED)
    for record_set in sets.values():
        for f in record_set["field"]:
            assert f["source"]["extract"]["column"] == f["name"]
            assert f["source"].get("fileSet", f["source"].get("fileObject"))["@id"] in ids
    published = next(f for f in sets["articles"]["field"] if f["name"] == "published_at")
    assert published["dataType"] == "sc:DateTime"
    tags = next(f for f in sets["articles"]["field"] if f["name"] == "tags")
    assert tags["isArray"] is True
