"""Typed values and the rules that combine settings, as Paperless-ngx applies them."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from .conftest import Site

URL = "https://paperless.example.com"


def test_allowed_hosts_default_to_everything(site: Site) -> None:
    """GIVEN no host settings
    WHEN the configuration loads
    THEN allowed_hosts is ("*",)."""
    assert site.load().core.allowed_hosts == ("*",)


def test_explicit_allowed_hosts_always_include_localhost(site: Site) -> None:
    """GIVEN PAPERLESS_ALLOWED_HOSTS=" docs.example.com , ,10.0.0.5" (spaces, an empty item)
    WHEN the configuration loads
    THEN the items are stripped, the empty one dropped, and localhost appended."""
    cfg = site.load({"PAPERLESS_ALLOWED_HOSTS": " docs.example.com , ,10.0.0.5"})
    assert cfg.core.allowed_hosts == ("docs.example.com", "10.0.0.5", "localhost")


def test_url_feeds_hosts_csrf_and_cors(site: Site) -> None:
    """GIVEN PAPERLESS_URL with a trailing slash
    WHEN the configuration loads
    THEN the slash is dropped, its host is allowed, and its origin is trusted for CSRF and CORS."""
    core = site.load({"PAPERLESS_URL": URL + "/", "PAPERLESS_ALLOWED_HOSTS": "a.example"}).core
    assert core.url == URL
    assert core.allowed_hosts == ("a.example", "localhost", "paperless.example.com")
    assert core.csrf_trusted_origins == (URL,)
    assert core.cors_allowed_hosts == ("http://localhost:8000", URL)


def test_script_name_sets_base_and_static_urls(site: Site) -> None:
    """GIVEN PAPERLESS_FORCE_SCRIPT_NAME=/paperless/
    WHEN the configuration loads
    THEN the script name loses its slash, base_url is /paperless/ and static_url /paperless/static/."""
    core = site.load({"PAPERLESS_FORCE_SCRIPT_NAME": "/paperless/"}).core
    assert (core.force_script_name, core.base_url, core.static_url) == ("/paperless", "/paperless/",
                                                                        "/paperless/static/")


def test_without_script_name_urls_are_at_the_root(site: Site) -> None:
    """GIVEN no script name
    WHEN the configuration loads
    THEN base_url is / and static_url /static/."""
    core = site.load().core
    assert (core.force_script_name, core.base_url, core.static_url) == (None, "/", "/static/")


def test_server_defaults_to_localhost_port_8000(site: Site) -> None:
    """GIVEN no server settings
    WHEN the configuration loads
    THEN Paperkeep listens on 127.0.0.1:8000 with one web worker."""
    core = site.load().core
    assert (core.bind_addr, core.port, core.webserver_workers) == ("127.0.0.1", 8000, 1)


@pytest.mark.parametrize("text", ["True", "TRUE", "yes", "Y", "t", "1", " yes\n"])
def test_booleans_accept_paperless_words_in_any_case(site: Site, text: str) -> None:
    """GIVEN PAPERLESS_DEBUG written as a compose file or an env file might write true
    WHEN the configuration loads
    THEN it is True."""
    assert site.load({"PAPERLESS_DEBUG": text}).core.debug is True


def test_empty_value_means_the_default(site: Site) -> None:
    """GIVEN PAPERLESS_PORT= and PAPERLESS_OCR_DESKEW= (empty, as a compose template leaves them)
    WHEN the configuration loads
    THEN both have their defaults and their source is "default"."""
    cfg = site.load({"PAPERLESS_PORT": "", "PAPERLESS_OCR_DESKEW": " "})
    assert (cfg.core.port, cfg.ocr.deskew) == (8000, True)
    assert cfg.sources["PAPERLESS_PORT"].kind == "default"


def test_paths_default_inside_the_install_directory(site: Site) -> None:
    """GIVEN no path settings
    WHEN the configuration loads
    THEN data, media, consume and static are under the install dir, logs and the model under data."""
    paths = site.load().paths
    base = site.base_dir
    assert (paths.base_dir, paths.data_dir, paths.media_root) == (base, base / "data", base / "media")
    assert (paths.consumption_dir, paths.static_dir) == (base / "consume", base / "static")
    assert (paths.logging_dir, paths.model_file) == (base / "data" / "log",
                                                     base / "data" / "classification_model.pickle")


def test_relative_paths_are_taken_from_the_install_directory(site: Site) -> None:
    """GIVEN PAPERLESS_DATA_DIR=../shared/data
    WHEN the configuration loads
    THEN it is absolute, relative to the install dir, and the log dir follows it."""
    paths = site.load({"PAPERLESS_DATA_DIR": "../shared/data"}).paths
    assert paths.data_dir == site.base_dir.parent / "shared" / "data"
    assert paths.logging_dir == paths.data_dir / "log"


def test_scratch_dir_defaults_to_the_temporary_directory(site: Site) -> None:
    """GIVEN no PAPERLESS_SCRATCH_DIR
    WHEN the configuration loads
    THEN it is <tmp>/paperless."""
    import tempfile

    assert site.load().paths.scratch_dir == Path(tempfile.gettempdir()) / "paperless"


def test_database_engine_is_sqlite_by_default(site: Site) -> None:
    """GIVEN no database settings
    WHEN the configuration loads
    THEN the engine is sqlite."""
    assert site.load().db.engine == "sqlite"


def test_database_host_implies_postgresql(site: Site) -> None:
    """GIVEN PAPERLESS_DBHOST but no PAPERLESS_DBENGINE (as Paperless-ngx still infers)
    WHEN the configuration loads
    THEN the engine is postgresql with Paperless's default name, user and password."""
    db = site.load({"PAPERLESS_DBHOST": "db", "PAPERLESS_DBPORT": "5433"}).db
    assert (db.engine, db.host, db.port, db.name, db.user, db.password) == (
        "postgresql", "db", 5433, "paperless", "paperless", "paperless")


