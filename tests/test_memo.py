from bot.memo import Memo


def test_a_memo_computes_each_key_once_and_empties_when_full():
    calls: list[str] = []

    def shout(word: str) -> str:
        calls.append(word)
        return word.upper()

    memo = Memo(shout, max_size=2)
    assert [memo["a"], memo["b"], memo["a"]] == ["A", "B", "A"]
    assert calls == ["a", "b"]
    assert memo["c"] == "C" and len(memo) == 1  # full: emptied, then "c" stored
    assert memo["a"] == "A" and calls == ["a", "b", "c", "a"]
