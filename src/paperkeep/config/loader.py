"""Load the configuration: find paperless.conf, merge it with the environment, parse every registered
variable, and build the typed areas. `diagnose` never raises; `load_config` raises the first ConfigError."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from paperkeep.config import model, variables_auth, variables_core, variables_ingest, variables_other
from paperkeep.config.errors import ConfigError, Invalid, shown
from paperkeep.config.registry import Derived, Var, build_registry, closest_name
from paperkeep.config.sources import (
    CONFIGURATION_PATH,
    DEFAULT,
    FILE_SUFFIX,
    RawValue,
    Source,
    collect,
    find_config_file,
    read_config_file,
)

REGISTRY, ALIASES = build_registry(
    (*variables_core.TABLES, *variables_ingest.TABLES, *variables_auth.TABLES, *variables_other.TABLES)
)


def is_known(name: str) -> bool:
    """Tell whether a name is a registered variable or an old name of one."""
    return name in REGISTRY or name in ALIASES


def install_dir(cwd: Path) -> Path:
    """Return the install directory: the checkout holding pyproject.toml above src/paperkeep, else cwd."""
    package = Path(__file__).resolve().parents[1]
    checkout = package.parents[1]
    if package.parent.name == "src" and (checkout / "pyproject.toml").is_file():
        return checkout
    return cwd


def _working_directory() -> Path:
    try:
        return Path.cwd()
    except OSError:  # the directory we were started in was deleted
        return Path("/")


class _Resolver:
    """Parses variables on demand, so a default may depend on another variable (the `Context` of parsers)."""

    def __init__(self, raw: Mapping[str, RawValue], base_dir: Path) -> None:
        self._raw = raw
        self._base_dir = base_dir
        self._busy: set[str] = set()
        self.values: dict[str, Any] = {}
        self.sources: dict[str, Source] = {}
        self.set_by_user: list[str] = []
        self.errors: list[ConfigError] = []
        self.warnings: list[str] = []

    @property
    def base_dir(self) -> Path:
        return self._base_dir

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def value(self, name: str) -> Any:
        if name not in self.values:
            if name in self._busy:
                raise RuntimeError(f"the defaults of {name} depend on each other")
            self._busy.add(name)
            try:
                self.values[name] = self._resolve(REGISTRY[name])
            finally:
                self._busy.discard(name)
        return self.values[name]

    def _pick(self, entry: Var) -> tuple[str, RawValue] | None:
        # The environment beats the config file; within one layer the old name is checked first (as Paperless).
        found = [(name, self._raw[name]) for name in (*entry.aliases, entry.name) if name in self._raw]
        in_env = [item for item in found if _layer(item[1].source) == "environment"]
        best = in_env or found
        return best[0] if best else None

    def _default(self, entry: Var) -> Any:
        return entry.default.compute(self) if isinstance(entry.default, Derived) else entry.default

    def _resolve(self, entry: Var) -> Any:
        picked = self._pick(entry)
        self.sources[entry.name] = DEFAULT
        value: Any = None
        parsed = False
        if picked is not None and picked[1].text.strip():
            name, raw = picked
            self._note_set(entry, name)
            text = raw.text if entry.keep_whitespace else raw.text.strip()
            try:
                value = entry.parse(text, self)
                parsed = True
                self.sources[entry.name] = raw.source
            except Invalid as exc:
                self.errors.append(_error(entry, name, raw, exc))
            except (ValueError, TypeError, ArithmeticError, LookupError, RecursionError, OSError) as exc:
                # A parser let a library error through: still one line about the value, never a traceback.
                problem = Invalid(f"could not be read ({type(exc).__name__}: {exc})", "a valid value",
                                  show_expected=False, code="config.unreadable")
                self.errors.append(_error(entry, name, raw, problem))
        if not parsed:
            value = self._default(entry)
        if entry.finish is not None:
            value = entry.finish(value, self)
        return value

    def _note_set(self, entry: Var, name: str) -> None:
        self.set_by_user.append(entry.name)
        if name != entry.name:
            self.warn(f"{name} is the old name of {entry.name}; it still works, but rename it")
        if entry.deprecated:
            self.warn(f"{name} {entry.deprecated}")


def _layer(source: Source) -> str:
    return _layer(source.via) if source.kind == "secret-file" and source.via else source.kind


def _error(entry: Var, name: str, raw: RawValue, exc: Invalid) -> ConfigError:
    value = shown(raw.text, secret=entry.secret) if exc.show_value else None
    return ConfigError(
        name, exc.problem, expected=exc.expected, origin=raw.source.origin(), value=value,
        show_expected=exc.show_expected, code=exc.code,
    )


def _unknown_warning(name: str, source: Source) -> str:
    if name.endswith(FILE_SUFFIX):
        stem = closest_name(name[: -len(FILE_SUFFIX)], REGISTRY)
        suggestion = stem + FILE_SUFFIX if stem else None
    else:
        suggestion = closest_name(name, [*REGISTRY, *ALIASES])
    hint = f"; did you mean {suggestion}?" if suggestion else ""
    return f"{name} is not a setting{hint} — from {source.origin()}"


def _area(cls: type, area: str, values: Mapping[str, Any], **extra: Any) -> Any:
    kwargs = {entry.attr: values[entry.name] for entry in REGISTRY.values() if entry.area == area and entry.attr}
    return cls(**kwargs, **extra)


def _build(values: Mapping[str, Any], base_dir: Path) -> dict[str, Any]:
    email_enabled = values["PAPERLESS_EMAIL_HOST"] != "localhost" or values["PAPERLESS_EMAIL_HOST_USER"] != ""
    crons = {short: values["PAPERLESS_" + spec[0]] for short, spec in variables_core.CRONS.items()}
    primary = str(values["PAPERLESS_OCR_LANGUAGE"]).split("+", 1)[0].lower()
    return {
        "core": _area(model.CoreConfig, "core", values, base_url=(values["PAPERLESS_FORCE_SCRIPT_NAME"] or "") + "/"),
        "paths": _area(model.PathsConfig, "paths", values, base_dir=base_dir),
        "db": _area(model.DbConfig, "db", values),
        "tasks": _area(model.TasksConfig, "tasks", values, crons=crons),
        "logging": _area(model.LoggingConfig, "logging", values),
        "consumer": _area(model.ConsumerConfig, "consumer", values),
        "ocr": _area(model.OcrConfig, "ocr", values),
        "search": _area(model.SearchConfig, "search", values,
                        nltk_language=variables_ingest.OCR_TO_NLTK_LANGUAGE.get(primary)),
        "matching": _area(model.MatchingConfig, "matching", values),
        "auth": _area(model.AuthConfig, "auth", values),
        "email": _area(model.EmailConfig, "email", values, enabled=email_enabled),
        "trash": _area(model.TrashConfig, "trash", values),
        "mail": _area(model.MailConfig, "mail", values),
        "webhooks": _area(model.WebhooksConfig, "webhooks", values),
        "ai": _area(model.AiConfig, "ai", values),
    }


@dataclass(frozen=True)
class Diagnosis:
    """Everything `paperkeep check` reports: the config (None when there are errors), errors and warnings."""

    config: model.Config | None
    errors: list[ConfigError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    not_yet_effective: list[str] = field(default_factory=list)


def diagnose(
    environ: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    root: Path = Path("/"),
    *,
    base_dir: Path | None = None,
) -> Diagnosis:
    """Read and check the whole configuration; collect every error and warning instead of raising."""
    environ = dict(os.environ if environ is None else environ)
    cwd = Path(os.path.abspath(_working_directory() if cwd is None else cwd))
    base = Path(os.path.abspath(install_dir(cwd) if base_dir is None else base_dir))
    errors: list[ConfigError] = []
    path, warnings = find_config_file(environ, base, cwd, root)
    content = None
    if path is not None:
        from_variable = bool(environ.get(CONFIGURATION_PATH, "").strip()) and not warnings
        try:
            content = read_config_file(path, environ, from_variable)
        except ConfigError as exc:
            errors.append(exc)
    collected = collect(environ, (path, content) if path and content else None, is_known, base)
    warnings += collected.warnings
    warnings += [_unknown_warning(name, source) for name, source in collected.unknown]
    errors += collected.errors
    resolver = _Resolver(collected.raw, base)
    for name in REGISTRY:
        resolver.value(name)
    errors += resolver.errors
    warnings += resolver.warnings
    not_yet = [name for name in resolver.set_by_user if not REGISTRY[name].effective and not REGISTRY[name].ignored]
    config = None
    if not errors:
        config = model.Config(
            **_build(resolver.values, base), sources=dict(resolver.sources), config_file=path if content else None,
            warnings=tuple(warnings), file_extras=dict(collected.file_extras), values=dict(resolver.values),
        )
    return Diagnosis(config, errors, warnings, sorted(not_yet))


def load_config(
    environ: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    root: Path = Path("/"),
    *,
    base_dir: Path | None = None,
) -> model.Config:
    """Return the typed configuration, or raise the first ConfigError (one line, secrets masked)."""
    diagnosis = diagnose(environ, cwd, root, base_dir=base_dir)
    if diagnosis.config is None:
        raise diagnosis.errors[0]
    return diagnosis.config
