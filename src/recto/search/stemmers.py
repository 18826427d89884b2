"""Recto's own stemmers: Snowball (PyStemmer) for most languages, Stempel for Polish."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable
from functools import cache

import Stemmer

from recto.hookspecs import hookimpl
from recto.text.stemming import SNOWBALL



def _snowball(algorithm: str) -> Callable[[str], str]:
    return Stemmer.Stemmer(algorithm, 0).stemWord


@cache
def _stempel() -> Callable[[str], str]:
    from pystempel import Stemmer as Stempel

    # Loading the Polimorf table prints a progress bar; keep the terminal clean.
    with contextlib.redirect_stderr(io.StringIO()):
        stemmer = Stempel.polimorf()

    def stem(word: str) -> str:
        # Stempel's table guesses wildly on very short words ("w" -> "wyspa").
        return (stemmer(word) or word) if len(word) > 3 else word

    return stem


def polish(word: str) -> str:
    """Stempel (Polimorf table), loaded the first time Polish is met."""
    return _stempel()(word)


@hookimpl(trylast=True)
def recto_stemmers() -> dict[str, Callable[[str], str]]:
    stemmers = {language: _snowball(algorithm) for language, algorithm in SNOWBALL.items()}
    stemmers["pl"] = polish  # Stempel: better for search than Snowball's Polish
    return stemmers
