"""The three questions over the seed corpus, as a user would ask them."""

from __future__ import annotations

from datetime import date

import pytest

from bot.ask import understand
from bot.decoding import InputError
from bot.ingest import IngestOptions
from bot.storage import Scope
from bot.storage.scope import Filters

ALL = Scope.all()


async def test_whosaid_finds_the_speaker_of_an_exact_phrase(desk):
    answer = await desk.whosaid("we are achieving the military objectives", ALL)
    best = answer.results[0]
    assert best.quote.speaker.name == "Karoline Leavitt"
    assert best.quote.speaker.title == "White House Press Secretary"
    assert best.article.date == "2026-03-07"


@pytest.mark.parametrize(
    "remembered",
    [
        "we are not nuetral",  # misspelt
        "WE SUPPORT IRAN we are not neutral",  # order and case
        "\"we are not neutral\"",  # straight quotes around it
        "we're not neutral",  # a contraction the speaker did not use
    ],
)
async def test_whosaid_tolerates_how_people_remember(desk, remembered):
    answer = await desk.whosaid(remembered, ALL)
    assert answer.results, remembered
    assert "not neutral" in answer.results[0].quote.text


async def test_whosaid_answers_once_for_words_an_article_quotes_twice(desk):
    # the lead quotes "We are not neutral" after "Russian diplomats"; the full quotation follows
    # under the ambassador's title: one result, the named speaker's
    answer = await desk.whosaid("we are not neutral", ALL)
    from_that_article = [s for s in answer.results if s.article.id == answer.results[0].article.id]
    assert len(from_that_article) == 1
    assert answer.results[0].quote.speaker.kind == "person"
    assert "Ambassador" in answer.results[0].quote.speaker.name


async def test_whosaid_groups_reports_of_the_same_words_earliest_first(desk):
    answer = await desk.whosaid("not concerned", ALL)
    statement = next(s for s in answer.results if s.quote.text == "not concerned")
    assert statement.quote.speaker.name == "Pete Hegseth"
    dates = [statement.article.date] + [a.date for a in statement.also]
    assert len(dates) >= 2 and dates == sorted(dates)


async def test_whosaid_lists_no_stranger_beside_a_close_match(empty_desk):
    await empty_desk.ingest_text("Harbour Plan\n\n“I don't know what she was thinking,” said Ann Stone.\n\n"
                                 "“She was thinking of the harbour, I know that,” said Tom Lane.\n", "a.txt")
    answer = await empty_desk.whosaid("I don't know what she was thinking", ALL)
    assert [s.quote.speaker.name for s in answer.results] == ["Ann Stone"]


async def test_whosaid_says_nothing_rather_than_something_unrelated(desk):
    assert (await desk.whosaid("the quarterly earnings beat expectations", ALL)).results == []


@pytest.mark.parametrize("name", ["Pete Hegseth", "Hegseth", "pete hegset", "Defense Secretary Pete Hegseth", "the defense secretary"])
async def test_quotes_resolves_the_speaker_many_ways(desk, name):
    answer = await desk.quotes(name, ALL)
    assert answer.speaker is not None and answer.speaker.name == "Pete Hegseth", name
    assert len(answer.results) >= 3
    dates = [s.article.date for s in answer.results]
    assert dates == sorted(dates, reverse=True)  # newest first


async def test_quotes_with_a_topic(desk):
    answer = await desk.quotes("Hegseth", ALL, about="Russia")
    assert answer.results
    assert all("russia" in (s.quote.text + s.quote.sentence).lower() for s in answer.results)


async def test_quotes_for_an_unknown_speaker(desk):
    answer = await desk.quotes("Zebulon Quackenbush", ALL)
    assert answer.speaker is None and answer.candidates == [] and answer.results == []


async def test_quotes_asks_which_one_when_two_people_share_a_surname(empty_desk):
    await empty_desk.ingest_text("Budget Row Deepens\n\n“We will not cut pensions,” said John Smith, the finance minister, on Monday.\n", "a.txt")
    await empty_desk.ingest_text("Hospital Warns of Delays\n\n“The wards are full,” said Jane Smith, a doctor at the city hospital.\n", "b.txt")
    answer = await empty_desk.quotes("Smith", ALL)
    assert answer.speaker is None
    assert sorted(c.name for c in answer.candidates) == ["Jane Smith", "John Smith"]


