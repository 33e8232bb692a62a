"""The index: one SQLite database per data directory (see :mod:`.schema`)."""
