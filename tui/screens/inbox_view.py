"""How the Inbox shows a suggestion: its row in the list, its details, and its
sentence highlighted in the article beside them (:mod:`tui.screens.inbox`)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from tui.core.knowledge import KnowledgeBase
from tui.ingest.suggest import Suggestion
from tui.widgets.contrast import highlight_style

KIND_TITLES = {
    "event": "Events",
    "person": "People",
    "agreement": "Agreements",
    "organization": "Organisations",
    "place": "Places",
    "figure": "Figures",
}
CONFLICT_MARK = "≠"
MATCH_MARK = "="


class InboxArticle(VerticalScroll, can_focus=False):
    """The article, a paragraph a line, the suggestion's sentence highlighted."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"inbox-article--sentence", "inbox-article--found"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text = ""
        self._paragraphs: list[tuple[int, int]] = []
        self._marked: int | None = None

    def show(self, text: str, suggestion: Suggestion | None) -> None:
        """Show ``text`` (mounting it if it changed) with ``suggestion`` highlighted."""
        if text != self._text:
            self._text = text
            self._paragraphs = []
            at = 0
            for line in text.split("\n"):
                if line.strip():
                    self._paragraphs.append((at, at + len(line)))
                at += len(line) + 1
            self.remove_children()
            self.mount_all(
                Static(Text(text[a:b]), classes="paragraph", markup=False)
                for a, b in self._paragraphs
            )
            self._marked = None
        target = None
        if suggestion is not None:
            target = next(
                (n for n, (a, b) in enumerate(self._paragraphs) if a <= suggestion.start < b), None
            )
        if self._marked is not None and self._marked != target:
            self._paint(self._marked, None)
        if target is not None:
            self._paint(target, suggestion)
            self.call_after_refresh(self._bring_into_view, target)
        self._marked = target

    def _bring_into_view(self, index: int) -> None:
        children = list(self.query(".paragraph"))
        if index < len(children):
            self.scroll_to_widget(children[index], animate=False, center=True)

    def _paint(self, index: int, suggestion: Suggestion | None) -> None:
        children = list(self.query(".paragraph").results(Static))
        if index >= len(children):
            return
        start, end = self._paragraphs[index]
        text = Text(self._text[start:end])  # article text is never markup
        if suggestion is not None:
            text.stylize(
                highlight_style(self, "inbox-article--sentence"),
                max(suggestion.start - start, 0),
                min(suggestion.end, end) - start,
            )
            if suggestion.name_start is not None and suggestion.name_end is not None:
                text.stylize(
                    self.get_component_rich_style("inbox-article--found", partial=True),
                    suggestion.name_start - start,
                    suggestion.name_end - start,
                )
        children[index].update(text)


def group_text(kind: str, count: int) -> Text:
    """The heading of a kind's suggestions under an article, with how many are open."""
    return Text(f"  {KIND_TITLES[kind]} ({count})", style="italic")


def row_text(suggestion: Suggestion) -> Text:
    """A suggestion's row in the list: its date or name, and whether the archive knows it."""
    text = Text("    ")
    if suggestion.conflicts:
        text.append(f"{CONFLICT_MARK} ", style="bold")
    if suggestion.kind == "event":
        mark = "" if suggestion.date_certainty == "stated" else "?"
        text.append(f"{suggestion.date}{mark}  ", style="bold")
        text.append(suggestion.title or suggestion.quote)
    elif suggestion.kind == "figure":
        text.append(f"{suggestion.name}  ", style="bold")
        text.append(suggestion.measure or "")
        if suggestion.period:
            text.append(f" ({suggestion.period})")
    else:
        text.append(suggestion.name or "")
        if suggestion.match:
            text.append(f"  {MATCH_MARK} {suggestion.match}", style="dim")
        elif suggestion.ambiguous:
            text.append("  ambiguous", style="bold")
        else:
            text.append("  new", style="dim")
    text.no_wrap = True
    text.overflow = "ellipsis"
    return text


def detail_text(suggestion: Suggestion, kb: KnowledgeBase) -> Text:
    """The details shown above the article: what was found, what ``a`` would do, conflicts."""
    text = Text()
    label = KIND_TITLES[suggestion.kind][:-1] if suggestion.kind != "person" else "Person"
    text.append(f"{label}: ", style="bold")
    if suggestion.kind == "event":
        text.append(f"{suggestion.date} ({suggestion.date_certainty}, {suggestion.precision})")
        if suggestion.date_note:
            text.append(f"\n{suggestion.date_note}", style="italic")
    elif suggestion.kind == "figure":
        value = f"{suggestion.value:,.0f}" if suggestion.value is not None else ""
        text.append(f"{suggestion.name} = {value} {suggestion.unit}; {suggestion.measure}")
        if suggestion.period:
            text.append(f", {suggestion.period}")
    else:
        text.append(suggestion.name or "")
        if suggestion.match:
            text.append(
                f"\nIn the archive: {suggestion.match}. a adds this sentence as its citation."
            )
        elif suggestion.ambiguous:
            text.append(
                "\nAmbiguous: the name belongs to "
                + ", ".join(suggestion.ambiguous)
                + ". a asks which one to cite it on."
            )
        else:
            text.append("\nNot in the archive: a creates it.")
    for passage in suggestion.conflict_passages:
        text.append(
            f"\n{CONFLICT_MARK} Disagrees with {passage.record} ({passage.source}): ", style="bold"
        )
        text.append(f"“{passage.quote}”")
    if suggestion.links:
        text.append("\nAlso named: " + ", ".join(suggestion.links), style="dim")
    return text
