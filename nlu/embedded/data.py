"""Reading what the embedded engine learns from: the Rasa project files and ticket history.

The Rasa files are the source of truth: ``data/**/*.yml`` (intents, with
``report_problem/<slug>`` retrieval intents whose ``metadata.category`` names a taxonomy
path) and the ``FallbackClassifier`` thresholds in ``config.yml``.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from nlu.categories import Taxonomy

NLU_DIR = Path(__file__).resolve().parent.parent
_ANNOTATION = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})")


@dataclass(frozen=True)
class Example:
    """One training sentence: its base intent and, for a report, its category path."""

    text: str
    intent: str
    category: str | None = None
    from_types: bool = False  # a problem type's example (nlu/problem_types.yml)


@dataclass(frozen=True)
class Thresholds:
    """The FallbackClassifier settings of ``config.yml``."""

    threshold: float = 0.5
    ambiguity_threshold: float = 0.1


def nlu_files(nlu_dir: Path) -> list[Path]:
    """The training-data files of a Rasa project, in a stable order."""
    return sorted((nlu_dir / "data").rglob("*.yml"))


def read_examples(paths: list[Path]) -> list[Example]:
    """Every intent example of the given Rasa NLU YAML files, annotations stripped."""
    examples: list[Example] = []
    for path in paths:
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for item in doc.get("nlu") or []:
            if "intent" not in item:
                continue
            intent, _, _sub = str(item["intent"]).partition("/")
            category = (item.get("metadata") or {}).get("category")
            for text in _example_lines(item.get("examples") or ""):
                examples.append(Example(text=text, intent=intent, category=category))
    return examples


def read_type_examples(nlu_dir: Path) -> list[Example]:
    """The problem types' examples: examples of their intent and of their type's leaf."""
    from nlu.type_training import type_examples

    return [Example(text=text, intent=intent.partition("/")[0], category=leaf, from_types=True)
            for text, intent, leaf in type_examples(nlu_dir)]


def _example_lines(block: str) -> list[str]:
    """The ``- text`` lines of a Rasa ``examples`` block."""
    lines = []
    for line in block.splitlines():
        line = line.strip()
        if line.startswith("- "):
            text = _ANNOTATION.sub(r"\1", line[2:]).strip()
            if text:
                lines.append(text)
    return lines


def read_thresholds(config_path: Path) -> Thresholds:
    """The FallbackClassifier thresholds of a Rasa ``config.yml`` (defaults if absent)."""
    if not config_path.exists():
        return Thresholds()
    doc = yaml.safe_load(config_path.read_text(encoding="utf-8")) or {}
    for component in doc.get("pipeline") or []:
        if component.get("name") == "FallbackClassifier":
            return Thresholds(
                threshold=float(component.get("threshold", 0.5)),
                ambiguity_threshold=float(component.get("ambiguity_threshold", 0.1)),
            )
    return Thresholds()


def read_history(path: Path, taxonomy: Taxonomy) -> list[tuple[str, str]]:
    """Rows ``(text, category path)`` of a history TSV with columns ``text`` and ``label``.

    A label is a first-level class or a ``/``-joined path; an unknown label is an error
    that names its line.
    """
    rows = []
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        if not reader.fieldnames or not {"text", "label"} <= set(reader.fieldnames):
            raise ValueError(f"{path}: needs a header with columns 'text' and 'label'")
        for line, row in enumerate(reader, start=2):
            text, label = (row.get("text") or "").strip(), (row.get("label") or "").strip()
            if not text or not label:
                continue
            try:
                rows.append((text, taxonomy.resolve(label)))
            except KeyError:
                raise ValueError(f"{path}:{line}: label {label!r} is not in the taxonomy") from None
    return rows
