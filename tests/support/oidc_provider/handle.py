"""Test-process side: start the provider as a separate process and drive it.

    with start_provider(slug="paperless", clients=[client], users=[alice]) as op:
        requests.get(op.discovery_url)
        op.misbehave(expired=True)
"""

from __future__ import annotations

import json
import os
import secrets
import selectors
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

import requests

from .model import Client, Event, Misbehaviour, ProviderConfig, User

READY = "OIDC_PROVIDER_READY"
LOGIN_ENDPOINTS = frozenset({"authorize", "login", "token"})
LOGOUT_ENDPOINTS = frozenset({"end-session", "backchannel-logout"})


class ProviderError(RuntimeError):
    """The provider process did not start, or a control call failed."""


@dataclass(frozen=True)
class AccessTokens:
    """Tokens from `issue_access_token`: a JWT (like authentik's) and an opaque token."""

    jwt: str
    opaque: str
    expires_in: int


@dataclass(frozen=True)
class BackchannelResult:
    """What happened when the provider POSTed a logout token."""

    uri: str | None
    status: int | None  # HTTP status the client answered, None if unreachable
    body: str
    logout_token: str
    error: str | None


def _module_and_root() -> tuple[str, Path]:
    """Return this package's import name and the directory to put on the child's sys.path."""
    package_dir = Path(__file__).resolve().parent
    names = [package_dir.name]
    root = package_dir.parent
    while (root / "__init__.py").exists():
        names.insert(0, root.name)
        root = root.parent
    return ".".join(names), root


def _name(value: User | Client | str) -> str:
    if isinstance(value, User):
        return value.username
    if isinstance(value, Client):
        return value.client_id
    return value


class ProviderHandle:
    """A running provider process; use as a context manager or call `stop()`."""

    def __init__(self, process: subprocess.Popen[bytes], base_url: str, slug: str,
                 control_token: str, workdir: Path) -> None:
        self.process = process
        self.base_url = base_url
        self.slug = slug
        self.port = int(urlsplit(base_url).port or 0)
        self._control_token = control_token
        self._workdir = workdir
        self._http = requests.Session()

    # --- addresses ----------------------------------------------------------------------------
    @property
    def issuer(self) -> str:
        return f"{self.base_url}/application/o/{self.slug}/"

    @property
    def discovery_url(self) -> str:
        return self.issuer + ".well-known/openid-configuration"

    @property
    def jwks_uri(self) -> str:
        return self.issuer + "jwks/"

    @property
    def end_session_endpoint(self) -> str:
        return self.issuer + "end-session/"

    @property
    def authorization_endpoint(self) -> str:
        return f"{self.base_url}/application/o/authorize/"

    @property
    def token_endpoint(self) -> str:
        return f"{self.base_url}/application/o/token/"

    @property
    def userinfo_endpoint(self) -> str:
        return f"{self.base_url}/application/o/userinfo/"

    @property
    def introspection_endpoint(self) -> str:
        return f"{self.base_url}/application/o/introspect/"

    @property
    def revocation_endpoint(self) -> str:
        return f"{self.base_url}/application/o/revoke/"

    # --- control ------------------------------------------------------------------------------
    def _control(self, operation: str, **body: Any) -> Any:
        response = self._http.post(
            f"{self.base_url}/_control/{operation}",
            json=body,
            headers={"X-Control-Token": self._control_token},
            timeout=30,
        )
        if response.status_code != 200:
            raise ProviderError(f"control {operation} failed ({response.status_code}): {response.text}")
        return response.json()

    def misbehave(self, **switches: Any) -> Misbehaviour:
        """Turn misbehaviour switches on (see `Misbehaviour`); they add to those already on."""
        Misbehaviour().merged(**switches)  # unknown switch names fail here, in the test
        return Misbehaviour.from_json(self._control("misbehave", switches=switches))

    @contextmanager
    def misbehaving(self, **switches: Any) -> Iterator[ProviderHandle]:
        """Misbehave inside a `with` block, then behave (`reset_misbehaviour`) again."""
        self.misbehave(**switches)
        try:
            yield self
        finally:
            self.reset_misbehaviour()

    def reset_misbehaviour(self) -> None:
        """Turn every misbehaviour switch off, keeping sessions, tokens and events."""
        self._control("misbehave", switches=Misbehaviour().to_json())

    def reset(self) -> None:
        """Behave again and forget events, sessions, codes and tokens (keys and clients stay)."""
        self._control("reset")

    @property
    def events(self) -> list[Event]:
        """Every endpoint call the provider recorded, oldest first."""
        return [Event.from_json(e) for e in self._control("events")["events"]]

    @property
    def login_events(self) -> list[Event]:
        """authorize, login-form and token events."""
        return [e for e in self.events if e.endpoint in LOGIN_ENDPOINTS]

    @property
    def logout_events(self) -> list[Event]:
        """end-session calls and back-channel logout deliveries."""
        return [e for e in self.events if e.endpoint in LOGOUT_ENDPOINTS]

    @property
    def jwks_fetches(self) -> int:
        return int(self._control("stats")["jwks_fetches"])

    @property
    def discovery_fetches(self) -> int:
        return int(self._control("stats")["discovery_fetches"])

    def add_client(self, client: Client) -> None:
        """Register `client`, replacing one with the same client_id."""
        self._control("add_client", client=client.to_json())

    def add_user(self, user: User) -> None:
        """Add `user`, replacing one with the same username (claims change from the next token)."""
        self._control("add_user", user=user.to_json())

    def rotate_keys(self, keep_old: bool = True) -> dict[str, str]:
        """Sign with new RS256/ES256 keys from now on; return the new kid per algorithm."""
        return dict(self._control("rotate_keys", keep_old=keep_old)["kids"])

    def issue_access_token(self, user: User | str, client: Client | str, *,
                           scope: str = "openid email profile", expires_in: int = 300) -> AccessTokens:
        """Issue tokens as if `user` had signed in to `client`; misbehaviours apply to the JWT."""
        data = self._control("issue_access_token", username=_name(user), client_id=_name(client),
                             scope=scope, expires_in=expires_in)
        return AccessTokens(data["access_token"], data["opaque_token"], int(data["expires_in"]))

    def send_backchannel_logout(self, user: User | str, client: Client | str, *,
                                sid: str | None = "auto", include_sub: bool = True,
                                uri: str | None = None) -> BackchannelResult:
        """POST a signed logout token to the client's back-channel logout URI (or `uri`).

        `sid="auto"` uses the user's newest provider session in which the client signed in
        (and ends it); None leaves `sid` out. Misbehaviours apply to the token.
        """
        data = self._control("backchannel_logout", username=_name(user), client_id=_name(client),
                             sid=sid, include_sub=include_sub, uri=uri)
        return BackchannelResult(data["uri"], data["status"], data["body"], data["logout_token"],
                                 data["error"])

    def end_provider_sessions(self, user: User | str | None = None) -> int:
        """Sign `user` (or everyone) out at the provider without telling any client."""
        body = {"username": _name(user)} if user is not None else {}
        return int(self._control("end_sessions", **body)["ended"])

    def authorize(self, authorization_url: str, user: User, password: str | None = None) -> str:
        """Sign `user` in non-interactively (HTTP Basic) at `authorization_url`; return Location.

        The Location is the client's redirect URI with `code` and `state` (or an error).
        """
        response = requests.get(authorization_url, auth=(user.username, password or user.password),
                                allow_redirects=False, timeout=30)
        if response.status_code != 302:
            raise ProviderError(f"authorize answered {response.status_code}: {response.text[:500]}")
        return str(response.headers["Location"])

    # --- lifecycle ----------------------------------------------------------------------------
    @property
    def log(self) -> str:
        """What the provider process wrote to stderr."""
        path = self._workdir / "provider.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self) -> None:
        self._http.close()
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        if self.process.stdout is not None:
            self.process.stdout.close()
        shutil.rmtree(self._workdir, ignore_errors=True)

    def __enter__(self) -> ProviderHandle:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()


