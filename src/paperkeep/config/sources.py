"""Where raw values come from: the environment, one paperless.conf, and `*_FILE` secret files.

Precedence, highest first: the real environment, then the config file. Within one of those two layers a
variable `X` beats `X_FILE` (a warning says so when both are set); `X_FILE` in the environment beats `X` in
the config file, because the environment layer as a whole wins.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from paperkeep.config.envfile import EnvFileContent, parse_env_text
from paperkeep.config.errors import ConfigError, shown

SourceKind = Literal["default", "environment", "file", "secret-file"]
PREFIX = "PAPERLESS_"
CONFIGURATION_PATH = "PAPERLESS_CONFIGURATION_PATH"
FILE_SUFFIX = "_FILE"


@dataclass(frozen=True)
class Source:
    """Where one value came from: a default, the environment, a line of paperless.conf, or a secret file."""

    kind: SourceKind
    path: Path | None = None
    line: int | None = None
    variable: str | None = None  # for "secret-file": the X_FILE variable that named the file
    via: Source | None = None  # for "secret-file": where X_FILE itself was set

    def __str__(self) -> str:
        if self.kind == "file":
            return f"{self.path}:{self.line}"
        if self.kind == "secret-file":
            return f"file {self.variable}={self.path}"
        return self.kind

    def origin(self) -> str:
        """Describe the source for an error message ("environment", "/etc/paperless.conf line 12", ...)."""
        if self.kind == "file":
            return f"{self.path} line {self.line}"
        return str(self)


DEFAULT = Source("default")
ENVIRONMENT = Source("environment")


@dataclass(frozen=True)
class RawValue:
    """A value as text, before parsing, with its source."""

    text: str
    source: Source


@dataclass
class Collected:
    """Raw values by variable name, plus what was noticed while collecting them."""

    raw: dict[str, RawValue] = field(default_factory=dict)
    unknown: list[tuple[str, Source]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    errors: list[ConfigError] = field(default_factory=list)
    file_extras: dict[str, str] = field(default_factory=dict)  # non-PAPERLESS_ assignments in paperless.conf


def _exists(path: Path, warnings: list[str]) -> bool:
    try:
        path.stat()
    except FileNotFoundError:
        return False
    except (OSError, ValueError) as exc:
        # e.g. a directory on the way that this user may not enter: say so, and look further.
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        warnings.append(f"{path!r} cannot be checked ({reason}); looking for paperless.conf elsewhere")
        return False
    return True


def find_config_file(
    environ: Mapping[str, str], base_dir: Path, cwd: Path, root: Path
) -> tuple[Path | None, list[str]]:
    """Return the first existing paperless.conf in lookup order, and warnings about skipped candidates."""
    warnings: list[str] = []
    candidates: list[Path] = []
    configured = environ.get(CONFIGURATION_PATH, "").strip()
    if configured:
        path = Path(configured).expanduser()
        path = path if path.is_absolute() else cwd / path
        if _exists(path, warnings):
            return path, warnings
        warnings.append(f"{CONFIGURATION_PATH}={configured} does not exist; looking for paperless.conf elsewhere")
    candidates += [
        base_dir / "paperless.conf",
        cwd.parent / "paperless.conf",
        root / "etc" / "paperless.conf",
        root / "usr" / "local" / "etc" / "paperless.conf",
    ]
    for candidate in candidates:
        if _exists(candidate, warnings):
            return candidate, warnings
    return None, warnings


def read_config_file(path: Path, environ: Mapping[str, str], from_variable: bool) -> EnvFileContent:
    """Read and parse paperless.conf, or raise one ConfigError saying why it cannot be read."""
    variable = CONFIGURATION_PATH if from_variable else "paperless.conf"
    origin = "environment" if from_variable else "config file lookup"
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(
            variable, f"is not UTF-8 text (byte {exc.start})", expected="a UTF-8 text file",
            origin=origin, value=shown(str(path), secret=False), code="config.file_unreadable",
        ) from None
    except OSError as exc:
        raise ConfigError(
            variable, f"cannot be read: {exc.strerror or exc}", expected="a readable file",
            origin=origin, value=shown(str(path), secret=False), code="config.file_unreadable",
        ) from None
    return parse_env_text(text, environ)


def _file_layer(path: Path, content: EnvFileContent, out: Collected) -> dict[str, RawValue]:
    layer: dict[str, RawValue] = {}
    for problem in content.problems:
        if problem.key is None:
            out.warnings.append(f"{path} line {problem.line} {problem.message}")
        else:
            out.errors.append(
                ConfigError(
                    problem.key, problem.message, expected="a value closed on the line it opens or a later one",
                    origin=f"{path} line {problem.line}", code="config.file_syntax",
                )
            )
    for entry in content.entries:
        if not entry.key.startswith(PREFIX):
            out.file_extras[entry.key] = entry.value
            continue
        previous = layer.get(entry.key)
        if previous is not None:
            out.warnings.append(
                f"{entry.key} is set twice in {path} (lines {previous.source.line} and {entry.line}); "
                f"line {entry.line} wins"
            )
        layer[entry.key] = RawValue(entry.value, Source("file", path, entry.line))
    return layer


def _read_secret_file(variable: str, ref: RawValue, base_dir: Path) -> RawValue:
    path = Path(ref.text.strip()).expanduser()
    path = path if path.is_absolute() else base_dir / path
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, ValueError) as exc:
        if isinstance(exc, OSError):
            reason = exc.strerror or str(exc)
        else:
            reason = "not UTF-8 text" if isinstance(exc, UnicodeDecodeError) else str(exc)
        raise ConfigError(
            variable + FILE_SUFFIX, f"cannot be read: {reason}",
            expected=f"a readable file holding the value of {variable}",
            origin=ref.source.origin(), value=shown(ref.text, secret=False), code="config.secret_file",
        ) from None
    if text.endswith("\r\n"):
        text = text[:-2]
    elif text.endswith("\n"):
        text = text[:-1]
    source = Source("secret-file", path=path, variable=variable + FILE_SUFFIX, via=ref.source)
    return RawValue(text, source)


def collect(
    environ: Mapping[str, str],
    config_file: tuple[Path, EnvFileContent] | None,
    is_known: Callable[[str], bool],
    base_dir: Path,
) -> Collected:
    """Merge the environment and the config file into one raw value per known variable."""
    out = Collected()
    env_layer = {key: RawValue(value, ENVIRONMENT) for key, value in environ.items() if key.startswith(PREFIX)}
    file_layer = _file_layer(*config_file, out) if config_file else {}
    wanted: set[str] = set()
    for layer in (env_layer, file_layer):
        for name, raw in layer.items():
            if is_known(name):
                wanted.add(name)
            elif name.endswith(FILE_SUFFIX) and is_known(name[: -len(FILE_SUFFIX)]):
                wanted.add(name[: -len(FILE_SUFFIX)])
            elif not (layer is file_layer and name in env_layer):
                out.unknown.append((name, raw.source))
    for name in sorted(wanted):
        for layer, where in ((env_layer, "the environment"), (file_layer, "the config file")):
            direct, ref = layer.get(name), layer.get(name + FILE_SUFFIX)
            if direct is not None and ref is not None:
                if direct.text == "":
                    direct = None
                else:
                    out.warnings.append(f"both {name} and {name}{FILE_SUFFIX} are set in {where}; {name} wins")
            if direct is not None:
                out.raw[name] = direct
                break
            if ref is not None:
                try:
                    out.raw[name] = _read_secret_file(name, ref, base_dir)
                except ConfigError as exc:
                    out.errors.append(exc)
                break
    return out
