"""The on-disk model cache, keyed by a hash of everything the model is trained from.

A key covers the engine's format version, every Rasa data file, ``config.yml``, the
taxonomy, the variants table (``nlu.variants``), the history file's bytes and the labelled
ticket rows a model learnt from the database (``frontdoor nlu train --from-tickets``).
Files are plain ``.npz`` (no pickle) plus a JSON side file, written atomically, so a
crash never leaves a half model behind.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import numpy as np

from nlu import variants
from nlu.embedded.data import Thresholds
from nlu.embedded.features import TfidfCharNgrams
from nlu.embedded.linear import LinearModel
from nlu.embedded.model import CATEGORY_C, INTENT_C, Bundle

FORMAT = "embedded-v5"  # v5: learnt tickets weigh classes evenly (v4: city history NB-SVM)
_MODELS = ("intents", "coarse", "fine")


def cache_key(files: list[Path], root: Path, history: Path | None,
              rows: list[tuple[str, str]] | None = None) -> str:
    """A hex digest over the inputs of training (``rows``: labelled tickets from the database)."""
    digest = hashlib.sha256(f"{FORMAT} C={INTENT_C},{CATEGORY_C}\n".encode())
    digest.update(variants.fingerprint())
    for path in files:
        name = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name
        digest.update(f"\0{name}\0".encode())
        digest.update(path.read_bytes())
    if history is not None:
        digest.update(b"\0history\0")
        digest.update(history.read_bytes())
    if rows:
        digest.update(b"\0rows, with the taxonomy's names unless history\0")
        digest.update(json.dumps(rows, ensure_ascii=False).encode())
    return digest.hexdigest()[:24]


def save(bundle: Bundle, directory: Path, key: str) -> Path:
    """Writes the bundle as ``<key>.npz`` and ``<key>.json``; returns the ``.npz`` path."""
    directory.mkdir(parents=True, exist_ok=True)
    arrays = {"intent_idf": bundle.intent_features.idf, "idf": bundle.features.idf}
    meta = {"format": FORMAT, "max_n": bundle.features.max_n, "stats": bundle.stats,
            "thresholds": [bundle.thresholds.threshold, bundle.thresholds.ambiguity_threshold],
            "intent_vocab": _joined(bundle.intent_features.vocab),
            "vocab": _joined(bundle.features.vocab)}
    for name in _MODELS:
        model = getattr(bundle, name)
        if model is not None:
            arrays[f"{name}_W"], arrays[f"{name}_b"] = model.W, model.b
            meta[name] = {"classes": model.classes, "scale": model.scale}
    npz, side = directory / f"{key}.npz", directory / f"{key}.json"
    tmp_npz, tmp_side = npz.with_suffix(".npz.tmp"), side.with_suffix(".json.tmp")
    with tmp_npz.open("wb") as fh:
        np.savez(fh, **arrays)
    tmp_side.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp_side, side)
    os.replace(tmp_npz, npz)
    return npz


def load(directory: Path, key: str) -> Bundle | None:
    """The cached bundle for ``key``, or ``None`` when there is none (or it is unreadable)."""
    npz, side = directory / f"{key}.npz", directory / f"{key}.json"
    if not npz.exists() or not side.exists():
        return None
    try:
        meta = json.loads(side.read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT:
            return None
        with np.load(npz, allow_pickle=False) as data:
            arrays = {k: data[k] for k in data.files}
    except (OSError, ValueError, KeyError):
        return None
    models = {
        name: LinearModel(meta[name]["classes"], arrays[f"{name}_W"], arrays[f"{name}_b"],
                          meta[name]["scale"]) if name in meta else None
        for name in _MODELS
    }
    return Bundle(
        TfidfCharNgrams(_split(meta["intent_vocab"]), arrays["intent_idf"], meta["max_n"]),
        TfidfCharNgrams(_split(meta["vocab"]), arrays["idf"], meta["max_n"]),
        models["intents"], models["coarse"], models["fine"], Thresholds(*meta["thresholds"]),
        meta["stats"],
    )


def _joined(vocab: dict[str, int]) -> str:
    """The vocabulary in id order, one n-gram a line (n-grams never hold a newline)."""
    return "\n".join(sorted(vocab, key=vocab.__getitem__))


def _split(joined: str) -> dict[str, int]:
    return {gram: i for i, gram in enumerate(joined.split("\n"))} if joined else {}
