"""FreeDict dictionaries for alphabetic pairs: reading Debian's dictd files, and what the aligner makes of them."""

from __future__ import annotations

import gzip

import pytest

from recto.align import align, freedict
from recto.align.features import analyse

from machine import unavailable

# Entries as Debian's dict-freedict-deu-fra holds them (headword line, then per sense a
# line of translations and a line of definition), with one sense the conversion ran on.
ENTRIES = {
    "Abwertung": "Abwertung /ˈapˌveːɐ̯tʊŋ/ <n, fem>\n1. dévaluation\nVerringerung des Wertes einer Währung\n"
    "2. dévalorisation\nAbsprechung von Wert\n",
    "Gletscher": "Gletscher /ˈɡlɛt͡ʃɐ/ <n, masc>\nglacier\ngroße Eismasse\n",
    "Abwind": "Abwind /ˈapvɪnt/ <n, masc>\n1. courant descendant, vent descendant 2.\nMeteorologie:\n"
    "2. décadence, déclin\nübertragen: im Abwind\n",
    "Hütte": "Hütte /ˈhʏtə/ <n, fem>\n1. cabane [montagne], chalet\nkleines, einfaches Haus\n",
}


def _b64(value: int) -> str:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    out = ""
    while True:
        out = alphabet[value % 64] + out
        value //= 64
        if not value:
            return out


def write_dictd(folder, name: str, entries: dict[str, str]) -> None:
    """A dictd dictionary as dictfmt writes it: the entries gzipped, an index of base-64 offsets."""
    data, index = b"", []
    for head, body in [("00databaseshort", "A test dictionary\n"), *entries.items()]:
        raw = body.encode()
        index.append(f"{head.lower()}\t{_b64(len(data))}\t{_b64(len(raw))}")
        data += raw
    (folder / f"{name}.dict.dz").write_bytes(gzip.compress(data))
    (folder / f"{name}.index").write_text("\n".join(index) + "\n", encoding="utf-8")


