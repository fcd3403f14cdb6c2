"""The consume pipeline: sources (upload, consume folder, command line) -> an ordered tuple of steps.

    submit.record_submission(...)   # a queued task row for one input file (sources call this)
    runner.run(task_id)             # claim the task, run STEPS, keep or remove the input, record the outcome
    recovery.recover()              # on worker start: settle crashed placements, find tasks to run again
    sources.folder.FolderWatcher    # the consume-folder watcher thread

OCR happens only in `runner.run`, which only the worker calls.
"""
