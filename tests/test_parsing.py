"""Parsing the seed articles and other inputs into clean text with metadata."""

from __future__ import annotations

import pytest

from bot.decoding import InputError, decode_bytes
from bot.parsing import detect_format, parse_article
from tests.conftest import SEEDS


def seed(name: str):
    path = next(SEEDS.glob(f"{name}_*.txt"))
    return parse_article(path.read_text(encoding="utf-8"))


def test_seed_000_date_title_outlet_and_appeal_removed():
    article = seed("000")
    assert article.date == "2026-03-07"
    assert article.title == "Russia is one of Iran’s closest partners."
    assert not article.title_is_headline
    assert article.outlet == "The Moscow Times"  # named by its own donation appeal
    for furniture in ("Dear readers", "Remind me later", "support us monthly", "undesirable", "A Message from"):
        assert furniture not in article.body
    assert article.body.endswith("American military assets.")


def test_seed_001_dateline_headline_and_link_list_removed():
    article = seed("001")
    assert article.date == "2026-03-12"  # from the dateline "Thursday, Mar 12, 2026"
    assert article.title == "Russia and Iran Forge Strategic Partnership Amid Global Tensions"
    assert article.title_is_headline
    for furniture in ("Focus on the BIG picture", "Newsletter", "Related Articles", "0:00", "×", "UFC Unveils"):
        assert furniture not in article.body
    assert article.body.rstrip().endswith("regional power dynamics.")


def test_seed_002_multiline_quote_kept_and_title_from_first_sentence():
    article = seed("002")
    assert article.date == "2026-03-08"
    assert article.title.startswith("Russia says it stands with its ally Iran")
    assert len(article.title) <= 80 and article.title.endswith("…")
    assert "Russian Ambassador to the United Kingdom:" in article.body
    assert "We take the current situation very badly" in article.body


def test_seed_003_headline_on_the_date_line():
    article = seed("003")
    assert article.date == "2026-03-06"
    assert article.title == "Trump’s Best Bud Putin Turns on Him in Iran War"
    assert "date 2026" not in article.body


def test_seed_004_date_and_no_furniture_to_remove():
    article = seed("004")
    assert article.date == "2026-03-07"
    assert article.title.startswith("U.S. Defense Secretary Pete Hegseth said Friday")
    assert "AFP contributed reporting." in article.body


def test_markdown_heading_becomes_the_title_and_syntax_goes():
    text = "# Minister Says Talks Will Resume\n\n*Published*: the [ministry](http://x.test) said on **Monday** that talks would resume next week.\n"
    article = parse_article(text, "markdown")
    assert article.title == "Minister Says Talks Will Resume"
    assert "the ministry said on Monday that talks would resume" in article.body
    assert "](" not in article.body and "**" not in article.body


def test_html_uses_page_metadata():
    html = """<html><head><title>Port Reopens - Harbour Daily</title>
    <meta property="og:site_name" content="Harbour Daily">
    <meta property="article:published_time" content="2026-02-03T08:00:00Z">
    <meta property="og:title" content="Port Reopens After Storm"></head>
    <body><article><h1>Port Reopens After Storm</h1>
    <p>“We are open for business again,” said Maria Lopez, the port director, on Tuesday morning.</p>
    <p>Shipping companies said that delays would ease by the end of the week, according to the port authority.</p>
    </article></body></html>"""
    article = parse_article(html, "html", url="https://harbour.example/port")
    assert article.title == "Port Reopens After Storm"
    assert article.outlet == "Harbour Daily"
    assert article.date == "2026-02-03"
    assert "We are open for business again" in article.body


def test_outlet_falls_back_to_the_url_site():
    article = parse_article("A long enough article body that says something about the harbour.", url="https://www.harbour.example/a")
    assert article.outlet == "harbour.example"


@pytest.mark.parametrize("text", ["", "   \n\n  ", "0:00\nNewsletter\n", "1234 5678"])
def test_no_usable_text_is_refused(text):
    with pytest.raises(InputError, match="no usable text"):
        parse_article(text)


def test_json_data_is_refused_as_an_article():
    with pytest.raises(InputError, match="JSON data, not an article"):
        parse_article('{"title": "A story", "text": "\\"We are ready,\\" said coach Ben Ade."}')


def test_a_page_saved_as_txt_is_read_as_a_page():
    assert detect_format("story.txt", "<!DOCTYPE html>\n<html><head><title>T</title></head>") == "html"
    assert detect_format("story.txt", "Some prose that mentions <p> tags.") == "text"


def test_single_byte_cyrillic_is_not_read_as_western_accents():
    russian = "Новости\n\n«Мы не нейтральны», — сказал посол.\n".encode("cp1251")
    assert decode_bytes(russian, max_bytes=10_000).startswith("Новости")
    page = '<html><head><meta charset="windows-1251"><title>Заголовок</title></head><body><p>Текст.</p></body></html>'
    assert "Заголовок" in decode_bytes(page.encode("cp1251"), max_bytes=10_000)
    western = "Herr Müller sagte, der Café sei geöffnet, and the mayor agreed.".encode("cp1252")
    assert decode_bytes(western, max_bytes=10_000) == western.decode("cp1252")


def test_sentences_end_at_abbreviations_only_where_the_abbreviation_cannot_stand():
    from bot.sentences import split_sentences

    assert split_sentences("He ranked No. 5 in the poll. Baker voted no. “We were not heard,” he said. See pp. 12-14.") == [
        "He ranked No. 5 in the poll.", "Baker voted no.", "“We were not heard,” he said.", "See pp. 12-14.",
    ]
    assert split_sentences("Mr. Baker met Dr. Ortiz. They spoke.") == ["Mr. Baker met Dr. Ortiz.", "They spoke."]


def test_utf16_saved_without_a_byte_order_mark_is_text():
    text = "Köln Council Votes\n\nThe mayor said on Monday that the bridge would reopen.\n"
    for encoding in ("utf-16-le", "utf-16-be"):
        assert decode_bytes(text.encode(encoding), max_bytes=10_000) == text


def test_a_stray_nul_past_the_start_is_dropped_not_stored():
    data = ("Title\n\n" + "The mayor said the bridge would reopen. " * 200).encode() + b"\x00 End."
    assert "\x00" not in decode_bytes(data, max_bytes=100_000)


def test_terminal_escapes_in_a_pasted_article_are_no_part_of_its_words():
    pasted = 'Council Votes\n\n\x1b[1mThe mayor said\x1b[0m: "The bridge \x1b]0;owned\x07will reopen."\x0cEnd.'
    article = parse_article(pasted)
    assert article.title == "Council Votes"
    assert '\nThe mayor said: "The bridge will reopen."\n' in article.body
    assert "\x1b" not in article.body and "owned" not in article.body and "[1m" not in article.body


def test_a_title_is_one_line_of_at_most_500_characters_however_it_is_given():
    from bot.metadata import clean_label

    assert clean_label("  Line one\n line\ttwo \x1b[2J", 500) == "Line one line two"
    assert len(clean_label("word " * 400, 500)) <= 500
    assert clean_label(" \x07 ", 500) is None


def test_a_date_with_anything_but_a_time_after_it_is_no_date():
    from bot.metadata import normalize_date

    assert normalize_date("2026-03-01; DROP TABLE") is None
    assert normalize_date("2026-03-01T09:30:00Z") == normalize_date("2026-03-01 09:30 EDT") == "2026-03-01"
