"""When Python's cyclic garbage collector runs: its full passes wait for a pause.

The command line turns the collector off while the interface starts (importing
it creates a few hundred thousand objects, whose collections cost ~30 ms of
start-up); :meth:`Collector.resume` turns it back on after the first frame and
freezes what is alive then out of its full passes.

A full pass visits every object that is not frozen. After a few minutes of
filtering at 1,000,000 events, that was some 90,000 (Textual's strips and
their caches, most of them garbage by then) and 60–110 ms, taken in the middle
of whichever keystroke's frame set it off. Young passes stay automatic (a
millisecond or two); a full pass waits until no key or click has come for
:data:`PAUSE` seconds, or until the young passes since the last one reach
:data:`OVERDUE`, as Python itself would let them reach 10.
"""

from __future__ import annotations

import gc
import time

PAUSE = 0.5
"""Seconds without input after which a due full pass runs."""
DUE = 10
"""Young (generation 1) passes after which a full pass is due: Python's own threshold."""
OVERDUE = 1000
"""Young passes after which Python runs a full pass itself, paused or not."""
CHECK = 0.25
"""Seconds between two looks at whether a full pass is due (:meth:`Collector.tick`)."""


class Collector:
    """The app's policy for the garbage collector (``managed``: the command line
    turned it off for the start; otherwise it is left as Python runs it)."""

    def __init__(self, *, managed: bool) -> None:
        self.managed = managed
        self._input_at = time.monotonic()

    def resume(self) -> None:
        """Turn the collector back on once the first frame is out, full passes
        deferred to pauses (:meth:`tick`)."""
        if not self.managed:
            return
        gc.freeze()
        young, middle, _ = gc.get_threshold()
        gc.set_threshold(young, middle, OVERDUE)
        gc.enable()

    def keep_long_lived(self) -> None:
        """Freeze what is alive now out of the full passes: called when a large,
        lasting structure (a knowledge base, its search text) has just been built."""
        if self.managed and gc.isenabled():
            gc.freeze()

    def input_seen(self) -> None:
        """A key or a click came: a full pass waits for the next pause."""
        self._input_at = time.monotonic()

    def tick(self) -> bool:
        """Run a full pass if one is due and input has paused; True if it ran."""
        if not (self.managed and gc.isenabled()):
            return False
        if gc.get_count()[2] < DUE or time.monotonic() - self._input_at < PAUSE:
            return False
        gc.collect()
        return True
