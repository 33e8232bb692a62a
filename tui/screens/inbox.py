"""The Inbox (``i``): what ``vnru add`` suggested, to accept, cite or dismiss.

The suggestions of every article not yet reviewed, grouped by article and kind;
the article beside them with the suggestion's sentence highlighted. ``a``
accepts through a prefilled form (an existing record gets the sentence as a new
citation), ``c`` cites the sentence on any record, ``e`` corrects the
article's own details, ``x`` dismisses, ``u`` undoes the last step. The screen closes with the reloaded knowledge base when
anything was written, so the explorer shows the new records at once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.core.knowledge import KnowledgeBase
from tui.core.paths import bundled
from tui.ingest.appending import WriteError
from tui.ingest.archive import is_bundled
from tui.ingest.kinds import source_of
from tui.ingest.records import WRITTEN_AS, FormField, citation_form, form_for
from tui.ingest.review import Review
from tui.ingest.suggest import KINDS, Suggestion
from tui.screens.inbox_form import RecordForm
from tui.widgets.contrast import highlight_style
from tui.widgets.key_bar import KeyBar

KIND_TITLES = {
    "event": "Events",
    "person": "People",
    "agreement": "Agreements",
    "organization": "Organisations",
    "place": "Places",
    "figure": "Figures",
}
SOURCE_FORM = (
    ("title", "Title", "the headline as printed"),
    ("outlet", "Outlet", "the publisher, or unknown"),
    ("published", "Published", "YYYY, YYYY-MM or YYYY-MM-DD"),
    ("date_certainty", "Date certainty", "stated, approximate or inferred"),
    ("date_note", "Date note", "how the date was worked out, unless stated"),
    ("byline", "Byline", ""),
    ("url", "Address", "https://…, as the page names it"),
    ("accessed", "Accessed", "when the page was saved"),
)
"""The article details ``e`` edits: (field, label, hint)."""
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


class InboxScreen(Screen[KnowledgeBase | None]):
    """Review the suggestions of the articles added with ``vnru add``."""

    CSS_PATH = str(bundled("styles") / "inbox.tcss")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "accept", "Accept"),
        Binding("c", "cite", "Cite on a record"),
        Binding("x", "dismiss_suggestion", "Dismiss"),
        Binding("u", "undo", "Undo"),
        Binding("e", "edit_source", "Article details"),
        Binding("j", "cursor(1)", "Down", show=False),
        Binding("k", "cursor(-1)", "Up", show=False),
        Binding("escape,backspace", "close", "Back"),
    ]

    def __init__(self, kb: KnowledgeBase) -> None:
        super().__init__()
        self.kb = kb
        self.review: Review | None = None if is_bundled(kb.root) else Review(kb)
        self._rows: dict[str, tuple[str, Suggestion]] = {}
        self._groups: dict[str, int] = {}
        """Open suggestions under each kind's heading, by heading id."""

    def compose(self) -> ComposeResult:
        yield Static("Inbox", id="inbox-title", markup=False)
        with Horizontal(id="inbox-body"):
            yield OptionList(id="inbox-list")
            with Vertical(id="inbox-side"):
                yield Static("", id="inbox-detail", markup=False)
                yield InboxArticle(id="inbox-article")
        yield Static("", id="inbox-status", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        if self.review is not None and self.review.inbox.warning:
            self.notify(self.review.inbox.warning, severity="warning", markup=False)
        self.refresh_list()
        self.query_one(OptionList).focus()

    # ------------------------------------------------------------- the list

    def refresh_list(self, keep: int | None = None) -> None:
        """Rebuild the list from the Inbox; the cursor stays near row ``keep``."""
        options = self.query_one(OptionList)
        options.clear_options()
        self._rows.clear()
        if self.review is None:
            self._title(
                "Inbox: this is the bundled knowledge base, which vnru add never writes. "
                "Add articles to your own archive with `vnru add FILE`, then open it with "
                "`vnru --data DIR`."
            )
            return
        self._groups.clear()
        rows: list[Option] = []
        for source_id, pending in self.review.inbox.articles():
            title = pending.title
            source = source_of(self.review.kb, source_id)
            if source is not None:  # as corrected with e, if it was
                title = source.title
            rows.append(Option(Text(title, style="bold"), id=f"{source_id}::", disabled=True))
            open_ = pending.open
            for kind in KINDS:
                group = [s for s in open_ if s.kind == kind]
                if not group:
                    continue
                header = f"{source_id}::#{kind}"
                self._groups[header] = len(group)
                rows.append(Option(_group_text(kind, len(group)), id=header, disabled=True))
                for suggestion in group:
                    key = f"{source_id}::{suggestion.id}"
                    self._rows[key] = (source_id, suggestion)
                    rows.append(Option(_row_text(suggestion), id=key))
        options.add_options(rows)
        self._show_counts()
        if self._rows:
            self._highlight_near(0 if keep is None else keep)

    def _show_counts(self) -> None:
        assert self.review is not None
        count = len(self._rows)
        offered, accepted = self.review.inbox.counts()
        if count:
            self._title(
                f"Inbox: {count} suggestion{'s' if count != 1 else ''} to review  ·  "
                f"{accepted} of {offered} offered so far accepted or cited"
            )
            return
        self._title(
            "Inbox: nothing to review. Add articles with `vnru add FILE`"
            + (f"  ·  {accepted} of {offered} offered were accepted or cited." if offered else ".")
        )
        self.query_one("#inbox-detail", Static).update("")
        self.query_one(InboxArticle).show("", None)

    def _highlight_near(self, index: int) -> None:
        """Highlight the suggestion at ``index``, or the nearest one after (else before) it."""
        options = self.query_one(OptionList)
        rows = [
            n for n in range(options.option_count) if not options.get_option_at_index(n).disabled
        ]
        if not rows:
            return
        options.highlighted = min(rows, key=lambda n: (n < index, abs(n - index)))
        self._show_current()

    def _drop(self, key: str) -> None:
        """Take a decided suggestion out of the list (cheaper than rebuilding a long one)."""
        options = self.query_one(OptionList)
        at = options.get_option_index(key)
        source_id, suggestion = self._rows.pop(key)
        options.remove_option(key)
        header = f"{source_id}::#{suggestion.kind}"
        self._groups[header] -= 1
        if self._groups[header]:
            options.replace_option_prompt(
                header, _group_text(suggestion.kind, self._groups[header])
            )
        else:
            del self._groups[header]
            options.remove_option(header)
            at -= 1
            if not any(name.startswith(f"{source_id}::#") for name in self._groups):
                options.remove_option(f"{source_id}::")
                at -= 1
        self._show_counts()
        if self._rows:
            self._highlight_near(max(at, 0))

    def _title(self, text: str) -> None:
        self.query_one("#inbox-title", Static).update(text)

    def current(self) -> tuple[str, Suggestion] | None:
        """The highlighted suggestion and its article's id."""
        options = self.query_one(OptionList)
        if options.highlighted is None:
            return None
        option = options.get_option_at_index(options.highlighted)
        return self._rows.get(option.id or "")

    @on(OptionList.OptionHighlighted, "#inbox-list")
    def _highlighted(self) -> None:
        self._show_current()

    def _show_current(self) -> None:
        current = self.current()
        if current is None:
            return
        source_id, suggestion = current
        self.query_one("#inbox-detail", Static).update(_detail(suggestion, self.kb))
        try:
            text = self.kb.texts[source_id]
        except KeyError:
            text = suggestion.quote
        self.query_one(InboxArticle).show(text, suggestion)

    def action_cursor(self, step: int) -> None:
        """Move to the next (or previous) suggestion."""
        options = self.query_one(OptionList)
        if step > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()

    # ------------------------------------------------------------- actions

    def _status(self, text: str) -> None:
        self.query_one("#inbox-status", Static).update(text)

    def action_accept(self) -> None:
        """Accept the suggestion: a form for a new record, or a citation for a known one."""
        current = self.current()
        if current is None or self.review is None:
            return
        source_id, suggestion = current
        review = self.review
        if suggestion.match or suggestion.ambiguous:
            self.action_cite()
            return
        try:
            published = getattr(source_of(review.kb, source_id), "published", None)
            fields = form_for(suggestion, review.kb, published, set(review.kb.by_id))
        except ValueError as error:
            self._status(str(error))
            return

        def save(values: dict[str, str]) -> str | None:
            try:
                review.accept(source_id, suggestion, values)
            except WriteError as error:
                return str(error)
            return None

        kind = WRITTEN_AS[suggestion.kind] or suggestion.kind
        self.app.push_screen(
            RecordForm(f"New {kind} from {source_id}", fields, save),
            self._after_form("Accepted", f"{source_id}::{suggestion.id}"),
        )

    def action_cite(self) -> None:
        """Cite the suggestion's sentence on an existing record."""
        current = self.current()
        if current is None or self.review is None:
            return
        source_id, suggestion = current
        review = self.review

        def save(values: dict[str, str]) -> str | None:
            try:
                review.cite(source_id, suggestion, values)
            except WriteError as error:
                return str(error)
            return None

        self.app.push_screen(
            RecordForm(
                f"Cite this sentence of {source_id} on a record", citation_form(suggestion), save
            ),
            self._after_form("Cited on", f"{source_id}::{suggestion.id}"),
        )

    def _after_form(self, verb: str, key: str) -> Callable[[str | None], None]:
        def done(record_id: str | None) -> None:
            if record_id is None:
                self._status("Cancelled: nothing was written.")
                return
            self._status(f"{verb} {record_id}. u undoes it.")
            self._drop(key)

        return done

    def action_edit_source(self) -> None:
        """Correct the article's own details: title, outlet, date, byline, address."""
        current = self.current()
        if current is None or self.review is None:
            return
        source_id = current[0]
        review = self.review
        source = source_of(review.kb, source_id)
        if source is None:
            self._status(f"{source_id} is not in the archive's sources any more.")
            return
        fields = [
            FormField(key, label, str(getattr(source, key) or ""), hint)
            for key, label, hint in SOURCE_FORM
        ]

        def save(values: dict[str, str]) -> str | None:
            try:
                review.edit_source(source_id, values)
            except WriteError as error:
                return str(error)
            return None

        def done(result: str | None) -> None:
            if result is None:
                self._status("Cancelled: nothing was written.")
            else:
                self._status(f"Saved the details of {source_id}. u undoes it.")
                self.refresh_list(self.query_one(OptionList).highlighted)

        self.app.push_screen(RecordForm(f"Details of {source_id}", fields, save), done)

    def action_dismiss_suggestion(self) -> None:
        """Dismiss the suggestion: it leaves the Inbox, nothing is written."""
        current = self.current()
        if current is None or self.review is None:
            return
        self.review.dismiss(*current)
        self._status("Dismissed. u brings it back.")
        self._drop(f"{current[0]}::{current[1].id}")

    def action_undo(self) -> None:
        """Take back the last accept, citation, dismissal or change of details."""
        if self.review is None:
            return
        try:
            step = self.review.undo()
        except WriteError as error:
            self._status(str(error))
            return
        if step is None:
            self._status("Nothing to undo.")
            return
        if step.suggestion is None:
            self._status("Undone: the article's details are as they were.")
            self.refresh_list(self.query_one(OptionList).highlighted)
            return
        what = "removed the record again" if step.change is not None else "brought it back"
        self._status(f"Undone: {what}.")
        self.refresh_list()
        key = f"{step.source_id}::{step.suggestion.id}"
        options = self.query_one(OptionList)
        for index in range(options.option_count):
            if options.get_option_at_index(index).id == key:
                options.highlighted = index
                break

    def action_close(self) -> None:
        """Back to the explorer, showing what was written."""
        changed = self.review is not None and self.review.changed
        self.dismiss(self.review.kb if changed and self.review is not None else None)


def _group_text(kind: str, count: int) -> Text:
    return Text(f"  {KIND_TITLES[kind]} ({count})", style="italic")


def _row_text(suggestion: Suggestion) -> Text:
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


def _detail(suggestion: Suggestion, kb: KnowledgeBase) -> Text:
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
