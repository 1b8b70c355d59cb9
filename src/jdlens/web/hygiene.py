"""HTTP hygiene for every response: security headers, no caching of personal data, ``HEAD``.

``SecurityHeadersMiddleware`` adds a strict Content-Security-Policy (every asset is served by the
app, no inline script or style), ``nosniff``, a referrer and framing policy, and
``Cache-Control: no-store`` on everything except the versioned static assets, so no page or JSON
answer that quotes a resume is kept by a browser or a proxy. ``HeadMiddleware`` answers ``HEAD``
wherever ``GET`` is allowed: the same status and headers, no body.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
STATIC_PREFIX = "/static/"
ASKED_METHOD = "jdlens.asked_method"  # scope key: the method the client sent, when HEAD became GET
STATIC_CACHE = "public, max-age=86400"  # asset URLs carry the version (?v=...)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


class SecurityHeadersMiddleware:
    """Adds the headers above to every HTTP response, errors included."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = str(scope.get("path", "")).startswith(STATIC_PREFIX)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    headers[name] = value
                kept = static and int(message.get("status", 200)) < 400  # an asset, not an error
                headers["Cache-Control"] = STATIC_CACHE if kept else "no-store"
            await send(message)

        await self.app(scope, receive, send_with_headers)


class HeadMiddleware:
    """Serves ``HEAD`` as ``GET`` and drops the body, keeping status and headers (RFC 9110 9.3.2)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") != "HEAD":
            await self.app(scope, receive, send)
            return

        async def send_headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET", ASKED_METHOD: "HEAD"}, receive, send_headers_only)
