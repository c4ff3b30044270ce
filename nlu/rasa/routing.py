"""Rasa DIET as a router, for the benchmark: first-level classes as intents.

``start_routing(train_tsv)`` writes a throw-away Rasa project whose intents are the
labels of a ``text``/``label`` TSV (read at run time, never copied into the repository),
trains DIET on it (cached like any model, by a hash of the project and epochs), serves it
on a free loopback port and hands back a ``text -> label`` callable and the training time.
"""

from __future__ import annotations

import csv
import re
import secrets
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from subprocess import Popen

import httpx
import yaml

from nlu.rasa import runtime

DEFAULT_EPOCHS = 20
PIPELINE = [
    {"name": "JiebaTokenizer"},
    {"name": "CountVectorsFeaturizer"},
    {"name": "CountVectorsFeaturizer", "analyzer": "char_wb", "min_ngram": 1, "max_ngram": 4},
    {"name": "DIETClassifier", "epochs": DEFAULT_EPOCHS, "entity_recognition": False,
     "constrain_similarities": True},
]


@dataclass
class RoutingServer:
    """A Rasa server trained to route; ``parse(text)`` returns the predicted label."""

    url: str
    model: Path
    train_seconds: float
    cached: bool
    labels: dict[str, str]
    token: str = field(repr=False)
    process: Popen | None = field(default=None, repr=False)
    _client: httpx.Client | None = field(default=None, repr=False)

    def parse(self, text: str) -> str | None:
        """The label Rasa gives ``text`` (one HTTP round trip)."""
        return self.parse_with_confidence(text)[0]

    def parse_with_confidence(self, text: str) -> tuple[str | None, float]:
        """The label and its confidence."""
        if self._client is None:
            self._client = httpx.Client(base_url=self.url, timeout=30.0)
        reply = self._client.post("/model/parse", params={"token": self.token},
                                  json={"text": text})
        reply.raise_for_status()
        intent = reply.json().get("intent") or {}
        return self.labels.get(intent.get("name") or ""), float(intent.get("confidence") or 0)

    def close(self) -> None:
        """Stops the server."""
        if self._client is not None:
            self._client.close()
        if self.process is not None:
            runtime.stop(self.process)

    def __enter__(self) -> RoutingServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def start_routing(train_tsv: Path, epochs: int = DEFAULT_EPOCHS, *, port: int | None = None,
                  max_rows: int | None = None) -> RoutingServer:
    """Trains (or finds cached) and serves a DIET router for the labels of ``train_tsv``.

    Args:
        train_tsv: TSV with a header and columns ``text`` and ``label``.
        epochs: DIET epochs (about a minute each on 6k texts with two cores).
        port: loopback port; a free one by default.
        max_rows: use only the first rows (for smoke runs).

    Returns:
        The running server; use it as a context manager or call ``close()``.
    """
    rows = read_rows(Path(train_tsv), max_rows)
    with tempfile.TemporaryDirectory(prefix="rasa-routing-") as tmp:
        labels = write_project(Path(tmp), rows)
        cached = runtime.model_path(Path(tmp), epochs).exists()
        model = runtime.train(Path(tmp), epochs=epochs)
    info = runtime.train_info(model)
    port = port or runtime.free_port()
    token = secrets.token_urlsafe(16)
    process = runtime.serve(model, port, token)
    return RoutingServer(url=f"http://127.0.0.1:{port}", model=model, cached=cached,
                         train_seconds=float(info.get("train_seconds", 0.0)),
                         labels=labels, token=token, process=process)


def read_rows(path: Path, max_rows: int | None = None) -> list[tuple[str, str]]:
    """``(text, label)`` pairs of a TSV with a ``text``/``label`` header."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        rows = [(r["text"], r["label"]) for r in reader if r.get("text") and r.get("label")]
    return rows[:max_rows] if max_rows else rows


def write_project(root: Path, rows: list[tuple[str, str]]) -> dict[str, str]:
    """Writes ``config.yml``, ``domain.yml``, ``data/nlu.yml``; returns intent → label."""
    names = {label: f"class_{i}" for i, label in enumerate(sorted({lab for _, lab in rows}))}
    examples: dict[str, list[str]] = defaultdict(list)
    for text, label in rows:
        clean = _clean(text)
        if clean:
            examples[names[label]].append(clean)
    (root / "data").mkdir(parents=True, exist_ok=True)
    nlu = [{"intent": name, "examples": "".join(f"- {t}\n" for t in texts)}
           for name, texts in sorted(examples.items())]
    _dump(root / "data" / "nlu.yml", {"version": "3.1", "nlu": nlu})
    _dump(root / "domain.yml", {"version": "3.1", "intents": sorted(examples)})
    _dump(root / "config.yml", {"recipe": "default.v1", "language": "zh",
                                "pipeline": PIPELINE, "policies": None})
    return {name: label for label, name in names.items()}


def _clean(text: str) -> str:
    """One line, without Rasa's entity-annotation brackets."""
    return re.sub(r"\s+", " ", text.replace("[", "【").replace("]", "】")).strip()


def _dump(path: Path, doc: dict) -> None:
    """Writes YAML as Rasa reads it (UTF-8, key order kept)."""
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=10_000),
                    encoding="utf-8")
