"""Examples of use for bot.lexicon: spelling normalisation, entities, synonyms, query terms."""
import time

import pytest

from bot.lexicon import (
    STOPWORDS,
    QueryTerm,
    concept_tokens,
    entity_tokens,
    index_text,
    normalize_text,
    query_terms,
)

CLAIM = "Moscow is feeding Tehran data on American warships"
REPORT = "Russia is providing Iran with intelligence to help it strike U.S. forces"


def test_paraphrase_shares_entity_and_synonym_tokens():
    a, b = set(concept_tokens(CLAIM)), set(concept_tokens(REPORT))
    assert {"russia", "iran", "unitedstates", "synprovide", "syninformation"} <= a & b
    assert concept_tokens(CLAIM) == [
        "russia", "synprovide", "iran", "syninformation", "unitedstates", "synwarship"
    ]


def test_query_terms_for_claim():
    terms = query_terms(CLAIM)
    assert terms[:6] == [
        QueryTerm("Moscow", ("russia",), "entity"),
        QueryTerm("feeding", ("feeding", "synprovide"), "synonym"),
        QueryTerm("Tehran", ("iran",), "entity"),
        QueryTerm("data", ("data", "syninformation"), "synonym"),
        QueryTerm("American", ("unitedstates",), "entity"),
        QueryTerm("warships", ("warships", "synwarship"), "synonym"),
    ]
    assert all(t.alternatives[0] not in STOPWORDS for t in terms)
    # every alternative of the claim is findable in the indexed report, except the warship one
    indexed = set(index_text(REPORT).split())
    hits = [t for t in terms if any(a in indexed for a in t.alternatives)]
    assert len(hits) == 5


def test_index_text_shape():
    s = "Defences thru the Centre, said the Kremlin"
    assert index_text(s) == normalize_text(s) + " " + " ".join(concept_tokens(s))
    assert index_text(s).endswith("synsay russia")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Defences thru the Centre", "defenses through the center"),
        ("The colour of the organised theatre", "the color of the organized theater"),
        ("She travelled tho it was nite", "she traveled though it was night"),
        ("The defence’s “centre” — again", "the defense's \"center\" - again"),
        ("ﬁnal Rock–paper", "final rock-paper"),
    ],
)
def test_normalize_text(text, expected):
    assert normalize_text(text) == expected


def test_spelling_variants_meet_in_query_and_index():
    q = query_terms("organise the defences")
    assert [t.alternatives[0] for t in q] == ["organize", "defenses"]
    assert "defenses" in index_text("U.S. defenses").split()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("the White House and Downing Street", ["unitedstates", "unitedkingdom"]),
        ("officials in New Delhi", ["india"]),
        ("the United States and the U.S.A.", ["unitedstates"]),
        ("North Korea and South Korea", ["northkorea", "southkorea"]),
        ("Côte d’Ivoire, the Élysée and the Quai d'Orsay", ["ivorycoast", "france"]),
        ("Washington D.C. and the Pentagon", ["unitedstates"]),
        ("the European Union and the EU", ["europeanunion"]),
        ("Taiwan, Kosovo and Palestine", ["taiwan", "kosovo", "palestine"]),
        ("the U.S.-led coalition", ["unitedstates"]),
    ],
)
def test_multiword_entities(text, expected):
    assert [t for t in concept_tokens(text) if not t.startswith("syn")] == expected


def test_multiword_entity_is_one_query_term():
    terms = query_terms("the White House denied it")
    assert terms[0] == QueryTerm("White House", ("unitedstates",), "entity")
    # an all-lowercase query still recognises multiword seats of government
    assert query_terms("white house")[0].alternatives == ("unitedstates",)


@pytest.mark.parametrize(
    "text, token",
    [
        ("Russia's army", "russia"),
        ("Iran’s missiles", "iran"),
        ("the Russians' plan", "russia"),
        ("the U.S.'s allies", "unitedstates"),
        ("the United States' position", "unitedstates"),
        ("Britain's Foreign Office", "unitedkingdom"),
        ("Iranians protested", "iran"),
    ],
)
def test_possessives_and_demonym_plurals(text, token):
    assert token in concept_tokens(text)


def test_us_pronoun_not_mapped():
    assert "unitedstates" not in concept_tokens("They told us nothing")
    assert "unitedstates" in concept_tokens("US officials said")
    assert [t.alternatives for t in query_terms("who told us")] == [("told", "synsay")]


@pytest.mark.parametrize(
    "text",
    [
        "We ate turkey and served it on fine china",
        "Michael Jordan met Chad Smith",
        "The Washington Post reported",
        "George Washington crossed the river",
        "He flew to South America and New Mexico",
        "Add polish to the shoes",
    ],
)
def test_ambiguous_names_not_mapped(text):
    assert not [t for t in concept_tokens(text) if t in entity_tokens()]


def test_capitalised_ambiguous_names_mapped():
    assert concept_tokens("Turkey and China in Amman, Jordan") == ["turkey", "china", "jordan"]
    assert concept_tokens("Jordan's King Abdullah") == ["jordan"]
    assert concept_tokens("He reported from Washington on Tuesday") == ["unitedstates"]


def test_gazetteer_is_general():
    toks = entity_tokens()
    assert len(toks) >= 196  # 193 UN members + Taiwan, Palestine, Kosovo, Vatican, EU
    for t in ("zimbabwe", "newzealand", "papuanewguinea", "saintkittsandnevis", "bhutan", "europeanunion"):
        assert t in toks
    assert concept_tokens("Paris, Berlin and Beijing") == ["france", "germany", "china"]
    assert concept_tokens("the Kremlin, the Élysée, Zhongnanhai and the Blue House") == [
        "russia", "france", "china", "southkorea"
    ]


def test_synonym_inflections():
    assert concept_tokens("they supplied, gave and delivered") == ["synprovide"]
    assert concept_tokens("struck, hits, targeting") == ["synattack"]
    assert concept_tokens("assisted; aids; supporting") == ["synhelp"]
    assert concept_tokens("arms and munitions") == ["synweapon"]
    assert concept_tokens("slain and killed") == ["synkill"]


def test_linear_time_on_large_input():
    sentence = "Russia’s navy is feeding Iran data on U.S. warships, the Kremlin said. "
    small = sentence * 1_500  # ~100 KB
    big = sentence * 15_000  # ~1 MB
    t0 = time.perf_counter()
    index_text(small)
    t1 = time.perf_counter()
    out = index_text(big)
    t2 = time.perf_counter()
    assert out.endswith("russia synwarship synprovide iran syninformation unitedstates synsay")
    assert (t2 - t1) < 30 * max(t1 - t0, 1e-3)
    assert (t2 - t1) < 5.0


def test_a_misspelt_one_word_place_name_is_read_as_its_entity():
    from bot.lexicon import nearest_entity

    assert nearest_entity("Rusia").alternatives == ("russia",)
    assert nearest_entity("Ukrane").alternatives == ("ukraine",)
    assert nearest_entity("Irak") is None  # too far from "iraq" to be sure
    assert nearest_entity("Hegset") is None  # not a place at all


def test_a_verb_and_its_noun_in_sis_are_one_term():
    from bot.lexicon.concepts import query_terms

    terms = {t.surface: t.alternatives for t in query_terms("Clinton was diagnosed with pneumonia after the analysis")}
    assert terms["diagnosed"] == ("diagnosed", "diagnosis")  # "her pneumonia diagnosis" is found
    assert terms["analysis"] == ("analysis", "analyse")
    assert query_terms("a crisis")[0].alternatives == ("crisis",)  # no verb to stand for
