"""Thin background entry points; each calls one service (ingest, search, maintenance)."""
