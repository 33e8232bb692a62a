"""``vnru add``: from a saved article to suggested, cited records.

Textual-free like :mod:`tui.core`: reading an article (:mod:`.reading`),
finding dates, names and figures in it (:mod:`.dates`, :mod:`.names`,
:mod:`.figures`, gathered by :mod:`.suggest`), writing accepted records into
the user's archive as appended text (:mod:`.archive`, :mod:`.appending`) and
remembering what was reviewed (:mod:`.inbox`).
"""