async def test_a_bare_surname_shared_by_several_people_is_one_speaker_not_one_per_article(empty_desk):
    await empty_desk.ingest_text("Budget Row Deepens\n\n“We will not cut pensions,” said John Smith, the finance minister.\n", "a.txt")
    await empty_desk.ingest_text("Hospital Warns of Delays\n\n“The wards are full,” said Jane Smith, a doctor.\n", "b.txt")
    for day in range(3):  # articles that never give a first name
        await empty_desk.ingest_text(f"Council Meets\n\nSmith said the council would meet on day {day}.\n", f"c{day}.txt")
    answer = await empty_desk.quotes("Smith", ALL)
    assert sorted(c.name for c in answer.candidates) == ["Jane Smith", "John Smith", "Smith"]
    bare = await empty_desk.quotes_of(next(c for c in answer.candidates if c.name == "Smith"), ALL)
    assert len(bare.results) == 3


async def test_a_surname_with_a_glued_particle_is_the_full_name_it_belongs_to(empty_desk):
    await empty_desk.ingest_text("Blast Inquiry\n\n“We are looking at everything,” said Police Commissioner James O'Neill.\n", "a.txt")
    await empty_desk.ingest_text("Blast Inquiry Widens\n\n“There is no link yet,” O’Neill said on Sunday.\n", "b.txt")
    answer = await empty_desk.quotes("O'Neill", ALL)
    assert answer.speaker is not None and answer.speaker.name == "James O'Neill"
    assert len(answer.results) == 2


async def test_an_unknown_full_name_is_not_someone_with_the_same_first_name(desk):
    answer = await desk.quotes("Vladimir Zelensky", ALL)
    assert answer.speaker is None and not answer.results
    assert [s.name for s in answer.suggestions][:1] == ["Vladimir Putin"]  # offered, not answered for
    assert (await desk.quotes("Vladimir Puttin", ALL)).speaker.name == "Vladimir Putin"  # a misspelling is


async def test_one_misspelt_word_of_a_name_finds_its_speaker(desk):
    for misspelt, name in (("Vladamir", "Vladimir Putin"), ("Masud", "Masoud Pezeshkian")):  # first names
        answer = await desk.quotes(misspelt, ALL)
        assert answer.speaker is not None and answer.speaker.name == name, misspelt


async def test_what_s_said_lists_a_partial_quote_once_inside_its_clause(empty_desk):
    await empty_desk.ingest_text("Harbour Plan\n\nMayor Ann Stone said the plan was “a disaster for the harbour” "
                                 "and should stop at once.\n", "a.txt")
    answer = await empty_desk.quotes("Ann Stone", ALL)
    assert [s.quote.text for s in answer.results] == ["the plan was “a disaster for the harbour” and should stop at once"]


async def test_a_surname_with_an_office_is_not_an_untitled_namesake(empty_desk):
    await empty_desk.ingest_text("Garden Opens\n\n“We will plant it together,” said Ann Stone at the garden.\n", "a.txt")
    await empty_desk.ingest_text("Climate Talks\n\n“The planet is warming,” President Stone said on Monday.\n", "b.txt")
    ann = await empty_desk.quotes("Ann Stone", ALL)
    assert [s.quote.text for s in ann.results] == ["We will plant it together"]
    assert ann.speaker is not None and ann.speaker.title is None  # she did not become "President"
    # the president's full name, given later, is the same person as "President Stone"
    await empty_desk.ingest_text("Summit Ends\n\n“We agreed on a plan,” said President Tom Stone.\n", "c.txt")
    tom = await empty_desk.quotes("Tom Stone", ALL)
    assert sorted(s.quote.text for s in tom.results) == ["The planet is warming", "We agreed on a plan"]


async def test_sources_finds_paraphrases_and_names_the_origin(desk):
    answer = await desk.sources("Moscow is feeding Tehran data on American warships", ALL)
    assert len(answer.results) >= 2
    assert answer.origin is not None and answer.origin.name.endswith("Washington Post")
    assert all(r.sentence for r in answer.results)
    assert len({r.article.id for r in answer.results}) == len(answer.results)  # one result per article


