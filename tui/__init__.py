"""vnru: an offline terminal explorer of Vietnam–Russia relations."""

__version__ = "0.1.0"
