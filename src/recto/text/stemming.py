"""Snowball's stemmers (PyStemmer) by language subtag, for search and alignment alike.

Search offers them through the `recto_stemmers` hook (`recto.search.stemmers`,
which gives Polish to Stempel instead); the aligner stems with them directly.
"""

from __future__ import annotations

from functools import cache

import Stemmer

# Snowball algorithms by language subtag.
SNOWBALL = {
    "ar": "arabic", "ca": "catalan", "cs": "czech", "da": "danish", "de": "german", "el": "greek",
    "en": "english", "es": "spanish", "et": "estonian", "eu": "basque", "fa": "persian", "fi": "finnish",
    "fr": "french", "ga": "irish", "hi": "hindi", "hu": "hungarian", "hy": "armenian", "id": "indonesian",
    "it": "italian", "lt": "lithuanian", "nb": "norwegian", "nl": "dutch", "no": "norwegian", "pl": "polish",
    "pt": "portuguese", "ro": "romanian", "ru": "russian", "sr": "serbian", "sv": "swedish", "ta": "tamil",
    "tr": "turkish",
}  # fmt: skip


@cache
def snowball(lang: str) -> Stemmer.Stemmer:
    """The Snowball stemmer of a language subtag in SNOWBALL (KeyError for another)."""
    return Stemmer.Stemmer(SNOWBALL[lang])
