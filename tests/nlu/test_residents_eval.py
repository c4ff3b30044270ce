"""Scoring a reader on resident messages, and `frontdoor nlu eval --residents` end to end."""

import json
import re
from datetime import datetime

import pytest

from bot.cli import main
from nlu.residents_eval import Reading, evaluate_residents
from nlu.residents_set import GoldEntity, ResidentMessage
from nlu.types import Entity

NOW = datetime.fromisoformat("2026-12-02T10:00:00+08:00")
MESSAGES = [
    ResidentMessage("3号楼停电了", ("power_cut",), ("城乡建设",),
                    (GoldEntity("address", 0, 3, "b3"),)),
    ResidentMessage("电梯坏了", ("lift_broken",), ("城乡建设",)),
    ResidentMessage("the gas smells, call 13812345678", ("gas_leak",), ("城乡建设",),
                    (GoldEntity("phone", 20, 31, "13812345678"),)),
    ResidentMessage("停水又停电", ("water_cut", "power_cut"), ("城乡建设",)),
]


def fake_reader(answers):
    def read(text, now):
        return answers[text]
    return read


def test_scores_types_classes_entities_and_confusions():
    answers = {
        "3号楼停电了": Reading("power_cut", "城乡建设",
                           (Entity("address", "3号楼", 0, 3, {"building": "3"}),)),
        "电梯坏了": Reading("lift_trapped", "商贸旅游"),
        "the gas smells, call 13812345678": Reading(
            "gas_leak", "城乡建设", (Entity("datetime", "the", 0, 3, {}),)),
        "停水又停电": Reading("power_cut", "城乡建设"),
    }
    metrics = evaluate_residents(fake_reader(answers), MESSAGES, NOW)
    assert metrics.type_accuracy == 0.75  # one of several problems is a right guess
    assert metrics.first_level_accuracy == 0.75
    assert metrics.type_confusions == [("lift_broken", "lift_trapped", 1)]
    assert metrics.class_confusions == [("城乡建设", "商贸旅游", 1)]
    address, phone = metrics.entities["address"], metrics.entities["phone"]
    assert (address.tp, address.fp, address.fn, address.value_ok) == (1, 0, 0, 1)
    assert (phone.tp, phone.fn, phone.recall) == (0, 1, 0.0)
    assert metrics.entities["datetime"].precision == 0.0
    assert metrics.by_language["en"]["n"] == 1 and metrics.by_language["zh"]["type"] == 2 / 3
    report = metrics.report()
    assert "problem type accuracy: 0.750" in report
    assert "lift_broken → lift_trapped: 1" in report and "城乡建设 → 商贸旅游: 1" in report


def test_top_four_counts_a_right_type_among_the_first_four_offered():
    answers = {
        "3号楼停电了": Reading("water_cut", "城乡建设",
                           problem_types=("water_cut", "gas_supply", "lift_broken", "power_cut")),
        "电梯坏了": Reading("lift_trapped", "城乡建设",
                         problem_types=("lift_trapped", "a", "b", "c", "lift_broken")),  # 5th
        "the gas smells, call 13812345678": Reading("gas_leak", "城乡建设"),
        "停水又停电": Reading(None, "城乡建设", problem_types=("gas_leak", "power_cut")),
    }
    metrics = evaluate_residents(fake_reader(answers), MESSAGES, NOW)
    assert metrics.type_accuracy == 0.25
    assert metrics.type_top_accuracy == 0.75
    assert "problem type among the first 4 offered: 0.750 (top-4)" in metrics.report()


def test_without_problem_types_the_accuracy_is_not_available():
    answers = {m.text: Reading(None, "城乡建设") for m in MESSAGES}
    metrics = evaluate_residents(fake_reader(answers), MESSAGES, NOW)
    assert metrics.type_accuracy is None and metrics.first_level_accuracy == 1.0
    assert metrics.type_confusions == []
    assert "problem type accuracy: n/a" in metrics.report()


SMALL_SET = """now: "2026-12-02T10:00:00+08:00"
messages:
- t: "6号楼1单元402的暖气一点都不热，电话13911112222"
  p: heating_cold
  c: 城乡建设
  e: [[address, "6号楼1单元402", "b6 u1 r402"], [phone, "13911112222", "13911112222"]]
- t: "家里停电了，冰箱都不转了"
  p: power_cut
  c: 城乡建设
- t: "楼下烧烤摊的油烟熏得没法开窗"
  p: fumes
  c: 环境保护
"""


@pytest.fixture
def small_set(tmp_path):
    path = tmp_path / "residents.yml"
    path.write_text(SMALL_SET, encoding="utf-8")
    return path


def test_nlu_eval_residents_end_to_end(capsys, small_set, nlu_cache):
    code = main(["nlu", "eval", "--residents", str(small_set), "--cache-dir", str(nlu_cache)])
    out = capsys.readouterr().out
    assert code == 0
    assert "messages: 3" in out
    assert re.search(r"problem type accuracy: [01]\.\d{3}", out)  # the engine names types
    assert re.search(r"problem type among the first 4 offered: [01]\.\d{3}", out)
    assert "first-level accuracy: " in out and "p50=" in out and "p99=" in out
    assert [line.split() for line in out.splitlines() if line.strip().startswith("phone")] == [
        ["phone", "1.000", "1.000", "1/1", "1/0/0"]]
    assert "address" in out


def test_nlu_eval_residents_with_the_example_guesser_as_json(capsys, small_set, nlu_cache):
    code = main(["nlu", "eval", "--residents", str(small_set), "--cache-dir", str(nlu_cache),
                 "--guess-types", "--json"])
    figures = json.loads(capsys.readouterr().out)
    assert code == 0
    assert figures["n"] == 3 and 0.0 <= figures["type_accuracy"] <= 1.0
    assert figures["entities"]["address"]["recall"] == 1.0


def test_nlu_eval_needs_a_file_or_a_resident_set(capsys, small_set):
    assert main(["nlu", "eval"]) == 2
    assert main(["nlu", "eval", str(small_set), "--residents", str(small_set)]) == 2
    assert "one of them" in capsys.readouterr().err


def test_a_malformed_resident_set_is_an_error(capsys, tmp_path, nlu_cache):
    bad = tmp_path / "bad.yml"
    bad.write_text("now: 2026-12-02\nmessages: 3\n", encoding="utf-8")
    assert main(["nlu", "eval", "--residents", str(bad), "--cache-dir", str(nlu_cache)]) == 1
    assert "error:" in capsys.readouterr().err
