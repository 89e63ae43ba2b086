"""Curation end to end in the simulated Discord: each correction as a moderator types it, what every
other user then sees, the history, and the clean exit when a server removes the bot."""

from __future__ import annotations

from datetime import timedelta

import discord
import pytest

from bot.discord_bot import QuoteDeskBot
from bot.storage import Scope
from tests.conftest import make_settings
from tests.test_curation import HARBOUR, LATER

ARTICLE_BUDGET = 3


@pytest.fixture
def simcord_bot(tmp_path):
    return QuoteDeskBot(make_settings(tmp_path, purge_grace_days=30, digest_check_seconds=3600))


@pytest.fixture
async def newsroom(simcord_env):
    env = simcord_env
    owner_user = env.create_user("owner")
    guild = env.create_guild("Newsroom", owner=owner_user)
    channel = guild.create_text_channel("desk")
    editors = guild.create_role("Editors")
    reader = guild.add_member(env.create_user("reader"))
    editor = guild.add_member(env.create_user("editor"), roles=[editors])
    admin_role = guild.create_role("Admins", permissions=discord.Permissions(manage_guild=True))
    admin = guild.add_member(env.create_user("admin"), roles=[admin_role])
    owner = guild.add_member(owner_user)
    await admin.slash(channel, "config moderator-role", role=editors)
    loaded = await editor.slash(channel, "ingest", text=HARBOUR, title="Harbour plan approved", outlet="Coast Herald",
                                date="2026-01-05")
    article_id = int(loaded.response.embeds[0].fields[0].value.lstrip("#"))
    return env, guild, channel, reader, editor, owner, article_id


def quote_number(result) -> int:
    """The quote number a /whosaid answer shows in its footer ("quote #N · ...")."""
    footer = result.response.embeds[0].footer.text
    return int(footer.split("·")[0].strip().removeprefix("quote #"))


async def test_edit_shows_at_once_to_everyone_and_is_moderators_only(newsroom):
    env, guild, channel, reader, editor, owner, article_id = newsroom
    refused = await reader.slash(channel, "edit", article_id=article_id, outlet="Harbour Times")
    assert refused.ephemeral and "Only moderators" in refused.response.content
    env.errors
    done = await editor.slash(channel, "edit", article_id=article_id, outlet="Harbour Times", date="2026-01-06")
    assert done.ephemeral and "Corrected" in done.response.content and "Harbour Times" in done.response.content
    answer = await reader.slash(channel, "whosaid", phrase="listened to every objection")
    published = next(f.value for f in answer.response.embeds[0].fields if f.name == "Published")
    assert "Harbour Times" in published and "6 Jan 2026" in published
    bad = await editor.slash(channel, "edit", article_id=article_id, date="soon")
    assert bad.ephemeral and "not a date" in bad.response.content
    seed = await editor.slash(channel, "edit", article_id=1, title="Ours now")
    assert "shared corpus" in seed.response.content
    env.errors


async def test_reassign_to_a_new_speaker_and_autocomplete_by_number(newsroom):
    env, guild, channel, reader, editor, owner, article_id = newsroom
    cranes = quote_number(await reader.slash(channel, "whosaid", phrase="cranes arrive next week"))
    choices = await editor.autocomplete(channel, "reassign", "speaker", "okonkwo")
    assert choices and all(c["value"].startswith("#") for c in choices)
    maria = next(c for c in choices if c["name"].startswith("Maria Okonkwo"))
    done = await editor.slash(channel, "reassign", quote_id=cranes, speaker=maria["value"])
    assert "now attributed to" in done.response.content and "Maria Okonkwo" in done.response.content
    answer = await reader.slash(channel, "whosaid", phrase="cranes arrive next week")
    assert answer.response.embeds[0].title.startswith("Maria Okonkwo")
    new = await editor.slash(channel, "reassign", quote_id=cranes, speaker="Priya Natarajan")
    assert "Priya Natarajan" in new.response.content
    said = await reader.slash(channel, "quotes", speaker="Priya Natarajan")
    assert "cranes arrive next week" in said.response.embeds[0].description


