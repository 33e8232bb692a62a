"""Reading a data directory: its files, YAML records, articles and quotes."""
