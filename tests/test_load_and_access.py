"""Load and access in the simulated Discord: many users at once, and no one let in by any path."""

from __future__ import annotations

import random
import time

import discord
import pytest
from simcord import SetupError

from bot.discord_bot import QuoteDeskBot
from bot.storage import Scope
from tests.conftest import make_settings

USERS = 50
COMMANDS = int(__import__("os").environ.get("QD_LOAD_COMMANDS", "500"))


@pytest.fixture
def simcord_bot(tmp_path):
    return QuoteDeskBot(make_settings(tmp_path))


@pytest.mark.simcord(settle_timeout=30.0)
async def test_500_commands_from_50_users_are_all_answered(simcord_env):
    env = simcord_env
    guild = env.create_guild("Busy")
    channel = guild.create_text_channel("desk")
    users = [guild.add_member(env.create_user(f"user{i}")) for i in range(USERS)]
    rng = random.Random(7)
    asks = [
        ("whosaid", {"phrase": "we are not neutral"}), ("whosaid", {"phrase": "aware of who is talking to who"}),
        ("quotes", {"speaker": "Hegseth"}), ("quotes", {"speaker": "the Kremlin"}),
        ("sources", {"claim": "Russia gives Iran intelligence"}), ("ask", {"question": "who said we support Iran"}),
        ("stats", {}), ("speakers", {}), ("article", {"id": 3}),
    ]
    answered = cooled = 0
    started = time.perf_counter()
    for n in range(COMMANDS):
        user = users[n % USERS]
        name, options = rng.choice(asks)
        result = await user.slash(channel, name, **options)
        assert result.acknowledged, (name, options)  # answered within the simulated 3-second deadline
        content = result.response.content if result.response else ""
        if "again in" in content:
            cooled += 1
        else:
            answered += 1
        if n % 50 == 49:
            await env.advance_time(2)  # users come in waves, two simulated seconds apart
    elapsed = time.perf_counter() - started
    env.errors  # cooldown refusals were handled by the tree's error handler
    assert answered + cooled == COMMANDS
    if COMMANDS > 4 * USERS:  # more than the cooldown allows each user
        assert cooled > 0  # per-user cooldowns held under load
    print(f"\nload: {COMMANDS} commands from {USERS} users: {answered} answered, {cooled} cooled down, "
          f"{elapsed:.1f} s wall, {elapsed / COMMANDS * 1000:.1f} ms per command")


async def test_only_the_asking_moderator_can_confirm_a_removal(simcord_env):
    env = simcord_env
    guild = env.create_guild("Newsroom")
    channel = guild.create_text_channel("desk")
    admin_role = guild.create_role("Admins", permissions=discord.Permissions(manage_guild=True))
    first = guild.add_member(env.create_user("first-admin"), roles=[admin_role])
    second = guild.add_member(env.create_user("second-admin"), roles=[admin_role])
    reader = guild.add_member(env.create_user("reader"))
    added = await first.slash(channel, "ingest", text="Bridge Closes\n\n“The bridge is unsafe,” said Tom Reed, the city engineer, on Friday.\n")
    article_id = int(next(f.value for f in added.response.embeds[0].fields if f.name == "Article").lstrip("#"))
    confirm = await first.slash(channel, "remove", article_id=article_id)
    for intruder in (second, reader):
        with pytest.raises(SetupError):  # an ephemeral prompt: others cannot even see its buttons
            await intruder.click(confirm.response, label="Remove")
    assert await env.bot.desk.article(article_id, Scope.all()) is not None  # still there
    for name, options in (("ingest", {"text": "x" * 100}), ("remove", {"article_id": article_id}), ("corpus", {}),
                          ("config moderator-role", {"role": admin_role}), ("digest on", {}),
                          ("edit", {"article_id": article_id, "title": "x"}), ("reassign", {"quote_id": 1, "speaker": "x"}),
                          ("remove-quote", {"quote_id": 1}), ("merge", {"keep": "#1", "other": "#2"}),
                          ("split", {"speaker": "#1", "alias": "x"}), ("speaker-title", {"speaker": "#1", "title": "x"}),
                          ("history", {})):
        refused = await reader.slash(channel, name, **options)
        assert refused.ephemeral and ("Only moderators" in refused.response.content or "not allowed" in refused.response.content.lower()), name
    env.errors
