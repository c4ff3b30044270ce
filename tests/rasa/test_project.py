"""The Rasa project written for training carries every problem type's examples (no Rasa needed)."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from nlu.categories import retrieval_categories
from nlu.embedded.data import nlu_files
from nlu.problem_types import load_problem_types
from nlu.rasa import runtime
from nlu.rasa.project import TYPES_DATA, write_project
from nlu.type_training import intent_of_types

NLU = runtime.NLU_DIR


def rasa_examples(project: Path) -> set[tuple[str, str]]:
    """``(intent, text)`` of every example of a Rasa project's data, as Rasa reads them."""
    found = set()
    for path in nlu_files(project):
        for item in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu") or []:
            for line in (item.get("examples") or "").splitlines():
                if line.strip().startswith("- ") and "intent" in item:
                    found.add((str(item["intent"]), line.strip()[2:].strip()))
    return found


def test_every_types_example_is_an_example_of_its_intent(tmp_path):
    project = write_project(tmp_path / "project", NLU)
    examples = rasa_examples(project)
    types = load_problem_types()
    intents = intent_of_types(types, retrieval_categories(NLU))
    missing = [(t.id, text) for t in types.types for text in t.examples
               if ((intents[t.id] if t.level != "emergency" else "emergency"), text)
               not in examples]
    assert missing == []
    assert (project / TYPES_DATA).exists()
    assert ("report_problem/elevator", "电梯一直停在一楼不动") in examples
    assert ("emergency", "厨房里煤气味很大，不敢开火") in examples


def test_the_project_data_is_copied_unchanged_and_answerable(tmp_path):
    project = write_project(tmp_path / "project", NLU)
    for name in ("config.yml", "domain.yml"):
        assert (project / name).read_bytes() == (NLU / name).read_bytes()
    for path in nlu_files(NLU):
        assert (project / path.relative_to(NLU)).read_bytes() == path.read_bytes()
    responses = yaml.safe_load((project / "domain.yml").read_text(encoding="utf-8"))["responses"]
    retrieval = {i for i, _ in rasa_examples(project) if i.startswith("report_problem/")}
    assert {f"utter_{i}" for i in retrieval} <= set(responses)  # every sub-intent answers


def test_no_example_is_written_twice(tmp_path):
    project = write_project(tmp_path / "project", NLU)
    written = yaml.safe_load((project / TYPES_DATA).read_text(encoding="utf-8"))["nlu"]
    in_data = rasa_examples(NLU)
    for item in written:
        lines = [x[2:] for x in item["examples"].splitlines()]
        assert len(lines) == len(set(lines))
        assert not {(item["intent"], x) for x in lines} & in_data


def test_the_model_key_follows_the_problem_types(tmp_path):
    project = tmp_path / "nlu"
    shutil.copytree(NLU, project, ignore=shutil.ignore_patterns("eval", "tests", "*.py",
                                                                "__pycache__"))
    before = runtime.model_key(project)
    path = project / "problem_types.yml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert runtime.model_key(project) != before


def test_a_project_without_types_is_written_as_it_is(tmp_path):
    source = tmp_path / "plain"
    (source / "data").mkdir(parents=True)
    for name in ("config.yml", "domain.yml"):
        shutil.copy2(NLU / name, source / name)
    shutil.copy2(NLU / "data" / "nlu" / "greet.yml", source / "data" / "greet.yml")
    project = write_project(tmp_path / "project", source)
    assert not (project / TYPES_DATA).exists()
    assert rasa_examples(project) == rasa_examples(source)
