"""Safe async fetching of article URLs (SSRF-aware).

Why this module is careful: a user-supplied URL is fetched from the bot's own network, so
it must not become a way to reach loopback, the LAN or cloud metadata endpoints. Every
address the connector is about to connect to is checked by a resolver wrapper (so a DNS
answer that changes between a check and the connect cannot slip through), literal-IP
hosts are checked before the request, and redirects are followed by hand so that each hop
is re-validated. Size and time are capped so that hostile servers cannot hang or bloat us.
"""

from __future__ import annotations

import asyncio
import ipaddress
import os
import socket
from dataclasses import dataclass

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult
from yarl import URL

__all__ = ["FetchError", "FetchedPage", "fetch_url", "USER_AGENT", "ACCEPTED_TYPES"]

USER_AGENT = "QuoteDesk/0.1 (+article ingest)"
ACCEPTED_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain", "text/markdown"})
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_CHUNK = 64 * 1024
_NAT64 = ipaddress.ip_network("64:ff9b::/96")

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class FetchError(Exception):
    """A fetch was refused or failed; ``message`` is a one-line, user-facing reason."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class FetchedPage:
    url: str  # final URL, after redirects
    content_type: str
    body: bytes
    charset: str | None


def _blocked_reason(ip: IPAddress) -> str | None:
    """Why ``ip`` must not be connected to, or None when it is a public address."""
    # IPv6 forms that embed an IPv4 address are judged by that address, otherwise
    # ::ffff:127.0.0.1 or 2002:7f00:1:: would be a way around the IPv4 rules.
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return _blocked_reason(ip.ipv4_mapped)
        if ip.sixtofour is not None:
            return _blocked_reason(ip.sixtofour)
        if ip in _NAT64:
            return _blocked_reason(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    # Order matters: 0.0.0.0, 169.254/16 and 240/4 are also "private"; the specific word is clearer.
    for attr, word in (
        ("is_unspecified", "unspecified"),
        ("is_loopback", "loopback"),
        ("is_link_local", "link-local"),
        ("is_multicast", "multicast"),
        ("is_reserved", "reserved"),
        ("is_private", "private"),
    ):
        if getattr(ip, attr):
            return word
    # Catch-all for the rest of the special-purpose ranges (CGNAT 100.64/10, docs, ...).
    return None if ip.is_global else "non-public"


def _check_address(host: str, address: str) -> None:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        raise FetchError(f"refused: {host} resolves to an unusable address ({address})") from None
    reason = _blocked_reason(ip)
    if reason is not None:
        article = "an" if reason[0] in "aeiou" else "a"
        if host == address:
            raise FetchError(f"refused: {host} is {article} {reason} address")
        raise FetchError(f"refused: {host} resolves to {article} {reason} address ({address})")


def _literal_ip(host: str) -> str | None:
    """The IP address ``host`` denotes literally, including legacy forms like 2130706433."""
    try:
        return str(ipaddress.ip_address(host.split("%", 1)[0]))
    except ValueError:
        pass
    try:  # inet_aton accepts 127.1, 0x7f.0.0.1, 2130706433 ... which OS resolvers honour.
        return socket.inet_ntoa(socket.inet_aton(host))
    except OSError:
        return None


class _GuardedResolver(AbstractResolver):
    """Validates every resolution the connector uses: the checked address is the connected one."""

    def __init__(self, inner: AbstractResolver, *, allow_private: bool, owns_inner: bool) -> None:
        self._inner = inner
        self._allow_private = allow_private
        self._owns_inner = owns_inner

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        results = await self._inner.resolve(host, port, family)
        if not self._allow_private:
            # Refuse outright rather than filter: a name mixing public and private answers
            # is a rebinding attempt, and a clear refusal beats a confusing partial success.
            for result in results:
                _check_address(host.rstrip("."), result["host"])
        return results

    async def close(self) -> None:
        if self._owns_inner:
            await self._inner.close()


def _parse(url: str | URL) -> URL:
    try:
        parsed = url if isinstance(url, URL) else URL(url.strip())
    except (ValueError, TypeError):
        raise FetchError(f"not a valid URL: {url}") from None
    if parsed.scheme not in ("http", "https"):
        raise FetchError("only http(s) URLs can be ingested")
    if not parsed.host:
        raise FetchError(f"not a valid URL (no host): {url}")
    return parsed


def _check_target(url: URL, allow_private: bool) -> None:
    """Per-hop check for literal-IP hosts, which aiohttp connects to without asking the resolver."""
    literal = _literal_ip(url.host or "")
    if literal is not None and not allow_private:
        _check_address(url.host or literal, literal)


async def fetch_url(
    url: str,
    *,
    max_bytes: int = 2_000_000,
    timeout: float = 15.0,
    allow_private: bool = False,
    resolver: AbstractResolver | None = None,
    max_redirects: int = 5,
) -> FetchedPage:
    """Fetch an article page; raise FetchError with a user-facing reason on any refusal/failure."""
    current = _parse(url)
    try:
        # One deadline for the whole job (all hops + body), so trickling servers cannot stall us.
        async with asyncio.timeout(timeout):
            return await _fetch(current, max_bytes, timeout, allow_private, resolver, max_redirects)
    except TimeoutError:
        raise FetchError(f"timed out after {timeout:g} s") from None
    except aiohttp.ClientConnectorDNSError as exc:
        raise FetchError(f"could not reach {exc.host}: DNS lookup failed") from None
    except aiohttp.ClientConnectorError as exc:
        # asyncio's strerror is "Connect call failed (...)"; the errno name reads better.
        err = exc.os_error
        reason = os.strerror(err.errno) if err.errno else str(err) or type(err).__name__
        raise FetchError(f"could not reach {exc.host}:{exc.port}: {reason.lower()}") from None
    except aiohttp.InvalidURL as exc:
        raise FetchError(f"not a valid URL: {exc.url}") from None
    except aiohttp.ClientError as exc:
        raise FetchError(f"could not fetch {url}: {exc or type(exc).__name__}") from None


async def _fetch(
    current: URL,
    max_bytes: int,
    timeout: float,
    allow_private: bool,
    resolver: AbstractResolver | None,
    max_redirects: int,
) -> FetchedPage:
    guard = _GuardedResolver(
        resolver or aiohttp.DefaultResolver(),
        allow_private=allow_private,
        owns_inner=resolver is None,
    )
    # No DNS cache: every new connection re-resolves through the guard.
    connector = aiohttp.TCPConnector(resolver=guard, use_dns_cache=False)
    headers = {
        "User-Agent": USER_AGENT,
        "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,text/markdown;q=0.9,*/*;q=0.1",
    }
    client_timeout = aiohttp.ClientTimeout(total=timeout, sock_connect=timeout, sock_read=timeout)
    try:
        async with aiohttp.ClientSession(
            connector=connector, headers=headers, timeout=client_timeout, trust_env=False
        ) as session:
            for _ in range(max_redirects + 1):
                _check_target(current, allow_private)
                async with session.get(current, allow_redirects=False) as resp:
                    if resp.status in _REDIRECT_STATUSES:
                        location = resp.headers.get("Location")
                        if not location:
                            raise FetchError(f"could not fetch {current}: redirect without Location")
                        try:
                            current = _parse(resp.url.join(URL(location)))
                        except ValueError:
                            bad = f"could not fetch {current}: bad redirect target"
                            raise FetchError(bad) from None
                        continue
                    return await _read_page(resp, max_bytes)
            raise FetchError(f"refused: more than {max_redirects} redirects")
    finally:
        await guard.close()


async def _read_page(resp: aiohttp.ClientResponse, max_bytes: int) -> FetchedPage:
    if not 200 <= resp.status < 300:
        reason = f" {resp.reason}" if resp.reason else ""
        raise FetchError(f"could not fetch {resp.url}: HTTP {resp.status}{reason}")
    content_type = resp.content_type  # lower-cased, parameters stripped by aiohttp
    if content_type not in ACCEPTED_TYPES:
        raise FetchError(f"refused: the URL serves {content_type}, not an article")
    limit = f"{max_bytes:,}-byte limit"
    if resp.content_length is not None and resp.content_length > max_bytes:
        raise FetchError(f"refused: the page is {resp.content_length:,} bytes, over the {limit}")
    # Content-Length may be absent or a lie (and bodies are decompressed), so count as we stream.
    body = bytearray()
    async for chunk in resp.content.iter_chunked(_CHUNK):
        body += chunk
        if len(body) > max_bytes:
            raise FetchError(f"refused: the page is larger than the {limit}")
    charset = resp.charset.strip().lower() if resp.charset else None
    return FetchedPage(
        url=str(resp.url), content_type=content_type, body=bytes(body), charset=charset
    )