@pytest.fixture
def dictd(tmp_path, monkeypatch):
    """A dictd folder of our own, with the caches that remember dictionaries emptied around the test."""
    from recto.align import features

    monkeypatch.setenv("RECTO_DICTD", str(tmp_path / "dictd"))
    monkeypatch.setenv("RECTO_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "dictd").mkdir()
    clear = lambda: (freedict.lexicon.cache_clear(), features._dictionary_keys.cache_clear())  # noqa: E731
    clear()
    yield tmp_path / "dictd"
    clear()


def installed_deu_fra() -> None:
    """Debian's dict-freedict-deu-fra, which .ci/run installs: a failure under CI when missing, a skip elsewhere."""
    if freedict.files("de", "fr") is None:
        unavailable("Debian's dict-freedict-deu-fra is not installed (apt-get install dict-freedict-deu-fra dict-freedict-fra-deu)",
                    "dictionary")


def test_entries_are_read_sense_by_sense_without_definitions(dictd):
    write_dictd(dictd, "freedict-deu-fra", ENTRIES)
    found = dict(freedict.entries(*freedict.files("de", "fr")))
    assert found["Abwertung"] == ["dévaluation", "dévalorisation"]  # the definitions are German prose, not translations
    assert found["Gletscher"] == ["glacier"]
    assert found["Abwind"] == ["courant descendant", "vent descendant", "décadence", "déclin"]
    assert found["Hütte"] == ["cabane [montagne]", "chalet"]
    assert "00databaseshort" not in found


def test_a_word_gets_its_translations_stems_as_written_inflected_or_from_the_other_direction(dictd):
    write_dictd(dictd, "freedict-deu-fra", ENTRIES)
    write_dictd(dictd, "freedict-fra-deu", {"refuge": "refuge /ʁə.fyʒ/ <n, masc>\nHütte, Zuflucht\n"})
    stem = lambda word: freedict.word_stem(word, "fr")  # noqa: E731
    assert freedict.translations("Gletscher", "de", "fr") == {stem("glacier")}
    assert freedict.translations("Gletschern", "de", "fr") == {stem("glacier")}  # a dative plural, by its lemma
    # fra-deu turned round adds `refuge`; the label in brackets is no translation
    assert freedict.translations("Hütte", "de", "fr") == {stem("cabane"), stem("chalet"), stem("refuge")}
    assert stem("glaciers") == stem("glacier") and stem("montâmes") == stem("monter")


def test_a_damaged_dictionary_is_named_in_a_warning_and_the_pair_still_aligns(dictd):
    write_dictd(dictd, "freedict-deu-fra", ENTRIES)
    (dictd / "freedict-deu-fra.dict.dz").write_bytes(b"\x1f\x8b\x08\x00 not gzip at all")
    with pytest.warns(RuntimeWarning, match=r"freedict-deu-fra in .*dictd unreadable .*aligned by cognates alone"):
        beads = align(["Die Expedition kam zurück."], ["L'expédition revint."], "de", "fr")
    assert [(b.src, b.tgt) for b in beads] == [((0,), (0,))]


def test_a_pair_without_a_dictionary_is_read_by_cognates_alone(dictd):
    assert not freedict.has_pair("de", "fr")
    src, tgt = analyse(["Der Gletscher."], ["Le glacier."], "de", "fr")
    assert not any(key.startswith("w:") for unit in src.units[0] + tgt.units[0] for key in unit)


def test_accurate_mode_leaves_cognates_to_the_embeddings_unless_a_dictionary_reads_the_words(dictd):
    """Cognates guess at what the accurate mode's embeddings measure: without a dictionary, that mode
    reads numbers and punctuation between two alphabetic languages (and still gives words facing
    Chinese units to link); beside a dictionary's words, cognates add the names it lacks."""
    de, fr = ["Die Expedition erreichte 1962 den Gletscher."], ["L'expédition atteignit le glacier en 1962."]
    keys = lambda side: {k for units in side.units for unit in units for k in unit}  # noqa: E731
    fast_de, fast_fr = analyse(de, fr, "de", "fr")
    assert "c:expe" in keys(fast_de) & keys(fast_fr)
    accurate_de, accurate_fr = analyse(de, fr, "de", "fr", cognates=False)
    assert not any(k.startswith("c:") for k in keys(accurate_de) | keys(accurate_fr))
    assert "n:1962" in keys(accurate_de) & keys(accurate_fr)
    _zh, ru = analyse(["代表团一九六二年到达。"], ["Делегация прибыла в 1962 году."], "zh", "ru", cognates=False)
    assert any(k.startswith("c:") for k in keys(ru))
    write_dictd(dictd, "freedict-deu-fra", ENTRIES)
    accurate_de, accurate_fr = analyse(de, fr, "de", "fr", cognates=False)
    assert {"c:expe", "w:" + freedict.word_stem("glacier", "fr")} <= keys(accurate_de) & keys(accurate_fr)


def test_function_words_carry_no_evidence(dictd):
    write_dictd(dictd, "freedict-deu-fra", {**ENTRIES, "und": "und <conj>\net\n"})
    src, tgt = analyse(["Und der Gletscher."], ["Et le glacier."], "de", "fr")
    glacier = "w:" + freedict.word_stem("glacier", "fr")
    # und/et, der/le: no unit; Gletscher and glacier: the dictionary's key, and each its cognate
    assert src.units == [[frozenset({glacier, "c:glet"})]]
    assert tgt.units == [[frozenset({glacier, "c:glac"})]]


def test_the_dictionary_tells_which_sentence_the_translator_left_out():
    """Sentences of about the same length, one left out of the French: only the words say which.
    (By lengths and cognates alone, the aligner joins it and its neighbours into 2-2 and 3-2 beads.)"""
    installed_deu_fra()
    src = [
        "Der Gletscher war voller Spalten.",
        "Wir gingen langsam und vorsichtig.",
        "Am Abend erreichten wir endlich die Hütte.",
        "Der Hüttenwart kochte uns eine Suppe.",
        "In der Nacht fiel frischer Schnee.",
        "Am Morgen war der Himmel klar.",
        "Der Gipfel blieb lange in Wolken verborgen.",
        "Wir stiegen über den Grat zum Gipfel.",
    ]
    tgt = [
        "Le glacier était plein de crevasses.",
        "Nous avancions lentement et prudemment.",
        "Le gardien nous prépara une soupe.",
        "Pendant la nuit, il tomba de la neige fraîche.",
        "Le matin, le ciel était clair.",
        "Le sommet resta longtemps caché dans les nuages.",
        "Nous montâmes au sommet par l'arête.",
    ]
    pairs = [(b.src, b.tgt) for b in align(src, tgt, "de", "fr")]
    assert pairs == [((0,), (0,)), ((1,), (1,)), ((2,), ()), *[((i,), (i - 1,)) for i in range(3, 8)]]
