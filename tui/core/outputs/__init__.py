"""What research makes of the knowledge base: exports, briefs, tables, notes."""
