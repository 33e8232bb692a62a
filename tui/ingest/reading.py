"""Read a saved article: HTML through trafilatura, text and Markdown as they are.

Whatever the input, the result is the article's canonical text (NFC, line ends
unified, control characters removed) and what is known of its publication.
Every quote a suggestion offers is a slice of that text, and that text is what
``sources/`` keeps, so a citation made later finds its quote verbatim.

Bad input raises :class:`ArticleError` with one line for the user.
"""

from __future__ import annotations

import hashlib
import re
import stat
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from tui.core.sanitize import clean_text
from tui.ingest.dates import find_dates

#: Largest article file read, in bytes. A news page saved with its inline
#: scripts and styles is well under this; anything larger is not an article.
MAX_ARTICLE_BYTES = 5 * 1024 * 1024
#: Extracted text shorter than this (in letters) is no article.
MIN_ARTICLE_LETTERS = 20

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text"})

_BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF"),
    (b"PK\x03\x04", "a ZIP archive (or a Word or EPUB file)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file"),
    (b"\x7fELF", "a program"),
)


class ArticleError(Exception):
    """An input that cannot be read as an article; the message is one line for the user."""


@dataclass(frozen=True, slots=True)
class Article:
    """A read article: its canonical text and what the page says of itself."""

    path: Path
    """Where it was read from."""
    text: str
    """The canonical text: NFC, ``\\n`` line ends, no control characters."""
    title: str
    """The headline (or the file's name when there is none)."""
    outlet: str
    """The site or publisher, or ``unknown``."""
    author: str | None = None
    """The byline, when the page has one."""
    published: str | None = None
    """Publication date as partial ISO text, when the page gives one."""
    date_certainty: str = "stated"
    """``stated`` when the page gives its date, ``inferred`` otherwise."""
    date_note: str | None = None
    """How the publication date was found, when not stated by the page's metadata."""
    url: str | None = None
    """The page's canonical address, when it names one."""

    @property
    def digest(self) -> str:
        """SHA-256 of the canonical text: the same article gives the same digest."""
        return text_digest(self.text)


def text_digest(text: str) -> str:
    """SHA-256 (hex) of ``text`` as UTF-8."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def canonical(text: str) -> str:
    """``text`` as vnru stores articles: NFC, cleaned, trailing spaces trimmed per line."""
    text = clean_text(unicodedata.normalize("NFC", text))
    lines = [line.rstrip() for line in text.split("\n")]
    return "\n".join(lines).strip("\n") + "\n"


def read_article(path: Path, *, outlet: str | None = None) -> Article:
    """Read the article saved at ``path``.

    Raises:
        ArticleError: for a missing path, a directory, a file over
            :data:`MAX_ARTICLE_BYTES`, a binary or undecodable file, an
            unsupported type, or a page with no article text.
    """
    data = _read_bytes(path)
    suffix = path.suffix.lower()
    for magic, what in _BINARY_MAGIC:
        if data.startswith(magic):
            raise ArticleError(f"{path}: is {what}, not an article; save the page as HTML or text")
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ArticleError(f"{path}: is a binary file, not an article; save it as HTML or text")
    raw = _decode(path, data)
    if suffix in HTML_SUFFIXES or (suffix not in TEXT_SUFFIXES and _looks_like_html(raw)):
        article = _from_html(path, raw)
    elif suffix in TEXT_SUFFIXES or not suffix:
        article = _from_text(path, raw, markdown=suffix in {".md", ".markdown"})
    else:
        raise ArticleError(
            f"{path}: '{suffix}' files are not read; give an .html, .htm, .txt or .md file"
        )
    if outlet:
        article = replace(article, outlet=outlet.strip())
    return article


def _read_bytes(path: Path) -> bytes:
    try:
        status = path.stat()
    except FileNotFoundError:
        raise ArticleError(f"{path}: no such file") from None
    except OSError as error:
        raise ArticleError(f"{path}: cannot be read: {error.strerror or error}") from None
    if stat.S_ISDIR(status.st_mode):
        raise ArticleError(f"{path}: is a directory; give the article files inside it")
    if not stat.S_ISREG(status.st_mode):
        raise ArticleError(f"{path}: is not a regular file (a pipe or a device?)")
    if status.st_size > MAX_ARTICLE_BYTES:
        raise ArticleError(
            f"{path}: is {status.st_size / 2**20:.1f} MiB; an article may be at most "
            f"{MAX_ARTICLE_BYTES // 2**20} MiB"
        )
    try:
        return path.read_bytes()
    except OSError as error:
        raise ArticleError(f"{path}: cannot be read: {error.strerror or error}") from None


_META_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_-]+)""", re.I)