def test_explicit_engine_wins_over_inference(site: Site) -> None:
    """GIVEN PAPERLESS_DBENGINE=mariadb and PAPERLESS_DBHOST
    WHEN the configuration loads
    THEN the engine is mariadb."""
    assert site.load({"PAPERLESS_DBENGINE": "mariadb", "PAPERLESS_DBHOST": "db"}).db.engine == "mariadb"


def test_db_options_nest_on_dots_and_type_known_numbers(site: Site) -> None:
    """GIVEN PAPERLESS_DB_OPTIONS="sslmode=require, pool.max_size=10,pool.min_size=2,connect_timeout=5"
    WHEN the configuration loads
    THEN the options are nested and the pool sizes and timeout are integers."""
    db = site.load({"PAPERLESS_DB_OPTIONS": "sslmode=require, pool.max_size=10,pool.min_size=2,connect_timeout=5"}).db
    assert db.options == {"sslmode": "require", "pool": {"max_size": 10, "min_size": 2}, "connect_timeout": 5}


def test_disabled_cron_is_none_and_others_keep_defaults(site: Site) -> None:
    """GIVEN PAPERLESS_TRAIN_TASK_CRON=disable and PAPERLESS_SANITY_TASK_CRON with extra spaces
    WHEN the configuration loads
    THEN train is None, sanity is normalised, and the index task keeps its default."""
    env = {"PAPERLESS_TRAIN_TASK_CRON": "disable", "PAPERLESS_SANITY_TASK_CRON": "0  3 * *  mon"}
    crons = site.load(env).tasks.crons
    assert (crons["train"], crons["sanity"], crons["index"]) == (None, "0 3 * * mon", "0 0 * * *")
    assert set(crons) == {"email", "train", "index", "sanity", "empty_trash", "workflow_scheduled", "llm_index",
                          "share_link_bundle_cleanup"}


