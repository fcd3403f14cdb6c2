"""Routing and the threaded HTTP server of the provider process."""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from .endpoints import authorize, control, logout, meta, resource, token
from .model import ProviderConfig
from .store import ProviderState
from .wire import Request, Response

logger = logging.getLogger("oidc_provider")

Endpoint = Callable[[ProviderState, Request], Response]

SHARED_ROUTES: dict[str, Endpoint] = {
    authorize.AUTHORIZE_PATH: authorize.authorize,
    authorize.LOGIN_PATH: authorize.login,
    "/application/o/token/": token.token,
    "/application/o/userinfo/": resource.userinfo,
    "/application/o/introspect/": resource.introspect,
    "/application/o/revoke/": resource.revoke,
}


def route(state: ProviderState, req: Request) -> Response:
    """Find the endpoint for `req.path` (exact paths, trailing slashes as authentik has them)."""
    endpoint = SHARED_ROUTES.get(req.path)
    if endpoint is None:
        slug_base = f"/application/o/{state.slug}/"
        per_slug: dict[str, Endpoint] = {
            slug_base + "end-session/": logout.end_session,
            slug_base + "jwks/": meta.jwks,
            slug_base + ".well-known/openid-configuration": meta.discovery,
        }
        endpoint = per_slug.get(req.path)
    if endpoint is None and req.path.startswith(control.CONTROL_PREFIX):
        endpoint = control.control
    if endpoint is None:
        return Response.json({"error": "not_found", "path": req.path}, 404)
    return endpoint(state, req)


class Handler(BaseHTTPRequestHandler):
    server: ProviderServer
    protocol_version = "HTTP/1.1"
    server_version = "paperkeep-test-op/1"
    # Send head and body in one segment: with keep-alive, separate small writes meet Nagle's
    # algorithm and delayed ACKs and cost ~40 ms per request.
    wbufsize = 1 << 16
    disable_nagle_algorithm = True

    def _dispatch(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {name.lower(): value for name, value in self.headers.items()}
        try:
            req = Request.parse(self.command, self.path, headers, body)
            response = route(self.server.state, req)
        except Exception:
            traceback.print_exc(file=sys.stderr)
            response = Response.json({"error": "server_error"}, 500)
        self.send_response(response.status)
        for name, value in response.headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(response.body)

    do_GET = do_POST = do_HEAD = _dispatch

    def log_message(self, format: str, *args: object) -> None:
        logger.debug("%s %s", self.address_string(), format % args)


class ProviderServer(ThreadingHTTPServer):
    daemon_threads = True
    state: ProviderState


def make_server(config: ProviderConfig) -> ProviderServer:
    """Bind to config.host:config.port (0 picks a free port) and build the state."""
    server = ProviderServer((config.host, config.port), Handler)
    port = server.server_address[1]
    server.state = ProviderState(config, f"http://{config.host}:{port}")
    return server
