"""A cache of validated knowledge bases, so a large archive opens at once.

Parsing and validating 100,000 records takes tens of seconds; the cache keeps
the result in the user cache directory (``$XDG_CACHE_HOME/vnru`` on Linux),
keyed by the data files:

* the YAML files by the SHA-256 of their content (not read again while their
  size, times, inode and device are those recorded when the digest was taken,
  and the file had then been still for two seconds: an edit always moves the
  change time, which no tool can set back),
* the article files by path, size and modification time (hashing ten
  thousand articles would cost more than the whole warm start; any edit
  changes the time, so this is the same trade-off git makes for its index).
  This stamp is kept inside the entry rather than in its name: statting ten
  thousand files takes ~30 ms, so a large archive's first frame may come
  before it is compared (:func:`read_entry` with ``articles=None``), by the app in a
  background thread, which reloads the data if an article changed.

A changed YAML file gives a new key and a changed article a stamp that no
longer matches, so a stale entry is never used for long; entries that no
longer match are removed when a new one is written.  Every file of an entry
carries a checksum that is verified before its content is trusted, and each
record blob its own CRC: a corrupt or truncated entry is discarded and
rebuilt, never used.  The entries are pickles written by vnru itself into the
user's own cache directory; anyone able to write there can already run code
as the user.
"""

from __future__ import annotations

import contextlib
import hashlib
import mmap
import os
import pickle
import shutil
import stat
import struct
import sys
import tempfile
import time
import zlib
from array import array
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui import __version__
from tui.core.datadir import DATA_FILE_NAMES, data_files
from tui.core.knowledge import KnowledgeBase
from tui.core.rows import RowTable, StringTable
from tui.core.store import ArticleTexts, IndexedSequence, Lazy, RecordIndex, RecordStore

if TYPE_CHECKING:
    # Opening an entry needs neither the loader nor pydantic: they are imported
    # only for a cold load, so a warm start stays close to an empty app's.
    from tui.core.loading import Progress
    from tui.core.search import SearchData

CACHE_FORMAT = 14  # bump whenever what an entry holds changes
_MAGIC = b"VNRU-CACHE"
_COLLECTIONS = ("sources", "events", "people", "agreements", "organizations")
_LINKS = (
    "person_events",
    "agreement_events",
    "organization_events",
    "organization_agreements",
    "source_records",
)


class CacheCorrupt(Exception):
    """A cache entry failed its checksum or could not be read."""


class CacheStale(CacheCorrupt):
    """A cache entry was made from articles that have changed since."""


def cache_dir() -> Path:
    """The user cache directory for vnru (platform rules; XDG_CACHE_HOME honoured)."""
    from platformdirs import user_cache_path

    return user_cache_path("vnru", appauthor=False)


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What identifies a data directory's content for the cache."""

    key: str
    """Hex digest naming the cache entry."""
    files: int
    """How many files went into it."""


_STABLE_NS = 2_000_000_000
"""A data file's recorded digest is reused only if the file had not changed for
this long when the digest was recorded, so that a later edit, even within the
same timestamp tick, cannot leave its status unchanged (git's "racily clean"
rule for its index)."""


def fingerprint(
    root: Path, stamps: Path | None = None, files: list[str] | None = None
) -> Fingerprint:
    """Hash the YAML data files of ``root`` (see the module docstring for how;
    the articles are stamped by :func:`articles_stamp`).

    ``stamps`` is a small file recording each data file's status and digest:
    a file whose size, times, inode and device are all unchanged since a
    digest was recorded for it is not read again (at 100,000 records that
    saves ~40 ms of every start).  ``files`` is :func:`data_files` of ``root``,
    when the caller has listed them already (listing reads the articles' folder).
    """
    root = root.resolve()
    digest = hashlib.sha256(
        f"vnru {__version__} cache {CACHE_FORMAT} {sys.version_info[:2]}".encode()
    )
    digest.update(str(root).encode())
    known = _read_stamps(stamps)
    stable: dict[str, list[Any]] = {}
    count = 0
    now = time.time_ns()
    listed = data_files(root) if files is None else files
    for name in sorted({*listed, *(name for name, _required in DATA_FILE_NAMES)}):
        path = root / name
        digest.update(f"\0{name}\0".encode())
        try:
            status = path.stat()
        except OSError:
            continue
        if not stat.S_ISREG(status.st_mode):
            continue
        key = [
            status.st_size,
            status.st_mtime_ns,
            status.st_ctime_ns,
            status.st_ino,
            status.st_dev,
        ]
        recorded = known.get(name)
        if recorded is not None and recorded[:5] == key:
            content = str(recorded[5])
        else:
            with path.open("rb") as handle:
                content = hashlib.file_digest(handle, "sha256").hexdigest()
        if status.st_ctime_ns < now - _STABLE_NS:
            stable[name] = [*key, content]
        digest.update(content.encode())
        count += 1
    if stamps is not None and stable != known:
        with contextlib.suppress(OSError):  # only costs speed next time
            _write_stamps(stamps, stable)
    return Fingerprint(digest.hexdigest(), count)


