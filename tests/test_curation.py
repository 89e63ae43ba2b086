"""Moderators' corrections through the engine, on the real store: each takes effect in every answer at
once, survives a reindex and a newer version of the article, and is recorded in the history."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

from bot.curation import CurationError
from bot.ingest import IngestOptions
from bot.storage import Scope

GUILD, OTHER_GUILD = 111, 222
URL = "https://news.example/harbour-plan"

HARBOUR = """Harbour plan approved

City council leader Maria Okonkwo said on Monday that the harbour plan "will create four hundred jobs."

"We listened to every objection," Okonkwo told reporters. Harbour director Tom Baines said the work would start in March.

"The cranes arrive next week," said Ben Okonkwo, the project engineer.
"""

# The same URL a day later: one quote reworded, one added, the rest unchanged.
HARBOUR_CORRECTED = HARBOUR.replace("four hundred jobs", "three hundred jobs") + (
    '\n"We will publish the contracts," Okonkwo said.\n'
)

LATER = """Ferry service to resume

Ben Okonkwo, the project engineer, said the ferry pier "is finally safe."
"""


def in_guild(guild_id: int = GUILD) -> IngestOptions:
    return IngestOptions(guild_id=guild_id, url=URL, date="2026-01-05", outlet="Coast Herald", actor="ann (1)")


@pytest.fixture
async def harbour(desk):
    result = await desk.ingest_text(HARBOUR, "harbour.txt", in_guild())
    assert result.status == "added"
    return result.article_id


async def quote_id(desk, phrase: str, scope: Scope = Scope.all()) -> int:
    answer = await desk.whosaid(phrase, scope)
    assert answer.results, phrase
    return answer.results[0].quote.id


async def speaker_of(desk, phrase: str, scope: Scope = Scope.all()) -> str | None:
    answer = await desk.whosaid(phrase, scope)
    speaker = answer.results[0].quote.speaker
    return speaker.name if speaker else None


async def test_edit_article_shows_in_every_answer_at_once(desk, harbour):
    guild = Scope.guild(GUILD)
    article = await desk.curation.edit_article(harbour, guild, actor="ann (1)", outlet="Harbour Times", date="2026-01-06")
    assert (article.outlet, article.date) == ("Harbour Times", "2026-01-06")
    statement = (await desk.whosaid("listened to every objection", guild)).results[0]
    assert statement.article.outlet == "Harbour Times" and statement.article.date == "2026-01-06"
    assert (await desk.sources("harbour plan jobs", guild)).results[0].article.outlet == "Harbour Times"
    with pytest.raises(CurationError, match="not a date"):
        await desk.curation.edit_article(harbour, guild, actor="ann (1)", date="next Tuesday")
    with pytest.raises(CurationError, match="not a web address"):
        await desk.curation.edit_article(harbour, guild, actor="ann (1)", url="javascript:alert(1)")
    with pytest.raises(CurationError, match="nothing to change"):
        await desk.curation.edit_article(harbour, guild, actor="ann (1)")
    # a URL names one article (loading it again updates that one), so it is not given to a second
    other = await desk.ingest_text("Ferry Timetable Changes\n\nThe ferry will run hourly, the operator said.\n",
                                   "ferry.txt", replace(in_guild(), url="https://news.example/ferry"))
    with pytest.raises(CurationError, match=f"article #{other.article_id} already has the URL"):
        await desk.curation.edit_article(harbour, guild, actor="ann (1)", url="https://news.example/ferry")


async def test_a_guild_corrects_only_its_own_articles(desk, harbour):
    seed_quote = await quote_id(desk, "we are not neutral")
    with pytest.raises(CurationError, match="shared corpus"):
        await desk.curation.edit_article(1, Scope.guild(GUILD), actor="ann (1)", title="Mine now")
    with pytest.raises(CurationError, match="shared corpus"):
        await desk.curation.remove_quote(seed_quote, Scope.guild(GUILD), actor="ann (1)")
    with pytest.raises(CurationError, match="no article"):  # another guild's article does not exist for it
        await desk.curation.edit_article(harbour, Scope.guild(OTHER_GUILD), actor="bob (2)", title="Mine now")
    # The operator (command line) may correct the shared corpus.
    article = await desk.curation.edit_article(1, Scope.all(), actor="cli", title="Corrected headline")
    assert article.title == "Corrected headline"


async def test_reassign_to_a_known_or_a_new_speaker_and_remove_a_quote_survive_reindex(desk, harbour):
    guild = Scope.guild(GUILD)
    jobs = await quote_id(desk, "work would start in March", guild)
    cranes = await quote_id(desk, "cranes arrive next week", guild)
    objection = await quote_id(desk, "listened to every objection", guild)

    await desk.curation.reassign(jobs, "Maria Okonkwo", guild, actor="ann (1)")
    quote = await desk.curation.reassign(cranes, "Priya Natarajan", guild, actor="ann (1)")
    assert quote.speaker.name == "Priya Natarajan"  # nobody had that name: a new speaker
    removed = await desk.curation.remove_quote(objection, guild, actor="ann (1)")
    assert removed.text == "We listened to every objection"

    async def check() -> None:
        assert await speaker_of(desk, "work would start in March", guild) == "Maria Okonkwo"
        assert await speaker_of(desk, "cranes arrive next week", guild) == "Priya Natarajan"
        assert not (await desk.whosaid("listened to every objection", guild)).results
        said = await desk.quotes("Priya Natarajan", guild)
        assert [s.quote.id for s in said.results] == [cranes]  # the number a moderator saw still works

    await check()
    report = await desk.curation.reindex(actor="cli")
    assert report.articles == 6 and report.quotes_after == report.quotes_before
    await check()


async def test_reassign_refuses_an_ambiguous_name_and_accepts_a_number(desk, harbour):
    guild = Scope.guild(GUILD)
    cranes = await quote_id(desk, "cranes arrive next week", guild)
    await desk.ingest_text(LATER.replace("Ben Okonkwo", "Tom Baines"), "later.txt", IngestOptions(guild_id=GUILD))
    with pytest.raises(CurationError, match="not a name"):
        await desk.curation.reassign(cranes, "12345678901234567890", guild, actor="ann (1)")
    baines = (await desk.quotes("Tom Baines", guild)).speaker
    quote = await desk.curation.reassign(cranes, f"#{baines.id}", guild, actor="ann (1)")
    assert quote.speaker.id == baines.id


async def test_a_bare_title_names_no_one_in_particular_while_several_hold_it(desk, harbour):
    guild = Scope.guild(GUILD)
    cranes = await quote_id(desk, "cranes arrive next week", guild)
    # one seed text calls a president just "President"; another president is in the corpus too
    with pytest.raises(CurationError, match="several speakers") as refused:
        await desk.curation.reassign(cranes, "President", guild, actor="ann (1)")
    assert "Vladimir Putin" in str(refused.value) and "Masoud Pezeshkian" in str(refused.value)
    # a title one speaker holds is that speaker, not a new one called "Harbour director"
    quote = await desk.curation.reassign(cranes, "harbour director", guild, actor="ann (1)")
    assert quote.speaker.name == "Tom Baines"


async def test_merge_and_split_speakers(desk, harbour):
    guild = Scope.guild(GUILD)
    maria = (await desk.quotes("Maria Okonkwo", guild)).speaker
    ben = (await desk.quotes("Ben Okonkwo", guild)).speaker
    assert maria.id != ben.id

    merged = await desk.curation.merge(f"#{maria.id}", f"#{ben.id}", guild, actor="ann (1)")
    assert merged.id == maria.id
    assert await speaker_of(desk, "cranes arrive next week", guild) == "Maria Okonkwo"
    assert "Ben Okonkwo" in await desk.curation.aliases_of(f"#{maria.id}", guild)
    # Re-extraction and later articles agree with the merge: the merged full name is pinned.
    await desk.curation.reindex(article_id=harbour)
    assert await speaker_of(desk, "cranes arrive next week", guild) == "Maria Okonkwo"
    await desk.ingest_text(LATER, "later.txt", IngestOptions(guild_id=GUILD))
    assert await speaker_of(desk, "ferry pier is finally safe", guild) == "Maria Okonkwo"

    # The merge was wrong after all: split the name off again, with the quotes made under it.
    ben_again = await desk.curation.split_alias(f"#{maria.id}", "Ben Okonkwo", guild, actor="ann (1)")
    assert ben_again.name == "Ben Okonkwo" and ben_again.id != maria.id
    assert await speaker_of(desk, "cranes arrive next week", guild) == "Ben Okonkwo"
    assert await speaker_of(desk, "ferry pier is finally safe", guild) == "Ben Okonkwo"
    assert await speaker_of(desk, "listened to every objection", guild) == "Maria Okonkwo"
    await desk.curation.reindex()
    assert await speaker_of(desk, "cranes arrive next week", guild) == "Ben Okonkwo"
    assert await speaker_of(desk, "listened to every objection", guild) == "Maria Okonkwo"

    with pytest.raises(CurationError, match="has no alias"):
        await desk.curation.split_alias(f"#{maria.id}", "Nobody Atall", guild, actor="ann (1)")
    with pytest.raises(CurationError, match="same speaker"):
        await desk.curation.merge(f"#{maria.id}", "Maria Okonkwo", guild, actor="ann (1)")


async def test_a_split_name_stands_through_reindex_before_anyone_is_quoted_under_it(desk, harbour):
    guild = Scope.guild(GUILD)
    maria = (await desk.quotes("Maria Okonkwo", guild)).speaker
    await desk.curation.merge(f"#{maria.id}", "Ben Okonkwo", guild, actor="ann (1)")
    await desk.curation.split_alias(f"#{maria.id}", "Ben Okonkwo", guild, actor="ann (1)")
    # a name no quote was made under yet (only the command line sees and splits those): its new
    # speaker has no quotes at all
    everyone = Scope.all()
    unquoted = next(a for a in await desk.curation.aliases_of(f"#{maria.id}", everyone) if "Okonkwo" not in a)
    split = await desk.curation.split_alias(f"#{maria.id}", unquoted, everyone, actor="cli")
    await desk.curation.reindex()
    assert await desk.store.get_speaker(split.id) is not None
    assert unquoted not in await desk.curation.aliases_of(f"#{maria.id}", everyone)  # re-extraction leaves it


async def test_speakers_quoted_in_the_shared_corpus_change_only_from_the_command_line(desk, harbour):
    guild = Scope.guild(GUILD)
    hegseth = (await desk.quotes("Pete Hegseth", guild)).speaker
    maria = (await desk.quotes("Maria Okonkwo", guild)).speaker
    with pytest.raises(CurationError, match="shared with other servers"):
        await desk.curation.check_merge(f"#{maria.id}", f"#{hegseth.id}", guild)  # what /merge asks before confirming
    with pytest.raises(CurationError, match="shared with other servers"):
        await desk.curation.merge(f"#{maria.id}", f"#{hegseth.id}", guild, actor="ann (1)")
    with pytest.raises(CurationError, match="shared with other servers"):
        await desk.curation.set_title(f"#{hegseth.id}", "Secretary of War", guild, actor="ann (1)")
    titled = await desk.curation.set_title(f"#{hegseth.id}", "Secretary of War", Scope.all(), actor="cli")
    assert titled.title == "Secretary of War"
    await desk.curation.reindex()
    assert (await desk.quotes("Pete Hegseth", guild)).speaker.title == "Secretary of War"


async def test_a_newer_version_replaces_text_keeps_id_and_corrections_that_still_apply(desk, harbour):
    guild = Scope.guild(GUILD)
    await desk.curation.edit_article(harbour, guild, actor="ann (1)", title="Harbour plan wins approval")
    cranes = await quote_id(desk, "cranes arrive next week", guild)
    jobs = await quote_id(desk, "will create four hundred jobs", guild)
    await desk.curation.reassign(cranes, "Priya Natarajan", guild, actor="ann (1)")
    await desk.curation.remove_quote(jobs, guild, actor="ann (1)")

    result = await desk.ingest_text(HARBOUR_CORRECTED, "harbour-v2.txt", in_guild())
    assert (result.status, result.article_id) == ("updated", harbour)
    view = await desk.article(harbour, guild)
    assert view.version == 2 and view.updated_at
    assert view.article.title == "Harbour plan wins approval"  # the moderator's title stands
    texts = [q.text for q in view.quotes]
    assert "We will publish the contracts" in texts
    assert not any("four hundred" in t for t in texts)
    assert any("three hundred" in t for t in texts)  # a reworded quote is a new quote: its removal no longer applies
    assert await speaker_of(desk, "cranes arrive next week", guild) == "Priya Natarajan"
    assert (await desk.stats(Scope.all()))["articles"] == 6
    same_again = await desk.ingest_text(HARBOUR_CORRECTED, "harbour-v2.txt", in_guild())
    assert same_again.status == "duplicate"
    # Another guild loading the same URL gets its own article: it cannot rewrite this guild's.
    other = await desk.ingest_text(HARBOUR_CORRECTED + "\nMore.", "h.txt", in_guild(OTHER_GUILD))
    assert other.status in ("added", "copy") and other.article_id != harbour


async def test_history_records_who_when_what_before_and_after_per_guild(desk, harbour):
    guild = Scope.guild(GUILD)
    await desk.curation.edit_article(harbour, guild, actor="ann (1)", outlet="Harbour Times")
    other = await desk.ingest_text(LATER, "later.txt", IngestOptions(guild_id=OTHER_GUILD, actor="bob (2)"))
    await desk.store.update_guild_settings(GUILD, actor="ann (1)", digest_time="07:30")

    events = await desk.curation.history(guild)
    actions = [(e.actor, e.action, e.target) for e in events]
    assert ("ann (1)", "config", "settings") == actions[0]
    assert ("ann (1)", "edit-article", f"article #{harbour}") in actions
    assert ("ann (1)", "ingest", f"article #{harbour}") in actions
    assert not any(e.article_id == other.article_id for e in events)  # another guild's business
    edit = next(e for e in events if e.action == "edit-article")
    assert edit.before == {"outlet": "Coast Herald"} and edit.after == {"outlet": "Harbour Times"}
    assert datetime.fromisoformat(edit.at).tzinfo is not None
    # one format for every event (ingest, correction, settings), so the times sort as text
    assert {len(e.at) for e in events} == {len("2026-01-05T10:00:00.000000+00:00")}

    per_article = await desk.curation.history(guild, article_id=harbour)
    assert [e.action for e in per_article] == ["edit-article", "ingest"]
    maria = (await desk.quotes("Maria Okonkwo", guild)).speaker
    await desk.curation.set_title(f"#{maria.id}", "Council leader", guild, actor="ann (1)")
    assert [e.action for e in await desk.curation.history(guild, speaker="Maria Okonkwo")] == ["set-title"]

    await desk.remove_article(harbour, guild.own_only(), actor="ann (1)")
    removed = await desk.curation.history(guild, article_id=harbour)
    assert removed[0].action == "remove" and removed[0].before["title"] == "Harbour plan approved"
    with pytest.raises(CurationError, match="no record"):
        await desk.curation.history(guild, article_id=9999)


async def test_purge_after_grace_leaves_other_guilds_and_seeds(desk, harbour):
    now = datetime(2026, 11, 24, 12, tzinfo=timezone.utc)
    desk.clock = lambda: now
    other = await desk.ingest_text(LATER, "later.txt", IngestOptions(guild_id=OTHER_GUILD))
    await desk.store.update_guild_settings(GUILD, actor="ann (1)", digest_time="07:30")
    seeds_before = await desk.articles(Scope.shared())

    await desk.curation.guild_left(GUILD)
    desk.clock = lambda: now + timedelta(days=29)
    assert await desk.curation.purge_due(30) == []
    assert await desk.article(harbour, Scope.all()) is not None
    desk.clock = lambda: now + timedelta(days=30, minutes=1)
    assert await desk.curation.purge_due(30) == [GUILD]

    assert await desk.article(harbour, Scope.all()) is None
    assert not await desk.speakers(Scope.all(), "Maria")
    assert await desk.curation.history(Scope.guild(GUILD)) == await desk.curation.history(Scope.shared())
    assert (await desk.store.guild_settings(GUILD)).digest_time == "09:00"  # back to defaults: no row
    assert await desk.article(other.article_id, Scope.guild(OTHER_GUILD)) is not None
    assert [a.id for a in await desk.articles(Scope.shared())] == [a.id for a in seeds_before]
    assert (await desk.quotes("Pete Hegseth", Scope.shared())).results


async def test_a_guild_that_comes_back_within_the_grace_period_keeps_its_data(desk, harbour):
    now = datetime(2026, 11, 24, 12, tzinfo=timezone.utc)
    desk.clock = lambda: now
    await desk.curation.guild_left(GUILD)
    assert await desk.curation.guild_returned(GUILD)
    desk.clock = lambda: now + timedelta(days=60)
    assert await desk.curation.purge_due(30) == []
    assert await desk.article(harbour, Scope.all()) is not None
    # Removed while the bot was offline: noticed at start-up, purged after the grace period.
    assert await desk.curation.guilds_left_while_away(present={OTHER_GUILD}) == [GUILD]
    desk.clock = lambda: now + timedelta(days=91)
    assert await desk.curation.purge_due(30) == [GUILD]


async def test_reindex_of_one_article_and_of_a_missing_one(desk, harbour):
    report = await desk.curation.reindex(article_id=harbour)
    assert report.articles == 1 and report.quotes_after == report.quotes_before
    with pytest.raises(CurationError, match="no article #999"):
        await desk.curation.reindex(article_id=999)
    seen = []
    await desk.curation.reindex(progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (6, 6)
