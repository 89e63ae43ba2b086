"""The batch writer's memory of shared speakers forgets exactly what a write may have changed."""

from __future__ import annotations

from bot.storage.speaker_lookups import SpeakerLookups


def _reader(answers: dict, reads: list):
    def read(names):
        reads.append(names)
        return answers.get(names, [])

    return read


def test_a_lookup_is_read_once_until_a_write_touches_it():
    reads: list = []
    read = _reader({("jane smith", "smith"): [(1, "Jane Smith", "mayor")]}, reads)
    lookups = SpeakerLookups()
    for _ in range(3):
        assert lookups.candidates(("jane smith", "smith"), read) == [(1, "Jane Smith", "mayor")]
    assert reads == [("jane smith", "smith")]

    # someone else now answers to "smith": both lookups of that name are read again
    lookups.candidates(("john smith", "smith"), read)
    lookups.candidates(("lee", "lee"), read)
    lookups.aliases_added(["smith"])
    lookups.candidates(("jane smith", "smith"), read)
    lookups.candidates(("john smith", "smith"), read)
    lookups.candidates(("lee", "lee"), read)
    assert reads.count(("jane smith", "smith")) == 2 and reads.count(("john smith", "smith")) == 2
    assert reads.count(("lee", "lee")) == 1


def test_a_renamed_or_retitled_speaker_is_read_again_wherever_it_was_a_candidate():
    reads: list = []
    read = _reader({("smith", "smith"): [(1, "Smith", None)], ("lee", "lee"): [(2, "Lee", None)]}, reads)
    lookups = SpeakerLookups()
    lookups.candidates(("smith", "smith"), read)
    lookups.candidates(("lee", "lee"), read)
    lookups.speaker_changed(1)
    lookups.candidates(("smith", "smith"), read)
    lookups.candidates(("lee", "lee"), read)
    assert reads == [("smith", "smith"), ("lee", "lee"), ("smith", "smith")]


def test_pins_are_kept_and_everything_goes_at_once():
    pins = {"jane smith": 7}
    lookups = SpeakerLookups()
    lookups.valid_at = 3
    assert lookups.pin("jane smith", pins.get) == 7 and lookups.pin("nobody", pins.get) is None
    pins["nobody"] = 9  # a moderator's pin, written by some other write: that write clears
    assert lookups.pin("nobody", pins.get) is None
    lookups.clear()
    assert lookups.pin("nobody", pins.get) == 9 and lookups.valid_at is None


def test_it_stays_bounded():
    lookups = SpeakerLookups(max_entries=10)
    lookups.valid_at = 1
    for n in range(25):
        lookups.candidates((f"name {n}", "name"), lambda names: [])
        assert len(lookups) <= 10
    assert lookups.valid_at == 1  # emptied for room, still true of the same database