def stamps_path(base: Path, root: Path) -> Path:
    """Where the data-file stamps of ``root`` are kept under cache directory ``base``."""
    return base / f"stamps-{_where(root)}.txt"


_STAMPS_HEADER = f"vnru stamps {CACHE_FORMAT}"


def _read_stamps(path: Path | None) -> dict[str, list[Any]]:
    """The recorded stamps: a header line, then a line per data file of its
    name, size, times, inode and device, and digest, tab-separated (plain text:
    the json module alone would add a millisecond to every start).  Anything
    unexpected reads as no stamps, which only costs a hash."""
    if path is None:
        return {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, ValueError):
        return {}
    if not lines or lines[0] != _STAMPS_HEADER:
        return {}
    stamps: dict[str, list[Any]] = {}
    for line in lines[1:]:
        fields = line.split("\t")
        if len(fields) != 7 or not all(field.isdigit() for field in fields[1:6]):
            return {}
        stamps[fields[0]] = [*map(int, fields[1:6]), fields[6]]
    return stamps


def _write_stamps(path: Path, files: dict[str, list[Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + f".{os.getpid()}.tmp")
    lines = [_STAMPS_HEADER] + [
        "\t".join([name, *map(str, stamp)]) for name, stamp in sorted(files.items())
    ]
    temporary.write_text("\n".join(lines) + "\n", encoding="utf-8")
    os.replace(temporary, path)
    path.with_suffix(".json").unlink(missing_ok=True)  # stamps were JSON before cache format 11


def articles_stamp(root: Path) -> str:
    """A digest of every file under ``root`` other than the YAML data files:
    path, size and modification time (the articles, and anything beside them)."""
    root = root.resolve()
    digest = hashlib.sha256()
    skip = set(data_files(root))
    for relative, (size, mtime) in sorted(_article_files(root, skip)):
        digest.update(f"\0{relative}\0{size}\0{mtime}".encode())
    return digest.hexdigest()


def _article_files(root: Path, skip: set[str]) -> Iterator[tuple[str, tuple[int, int]]]:
    """(relative path, (size, mtime_ns)) of every other file under ``root``."""
    prefix = len(str(root)) + 1  # entries are under root: slicing beats relpath 10,000 times
    stack = [str(root)]
    while stack:
        folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.is_dir():
                    stack.append(entry.path)
                    continue
                stat = entry.stat()  # follows symlinks: a changed target changes the key
            except OSError:
                continue
            name = entry.path[prefix:]
            if name not in skip:
                yield name, (stat.st_size, stat.st_mtime_ns)


def open_knowledge_base(
    root: Path,
    *,
    progress: Progress | None = None,
    directory: Path | None = None,
    use_cache: bool = True,
    files: list[str] | None = None,
) -> tuple[KnowledgeBase, bool]:
    """The knowledge base of ``root``, from the cache when it holds a valid entry.

    Returns the knowledge base and whether it came from the cache.  A cold
    load validates everything (raising :class:`DataError` with every problem)
    and then writes a cache entry; a failure to write is not an error.
    """
    if not use_cache:
        from tui.core.loading import load_knowledge_base

        return load_knowledge_base(root, progress), False
    base = directory or cache_dir()
    print_ = fingerprint(root, stamps_path(base, root), files) if root.is_dir() else None
    # Stamped before the load, so an article edited during it is seen next time.
    articles = articles_stamp(root) if print_ is not None else ""
    if print_ is not None:
        entry = base / entry_name(root, print_)
        if entry.is_dir():
            try:
                return read_entry(entry, root, articles=articles), True
            except CacheCorrupt:
                shutil.rmtree(entry, ignore_errors=True)  # rebuilt below, never trusted
    from tui.core.loading import load_knowledge_base

    kb = load_knowledge_base(root, progress)
    if print_ is not None:
        with contextlib.suppress(OSError):  # a read-only or full cache only costs speed
            written = write_entry(base, entry_name(root, print_), kb, articles=articles)
            search_file = written / "search.bin"
            object.__setattr__(kb, "search_data", Lazy(lambda: _read_search(search_file, kb)))
    return kb, False


def entry_name(root: Path, print_: Fingerprint) -> str:
    """'kb-<directory>-<content>': one live entry per data directory."""
    return f"kb-{_where(root)}-{print_.key[:32]}"


def _where(root: Path) -> str:
    """A short name for the data directory ``root``."""
    return hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:16]


def cached_knowledge_base(
    root: Path,
    *,
    directory: Path | None = None,
    defer_check: bool = False,
    files: list[str] | None = None,
) -> KnowledgeBase | None:
    """The knowledge base from a valid cache entry, or None (a corrupt or stale
    one is removed).

    ``defer_check`` leaves the records file's whole checksum and the articles'
    stamp to the knowledge base's ``verify`` (see :func:`read_entry`).
    """
    base = directory or cache_dir()
    entry = base / entry_name(root, fingerprint(root, stamps_path(base, root), files))
    if not entry.is_dir():
        return None
    try:
        return read_entry(entry, root, articles=None if defer_check else articles_stamp(root))
    except CacheCorrupt:
        shutil.rmtree(entry, ignore_errors=True)
        return None


# -- writing ---------------------------------------------------------------


def write_entry(base: Path, name: str, kb: KnowledgeBase, *, articles: str) -> Path:
    """Write ``kb`` as cache entry ``name`` under ``base`` atomically; returns its path.

    ``articles`` is the :func:`articles_stamp` taken before ``kb`` was loaded."""
    base.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".tmp-", dir=base))
    try:
        layout: dict[str, Any] = {}
        whole = 0  # CRC-32 of the whole records file, checked on every open
        with (staging / "records.bin").open("wb") as blobs:
            position = 0
            for collection in _COLLECTIONS:
                store: RecordStore[Any] = getattr(kb, collection)
                offsets = array("Q", [position])
                crcs = array("I")
                for blob in store.blobs:
                    blobs.write(blob)
                    whole = zlib.crc32(blob, whole)
                    position += len(blob)
                    offsets.append(position)
                    crcs.append(zlib.crc32(blob))
                ids = StringTable.build(store.ids).pack()
                layout[collection] = (ids, offsets.tobytes(), crcs.tobytes())
        texts = kb.texts
        paths = texts.paths if isinstance(texts, ArticleTexts) else {}
        core = {
            "format": CACHE_FORMAT,
            "root": str(kb.root),
            "collections": layout,
            "records_crc": whole,
            "articles": articles,
            "rows": {name: table.pack() for name, table in kb.rows.items()},
        }
        _write_checked(staging / "core.pickle", core)
        # Links and article paths are only needed once a record is shown: their
        # own file keeps them off the first frame's path.
        links = {name: dict(getattr(kb, name)) for name in _LINKS}
        links["paths"] = {sid: str(path) for sid, path in paths.items()}
        _write_checked(staging / "links.pickle", links)
        # Streamed: the search text is computed a few thousand records at a time
        # and written out, never whole in memory (the first opening's peak).
        from tui.core.search import search_chunks

        _write_frames(staging / "search.bin", search_chunks(kb))
        target = base / name
        for stale in base.glob(name.rsplit("-", 1)[0] + "-*"):  # older entries of this directory
            if stale != target:
                shutil.rmtree(stale, ignore_errors=True)
        if target.exists():
            shutil.rmtree(target, ignore_errors=True)
        os.replace(staging, target)
        return target
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def _write_checked(path: Path, value: object) -> None:
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    header = _MAGIC + b" " + hashlib.sha256(payload).hexdigest().encode() + b"\n"
    path.write_bytes(header + payload)


