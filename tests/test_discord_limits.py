"""The Discord layer at its edges: long values, long answers, filters, roles that change mid-way.

Each test is a case a user met in review; every answer fits Discord's limits and says what it left out.
"""

from __future__ import annotations

import discord

from tests.test_discord import ack, simcord_bot, world  # noqa: F401

BRIDGE = "Bridge Closes\n\n“The bridge is unsafe,” said Tom Reed, the city engineer, on Friday."


def added_id(reply) -> int:
    return int(next(f.value for f in reply.response.embeds[0].fields if f.name == "Article").lstrip("#"))


def shown(reply) -> str:
    """A message as Discord renders it: Markdown escapes gone."""
    return reply.response.content.replace("\\", "")


def page_count(reply) -> int:
    footer = reply.response.embeds[0].footer.text or ""
    return int(footer.split("/", 1)[1].split(" ", 1)[0]) if footer.startswith("Page ") else 1


async def pages_of(user, reply) -> list[discord.Embed]:
    """Every page of a paged answer, pressed through as its asker would."""
    pages = [reply.response.embeds[0]]
    for _ in range(page_count(reply) - 1):
        await user.click(reply.response, label="Next")
        pages.append(reply.response.embeds[0])
    return pages


async def test_a_long_outlet_or_link_never_turns_a_done_edit_into_an_error(world):
    from bot.ingest import IngestOptions

    env, guild, channel, reader, editor, admin, mods = world
    # loaded from the command line, where a link may be 2,000 characters long
    long_link = "https://news.example/" + "a" * 1950
    loaded = await env.bot.desk.ingest_text(BRIDGE, "bridge.txt", IngestOptions(
        title="A headline " * 20, outlet="Harbour Daily " * 14, url=long_link, guild_id=guild.id))
    edited = await admin.slash(channel, "edit", article_id=loaded.article_id, date="2026-03-01")
    assert edited.response.content.startswith(f"Corrected #{loaded.article_id}") and len(edited.response.content) <= 2000
    asked = await admin.slash(channel, "remove", article_id=loaded.article_id)
    assert asked.response.content.startswith(f"Remove #{loaded.article_id}") and len(asked.response.content) <= 2000


async def test_a_dash_clears_what_discord_cannot_send_empty(world):
    env, guild, channel, reader, editor, admin, mods = world
    article = added_id(await admin.slash(channel, "ingest", text=BRIDGE, outlet="Harbour Daily", date="2026-03-01"))
    edited = await admin.slash(channel, "edit", article_id=article, outlet="-", date="-")
    assert "unknown outlet · undated" in edited.response.content


async def test_every_quote_of_a_long_article_is_on_some_page(world):
    env, guild, channel, reader, editor, admin, mods = world
    speech = "We will keep building the new harbour wall and the ferry terminal for every resident " * 4
    paragraphs = [f"“{speech}number {i},” said Speaker{chr(65 + i)} Person{i}, the official." for i in range(40)]
    article = added_id(await admin.slash(channel, "ingest", file=("many.txt", ("Many Quotes\n\n" + "\n\n".join(paragraphs)).encode())))
    reply = await reader.slash(channel, "article", id=article)
    pages = await pages_of(reader, reply)
    assert pages[0].footer.text.endswith("40 quotes · source: many.txt")
    assert sum(len(page.fields) for page in pages) == 40
    assert all(len(page) <= 6000 for page in pages)


async def test_sources_pages_by_size_and_lose_no_article(world):
    env, guild, channel, reader, editor, admin, mods = world
    filler = ("The council met for many hours on a rainy Tuesday evening in the old town hall, where residents "
              "packed the benches and argued about parking fees, bus lanes and the harbour wall ") * 4
    for i in range(5):
        await admin.slash(channel, "ingest", outlet=f"Outlet{i}", title=f"Story {i}: " + "a very long headline " * 12,
                          text=f"Story {i}\n\n{filler}and officials said the harbour bridge will close in March, case {i}.")
    await env.advance_time(30)
    reply = await reader.slash(channel, "sources", claim="the harbour bridge will close in March")
    pages = await pages_of(reader, reply)
    assert pages[0].description.startswith("Reported by 5 articles")
    assert sum(len(page.fields) for page in pages) == 5 and all(len(page) <= 6000 for page in pages)


async def test_speakers_with_long_titles_are_all_listed(world):
    env, guild, channel, reader, editor, admin, mods = world
    for i in range(20):
        name = f"Person{chr(65 + i)} Surname{chr(65 + i)}x"
        await admin.slash(channel, "ingest", text=f"Story {i}\n\n“Plan number {i} is good,” said {name}, the official.")
        await admin.slash(channel, "speaker-title", speaker=name, title=("Deputy assistant undersecretary for harbours " * 5)[:199])
    reply = await reader.slash(channel, "speakers", prefix="Person")
    pages = await pages_of(reader, reply)
    listed = "\n".join(page.description for page in pages)
    assert listed.count("Surname") == 20 and "…" not in listed