@pytest.mark.parametrize(
    "misspelt",
    [
        "Rusia and Iran signed a strategik partnership treaty",  # a country and a word
        "Moskow is feeding Tehran data on American warshipz",
    ],
)
async def test_sources_finds_a_claim_with_misspelt_words(desk, misspelt):
    answer = await desk.sources(misspelt, ALL)
    assert answer.results, misspelt
    assert any("Iran" in r.sentence for r in answer.results)


async def test_a_word_no_article_uses_is_corrected_only_when_it_is_a_typo_away(empty_desk):
    await empty_desk.ingest_text("Envoy Row\n\n“We expect the American ambassador to leave Moscow soon,” "
                                 "said one Russian official on Monday.\n", "a.txt")
    typo = await empty_desk.sources("Russia expcts the American ambassador to leave", ALL)
    assert [r.article.source for r in typo.results] == ["a.txt"]
    # "expelled" is two edits from "expect": a word the corpus lacks, not a typo, so another claim
    assert (await empty_desk.sources("Russia expelled the American ambassador", ALL)).results == []
    # a short word alone is taken as typed: "soom" alone is not "soon" (nothing else holds the claim)
    assert (await empty_desk.sources("soom", ALL)).results == []


async def test_a_misspelt_word_is_never_corrected_into_another_claim(desk):
    # "Brazl" is no country the corpus mentions near these words: still nothing, not Iran's news
    answer = await desk.sources("Brazl won the footbal world cup final", ALL)
    assert answer.results == []


async def test_a_bare_title_offers_everyone_who_holds_it(desk):
    # "President" is an alias of one speaker only (a text called him just that); the other president
    # must not be passed over in silence
    answer = await desk.quotes("President", ALL)
    assert answer.speaker is None
    assert {c.name for c in answer.candidates} >= {"Vladimir Putin", "Masoud Pezeshkian"}
    assert (await desk.quotes("Putin", ALL)).speaker.name == "Vladimir Putin"  # a name still picks its speaker


async def test_the_origin_and_the_count_of_reports_do_not_depend_on_the_limit(desk):
    claim = "Russia is providing Iran with intelligence"
    full, first = await desk.sources(claim, ALL), await desk.sources(claim, ALL, limit=1)
    assert len(first.results) == 1 and first.results[0] == full.results[0]
    assert first.origin == full.origin and first.origin is not None
    assert first.reporting == full.reporting == len(full.results) > 1


async def test_a_neighbour_naming_a_source_for_its_own_news_is_no_origin(empty_desk):
    story = ("Tax Plan\n\nThe plan would cut the top rate to 25 percent, the campaign said on Tuesday. "
             "Four loopholes for developers would stay, The Harbour Ledger reported. "
             "The Coast Times first reported the new ferry schedule on Monday. "
             "Ferries will run every hour from June.\n")
    await empty_desk.ingest_text(story, "a.txt", IngestOptions(outlet="Bay News", date="2026-05-02"))
    rate = await empty_desk.sources("the plan cuts the top rate to 25 percent", ALL)
    assert rate.results and rate.origin is None  # the Ledger's report is of the loopholes
    ferries = await empty_desk.sources("ferries will run every hour from June", ALL)
    assert ferries.origin is not None and ferries.origin.name == "The Coast Times"  # a first report leads in


async def test_an_origin_said_of_the_claim_before_is_not_given_to_the_next_one(empty_desk):
    story = ("Port Strike\n\nDock workers in Rotterdam walked out over automation plans on Tuesday. "
             "That allegation was first reported by The Harbour Ledger. "
             "The city council approved a new ferry terminal budget on Wednesday.\n")
    await empty_desk.ingest_text(story, "a.txt", IngestOptions(outlet="Coast Times", date="2026-05-02"))
    ferry = await empty_desk.sources("the council approved the ferry terminal budget", ALL)
    assert ferry.results and ferry.origin is None  # the sentence before it speaks of the strike
    strike = await empty_desk.sources("Rotterdam dock workers walked out over automation", ALL)
    assert strike.origin is not None and strike.origin.name == "The Harbour Ledger"