async def test_remove_quote_asks_first_and_stays_removed_after_reindex(newsroom):
    env, guild, channel, reader, editor, owner, article_id = newsroom
    objection = quote_number(await reader.slash(channel, "whosaid", phrase="listened to every objection"))
    ask = await editor.slash(channel, "remove-quote", quote_id=objection)
    assert ask.ephemeral and "Remove quote" in ask.response.content
    await editor.click(ask.response, label="Remove")
    assert "Removed quote" in ask.response.content
    gone = await reader.slash(channel, "whosaid", phrase="listened to every objection")
    assert "No quote in the corpus matches" in gone.response.content
    env.errors
    await env.bot.desk.curation.reindex()
    gone = await reader.slash(channel, "whosaid", phrase="listened to every objection")
    assert "No quote in the corpus matches" in gone.response.content
    env.errors


async def test_merge_confirmed_then_split(newsroom):
    env, guild, channel, reader, editor, owner, article_id = newsroom
    desk = env.bot.desk
    maria = (await desk.quotes("Maria Okonkwo", Scope.guild(guild.id))).speaker
    ben = (await desk.quotes("Ben Okonkwo", Scope.guild(guild.id))).speaker
    ask = await editor.slash(channel, "merge", keep=f"#{maria.id}", other=f"#{ben.id}")
    assert "Merge" in ask.response.content
    await editor.click(ask.response, label="Merge")
    assert "Merged" in ask.response.content
    answer = await reader.slash(channel, "whosaid", phrase="cranes arrive next week")
    assert answer.response.embeds[0].title.startswith("Maria Okonkwo")

    aliases = await editor.autocomplete(channel, "split", "alias", "ben", speaker=f"#{maria.id}")
    assert "Ben Okonkwo" in [c["value"] for c in aliases]
    split = await editor.slash(channel, "split", speaker=f"#{maria.id}", alias="Ben Okonkwo")
    assert "is now #" in split.response.content
    answer = await reader.slash(channel, "whosaid", phrase="cranes arrive next week")
    assert answer.response.embeds[0].title.startswith("Ben Okonkwo")


async def test_speaker_title_and_history(newsroom):
    env, guild, channel, reader, editor, owner, article_id = newsroom
    done = await editor.slash(channel, "speaker-title", speaker="Maria Okonkwo", title="Council leader")
    assert "Maria Okonkwo, Council leader" in done.response.content
    said = await reader.slash(channel, "quotes", speaker="Maria Okonkwo")
    assert said.response.embeds[0].fields[0].value.startswith("Maria Okonkwo, Council leader")
    history = await editor.slash(channel, "history")
    text = history.response.embeds[0].description
    assert "set-title" in text and "Council leader" in text and "editor" in text
    assert "config" in text and "ingest" in text
    per_article = await editor.slash(channel, "history", article_id=article_id)
    assert "ingest" in per_article.response.embeds[0].description
    refused = await reader.slash(channel, "history")
    assert "Only moderators" in refused.response.content
    env.errors


async def test_every_confirmation_is_disabled_when_nobody_answers(newsroom):
    env, guild, channel, reader, editor, owner, article_id = newsroom
    desk = env.bot.desk
    objection = quote_number(await reader.slash(channel, "whosaid", phrase="listened to every objection"))
    maria = (await desk.quotes("Maria Okonkwo", Scope.guild(guild.id))).speaker
    ben = (await desk.quotes("Ben Okonkwo", Scope.guild(guild.id))).speaker
    asked = [
        await editor.slash(channel, "remove-quote", quote_id=objection),
        await editor.slash(channel, "merge", keep=f"#{maria.id}", other=f"#{ben.id}"),
        await owner.slash(channel, "purge"),
    ]
    await env.advance_time(61)  # nobody pressed in time
    for ask in asked:
        assert all(button["disabled"] for button in ask.response.components[0]["components"])
    unchanged = await reader.slash(channel, "whosaid", phrase="listened to every objection")
    assert unchanged.response.embeds  # nothing was removed, merged or purged
    env.errors


