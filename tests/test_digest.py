"""The daily digest: schedule (time zones, DST, restarts), content, and failures per guild."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import datetime, timezone

import discord
import pytest

from bot.digest_schedule import is_due, parse_time_of_day
from bot.discord_bot import QuoteDeskBot
from bot.models import GuildSettings
from bot.storage import Scope
from tests.conftest import make_settings

UTC = timezone.utc


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def test_due_once_per_local_day_after_the_local_time():
    berlin = GuildSettings(guild_id=1, digest_channel_id=2, digest_enabled=True, digest_time="09:00", digest_timezone="Europe/Berlin")
    assert not is_due(berlin, at("2026-01-05T07:59:00"))  # 08:59 in Berlin
    assert is_due(berlin, at("2026-01-05T08:00:00"))
    berlin.digest_last_posted = "2026-01-05T08:00:00+00:00"
    assert not is_due(berlin, at("2026-01-05T20:00:00"))  # once that day
    assert is_due(berlin, at("2026-01-06T08:30:00"))  # a bot down at 09:00 posts when back


def test_daylight_saving_moves_the_utc_time():
    new_york = GuildSettings(guild_id=1, digest_channel_id=2, digest_enabled=True, digest_time="09:00", digest_timezone="America/New_York")
    assert is_due(new_york, at("2026-03-07T14:00:00")) and not is_due(new_york, at("2026-03-07T13:59:00"))  # EST
    assert is_due(new_york, at("2026-03-09T13:00:00")) and not is_due(new_york, at("2026-03-09T12:59:00"))  # EDT


def test_time_of_day_parsing():
    assert parse_time_of_day("9:05") == "09:05" and parse_time_of_day("23.30") == "23:30"
    assert parse_time_of_day("25:00") is None and parse_time_of_day("noon") is None


async def test_digest_content_on_the_seed_corpus(desk):
    digest = await desk.digest(Scope.all(), at("2000-01-01T00:00:00"), at("2100-01-01T00:00:00"))
    assert len(digest.articles) == 5
    speakers = [q.quote.speaker.id for q in digest.quotes if q.quote.speaker]
    assert len(speakers[:5]) == len(set(speakers[:5]))  # one quote per speaker first
    assert digest.speakers[0].name == "Pete Hegseth" and digest.speakers[0].quotes >= 5
    assert any(c.origin and c.origin.name.endswith("Washington Post") for c in digest.claims)
    # outlets are named ones only: an article with no outlet given is counted apart, never as "#4"
    assert all(o and not o.startswith("article #") for c in digest.claims for o in c.outlets)
    assert all(c.reporters >= 2 for c in digest.claims)
    quiet = await desk.digest(Scope.all(), at("2000-01-01T00:00:00"), at("2000-01-02T00:00:00"))
    assert quiet.quiet


async def test_a_digest_claim_is_a_claim_several_outlets_report_not_a_shared_word(empty_desk):
    from bot.ingest import IngestOptions

    stories = [
        ("Harbour Daily", "Ferry Fares Rise\n\nIf we don't have it, we're not going to have a country. "
                          "The port authority raised ferry fares by ten percent on Monday.\n"),
        ("Coast Times", "Fares Up\n\nThe port authority raised ferry fares by ten percent this week. "
                        "Nobody knows what a country is for, one reader wrote.\n"),
        ("Bay News", "What Next for the Port?\n\nWhat next for the port? Residents asked what the country "
                     "would do about the ferries and the harbour.\n"),
    ]
    for outlet, text in stories:
        await empty_desk.ingest_text(text, f"{outlet}.txt", IngestOptions(outlet=outlet, date="2026-05-02"))
    digest = await empty_desk.digest(Scope.all(), at("2000-01-01T00:00:00"), at("2100-01-01T00:00:00"))
    claims = {c.claim: c.outlets for c in digest.claims}
    assert any("raised ferry fares" in claim and outlets == ["Coast Times", "Harbour Daily"] for claim, outlets in claims.items())
    assert not any("country" in claim or claim.endswith("?") for claim in claims)


def test_what_is_a_claim_for_the_digest():
    from bot.digest import is_claim

    assert is_claim("The port authority raised ferry fares by ten percent on Monday.")
    assert not is_claim("If we don't have it, we're not going to have a country.")  # one word that says anything
    assert not is_claim("Will the port authority raise ferry fares again this year?")  # a question
    for title in ("What the Port Could Do When Up Against the Ferry Board", "What the Port Could Do When Up Against "
                  "the Ferry Board. Fares Must Rise"):  # the headline, or its first sentence
        assert not is_claim("What the Port Could Do When Up Against the Ferry Board.", title)


def test_a_claim_says_who_reports_it():
    from bot.digest import DigestClaim

    assert DigestClaim("c", ["A", "B"], None).reported_by() == "2 outlets"
    assert DigestClaim("c", ["A"], None, unnamed=1).reported_by() == "1 outlet and 1 article with no outlet given"
    assert DigestClaim("c", [], None, unnamed=3).reported_by() == "3 articles with no outlet given"


# --- in the simulated Discord ------------------------------------------------------------------

@pytest.fixture
def settings(tmp_path):
    # Check hourly instead of every minute, so months of simulated time pass quickly.
    return make_settings(tmp_path, digest_check_seconds=3600)


@pytest.fixture
def simcord_bot(settings):
    return QuoteDeskBot(settings)


ARTICLE = "Harbour Reopens After Storm\n\n“We are open for business again,” said Maria Lopez, the port director, on Tuesday.\n\n“Ships will be back by Friday,” said Tom Reed, the harbour master.\n"


async def configure(env, admin, channel, zone="America/New_York", time="09:00"):
    for command, options in (("digest channel", {"channel": channel}), ("digest time", {"time": time}),
                             ("digest timezone", {"timezone": zone}), ("digest on", {})):
        result = await admin.slash(channel, command, **options)
        assert result.ephemeral, result.response.content


def server_admin(env, guild, name: str = "admin"):
    """A member of ``guild`` who may manage it (and so configure its digest)."""
    role = guild.create_role("Admins", permissions=discord.Permissions(manage_guild=True))
    return guild.add_member(env.create_user(name), roles=[role])


def digests(channel):
    return [m for m in channel.history() if m.embeds and m.embeds[0].title and m.embeds[0].title.startswith("QuoteDesk daily digest")]


async def test_posts_once_a_day_across_dst_and_a_restart(simcord_env, settings):
    env = simcord_env
    guild = env.create_guild("Newsroom")
    channel = guild.create_text_channel("digest")
    admin = server_admin(env, guild)
    await configure(env, admin, channel)
    await admin.slash(channel, "ingest", text=ARTICLE)
    await env.advance_time(15 * 3600)  # Jan 1, 15:00 UTC = 10:00 in New York
    posted = digests(channel)
    assert len(posted) == 1
    first = posted[0]
    assert "1 Jan 2026" in first.embeds[0].title
    assert "Harbour Reopens" in first.embeds[0].fields[0].value
    assert first.created_at.hour == 14  # 09:00 EST
    assert first.attachments and first.attachments[0].filename.endswith(".png")  # two speakers: a chart
    await env.advance_time(6 * 3600)
    assert len(digests(channel)) == 1  # once per day

    old = env.bot
    await env.restart_bot(QuoteDeskBot(settings))  # same database: the day's digest is remembered
    await old.desk.close()  # a restart does not close the old bot; its store must not linger
    await env.advance_time(2 * 3600)
    assert len(digests(channel)) == 1
    for _ in range(66):  # into March, past the switch to daylight saving time (8 Mar), a day at a time
        await env.advance_time(86400)
    posted = digests(channel)
    assert len(posted) == 67  # one per day, 1 Jan to 8 Mar
    before, after = posted[64], posted[66]  # 6 Mar (EST) and 8 Mar (EDT from 02:00 that day)
    assert before.created_at.hour == 14 and after.created_at.hour == 13
    assert "quiet" in posted[1].embeds[0].description.lower()


async def test_deleted_channel_disables_only_that_guild(simcord_env, settings):
    env = simcord_env
    alive = env.create_guild("Alive")
    doomed = env.create_guild("Doomed")
    alive_channel = alive.create_text_channel("digest")
    doomed_channel = doomed.create_text_channel("digest")
    for guild, channel in ((alive, alive_channel), (doomed, doomed_channel)):
        role = guild.create_role("Admins", permissions=discord.Permissions(manage_guild=True))
        admin = guild.add_member(env.create_user(f"admin-{guild.name}"), roles=[role])
        await configure(env, admin, channel, zone="UTC")
    env.backend.delete_channel(doomed_channel.id)
    await env.settle()
    await env.advance_time(10 * 3600)
    assert len(digests(alive_channel)) == 1
    store = env.bot.desk.store
    doomed_settings = await store.guild_settings(doomed.id)
    assert not doomed_settings.digest_enabled and "no longer exists" in doomed_settings.digest_disabled_reason


async def test_a_failed_check_does_not_stop_the_digests(simcord_env, monkeypatch):
    env = simcord_env
    guild = env.create_guild("Newsroom")
    channel = guild.create_text_channel("digest")
    admin = server_admin(env, guild)
    await configure(env, admin, channel, zone="UTC")
    store = env.bot.desk.store
    settings_of_all, failures = store.all_guild_settings, []

    async def locked_once():  # another process held the write lock for too long, once
        if not failures:
            failures.append(1)
            raise sqlite3.OperationalError("database is locked")
        return await settings_of_all()

    monkeypatch.setattr(store, "all_guild_settings", locked_once)
    env.bot.get_cog("DigestCog").reschedule()
    await env.advance_time(10 * 3600)
    assert failures and len(digests(channel)) == 1


async def test_missing_permission_disables_with_a_reason(simcord_env):
    env = simcord_env
    guild = env.create_guild("Locked")
    channel = guild.create_text_channel("digest")
    locked = guild.create_text_channel("locked", overwrites={env.bot.user: discord.PermissionOverwrite(send_messages=False)})
    admin = server_admin(env, guild)
    await configure(env, admin, channel, zone="UTC")
    # the permission is taken away after the channel was chosen (/digest channel refuses it at once)
    await env.bot.desk.store.update_guild_settings(guild.id, actor="test", digest_channel_id=locked.id)
    await env.advance_time(10 * 3600)
    settings = await env.bot.desk.store.guild_settings(guild.id)
    assert not settings.digest_enabled and "cannot post" in settings.digest_disabled_reason


async def test_digest_commands_are_for_moderators_and_preview_is_private(simcord_env):
    env = simcord_env
    guild = env.create_guild("Newsroom")
    channel = guild.create_text_channel("desk")
    reader = guild.add_member(env.create_user("reader"))
    admin = server_admin(env, guild)
    refused = await reader.slash(channel, "digest on")
    assert refused.ephemeral and "Only moderators" in refused.response.content
    bad_zone = await admin.slash(channel, "digest timezone", timezone="Mars/Olympus")
    assert bad_zone.ephemeral and "not a time zone" in bad_zone.response.content
    no_channel = await admin.slash(channel, "digest on")
    assert "Choose a channel first" in no_channel.response.content
    env.errors
    preview = await admin.slash(channel, "digest preview")
    assert preview.ephemeral and preview.response.embeds[0].title.startswith("QuoteDesk daily digest")


async def test_the_digest_lists_new_articles_one_a_line(simcord_env):
    env = simcord_env
    guild = env.create_guild("Newsroom")
    channel = guild.create_text_channel("desk")
    admin = server_admin(env, guild)
    await admin.slash(channel, "ingest", text=ARTICLE, outlet="Port Gazette")
    await admin.slash(channel, "ingest", text=ARTICLE.replace("Harbour Reopens", "Ferry Returns"), outlet="Isle News")
    await env.advance_time(60)
    preview = await admin.slash(channel, "digest preview")
    listed = next(f.value for f in preview.response.embeds[0].fields if f.name == "New articles").split("\n")
    assert len(listed) == 2 and "Ferry Returns" in listed[0] + listed[1] and "Harbour Reopens" in listed[0] + listed[1]


async def one_guild(env, zone="UTC"):
    guild = env.create_guild("Newsroom")
    channel = guild.create_text_channel("digest")
    admin = server_admin(env, guild)
    await configure(env, admin, channel, zone=zone)
    await admin.slash(channel, "ingest", text=ARTICLE)
    return guild, channel


async def test_a_channel_not_in_the_cache_is_fetched_not_given_up(simcord_env, monkeypatch):
    # After a restart a guild may be unavailable for a while: its channels are not cached yet.
    env = simcord_env
    guild, channel = await one_guild(env)
    monkeypatch.setattr(env.bot, "get_channel", lambda channel_id: None)
    await env.advance_time(10 * 3600)
    assert len(digests(channel)) == 1
    assert (await env.bot.desk.store.guild_settings(guild.id)).digest_enabled


async def test_a_network_error_does_not_lose_the_days_digest(simcord_env, monkeypatch):
    env = simcord_env
    guild, channel = await one_guild(env)
    http, request, failed = env.bot.http, env.bot.http.request, []

    async def times_out_once(route, **kwargs):
        if route.method == "POST" and route.path.endswith("/messages") and not failed:
            failed.append(route)
            raise asyncio.TimeoutError
        return await request(route, **kwargs)

    monkeypatch.setattr(http, "request", times_out_once)
    await env.advance_time(10 * 3600)  # due at midnight UTC: the first try times out, the next check posts
    assert failed and len(digests(channel)) == 1
    assert (await env.bot.desk.store.guild_settings(guild.id)).digest_enabled


async def test_a_refused_chart_still_posts_the_digest(simcord_env):
    env = simcord_env
    guild, channel = await one_guild(env)
    env.inject_error("POST", f"/channels/{channel.id}/messages", status=403, code=50013, message="Missing Permissions")
    await env.advance_time(10 * 3600)  # the upload with the chart is refused once (no Attach Files)
    posted = digests(channel)
    assert len(posted) == 1 and not posted[0].attachments and "Harbour Reopens" in posted[0].embeds[0].fields[0].value
    assert (await env.bot.desk.store.guild_settings(guild.id)).digest_enabled
