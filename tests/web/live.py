"""A real `paperkeep serve` (web server, on-demand worker, folder watcher) for the browser tests, seeded through
its own REST API, and the Chromium that drives it."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

from tests.test_serve import PAPERKEEP, descendants, free_port, serve_env, wait_for_http

ADMIN, ADMIN_PASSWORD = "admin", "a-long-admin-password-for-e2e"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]  # fmt: skip
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


@dataclass
class Server:
    """The running instance: its address and an API session signed in as the administrator."""

    url: str
    root: Path
    api: requests.Session

    def post_document(self, path: Path, **fields: Any) -> str:
        """Upload a file through the REST API; return the task id."""
        with path.open("rb") as handle:
            answer = self.api.post(f"{self.url}/api/documents/post_document/", files={"document": handle}, data=fields)
        answer.raise_for_status()
        return str(answer.json())

    def wait_for_document(self, task_id: str, timeout: float = 180) -> int:
        """Wait until the task has finished; return the new document's id (fail with the reason otherwise)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            [task] = self.api.get(f"{self.url}/api/tasks/", params={"task_id": task_id}).json()["results"]
            if task["status"] == "success":
                return int(task["result_data"]["document_id"])
            assert task["status"] != "failure", task["result_data"]
            time.sleep(0.3)
        raise AssertionError(f"task {task_id} did not finish within {timeout}s")

    def create(self, endpoint: str, **fields: Any) -> int:
        """Create an object through the REST API (tags, correspondents, users, ...); return its id."""
        answer = self.api.post(f"{self.url}/api/{endpoint}/", json=fields)
        assert answer.status_code == 201, answer.text
        return int(answer.json()["id"])


@contextmanager
def running_server(root: Path) -> Iterator[Server]:
    """Start `paperkeep serve` in `root` with a known administrator; stop it and everything it started after."""
    port = free_port()
    env = serve_env(root, port, PAPERLESS_ADMIN_USER=ADMIN, PAPERLESS_ADMIN_PASSWORD=ADMIN_PASSWORD,
                    PAPERLESS_SECRET_KEY="browser-test-secret-key-0123456789", OMP_THREAD_LIMIT="1")  # fmt: skip
    log = (root / "serve.log").open("w")
    proc = subprocess.Popen([*PAPERKEEP, "serve"], env=env, stdout=log, stderr=subprocess.STDOUT, text=True)
    try:
        url = f"http://127.0.0.1:{port}"
        wait_for_http(f"{url}/healthz", proc, timeout=90)
        session = requests.Session()
        session.auth = (ADMIN, ADMIN_PASSWORD)
        yield Server(url, root, session)
    finally:
        children = descendants(proc.pid)
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        for pid in children:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        log.close()


def sign_in(page: Any, server: Server, username: str = ADMIN, password: str = ADMIN_PASSWORD) -> None:
    """Sign in through the login form, as a person would, and land on the dashboard."""
    page.goto(f"{server.url}/")
    page.wait_for_url(f"{server.url}/accounts/login/**")
    page.fill("#id_login", username)
    page.fill("#id_password", password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{server.url}/")