# -- reading ---------------------------------------------------------------


def _checked_payload(path: Path) -> bytes:
    """The pickle in ``path`` after its checksum is verified (CacheCorrupt if not)."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise CacheCorrupt(f"{path}: {error}") from None
    head, _, payload = data.partition(b"\n")
    parts = head.split(b" ")
    if len(parts) != 2 or parts[0] != _MAGIC:
        raise CacheCorrupt(f"{path}: not a vnru cache file")
    if hashlib.sha256(payload).hexdigest().encode() != parts[1]:
        raise CacheCorrupt(f"{path}: checksum mismatch")
    return payload


def _read_checked(path: Path) -> Any:
    payload = _checked_payload(path)
    try:
        return pickle.loads(payload)
    except Exception as error:
        raise CacheCorrupt(f"{path}: {error}") from None


class MappedBlobs(IndexedSequence[bytes]):
    """Record blobs read from a memory-mapped file, each checked by its CRC."""

    __slots__ = ("_crcs", "_map", "_offsets")

    def __init__(self, mapped: mmap.mmap | bytes, offsets: bytes, crcs: bytes) -> None:
        self._map = mapped
        self._offsets = array("Q")
        self._offsets.frombytes(offsets)
        self._crcs = array("I")
        self._crcs.frombytes(crcs)
        if len(self._offsets) != len(self._crcs) + 1 or (
            self._offsets and self._offsets[-1] > len(mapped)
        ):
            raise CacheCorrupt("record table does not match the records file")

    def __len__(self) -> int:
        return len(self._crcs)

    def _item(self, index: int) -> bytes:
        blob = bytes(self._map[self._offsets[index] : self._offsets[index + 1]])
        if zlib.crc32(blob) != self._crcs[index]:
            raise CacheCorrupt(f"record {index} of the cache is damaged; delete {cache_dir()}")
        return blob


def read_entry(entry: Path, root: Path, *, articles: str | None) -> KnowledgeBase:
    """Open cache entry ``entry`` as the knowledge base of ``root``, whose
    articles have the stamp ``articles`` (:func:`articles_stamp`).

    With ``articles=None`` two checks are left to the knowledge base's
    ``verify``, for a background thread after the first frame: the articles'
    stamp (~30 ms of stats at 10,000 articles) and the records file's whole
    checksum (~25 ms at 100,000 records).  Every record is still checked
    against its own CRC whenever it is read.

    Raises:
        CacheStale: when the articles have changed since the entry was made.
        CacheCorrupt: when any part fails its checks.
    """
    core = _read_checked(entry / "core.pickle")
    if not isinstance(core, dict) or core.get("format") != CACHE_FORMAT:
        raise CacheCorrupt(f"{entry}: unknown cache format")
    try:
        with (entry / "records.bin").open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            mapped: mmap.mmap | bytes = (
                mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) if size else b""
            )
        expected = core["records_crc"]
        made_from = core["articles"]

        def check_articles(stamp: str) -> None:
            if stamp != made_from:
                shutil.rmtree(entry, ignore_errors=True)
                raise CacheStale(f"{entry}: an article changed since the entry was made")

        def check_records() -> None:
            # Read in chunks rather than through the map: the pages then stay
            # out of this process's resident memory (zlib and reads release the
            # GIL, so a background thread costs the interface nothing).
            crc = 0
            try:
                with (entry / "records.bin").open("rb", buffering=0) as records:
                    while chunk := records.read(1 << 20):
                        crc = zlib.crc32(chunk, crc)
            except OSError:
                crc = -1
            if crc != expected:
                shutil.rmtree(entry, ignore_errors=True)
                raise CacheCorrupt(f"{entry}: records file checksum mismatch")

        def verify() -> None:
            check_articles(articles_stamp(root))
            check_records()

        if articles is not None:
            check_articles(articles)
            check_records()
        stores = []
        for collection in _COLLECTIONS:
            ids, offsets, crcs = core["collections"][collection]
            table, blobs = StringTable.unpack(ids), MappedBlobs(mapped, offsets, crcs)
            if len(table) != len(blobs):
                raise CacheCorrupt(f"{entry}: the id table does not match the records")
            stores.append(RecordStore[Any](table, blobs))
        rows = {name: RowTable.unpack(packed) for name, packed in core["rows"].items()}
        if set(rows) != set(_COLLECTIONS) or any(
            len(rows[name]) != len(store) for name, store in zip(_COLLECTIONS, stores, strict=True)
        ):
            raise CacheCorrupt(f"{entry}: row table does not match the records")
    except (KeyError, TypeError, ValueError, OSError) as error:
        raise CacheCorrupt(f"{entry}: {error}") from None
    search_file = entry / "search.bin"
    links = LazyLinks(entry / "links.pickle")
    kb = KnowledgeBase(
        root=root.resolve(),
        sources=stores[0],
        events=stores[1],
        people=stores[2],
        agreements=stores[3],
        organizations=stores[4],
        texts=LazyTexts(links),
        by_id=RecordIndex(stores),
        rows=rows,
        verify=None if articles is not None else verify,
        person_events=LinkMap(links, "person_events"),
        agreement_events=LinkMap(links, "agreement_events"),
        organization_events=LinkMap(links, "organization_events"),
        organization_agreements=LinkMap(links, "organization_agreements"),
        source_records=LinkMap(links, "source_records"),
    )
    object.__setattr__(kb, "search_data", Lazy(lambda: _read_search(search_file, kb)))
    return kb


class LazyLinks:
    """The links file of an entry: checked when the entry is opened, unpickled
    when a link is first needed."""

    __slots__ = ("_data", "_path", "_payload")

    def __init__(self, path: Path) -> None:
        self._path = path
        self._payload: bytes | None = _checked_payload(path)
        self._data: dict[str, dict[str, Any]] | None = None

    def get(self, name: str) -> dict[str, Any]:
        """One of the link maps (or ``paths``)."""
        if self._data is None:
            assert self._payload is not None
            data = pickle.loads(self._payload)
            if not isinstance(data, dict) or not all(n in data for n in (*_LINKS, "paths")):
                raise CacheCorrupt(f"{self._path}: damaged; delete {cache_dir()}")
            self._data, self._payload = data, None
        return self._data[name]


class LinkMap(Mapping[str, tuple[str, ...]]):
    """One link map of a cache entry, loaded on first use."""

    __slots__ = ("_links", "_name")

    def __init__(self, links: LazyLinks, name: str) -> None:
        self._links = links
        self._name = name

    def __getitem__(self, key: str) -> tuple[str, ...]:
        value: tuple[str, ...] = self._links.get(self._name)[key]
        return value

    def __iter__(self) -> Iterator[str]:
        return iter(self._links.get(self._name))

    def __len__(self) -> int:
        return len(self._links.get(self._name))


class LazyTexts(ArticleTexts):
    """Article texts whose paths come from the links file when first needed."""

    __slots__ = ("_links",)

    def __init__(self, links: LazyLinks) -> None:
        super().__init__({})
        self._links = links

    @property
    def paths(self) -> Mapping[str, Path | str]:
        if not self._paths:
            self._paths = dict(self._links.get("paths"))
        return self._paths

    def __getitem__(self, source_id: str) -> str:
        self.paths  # noqa: B018 - loads the paths on first use
        return super().__getitem__(source_id)

    def __contains__(self, source_id: object) -> bool:
        return source_id in self.paths

    def __iter__(self) -> Iterator[str]:
        return iter(self.paths)

    def __len__(self) -> int:
        return len(self.paths)


_FRAME_RECORDS = 4096
"""Records per frame of the search file: small enough that reading one holds the
interpreter for a few milliseconds, so it can be read in the background while
the interface stays responsive."""
_FRAME_HEAD = struct.Struct("<QI")  # payload length, CRC-32


def _write_frames(path: Path, frames: Iterator[tuple[str, Any]]) -> None:
    with path.open("wb") as handle:
        handle.write(_MAGIC + b" frames\n")
        for frame in frames:
            payload = pickle.dumps(frame, protocol=pickle.HIGHEST_PROTOCOL)
            handle.write(_FRAME_HEAD.pack(len(payload), zlib.crc32(payload)))
            handle.write(payload)


def _read_frames(path: Path) -> Iterator[tuple[str, Any]]:
    """The frames of ``path``, each checked by its CRC (CacheCorrupt when one fails)."""
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if handle.readline() != _MAGIC + b" frames\n":
                raise CacheCorrupt(f"{path}: not a vnru cache file")
            while head := handle.read(_FRAME_HEAD.size):
                if len(head) != _FRAME_HEAD.size:
                    raise CacheCorrupt(f"{path}: truncated")
                length, crc = _FRAME_HEAD.unpack(head)
                if length > size - handle.tell():
                    raise CacheCorrupt(f"{path}: truncated")
                payload = handle.read(length)
                if len(payload) != length or zlib.crc32(payload) != crc:
                    raise CacheCorrupt(f"{path}: damaged frame")
                frame = pickle.loads(payload)
                if not (isinstance(frame, tuple) and len(frame) == 2):
                    raise CacheCorrupt(f"{path}: unexpected frame")
                yield frame
    except OSError as error:
        raise CacheCorrupt(f"{path}: {error}") from None
    except (pickle.UnpicklingError, EOFError, ValueError, TypeError) as error:
        raise CacheCorrupt(f"{path}: {error}") from None


def _read_search(path: Path, kb: KnowledgeBase) -> SearchData:
    """The cached search text; rebuilt from the records if that file is damaged."""
    from tui.core.search import assemble_search, build_search_data, search_chunks

    try:
        return assemble_search(_read_frames(path))
    except (CacheCorrupt, ValueError, KeyError, TypeError):
        pass
    # Damaged: written anew from the records (once, not at every start), then read.
    staging = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        _write_frames(staging, search_chunks(kb))
        os.replace(staging, path)
        return assemble_search(_read_frames(path))
    except (OSError, CacheCorrupt, ValueError):  # an unwritable cache: kept in memory only
        return build_search_data(kb)
    finally:
        with contextlib.suppress(OSError):
            staging.unlink(missing_ok=True)
