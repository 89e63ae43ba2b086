"""A small stand-in for Discord's REST API and gateway, on 127.0.0.1, for loopback tests.

It implements just what discord.py 2.7 needs to log in, sync application commands, connect to the
gateway, receive an interaction and answer it:

REST (under ``/api/v10``)
    ``GET /users/@me`` (login; 401 on a wrong token), ``GET /oauth2/applications/@me``,
    ``GET /gateway/bot``, ``PUT /applications/{app}/commands`` and
    ``PUT /applications/{app}/guilds/{guild}/commands`` (bulk overwrite: recorded, echoed with ids),
    ``POST /interactions/{id}/{token}/callback`` (recorded), and the interaction webhooks
    ``POST /webhooks/{app}/{token}`` and ``GET/PATCH/DELETE /webhooks/{app}/{token}/messages/{id|@original}``.
    Anything else answers 404 JSON and is recorded (see :attr:`FakeDiscord.unhandled`).

Gateway (``/gateway``)
    HELLO, then READY + GUILD_CREATE after a valid IDENTIFY (a wrong token is closed with 4004),
    heartbeat ACKs, and :meth:`FakeDiscord.send_event` / :meth:`FakeDiscord.send_interaction` to
    dispatch events. Frames are plain JSON text, which discord.py accepts whatever ``compress`` it asked for.

:meth:`FakeDiscord.send_interaction` builds the payload from the commands the bot registered (option names
and types are checked); pass ``member_permissions=ALL_PERMISSIONS`` to act as a server administrator.

Every request is recorded (:attr:`FakeDiscord.requests`) with its JSON body; the bot token itself is
never stored, only whether the ``Authorization`` header carried it.

Usage::

    async with FakeDiscord(token="fake") as fake:
        ...  # point the bot at fake.api_base and fake.gateway_url
        await fake.wait_for_commands(timeout=10)
        await fake.wait_until_guild_sent(timeout=10)
        interaction = await fake.send_interaction("stats")
        reply = await fake.wait_for_reply(interaction, timeout=10)
"""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Callable

from aiohttp import WSMsgType, web

log = logging.getLogger("tests.fake_discord")

DISCORD_EPOCH_MS = 1_420_070_400_000
API_PREFIX = "/api/v10"

# Opcodes (https://discord.com/developers/docs/topics/opcodes-and-status-codes)
OP_DISPATCH, OP_HEARTBEAT, OP_IDENTIFY, OP_RESUME, OP_INVALID_SESSION, OP_HELLO, OP_HEARTBEAT_ACK = 0, 1, 2, 6, 9, 10, 11

# Interaction callback types
CALLBACK_MESSAGE, CALLBACK_DEFERRED_MESSAGE, CALLBACK_DEFERRED_UPDATE, CALLBACK_UPDATE = 4, 5, 6, 7

ALL_PERMISSIONS = str((1 << 51) - 1)
EVERYONE_PERMISSIONS = str(
    (1 << 10) | (1 << 11) | (1 << 14) | (1 << 15) | (1 << 16) | (1 << 6) | (1 << 31)
)  # view, send, embed links, attach files, read history, add reactions, use application commands
MEMBER_PERMISSIONS = EVERYONE_PERMISSIONS

# Application command option types we can type-check when building an interaction.
_OPTION_TYPES = {3: str, 4: int, 5: bool, 10: (int, float)}


def _now_iso() -> str:
    return datetime.now(timezone.utc).isoformat()


@dataclass
class RecordedRequest:
    method: str
    path: str  # without the /api/v10 prefix
    query: dict[str, str]
    body: Any  # parsed JSON (or payload_json of a multipart body), else the text, else None
    authorized: bool  # the Authorization header was "Bot <the expected token>"
    status: int = 0  # what we answered
    received_at: float = field(default_factory=time.monotonic)

    @property
    def parts(self) -> list[str]:
        return [p for p in self.path.split("/") if p]


@dataclass
class SentInteraction:
    id: int
    token: str
    name: str
    payload: dict[str, Any]