async def test_a_source_that_reports_a_denial_is_marked_as_such(empty_desk):
    await empty_desk.ingest_text("Ships\n\nRussia is giving Iran the locations of American warships, officials said.\n",
                                 "report.txt", IngestOptions(outlet="Capital Post", date="2026-03-06"))
    await empty_desk.ingest_text("Denial\n\nThe Kremlin denied that Russia is giving Iran the locations of American warships.\n",
                                 "denial.txt", IngestOptions(outlet="Harbour Daily", date="2026-03-07"))
    answer = await empty_desk.sources("Russia is giving Iran the locations of American warships", ALL)
    assert {(r.article.source, r.disputed) for r in answer.results} == {("report.txt", False), ("denial.txt", True)}


@pytest.mark.parametrize("sentence, disputes", [
    ("Moscow dismissed the reports as Western propaganda.", True),
    ("Officials called the allegation baseless.", True),
    ("There is no evidence that Russia shared the data.", True),
    ("The ministry disputed the newspaper's account.", True),
    ("The court denied him bail on Friday.", False),  # to deny as to withhold
    ("They toured the disputed territory.", False),
    ("Russia is sharing the data, officials said.", False),
])
def test_denial_and_dispute_language(sentence, disputes):
    from bot.stance import reports_dispute

    assert reports_dispute(sentence) is disputes


async def test_words_an_article_quotes_twice_are_one_report_of_it(empty_desk):
    story = ("Plant Vote\n\n“We will keep the plant open,” said Mayor Dana Whitfield on Monday.\n\n"
             "Later she repeated it. “We will keep the plant open,” Whitfield said.\n")
    await empty_desk.ingest_text(story, "a.txt", IngestOptions(outlet="Valley News", date="2026-03-20"))
    [statement] = (await empty_desk.quotes("Dana Whitfield", ALL)).results
    assert statement.also == [] and statement.also_count == 0


async def test_words_two_people_said_together_are_one_answer_naming_both(empty_desk):
    story = ("Budget\n\nSenators Jane Doe and John Roe said in a joint statement on Monday that the "
             "budget deal was dead.\n")
    await empty_desk.ingest_text(story, "a.txt", IngestOptions(outlet="Valley News", date="2026-03-20"))
    [statement] = (await empty_desk.whosaid("the budget deal was dead", ALL)).results
    assert {statement.quote.speaker.name, *(s.name for s in statement.together)} == {"Jane Doe", "John Roe"}
    # every way the answer is shown names both
    from bot import serialize, textout
    from cogs.ui.embeds import statement_embed

    data = serialize.statement(statement)
    assert {data["speaker"]["name"], *(s["name"] for s in data["with"])} == {"Jane Doe", "John Roe"}
    assert " and ".join([statement.quote.speaker.name, statement.together[0].name]) in textout.statement_block(1, statement)
    said_by = next(f for f in statement_embed(statement).fields if f.name == "Said by")
    assert "Jane Doe" in said_by.value and "John Roe" in said_by.value
    for name in ("Jane Doe", "John Roe"):  # and each of them said it
        [theirs] = (await empty_desk.quotes(name, ALL)).results
        assert theirs.quote.text == "the budget deal was dead"


async def test_an_unnamed_mayor_or_department_is_someone_in_its_own_article_only(empty_desk):
    await empty_desk.ingest_text("Flights\n\nThe Justice Department said it would appeal the ruling.\n", "doj.txt")
    await empty_desk.ingest_text("Fire season\n\nThe department said in a news release that evacuation maps had been updated.\n", "fire.txt")
    await empty_desk.ingest_text("Snow\n\n“No street will be left behind,” the mayor said.\n", "chicago.txt")
    await empty_desk.ingest_text("Parks\n\n“The parks will reopen in May,” the mayor said.\n", "denver.txt")
    doj = await empty_desk.quotes("Justice Department", ALL)
    assert [s.article.source for s in doj.results] == ["doj.txt"]
    mayors = await empty_desk.quotes("the mayor", ALL)
    assert mayors.speaker is None and len(mayors.candidates) == 2  # two mayors, not one
    chosen = await empty_desk.quotes(f"#{mayors.candidates[0].id}", ALL)  # picked by number
    assert chosen.speaker is not None and len(chosen.results) == 1


