"""Live calendar feeds of a batch folder: tokens, the event ledger, the feed server."""
