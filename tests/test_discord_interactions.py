"""Components and long texts in a simulated Discord (SimCord): menus, confirmations, timeouts, limits.

Uses the fixtures of tests/test_discord.py: a fresh bot over a fresh seeded database per test.
"""

from __future__ import annotations

import pytest
from simcord import OptionError

from tests.test_discord import ack, simcord_bot, world  # noqa: F401  (pytest fixtures)


async def test_an_ingest_error_repeating_a_long_url_still_answers(world):
    env, guild, channel, reader, editor, admin, mods = world
    url = "http://[news.example/" + "a_b" * 659  # invalid, 1998 characters: its echo in a reply would exceed 2000
    result = await admin.slash(channel, "ingest", url=url)
    await env.settle()
    content = result.response.content  # the "thinking…" placeholder was replaced, not left hanging
    assert content.startswith("Nothing was added: not a valid URL") and len(content) <= 2000
    assert "a\\_b" in content  # shown literally, not as Markdown
    ack(env)
    with pytest.raises(OptionError):  # Discord itself refuses a URL over 2000 characters
        await admin.slash(channel, "ingest", url=url + "abc")
