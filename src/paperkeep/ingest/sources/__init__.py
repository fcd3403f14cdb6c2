"""Where inputs come from. The upload and command-line sources are thin (see `ingest.submit` and the tasks
layer); the consume folder needs a watcher (`folder.py`)."""
