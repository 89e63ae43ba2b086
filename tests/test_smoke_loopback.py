"""Smoke test over real sockets: ``python -m bot run`` against a loopback Discord (tests/fake_discord.py).

Everything listens on 127.0.0.1; every wait is bounded and the bot subprocess is always killed.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.fake_discord import CALLBACK_DEFERRED_MESSAGE, CALLBACK_MESSAGE, FakeDiscord, RecordedRequest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
STEP = 10.0  # seconds: the most any single step may take
EXPECTED_COMMANDS = {"whosaid", "quotes", "sources", "ask", "article", "speakers", "stats"}


def fake_token() -> str:
    # Shaped like a bot token, unique per run so a leak into the log cannot be a coincidence.
    return f"MTAxLoopbackFake.{secrets.token_urlsafe(6)}.{secrets.token_urlsafe(27)}"


def bot_env(tmp_path: Path, **values: str) -> dict[str, str]:
    """A minimal environment: nothing from the developer's shell (no real token, no proxies)."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "PYTHONPATH": str(ROOT),
        "PYTHONUNBUFFERED": "1",
        "NO_PROXY": "127.0.0.1,localhost",
        "no_proxy": "127.0.0.1,localhost",
        "DATABASE_PATH": str(tmp_path / "quotedesk.db"),
        "SEED_DIR": "",
        "LOG_LEVEL": "DEBUG",
    }
    env.update(values)
    return env


