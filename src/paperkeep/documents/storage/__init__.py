"""Document files under the media root: layout, names, durable placement, journals (see placement.py)."""
