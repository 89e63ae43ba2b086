"""End to end in a simulated Discord (SimCord): the real bot, cogs and engine, no network.

SimCord plays the users and guilds and enforces Discord's own rules (embed limits, the 3-second
deadline, double replies). Each test gets a fresh bot over a fresh seeded database.
"""

from __future__ import annotations

import asyncio

import discord
import pytest
from simcord import SetupError

from bot.discord_bot import QuoteDeskBot
from tests.conftest import make_settings


@pytest.fixture
def simcord_bot(tmp_path):
    return QuoteDeskBot(make_settings(tmp_path))


@pytest.fixture
async def world(simcord_env):
    env = simcord_env
    guild = env.create_guild("Newsroom")
    channel = guild.create_text_channel("desk")
    mods = guild.create_role("Editors")
    reader = guild.add_member(env.create_user("reader"))
    editor = guild.add_member(env.create_user("editor"), roles=[mods])
    admin_role = guild.create_role("Admins", permissions=discord.Permissions(manage_guild=True))
    admin = guild.add_member(env.create_user("admin"), roles=[admin_role])
    return env, guild, channel, reader, editor, admin, mods


def ack(env) -> None:
    """Errors our tree handler answered are still recorded by SimCord: mark them as seen."""
    env.errors


def no_pings(env) -> None:
    for entry in env.http_requests:
        body = entry.json or {}
        if isinstance(body, dict) and "data" in body and isinstance(body["data"], dict):
            body = body["data"]
        if isinstance(body, dict) and "allowed_mentions" in body:
            assert body["allowed_mentions"] == {"parse": []}, entry


async def test_whosaid_answers_with_quote_speaker_outlet_and_date(world):
    env, guild, channel, reader, *_ = world
    result = await reader.slash(channel, "whosaid", phrase="we are not nuetral")
    assert result.acknowledged
    embed = result.response.embeds[0]
    assert "not neutral" in embed.description
    published = next(f.value for f in embed.fields if f.name == "Published")
    assert "8 Mar 2026" in published  # a date-only value, never shifted by a time zone
    no_pings(env)


async def test_no_results_is_a_clear_ephemeral_message(world):
    env, guild, channel, reader, *_ = world
    result = await reader.slash(channel, "whosaid", phrase="the quarterly earnings beat expectations")
    assert result.ephemeral and "No quote in the corpus matches" in result.response.content
    ack(env)


async def test_quotes_with_autocomplete_and_paging_only_for_the_asker(world):
    env, guild, channel, reader, editor, *_ = world
    choices = await reader.autocomplete(channel, "quotes", "speaker", "hegs")
    assert choices and choices[0]["value"] == "Pete Hegseth"
    assert len(choices) <= 25 and all(1 <= len(c["name"]) <= 100 for c in choices)
    result = await reader.slash(channel, "quotes", speaker="Pete Hegseth")
    first = result.response.embeds[0]
    assert first.title.startswith("What Pete Hegseth said")
    assert first.footer.text.startswith("Page 1/")
    other = await editor.click(result.response, label="Next")
    assert other.ephemeral and "Only the person who asked" in other.response.content
    await reader.click(result.response, label="Next")
    assert result.response.embeds[0].footer.text.startswith("Page 2/")
    await env.advance_time(200)  # the pager times out and disables its buttons
    with pytest.raises(SetupError):
        await reader.click(result.response, label="Next")


async def test_unknown_speaker(world):
    env, guild, channel, reader, *_ = world
    result = await reader.slash(channel, "quotes", speaker="Zebulon Quackenbush")
    assert result.ephemeral and "No speaker in the corpus matches" in result.response.content
    ack(env)


async def test_sources_and_ask_and_find_sources_menu(world):
    env, guild, channel, reader, *_ = world
    result = await reader.slash(channel, "sources", claim="Moscow is feeding Tehran data on American warships")
    embed = result.response.embeds[0]
    assert "first reported by" in embed.description and "Washington Post" in embed.description
    asked = await reader.slash(channel, "ask", question="What did Hegseth say about Russia?")
    assert asked.response.content.startswith("Understood: what Hegseth said about Russia")
    message = await reader.send(channel, "Russia is giving Iran intelligence on attacking American forces")
    menu = await reader.context_menu(channel, "Find sources", message)
    assert menu.response.embeds[0].title.startswith("Sources for")
    no_pings(env)