async def test_purge_is_for_the_owner_and_asks_first(newsroom):
    env, guild, channel, reader, editor, owner, article_id = newsroom
    refused = await editor.slash(channel, "purge")
    assert "Only the server owner" in refused.response.content
    env.errors
    ask = await owner.slash(channel, "purge")
    assert "cannot be undone" in ask.response.content and "1 article with" in ask.response.content
    await owner.click(ask.response, label="Delete everything")
    assert "Deleted this server's 1 article," in ask.response.content
    gone = await reader.slash(channel, "article", id=article_id)
    assert "no article" in gone.response.content
    still = await reader.slash(channel, "whosaid", phrase="we are not neutral")  # the seeds remain
    assert still.response.embeds
    env.errors


async def test_removing_the_bot_purges_after_the_grace_period_only_that_guild(newsroom):
    env, guild, channel, reader, editor, owner, article_id = newsroom
    other = env.create_guild("Elsewhere")
    other_channel = other.create_text_channel("news")
    other_editor = other.add_member(env.create_user("other-editor"),
                                    roles=[other.create_role("Boss", permissions=discord.Permissions(manage_guild=True))])
    loaded = await other_editor.slash(other_channel, "ingest", text=LATER, title="Ferry", outlet="Isle News")
    other_article = int(loaded.response.embeds[0].fields[0].value.lstrip("#"))
    desk = env.bot.desk

    env.backend.remove_guild(guild.id)
    await env.settle()
    for _ in range(29):
        await env.advance_time(timedelta(days=1).total_seconds())
    assert await desk.article(article_id, Scope.all()) is not None  # still within the grace period
    for _ in range(2):
        await env.advance_time(timedelta(days=1).total_seconds())
    assert await desk.article(article_id, Scope.all()) is None
    assert await desk.article(other_article, Scope.all()) is not None
    assert len(await desk.articles(Scope.shared())) == 5


async def test_history_pages_hold_every_event_however_long(newsroom):
    # Twelve corrections with long titles, outlets and links: each history line runs to its 600
    # characters, so ten of them would not fit one embed. Paging must show every one of them.
    env, guild, channel, reader, editor, owner, article_id = newsroom
    for i in range(12):
        await editor.slash(channel, "edit", article_id=article_id, title=f"Harbour plan, corrected headline {i:02d} " * 3,
                           outlet=f"The Coast Herald and Evening Advertiser, edition number {i:02d} of the season",
                           url=f"https://news.example.com/2026/01/harbour-plan-corrected-{i:02d}-{'x' * 60}")
    history = await editor.slash(channel, "history", article_id=article_id)
    pages = int(history.response.embeds[0].footer.text.split("·")[0].strip().split("/")[1])
    seen = []
    for page in range(pages):
        embed = history.response.embeds[0]
        assert len(embed) <= 6000 and len(embed.description) <= 4096
        seen += embed.description.split("\n")
        if page < pages - 1:
            await editor.click(history.response, label="Next")
    assert len([line for line in seen if "edit-article" in line]) == 12  # every correction, on one page each
    assert "…" not in seen  # no page cut short
    env.errors


async def test_split_shows_a_server_only_the_names_it_can_see(newsroom):
    # An article loaded in this server names Hegseth in a way no other server has seen.
    env, guild, channel, reader, editor, owner, article_id = newsroom
    private = ("Envoy Named\n\n“Nobody told us,” said Pete H. Hegseth, the secret envoy, on Monday.\n\n"
               "“We are ready,” said Secretary Hegseth.\n")
    await editor.slash(channel, "ingest", text=private)
    hegseth = (await env.bot.desk.quotes("Pete Hegseth", Scope.guild(guild.id))).speaker
    ours = await editor.autocomplete(channel, "split", "alias", "", speaker=f"#{hegseth.id}")
    assert "Pete H. Hegseth" in [c["value"] for c in ours]

    other = env.create_guild("Elsewhere")
    other_channel = other.create_text_channel("news")
    other_admin = other.add_member(env.create_user("other-admin"),
                                   roles=[other.create_role("Boss", permissions=discord.Permissions(manage_guild=True))])
    theirs = await other_admin.autocomplete(other_channel, "split", "alias", "", speaker=f"#{hegseth.id}")
    assert not any("Pete H." in c["name"] or "secret envoy" in c["name"] for c in theirs)
    refused = await other_admin.slash(other_channel, "split", speaker=f"#{hegseth.id}", alias="the secret envoy")
    assert "has no alias" in refused.response.content and "Pete H. Hegseth" not in refused.response.content
    env.errors
