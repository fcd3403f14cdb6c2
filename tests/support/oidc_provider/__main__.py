"""Run the test OpenID Connect provider: `python -m tests.support.oidc_provider --help`.

Prints one line `OIDC_PROVIDER_READY <base URL>` on stdout once it accepts connections.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import secrets
import signal
import sys
import threading
import time
from pathlib import Path

from .model import Client, ProviderConfig, User
from .server import make_server

READY = "OIDC_PROVIDER_READY"


def _config(args: argparse.Namespace) -> ProviderConfig:
    if args.config:
        config = ProviderConfig.from_json(json.loads(Path(args.config).read_text()))
    else:
        clients = []
        for spec in args.client:
            client_id, secret, redirect_uri = spec.split(":", 2)
            clients.append(Client(client_id, secret, redirect_uris=(redirect_uri,)))
        users = []
        for spec in args.user:
            username, password, *email = spec.split(":", 2)
            users.append(User(username, password, email=email[0] if email else ""))
        config = ProviderConfig(args.slug, tuple(clients), tuple(users), secrets.token_urlsafe(16))
        print(f"control token: {config.control_token}", file=sys.stderr)
    return ProviderConfig(
        slug=config.slug, clients=config.clients, users=config.users,
        control_token=config.control_token, host=args.host,
        port=args.port if args.port is not None else config.port,
    )


def _exit_with_parent(parent_pid: int) -> None:
    """Stop when the test process that started us is gone, so no provider outlives its tests."""
    while True:
        time.sleep(0.5)
        if os.getppid() != parent_pid:
            os._exit(0)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="oidc_provider", description=__doc__)
    parser.add_argument("--config", help="JSON file of a ProviderConfig (clients, users, slug)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=None, help="0 picks a free port")
    parser.add_argument("--slug", default="paperless", help="without --config")
    parser.add_argument("--client", action="append", default=[], help="id:secret:redirect_uri")
    parser.add_argument("--user", action="append", default=[], help="username:password[:email]")
    parser.add_argument("--parent-pid", type=int, default=None)
    parser.add_argument("--verbose", action="store_true", help="log every request to stderr")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING, stream=sys.stderr)
    server = make_server(_config(args))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    if args.parent_pid is not None:
        threading.Thread(target=_exit_with_parent, args=(args.parent_pid,), daemon=True).start()
    print(f"{READY} {server.state.base_url}", flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