async def test_article_speakers_stats(world):
    env, guild, channel, reader, *_ = world
    article = await reader.slash(channel, "article", id=5)
    assert article.response.embeds[0].fields
    speakers = await reader.slash(channel, "speakers")
    assert "Pete Hegseth" in speakers.response.embeds[0].description
    stats = await reader.slash(channel, "stats")
    assert {f.name for f in stats.response.embeds[0].fields} >= {"Articles", "Quotes", "Speakers"}
    missing = await reader.slash(channel, "article", id=999)
    assert missing.ephemeral and "no article #999" in missing.response.content
    ack(env)


async def test_cooldown_on_expensive_commands(world):
    env, guild, channel, reader, *_ = world
    for _ in range(4):
        assert not (await reader.slash(channel, "sources", claim="Russia helps Iran")).ephemeral
    limited = await reader.slash(channel, "sources", claim="Russia helps Iran")
    assert limited.ephemeral and "again in" in limited.response.content
    ack(env)
    await env.advance_time(21)
    assert not (await reader.slash(channel, "sources", claim="Russia helps Iran")).ephemeral


async def test_moderator_ingest_then_question_finds_it(world):
    env, guild, channel, reader, editor, admin, mods = world
    text = "Harbour Reopens After Storm\n\n“We are open for business again,” said Maria Lopez, the port director, on Tuesday.\n"
    refused = await reader.slash(channel, "ingest", text=text)
    assert refused.ephemeral and "Only moderators" in refused.response.content
    ack(env)
    added = await admin.slash(channel, "ingest", file=("harbour.txt", text.encode()), outlet="Harbour Daily", date="2026-03-10")
    fields = {f.name: f.value for f in added.response.embeds[0].fields}
    assert fields["Outlet"] == "Harbour Daily" and fields["Date"] == "10 Mar 2026" and fields["Quotes"] == "1"
    again = await admin.slash(channel, "ingest", text=text)
    assert again.response.embeds[0].title == "Already in the corpus"
    found = await reader.slash(channel, "whosaid", phrase="open for business")
    assert "Maria Lopez" in found.response.embeds[0].title


async def test_ingest_without_a_source_opens_a_form_that_keeps_line_breaks(world):
    env, guild, channel, reader, editor, admin, mods = world
    form = await admin.slash(channel, "ingest", outlet="Harbour Daily")
    fields = {c["custom_id"]: c for row in form.modal["components"] for c in row["components"]}
    assert fields["text"]["style"] == discord.TextStyle.paragraph.value and fields["outlet"]["value"] == "Harbour Daily"
    pasted = await admin.submit_modal(form, {
        "text": "Ferry Service Resumes\n\n“The ferries run again from Monday,” said Ola Berg, the harbour master.\n",
        "outlet": "Harbour Daily", "date": "2026-03-11"})
    embed = pasted.response.embeds[0]
    assert embed.title == "Ferry Service Resumes"  # the headline stayed on its own line
    assert {f.name: f.value for f in embed.fields}["Quotes"] == "1"
    found = await reader.slash(channel, "whosaid", phrase="ferries run again")
    assert "Ola Berg" in found.response.embeds[0].title

    again = await admin.slash(channel, "ingest")
    wrong_date = await admin.submit_modal(again, {"text": "Some text", "date": "next Tuesday"})
    assert wrong_date.ephemeral and "is not a date" in wrong_date.response.content
    ack(env)
    two_sources = await admin.slash(channel, "ingest", text="Some text", url="https://news.example/a")
    assert two_sources.ephemeral and "Give one of" in two_sources.response.content
    ack(env)


