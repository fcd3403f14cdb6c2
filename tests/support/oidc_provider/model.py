"""Values shared by the test process and the provider process: clients, users, misbehaviours.

Everything here is a frozen dataclass that round-trips through JSON, because the test process
hands it to the provider process over a config file and the control endpoint.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, fields
from typing import Any

SIGNING_ALGORITHMS = ("RS256", "ES256", "HS256")


def _as_tuple(value: Sequence[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    return tuple(value)


@dataclass(frozen=True)
class Client:
    """An OAuth2/OIDC client registered at the provider (one authentik "provider" in the guide).

    `redirect_uris` and `post_logout_redirect_uris` are matched as exact strings (authentik's
    "Strict" mode). `signing` chooses how ID tokens, JWT access tokens and logout tokens are
    signed: RS256 or ES256 with the provider's published keys, or HS256 with `client_secret`
    (what authentik does when the provider has no signing key). A `public` client has no secret
    and must use PKCE.
    """

    client_id: str
    client_secret: str = ""
    redirect_uris: Sequence[str] = ()  # stored as a tuple
    signing: str = "RS256"
    post_logout_redirect_uris: Sequence[str] = ()
    backchannel_logout_uri: str | None = None
    public: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "redirect_uris", _as_tuple(self.redirect_uris))
        object.__setattr__(
            self, "post_logout_redirect_uris", _as_tuple(self.post_logout_redirect_uris)
        )
        if self.signing not in SIGNING_ALGORITHMS:
            raise ValueError(f"signing must be one of {SIGNING_ALGORITHMS}, not {self.signing!r}")
        if self.signing == "HS256" and not self.client_secret:
            raise ValueError("an HS256 client needs a client_secret to sign with")
        if not self.public and not self.client_secret:
            raise ValueError("a confidential client needs a client_secret")

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Client:
        return cls(**data)


def default_subject(username: str) -> str:
    """Return a stable opaque subject, shaped like authentik's default "hashed user ID"."""
    return hashlib.sha256(f"paperkeep-test-op:{username}".encode()).hexdigest()


@dataclass(frozen=True)
class User:
    """A user who can sign in at the provider.

    Claims follow authentik's default scope mappings: the `email` scope gives `email` and
    `email_verified` (JSON false unless set, as authentik sends since 2025.10); the `profile`
    scope gives `name`, `given_name` (defaults to `name`, as authentik does), `family_name`
    (only when set), `preferred_username`, `nickname` and `groups`.
    """

    username: str
    password: str
    email: str = ""
    email_verified: bool = False
    name: str = ""
    given_name: str | None = None
    family_name: str | None = None
    groups: Sequence[str] = ()  # stored as a tuple
    sub: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "groups", _as_tuple(self.groups))
        if not self.sub:
            object.__setattr__(self, "sub", default_subject(self.username))

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> User:
        return cls(**data)


@dataclass(frozen=True)
class Misbehaviour:
    """Switches that make the provider issue broken artefacts, each for one relying-party check.

    Signature and time switches (`wrong_iss`, `wrong_aud`, `bad_signature`, `alg_none`,
    `alg_confusion`, `unexpected_hs256`, `unknown_kid`, `expired`, `iat_in_future`,
    `clock_skew`) apply to every JWT issued: ID tokens, JWT access tokens and logout tokens.
    The others apply to the artefact their name says.
    """

    wrong_iss: bool = False  # iss names another application slug
    wrong_aud: bool = False  # aud is another client id (azp stays right)
    wrong_azp: bool = False  # aud = [client, other], azp = other
    bad_signature: bool = False  # signature bytes corrupted
    alg_none: bool = False  # header alg "none", empty signature
    alg_confusion: bool = False  # HS256 keyed with the published RSA public key (PEM)
    unexpected_hs256: bool = False  # HS256 with the client secret although the client is RS256/ES256
    unknown_kid: bool = False  # signed with a key whose kid the JWKS never publishes
    expired: bool = False  # exp ten minutes in the past
    iat_in_future: bool = False  # iat an hour in the future
    clock_skew: int = 0  # seconds added to iat, exp and auth_time
    wrong_nonce: bool = False  # ID token nonce differs from the request's
    missing_nonce: bool = False  # ID token has no nonce although one was sent
    missing_sub: bool = False  # ID token has no sub
    email_verified_string: bool = False  # email_verified is the string "true"
    missing_id_token: bool = False  # token response has no id_token
    id_token_claims: dict[str, Any] = field(default_factory=dict)  # merged over ID token claims
    userinfo_sub_differs: bool = False  # userinfo sub is another subject
    userinfo_claims: dict[str, Any] = field(default_factory=dict)  # merged over userinfo claims
    userinfo_fails: bool = False  # userinfo answers 401 invalid_token
    allow_code_replay: bool = False  # codes can be redeemed more than once
    wrong_state: bool = False  # authorization response carries another state
    logout_token_nonce: bool = False  # logout token carries a nonce (forbidden)
    logout_token_no_events: bool = False  # logout token has no events claim

    @classmethod
    def names(cls) -> frozenset[str]:
        return frozenset(f.name for f in fields(cls))

    def merged(self, **changes: Any) -> Misbehaviour:
        """Return a copy with `changes` applied; unknown names raise TypeError."""
        unknown = set(changes) - self.names()
        if unknown:
            raise TypeError(f"unknown misbehaviour switch(es): {', '.join(sorted(unknown))}")
        data = asdict(self)
        data.update(changes)
        return Misbehaviour(**data)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Misbehaviour:
        return cls().merged(**data)


@dataclass(frozen=True)
class ProviderConfig:
    """What the provider process starts with."""

    slug: str
    clients: tuple[Client, ...]
    users: tuple[User, ...]
    control_token: str
    host: str = "127.0.0.1"
    port: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "slug": self.slug,
            "clients": [c.to_json() for c in self.clients],
            "users": [u.to_json() for u in self.users],
            "control_token": self.control_token,
            "host": self.host,
            "port": self.port,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ProviderConfig:
        return cls(
            slug=data["slug"],
            clients=tuple(Client.from_json(c) for c in data["clients"]),
            users=tuple(User.from_json(u) for u in data["users"]),
            control_token=data["control_token"],
            host=data.get("host", "127.0.0.1"),
            port=int(data.get("port", 0)),
        )


@dataclass(frozen=True)
class Event:
    """One thing the provider saw: an endpoint call and how it ended.

    `outcome` is "ok" or an OAuth error code (e.g. "invalid_grant"); `params` are the request
    parameters as received (secrets included, this is a test provider); `detail` is
    endpoint-specific (e.g. `hint_valid` for end-session, `status` for back-channel logout).
    """

    endpoint: str
    outcome: str
    params: dict[str, str]
    detail: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Event:
        return cls(**data)
