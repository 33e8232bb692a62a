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
from textual.containers import Horizontal, Vertical
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
from tui.screens.inbox_view import InboxArticle, detail_text, group_text, row_text
from tui.widgets.key_bar import KeyBar

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
                rows.append(Option(group_text(kind, len(group)), id=header, disabled=True))
                for suggestion in group:
                    key = f"{source_id}::{suggestion.id}"
                    self._rows[key] = (source_id, suggestion)
                    rows.append(Option(row_text(suggestion), id=key))
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
            options.replace_option_prompt(header, group_text(suggestion.kind, self._groups[header]))
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
        self.query_one("#inbox-detail", Static).update(detail_text(suggestion, self.kb))
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
