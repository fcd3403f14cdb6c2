"""The `paperkeep` command: serve, config, check, or any Django management command (as Paperless's manage.py)."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

USAGE = """\
usage: paperkeep COMMAND [ARGS...]

  serve              prepare the database and run the web server, worker and consume-folder watcher
  config             print the effective settings and where each value came from (secrets masked)
  check              validate the configuration and the machine without starting anything
  version            print the Paperkeep version
  <django command>   any management command, as Paperless-ngx's manage.py: migrate, createsuperuser,
                     document_sanity_checker, document_index, consume, ...
"""


def _fail(message: str, code: int = 2) -> int:
    print(f"paperkeep: {message}", file=sys.stderr)
    return code


def _load_or_fail() -> tuple[object | None, int]:
    from paperkeep.config import diagnose

    diag = diagnose()
    for warning in diag.warnings:
        print(f"paperkeep: warning: {warning}", file=sys.stderr)
    if diag.errors:
        for error in diag.errors:
            print(f"paperkeep: {error}", file=sys.stderr)
        return None, 2
    return diag.config, 0


def cmd_config() -> int:
    from paperkeep.config import render_effective

    cfg, code = _load_or_fail()
    if cfg is None:
        return code
    print(render_effective(cfg))  # type: ignore[arg-type]
    return 0


def cmd_check() -> int:
    from paperkeep.checks import machine_problems
    from paperkeep.config import diagnose

    diag = diagnose()
    for error in diag.errors:
        print(f"error: {error}")
    for warning in diag.warnings:
        print(f"warning: {warning}")
    for name in diag.not_yet_effective:
        print(f"accepted, not yet effective: {name}")
    problems: list[str] = []
    if diag.config is not None:
        problems = machine_problems(diag.config)
        for problem in problems:
            print(f"error: {problem}")
    if diag.errors or problems:
        print(f"{len(diag.errors) + len(problems)} error(s)")
        return 1
    source = diag.config.config_file if diag.config is not None else None
    print(f"configuration OK ({'from ' + str(source) if source else 'no paperless.conf'} and the environment)")
    return 0


def cmd_serve() -> int:
    from paperkeep import serve
    from paperkeep.runtime import RuntimeSetupError, ensure_directories, secret_key

    cfg, code = _load_or_fail()
    if cfg is None:
        return code
    try:
        ensure_directories(cfg)  # type: ignore[arg-type]
        secret_key(cfg)  # type: ignore[arg-type]
    except RuntimeSetupError as exc:
        return _fail(str(exc))
    return serve.main(cfg)  # type: ignore[arg-type]


def cmd_django(argv: Sequence[str]) -> int:
    from paperkeep.runtime import RuntimeSetupError, ensure_directories

    cfg, code = _load_or_fail()
    if cfg is None:
        return code
    try:
        ensure_directories(cfg)  # type: ignore[arg-type]
    except RuntimeSetupError as exc:
        return _fail(str(exc))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "paperkeep.settings")
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["paperkeep", *argv])
    except RuntimeSetupError as exc:
        return _fail(str(exc))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help", "help"):
        print(USAGE, end="")
        return 0
    command, rest = args[0], args[1:]
    if command == "version":
        from paperkeep import PAPERLESS_COMPAT_VERSION, __version__

        print(f"paperkeep {__version__} (compatible with Paperless-ngx {PAPERLESS_COMPAT_VERSION})")
        return 0
    if command == "config":
        return cmd_config()
    if command == "check":
        return cmd_check()
    if command == "serve":
        if rest:
            return _fail("serve takes no arguments; configure it with PAPERLESS_* settings")
        return cmd_serve()
    return cmd_django(args)


if __name__ == "__main__":
    sys.exit(main())
