"""Loading articles: duplicates, near-copies, manifests and every kind of bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.ingest import IngestOptions
from bot.storage import Scope
from tests.conftest import SEEDS

ARTICLE = (
    "Harbour Reopens After the Storm\n\n"
    "“We are open for business again,” said Maria Lopez, the port director, on Tuesday.\n\n"
    "Shipping firms said that delays would ease by the end of the week.\n"
)


async def test_seeding_fills_an_empty_database_once(desk):
    assert (await desk.stats(Scope.all()))["articles"] == 5
    again = await desk.ingest_paths([SEEDS])
    assert [r.status for r in again] == ["duplicate"] * 5
    assert all(r.message.startswith("already in the corpus as #") for r in again)
    assert (await desk.stats(Scope.all()))["articles"] == 5


async def test_same_text_is_a_duplicate_even_with_other_whitespace(empty_desk):
    first = await empty_desk.ingest_text(ARTICLE, "a.txt")
    second = await empty_desk.ingest_text(ARTICLE.replace("\n\n", "\n   \n"), "b.txt")
    assert first.status == "added" and first.quotes >= 1
    assert second.status == "duplicate" and second.duplicate_of == first.article_id
    assert second.message == f"already in the corpus as #{first.article_id}"
    again = await empty_desk.ingest_text(ARTICLE, "c.txt", IngestOptions(title="Another title", outlet="Other Daily"))
    assert again.status == "duplicate" and (again.title, again.outlet) == (None, None)  # nothing written


async def test_duplicates_are_judged_within_what_the_guild_can_see(empty_desk):
    mine = await empty_desk.ingest_text(ARTICLE, "a.txt", IngestOptions(guild_id=1))
    theirs = await empty_desk.ingest_text(ARTICLE, "a.txt", IngestOptions(guild_id=2))
    assert mine.status == theirs.status == "added"
    assert await empty_desk.store.get_article(mine.article_id, Scope.guild(2)) is None


async def test_near_copy_is_stored_and_marked(empty_desk):
    original = await empty_desk.ingest_paths([next(SEEDS.glob("004_*.txt"))])
    edited = next(SEEDS.glob("004_*.txt")).read_text().replace("AFP contributed reporting.", "Reuters contributed reporting to this story.")
    copy = await empty_desk.ingest_text(edited, "syndicated.txt", IngestOptions(outlet="Other Outlet"))
    assert copy.status == "copy"
    assert copy.duplicate_of == original[0].article_id
    article = await empty_desk.store.get_article(copy.article_id, Scope.all())
    assert article.copy_of == original[0].article_id


async def test_explicit_metadata_overrides_the_text(empty_desk):
    result = await empty_desk.ingest_text(ARTICLE, "a.txt", IngestOptions(title="Given", outlet="Harbour Daily", date="2026-01-05"))
    assert (result.title, result.outlet, result.date) == ("Given", "Harbour Daily", "2026-01-05")


async def test_manifest_gives_metadata_by_file_name_or_stem(empty_desk, tmp_path: Path):
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "one.txt").write_text(ARTICLE)
    (folder / "two.md").write_text("# Second Story Here\n\nThe minister said on Monday that the budget would pass.\n")
    (folder / "manifest.json").write_text(json.dumps([
        {"file": "one.txt", "outlet": "Harbour Daily", "date": "2026-02-01", "url": "https://harbour.example/1"},
        {"file": "two", "title": "Budget Story", "outlet": "Capital Post"},
    ]))
    results = await empty_desk.ingest_paths([folder])
    by_source = {r.source: r for r in results}
    assert by_source["one.txt"].outlet == "Harbour Daily" and by_source["one.txt"].date == "2026-02-01"
    assert by_source["two.md"].title == "Budget Story" and by_source["two.md"].outlet == "Capital Post"


async def test_manifest_rows_that_match_no_file_are_reported_after_the_load(empty_desk, tmp_path: Path):
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "one.txt").write_text(ARTICLE)
    (folder / "manifest.csv").write_text(
        "file,outlet\none.txt,Harbour Daily\nonee.txt,Capital Post\nthree,Capital Post\n"
    )
    results = await empty_desk.ingest_paths([folder])
    assert [(r.source, r.status) for r in results] == [("one.txt", "added"), ("manifest.csv", "skipped")]
    assert results[1].message == "2 manifest rows match no file of this load: onee.txt, three"

    (folder / "manifest.csv").write_text("file,outlet\none,Harbour Daily\n")  # every row found: nothing to say
    assert [r.source for r in await empty_desk.ingest_paths([folder])] == ["one.txt"]


async def test_a_text_past_the_reading_limit_says_how_much_was_read(empty_desk):
    from bot.extraction.quotemarks import MAX_QUOTATIONS

    transcript = "Hearing Transcript\n\n" + "".join(
        f"“Item {n} is on the record,” the chairman said.\n" for n in range(MAX_QUOTATIONS + 500)
    )
    result = await empty_desk.ingest_text(transcript, "hearing.txt")
    assert result.status == "added" and 0 < result.quotes <= MAX_QUOTATIONS
    assert "quotes read in its first" in result.message and "the rest is not attributed" in result.message

    normal = await empty_desk.ingest_text(ARTICLE, "a.txt")
    assert normal.message == f"added as #{normal.article_id}"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty: the input has no text"),
        (b"   \n\t  ", "empty: the input has no text"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary: this looks like a binary file"),
        (b"\x00\x01\x02\x03" * 50, "binary"),
        (b"0:00\nNewsletter\nRemind me later.\n", "no usable text"),
    ],
)
async def test_bad_input_gets_a_clear_message_and_changes_nothing(empty_desk, data, message):
    result = await empty_desk.ingest_bytes(data, "upload.txt")
    assert result.status == "error"
    assert message in result.message
    assert (await empty_desk.stats(Scope.all()))["articles"] == 0


async def test_legacy_encodings_are_decoded(empty_desk):
    text = "Café Owners Protest Rent Rise\n\n“We cannot pay this,” said Zoë Martin, a café owner, on Monday in the city.\n"
    result = await empty_desk.ingest_bytes(text.encode("cp1252"), "latin.txt")
    assert result.status == "added"
    view = await empty_desk.article(result.article_id, Scope.all())
    assert any("We cannot pay this" in q.text for q in view.quotes)


async def test_oversized_input_is_refused(tmp_path):
    from bot.engine import QuoteDesk
    from tests.conftest import make_settings

    desk = await QuoteDesk.open(make_settings(tmp_path, seed_dir="", max_article_bytes=1000))
    try:
        result = await desk.ingest_bytes(b"word " * 400, "big.txt")
        assert result.status == "error" and "over the limit of 1,000 bytes" in result.message
        pasted = await desk.ingest_text("word " * 400, "pasted text")
        assert pasted.status == "error" and "too large" in pasted.message
    finally:
        await desk.close()


@pytest.mark.skipif(not Path("/proc/version").is_file(), reason="needs Linux's /proc, whose files say they are empty")
def test_a_file_larger_than_its_size_said_is_read_whole_and_held_to_the_limit():
    # A file may hold more than stat said when it was listed (it was still being written): it is
    # read on past that size, and refused as too large once it passes the limit.
    from bot.ingest import prepare_file

    proc = Path("/proc/version")  # a regular file whose size reads 0
    assert proc.stat().st_size == 0
    text = proc.read_text()
    prepared = prepare_file(proc, IngestOptions(), max_bytes=100_000)
    assert prepared.new.body.strip() == text.strip()
    refused = prepare_file(proc, IngestOptions(), max_bytes=10)
    assert refused.status == "error" and "over the limit of 10 bytes" in refused.message


async def test_missing_file_and_bad_date(empty_desk, tmp_path):
    missing = await empty_desk.ingest_paths([tmp_path / "nope.txt"])
    assert missing[0].status == "error" and "no such file" in missing[0].message
    bad_date = await empty_desk.ingest_text(ARTICLE, "a.txt", IngestOptions(date="yesterday"))
    assert bad_date.status == "error" and "not a date" in bad_date.message


async def test_malformed_manifest_is_refused(tmp_path):
    from bot.decoding import InputError
    from bot.manifest import load_manifest

    bad = tmp_path / "m.json"
    bad.write_text("{not json")
    with pytest.raises(InputError, match="not valid JSON"):
        load_manifest(bad)
    csv = tmp_path / "m.csv"
    csv.write_text("name,outlet\na.txt,X\n")
    with pytest.raises(InputError, match="'file' column"):
        load_manifest(csv)
    bad.write_text('[{"file": "a.txt", "title": ["a", "b"]}]')
    with pytest.raises(InputError, match="row 1: 'title' must be text"):
        load_manifest(bad)
    csv.write_text('file,title\na.txt,"' + "x" * 200_000 + '"\n')  # over the csv module's field limit
    with pytest.raises(InputError, match="m.csv is not valid CSV: field larger than field limit"):
        load_manifest(csv)


async def test_a_folder_is_loaded_in_name_order_with_its_manifest_rows(empty_desk, tmp_path: Path):
    folder = tmp_path / "batch"
    folder.mkdir()
    names = ["c.txt", "a.md", "b.html", "skip.pdf", "d.TXT"]
    for number, name in enumerate(names):
        story = f"Story Number {number}\n\nThe mayor said on Monday that plan {number} would pass.\n"
        if name.endswith(".html"):
            story = f"<html><body><h1>Story Number {number}</h1><p>{story.splitlines()[-1]}</p></body></html>"
        (folder / name).write_text(story)
    (folder / "manifest.csv").write_text("file,outlet,date\nc.txt,Harbour Daily,2026-03-01\nb,Capital Post,2026-03-02\n")
    results = await empty_desk.ingest_paths([folder, folder / "skip.pdf"], IngestOptions(title="Given"))
    # in a folder, a file of another kind is listed as skipped; named on its own, it is read
    assert [(r.source, r.status) for r in results] == [
        ("a.md", "added"), ("b.html", "added"), ("c.txt", "added"), ("d.TXT", "added"),
        ("skip.pdf", "skipped"), ("skip.pdf", "added"),
    ]
    assert [(r.outlet, r.date) for r in results[1:3]] == [("Capital Post", "2026-03-02"), ("Harbour Daily", "2026-03-01")]
    assert {r.title for r in results if r.status == "added"} == {"Given"}
