"""WARC files of rtnews: writing HTTP exchanges, reading responses back, repairing torn files.

Format: WARC 1.1 (ISO 28500), one gzip member per record, so any record can be read
from its offset and a file cut after any whole record is still valid. Each exchange is
a ``request``, a ``response`` (the HTTP message as received: status line, headers and
the body bytes as sent, ``Content-Encoding`` included) and a ``metadata`` record
(``application/warc-fields``) about the page. ``Transfer-Encoding`` is renamed
``X-Crawler-Transfer-Encoding`` as Common Crawl does, because the stored body is already
de-chunked. Library: FastWARC (measured against warcio in docs/benchmarks.md, "Archive":
about three times faster to write and to read here); warcio reads the files too.

A file being written is named ``….warc.gz.open`` (Heritrix's convention) and holds an
exclusive ``flock`` while its writer lives; it is renamed to ``….warc.gz`` when closed.
A killed writer leaves an ``.open`` file whose last gzip member may be torn:
``repair_open_files`` cuts such a tail back to the last whole record and renames the
file (the JSON Lines repair of ``rtnews.repair.recover_runs``, for WARC).
"""

from __future__ import annotations

import fcntl
import gzip
import hashlib
import io
import logging
import os
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from http import HTTPStatus
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from urllib.parse import unquote, urlsplit

from fastwarc.stream_io import GzipWriter
from fastwarc.warc import ArchiveIterator, WarcRecord, WarcRecordType

logger = logging.getLogger(__name__)
WARC_SUFFIX = ".warc.gz"
OPEN_SUFFIX = ".open"
DEFAULT_MAX_BYTES = 1_000_000_000
DEFAULT_GZIP_LEVEL = 3
# Headers that describe the transfer, not the stored message.
TRANSFER_HEADERS = frozenset({b"transfer-encoding"})
EMPTY_OPEN_FILE_GRACE_S = 600  # an empty .open file younger than this may be a writer's new file
READ_CHUNK = 1 << 20

Headers = Sequence[tuple[bytes, bytes]]


def package_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "unknown"


SOFTWARE = f"rtnews/{package_version('rtnews')} FastWARC/{package_version('fastwarc')}"


@dataclass(frozen=True, slots=True)
class Exchange:
    """One HTTP request and the response it got, ready to be archived."""

    url: str
    """The URL fetched (for a replica, the replica's URL)."""
    status: int
    response_headers: Headers
    """Response headers as received (name, value), repeated names kept."""
    body: bytes
    """The response body as received (still compressed when ``Content-Encoding`` says so)."""
    fetched_at: datetime
    request_headers: Headers = ()
    method: str = "GET"
    request_body: bytes = b""
    protocol: str = "HTTP/1.1"
    ip_address: str | None = None
    metadata: Mapping[str, str] = field(default_factory=dict)
    """Fields of the metadata record (``run-id``, ``url-class``, ``canonical-url`` …)."""


# --- the byte formats ------------------------------------------------------------------

def warc_fields(fields: Mapping[str, str]) -> bytes:
    """``application/warc-fields`` text: one ``name: value`` line each, CRLF, empty values left out.

    >>> warc_fields({"run-id": "r1", "date-hint": "", "url-class": "article"})
    b'run-id: r1\\r\\nurl-class: article\\r\\n'
    """
    lines = (f"{name}: {' '.join(value.split())}\r\n" for name, value in fields.items() if value)
    return "".join(lines).encode("utf-8")


def parse_warc_fields(data: bytes) -> dict[str, str]:
    """The fields of an ``application/warc-fields`` block (first value of a repeated name).

    >>> parse_warc_fields(b"run-id: r1\\r\\nurl-class: article\\r\\nbad line\\r\\n")
    {'run-id': 'r1', 'url-class': 'article'}
    """
    found: dict[str, str] = {}
    for line in data.decode("utf-8", errors="replace").splitlines():
        name, sep, value = line.partition(":")
        if sep and name.strip():
            found.setdefault(name.strip().lower(), value.strip())
    return found


def header_lines(headers: Headers) -> bytes:
    lines = []
    for name, value in headers:
        if name.lower() in TRANSFER_HEADERS:
            name = b"X-Crawler-" + name
        lines.append(name + b": " + value.replace(b"\r", b" ").replace(b"\n", b" ") + b"\r\n")
    return b"".join(lines)


