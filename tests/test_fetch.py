"""Tests for bot.fetch: in-process aiohttp servers on 127.0.0.1 only.

Safety net: the autouse ``no_outbound`` fixture refuses (and fails the test on) any socket
connect to an address other than 127.0.0.1/::1, so a regression in the address checks can
never make the test suite touch a real private or public host.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import time
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import pytest
from aiohttp import web
from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.test_utils import TestServer

from bot import fetch as fetch_mod
from bot.fetch import FetchedPage, FetchError, fetch_url

LOOPBACK = {"127.0.0.1", "::1"}


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(autouse=True)
def no_outbound(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """Block and record socket connects to anything but loopback."""
    attempts: list[Any] = []
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def _allowed(address: Any) -> bool:
        return isinstance(address, tuple) and address[0] in LOOPBACK

    def connect(self: socket.socket, address: Any) -> None:
        if not _allowed(address):
            attempts.append(address)
            raise PermissionError(f"test guard: outbound connect to {address!r} blocked")
        return real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        if not _allowed(address):
            attempts.append(address)
            raise PermissionError(f"test guard: outbound connect to {address!r} blocked")
        return real_connect_ex(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    yield attempts
    assert attempts == [], f"connections attempted to non-loopback addresses: {attempts}"


@pytest.fixture
def loopback_is_public(monkeypatch: pytest.MonkeyPatch) -> None:
    """Treat 127.0.0.1 as a public address, so the local server can play the 'outside' site
    while every other rule (private, link-local, ::1, ...) still applies with allow_private=False."""
    real = fetch_mod._blocked_reason

    def patched(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
        return None if str(ip) == "127.0.0.1" else real(ip)

    monkeypatch.setattr(fetch_mod, "_blocked_reason", patched)


class StubResolver(AbstractResolver):
    """Maps names to addresses. A value that is a list of lists gives one answer per call
    (the last one repeats), to model a DNS answer that changes between resolutions."""

    def __init__(self, table: dict[str, list[str] | list[list[str]]]) -> None:
        self.table = table
        self.calls: list[str] = []

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        n = sum(1 for h in self.calls if h == host)
        self.calls.append(host)
        answer = self.table.get(host)
        if answer is None:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        if answer and isinstance(answer[0], list):
            answer = answer[min(n, len(answer) - 1)]
        return [
            ResolveResult(
                hostname=host,
                host=addr,
                port=port,
                family=socket.AF_INET6 if ":" in addr else socket.AF_INET,
                proto=0,
                flags=socket.AI_NUMERICHOST,
            )
            for addr in answer  # type: ignore[union-attr]
        ]

    async def close(self) -> None:
        pass


Handler = Callable[[web.Request], Any]


class Site:
    """A running test server plus a log of the paths it was asked for."""

    def __init__(self, server: TestServer, hits: list[str]) -> None:
        self.server = server
        self.hits = hits

    @property
    def port(self) -> int:
        assert self.server.port is not None
        return self.server.port

    def url(self, path: str = "/", host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"


@pytest.fixture
async def serve() -> AsyncIterator[Callable[[dict[str, Handler]], Any]]:
    servers: list[TestServer] = []

    async def start(routes: dict[str, Handler]) -> Site:
        hits: list[str] = []

        @web.middleware
        async def record(request: web.Request, handler: Handler) -> web.StreamResponse:
            hits.append(request.path)
            return await handler(request)

        app = web.Application(middlewares=[record])
        for path, handler in routes.items():
            app.router.add_get(path, handler)
        server = TestServer(app, host="127.0.0.1", port=0)
        await server.start_server()
        servers.append(server)
        return Site(server, hits)

    yield start
    for server in servers:
        await server.close()


def html(text: str = "<html><body><p>Hello</p></body></html>", **kw: Any) -> Handler:
    async def handler(request: web.Request) -> web.Response:
        return web.Response(text=text, content_type="text/html", **kw)

    return handler


def redirect(location: str, status: int = 302, **headers: str) -> Handler:
    async def handler(request: web.Request) -> web.Response:
        return web.Response(status=status, headers={"Location": location, **headers})

    return handler


async def refused(url: str, **kw: Any) -> str:
    with pytest.raises(FetchError) as info:
        await fetch_url(url, **kw)
    assert info.value.message == str(info.value)
    assert "\n" not in info.value.message
    return info.value.message


# --------------------------------------------------------------------------- happy paths


async def test_ok_html_page_via_stub_name(serve: Any) -> None:
    seen: dict[str, str] = {}

    async def page(request: web.Request) -> web.Response:
        seen["ua"] = request.headers["User-Agent"]
        seen["host"] = request.headers["Host"]
        body = "<html><body>Caf\u00e9</body></html>".encode("latin-1")
        return web.Response(body=body, headers={"Content-Type": "text/html; charset=ISO-8859-1"})

    site = await serve({"/article": page})
    resolver = StubResolver({"news.test": ["127.0.0.1"]})
    page_ = await fetch_url(site.url("/article", "news.test"), resolver=resolver, allow_private=True)
    assert isinstance(page_, FetchedPage)
    assert page_.url == site.url("/article", "news.test")
    assert page_.content_type == "text/html"
    assert page_.charset == "iso-8859-1"
    assert page_.body.decode(page_.charset) == "<html><body>Caf\u00e9</body></html>"
    assert seen["ua"] == "QuoteDesk/0.1 (+article ingest)"
    assert seen["host"] == f"news.test:{site.port}"


@pytest.mark.parametrize(
    "ctype", ["text/plain", "text/markdown", "application/xhtml+xml", "TEXT/HTML"]
)
async def test_accepted_content_types(serve: Any, ctype: str) -> None:
    async def page(request: web.Request) -> web.Response:
        return web.Response(body=b"hello", headers={"Content-Type": ctype})

    site = await serve({"/": page})
    got = await fetch_url(site.url(), allow_private=True)
    assert got.content_type == ctype.lower()
    assert got.charset is None
    assert got.body == b"hello"


async def test_redirects_are_followed_and_final_url_reported(serve: Any) -> None:
    site = await serve(
        {"/a": redirect("/b", 301), "/b": redirect("c", 307), "/c": html("done")}
    )
    got = await fetch_url(site.url("/a"), allow_private=True, max_redirects=2)
    assert got.url == site.url("/c")
    assert got.body == b"done"
    assert site.hits == ["/a", "/b", "/c"]


# --------------------------------------------------------------------------- address rules


async def test_loopback_server_refused_by_default(serve: Any) -> None:
    site = await serve({"/": html()})
    msg = await refused(site.url())
    assert msg == "refused: 127.0.0.1 is a loopback address"
    assert site.hits == []


async def test_localhost_name_refused_by_default(serve: Any) -> None:
    site = await serve({"/": html()})
    msg = await refused(site.url(host="localhost"))  # system resolver: /etc/hosts only
    assert msg.startswith("refused: localhost resolves to a loopback address (")
    assert site.hits == []


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("10.0.0.5", "a private"),
        ("192.168.1.2", "a private"),
        ("172.16.0.1", "a private"),
        ("169.254.169.254", "a link-local"),
        ("127.0.0.1", "a loopback"),
        ("::1", "a loopback"),
        ("::ffff:10.0.0.5", "a private"),
        ("fe80::1", "a link-local"),
        ("fd00::1", "a private"),
        ("0.0.0.0", "an unspecified"),
        ("224.0.0.1", "a multicast"),
        ("240.0.0.1", "a reserved"),
        ("100.64.0.1", "a non-public"),
    ],
)
async def test_private_addresses_via_resolver_refused(address: str, kind: str) -> None:
    resolver = StubResolver({"intranet.test": [address]})
    msg = await refused("http://intranet.test/page", resolver=resolver)
    assert msg == f"refused: intranet.test resolves to {kind} address ({address})"


async def test_mixed_public_and_private_answer_refused_before_connecting() -> None:
    # Refusing the whole answer (not filtering it) means no connection is made at all.
    resolver = StubResolver({"mixed.test": ["93.184.216.34", "10.0.0.5"]})
    msg = await refused("http://mixed.test/", resolver=resolver)
    assert msg == "refused: mixed.test resolves to a private address (10.0.0.5)"


@pytest.mark.parametrize(
    ("url", "fragment"),
    [
        ("http://10.0.0.5/", "10.0.0.5 is a private address"),
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address"),
        ("http://[::1]:8080/", "::1 is a loopback address"),
        ("http://[::ffff:127.0.0.1]/", "is a loopback address"),
        ("http://[fe80::1]/", "fe80::1 is a link-local address"),
        ("http://[2002:7f00:1::]/", "is a loopback address"),  # 6to4 wrapping 127.0.0.1
        ("http://2130706433/", "2130706433 resolves to a loopback address (127.0.0.1)"),
        ("http://0x7f.0.0.1/", "resolves to a loopback address (127.0.0.1)"),
        ("https://0.0.0.0/", "0.0.0.0 is an unspecified address"),
    ],
)
async def test_literal_ip_hosts_refused(url: str, fragment: str) -> None:
    resolver = StubResolver({})  # literal IPs never go through a resolver
    msg = await refused(url, resolver=resolver)
    assert msg.startswith("refused: ") and fragment in msg
    assert resolver.calls == []


@pytest.mark.parametrize(
    "target",
    [
        "http://intranet.test/admin",  # stub -> 10.0.0.5
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://meta.test/",  # stub -> 169.254.169.254
    ],
)
async def test_redirect_to_private_address_refused(
    serve: Any, loopback_is_public: None, target: str
) -> None:
    site = await serve({"/": redirect(target)})
    resolver = StubResolver(
        {"news.test": ["127.0.0.1"], "intranet.test": ["10.0.0.5"], "meta.test": ["169.254.169.254"]}
    )
    msg = await refused(site.url(host="news.test"), resolver=resolver)
    assert msg.startswith("refused: ") and "address" in msg
    assert site.hits == ["/"]


async def test_redirect_to_non_http_scheme_refused(serve: Any) -> None:
    site = await serve({"/": redirect("file:///etc/passwd")})
    assert await refused(site.url(), allow_private=True) == "only http(s) URLs can be ingested"


async def test_dns_rebinding_caught_at_connect_time(serve: Any, loopback_is_public: None) -> None:
    # First resolution: the "public" test server. The redirect closes the connection, so the
    # second hop reconnects and re-resolves; the answer is now private and must be refused
    # by the connector-level check, before any connection to it.
    site = await serve(
        {"/start": redirect("/article", Connection="close"), "/article": html()}
    )
    resolver = StubResolver({"rebind.test": [["127.0.0.1"], ["10.0.0.5"]]})
    msg = await refused(site.url("/start", "rebind.test"), resolver=resolver)
    assert msg == "refused: rebind.test resolves to a private address (10.0.0.5)"
    assert resolver.calls == ["rebind.test", "rebind.test"]
    assert site.hits == ["/start"]


async def test_guarded_resolver_validates_every_resolution() -> None:
    # Resolution only, no connection: a public first answer passes, the rebound one does not.
    stub = StubResolver({"flip.test": [["93.184.216.34"], ["192.168.1.2"]]})
    guard = fetch_mod._GuardedResolver(stub, allow_private=False, owns_inner=False)
    first = await guard.resolve("flip.test", 80, socket.AF_UNSPEC)
    assert [r["host"] for r in first] == ["93.184.216.34"]
    with pytest.raises(FetchError, match=r"private address \(192\.168\.1\.2\)"):
        await guard.resolve("flip.test", 80, socket.AF_UNSPEC)


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("93.184.216.34", None),
        ("2606:4700::1111", None),
        ("::ffff:93.184.216.34", None),
        ("64:ff9b::a00:5", "private"),  # NAT64 wrapping 10.0.0.5
        ("ff02::1", "multicast"),
        ("::", "unspecified"),
    ],
)
def test_blocked_reason(address: str, expected: str | None) -> None:
    assert fetch_mod._blocked_reason(ipaddress.ip_address(address)) == expected


# --------------------------------------------------------------------------- limits


async def test_too_many_redirects(serve: Any) -> None:
    async def loop(request: web.Request) -> web.Response:
        n = int(request.match_info["n"])
        return web.Response(status=302, headers={"Location": f"/r/{n + 1}"})

    site = await serve({"/r/{n}": loop})
    msg = await refused(site.url("/r/0"), allow_private=True, max_redirects=3)
    assert msg == "refused: more than 3 redirects"
    assert site.hits == ["/r/0", "/r/1", "/r/2", "/r/3"]


async def test_huge_content_length_refused_without_reading(serve: Any) -> None:
    async def huge(request: web.Request) -> web.StreamResponse:
        resp = web.StreamResponse(headers={"Content-Type": "text/html"})
        resp.content_length = 10_000_000_000
        await resp.prepare(request)
        await resp.write(b"<html>")
        await asyncio.sleep(30)  # never finishes; the client must not wait for it
        return resp

    site = await serve({"/": huge})
    start = time.monotonic()
    msg = await refused(site.url(), allow_private=True, max_bytes=1_000_000)
    assert msg == "refused: the page is 10,000,000,000 bytes, over the 1,000,000-byte limit"
    assert time.monotonic() - start < 2


async def test_endless_chunked_body_stopped_at_cap(serve: Any) -> None:
    async def endless(request: web.Request) -> web.StreamResponse:
        resp = web.StreamResponse(headers={"Content-Type": "text/html"})
        resp.enable_chunked_encoding()
        await resp.prepare(request)
        while True:
            await resp.write(b"x" * 16384)

    site = await serve({"/": endless})
    msg = await refused(site.url(), allow_private=True, max_bytes=100_000)
    assert msg == "refused: the page is larger than the 100,000-byte limit"


async def test_body_at_exact_cap_accepted(serve: Any) -> None:
    site = await serve({"/": html("y" * 5000)})
    got = await fetch_url(site.url(), allow_private=True, max_bytes=5000)
    assert len(got.body) == 5000


async def test_trickling_server_times_out(serve: Any) -> None:
    async def trickle(request: web.Request) -> web.StreamResponse:
        resp = web.StreamResponse(headers={"Content-Type": "text/html"})
        resp.enable_chunked_encoding()
        await resp.prepare(request)
        while True:  # one byte every 50 ms: each read is quick, the whole never ends
            await resp.write(b"x")
            await asyncio.sleep(0.05)

    site = await serve({"/": trickle})
    start = time.monotonic()
    msg = await refused(site.url(), allow_private=True, timeout=0.5)
    assert msg == "timed out after 0.5 s"
    assert time.monotonic() - start < 1.5


async def test_silent_server_times_out(serve: Any) -> None:
    async def silent(request: web.Request) -> web.Response:
        await asyncio.sleep(30)
        return web.Response(text="late")

    site = await serve({"/": silent})
    start = time.monotonic()
    assert await refused(site.url(), allow_private=True, timeout=0.3) == "timed out after 0.3 s"
    assert time.monotonic() - start < 1.5


# --------------------------------------------------------------------------- failures


@pytest.mark.parametrize("ctype", ["application/pdf", "image/png", "application/json"])
async def test_non_article_content_type_refused(serve: Any, ctype: str) -> None:
    async def page(request: web.Request) -> web.Response:
        return web.Response(body=b"%PDF-1.7", headers={"Content-Type": ctype})

    site = await serve({"/": page})
    msg = await refused(site.url(), allow_private=True)
    assert msg == f"refused: the URL serves {ctype}, not an article"


@pytest.mark.parametrize(("status", "reason"), [(404, "Not Found"), (500, "Internal Server Error")])
async def test_http_error_status(serve: Any, status: int, reason: str) -> None:
    async def page(request: web.Request) -> web.Response:
        return web.Response(status=status, text="nope")

    site = await serve({"/": page})
    msg = await refused(site.url(), allow_private=True)
    assert msg == f"could not fetch {site.url()}: HTTP {status} {reason}"


async def test_connection_refused_on_unused_port() -> None:
    with socket.socket() as sock:  # grab a free port, then release it so nothing listens
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    msg = await refused(f"http://127.0.0.1:{port}/", allow_private=True)
    assert msg == f"could not reach 127.0.0.1:{port}: connection refused"


async def test_dns_failure() -> None:
    msg = await refused("http://nowhere.test/", resolver=StubResolver({}))
    assert msg == "could not reach nowhere.test: DNS lookup failed"


@pytest.mark.parametrize(
    "url",
    ["ftp://example.com/a.txt", "file:///etc/passwd", "javascript:alert(1)", "example.com/page", ""],
)
async def test_non_http_scheme_refused(url: str) -> None:
    assert await refused(url) == "only http(s) URLs can be ingested"


def test_bot_fetch_does_not_import_discord() -> None:
    import subprocess
    import sys

    code = "import sys, bot.fetch; assert not any(m.startswith('discord') for m in sys.modules)"
    subprocess.run([sys.executable, "-c", code], check=True)
