"""The app's defences, as plain ASGI middleware so they wrap every route, errors included.

Threat model: article text, titles, outlets and URLs are written by whoever wrote
the article, so they are hostile until escaped (the templates autoescape them; the
CSP below forbids every script, so even an escaping bug could not run one). The
server binds to loopback by default; bound anywhere else it needs a shared token.
Uploads are size-limited before they are parsed. A cross-site page could still
make a victim's browser POST to a loopback server, so state-changing requests must
come from the app's own pages (Origin check) and carry a Host the app expects
(against DNS rebinding).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable, Iterable
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

Scope = dict[str, Any]
Receive = Callable[[], Any]
Send = Callable[[dict[str, Any]], Any]
ASGIApp = Callable[[Scope, Receive, Send], Any]
ErrorPage = Callable[[int, str, str], str]

COOKIE = "newsdesk_token"
CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
]
LOOPBACK_NAMES = {"127.0.0.1", "localhost", "::1", "[::1]"}


def is_loopback(host: str) -> bool:
    return host in LOOPBACK_NAMES or host.startswith("127.")


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers") or []:
        if key == name:
            return str(value.decode("latin-1"))
    return None


def _wants_json(scope: Scope) -> bool:
    return str(scope.get("path", "")).startswith("/api/")


async def send_error(
    scope: Scope,
    send: Send,
    status: int,
    title: str,
    message: str,
    page: ErrorPage,
    extra: Iterable[tuple[bytes, bytes]] = (),
) -> None:
    """An error as JSON for the API and as a readable page for a person."""
    if _wants_json(scope):
        body = json.dumps({"detail": message}).encode()
        kind = b"application/json"
    else:
        body = page(status, title, message).encode("utf-8")
        kind = b"text/html; charset=utf-8"
    headers = [
        (b"content-type", kind),
        (b"content-length", str(len(body)).encode()),
        *SECURITY_HEADERS,
        *extra,
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class SecurityHeaders:
    """Adds the CSP and friends to every response (pages, API, static files, errors)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers") or []}
                extra = [(k, v) for k, v in SECURITY_HEADERS if k not in present]
                message = {**message, "headers": [*(message.get("headers") or []), *extra]}
            await send(message)

        await self.app(scope, receive, with_headers)


class BodyTooLarge(Exception):
    """The request body passed the limit while it was being read."""


class BodyLimit:
    """Refuses request bodies over ``limit`` bytes with 413, before or while reading them.

    A declared Content-Length over the limit is refused without reading a byte; a
    body that lies about its length (or is chunked) is cut off when the count passes.
    """

    def __init__(self, app: ASGIApp, limit: int, page: ErrorPage) -> None:
        self.app = app
        self.limit = limit
        self.page = page

    def _message(self) -> str:
        mb = self.limit / 1_000_000
        return f"The upload is larger than the limit of {mb:g} MB: upload a smaller file."

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") in {"GET", "HEAD", "OPTIONS"}:
            await self.app(scope, receive, send)
            return
        declared = _header(scope, b"content-length")
        if declared and declared.isdigit() and int(declared) > self.limit:
            await send_error(scope, send, 413, "Upload too large", self._message(), self.page)
            return
        seen = 0
        started = False

        async def counted() -> Any:
            nonlocal seen
            message = await receive()
            if message.get("type") == "http.request":
                seen += len(message.get("body") or b"")
                if seen > self.limit:
                    raise BodyTooLarge
            return message

        async def tracking(message: dict[str, Any]) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted, tracking)
        except BodyTooLarge:
            if not started:
                await send_error(scope, send, 413, "Upload too large", self._message(), self.page)


def token_digest(token: str) -> str:
    """What the cookie holds: a digest, so the token itself is not stored by browsers."""
    return hashlib.sha256(("newsdesk:" + token).encode()).hexdigest()


class TokenGate:
    """With a token set, every request must prove it knows the token.

    ``?token=…`` on any page sets an HttpOnly, SameSite=Strict cookie and redirects
    to the same address without the token (so it does not linger in history or
    logs); API clients send ``Authorization: Bearer …`` instead.
    """

    def __init__(self, app: ASGIApp, token: str | None, page: ErrorPage) -> None:
        self.app = app
        self.token = token
        self.page = page

    def _ok(self, given: str | None) -> bool:
        return (
            given is not None
            and self.token is not None
            and hmac.compare_digest(given.encode(), self.token.encode())
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self.token:
            await self.app(scope, receive, send)
            return
        query = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
        given = [v for k, v in query if k == "token"]
        if given:
            if not self._ok(given[-1]):
                await send_error(
                    scope, send, 401, "Wrong token", "That token is not right.", self.page
                )
                return
            await self._set_cookie_and_redirect(scope, send, query)
            return
        auth = _header(scope, b"authorization") or ""
        if auth.lower().startswith("bearer ") and self._ok(auth[7:].strip()):
            await self.app(scope, receive, send)
            return
        cookie = SimpleCookie()
        cookie.load(_header(scope, b"cookie") or "")
        morsel = cookie.get(COOKIE)
        if (
            morsel is not None
            and self.token
            and hmac.compare_digest(morsel.value.encode(), token_digest(self.token).encode())
        ):
            await self.app(scope, receive, send)
            return
        await send_error(
            scope,
            send,
            401,
            "Token required",
            "This newsdesk server needs its access token: open it once as ?token=TOKEN, "
            "or send the header Authorization: Bearer TOKEN.",
            self.page,
            [(b"www-authenticate", b"Bearer")],
        )

    async def _set_cookie_and_redirect(
        self, scope: Scope, send: Send, query: list[tuple[str, str]]
    ) -> None:
        assert self.token is not None
        rest = urlencode([(k, v) for k, v in query if k != "token"])
        target = str(scope.get("path") or "/") + (f"?{rest}" if rest else "")
        cookie = (
            f"{COOKIE}={token_digest(self.token)}; Path=/; HttpOnly; SameSite=Strict"
        ).encode()
        headers = [
            (b"location", target.encode("utf-8")),
            (b"set-cookie", cookie),
            (b"content-length", b"0"),
            *SECURITY_HEADERS,
        ]
        await send({"type": "http.response.start", "status": 303, "headers": headers})
        await send({"type": "http.response.body", "body": b""})


class SameOrigin:
    """State-changing requests must come from this app's pages; Host must be expected.

    Browsers send ``Origin`` on cross-site form posts; a mismatch with ``Host`` means
    another site is trying to make the reader's browser upload into the store.
    ``allowed_hosts`` (when given) guards against DNS rebinding of a loopback server.
    """

    def __init__(self, app: ASGIApp, page: ErrorPage, allowed_hosts: set[str] | None) -> None:
        self.app = app
        self.page = page
        self.allowed_hosts = allowed_hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        host = _header(scope, b"host") or ""
        if self.allowed_hosts is not None and _host_name(host) not in self.allowed_hosts:
            await send_error(
                scope,
                send,
                400,
                "Unexpected host",
                f"This server does not answer for the host {host!r}.",
                self.page,
            )
            return
        origin = _header(scope, b"origin")
        unsafe = scope.get("method") not in {"GET", "HEAD", "OPTIONS"}
        if unsafe and origin and urlsplit(origin).netloc != host:
            await send_error(
                scope,
                send,
                403,
                "Cross-site request refused",
                "Uploads must come from this app's own pages.",
                self.page,
            )
            return
        await self.app(scope, receive, send)


def _host_name(host: str) -> str:
    if host.startswith("["):
        return host.split("]", 1)[0] + "]"
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host