def test_a_title_word_opening_an_institutions_name_is_part_of_it():
    from bot.identity import name_key

    assert name_key("the Justice Department") == "justice department"
    assert name_key("Justice Ruth Bader Ginsburg") == "ruth bader ginsburg"
    assert name_key("Mr. Putin") == "putin"


async def test_a_speaker_question_without_a_name_is_refused_and_an_outlet_is_read_as_words(desk):
    for typed in ("*", "\"", "%"):
        with pytest.raises(InputError, match="speaker's name"):
            await desk.quotes(typed, ALL)
    padded = await desk.whosaid("military cooperation is no secret", ALL, Filters(outlet="  The Moscow   Times "))
    assert padded.results and Filters(outlet=" The  Post ").outlet == "The Post"


def test_a_possessive_is_not_an_origin():
    from bot.provenance import find_origin

    assert find_origin(["Officials were not concerned by Russia's reported information sharing."]) is None
    assert find_origin(["The Guardian reported the talks on Monday."]).name == "The Guardian"


async def test_common_words_alone_match_no_quote_in_particular(desk):
    assert (await desk.whosaid("the", ALL)).results == [] and (await desk.whosaid("it is", ALL)).results == []


async def test_a_pasted_paragraph_finds_the_articles_of_each_of_its_sentences(desk):
    one = "This bolstered alliance comes amidst Western sanctions that have strained both nations economically and politically."
    other = "The timing of the visit, just days before the U.S. Presidential inauguration of Donald Trump, has drawn international attention."
    alone = await desk.sources(one, ALL)
    together = await desk.sources(f"{one} {other}", ALL)
    assert alone.results and {r.article.id for r in alone.results} <= {r.article.id for r in together.results}


async def test_a_pasted_article_is_looked_up_by_its_first_words(desk):
    from bot.engine import MAX_QUERY_CHARS

    pasted = " ".join(["Moscow is feeding Tehran data on American warships, officials said."] * 200)
    answers = [await desk.whosaid(pasted, ALL), await desk.sources(pasted, ALL), await desk.quotes(pasted, ALL),
               await desk.ask(pasted, ALL)]
    assert all(len(answer.query) <= MAX_QUERY_CHARS and pasted.startswith(answer.query) for answer in answers)
    assert answers[1].results  # the claim is still found from the words kept


async def test_counting_matches_for_hundreds_of_terms_works(desk):
    # SQLite refuses a compound query of more than 500 parts: the counts are asked in chunks
    terms = [f"word{n}" for n in range(1200)] + ["iran"]
    counts = await desk.store.match_counts("passages", terms, 5)
    assert counts[:-1] == [0] * 1200 and counts[-1] > 0


@pytest.mark.parametrize(
    "claim",
    [
        "Brazil won the football world cup final",
        "The central bank raised interest rates by half a point",
        "A new vaccine cuts malaria deaths in children",
        "Russia expelled the American ambassador",  # "expelled" is in no article, and no typo of "expect"
    ],
)
async def test_sources_returns_nothing_for_claims_the_corpus_does_not_support(desk, claim):
    answer = await desk.sources(claim, ALL)
    assert answer.results == [] and answer.origin is None


async def test_filters_narrow_every_question(desk):
    assert (await desk.whosaid("not concerned", ALL, Filters(since="2026-03-08"))).results == []
    only = await desk.sources("Russia is providing Iran with intelligence", ALL, Filters(outlet="moscow times"))
    assert only.results and all(r.article.outlet == "The Moscow Times" for r in only.results)


async def test_queries_with_search_syntax_are_plain_text(desk):
    for hostile in ['"unbalanced', "NEAR(a b)", "a AND OR NOT b", "*", "^start", "col:value", "((()", "'; DROP TABLE quotes; --"]:
        await desk.whosaid(hostile, ALL)
        await desk.sources(hostile, ALL)
        try:
            await desk.quotes(hostile, ALL)
        except InputError:  # no name in it at all ("*", "((()"): refused in words, never a crash
            assert not any(ch.isalnum() for ch in hostile)


