"""What the Discord layer shows stays within Discord's limits without losing the shape of the text."""

from __future__ import annotations

from cogs.ui.embeds import clip


def test_clip_keeps_line_breaks_and_its_limit():
    listed = "#6 · Coast Herald — Harbour plan approved\n#7   ·  Isle News — Ferry   returns"
    assert clip(listed, 1024) == "#6 · Coast Herald — Harbour plan approved\n#7 · Isle News — Ferry returns"
    assert clip("  the quote  \n<https://example.com/story>\n", 1024) == "the quote\n<https://example.com/story>"
    for limit in (5, 12, 30, 47):
        short = clip(listed, limit)
        assert len(short) <= limit and short.endswith("…")
    assert clip("first line\nsecond line", 15) == "first line…"  # cut at the line break, not mid-word

