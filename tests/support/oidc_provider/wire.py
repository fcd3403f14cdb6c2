"""Plain request and response values, so endpoints are functions and not handler methods."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs, unquote_plus, urlencode, urlsplit, urlunsplit

SESSION_COOKIE = "authentik_session"


def _first_values(pairs: dict[str, list[str]]) -> tuple[dict[str, str], frozenset[str]]:
    values = {name: items[0] for name, items in pairs.items()}
    repeated = frozenset(name for name, items in pairs.items() if len(items) > 1)
    return values, repeated


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    query: dict[str, str]
    form: dict[str, str]
    headers: dict[str, str]  # lower-case names
    cookies: dict[str, str]
    body: bytes
    repeated: frozenset[str] = frozenset()

    @classmethod
    def parse(cls, method: str, target: str, headers: dict[str, str], body: bytes) -> Request:
        parts = urlsplit(target)
        query, repeated_q = _first_values(parse_qs(parts.query, keep_blank_values=True))
        form: dict[str, str] = {}
        repeated_f: frozenset[str] = frozenset()
        content_type = headers.get("content-type", "")
        if method == "POST" and content_type.startswith("application/x-www-form-urlencoded"):
            decoded = body.decode("utf-8", errors="replace")
            form, repeated_f = _first_values(parse_qs(decoded, keep_blank_values=True))
        cookie = SimpleCookie()
        cookie.load(headers.get("cookie", ""))
        return cls(
            method=method,
            path=parts.path,
            query=query,
            form=form,
            headers=headers,
            cookies={name: morsel.value for name, morsel in cookie.items()},
            body=body,
            repeated=repeated_q | repeated_f,
        )

    @property
    def params(self) -> dict[str, str]:
        """Query parameters for GET, form parameters for POST."""
        return self.form if self.method == "POST" else self.query

    def json(self) -> Any:
        return json.loads(self.body or b"{}")

    def basic_credentials(self) -> tuple[str, str] | None:
        """Return (user, password) from `Authorization: Basic`, form-decoded as RFC 6749 2.3.1 says."""
        scheme, _, value = self.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "basic" or not value:
            return None
        try:
            decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return None
        user, sep, password = decoded.partition(":")
        if not sep:
            return None
        return unquote_plus(user), unquote_plus(password)

    def bearer_token(self) -> str | None:
        scheme, _, value = self.headers.get("authorization", "").partition(" ")
        if scheme.lower() == "bearer" and value.strip():
            return value.strip()
        if self.method == "POST" and self.form.get("access_token"):
            return self.form["access_token"]
        return None


@dataclass
class Response:
    status: int
    body: bytes = b""
    headers: list[tuple[str, str]] = field(default_factory=list)

    @classmethod
    def json(cls, data: Any, status: int = 200, *, no_store: bool = False) -> Response:
        headers = [("Content-Type", "application/json")]
        if no_store:
            headers += [("Cache-Control", "no-store"), ("Pragma", "no-cache")]
        return cls(status, json.dumps(data, indent=2).encode(), headers)

    @classmethod
    def oauth_error(
        cls, error: str, description: str, status: int = 400, **extra_headers: str
    ) -> Response:
        response = cls.json({"error": error, "error_description": description}, status, no_store=True)
        response.headers += [(name.replace("_", "-"), value) for name, value in extra_headers.items()]
        return response

    @classmethod
    def html(cls, page: str, status: int = 200) -> Response:
        return cls(status, page.encode(), [("Content-Type", "text/html; charset=utf-8")])

    @classmethod
    def redirect(cls, location: str) -> Response:
        return cls(302, b"", [("Location", location)])

    def set_cookie(self, name: str, value: str, *, delete: bool = False) -> Response:
        attributes = "Path=/; HttpOnly; SameSite=Lax"
        if delete:
            attributes += "; Max-Age=0"
        self.headers.append(("Set-Cookie", f"{name}={value}; {attributes}"))
        return self


def add_query(url: str, params: dict[str, str]) -> str:
    """Append `params` to `url`'s query string, keeping what is already there."""
    parts = urlsplit(url)
    extra = urlencode(params)
    query = f"{parts.query}&{extra}" if parts.query else extra
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))
