"""A small bar chart (PNG) of quotes per speaker for the digest, drawn with matplotlib."""

from __future__ import annotations

import io

from bot.models import Speaker

MIN_SPEAKERS_TO_DRAW = 2  # one bar says nothing a sentence could not


def quotes_per_speaker_png(speakers: list[Speaker]) -> bytes | None:
    """PNG bytes, or None when there is too little to draw."""
    drawn = [s for s in speakers if s.quotes][:10]
    if len(drawn) < MIN_SPEAKERS_TO_DRAW:
        return None
    import matplotlib

    matplotlib.use("Agg")  # no display: render to memory
    from matplotlib import pyplot

    names = [s.name if len(s.name) <= 28 else s.name[:27] + "…" for s in drawn][::-1]
    counts = [s.quotes or 0 for s in drawn][::-1]
    figure, axes = pyplot.subplots(figsize=(6, 0.45 * len(drawn) + 1.0), dpi=100)
    try:
        axes.barh(names, counts, color="#3465a4")
        axes.set_xlabel("quotes in this digest")
        axes.xaxis.get_major_locator().set_params(integer=True)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
        return buffer.getvalue()
    finally:
        pyplot.close(figure)
