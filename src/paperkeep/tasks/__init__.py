"""Thin background entry points; each calls one service (ingest, maintenance).

`paperkeep.tasks.consume` holds the consume task and the functions sources call to submit an input;
`paperkeep.tasks.lifecycle` runs crash recovery and the consume-folder watcher inside the worker.
This package is also a Django app (label `tasks`): its `ready()` imports both modules (registering the task
and the worker signals), and it holds the management commands (consume, document_*).
"""
