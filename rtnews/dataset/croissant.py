"""``croissant.json``: MLCommons Croissant 1.1 metadata of the release (JSON-LD).

Three file sets or objects (the article and revision partitions, ``stories.parquet``) and
one record set per table, whose fields follow the Arrow schema: ``sc:Text``,
``sc:Integer``, ``sc:DateTime``; lists are ``isArray``; the image structs are sub-fields.
Descriptions are the same item docstrings as the card's. Nothing in it depends on when or
where the build ran.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa

from rtnews.dataset.card import release_version
from rtnews.dataset.schema import field_docs
from rtnews.dataset.stories import IN_RELEASE, IN_RELEASE_DOC
from rtnews.items import Article, Image, Story

NAME = "croissant.json"
CONFORMS_TO = "http://mlcommons.org/croissant/1.1"
PARQUET = "application/x-parquet"
CONTEXT: dict[str, Any] = {
    "@language": "en",
    "@vocab": "https://schema.org/",
    "arrayShape": "cr:arrayShape",
    "citeAs": "cr:citeAs",
    "column": "cr:column",
    "conformsTo": "dct:conformsTo",
    "containedIn": "cr:containedIn",
    "cr": "http://mlcommons.org/croissant/",
    "rai": "http://mlcommons.org/croissant/RAI/",
    "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "dct": "http://purl.org/dc/terms/",
    "equivalentProperty": "cr:equivalentProperty",
    "examples": {"@id": "cr:examples", "@type": "@json"},
    "extract": "cr:extract",
    "field": "cr:field",
    "fileProperty": "cr:fileProperty",
    "fileObject": "cr:fileObject",
    "fileSet": "cr:fileSet",
    "format": "cr:format",
    "includes": "cr:includes",
    "isArray": "cr:isArray",
    "isLiveDataset": "cr:isLiveDataset",
    "jsonPath": "cr:jsonPath",
    "key": "cr:key",
    "md5": "cr:md5",
    "parentField": "cr:parentField",
    "path": "cr:path",
    "recordSet": "cr:recordSet",
    "references": "cr:references",
    "regex": "cr:regex",
    "repeated": "cr:repeated",
    "replace": "cr:replace",
    "samplingRate": "cr:samplingRate",
    "sc": "https://schema.org/",
    "separator": "cr:separator",
    "source": "cr:source",
    "subField": "cr:subField",
    "transform": "cr:transform",
}


def data_type(arrow: pa.DataType) -> str:
    if pa.types.is_list(arrow):
        return data_type(arrow.value_type)
    if pa.types.is_timestamp(arrow):
        return "sc:DateTime"
    if pa.types.is_integer(arrow):
        return "sc:Integer"
    if pa.types.is_floating(arrow):
        return "sc:Float"
    if pa.types.is_boolean(arrow):
        return "sc:Boolean"
    return "sc:Text"


def source(files: str, column: str, json_path: str | None = None) -> dict[str, Any]:
    where: dict[str, Any] = {"fileSet" if files.endswith("-files") else "fileObject": {"@id": files},
                             "extract": {"column": column}}
    if json_path:
        where["transform"] = {"jsonPath": json_path}
    return where


def record_field(record_set: str, files: str, f: pa.Field, docs: dict[str, str]) -> dict[str, Any]:
    node: dict[str, Any] = {"@type": "cr:Field", "@id": f"{record_set}/{f.name}", "name": f.name,
                            "description": docs.get(f.name, f.name)}
    arrow = f.type
    if pa.types.is_list(arrow):
        node["isArray"] = True
        node["arrayShape"] = "-1"
        arrow = arrow.value_type
    if pa.types.is_struct(arrow):
        sub_docs = field_docs(Image)
        node["subField"] = [
            {"@type": "cr:Field", "@id": f"{record_set}/{f.name}/{sub.name}", "name": sub.name,
             "description": sub_docs.get(sub.name, sub.name), "dataType": data_type(sub.type),
             "source": source(files, f.name, sub.name)}
            for sub in arrow]
    else:
        node["dataType"] = data_type(arrow)
    node["source"] = source(files, f.name)
    return node


def record_set(name: str, files: str, schema: pa.Schema, docs: dict[str, str], key: list[str],
               description: str) -> dict[str, Any]:
    keys = [{"@id": f"{name}/{k}"} for k in key]
    return {"@type": "cr:RecordSet", "@id": name, "name": name, "description": description,
            "key": keys[0] if len(keys) == 1 else keys,
            "field": [record_field(name, files, f, docs) for f in schema]}


def metadata(articles: pa.Schema, stories: pa.Schema, outputs: dict[str, tuple[str, int, int, str]],
             facts: Any) -> dict[str, Any]:
    article_docs, story_docs = field_docs(Article), field_docs(Story)
    story_docs[IN_RELEASE] = IN_RELEASE_DOC
    stories_sha = outputs.get("stories.parquet", ("", 0, 0, ""))[3]
    return {
        "@context": CONTEXT,
        "@type": "sc:Dataset",
        "conformsTo": CONFORMS_TO,
        "name": "rtnews-rt-arabic",
        "description": (f"{facts.articles} Arabic news articles of RT Arabic (arabic.rt.com), one row each, "
                        f"with {facts.revisions} revisions and {facts.stories} stories, collected by rtnews. "
                        "See README.md for the collection method, the fields and the known gaps."),
        "inLanguage": "ar",
        "version": release_version(facts),
        "datePublished": facts.crawled[1].date().isoformat() if facts.crawled[1] else None,
        "url": "https://arabic.rt.com/",
        "citeAs": "RT Arabic news articles collected with rtnews (rtnews dataset build).",
        "keywords": ["news", "Arabic", "RT Arabic"],
        "distribution": [
            {"@type": "cr:FileSet", "@id": "articles-files", "name": "articles-files",
             "description": "Article partitions by UTC month of publication.",
             "encodingFormat": PARQUET, "includes": "articles/*/*/*.parquet"},
            {"@type": "cr:FileSet", "@id": "revisions-files", "name": "revisions-files",
             "description": "Every exported revision, by UTC month of publication.",
             "encodingFormat": PARQUET, "includes": "revisions/*/*/*.parquet"},
            {"@type": "cr:FileObject", "@id": "stories.parquet", "name": "stories.parquet",
             "description": "One row per story.", "contentUrl": "stories.parquet",
             "encodingFormat": PARQUET, "sha256": stories_sha},
        ],
        "recordSet": [
            record_set("articles", "articles-files", articles, article_docs, ["url_hash"],
                       "One row per article: its newest revision."),
            record_set("revisions", "revisions-files", articles, article_docs,
                       ["url_hash", "revision", "content_hash"],
                       "Every revision exported by the crawls, once each."),
            record_set("stories", "stories.parquet", stories, story_docs, ["story_id"],
                       "One row per story (topic collection)."),
        ],
    }


def write(out: Path, articles: pa.Schema, stories: pa.Schema, outputs: dict[str, tuple[str, int, int, str]],
          facts: Any) -> None:
    found = metadata(articles, stories, outputs, facts)
    text = json.dumps({k: v for k, v in found.items() if v is not None}, ensure_ascii=False, indent=2)
    (out / NAME).write_text(text + "\n", encoding="utf-8", newline="\n")