def _decode(path: Path, data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise ArticleError(f"{path}: is not valid UTF-16 text; save it as UTF-8") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        declared = _META_CHARSET.search(data[:4096])
        if declared is not None:  # a page saved in the charset it declares
            try:
                return data.decode(declared.group(1).decode("ascii"))
            except (LookupError, UnicodeDecodeError):
                pass
        raise ArticleError(
            f"{path}: is not UTF-8 text (byte {error.start}); save it as UTF-8"
        ) from None


def _looks_like_html(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or "<body" in head


def _from_html(path: Path, raw: str) -> Article:
    try:
        import trafilatura
    except ImportError as error:  # pragma: no cover - a broken installation
        raise ArticleError(f"{path}: reading HTML needs trafilatura ({error})") from None
    try:
        document = trafilatura.bare_extraction(
            raw, with_metadata=True, include_comments=False, include_tables=False
        )
    except Exception as error:  # trafilatura and lxml raise many kinds on odd pages
        raise ArticleError(f"{path}: the page could not be read as HTML ({error})") from None
    fields: dict[str, Any] = {}
    if isinstance(document, dict):
        fields = document
    elif document is not None:
        fields = document.as_dict()
    text = canonical(str(fields.get("text") or ""))
    _check_not_empty(path, text)
    title = _one_line(fields.get("title")) or _first_line(text) or path.stem
    published = _iso_day(fields.get("date"))
    url = _one_line(fields.get("url"))
    if url and not re.match(r"^https?://[^\s{}\\\"<>`]+$", url):
        url = None
    return Article(
        path=path,
        text=text,
        title=title,
        outlet=_one_line(fields.get("sitename")) or _one_line(fields.get("hostname")) or "unknown",
        author=_one_line(fields.get("author")),
        published=published,
        date_certainty="stated",
        url=url,
    )


_MARKDOWN_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_MARKDOWN_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
_MARKDOWN_LINK = re.compile(r"(?<!!)\[([^\]\n]+)\]\([^)\s]+(?:\s+\"[^\"]*\")?\)")
_BYLINE = re.compile(r"^\s*(?:by|By|BY)\s+([^\W\d_][^\n]{1,80})$")


def _from_text(path: Path, raw: str, *, markdown: bool) -> Article:
    text = raw
    if markdown:
        text = "\n".join(
            _MARKDOWN_LINK.sub(
                r"\1", _MARKDOWN_EMPHASIS.sub(r"\2", _MARKDOWN_HEADING.sub("", line))
            )
            for line in raw.splitlines()
        )
    text = canonical(text)
    _check_not_empty(path, text)
    title = _first_line(text) or path.stem
    author = None
    for line in text.split("\n")[1:6]:
        byline = _BYLINE.match(line)
        if byline:
            author = byline.group(1).strip()
            break
    published, note = _dateline(text)
    return Article(
        path=path,
        text=text,
        title=title,
        outlet="unknown",
        author=author,
        published=published,
        date_certainty="stated",
        date_note=note,
    )


def _dateline(text: str) -> tuple[str | None, str | None]:
    """The date of a dateline ("Hanoi, November 29, 2021 - …") in the first lines."""
    head = text[: min(len(text), 1500)]
    for found in find_dates(head, None):
        if found.precision == "day" and found.certainty == "stated":
            line_start = head.rfind("\n", 0, found.start) + 1
            if found.start - line_start <= 40:  # near the start of its line: a dateline
                return found.date, None
    return None, None


def _check_not_empty(path: Path, text: str) -> None:
    letters = sum(1 for char in text if char.isalpha())
    if letters < MIN_ARTICLE_LETTERS:
        raise ArticleError(f"{path}: no article text was found in it")


def _first_line(text: str) -> str:
    for line in text.split("\n"):
        if line.strip():
            return _one_line(line) or ""
    return ""


def _one_line(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    line = " ".join(clean_text(unicodedata.normalize("NFC", value)).split())
    return line[:300] or None


def _iso_day(value: object) -> str | None:
    if isinstance(value, str) and re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value.strip()):
        return value.strip()
    return None
