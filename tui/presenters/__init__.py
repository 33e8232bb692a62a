"""How each kind of record is drawn: its list row and its detail, one module per
kind, found through :data:`tui.presenters.registry.PRESENTERS` by the kind's name.

A new kind of record (:mod:`tui.core.kinds`) needs a presenter here and nothing
else in the interface: the lists, the detail pane and the panes look it up.
"""
