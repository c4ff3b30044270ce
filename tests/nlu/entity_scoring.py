"""Scores the entity extractors on tests/data/entity_messages.yml (span-exact matching)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import yaml

from nlu.entities import extract_entities
from nlu.residents_eval import EntityCounts
from nlu.residents_set import compact

DATA = Path(__file__).resolve().parents[1] / "data" / "entity_messages.yml"


@dataclass
class EntityScore(EntityCounts):
    """Span-exact counts (``nlu.residents_eval``) and what went wrong, message by message."""

    misses: list[str] = field(default_factory=list)

    @property
    def value_accuracy(self) -> float:
        return self.value_ok / self.tp if self.tp else 1.0


def load_messages() -> tuple[datetime, list[dict]]:
    doc = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    return datetime.fromisoformat(doc["now"]), doc["messages"]


def score_entities() -> tuple[EntityScore, int]:
    """Span-exact precision/recall over the whole set, and the number of messages."""
    now, messages = load_messages()
    total = EntityScore()
    for message in messages:
        text = message["t"]
        gold = {}
        for etype, surface, value in message.get("e") or []:
            start = text.find(surface)
            assert start >= 0, f"{surface!r} not in {text!r}"
            gold[(etype, start, start + len(surface))] = str(value)
        found = {(e.type, e.start, e.end): compact(e.type, e.normalized)
                 for e in extract_entities(text, now)}
        for key, value in found.items():
            if key in gold:
                total.tp += 1
                if value == gold[key]:
                    total.value_ok += 1
                else:
                    total.misses.append(f"value {text!r} {key}: {value} != {gold[key]}")
            else:
                total.fp += 1
                total.misses.append(f"FP {text!r} {key} {text[key[1]:key[2]]!r}")
        for key in gold.keys() - found.keys():
            total.fn += 1
            total.misses.append(f"FN {text!r} {key} {text[key[1]:key[2]]!r}")
    return total, len(messages)