@pytest.mark.parametrize(
    ("question", "intent", "field", "value"),
    [
        ("who said we are not neutral?", "whosaid", "phrase", "we are not neutral"),
        ("who called the funding bill a band-aid?", "whosaid", "phrase", "a band-aid"),  # the words quoted
        ("who called it “reckless”?", "whosaid", "phrase", "reckless"),
        ("who called for a ceasefire?", "whosaid", "phrase", "for a ceasefire"),
        ("who is quoted about deportation flights?", "whosaid", "phrase", "deportation flights"),
        ("What has Boasberg written?", "quotes", "speaker", "Boasberg"),
        ("What did Hegseth say about Russia?", "quotes", "speaker", "Hegseth"),
        ("sources for Russia is helping Iran", "sources", "claim", "Russia is helping Iran"),
        ("where did the claim that Russia is helping Iran come from", "sources", "claim", "Russia is helping Iran"),
        ("is it true that Russia is helping Iran?", "sources", "claim", "Russia is helping Iran"),
        ("“They’re not really a factor here”", "whosaid", "phrase", "They’re not really a factor here"),
        ("who called it a stupid question?", "whosaid", "phrase", "a stupid question"),  # what was called, not its object
        ("Who warned that the talks would fail", "whosaid", "phrase", "that the talks would fail"),
        ("has Hegseth said anything about Russia?", "quotes", "about", "Russia"),
        ("what did Hegseth tell reporters?", "quotes", "speaker", "Hegseth"),
        ("what did Hegseth tell reporters about Russia?", "quotes", "about", "Russia"),
    ],
)
async def test_ask_understands_the_usual_phrasings(desk, question, intent, field, value):
    answer = await desk.ask(question, ALL)
    understood = answer.understood.as_dict()
    assert understood["intent"] == intent and understood[field] == value


def test_ask_reads_a_time_at_the_end_of_what_did_s_say():
    today = date(2026, 12, 6)
    assert understand("What has Putin said since March 8?", today).since == "2026-03-08"
    assert understand("What did Putin say last week?", today).since == "2026-11-29"
    before = understand("what did Putin say about Iran before 2026-03-07", today)
    assert (before.text, before.about, before.until) == ("Putin", "Iran", "2026-03-07")
    # in a remembered phrase or a claim, a time is words, not a filter
    assert understand("who said the war has gone on since March 8", today).text == "the war has gone on since March 8"


async def test_ask_narrows_what_did_s_say_to_the_time_asked(desk):
    answer = await desk.ask("What did Hegseth say since 2026-03-07?", ALL)
    assert answer.filters.since == "2026-03-07"
    assert answer.answer.results and all(s.article.date >= "2026-03-07" for s in answer.answer.results)
    assert not (await desk.ask("What did Hegseth say before 2026-01-01?", ALL)).answer.results


async def test_ask_takes_a_bare_name_as_what_did_they_say(desk):
    answer = await desk.ask("Pete Hegseth", ALL)
    assert answer.understood.intent == "quotes" and answer.answer.speaker.name == "Pete Hegseth"
    on = await desk.ask("Hegseth on Russia", ALL)
    assert (on.understood.intent, on.understood.about) == ("quotes", "Russia")
    assert (await desk.ask("Russia is helping Iran", ALL)).understood.intent == "sources"  # a claim stays one


async def test_ask_with_nothing_to_look_for_is_refused(desk):
    with pytest.raises(InputError, match="give some words"):
        await desk.ask('"""', ALL)
    for greeting in ("hello", "who?"):  # no claim, and no one's name: say how to ask
        with pytest.raises(InputError, match="not a question I can answer"):
            await desk.ask(greeting, ALL)


async def test_ask_routes_to_the_answer(desk):
    answer = await desk.ask("What did Hegseth say about Russia?", ALL)
    assert answer.understood.about == "Russia"
    assert answer.answer.speaker.name == "Pete Hegseth" and answer.answer.results