async def test_moderator_role_and_remove_with_confirmation(world):
    env, guild, channel, reader, editor, admin, mods = world
    denied = await editor.slash(channel, "config moderator-role", role=mods)
    assert denied.ephemeral
    ack(env)
    set_role = await admin.slash(channel, "config moderator-role", role=mods)
    assert "Editors" in set_role.response.content
    added = await editor.slash(channel, "ingest", text="Bridge Closes for Repairs\n\n“The bridge is unsafe,” said Tom Reed, the city engineer, on Friday.\n")
    article_id = int(next(f.value for f in added.response.embeds[0].fields if f.name == "Article").lstrip("#"))
    seed_removal = await editor.slash(channel, "remove", article_id=1)
    assert seed_removal.ephemeral and "cannot be removed" in seed_removal.response.content
    ack(env)
    confirm = await editor.slash(channel, "remove", article_id=article_id)
    assert confirm.ephemeral and "Remove #" in confirm.response.content
    await editor.click(confirm.response, label="Remove")
    assert confirm.response.content == f"Removed article #{article_id}."
    gone = await reader.slash(channel, "article", id=article_id)
    assert gone.ephemeral
    ack(env)


async def test_articles_stay_in_their_guild(world):
    env, guild, channel, reader, editor, admin, mods = world
    added = await admin.slash(channel, "ingest", text="Secret Plan Revealed\n\n“We never planned this,” said Ada Byron, the council leader, on Monday.\n")
    article_id = int(next(f.value for f in added.response.embeds[0].fields if f.name == "Article").lstrip("#"))
    other = env.create_guild("Other")
    other_channel = other.create_text_channel("general")
    stranger = other.add_member(env.create_user("stranger"))
    by_id = await stranger.slash(other_channel, "article", id=article_id)
    assert by_id.ephemeral
    by_phrase = await stranger.slash(other_channel, "whosaid", phrase="we never planned this")
    assert by_phrase.ephemeral and "No quote" in by_phrase.response.content
    ack(env)


async def test_text_with_mentions_and_markdown_is_harmless(world):
    env, guild, channel, reader, editor, admin, mods = world
    text = "Council Row Erupts\n\n“@everyone should see this **now** <@123> <@&456>,” said Ada Byron, the council leader, on Monday.\n"
    await admin.slash(channel, "ingest", text=text)
    found = await reader.slash(channel, "whosaid", phrase="everyone should see this now")
    description = found.response.embeds[0].description
    assert "@everyone" not in description and "**now**" not in description
    no_pings(env)


async def test_slow_answers_are_deferred_in_time(world):
    env, guild, channel, reader, *_ = world
    import asyncio

    from bot.engine import WhosaidAnswer

    async def slow_nothing(phrase, *args, **kwargs):
        await asyncio.sleep(2)  # slower than the bot's defer budget
        return WhosaidAnswer(phrase, [])

    env.bot.desk.whosaid = slow_nothing
    result = await reader.slash(channel, "whosaid", phrase="anything at all")
    await env.advance_time(3)
    callbacks = [e.json for e in env.http_requests if e.path.endswith("/callback")]
    assert callbacks[-1]["type"] == 5  # deferred in time, before the work finished
    assert "No quote in the corpus matches" in result.response.content  # replaces the placeholder
    await env.advance_time(30)
    assert result.response is None  # and is cleared away again
    ack(env)


async def test_corpus_and_add_article_menu_for_moderators(world):
    env, guild, channel, reader, editor, admin, mods = world
    corpus = await admin.slash(channel, "corpus")
    assert "5 articles" in corpus.response.embeds[0].footer.text
    message = await admin.send(channel, "new story http://10.0.0.5/ferry")
    refused = await reader.context_menu(channel, "Add article to QuoteDesk", message)
    assert refused.ephemeral and "Only moderators" in refused.response.content
    ack(env)
    added = await admin.context_menu(channel, "Add article to QuoteDesk", message)
    # A private address is refused before any connection: a clear message, nothing added.
    content = added.response.content if added.response else added.followups[-1].content
    assert "Nothing was added" in content and "private address" in content
    ack(env)


