"""Small dialogs for the timeline's topic and year-range filters."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tui.core.dates import describe_years, parse_year_range
from tui.core.models import TOPIC_LABELS, TOPICS
from tui.core.paths import bundled

ALL_TOPICS = "__all__"


class TopicPicker(ModalScreen[str | None | bool]):
    """Choose one topic (or all); dismisses with the topic, None for all, False if cancelled."""

    CSS_PATH = str(bundled("styles") / "dialogs.tcss")  # parsed when first opened

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("j", "move(1)", "Down", show=False),
        Binding("k", "move(-1)", "Up", show=False),
    ]

    def __init__(self, current: str | None) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Timeline topic", classes="dialog-title")
            options = [Option("All topics", id=ALL_TOPICS)]
            options += [Option(TOPIC_LABELS[topic], id=topic) for topic in TOPICS]
            yield OptionList(*options, id="topics")

    def on_mount(self) -> None:
        option_list = self.query_one(OptionList)
        ids = [ALL_TOPICS, *TOPICS]
        option_list.highlighted = ids.index(self.current) if self.current in ids else 0
        self.set_focus(option_list)

    @on(OptionList.OptionSelected)
    def _chosen(self, message: OptionList.OptionSelected) -> None:
        option_id = message.option.id
        self.dismiss(None if option_id == ALL_TOPICS else option_id)

    def action_move(self, step: int) -> None:
        """Move the highlight."""
        option_list = self.query_one(OptionList)
        if step > 0:
            option_list.action_cursor_down()
        else:
            option_list.action_cursor_up()

    def action_cancel(self) -> None:
        """Close without changing the filter."""
        self.dismiss(False)


class YearRangePrompt(ModalScreen[tuple[int | None, int | None] | None]):
    """Ask for a year range such as 1950-1975; empty clears the range."""

    CSS_PATH = str(bundled("styles") / "dialogs.tcss")  # parsed when first opened

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, current: tuple[int | None, int | None]) -> None:
        super().__init__()
        self.initial = describe_years(current, dash="-")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Timeline years", classes="dialog-title")
            yield Input(
                value=self.initial,
                placeholder="1950-1975, 2001-, -1991 or 2024",
                id="years",
            )
            yield Static(
                "Enter applies (empty: every year) · Esc cancels", id="years-help", markup=False
            )

    def on_mount(self) -> None:
        self.set_focus(self.query_one(Input))

    @on(Input.Submitted)
    def _submitted(self, message: Input.Submitted) -> None:
        try:
            years = parse_year_range(message.value)
        except ValueError as error:
            self.query_one("#years-help", Static).update(str(error))
            return
        self.dismiss(years)

    def action_cancel(self) -> None:
        """Close without changing the filter."""
        self.dismiss(None)
