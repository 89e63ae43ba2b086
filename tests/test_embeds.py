"""What the Discord layer shows stays within Discord's limits without losing the shape of the text."""

from __future__ import annotations

from cogs.ui.embeds import TOTAL_MAX, clip, list_pages


def test_clip_keeps_line_breaks_and_its_limit():
    listed = "#6 · Coast Herald — Harbour plan approved\n#7   ·  Isle News — Ferry   returns"
    assert clip(listed, 1024) == "#6 · Coast Herald — Harbour plan approved\n#7 · Isle News — Ferry returns"
    assert clip("  the quote  \n<https://example.com/story>\n", 1024) == "the quote\n<https://example.com/story>"
    for limit in (5, 12, 30, 47):
        short = clip(listed, limit)
        assert len(short) <= limit and short.endswith("…")
    assert clip("first line\nsecond line", 15) == "first line…"  # cut at the line break, not mid-word


def test_list_pages_never_drops_a_line():
    lines = [f"event {i:03d} " + "x" * 590 for i in range(25)] + ["one short line"] + ["y" * 9000]
    pages = list_pages("History", lines, "27 events, newest first")
    shown = [line for page in pages for line in page.description.split("\n")]
    assert [line[:9] for line in shown[:25]] == [f"event {i:03d}" for i in range(25)]
    assert shown[25] == "one short line" and shown[26].startswith("yyy") and shown[26].endswith("…")
    assert len(shown) == len(lines)
    assert all(len(page) + len("Page 10/10 · ") <= TOTAL_MAX and len(page.description) <= 4096 for page in pages)
    assert [len(page.description.split("\n")) for page in list_pages("Short", ["a"] * 23)] == [10, 10, 3]


def test_a_source_that_reports_a_denial_says_so_under_its_sentence():
    from bot.models import Article, Source
    from bot.engine import SourcesAnswer
    from cogs.ui.embeds import sources_embeds

    article = Article(id=2, source="b.txt", title="Denial", outlet="Harbour Daily", date="2026-03-07", url=None)
    answer = SourcesAnswer(query="Russia is giving Iran data", origin=None, reporting=1,
                           results=[Source(score=1.0, article=article, sentences=["The Kremlin denied it."], disputed=True)])
    embed = sources_embeds(answer)[0]
    assert embed.fields[0].value == "“The Kremlin denied it.”\n⚠ reports a denial or dispute"
    assert embed.description.endswith("1 listed reports a denial or dispute.")


def test_an_article_address_discord_cannot_follow_is_no_link():
    from bot.models import Article
    from cogs.ui.embeds import article_pages

    for url, linked in (("https://example.com/a", True), ("javascript:alert(1)", False),
                        ("https://example.com/" + "a" * 3000, False)):
        article = Article(id=1, source="a.txt", title="A", outlet=None, date=None, url=url)
        assert (article_pages(article, [])[0].url is not None) == linked, url[:40]
