"""The Textual-free core: models, dates, loading, search and export.

Nothing under ``tui.core`` may import ``textual``; a test checks it.
"""