class BotProcess:
    """``python -m bot run`` in tmp_path (so no stray .env is read), output to files (a pipe could fill up)."""

    def __init__(self, tmp_path: Path, env: dict[str, str]) -> None:
        self.cwd = tmp_path
        self.env = env
        self.stdout_path = tmp_path / "bot.stdout"
        self.stderr_path = tmp_path / "bot.stderr"
        self.proc: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        with open(self.stdout_path, "wb") as out, open(self.stderr_path, "wb") as err:
            self.proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", "run", cwd=self.cwd, env=self.env,
                stdin=subprocess.DEVNULL, stdout=out, stderr=err,
            )

    def output(self) -> str:
        parts = []
        for path in (self.stdout_path, self.stderr_path):
            if path.exists():
                parts.append(path.read_text(encoding="utf-8", errors="replace"))
        return "\n".join(parts)

    def stderr(self) -> str:
        return self.stderr_path.read_text(encoding="utf-8", errors="replace") if self.stderr_path.exists() else ""

    async def wait_for_log(self, needle: str, *, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while needle not in self.stderr():
            if self.proc is not None and self.proc.returncode is not None:
                raise AssertionError(f"bot exited ({self.proc.returncode}) before logging {needle!r}:\n{self.tail()}")
            if time.monotonic() > deadline:
                raise AssertionError(f"bot did not log {needle!r} within {timeout} s:\n{self.tail()}")
            await asyncio.sleep(0.05)

    async def until(self, awaitable, *, what: str):
        """Await a step of the stand-in, failing at once (with the log) if the bot exits meanwhile."""
        assert self.proc is not None
        step = asyncio.ensure_future(awaitable)
        exited = asyncio.ensure_future(self.proc.wait())
        try:
            await asyncio.wait({step, exited}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            exited.cancel()
            if not step.done():
                step.cancel()
        if not step.done() or step.cancelled():
            raise AssertionError(f"bot exited ({self.proc.returncode}) while waiting for {what}:\n{self.tail()}")
        try:
            return step.result()
        except asyncio.TimeoutError:
            raise AssertionError(f"timed out waiting for {what}:\n{self.tail()}") from None

    async def wait(self, *, timeout: float) -> int:
        assert self.proc is not None
        return await asyncio.wait_for(self.proc.wait(), timeout)

    async def kill(self) -> None:
        if self.proc is not None and self.proc.returncode is None:
            self.proc.kill()
            try:
                await asyncio.wait_for(self.proc.wait(), 5.0)
            except asyncio.TimeoutError:
                pass

    def tail(self, lines: int = 60) -> str:
        return "\n".join(self.stderr().splitlines()[-lines:])


def assert_quiet(reply: dict) -> None:
    """What the bot posts can ping nobody."""
    allowed = reply.get("allowed_mentions")
    assert allowed is not None, f"no allowed_mentions in {reply}"
    assert allowed.get("parse") == [], allowed
    assert not allowed.get("users") and not allowed.get("roles") and not allowed.get("replied_user"), allowed


def assert_has_embed(reply: dict) -> list[dict]:
    embeds = reply.get("embeds") or []
    assert embeds, f"no embed in {reply}"
    assert all(e.get("title") or e.get("description") or e.get("fields") for e in embeds), embeds
    return embeds


def describe(requests: list[RecordedRequest]) -> str:
    return "\n".join(f"{r.method} {r.path} -> {r.status}" for r in requests)


async def test_bot_answers_slash_commands_over_loopback(tmp_path: Path) -> None:
    token = fake_token()
    async with FakeDiscord(token=token) as fake:
        env = bot_env(
            tmp_path,
            DISCORD_TOKEN=token,
            DISCORD_API_BASE=fake.api_base,
            DISCORD_GATEWAY_URL=fake.gateway_url,
            SEED_DIR=str(SEEDS),
            DEV_GUILD_IDS=str(fake.guild_id),
        )
        bot = BotProcess(tmp_path, env)
        try:
            await asyncio.wait_for(_scenario(fake, bot, token), 25.0)
        except BaseException:
            print("---- bot log (tail) ----\n" + bot.tail(120))
            print("---- requests ----\n" + describe(fake.requests))
            raise
        finally:
            await bot.kill()


async def _scenario(fake: FakeDiscord, bot: BotProcess, token: str) -> None:
    await bot.start()

    # Login, application info, then the per-guild command sync from setup_hook.
    commands = await bot.until(fake.wait_for_commands(timeout=STEP), what="the command sync")
    names = {c["name"] for c in commands}
    assert EXPECTED_COMMANDS <= names, names
    login = next(r for r in fake.requests if r.path == "/users/@me")
    assert login.authorized

    # Gateway: IDENTIFY with the fake token, then READY and GUILD_CREATE; the bot reports ready.
    await bot.until(fake.wait_until_guild_sent(timeout=STEP), what="IDENTIFY")
    assert fake.identify_payloads and fake.identify_payloads[0]["token"] == "<redacted>"
    await bot.wait_for_log("ready as", timeout=STEP)
    assert fake.heartbeats >= 1  # discord.py beats right after HELLO

    # /stats: answered directly (callback type 4) with an embed that pings nobody.
    stats = await fake.send_interaction("stats")
    reply = await bot.until(fake.wait_for_reply(stats, timeout=STEP), what="the /stats reply")
    assert reply.path.endswith("/callback") and reply.body["type"] == CALLBACK_MESSAGE, describe(fake.replies(stats))
    data = reply.body["data"]
    embed = assert_has_embed(data)[0]
    fields = {f["name"]: f["value"] for f in embed.get("fields", [])}
    assert fields.get("Articles") == "5", fields  # the five seed articles
    assert_quiet(data)
    assert not data.get("flags", 0) & 64  # public answer

    # /whosaid: answered directly (type 4) when the engine is quick, else deferred (type 5) and answered
    # with a followup through the interaction webhook. Either way: a public embed that pings nobody.
    whosaid = await fake.send_interaction("whosaid", {"phrase": "not concerned"})
    reply = await bot.until(fake.wait_for_reply(whosaid, timeout=STEP), what="the /whosaid reply")
    if reply.path.endswith("/callback"):
        data = reply.body["data"]
    else:
        callback = await bot.until(fake.wait_for_callback(whosaid, timeout=STEP), what="the /whosaid callback")
        assert callback.body["type"] == CALLBACK_DEFERRED_MESSAGE, callback.body
        assert reply.path.startswith(f"/webhooks/{fake.application_id}/{whosaid.token}"), describe(fake.replies(whosaid))
        data = reply.body
    embeds = assert_has_embed(data)
    assert "Hegseth" in str(embeds), embeds  # the seed quote "not concerned" is Pete Hegseth's
    assert_quiet(data)
    assert not data.get("flags", 0) & 64

    # Nothing the stand-in does not know, and no authenticated call without the bot token.
    assert not fake.unhandled, describe(fake.unhandled)
    bot_api = [r for r in fake.requests if r.parts[0] not in ("interactions", "webhooks")]
    assert all(r.authorized for r in bot_api), describe([r for r in bot_api if not r.authorized])

    # SIGTERM: a clean shutdown, exit 0, the gateway closed by the bot, the database closed.
    assert bot.proc is not None and bot.proc.returncode is None, bot.tail()
    bot.proc.send_signal(signal.SIGTERM)
    code = await bot.wait(timeout=STEP)
    assert code == 0, f"exit code {code}:\n{bot.tail()}"
    # The bot closed the gateway itself. Client.close() asks for 1000, but discord.py's own reader task
    # (woken by aiohttp with CLOSING) sends its 4000 close frame first: library behaviour, either is fine.
    assert await fake.wait_for_gateway_close(timeout=2.0) in (1000, 4000)
    log_text = bot.output()
    assert "shutting down" in log_text and "database closed" in log_text, bot.tail()
    assert "Traceback" not in log_text, bot.tail(200)
    assert token not in log_text
    for part in token.split("."):  # not even a piece of it
        assert part not in log_text


async def test_wrong_token_exits_2(tmp_path: Path) -> None:
    async with FakeDiscord(token=fake_token()) as fake:
        wrong = fake_token()
        env = bot_env(tmp_path, DISCORD_TOKEN=wrong, DISCORD_API_BASE=fake.api_base, DISCORD_GATEWAY_URL=fake.gateway_url)
        bot = BotProcess(tmp_path, env)
        try:
            await bot.start()
            code = await bot.wait(timeout=STEP)
        finally:
            await bot.kill()
        assert code == 2, bot.tail()
        assert "DISCORD_TOKEN" in bot.stderr() and "refused" in bot.stderr(), bot.tail()
        assert wrong not in bot.output()
        assert not fake.identify_payloads  # never reached the gateway


@pytest.mark.parametrize("token", [None, "   "], ids=["unset", "blank"])
def test_run_without_token_exits_2(tmp_path: Path, token: str | None) -> None:
    env = bot_env(tmp_path)
    if token is not None:
        env["DISCORD_TOKEN"] = token
    result = subprocess.run(
        [sys.executable, "-m", "bot", "run"], cwd=tmp_path, env=env, stdin=subprocess.DEVNULL,
        capture_output=True, text=True, timeout=STEP,
    )
    assert result.returncode == 2, (result.returncode, result.stderr)
    lines = [line for line in result.stderr.splitlines() if "DISCORD_TOKEN" in line]
    assert lines, result.stderr
    assert "set DISCORD_TOKEN" in lines[0] and ".env" in lines[0], lines
