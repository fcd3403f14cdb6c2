"""Browser pages, one module per area; each view validates, reads through `documents.queries`, calls an action."""