def test_threads_per_worker_share_the_cpus(site: Site) -> None:
    """GIVEN PAPERLESS_TASK_WORKERS=2
    WHEN the configuration loads
    THEN threads_per_worker is the CPU count divided by 2, at least 1."""
    tasks = site.load({"PAPERLESS_TASK_WORKERS": "2"}).tasks
    assert tasks.threads_per_worker == max(1, (os.cpu_count() or 1) // 2)


def test_no_redis_by_default_and_read_cache_follows_redis(site: Site) -> None:
    """GIVEN no PAPERLESS_REDIS, then PAPERLESS_REDIS set
    WHEN the configuration loads
    THEN redis is None (embedded broker), and once set the read cache uses the same URL."""
    assert site.load().tasks.redis is None
    tasks = site.load({"PAPERLESS_REDIS": "redis://cache:6379"}).tasks
    assert (tasks.redis, tasks.read_cache_redis_url) == ("redis://cache:6379", "redis://cache:6379")


def test_read_cache_ttl_of_zero_means_an_hour(site: Site) -> None:
    """GIVEN PAPERLESS_READ_CACHE_TTL=0
    WHEN the configuration loads
    THEN the TTL is 3600 (as Paperless-ngx)."""
    assert site.load({"PAPERLESS_READ_CACHE_TTL": "0"}).tasks.read_cache_ttl == 3600


def test_max_file_size_accepts_suffixes(site: Site) -> None:
    """GIVEN PAPERLESS_CONSUMER_MAX_FILE_SIZE=500M
    WHEN the configuration loads
    THEN it is 500 MiB in bytes (and the default is 512 MiB)."""
    assert site.load({"PAPERLESS_CONSUMER_MAX_FILE_SIZE": "500M"}).consumer.max_file_size == 500 * 1024**2
    assert site.load().consumer.max_file_size == 512 * 1024**2


def test_ignore_patterns_are_a_tuple_of_regexes(site: Site) -> None:
    """GIVEN PAPERLESS_CONSUMER_IGNORE_PATTERNS as a JSON list
    WHEN the configuration loads
    THEN they are kept in order."""
    cfg = site.load({"PAPERLESS_CONSUMER_IGNORE_PATTERNS": r'["^\\.", "~$"]'})
    assert cfg.consumer.ignore_patterns == (r"^\.", "~$")


def test_ignore_dates_are_read_in_the_date_order(site: Site) -> None:
    """GIVEN PAPERLESS_IGNORE_DATES=01.02.2020,2021-12-24 with PAPERLESS_DATE_ORDER=MDY
    WHEN the configuration loads
    THEN 01.02.2020 is January 2nd and the ISO date is unambiguous."""
    cfg = site.load({"PAPERLESS_IGNORE_DATES": "01.02.2020,2021-12-24", "PAPERLESS_DATE_ORDER": "MDY"})
    assert cfg.ocr.ignore_dates == frozenset({date(2020, 1, 2), date(2021, 12, 24)})


def test_dateparser_languages_are_checked(site: Site) -> None:
    """GIVEN PAPERLESS_DATE_PARSER_LANGUAGES=de+en
    WHEN the configuration loads
    THEN both locales are kept."""
    assert set(site.load({"PAPERLESS_DATE_PARSER_LANGUAGES": "de+en"}).ocr.date_parser_languages or ()) == {"de",
                                                                                                            "en"}


def test_search_language_follows_the_first_ocr_language(site: Site) -> None:
    """GIVEN PAPERLESS_OCR_LANGUAGE=deu+eng
    WHEN the configuration loads
    THEN the search stemmer is German (de) and the NLTK language german."""
    search = site.load({"PAPERLESS_OCR_LANGUAGE": "deu+eng"}).search
    assert (search.language, search.nltk_language) == ("de", "german")


def test_search_language_is_none_without_a_stemmer(site: Site) -> None:
    """GIVEN PAPERLESS_OCR_LANGUAGE=chi_sim (no Tantivy stemmer)
    WHEN the configuration loads
    THEN the search language is None."""
    assert site.load({"PAPERLESS_OCR_LANGUAGE": "chi_sim"}).search.language is None


def test_explicit_search_language_wins(site: Site) -> None:
    """GIVEN PAPERLESS_OCR_LANGUAGE=deu and PAPERLESS_SEARCH_LANGUAGE=EN
    WHEN the configuration loads
    THEN the search language is en."""
    assert site.load({"PAPERLESS_OCR_LANGUAGE": "deu", "PAPERLESS_SEARCH_LANGUAGE": "EN"}).search.language == "en"


def test_email_verification_is_none_without_a_mail_server(site: Site) -> None:
    """GIVEN PAPERLESS_ACCOUNT_EMAIL_VERIFICATION=mandatory but no SMTP settings
    WHEN the configuration loads
    THEN verification is "none" (nobody could verify) and e-mail is disabled."""
    cfg = site.load({"PAPERLESS_ACCOUNT_EMAIL_VERIFICATION": "mandatory"})
    assert (cfg.auth.account_email_verification, cfg.email.enabled) == ("none", False)


def test_email_verification_is_kept_with_a_mail_server(site: Site) -> None:
    """GIVEN a mail host and PAPERLESS_ACCOUNT_EMAIL_VERIFICATION=mandatory
    WHEN the configuration loads
    THEN verification stays mandatory, e-mail is enabled and the sender defaults to the user."""
    cfg = site.load({"PAPERLESS_ACCOUNT_EMAIL_VERIFICATION": "mandatory", "PAPERLESS_EMAIL_HOST": "smtp.example",
                     "PAPERLESS_EMAIL_HOST_USER": "paperless@example.com"})
    assert (cfg.auth.account_email_verification, cfg.email.enabled) == ("mandatory", True)
    assert cfg.email.from_addr == "paperless@example.com"


def test_allauth_proxy_count_defaults_to_the_trusted_proxies(site: Site) -> None:
    """GIVEN two trusted proxies
    WHEN the configuration loads
    THEN allauth trusts two proxy hops."""
    auth = site.load({"PAPERLESS_TRUSTED_PROXIES": "10.0.0.1,10.0.0.2"}).auth
    assert auth.allauth_trusted_proxy_count == 2


def test_trash_delay_below_one_becomes_one_with_a_warning(site: Site) -> None:
    """GIVEN PAPERLESS_EMPTY_TRASH_DELAY=0
    WHEN the configuration is diagnosed
    THEN the delay is 1 day and a warning says so."""
    diag = site.diagnose({"PAPERLESS_EMPTY_TRASH_DELAY": "0"})
    assert diag.config is not None and diag.config.trash.empty_trash_delay == 1
    assert any("PAPERLESS_EMPTY_TRASH_DELAY=0" in warning for warning in diag.warnings)


def test_value_returns_any_registered_variable_typed(site: Site) -> None:
    """GIVEN PAPERLESS_OCR_LANGUAGE=deu and PAPERLESS_PORT=8010
    WHEN cfg.value() is asked for them
    THEN the typed values come back; an unknown name raises KeyError."""
    cfg = site.load({"PAPERLESS_OCR_LANGUAGE": "deu", "PAPERLESS_PORT": "8010"})
    assert (cfg.value("PAPERLESS_OCR_LANGUAGE"), cfg.value("PAPERLESS_PORT")) == ("deu", 8010)
    with pytest.raises(KeyError):
        cfg.value("PAPERLESS_NOPE")


@pytest.mark.parametrize("line", ["*/10 * * * *", "5 */1 * * *", "30 0 * * sun", "0 8-18/2 1,15 jan-jun mon-fri"])
def test_cron_lines_paperless_documents_are_accepted(site: Site, line: str) -> None:
    """GIVEN a cron line using steps, lists, ranges or names
    WHEN it is set as PAPERLESS_EMAIL_TASK_CRON
    THEN it is accepted unchanged."""
    assert site.load({"PAPERLESS_EMAIL_TASK_CRON": line}).tasks.crons["email"] == line


@pytest.mark.parametrize("line", ["5/ * * * *", "*/0 * * * *", "5-1 * * * *", "0 0 32 * *", "0 0 * * funday"])
def test_impossible_cron_lines_are_refused(site: Site, line: str) -> None:
    """GIVEN a cron line with an empty or zero step, a reversed range, day 32 or an unknown day name
    WHEN it is set as PAPERLESS_EMAIL_TASK_CRON
    THEN loading reports it."""
    diag = site.diagnose({"PAPERLESS_EMAIL_TASK_CRON": line})
    assert [error.variable for error in diag.errors] == ["PAPERLESS_EMAIL_TASK_CRON"]
