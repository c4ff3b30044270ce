"""The Rasa project as Rasa trains it: ``nlu/`` plus the problem types' examples.

``nlu/config.yml``, ``domain.yml`` and ``data/**`` are copied as they are; the examples of
every problem type (``nlu/problem_types.yml``) are written to ``data/nlu/problem_types.yml``
as examples of the intent ``nlu.type_training`` gives them (their leaf's retrieval intent
``report_problem/<slug>``, or ``emergency``) — the same examples, in the same intents, as
the embedded engine learns. An example already in the data is not written twice.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from nlu.embedded.data import nlu_files, read_examples
from nlu.type_training import examples_by_intent, types_file

TYPES_DATA = Path("data") / "nlu" / "problem_types.yml"
HEADER = ("# Written by nlu/rasa/project.py from nlu/problem_types.yml for training: do not "
          "edit.\n")


def write_project(dest: Path, source: Path) -> Path:
    """Writes the project Rasa trains on into ``dest`` (created); returns ``dest``."""
    dest, source = Path(dest), Path(source)
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("config.yml", "domain.yml"):
        shutil.copy2(source / name, dest / name)
    for path in nlu_files(source):
        target = dest / path.relative_to(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
    present = {(e.text, e.intent) for e in read_examples(nlu_files(source))}
    blocks = []
    for intent, texts in examples_by_intent(source).items():
        new = [t for t in dict.fromkeys(texts) if (t, intent.partition("/")[0]) not in present]
        if new:
            lines = "".join(f"    - {_one_line(t)}\n" for t in new)
            blocks.append(f"- intent: {intent}\n  examples: |\n{lines}")
    if blocks:
        target = dest / TYPES_DATA
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(HEADER + 'version: "3.1"\nnlu:\n' + "".join(blocks), encoding="utf-8")
    return dest


def _one_line(text: str) -> str:
    """An example as one line of a Rasa ``examples`` block (no annotation brackets)."""
    return " ".join(text.replace("[", "【").replace("]", "】").split())


def training_inputs(source: Path) -> list[Path]:
    """The files a project's model depends on beyond ``config.yml``, ``domain.yml``, data."""
    path = types_file(Path(source))
    return [path] if path.exists() else []
