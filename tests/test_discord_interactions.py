"""Components and long texts in a simulated Discord (SimCord): menus, confirmations, timeouts, limits.

Uses the fixtures of tests/test_discord.py: a fresh bot over a fresh seeded database per test.
"""

from __future__ import annotations

import pytest
from simcord import OptionError, SetupError

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


async def _added_article(admin, channel) -> int:
    added = await admin.slash(channel, "ingest", text="Bridge Closes\n\n“The bridge is unsafe,” said Tom Reed, the city engineer, on Friday.\n")
    return int(next(f.value for f in added.response.embeds[0].fields if f.name == "Article").lstrip("#"))


async def test_confirm_buttons_are_disabled_when_they_time_out(world):
    env, guild, channel, reader, editor, admin, mods = world
    confirm = await admin.slash(channel, "remove", article_id=await _added_article(admin, channel))
    await env.advance_time(61)  # nobody pressed in time
    buttons = confirm.response.components[0]["components"]
    assert [b["disabled"] for b in buttons] == [True, True]
    with pytest.raises(SetupError):  # so a late click cannot end in "This interaction failed"
        await admin.click(confirm.response, label="Remove")


async def test_a_slow_confirmed_action_answers_the_click_first(world):
    env, guild, channel, reader, editor, admin, mods = world
    import asyncio

    article_id = await _added_article(admin, channel)
    remove_article = env.bot.desk.remove_article

    async def slow_remove(*args, **kwargs):
        await asyncio.sleep(4)  # longer than Discord's 3 seconds, like purging thousands of articles
        return await remove_article(*args, **kwargs)

    env.bot.desk.remove_article = slow_remove
    confirm = await admin.slash(channel, "remove", article_id=article_id)
    click = await admin.click(confirm.response, label="Remove")
    answer = [e.json for e in env.http_requests if e.path.endswith("/callback")][-1]
    assert answer["type"] == 7 and answer["data"]["content"] == "Working…"  # the click was answered in time
    assert click.acknowledged and confirm.response.content == f"Removed article #{article_id}."
    assert not confirm.response.components


async def _two_smiths(admin, channel) -> None:
    await admin.slash(channel, "ingest", text="Budget Row Deepens\n\n“We will not cut pensions,” said John Smith, the finance minister, on Monday. "
                                              "“Taxes will stay as they are,” Smith said. “The deficit is under control,” he added.\n")
    await admin.slash(channel, "ingest", text="Hospital Warns of Delays\n\n“The wards are full,” said Jane Smith, a doctor at the city hospital.\n")


def _option(menu, name: str) -> str:
    options = menu.components[0]["components"][0]["options"]
    return next(o["value"] for o in options if o["label"].startswith(name))


async def test_ask_about_a_shared_surname_offers_the_same_choice_as_quotes(world):
    env, guild, channel, reader, editor, admin, mods = world
    await _two_smiths(admin, channel)
    asked = await reader.slash(channel, "ask", question="What did Smith say?")
    assert asked.response.content.startswith("Understood: what Smith said")
    assert "Several speakers fit “Smith”" in asked.response.content
    await reader.select(asked.response, [_option(asked.response, "Jane Smith")], custom_id="quotes:speaker")
    assert "The wards are full" in asked.response.embeds[0].description


async def test_choosing_a_speaker_without_quotes_on_the_topic_says_so_and_keeps_the_menu(world):
    env, guild, channel, reader, editor, admin, mods = world
    await _two_smiths(admin, channel)
    menu = await reader.slash(channel, "quotes", speaker="Smith", about="pensions")
    jane = await reader.select(menu.response, [_option(menu.response, "Jane Smith")], custom_id="quotes:speaker")
    assert jane.acknowledged  # not "This interaction failed"
    said = jane.followups[-1]
    assert said.flags.ephemeral and "has no quotes about pensions" in said.content
    ack(env)
    await reader.select(menu.response, [_option(menu.response, "John Smith")], custom_id="quotes:speaker")
    assert "We will not cut pensions" in menu.response.embeds[0].description


async def test_after_the_choice_all_quotes_can_be_paged(world):
    env, guild, channel, reader, editor, admin, mods = world
    await _two_smiths(admin, channel)
    menu = await reader.slash(channel, "quotes", speaker="Smith")
    await reader.select(menu.response, [_option(menu.response, "John Smith")], custom_id="quotes:speaker")
    assert menu.response.embeds[0].footer.text.startswith("Page 1/3")
    await reader.click(menu.response, label="Next")
    assert menu.response.embeds[0].footer.text.startswith("Page 2/3")


async def test_the_speaker_menu_is_disabled_when_it_times_out(world):
    env, guild, channel, reader, editor, admin, mods = world
    await _two_smiths(admin, channel)
    menu = await reader.slash(channel, "quotes", speaker="Smith")
    await env.advance_time(121)
    assert menu.response.components[0]["components"][0]["disabled"]
    with pytest.raises(SetupError):
        await reader.select(menu.response, [_option(menu.response, "John Smith")], custom_id="quotes:speaker")


async def test_a_wrong_or_oversized_file_is_refused_privately_before_any_public_reply(world):
    env, guild, channel, reader, editor, admin, mods = world
    wrong = await admin.slash(channel, "ingest", file=("report.pdf", b"%PDF-1.4"))
    assert wrong.ephemeral and not wrong.deferred and "not an article file" in wrong.response.content
    limit = env.bot.desk.settings.max_article_bytes
    big = await admin.slash(channel, "ingest", file=("long.txt", b"a" * (limit + 1)))
    assert big.ephemeral and not big.deferred and "-byte limit" in big.response.content
    ack(env)


async def test_ask_with_nothing_to_look_for_says_so(world):
    env, guild, channel, reader, editor, admin, mods = world
    asked = await reader.slash(channel, "ask", question='"""')
    assert asked.response.content == "Give some words to look for."
    assert asked.response.flags.ephemeral
    ack(env)