class FakeDiscord:
    """A loopback Discord: REST + gateway on one aiohttp server bound to 127.0.0.1."""

    def __init__(
        self,
        *,
        token: str,
        guild_id: int | None = None,
        channel_id: int | None = None,
        application_id: int | None = None,
        heartbeat_interval_ms: int = 41_250,
        host: str = "127.0.0.1",
    ) -> None:
        self._ids = itertools.count(1)
        self._token = token
        self.host = host
        self.port: int | None = None
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self.application_id = application_id or self.snowflake()
        self.bot_user_id = self.application_id  # as on Discord: the bot user shares the application id
        self.guild_id = guild_id or self.snowflake()
        self.channel_id = channel_id or self.snowflake()
        self.owner_id = self.snowflake()
        self.member_id = self.snowflake()  # the human who runs commands
        self.bot_role_id = self.snowflake()

        self.requests: list[RecordedRequest] = []
        self.unhandled: list[RecordedRequest] = []
        self.commands: dict[int | None, list[dict[str, Any]]] = {}  # guild id (None: global) -> registered commands
        self.identify_payloads: list[dict[str, Any]] = []  # IDENTIFY "d" with the token replaced by "<redacted>"
        self.heartbeats = 0
        self.gateway_received: list[dict[str, Any]] = []  # every op the client sent (IDENTIFY redacted)
        self.gateway_closed_codes: list[int | None] = []
        self.messages: dict[str, dict[str, Any]] = {}  # interaction token -> the @original message
        self.followups: dict[str, list[dict[str, Any]]] = {}  # interaction token -> followup messages

        self._runner: web.AppRunner | None = None
        self._sockets: set[web.WebSocketResponse] = set()
        self._ws: web.WebSocketResponse | None = None  # the identified gateway connection
        self._seq = 0
        self._send_lock = asyncio.Lock()
        self._changed = asyncio.Condition()
        self._guild_sent = asyncio.Event()

    # --- lifecycle ------------------------------------------------------------------------------

    async def start(self) -> "FakeDiscord":
        app = web.Application()
        app.router.add_get("/gateway", self._gateway)
        app.router.add_get("/gateway/", self._gateway)
        app.router.add_route("*", API_PREFIX + "/{tail:.*}", self._rest)
        app.router.add_route("*", "/{tail:.*}", self._not_found)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, 0)
        await site.start()
        server = site._server  # aiohttp exposes the bound port only here
        assert server is not None and server.sockets
        self.port = server.sockets[0].getsockname()[1]
        log.debug("fake discord listening on %s", self.base_url)
        return self

    async def stop(self) -> None:
        for ws in list(self._sockets):
            try:
                await asyncio.wait_for(ws.close(code=1001, message=b"server stopping"), 2.0)
            except (asyncio.TimeoutError, ConnectionError, RuntimeError):
                pass
        if self._runner is not None:
            await asyncio.wait_for(self._runner.cleanup(), 5.0)
            self._runner = None

    async def __aenter__(self) -> "FakeDiscord":
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def api_base(self) -> str:
        return self.base_url + API_PREFIX

    @property
    def gateway_url(self) -> str:
        return f"ws://{self.host}:{self.port}/gateway"

    def snowflake(self) -> int:
        return ((int(time.time() * 1000) - DISCORD_EPOCH_MS) << 22) | (next(self._ids) & 0x3FFFFF)

    # --- data -----------------------------------------------------------------------------------

    def bot_user(self) -> dict[str, Any]:
        return {"id": str(self.bot_user_id), "username": "QuoteDeskTest", "discriminator": "0000", "global_name": None,
                "avatar": None, "bot": True, "system": False, "mfa_enabled": False, "verified": True, "flags": 0,
                "public_flags": 0, "locale": "en-US", "email": None}

    def member_user(self) -> dict[str, Any]:
        return {"id": str(self.member_id), "username": "reader", "discriminator": "0", "global_name": "Reader",
                "avatar": None, "public_flags": 0}

    def application(self) -> dict[str, Any]:
        return {"id": str(self.application_id), "name": "QuoteDeskTest", "description": "", "icon": None,
                "bot_public": False, "bot_require_code_grant": False, "verify_key": "00" * 32, "flags": 0,
                "owner": {"id": str(self.owner_id), "username": "owner", "discriminator": "0", "avatar": None},
                "team": None, "summary": "", "interactions_endpoint_url": None, "bot": self.bot_user()}

    def channel(self) -> dict[str, Any]:
        return {"id": str(self.channel_id), "type": 0, "guild_id": str(self.guild_id), "name": "general",
                "position": 0, "permission_overwrites": [], "nsfw": False, "parent_id": None, "topic": None,
                "last_message_id": None, "rate_limit_per_user": 0, "flags": 0}

    def roles(self) -> list[dict[str, Any]]:
        base = {"color": 0, "hoist": False, "managed": False, "mentionable": False, "icon": None,
                "unicode_emoji": None, "flags": 0}
        return [
            {**base, "id": str(self.guild_id), "name": "@everyone", "permissions": EVERYONE_PERMISSIONS, "position": 0},
            {**base, "id": str(self.bot_role_id), "name": "QuoteDeskTest", "permissions": EVERYONE_PERMISSIONS,
             "position": 1, "managed": True, "tags": {"bot_id": str(self.bot_user_id)}},
        ]

    def guild(self) -> dict[str, Any]:
        bot_member = {"user": self.bot_user(), "roles": [str(self.bot_role_id)], "joined_at": _now_iso(),
                      "deaf": False, "mute": False, "flags": 0, "nick": None, "avatar": None, "pending": False}
        return {
            "id": str(self.guild_id), "name": "Loopback Guild", "icon": None, "splash": None, "discovery_splash": None,
            "owner_id": str(self.owner_id), "afk_channel_id": None, "afk_timeout": 300, "verification_level": 0,
            "default_message_notifications": 0, "explicit_content_filter": 0, "roles": self.roles(), "emojis": [],
            "stickers": [], "features": [], "mfa_level": 0, "application_id": None, "system_channel_id": None,
            "system_channel_flags": 0, "rules_channel_id": None, "vanity_url_code": None, "description": None,
            "banner": None, "premium_tier": 0, "premium_subscription_count": 0, "preferred_locale": "en-US",
            "public_updates_channel_id": None, "nsfw_level": 0, "premium_progress_bar_enabled": False,
            "joined_at": _now_iso(), "large": False, "unavailable": False, "member_count": 3, "voice_states": [],
            "members": [bot_member], "channels": [self.channel()], "threads": [], "presences": [],
            "stage_instances": [], "guild_scheduled_events": [], "soundboard_sounds": [],
        }

    def message(self, body: dict[str, Any] | None, *, interaction_token: str | None = None) -> dict[str, Any]:
        """A message object as Discord would echo it for what the bot sent."""
        body = body or {}
        return {
            "id": str(self.snowflake()), "channel_id": str(self.channel_id), "guild_id": str(self.guild_id),
            "author": self.bot_user(), "content": body.get("content") or "", "timestamp": _now_iso(),
            "edited_timestamp": None, "tts": False, "mention_everyone": False, "mentions": [], "mention_roles": [],
            "attachments": [], "embeds": body.get("embeds") or [], "components": body.get("components") or [],
            "pinned": False, "type": 20, "flags": int(body.get("flags") or 0),
            "webhook_id": str(self.application_id), "application_id": str(self.application_id),
        }

    # --- REST -----------------------------------------------------------------------------------

    async def _record(self, request: web.Request, path: str) -> RecordedRequest:
        body: Any = None
        if request.body_exists:
            if request.content_type.startswith("multipart/"):
                form = await request.post()
                raw = form.get("payload_json")
                body = json.loads(raw) if isinstance(raw, str) else None
            else:
                text = await request.text()
                try:
                    body = json.loads(text) if text else None
                except ValueError:
                    body = text
        recorded = RecordedRequest(
            method=request.method, path=path, query=dict(request.query), body=body,
            authorized=request.headers.get("Authorization") == f"Bot {self._token}",
        )
        self.requests.append(recorded)
        return recorded

    async def _not_found(self, request: web.Request) -> web.Response:
        recorded = await self._record(request, request.path)
        return await self._answer(recorded, {"message": "404: Not Found", "code": 0}, 404, unhandled=True)

    async def _answer(self, recorded: RecordedRequest, data: Any, status: int = 200, *, unhandled: bool = False) -> web.Response:
        recorded.status = status
        if unhandled:
            self.unhandled.append(recorded)
            log.warning("fake discord: unhandled %s %s", recorded.method, recorded.path)
        async with self._changed:
            self._changed.notify_all()
        if status == 204:
            return web.Response(status=204)
        # Exactly "application/json": discord.py parses a body as JSON only for that content type, and
        # aiohttp's json_response() would add "; charset=utf-8".
        return web.Response(body=json.dumps(data).encode(), status=status, headers={"Content-Type": "application/json"})

    async def _rest(self, request: web.Request) -> web.Response:
        path = "/" + request.match_info["tail"]
        recorded = await self._record(request, path)
        method, parts = request.method, recorded.parts
        app = str(self.application_id)

        # Interaction callbacks and webhooks authenticate with the interaction token, not the bot token.
        if method == "POST" and len(parts) == 4 and parts[0] == "interactions" and parts[3] == "callback":
            return await self._answer(recorded, self._callback(parts[1], parts[2], recorded.body or {}))
        if len(parts) >= 3 and parts[0] == "webhooks" and parts[1] == app:
            return await self._webhook(recorded, method, parts[2], parts[3:])

        if not recorded.authorized:
            return await self._answer(recorded, {"message": "401: Unauthorized", "code": 0}, 401)
        if method == "GET" and parts == ["users", "@me"]:
            return await self._answer(recorded, self.bot_user())
        if method == "GET" and parts == ["oauth2", "applications", "@me"]:
            return await self._answer(recorded, self.application())
        if method == "GET" and parts in (["gateway", "bot"], ["gateway"]):
            return await self._answer(recorded, {"url": self.gateway_url, "shards": 1, "session_start_limit": {
                "total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}})
        if method == "PUT" and parts[:2] == ["applications", app] and parts[-1] == "commands":
            if len(parts) == 3:
                return await self._answer(recorded, self._register(None, recorded.body or []))
            if len(parts) == 5 and parts[2] == "guilds":
                return await self._answer(recorded, self._register(int(parts[3]), recorded.body or []))
        return await self._answer(recorded, {"message": "404: Not Found", "code": 0}, 404, unhandled=True)

    def _register(self, guild_id: int | None, payload: list[dict[str, Any]]) -> list[dict[str, Any]]:
        registered = []
        for command in payload:
            entry = {"type": 1, "description": "", "options": [], **command, "id": str(self.snowflake()),
                     "application_id": str(self.application_id), "version": str(self.snowflake())}
            if guild_id is not None:
                entry["guild_id"] = str(guild_id)
            registered.append(entry)
        self.commands[guild_id] = registered
        return registered

    def _callback(self, interaction_id: str, token: str, body: dict[str, Any]) -> dict[str, Any]:
        kind = body.get("type")
        data = body.get("data") or {}
        result: dict[str, Any] = {"interaction": {"id": interaction_id, "type": 2}}
        if kind == CALLBACK_MESSAGE:
            message = self.message(data)
            self.messages[token] = message
            result["interaction"].update(response_message_id=message["id"], response_message_loading=False,
                                         response_message_ephemeral=bool(int(data.get("flags") or 0) & 64))
            result["resource"] = {"type": kind, "message": message}
        elif kind == CALLBACK_DEFERRED_MESSAGE:
            message = self.message({"flags": int(data.get("flags") or 0) | 128})  # 128: "loading"
            self.messages[token] = message
            result["interaction"].update(response_message_id=message["id"], response_message_loading=True,
                                         response_message_ephemeral=bool(int(data.get("flags") or 0) & 64))
            result["resource"] = {"type": kind, "message": message}
        elif kind in (CALLBACK_DEFERRED_UPDATE, CALLBACK_UPDATE):
            result["resource"] = {"type": kind}
        return result

    async def _webhook(self, recorded: RecordedRequest, method: str, token: str, rest: list[str]) -> web.Response:
        body = recorded.body if isinstance(recorded.body, dict) else {}
        if not rest and method == "POST":  # followup
            message = self.message(body)
            self.followups.setdefault(token, []).append(message)
            if recorded.query.get("wait", "").lower() in ("true", "1"):
                return await self._answer(recorded, message)
            return await self._answer(recorded, None, 204)
        if len(rest) == 2 and rest[0] == "messages":
            message_id = rest[1]
            if message_id == "@original":
                message = self.messages.get(token)
            else:
                message = next((m for m in self.followups.get(token, []) if m["id"] == message_id), None)
            if message is None:
                return await self._answer(recorded, {"message": "Unknown Message", "code": 10008}, 404)
            if method == "GET":
                return await self._answer(recorded, message)
            if method == "PATCH":
                for key in ("content", "embeds", "components"):
                    if key in body:
                        message[key] = body[key] if body[key] is not None else ([] if key != "content" else "")
                message["flags"] = int(message.get("flags") or 0) & ~128
                message["edited_timestamp"] = _now_iso()
                return await self._answer(recorded, message)
            if method == "DELETE":
                return await self._answer(recorded, None, 204)
        return await self._answer(recorded, {"message": "404: Not Found", "code": 0}, 404, unhandled=True)

    # --- gateway --------------------------------------------------------------------------------

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(heartbeat=None, max_msg_size=0)
        await ws.prepare(request)
        self._sockets.add(ws)
        log.debug("gateway connection, query %s", dict(request.query))
        try:
            await self._send(ws, {"op": OP_HELLO, "d": {"heartbeat_interval": self.heartbeat_interval_ms}})
            async for message in ws:
                if message.type is not WSMsgType.TEXT:
                    continue
                await self._on_gateway_message(ws, json.loads(message.data))
        finally:
            self._sockets.discard(ws)
            self.gateway_closed_codes.append(ws.close_code)
            if self._ws is ws:
                self._ws = None
            async with self._changed:
                self._changed.notify_all()
        return ws

    async def _on_gateway_message(self, ws: web.WebSocketResponse, payload: dict[str, Any]) -> None:
        op, data = payload.get("op"), payload.get("d")
        if op == OP_IDENTIFY:
            data = dict(data or {})
            good = data.get("token") == self._token
            data["token"] = "<redacted>" if good else "<wrong token>"
            self.identify_payloads.append(data)
            self.gateway_received.append({"op": op, "d": data})
            if not good:
                await ws.close(code=4004, message=b"Authentication failed.")
                return
            await self._identified(ws)
            return
        self.gateway_received.append(payload)
        if op == OP_HEARTBEAT:
            self.heartbeats += 1
            await self._send(ws, {"op": OP_HEARTBEAT_ACK})
        elif op == OP_RESUME:  # we keep no sessions: make the client identify afresh
            await self._send(ws, {"op": OP_INVALID_SESSION, "d": False})
        async with self._changed:
            self._changed.notify_all()

    async def _identified(self, ws: web.WebSocketResponse) -> None:
        self._ws = ws
        self._seq = 0
        await self._dispatch(ws, "READY", {
            "v": 10, "user": self.bot_user(), "guilds": [{"id": str(self.guild_id), "unavailable": True}],
            "session_id": f"session-{self.snowflake()}", "resume_gateway_url": self.gateway_url,
            "application": {"id": str(self.application_id), "flags": 0}, "private_channels": [],
            "relationships": [], "user_settings": {}, "shard": [0, 1],
        })
        await self._dispatch(ws, "GUILD_CREATE", self.guild())
        self._guild_sent.set()
        async with self._changed:
            self._changed.notify_all()

    async def _send(self, ws: web.WebSocketResponse, payload: dict[str, Any]) -> None:
        async with self._send_lock:
            await ws.send_str(json.dumps(payload))

    async def _dispatch(self, ws: web.WebSocketResponse, event: str, data: dict[str, Any]) -> None:
        self._seq += 1
        await self._send(ws, {"op": OP_DISPATCH, "t": event, "s": self._seq, "d": data})

    async def send_event(self, event: str, data: dict[str, Any]) -> None:
        """Dispatch one gateway event (op 0) to the identified client."""
        if self._ws is None or self._ws.closed:
            raise RuntimeError("no identified gateway connection")
        await self._dispatch(self._ws, event, data)

    # --- interactions ---------------------------------------------------------------------------

    def registered_command(self, name: str, guild_id: int | None = None) -> dict[str, Any]:
        for scope in ([guild_id] if guild_id is not None else [self.guild_id, None]):
            for command in self.commands.get(scope, []):
                if command["name"] == name and command.get("type", 1) == 1:
                    return command
        raise KeyError(f"/{name} was not registered (registered: {self.command_names()})")

    def command_names(self, guild_id: int | None = None) -> list[str]:
        scope = self.guild_id if guild_id is None else guild_id
        return sorted(c["name"] for c in self.commands.get(scope, []) + self.commands.get(None, []))

    def interaction_payload(self, name: str, options: dict[str, Any] | None = None, *,
                            member_permissions: str = MEMBER_PERMISSIONS, roles: list[int] | None = None) -> dict[str, Any]:
        """An INTERACTION_CREATE for the slash command ``/name`` as registered, in the guild's text channel."""
        command = self.registered_command(name)
        declared = {o["name"]: o for o in command.get("options", [])}
        option_values = []
        for key, value in (options or {}).items():
            if key not in declared:
                raise KeyError(f"/{name} has no option {key!r} (declared: {sorted(declared)})")
            kind = declared[key]["type"]
            expected = _OPTION_TYPES.get(kind)
            if expected is not None and not isinstance(value, expected):
                raise TypeError(f"/{name} {key}: expected {expected}, got {value!r}")
            option_values.append({"name": key, "type": kind, "value": value})
        missing = [o["name"] for o in declared.values() if o.get("required") and o["name"] not in (options or {})]
        if missing:
            raise KeyError(f"/{name} needs {missing}")
        interaction_id = self.snowflake()
        return {
            "id": str(interaction_id), "application_id": str(self.application_id), "type": 2,
            "data": {"id": command["id"], "name": name, "type": 1, "options": option_values, "guild_id": str(self.guild_id)},
            "guild_id": str(self.guild_id), "channel_id": str(self.channel_id), "channel": self.channel(),
            "member": {"user": self.member_user(), "roles": [str(r) for r in roles or []], "joined_at": _now_iso(),
                       "deaf": False, "mute": False, "flags": 0, "nick": None, "avatar": None, "pending": False,
                       "premium_since": None, "communication_disabled_until": None, "permissions": member_permissions},
            "token": f"itoken-{interaction_id}", "version": 1, "app_permissions": EVERYONE_PERMISSIONS,
            "locale": "en-US", "guild_locale": "en-US", "entitlements": [], "attachment_size_limit": 8 * 1024 * 1024,
            "authorizing_integration_owners": {"0": str(self.guild_id)}, "context": 0,
        }

    async def send_interaction(self, name: str, options: dict[str, Any] | None = None, **kwargs: Any) -> SentInteraction:
        payload = self.interaction_payload(name, options, **kwargs)
        await self.send_event("INTERACTION_CREATE", payload)
        return SentInteraction(id=int(payload["id"]), token=payload["token"], name=name, payload=payload)

    # --- waiting --------------------------------------------------------------------------------

    async def wait_until(self, predicate: Callable[[], Any], *, timeout: float) -> Any:
        """Wait (bounded) until ``predicate()`` is truthy after some request or gateway message; return it."""
        async def _wait() -> Any:
            async with self._changed:
                while not (result := predicate()):
                    await self._changed.wait()
                return result
        return await asyncio.wait_for(_wait(), timeout)

    async def wait_for_request(self, method: str, path_prefix: str, *, timeout: float) -> RecordedRequest:
        def find() -> RecordedRequest | None:
            return next((r for r in self.requests if r.method == method and r.path.startswith(path_prefix) and r.status), None)
        return await self.wait_until(find, timeout=timeout)

    async def wait_for_commands(self, guild_id: int | None = None, *, timeout: float) -> list[dict[str, Any]]:
        scope = self.guild_id if guild_id is None else guild_id
        return await self.wait_until(lambda: self.commands.get(scope), timeout=timeout)

    async def wait_until_guild_sent(self, *, timeout: float) -> None:
        await asyncio.wait_for(self._guild_sent.wait(), timeout)

    async def wait_for_callback(self, interaction: SentInteraction, *, timeout: float) -> RecordedRequest:
        return await self.wait_for_request("POST", f"/interactions/{interaction.id}/{interaction.token}/callback", timeout=timeout)

    def replies(self, interaction: SentInteraction) -> list[RecordedRequest]:
        """Callback, followups and edits of @original, in order."""
        callback = f"/interactions/{interaction.id}/{interaction.token}/callback"
        hook = f"/webhooks/{self.application_id}/{interaction.token}"
        return [r for r in self.requests if r.status and (r.path == callback or
                (r.path.startswith(hook) and r.method in ("POST", "PATCH")))]

    async def wait_for_reply(self, interaction: SentInteraction, *, timeout: float) -> RecordedRequest:
        """The request that carries the visible answer: a type-4 callback, or the followup/edit after a type-5 defer."""
        def find() -> RecordedRequest | None:
            for r in self.replies(interaction):
                body = r.body if isinstance(r.body, dict) else {}
                if r.path.endswith("/callback"):
                    if body.get("type") == CALLBACK_MESSAGE:
                        return r
                else:
                    return r
            return None
        return await self.wait_until(find, timeout=timeout)

    async def wait_for_gateway_close(self, *, timeout: float) -> int | None:
        await self.wait_until(lambda: self.gateway_closed_codes and self._ws is None and not self._sockets, timeout=timeout)
        return self.gateway_closed_codes[-1]
