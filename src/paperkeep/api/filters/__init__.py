"""Query-parameter filters of the list endpoints."""
