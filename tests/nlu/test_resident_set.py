"""The resident evaluation set: its shape, and that it never leaks into training data."""

import re
from pathlib import Path

import pytest

from nlu.embedded.data import nlu_files, read_examples
from nlu.residents_set import read_resident_set
from nlu.textsim import near_duplicates

ROOT = Path(__file__).resolve().parents[2]
RESIDENTS = ROOT / "nlu" / "eval" / "residents.yml"
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def resident_set():
    return read_resident_set(RESIDENTS)


def training_texts() -> list[str]:
    return [e.text for e in read_examples(nlu_files(ROOT / "nlu"))]


def test_the_set_is_large_and_bilingual(resident_set):
    _, messages = resident_set
    chinese = sum(bool(CJK.search(m.text)) for m in messages)
    assert len(messages) >= 300
    assert chinese >= 230 and len(messages) - chinese >= 70
    assert len({m.text for m in messages}) == len(messages)
    assert all(m.types and m.classes for m in messages)


def test_no_evaluation_message_or_near_duplicate_is_in_the_training_data(resident_set):
    _, messages = resident_set
    leaks = near_duplicates([m.text for m in messages], training_texts(), threshold=0.8)
    assert leaks == []


@pytest.mark.parametrize("variant", [
    "{t}", "{t}！！", "  {t}。", "3号楼{t}", "{t} 13812345678",
])
def test_the_leak_check_catches_copies_with_other_punctuation_and_digits(variant):
    trained = training_texts()
    original = next(t for t in trained if len(t) >= 12 and CJK.search(t))
    assert near_duplicates([variant.format(t=original)], trained) != []


def test_the_leak_check_folds_traditional_characters():
    assert near_duplicates(["樓上漏水漏到我家了"], ["楼上漏水漏到我家了"]) != []
    assert near_duplicates(["楼上漏水漏到我家了"], ["楼下的垃圾三天没清了"]) == []


def test_every_entity_surface_is_in_its_message(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text('now: "2026-12-02T10:00:00+08:00"\nmessages:\n'
                   '- t: 暖气不热\n  p: heating_cold\n  c: 城乡建设\n'
                   '  e: [[address, "3号楼", "b3"]]\n', encoding="utf-8")
    with pytest.raises(ValueError, match="3号楼"):
        read_resident_set(bad)
