"""Database plumbing every feature shares: column types, text search, and the per-process page cache."""
