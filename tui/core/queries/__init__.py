"""Reading the index: the knowledge base, filters, search and what they find."""
