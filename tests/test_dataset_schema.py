"""The release schema comes from the item dataclasses; records are checked against it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pyarrow as pa
import pytest

from rtnews.dataset.schema import RecordConverter, RecordError, field_docs, item_schema
from rtnews.items import Article, Story
from tests.releases import article

IMAGE = pa.struct([pa.field("url", pa.string(), nullable=False), pa.field("caption", pa.string()),
                   pa.field("credit", pa.string())])


@pytest.mark.parametrize(("name", "arrow", "nullable"), [
    ("article_id", pa.string(), False),
    ("url_hash", pa.string(), False),
    ("published_at", pa.timestamp("us", tz="UTC"), True),
    ("modified_at", pa.timestamp("us", tz="UTC"), True),
    ("crawled_at", pa.timestamp("us", tz="UTC"), True),
    ("published_at_raw", pa.string(), True),
    ("author", pa.string(), True),
    ("tags", pa.list_(pa.string()), True),
    ("images", pa.list_(IMAGE), True),
    ("revision", pa.int64(), True),
    ("near_duplicate_of", pa.string(), True),
    ("section_label", pa.string(), True),
])
def test_article_field_types(name: str, arrow: pa.DataType, nullable: bool) -> None:
    field = item_schema(Article).field(name)
    assert field.type == arrow
    assert field.nullable is nullable


def test_story_schema_follows_the_dataclass() -> None:
    schema = item_schema(Story)
    assert schema.names == [f for f in Story.__dataclass_fields__]
    assert schema.field("article_count_shown").type == pa.int64()
    assert schema.field("first_seen_at").type == pa.timestamp("us", tz="UTC")


@dataclass
class Extended(Article):
    updated_at: str | None = None
    """When the extension last looked, ISO 8601 with offset."""
    word_count: int = 0
    """Words in ``body``."""
    keywords: list[str] | None = None
    """Keywords, in page order."""


def test_a_new_item_field_flows_into_schema_and_docs() -> None:
    schema = item_schema(Extended)
    assert schema.names[-3:] == ["updated_at", "word_count", "keywords"]
    assert schema.field("updated_at").type == pa.timestamp("us", tz="UTC")
    assert schema.field("word_count").type == pa.int64()
    assert schema.field("keywords").type == pa.list_(pa.string())
    assert field_docs(Extended)["word_count"] == "Words in ``body``."


def test_field_docs_are_the_item_docstrings() -> None:
    docs = field_docs(Article)
    assert set(docs) == set(Article.__dataclass_fields__)
    assert docs["article_id"].startswith("The site's article number as a decimal string")
    assert "\n" not in docs["body"] and "separated by one blank line" in docs["body"]


def test_converter_parses_times_to_utc_and_keeps_lists() -> None:
    row = RecordConverter(Article).convert(article(1, "2026-03-14T10:22:00+03:00"))
    assert row["published_at"] == datetime(2026, 3, 14, 7, 22, tzinfo=UTC)
    assert row["images"][0]["credit"] == "RT"
    assert row["tags"] == ["النفط"]


def test_older_records_get_nulls_for_newer_fields() -> None:
    record = article(1)
    for newer in ("tag_slugs", "section_label", "near_duplicate_of"):
        del record[newer]
    row = RecordConverter(Article).convert(record)
    assert row["tag_slugs"] is None and row["section_label"] is None


def test_numbers_in_id_fields_become_text() -> None:
    record = article(1772101)
    record["article_id"] = 1772101
    assert RecordConverter(Article).convert(record)["article_id"] == "1772101"


@pytest.mark.parametrize(("change", "reason"), [
    ({"published_at": "yesterday"}, "published_at: not an ISO 8601 time"),
    ({"published_at": "2026-03-14T10:22:00"}, "published_at: time without UTC offset"),
    ({"title": None}, "title: null"),
    ({"tags": "النفط"}, "tags: str where a list was expected"),
    ({"revision": "two"}, "revision: str where an integer was expected"),
    ({"images": [{"caption": "x"}]}, "images: url: missing"),
])
def test_bad_records_are_refused_with_a_reason(change: dict, reason: str) -> None:
    with pytest.raises(RecordError) as error:
        RecordConverter(Article).convert(article(1, **change))
    assert str(error.value) == reason


def test_a_missing_required_field_is_named() -> None:
    record = article(1)
    del record["url_hash"]
    with pytest.raises(RecordError, match="url_hash: missing"):
        RecordConverter(Article).convert(record)


def test_unknown_fields_are_reported() -> None:
    assert RecordConverter(Article).unknown(article(1, extra_field=1)) == ["extra_field"]
