"""Every write to documents and their objects goes through a function here (STYLE habit 2).

Each function validates, saves, keeps the derived state right (tag ancestors, file names) and schedules
re-indexing with `transaction.on_commit` through `documents.indexing`. Modules, by noun:
`documents` (create, update, tags, trash), `objects` (tags, correspondents, types, storage paths),
`permissions` (owner and grants), `custom_fields`, `notes`, `tasks` (task records).
"""
