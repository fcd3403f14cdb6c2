"""`paperkeep serve` on real PostgreSQL and Redis instead of the embedded SQLite and queue folder."""

from __future__ import annotations

import time
from pathlib import Path

import psycopg
import pytest
import requests

from tests.support.services import postgres_server, redis_server
from tests.test_serve import free_port, serve_env, start, stop, wait_for_http

pytestmark = [pytest.mark.slow, pytest.mark.e2e]


def test_serve_on_postgresql_and_redis_consumes_a_file(tmp_path: Path) -> None:
    """
    GIVEN a real PostgreSQL server (PAPERLESS_DBHOST...) and a real Redis server (PAPERLESS_REDIS)
    WHEN `paperkeep serve` starts and a text file is dropped into the consume folder
    THEN the schema is migrated into PostgreSQL, the task goes through Redis to the worker,
         and the document with its text is stored in PostgreSQL with a successful task record,
         and a search sorted by title (the database orders the hits) finds it
    """
    with postgres_server() as pg, redis_server() as redis_url:
        port = free_port()
        env = serve_env(tmp_path, port, PAPERLESS_REDIS=redis_url, PAPERLESS_CONSUMER_STABILITY_DELAY="0.5",
                        PAPERLESS_ADMIN_USER="admin", PAPERLESS_ADMIN_PASSWORD="board-8841-pass", **pg.env())
        proc = start(env, tmp_path / "serve.log")
        try:
            wait_for_http(f"http://127.0.0.1:{port}/healthz", proc, timeout=90)
            (tmp_path / "consume" / "memo.txt").write_text("Quarterly report for the board, number 8841.\n")
            dsn = f"host={pg.host} port={pg.port} user={pg.user} dbname={pg.dbname}"
            deadline = time.monotonic() + 120
            rows: list[tuple[str, str]] = []
            while not rows:
                assert time.monotonic() < deadline, (tmp_path / "serve.log").read_text()[-3000:]
                time.sleep(0.5)
                with psycopg.connect(dsn) as conn:
                    rows = conn.execute("select title, content from documents_document").fetchall()
            assert len(rows) == 1 and rows[0][0] == "memo" and "number 8841" in rows[0][1]
            with psycopg.connect(dsn) as conn:
                assert conn.execute("select count(*) from auth_user where username='admin'").fetchone() == (1,)
                tasks = conn.execute("select status from documents_paperlesstask").fetchall()
            assert tasks == [("success",)]
            for ordering in ("title", "-title"):
                found = requests.get(f"http://127.0.0.1:{port}/api/documents/", timeout=30,
                                     params={"query": "quarterly", "ordering": ordering, "truncate_content": "true"},
                                     auth=("admin", "board-8841-pass"))  # fmt: skip
                assert found.status_code == 200, found.text
                assert [row["title"] for row in found.json()["results"]] == ["memo"]
            assert not (tmp_path / "data" / "queue").exists() or not any((tmp_path / "data" / "queue").iterdir())
        finally:
            assert stop(proc) == 0