def http_request(exchange: Exchange) -> bytes:
    """The request message: request line, ``Host`` and the headers sent, then the body."""
    parts = urlsplit(exchange.url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    names = {name.lower() for name, _ in exchange.request_headers}
    host = [] if b"host" in names else [(b"Host", parts.netloc.encode("idna"))]
    start = f"{exchange.method} {target} {exchange.protocol}\r\n".encode("utf-8", "replace")
    return start + header_lines([*host, *exchange.request_headers]) + b"\r\n" + exchange.request_body


def http_response(exchange: Exchange) -> bytes:
    """The response message: status line, headers as received, the body as received."""
    try:
        reason = HTTPStatus(exchange.status).phrase
    except ValueError:
        reason = ""
    start = f"{exchange.protocol} {exchange.status} {reason}".rstrip().encode("ascii") + b"\r\n"
    return start + header_lines(exchange.response_headers) + b"\r\n" + exchange.body


def record_member(kind: WarcRecordType, url: str, content: bytes, when: datetime, level: int,
                  headers: Mapping[str, str] | None = None, http: bool = False,
                  payload: bytes | None = None) -> tuple[bytes, str]:
    """One WARC record compressed as one gzip member, and its ``WARC-Record-ID``."""
    record = WarcRecord()
    record.init_headers(kind)
    record.record_date = when
    if url:
        record.headers["WARC-Target-URI"] = url
    for name, value in (headers or {}).items():
        record.headers[name] = value
    record.set_bytes_content(content)
    record.is_http = http
    out = io.BytesIO()
    writer = GzipWriter(out, compression_level=level)
    digest = hashlib.sha1(payload).digest() if payload is not None else None
    record.write(writer, checksum_data=True, payload_digest=digest)
    writer.finish()
    return out.getvalue(), record.record_id or ""


def exchange_members(exchange: Exchange, level: int = DEFAULT_GZIP_LEVEL) -> bytes:
    """Request, response and metadata records of one exchange, each its own gzip member."""
    when = exchange.fetched_at
    response, response_id = record_member(
        WarcRecordType.response, exchange.url, http_response(exchange), when, level,
        {"WARC-IP-Address": exchange.ip_address} if exchange.ip_address else None,
        http=True, payload=exchange.body)
    linked = {"WARC-Concurrent-To": response_id}
    request, _ = record_member(WarcRecordType.request, exchange.url, http_request(exchange), when,
                              level, linked, http=True, payload=exchange.request_body)
    metadata, _ = record_member(WarcRecordType.metadata, exchange.url, warc_fields(exchange.metadata),
                                when, level, {**linked, "Content-Type": "application/warc-fields"})
    return request + response + metadata


def warcinfo_member(filename: str, fields: Mapping[str, str], level: int = DEFAULT_GZIP_LEVEL) -> bytes:
    info = {"software": SOFTWARE, "format": "WARC File Format 1.1",
            "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
            **fields}
    member, _ = record_member(WarcRecordType.warcinfo, "", warc_fields(info), datetime.now(UTC), level,
                              {"WARC-Filename": filename, "Content-Type": "application/warc-fields"})
    return member


def write_warc(path: Path, exchanges: Iterable[Exchange], info: Mapping[str, str] | None = None,
               level: int = DEFAULT_GZIP_LEVEL, filename: str | None = None) -> Path:
    """A small closed WARC file of the exchanges (a warcinfo record first), written atomically.

    ``filename`` is the name its warcinfo record gives (default: the file's own name).
    """
    tmp = path.with_name(path.name + OPEN_SUFFIX)
    with open(tmp, "wb") as f:
        f.write(warcinfo_member(filename or path.name, info or {}, level))
        for exchange in exchanges:
            f.write(exchange_members(exchange, level))
    os.replace(tmp, path)
    return path


# --- writing a crawl's files -----------------------------------------------------------

class WarcFileWriter:
    """A run's WARC files in one folder: ``<prefix>-00001.warc.gz``, a new file past ``max_bytes``.

    Each exchange is written with one ``write`` and flushed to the operating system, so a
    killed process loses at most the exchange it was writing (a torn tail, which
    ``repair_open_files`` cuts). Files are created on the first exchange.
    """

    def __init__(self, directory: Path, prefix: str, max_bytes: int = DEFAULT_MAX_BYTES,
                 level: int = DEFAULT_GZIP_LEVEL, info: Mapping[str, str] | None = None) -> None:
        self.directory = directory
        self.prefix = prefix
        self.max_bytes = max_bytes
        self.level = level
        self.info = dict(info or {})
        self.serial = 0
        self.file: io.BufferedWriter | None = None
        self.path: Path | None = None
        self.size = 0
        self.files_opened = 0
        self.closed_paths: list[Path] = []

    def write(self, exchange: Exchange) -> int:
        """Archive one exchange; returns the bytes written."""
        data = exchange_members(exchange, self.level)
        if self.file is None:
            self.open_next()
        assert self.file is not None
        self.file.write(data)
        self.file.flush()
        self.size += len(data)
        if self.size >= self.max_bytes:
            self.close()
        return len(data)

    def open_next(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        while True:
            self.serial += 1
            name = f"{self.prefix}-{self.serial:05d}{WARC_SUFFIX}"
            final = self.directory / name
            try:
                fd = os.open(final.with_name(name + OPEN_SUFFIX), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                continue
            if final.exists():
                os.close(fd)
                os.unlink(final.with_name(name + OPEN_SUFFIX))
                continue
            break
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # a new file: nobody else holds it
        self.file = os.fdopen(fd, "wb")
        self.path = final
        self.files_opened += 1
        header = warcinfo_member(name, self.info, self.level)
        self.file.write(header)
        self.file.flush()
        self.size = len(header)

    def close(self) -> None:
        """Close the current file and give it its final name (the lock goes with the close)."""
        if self.file is None or self.path is None:
            return
        self.file.flush()
        os.fsync(self.file.fileno())
        os.replace(self.path.with_name(self.path.name + OPEN_SUFFIX), self.path)
        self.file.close()
        self.closed_paths.append(self.path)
        self.file = None
        self.path = None


# --- checking and repairing --------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class MemberScan:
    """Whole gzip members at the start of a file, and where they end."""

    members: int
    whole_bytes: int
    size: int

    @property
    def torn(self) -> bool:
        return self.whole_bytes != self.size


def scan_members(path: Path, start: int = 0) -> MemberScan:
    """Count the whole gzip members of ``path`` from ``start`` (CRC and length checked).

    Stops at the first member that is cut short or not gzip: everything after
    ``whole_bytes`` is a torn tail.
    """
    size = path.stat().st_size
    members, whole, offset = 0, start, start
    inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
    with open(path, "rb") as f:
        f.seek(start)
        chunk = f.read(READ_CHUNK)
        while chunk:
            try:
                inflater.decompress(chunk)
            except zlib.error:
                break
            if inflater.eof:
                used = len(chunk) - len(inflater.unused_data)
                offset += used
                members, whole = members + 1, offset
                chunk = inflater.unused_data
                inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
                continue
            offset += len(chunk)
            chunk = f.read(READ_CHUNK)
    return MemberScan(members, whole, size)


@dataclass(frozen=True, slots=True)
class Repaired:
    path: Path
    """The file's final name."""
    cut_bytes: int
    """Bytes of a torn last record removed."""
    records: int


def repair_open_files(directory: Path, now: float | None = None) -> list[Repaired]:
    """Close the ``.warc.gz.open`` files killed writers left in ``directory``.

    A file another live writer holds (its ``flock``) is left alone. A torn tail is cut
    back to the last whole record, and the file renamed to its final ``.warc.gz`` name.
    """
    repaired = []
    now = time.time() if now is None else now
    for path in sorted(directory.glob(f"*{WARC_SUFFIX}{OPEN_SUFFIX}")):
        with open(path, "r+b") as f:
            try:
                fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # a running crawl's file
            stat = os.fstat(f.fileno())
            if stat.st_size == 0 and now - stat.st_mtime < EMPTY_OPEN_FILE_GRACE_S:
                continue
            scan = scan_members(path)
            if scan.torn:
                f.truncate(scan.whole_bytes)
                os.fsync(f.fileno())
            final = path.with_name(path.name.removesuffix(OPEN_SUFFIX))
            if scan.whole_bytes == 0:
                path.unlink()
            else:
                os.replace(path, final)
                repaired.append(Repaired(final, scan.size - scan.whole_bytes, scan.members))
    return repaired


# --- reading -------------------------------------------------------------------------------

class WarcReadError(Exception):
    """A WARC file that is not readable to its end (corrupt data or a torn tail)."""


@dataclass(frozen=True, slots=True)
class ArchivedResponse:
    """A response record with its metadata fields; the body decoded from any ``Content-Encoding``."""

    url: str
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    fetched_at: datetime
    metadata: dict[str, str]
    path: Path | None = None
    offset: int = 0

    def header(self, name: str) -> str | None:
        name = name.lower()
        return next((v for k, v in self.headers if k.lower() == name), None)

    @property
    def crawled_at(self) -> str:
        """The fetch time in the format of the items' ``crawled_at``."""
        return self.fetched_at.astimezone(UTC).replace(microsecond=0).isoformat()


def url_key(url: str) -> str:
    """The lookup key of a URL: its decoded path and query, whatever the host.

    >>> url_key("http://127.0.0.1:8000/world/1-%D8%A7/?a=1") == url_key("https://arabic.rt.com/world/1-ا/?a=1")
    True
    """
    parts = urlsplit(url)
    return unquote(parts.path or "/") + (f"?{unquote(parts.query)}" if parts.query else "")


def decode_content(body: bytes, encodings: str) -> bytes:
    """``body`` without its ``Content-Encoding`` (gzip, deflate, br, zstd; last applied first).

    A body that does not decode stays as it is (the page then fails extraction, counted).

    >>> decode_content(gzip.compress(b"<p>x</p>"), "gzip")
    b'<p>x</p>'
    >>> decode_content(b"<p>x</p>", "identity")
    b'<p>x</p>'
    """
    for encoding in reversed([e.strip().lower() for e in encodings.split(",") if e.strip()]):
        decoder = DECODERS.get(encoding)
        if decoder is None:
            continue
        try:
            body = decoder(body)
        except Exception as exc:  # zlib, brotli and zstd each raise their own error type
            logger.warning("Body not decodable as %s (%s): kept as received", encoding, exc)
            return body
    return body


def inflate(body: bytes) -> bytes:
    try:
        return zlib.decompress(body)
    except zlib.error:
        return zlib.decompress(body, -zlib.MAX_WBITS)  # raw deflate, as some servers send it


DECODERS: dict[str, Callable[[bytes], bytes]] = {
    "gzip": gzip.decompress, "x-gzip": gzip.decompress, "deflate": inflate,
}
try:
    import brotli

    DECODERS["br"] = brotli.decompress
except ImportError:  # Scrapy then does not ask for br either
    pass
try:
    from backports import zstd

    DECODERS["zstd"] = zstd.decompress
except ImportError:
    pass


def to_response(record: WarcRecord, path: Path | None) -> ArchivedResponse:
    status = record.http_headers.status_code or 0
    headers = tuple(record.http_headers.to_tuples())
    body = record.reader.read()
    encodings = ",".join(v for k, v in headers if k.lower() == "content-encoding")
    return ArchivedResponse(
        url=record.headers.get("WARC-Target-URI") or "", status=status, headers=headers,
        body=decode_content(body, encodings) if encodings else body,
        fetched_at=record.record_date, metadata={}, path=path, offset=record.stream_pos)


def read_responses(path: Path) -> Iterator[ArchivedResponse]:
    """Every response record of a WARC file with its metadata fields, in file order.

    Raises ``WarcReadError`` (after yielding what came before) when the file is corrupt
    or ends in a torn record: readers silently stop there, so the tail is checked.
    """
    pending: ArchivedResponse | None = None
    pending_id = ""
    last_offset = 0
    with open(path, "rb") as stream:
        try:
            for record in ArchiveIterator(stream, parse_http=True):
                last_offset = record.stream_pos
                if record.record_type == WarcRecordType.metadata:
                    if pending is not None and record.headers.get("WARC-Concurrent-To") == pending_id:
                        yield replace(pending, metadata=parse_warc_fields(record.reader.read()))
                        pending = None
                    continue
                if record.record_type != WarcRecordType.response:
                    continue
                if pending is not None:
                    yield pending
                pending, pending_id = to_response(record, path), record.record_id or ""
        except Exception as exc:  # FastWARC raises plain exceptions for bad gzip data
            raise WarcReadError(f"{path}: unreadable after offset {last_offset}: {exc}") from exc
    if pending is not None:
        # Readers return a torn last record cut short, without error: only a whole one counts.
        if scan_members(path, pending.offset).members == 0:
            raise WarcReadError(f"{path}: the last response (offset {pending.offset}) is torn")
        yield pending
    tail = scan_members(path, last_offset)
    if tail.torn or (tail.size > last_offset and tail.members != 1):
        raise WarcReadError(f"{path}: {tail.size - last_offset} bytes after offset {last_offset} "
                            "are not one whole record (a torn or corrupt tail)")


def read_one(path: Path, offset: int) -> ArchivedResponse:
    """The response record at ``offset`` (from an index), without its metadata."""
    with open(path, "rb") as stream:
        stream.seek(offset)
        for record in ArchiveIterator(stream, record_types=WarcRecordType.response, parse_http=True):
            return to_response(record, path)
    raise WarcReadError(f"{path}: no response record at offset {offset}")


def warc_files(paths: Iterable[Path]) -> list[Path]:
    """The WARC files named: files as given, folders as their ``*.warc.gz`` files in name order."""
    found: list[Path] = []
    for path in paths:
        found.extend(sorted(path.glob(f"*{WARC_SUFFIX}")) if path.is_dir() else [path])
    return found
