"""A citation in the style a writer needs: plain text, Markdown, BibTeX or CSL-JSON.

Plain text and Markdown carry the quote and its article; BibTeX and CSL-JSON
describe the source article itself, ready for a reference manager.  Every
value comes from the data files, so each style escapes what its format
treats specially.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from tui.core.dates import parse_span
from tui.core.models import Citation, Source
from tui.core.outputs.export import plain_citation, source_date
from tui.core.outputs.markdown import escape_markdown
from tui.core.queries.knowledge import KnowledgeBase

CitationStyle = Literal["plain", "markdown", "bibtex", "csl-json"]
"""The citation styles ``y`` can copy."""

CITATION_STYLES: tuple[CitationStyle, ...] = ("plain", "markdown", "bibtex", "csl-json")

STYLE_NAMES: dict[CitationStyle, str] = {
    "plain": "plain text",
    "markdown": "Markdown",
    "bibtex": "BibTeX",
    "csl-json": "CSL-JSON",
}
STYLE_LABELS: dict[CitationStyle, str] = {
    "plain": "Plain text — the quote, title, outlet and date",
    "markdown": "Markdown — the quote as a block quote, then its source",
    "bibtex": "BibTeX — an entry for the source article",
    "csl-json": "CSL-JSON — the source article for Zotero, Pandoc, citeproc",
}

FILE_SUFFIXES: dict[CitationStyle, str] = {
    "plain": ".txt",
    "markdown": ".md",
    "bibtex": ".bib",
    "csl-json": ".json",
}
"""The file a style is written to by default is named ``citations`` plus this."""

_MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def format_citation(kb: KnowledgeBase, citation: Citation, style: CitationStyle) -> str:
    """``citation`` written in ``style``."""
    if style == "markdown":
        return markdown_citation(kb, citation)
    if style == "bibtex":
        return bibtex_entry(kb.source(citation.source))
    if style == "csl-json":
        return json.dumps([csl_item(kb.source(citation.source))], ensure_ascii=False, indent=2)
    return plain_citation(kb, citation)


def markdown_citation(kb: KnowledgeBase, citation: Citation) -> str:
    """The quote as a Markdown block quote, then title, outlet and date."""
    source = kb.source(citation.source)
    quote = escape_markdown(" ".join(citation.quote.split()))
    title = escape_markdown(" ".join(source.title.split()))
    outlet = escape_markdown(source.outlet)
    where = f", <{source.url}>" if source.url else ""  # WebAddress holds no '<', '>' or space
    return f"> {quote}\n>\n> — *{title}*, {outlet}, {source_date(source)}{where}\n"


def bibtex_escape(text: str) -> str:
    """``text`` safe inside a braced BibTeX field: LaTeX specials escaped."""
    replacements = {
        "\\": r"\textbackslash{}",
        "{": r"\{",
        "}": r"\}",
        "%": r"\%",
        "&": r"\&",
        "$": r"\$",
        "#": r"\#",
        "_": r"\_",
        "^": r"\^{}",
        "~": r"\~{}",
    }
    return "".join(replacements.get(char, char) for char in " ".join(text.split()))


def bibtex_entry(source: Source) -> str:
    """A BibTeX entry for the article: ``@online`` when the page names its
    address (``url``, and ``urldate`` when the access date is known), else
    ``@misc``. A news site is no journal: the outlet is the ``organization``
    of an ``@online`` entry and ``howpublished`` of a ``@misc`` one.

    ``date`` is biblatex's field and keeps the partial date exactly; ``year``
    and ``month`` are for classic BibTeX.
    """
    date = source.published_span.start
    known_outlet = source.outlet.strip().lower() != "unknown"
    kind = "online" if source.url else "misc"
    fields: list[tuple[str, str]] = [("title", "{" + bibtex_escape(source.title) + "}")]
    if source.byline:
        fields.append(("author", "{" + bibtex_escape(source.byline) + "}"))
    if known_outlet:
        name = "organization" if kind == "online" else "howpublished"
        fields.append((name, bibtex_escape(source.outlet)))
    fields.append(("year", str(date.year)))
    if date.month is not None:
        fields.append(("month", _MONTH_NAMES[date.month - 1]))
    fields.append(("date", source.published))
    if source.url:
        fields.append(("url", source.url))  # verbatim: url fields are not TeX
        if source.accessed:
            fields.append(("urldate", source.accessed))
    if source.date_certainty != "stated":
        fields.append(("note", f"Publication date {source.date_certainty}, not stated on the page"))
    lines = [f"@{kind}{{{source.id},"]
    for name, value in fields:
        # month macros (jun) and the year go bare; everything else in braces.
        braced = value if name in ("month", "year") else "{" + value + "}"
        lines.append(f"  {name} = {braced},")
    lines.append("}")
    return "\n".join(lines) + "\n"


def csl_item(source: Source) -> dict[str, Any]:
    """A CSL-JSON item (``article-newspaper``) for the article.

    ``issued`` carries only the date parts the article gives: a year, a year
    and month, or a full date.
    """
    date = source.published_span.start
    parts = [date.year] + [part for part in (date.month, date.day) if part is not None]
    item: dict[str, Any] = {
        "id": source.id,
        "type": "article-newspaper",
        "title": " ".join(source.title.split()),
        "issued": {"date-parts": [parts]},
    }
    if source.outlet.strip().lower() != "unknown":
        item["container-title"] = source.outlet
    if source.byline:
        item["author"] = [{"literal": source.byline}]
    if source.url:
        item["URL"] = source.url
        if source.accessed:
            accessed = parse_span(source.accessed).start
            item["accessed"] = {
                "date-parts": [
                    [accessed.year]
                    + [part for part in (accessed.month, accessed.day) if part is not None]
                ]
            }
    if source.date_certainty != "stated":
        item["issued"]["circa"] = True
        item["note"] = f"Publication date {source.date_certainty}, not stated on the page"
    return item


def add_to_file(existing: str | None, citation_text: str, style: CitationStyle) -> str:
    """The text of a citations file after adding ``citation_text`` to it
    (``existing`` is the file's text, None for a new file).

    Plain text, Markdown and BibTeX are appended after a blank line; CSL-JSON
    joins the file's array, so the file stays one valid document.

    Raises:
        ValueError: when a CSL-JSON file does not hold an array of items.
    """
    if existing is None or not existing.strip():
        return citation_text if citation_text.endswith("\n") else citation_text + "\n"
    if style == "csl-json":
        try:
            items = json.loads(existing)
        except json.JSONDecodeError as error:
            raise ValueError(f"it is not JSON ({error.msg}, line {error.lineno})") from None
        if not isinstance(items, list):
            raise ValueError("it holds no CSL-JSON array")
        added = json.loads(citation_text)
        items.extend(item for item in added if item not in items)
        return json.dumps(items, ensure_ascii=False, indent=2) + "\n"
    if citation_text.strip() in existing:
        return existing  # already there: a second copy would duplicate a BibTeX key
    return existing.rstrip("\n") + "\n\n" + citation_text.rstrip("\n") + "\n"
