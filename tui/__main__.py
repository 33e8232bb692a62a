"""``python -m tui`` does what the ``vnru`` command does."""

from tui.cli import main

raise SystemExit(main())
