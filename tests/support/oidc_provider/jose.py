"""Signing keys, the JWKS, and JWS encoding that can be broken on purpose.

The encoder is written out (base64url header, payload, signature) rather than delegated to
`jwt.encode`, because PyJWT rightly refuses to produce `alg: none` tokens with a key or HS256
tokens keyed with a public key, and those are exactly what the misbehaviours need.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import threading
from dataclasses import dataclass
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from jwt.algorithms import ECAlgorithm, RSAAlgorithm

PrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass(frozen=True)
class SigningKey:
    """A private key with its JOSE algorithm and key id."""

    kid: str
    alg: str
    private_key: PrivateKey

    def public_jwk(self) -> dict[str, Any]:
        public = self.private_key.public_key()
        if isinstance(public, rsa.RSAPublicKey):
            jwk: dict[str, Any] = RSAAlgorithm.to_jwk(public, as_dict=True)
        else:
            jwk = ECAlgorithm.to_jwk(public, as_dict=True)
        jwk.update({"kid": self.kid, "alg": self.alg, "use": "sig"})
        return jwk

    def public_pem(self) -> bytes:
        return self.private_key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )

    def sign(self, message: bytes) -> bytes:
        if isinstance(self.private_key, rsa.RSAPrivateKey):
            return RSAAlgorithm(RSAAlgorithm.SHA256).sign(message, self.private_key)
        return ECAlgorithm(ECAlgorithm.SHA256).sign(message, self.private_key)


def new_key(alg: str) -> SigningKey:
    """Generate a fresh RS256 (RSA 2048) or ES256 (P-256) key with a random kid."""
    private_key: PrivateKey
    if alg == "RS256":
        private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    elif alg == "ES256":
        private_key = ec.generate_private_key(ec.SECP256R1())
    else:
        raise ValueError(f"no asymmetric key for {alg}")
    return SigningKey(kid=secrets.token_hex(8), alg=alg, private_key=private_key)


class KeyRing:
    """The published keys (one current key per algorithm, plus retired ones) and spare keys."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._current = {alg: new_key(alg) for alg in ("RS256", "ES256")}
        self._retired: list[SigningKey] = []
        self._unpublished: dict[str, SigningKey] = {}

    def current(self, alg: str) -> SigningKey:
        with self._lock:
            return self._current[alg]

    def unpublished(self, alg: str) -> SigningKey:
        """Return a key of `alg` whose kid the JWKS never lists."""
        with self._lock:
            if alg not in self._unpublished:
                self._unpublished[alg] = new_key(alg)
            return self._unpublished[alg]

    def published(self) -> list[SigningKey]:
        with self._lock:
            return [*self._current.values(), *self._retired]

    def find(self, kid: str) -> SigningKey | None:
        return next((key for key in self.published() if key.kid == kid), None)

    def rotate(self, keep_old: bool = True) -> dict[str, str]:
        """Replace the current keys with new ones; return the new kid per algorithm."""
        fresh = {alg: new_key(alg) for alg in ("RS256", "ES256")}
        with self._lock:
            if keep_old:
                self._retired.extend(self._current.values())
            else:
                self._retired.clear()
            self._current = fresh
        return {alg: key.kid for alg, key in fresh.items()}

    def jwks(self) -> dict[str, Any]:
        return {"keys": [key.public_jwk() for key in self.published()]}


def encode(header: dict[str, Any], claims: dict[str, Any]) -> bytes:
    """Return the JWS signing input `b64(header).b64(claims)`."""
    head = b64url(json.dumps(header, separators=(",", ":")).encode())
    body = b64url(json.dumps(claims, separators=(",", ":")).encode())
    return f"{head}.{body}".encode("ascii")


def hs256(message: bytes, secret: bytes) -> bytes:
    return hmac.new(secret, message, hashlib.sha256).digest()


def corrupt(signature: bytes) -> bytes:
    """Flip bits in the middle of a signature so it no longer verifies."""
    if not signature:
        return b"\x00" * 32
    middle = len(signature) // 2
    return signature[:middle] + bytes([signature[middle] ^ 0xFF]) + signature[middle + 1 :]


def token_hash(token: str) -> str:
    """Return the at_hash/c_hash of `token` for a SHA-256 based algorithm."""
    digest = hashlib.sha256(token.encode("ascii")).digest()
    return b64url(digest[: len(digest) // 2])


def verify(
    token: str,
    keyring: KeyRing,
    hmac_secrets: dict[str, str],
    *,
    issuer: str,
    verify_exp: bool = True,
) -> dict[str, Any]:
    """Verify a token this provider issued; return its claims or raise jwt.InvalidTokenError.

    `hmac_secrets` maps client id to secret, used when the token is HS256 and its `aud` names
    that client.
    """
    header = jwt.get_unverified_header(token)
    alg = header.get("alg")
    options: Any = {"verify_exp": verify_exp, "verify_aud": False}
    key: Any
    if alg == "HS256":
        unverified = jwt.decode(token, options={"verify_signature": False})
        aud = unverified.get("aud")
        audience = aud if isinstance(aud, str) else (aud or [None])[0]
        if audience not in hmac_secrets:
            raise jwt.InvalidTokenError("HS256 token for an unknown client")
        key = hmac_secrets[audience]
    elif alg in ("RS256", "ES256"):
        found = keyring.find(str(header.get("kid", "")))
        if found is None or found.alg != alg:
            raise jwt.InvalidTokenError("unknown kid")
        key = found.private_key.public_key()
    else:
        raise jwt.InvalidTokenError(f"algorithm {alg!r} not accepted")
    return dict(jwt.decode(token, key, algorithms=[alg], issuer=issuer, options=options))