async def test_add_article_menu_takes_an_article_pasted_as_a_message(world):
    env, guild, channel, reader, editor, admin, mods = world
    short = await admin.send(channel, "great story today")
    refused = await admin.context_menu(channel, "Add article to QuoteDesk", short)
    assert refused.ephemeral and "no article text" in refused.response.content
    ack(env)
    article = await admin.send(channel, (
        "Tram Line Extended\n\n"
        "The city will extend the tram line to the airport by 2028, the transport board decided on Tuesday "
        "after a long debate about costs and the route through the old town.\n\n"
        "“This line will change how people reach the airport,” said Ines Moreau, the board's chair."))
    added = await admin.context_menu(channel, "Add article to QuoteDesk", article)
    content = added.response if added.response and added.response.embeds else added.followups[-1]
    embed = content.embeds[0]
    assert embed.title == "Tram Line Extended"  # the message kept its line breaks
    found = await reader.slash(channel, "whosaid", phrase="change how people reach the airport")
    assert "Ines Moreau" in found.response.embeds[0].title


async def test_ingest_by_url_from_a_local_server(tmp_path):
    """URL ingest end to end in the engine, against an HTML page served on 127.0.0.1."""
    from aiohttp import web

    from bot.engine import QuoteDesk
    from bot.storage import Scope
    from tests.conftest import make_settings

    page = """<html><head><title>Dam Opens - Valley News</title><meta property="og:site_name" content="Valley News">
    <meta property="article:published_time" content="2026-02-02T07:00:00Z"></head><body><article><h1>Dam Opens</h1>
    <p>“The valley is finally safe from floods,” said Omar Haddad, the regional engineer, at the opening on Monday.</p>
    <p>Farmers said that the new reservoir would also help them through dry summers, according to local officials.</p>
    </article></body></html>"""
    async def dam(request: web.Request) -> web.Response:
        return web.Response(text=page, content_type="text/html")

    app = web.Application()
    app.router.add_get("/dam", dam)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    desk = await QuoteDesk.open(make_settings(tmp_path, seed_dir="", allow_private_urls=True))
    refusing = await QuoteDesk.open(make_settings(tmp_path / "strict", seed_dir=""))
    try:
        result = await desk.ingest_url(f"http://127.0.0.1:{port}/dam")
        assert result.status == "added", result.message
        assert (result.outlet, result.date) == ("Valley News", "2026-02-02")
        found = await desk.whosaid("valley is safe from floods", Scope.all())
        assert found.results[0].quote.speaker.name == "Omar Haddad"
        refused = await refusing.ingest_url(f"http://127.0.0.1:{port}/dam")
        assert refused.status == "error" and "refused" in refused.message
    finally:
        await desk.close()
        await refusing.close()
        await runner.cleanup()


async def test_two_people_one_surname_offers_a_choice_and_unknown_names_a_hint(world):
    env, guild, channel, reader, editor, admin, mods = world
    await admin.slash(channel, "ingest", text="Budget Row Deepens\n\n“We will not cut pensions,” said John Smith, the finance minister, on Monday.\n")
    await admin.slash(channel, "ingest", text="Hospital Warns of Delays\n\n“The wards are full,” said Jane Smith, a doctor at the city hospital.\n")
    choice = await reader.slash(channel, "quotes", speaker="Smith")
    assert "Several speakers fit" in choice.response.content
    jane = next(o for o in choice.response.components[0]["components"][0]["options"] if o["label"].startswith("Jane Smith"))
    await reader.select(choice.response, [jane["value"]], custom_id="quotes:speaker")
    assert "The wards are full" in choice.response.embeds[0].description
    hint = await reader.slash(channel, "quotes", speaker="Pete Hegsett Jr")
    if hint.response.embeds:  # close enough to resolve outright is fine too
        assert "Hegseth" in hint.response.embeds[0].title
    unknown = await reader.slash(channel, "quotes", speaker="Grajowiak")
    assert unknown.ephemeral and "Did you mean" in unknown.response.content and "Grajewski" in unknown.response.content
    ack(env)


async def test_shutdown_lets_an_answer_being_written_finish(tmp_path):
    bot = QuoteDeskBot(make_settings(tmp_path))
    delivered = asyncio.Event()

    async def answering() -> None:  # stands for a command whose reply is on its way to Discord
        await asyncio.sleep(0.2)
        delivered.set()

    task = asyncio.create_task(answering())
    bot.in_flight.add(task)
    await bot.close()
    assert delivered.is_set()