def _wait_ready(process: subprocess.Popen[bytes], timeout: float) -> str:
    assert process.stdout is not None
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            if selector.select(timeout=max(0.0, deadline - time.monotonic())):
                line = process.stdout.readline().decode().strip()
                if line.startswith(READY):
                    return line.split(" ", 1)[1]
                if not line and process.poll() is not None:
                    break
    finally:
        selector.close()
    return ""


def start_provider(slug: str = "paperless", clients: Iterable[Client] = (),
                   users: Iterable[User] = (), *, startup_timeout: float = 20.0) -> ProviderHandle:
    """Start a provider process on 127.0.0.1 on a free port; return its handle once it serves."""
    workdir = Path(tempfile.mkdtemp(prefix="oidc-provider-"))
    config = ProviderConfig(slug, tuple(clients), tuple(users), secrets.token_urlsafe(24))
    config_path = workdir / "config.json"
    config_path.write_text(json.dumps(config.to_json()))
    module, root = _module_and_root()
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(root), env.get("PYTHONPATH")]))
    command = [sys.executable, "-m", module, "--config", str(config_path), "--port", "0",
               "--parent-pid", str(os.getpid())]
    with open(workdir / "provider.log", "wb") as log:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=log,
                                   stdin=subprocess.DEVNULL, env=env)
    base_url = _wait_ready(process, startup_timeout)
    if not base_url:
        process.kill()
        process.wait()
        message = (workdir / "provider.log").read_text(errors="replace")
        shutil.rmtree(workdir, ignore_errors=True)
        raise ProviderError(f"the OIDC test provider did not start:\n{message}")
    return ProviderHandle(process, base_url, slug, config.control_token, workdir)