async def test_no_answer_names_the_dates_and_outlet_it_was_limited_to(world):
    env, guild, channel, reader, *_ = world
    reply = await reader.slash(channel, "quotes", speaker="Pete Hegseth", since="2027-01-01")
    assert shown(reply).endswith("has no quotes since 2027-01-01.")
    reply = await reader.slash(channel, "whosaid", phrase="we are not neutral", outlet="Harbour Dailly")
    assert shown(reply).startswith("No quote from Harbour Dailly matches")
    ack(env)


async def test_a_moderator_who_lost_the_role_is_told_so_and_may_still_cancel(world):
    env, guild, channel, reader, editor, admin, mods = world
    await admin.slash(channel, "config moderator-role", role=mods)
    article = added_id(await editor.slash(channel, "ingest", text=BRIDGE))
    first = await editor.slash(channel, "remove", article_id=article)
    second = await editor.slash(channel, "remove", article_id=article)
    await admin.slash(channel, "config moderator-role", role=guild.create_role("Others"))

    await editor.click(first.response, label="Remove")
    assert first.response.content.startswith("Not changed: you are no longer allowed")
    again = await admin.slash(channel, "article", id=article)
    assert again.response.embeds  # still there

    confirm = second
    await editor.click(confirm.response, label="Cancel")
    assert confirm.response.content == "Kept the article."


async def test_each_question_command_has_its_own_cooldown(world):
    env, guild, channel, reader, *_ = world
    for name, options in [("whosaid", {"phrase": "not neutral"}), ("quotes", {"speaker": "Hegseth"}),
                          ("sources", {"claim": "Russia helps Iran"}), ("ask", {"question": "who said we are not neutral"})]:
        assert not (await reader.slash(channel, name, **options)).ephemeral
    reply = await reader.slash(channel, "whosaid", phrase="not concerned")
    assert "Slow down" not in (reply.response.content or "")
    ack(env)


async def test_what_the_engine_refuses_is_quoted_back_without_pings_or_markdown(world):
    env, guild, channel, reader, *_ = world
    reply = await reader.slash(channel, "ask", question="<@&123>")
    assert "<@&123>" not in reply.response.content and "@\u200b" in reply.response.content
    ack(env)


async def test_merging_a_speaker_into_itself_is_refused_before_any_confirmation(world):
    env, guild, channel, reader, editor, admin, mods = world
    await admin.slash(channel, "ingest", text=BRIDGE)
    speaker = (await admin.autocomplete(channel, "merge", "keep", "Tom Reed"))[0]["value"]
    reply = await admin.slash(channel, "merge", keep=speaker, other=speaker)
    content = reply.response.content
    assert not reply.response.components and "the same speaker, Tom Reed" in content
    assert content.endswith("nothing to merge.")
    ack(env)


async def test_merging_a_speaker_of_the_shared_corpus_is_refused_before_any_confirmation(world):
    # only the operator may change a speaker quoted in articles every server reads: said at once,
    # not after the moderator pressed "Merge"
    env, guild, channel, reader, editor, admin, mods = world
    await admin.slash(channel, "ingest", text=BRIDGE)
    reed = (await admin.autocomplete(channel, "merge", "keep", "Tom Reed"))[0]["value"]
    hegseth = (await admin.autocomplete(channel, "merge", "other", "Pete Hegseth"))[0]["value"]
    reply = await admin.slash(channel, "merge", keep=reed, other=hegseth)
    assert not reply.response.components
    assert reply.response.content.startswith("Not changed: Pete Hegseth")
    assert "shared with other servers: only the operator can merge them" in reply.response.content
    ack(env)


async def test_history_of_an_unknown_speaker_is_a_lookup_not_a_refused_change(world):
    env, guild, channel, reader, editor, admin, mods = world
    reply = await admin.slash(channel, "history", speaker="Nobody Atall")
    assert reply.ephemeral and not reply.response.content.startswith("Not changed")
    ack(env)


def test_only_place_names_are_time_zones():
    from bot.digest_schedule import zone, zone_names

    assert zone("Europe/Berlin") is not None and zone("UTC") is not None
    assert zone("localtime") is None and zone("Factory") is None and "localtime" not in zone_names()


async def test_the_digest_channel_must_be_one_the_bot_can_post_in(world):
    env, guild, channel, reader, editor, admin, mods = world
    closed = guild.create_text_channel("closed", overwrites={guild.me: discord.PermissionOverwrite(send_messages=False)})
    reply = await admin.slash(channel, "digest channel", channel=closed)
    assert "I cannot post the digest in" in reply.response.content and "Send Messages" in reply.response.content
    assert (await admin.slash(channel, "digest channel", channel=channel)).response.content.startswith("The digest will be posted")
    ack(env)
