"""WARC files of rtnews: records written and read back, rotation, torn tails and their repair."""

from __future__ import annotations

import fcntl
import gzip
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator as WarcioIterator

from rtnews.warc import (
    OPEN_SUFFIX,
    Exchange,
    WarcFileWriter,
    WarcReadError,
    exchange_members,
    read_one,
    read_responses,
    repair_open_files,
    scan_members,
    write_warc,
)

WHEN = datetime(2026, 5, 26, 4, 15, 0, 123456, tzinfo=UTC)
PAGE = "<html><body><p>نص الخبر</p></body></html>".encode()


def exchange(path: str = "/world/1772101-x/", status: int = 200, body: bytes = PAGE,
             headers: list[tuple[bytes, bytes]] | None = None, **metadata: str) -> Exchange:
    return Exchange(
        url=f"http://127.0.0.1:8123{path}", status=status, body=body, fetched_at=WHEN,
        response_headers=headers or [(b"Content-Type", b"text/html; charset=utf-8"),
                                     (b"Transfer-Encoding", b"chunked")],
        request_headers=[(b"User-Agent", b"rtnews-test")], ip_address="127.0.0.1",
        metadata={"run-id": "r1", "url-class": "article", **metadata})


def warcio_records(path: Path) -> list[tuple[str, str, bytes]]:
    """(type, target URI, content) of every record, read by warcio, the reference reader."""
    with open(path, "rb") as f:
        return [(r.rec_type, r.rec_headers.get_header("WARC-Target-URI") or "", r.content_stream().read())
                for r in WarcioIterator(f)]


def test_an_exchange_is_request_response_and_metadata_each_its_own_gzip_member(tmp_path: Path) -> None:
    path = write_warc(tmp_path / "one.warc.gz", [exchange(**{"date-hint": "2026-05-26T07:00:00+03:00"})])
    records = warcio_records(path)
    assert [kind for kind, _, _ in records] == ["warcinfo", "request", "response", "metadata"]
    assert scan_members(path).members == 4 and not scan_members(path).torn
    response, metadata = records[2][2], records[3][2]
    assert response == PAGE  # warcio strips the HTTP head
    assert b"date-hint: 2026-05-26T07:00:00+03:00" in metadata
    raw = gzip.decompress(path.read_bytes())
    request = b"GET /world/1772101-x/ HTTP/1.1\r\nHost: 127.0.0.1:8123\r\nUser-Agent: rtnews-test\r\n"
    assert b"\r\n\r\n" + request in raw
    # the stored body is de-chunked already: the header must not make readers de-chunk it
    assert b"\r\nX-Crawler-Transfer-Encoding: chunked\r\n" in raw
    assert b"WARC-Payload-Digest: sha1:" in raw and b"WARC-Concurrent-To: <urn:uuid:" in raw


def test_responses_come_back_with_their_metadata_and_decoded_bodies(tmp_path: Path) -> None:
    packed = exchange("/sport/2-y/", body=gzip.compress(PAGE),
                      headers=[(b"Content-Type", b"text/html"), (b"Content-Encoding", b"gzip")])
    moved = exchange("/news/2/", status=301, body=b"", headers=[(b"Location", b"/sport/2-y/")])
    path = write_warc(tmp_path / "two.warc.gz", [moved, packed])
    first, second = read_responses(path)
    assert (first.status, first.header("location"), first.metadata["run-id"]) == (301, "/sport/2-y/", "r1")
    assert second.body == PAGE and second.url.endswith("/sport/2-y/")
    assert second.crawled_at == "2026-05-26T04:15:00+00:00"
    assert read_one(path, second.offset).body == PAGE


def test_writer_rotates_past_the_size_limit_and_names_files_by_prefix(tmp_path: Path) -> None:
    writer = WarcFileWriter(tmp_path, "rtnews-run1", max_bytes=3000)
    for n in range(12):
        writer.write(exchange(f"/world/{n + 1}-x/", body=os.urandom(1200)))
    writer.close()
    files = sorted(tmp_path.iterdir())
    assert [f.name for f in files] == [f"rtnews-run1-{n:05d}.warc.gz" for n in range(1, len(files) + 1)]
    assert len(files) >= 4
    urls = [r.url for f in files for r in read_responses(f)]
    assert urls == [f"http://127.0.0.1:8123/world/{n + 1}-x/" for n in range(12)]


def test_an_open_file_is_named_open_and_held_until_closed(tmp_path: Path) -> None:
    writer = WarcFileWriter(tmp_path, "rtnews-run1")
    writer.write(exchange())
    (open_file,) = tmp_path.iterdir()
    assert open_file.name.endswith(".warc.gz" + OPEN_SUFFIX)
    assert repair_open_files(tmp_path) == []  # a live writer's file is left alone
    assert open_file.exists()
    writer.close()
    assert [p.name for p in tmp_path.iterdir()] == ["rtnews-run1-00001.warc.gz"]


def killed_writer_file(tmp_path: Path, records: int) -> Path:
    """An ``.open`` file as a SIGKILL leaves it: whole exchanges, then half of the next one."""
    path = tmp_path / "rtnews-run1-00001.warc.gz.open"
    whole = write_warc(tmp_path / "whole.warc.gz", [exchange(f"/world/{n + 1}-x/") for n in range(records)])
    torn = exchange_members(exchange("/world/99-x/", body=os.urandom(3000)))
    path.write_bytes(whole.read_bytes() + torn[: len(torn) // 2])
    whole.unlink()
    return path


def test_readers_stop_silently_at_a_torn_tail_so_reading_checks_it(tmp_path: Path) -> None:
    path = killed_writer_file(tmp_path, 3)
    responses = [r for r in warcio_records(path) if r[0] == "response"]
    assert len(responses) == 4 and len(responses[-1][2]) < 3000  # the torn one, cut short, no error
    found = []
    with pytest.raises(WarcReadError, match="torn"):
        for response in read_responses(path):
            found.append(response.url)
    assert len(found) == 3


def test_repair_cuts_a_torn_tail_back_to_the_last_whole_record(tmp_path: Path) -> None:
    path = killed_writer_file(tmp_path, 3)
    before = scan_members(path)
    assert before.torn and before.members >= 1 + 3 * 3
    (repaired,) = repair_open_files(tmp_path)
    final = tmp_path / "rtnews-run1-00001.warc.gz"
    assert repaired.path == final and not path.exists()
    assert repaired.records == before.members and repaired.cut_bytes == before.size - before.whole_bytes
    assert final.stat().st_size == before.whole_bytes
    kept = [r.url for r in read_responses(final)]
    assert kept == [f"http://127.0.0.1:8123/world/{n}-x/" for n in (1, 2, 3)]
    assert len(warcio_records(final)) == before.members


def test_repair_leaves_files_a_live_process_holds(tmp_path: Path) -> None:
    path = killed_writer_file(tmp_path, 2)
    with open(path, "rb") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        assert repair_open_files(tmp_path) == []
    assert path.exists() and scan_members(path).torn


def test_an_empty_open_file_is_removed_once_old(tmp_path: Path) -> None:
    path = tmp_path / "rtnews-run1-00001.warc.gz.open"
    path.touch()
    assert repair_open_files(tmp_path) == [] and path.exists()  # may be a writer's new file
    assert repair_open_files(tmp_path, now=path.stat().st_mtime + 3600) == []
    assert not path.exists()
