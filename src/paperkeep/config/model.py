"""Typed, frozen settings, one dataclass per area. Built by the loader; read by settings.py and services."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

from paperkeep.config.sources import Source


@dataclass(frozen=True)
class CoreConfig:
    secret_key: str | None
    debug: bool
    url: str | None
    allowed_hosts: tuple[str, ...]
    csrf_trusted_origins: tuple[str, ...]
    cors_allowed_hosts: tuple[str, ...]
    trusted_proxies: tuple[str, ...]
    use_x_forwarded_host: bool
    use_x_forwarded_port: bool
    proxy_ssl_header: tuple[str, str] | None
    force_script_name: str | None
    static_url: str
    base_url: str
    cookie_prefix: str
    time_zone: str
    enable_compression: bool
    app_title: str | None
    app_logo: str | None
    audit_log_enabled: bool
    token_throttle_rate: str
    enable_update_check: str | bool
    auto_login_username: str | None
    webserver_workers: int
    bind_addr: str
    port: int


@dataclass(frozen=True)
class PathsConfig:
    base_dir: Path
    data_dir: Path
    media_root: Path
    consumption_dir: Path
    scratch_dir: Path
    static_dir: Path
    logging_dir: Path
    model_file: Path
    nltk_dir: Path
    empty_trash_dir: Path | None


@dataclass(frozen=True)
class DbConfig:
    engine: Literal["sqlite", "postgresql", "mariadb"]
    host: str | None
    port: int | None
    name: str
    user: str
    password: str
    options: dict[str, Any]
    sslmode: str | None
    sslrootcert: Path | None
    sslcert: Path | None
    sslkey: Path | None
    poolsize: int | None
    timeout: int | None


@dataclass(frozen=True)
class TasksConfig:
    redis: str | None
    redis_prefix: str
    task_workers: int
    threads_per_worker: int
    worker_timeout: int
    worker_idle_timeout: int  # Paperkeep: seconds an embedded worker may sit idle before it exits (0: never)
    crons: Mapping[str, str | None]  # short task name -> cron line, None when "disable"d (see variables_core.CRONS)
    cache_backend: str | None
    channels_backend: str | None
    db_read_cache_enabled: bool
    read_cache_ttl: int
    read_cache_redis_url: str | None
    enable_flower: bool


@dataclass(frozen=True)
class LoggingConfig:
    max_size: int
    max_backups: int


@dataclass(frozen=True)
class ConsumerConfig:
    polling_interval: float
    stability_delay: float
    delete_duplicates: bool
    recursive: bool
    ignore_patterns: tuple[str, ...]
    ignore_dirs: tuple[str, ...]
    subdirs_as_tags: bool
    enable_barcodes: bool
    barcode_tiff_support: bool
    barcode_string: str
    barcode_retain_split_pages: bool
    enable_asn_barcode: bool
    asn_barcode_prefix: str
    barcode_upscale: float
    barcode_dpi: int
    barcode_max_pages: int
    enable_tag_barcode: bool
    tag_barcode_mapping: dict[str, str]
    tag_barcode_split: bool
    enable_collate_double_sided: bool
    collate_double_sided_subdir_name: str
    collate_double_sided_tiff_support: bool
    pre_consume_script: Path | None
    post_consume_script: Path | None
    disable: bool
    max_file_size: int


@dataclass(frozen=True)
class OcrConfig:
    language: str
    languages: tuple[str, ...]
    mode: str
    archive_file_generation: str
    output_type: str
    pages: int  # 0 = all pages
    image_dpi: int | None
    clean: str
    deskew: bool
    rotate_pages: bool
    rotate_pages_threshold: float
    max_image_pixels: int | None
    pil_max_image_pixels: int | None
    color_conversion_strategy: str
    user_args: dict[str, Any]
    convert_binary: str
    convert_tmpdir: Path | None
    convert_memory_limit: str | None
    gs_binary: str
    thumbnail_font_name: str
    date_order: str
    filename_date_order: str | None
    date_parser_languages: tuple[str, ...] | None
    number_of_suggested_dates: int
    ignore_dates: frozenset[date]
    filename_format: str | None
    filename_format_remove_none: bool
    tika_enabled: bool
    tika_endpoint: str
    tika_gotenberg_endpoint: str
    remote_ocr_engine: str | None
    remote_ocr_api_key: str | None
    remote_ocr_endpoint: str | None
    remote_ocr_mode: str
    remote_ocr_allow_internal_endpoints: bool


@dataclass(frozen=True)
class SearchConfig:
    language: str | None
    advanced_fuzzy_search_threshold: float | None
    enable_nltk: bool
    nltk_language: str | None


@dataclass(frozen=True)
class MatchingConfig:
    classifier_match_threshold: float
    match_regex_timeout_seconds: float


@dataclass(frozen=True)
class AuthConfig:
    enable_allauth: bool
    auto_login: bool
    auto_create: bool
    apps: tuple[str, ...]
    socialaccount_providers: dict[str, Any]
    social_auto_signup: bool
    socialaccount_allow_signups: bool
    account_allow_signups: bool
    account_default_groups: tuple[str, ...]
    social_account_default_groups: tuple[str, ...]
    sync_groups: bool
    sync_groups_claim: str
    sync_superuser_group: str | None
    sync_staff_group: str | None
    sync_groups_create: bool
    group_map: dict[str, tuple[str, ...]]
    link_by_email: tuple[str, ...]
    sso_api_providers: tuple[str, ...]
    sso_clock_skew: int
    break_glass_user: str | None
    disable_regular_login: bool
    redirect_login_to_sso: bool
    logout_redirect_url: str | None
    account_default_http_protocol: str
    account_email_verification: str
    account_email_unknown_accounts: bool
    session_remember: bool
    session_cookie_age: int
    enable_http_remote_user: bool
    enable_http_remote_user_api: bool
    http_remote_user_header_name: str
    allauth_trusted_proxy_count: int
    allauth_trusted_client_ip_header: str | None
    admin_user: str | None
    admin_password: str | None
    admin_mail: str


@dataclass(frozen=True)
class EmailConfig:
    host: str
    port: int
    host_user: str
    host_password: str
    from_addr: str
    use_tls: bool
    use_ssl: bool
    enabled: bool  # as Paperless-ngx: a host other than localhost, or a user name


@dataclass(frozen=True)
class TrashConfig:
    empty_trash_delay: int


@dataclass(frozen=True)
class MailConfig:
    oauth_callback_base_url: str | None
    gmail_oauth_client_id: str | None
    gmail_oauth_client_secret: str | None
    outlook_oauth_client_id: str | None
    outlook_oauth_client_secret: str | None
    certificate_location: Path | None
    allow_internal_hosts: bool
    gnupg_home: Path | None
    enable_gpg_decryptor: bool
    parse_default_layout: int


@dataclass(frozen=True)
class WebhooksConfig:
    allowed_schemes: frozenset[str]
    allowed_ports: frozenset[int]
    allow_internal_requests: bool


@dataclass(frozen=True)
class AiConfig:
    enabled: bool
    llm_backend: str | None
    llm_model: str | None
    llm_api_key: str | None
    llm_endpoint: str | None
    llm_output_language: str | None
    llm_embedding_backend: str | None
    llm_embedding_model: str | None
    llm_embedding_endpoint: str | None
    llm_embedding_chunk_size: int
    llm_context_size: int
    llm_request_timeout: int
    llm_allow_internal_endpoints: bool


@dataclass(frozen=True)
class Config:
    """All settings, typed. `value(name)` gives any registered variable; `sources` says where each came from."""

    core: CoreConfig
    paths: PathsConfig
    db: DbConfig
    tasks: TasksConfig
    logging: LoggingConfig
    consumer: ConsumerConfig
    ocr: OcrConfig
    search: SearchConfig
    matching: MatchingConfig
    auth: AuthConfig
    email: EmailConfig
    trash: TrashConfig
    mail: MailConfig
    webhooks: WebhooksConfig
    ai: AiConfig
    sources: Mapping[str, Source]
    config_file: Path | None
    warnings: tuple[str, ...] = ()
    file_extras: Mapping[str, str] = field(default_factory=dict)  # non-PAPERLESS_ lines of paperless.conf
    values: Mapping[str, Any] = field(default_factory=dict, repr=False)

    def value(self, name: str) -> Any:
        """Return the typed, effective value of a registered variable (KeyError for an unknown name)."""
        if name not in self.values:
            raise KeyError(f"{name} is not a registered setting")
        return self.values[name]
