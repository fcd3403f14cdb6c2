"""Paperkeep's configuration: the ONLY place that reads os.environ and paperless.conf. No Django here.

    cfg = load_config()            # raises ConfigError (one line) on any invalid value
    diag = diagnose()              # never raises: .config, .errors, .warnings, .not_yet_effective
    print(render_effective(cfg))   # variable, effective value (secrets masked), source
"""

from __future__ import annotations

from paperkeep.config.errors import ConfigError
from paperkeep.config.loader import REGISTRY, Diagnosis, diagnose, install_dir, load_config
from paperkeep.config.model import (
    AiConfig,
    AuthConfig,
    Config,
    ConsumerConfig,
    CoreConfig,
    DbConfig,
    EmailConfig,
    LoggingConfig,
    MailConfig,
    MatchingConfig,
    OcrConfig,
    PathsConfig,
    SearchConfig,
    TasksConfig,
    TrashConfig,
    WebhooksConfig,
)
from paperkeep.config.registry import Var
from paperkeep.config.render import render_effective
from paperkeep.config.sources import Source

__all__ = [
    "REGISTRY",
    "AiConfig",
    "AuthConfig",
    "Config",
    "ConfigError",
    "ConsumerConfig",
    "CoreConfig",
    "DbConfig",
    "Diagnosis",
    "EmailConfig",
    "LoggingConfig",
    "MailConfig",
    "MatchingConfig",
    "OcrConfig",
    "PathsConfig",
    "SearchConfig",
    "Source",
    "TasksConfig",
    "TrashConfig",
    "Var",
    "WebhooksConfig",
    "diagnose",
    "install_dir",
    "load_config",
    "render_effective",
]
