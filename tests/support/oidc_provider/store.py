"""The provider's in-memory state: users, clients, sessions, codes, tokens and events."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from .jose import KeyRing
from .model import Event, Misbehaviour, ProviderConfig, User
from .tokens import ID_TOKEN_LIFETIME, Grant, TokenFactory

CODE_LIFETIME = 60  # authentik's default access code validity: 1 minute
REFRESH_TOKEN_LIFETIME = 30 * 24 * 3600


@dataclass
class OpSession:
    """A browser (or shortcut) sign-in at the provider; `sid` is what tokens carry."""

    key: str
    sid: str
    username: str
    auth_time: int
    clients: set[str] = field(default_factory=set)
    active: bool = True


@dataclass
class CodeRecord:
    grant: Grant
    redirect_uri: str
    challenge: str | None
    challenge_method: str | None
    expires_at: float
    redemptions: int = 0
    tokens: list[str] = field(default_factory=list)


@dataclass
class TokenRecord:
    token: str
    kind: str  # "access" or "refresh"
    grant: Grant
    expires_at: float
    revoked: bool = False

    @property
    def active(self) -> bool:
        return not self.revoked and time.time() < self.expires_at


class ProviderState:
    """Thread-safe state behind every endpoint of one provider process."""

    def __init__(self, config: ProviderConfig, base_url: str) -> None:
        self.slug = config.slug
        self.base_url = base_url.rstrip("/")
        self.issuer = f"{self.base_url}/application/o/{config.slug}/"
        self.control_token = config.control_token
        self.keyring = KeyRing()
        self.tokens = TokenFactory(self.issuer, self.keyring)
        self.lock = threading.RLock()
        self.clients = {c.client_id: c for c in config.clients}
        self.users = {u.username: u for u in config.users}
        self.misbehaviour = Misbehaviour()
        self.jwks_fetches = 0
        self.discovery_fetches = 0
        self._sessions: dict[str, OpSession] = {}
        self._codes: dict[str, CodeRecord] = {}
        self._tokens: dict[str, TokenRecord] = {}
        self._events: list[Event] = []

    # --- events -------------------------------------------------------------------------------
    def record(self, endpoint: str, outcome: str, params: dict[str, str], **detail: Any) -> None:
        with self.lock:
            self._events.append(Event(endpoint, outcome, dict(params), detail))

    def events(self) -> list[Event]:
        with self.lock:
            return list(self._events)

    def reset(self) -> None:
        """Behave well again, forget events, sessions, codes and tokens (keys are kept)."""
        with self.lock:
            self.misbehaviour = Misbehaviour()
            self.jwks_fetches = 0
            self.discovery_fetches = 0
            self._events.clear()
            self._sessions.clear()
            self._codes.clear()
            self._tokens.clear()

    # --- users and sessions -------------------------------------------------------------------
    def check_password(self, username: str, password: str) -> User | None:
        user = self.users.get(username)
        if user is None or not hmac.compare_digest(user.password.encode(), password.encode()):
            return None
        return user

    def start_session(self, user: User) -> OpSession:
        key = secrets.token_urlsafe(32)
        sid = hashlib.sha256(key.encode("ascii")).hexdigest()
        session = OpSession(key=key, sid=sid, username=user.username, auth_time=int(time.time()))
        with self.lock:
            self._sessions[key] = session
        return session

    def session(self, key: str | None) -> OpSession | None:
        with self.lock:
            found = self._sessions.get(key or "")
            return found if found is not None and found.active else None

    def session_by_sid(self, sid: str) -> OpSession | None:
        with self.lock:
            return next((s for s in self._sessions.values() if s.sid == sid and s.active), None)

    def sessions_of(self, username: str) -> list[OpSession]:
        with self.lock:
            return [s for s in self._sessions.values() if s.username == username and s.active]

    def end_session(self, session: OpSession) -> None:
        """End a provider session and revoke the tokens issued in it."""
        with self.lock:
            session.active = False
            for record in self._tokens.values():
                if record.grant.sid == session.sid:
                    record.revoked = True

    # --- codes --------------------------------------------------------------------------------
    def issue_code(
        self, grant: Grant, redirect_uri: str, challenge: str | None, method: str | None
    ) -> str:
        code = secrets.token_urlsafe(32)
        with self.lock:
            self._codes[code] = CodeRecord(
                grant, redirect_uri, challenge, method, time.time() + CODE_LIFETIME
            )
        return code

    def redeem_code(self, code: str) -> CodeRecord | None:
        """Return the code's record and count the redemption; None for unknown codes.

        On a second redemption (unless replay is allowed) the tokens the first one issued are
        revoked, as RFC 6749 section 4.1.2 recommends.
        """
        with self.lock:
            record = self._codes.get(code)
            if record is None:
                return None
            record.redemptions += 1
            if record.redemptions > 1 and not self.misbehaviour.allow_code_replay:
                for token in record.tokens:
                    self._tokens[token].revoked = True
            return record

    # --- tokens -------------------------------------------------------------------------------
    def issue_access_token(self, grant: Grant, lifetime: int = ID_TOKEN_LIFETIME) -> tuple[str, str]:
        """Return (JWT access token, opaque access token); both work at userinfo/introspection."""
        with self.lock:
            mb = self.misbehaviour
        signed = self.tokens.access_token(grant, mb, lifetime)
        opaque = secrets.token_urlsafe(32)
        expires_at = time.time() + lifetime
        with self.lock:
            for token in (signed, opaque):
                self._tokens[token] = TokenRecord(token, "access", grant, expires_at)
            if grant.sid:
                for session in self._sessions.values():
                    if session.sid == grant.sid:
                        session.clients.add(grant.client.client_id)
        return signed, opaque

    def issue_refresh_token(self, grant: Grant) -> str:
        token = secrets.token_urlsafe(32)
        with self.lock:
            self._tokens[token] = TokenRecord(
                token, "refresh", grant, time.time() + REFRESH_TOKEN_LIFETIME
            )
        return token

    def token(self, token: str) -> TokenRecord | None:
        with self.lock:
            return self._tokens.get(token)

    def revoke(self, token: str) -> TokenRecord | None:
        with self.lock:
            record = self._tokens.get(token)
            if record is not None:
                record.revoked = True
            return record
