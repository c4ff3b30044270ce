"""The trained problem-type model, what both engines add to a result, and its use by the engine."""

import numpy as np
import pytest

from nlu.embedded import EmbeddedEngine
from nlu.problem_guess import TYPE_ALTERNATIVES, type_extras
from nlu.problem_model import TypeModel
from nlu.problem_types import read_problem_types

TYPES = """departments: {物业: 物业公司, 供电: 供电公司}
types:
- id: lift
  zh: 电梯坏了
  en: Lift broken
  leaf: 城乡建设/住房保障与房地产/物业服务
  department: 物业
  level: urgent
  examples: [电梯停了, 电梯不动了, 电梯有异响, the lift is broken]
- id: power
  zh: 停电
  en: Power cut
  leaf: 城乡建设/城市建设和市政管理/电力供应
  department: 供电
  level: urgent
  examples: [家里没电了, 整栋楼停电, 突然断电了, the power is off]
- id: light
  zh: 楼道灯不亮
  en: Stairwell light out
  leaf: 城乡建设/城市建设和市政管理/小区管理
  department: 物业
  level: normal
  examples: [楼道灯坏了, 声控灯不亮, 楼梯间黑着, the stair light is out]
"""


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    path = tmp_path_factory.mktemp("types") / "types.yml"
    path.write_text(TYPES, encoding="utf-8")
    return TypeModel(read_problem_types(path))


def test_ranks_every_type_best_first_with_probabilities(model):
    ranking = model.rank("电梯又不动了", None, 3)
    assert [t for t, _ in ranking.ranked][0] == "lift"
    assert {t for t, _ in ranking.ranked} == {"lift", "power", "light"}
    assert ranking.top_type == "lift" and ranking.top_probability == ranking.ranked[0][1]
    assert abs(sum(model.proba("电梯又不动了")) - 1.0) < 1e-5
    assert len(model.rank("电梯又不动了", None, 2).ranked) == 2
    assert model.rank("", None).ranked == () and model.rank("", None).top_type is None


def test_the_category_breaks_a_near_tie_without_changing_the_probabilities(model, monkeypatch):
    words = {"light": 0.50, "power": 0.35, "lift": 0.15}  # the words alone hesitate
    monkeypatch.setattr(model, "proba", lambda text: np.array(
        [words[c] for c in model.model.classes], dtype=np.float32))
    alone = model.rank("楼里黑了", None)
    power = model.rank("楼里黑了", "城乡建设/城市建设和市政管理/电力供应")
    lift = model.rank("楼里黑了", "城乡建设/住房保障与房地产/物业服务")
    assert [t for t, _ in alone.ranked] == ["light", "power", "lift"]
    assert [t for t, _ in power.ranked] == ["power", "light", "lift"]  # 0.35 + 0.3 > 0.5
    assert lift.ranked[0][0] == "light"  # 0.15 + 0.3 < 0.5: the words win
    assert dict(power.ranked) == pytest.approx(words) and power.top_type == "light"


def test_type_extras_on_the_shipped_types():
    extras = type_extras("单元楼的电梯又停了", "城乡建设/住房保障与房地产/物业服务")
    assert extras["problem_type"] == "lift_broken"
    assert extras["problem_types"][0][0] == "lift_broken"
    assert len(extras["problem_types"]) == TYPE_ALTERNATIVES
    assert len({t for t, _ in extras["problem_types"]}) == TYPE_ALTERNATIVES
    assert type_extras("", None) == {"problem_type": None, "problem_types": []}


def test_a_confident_type_decides_the_class_without_history(engine):
    text = "小区里丢了好几辆自行车"  # theft: 政法 by the type, 城乡建设 by the words "小区"
    assert engine.types_decide
    assert engine.parse_sync(text).extras["problem_type"] == "security"
    assert engine.parse_sync(text).extras["first_level"] == "政法"
    assert engine.classify_category(text).category == "政法/社会治安/治安案件"
    engine.types_decide = False
    try:
        assert engine.classify_category(text).first_level == "城乡建设"
    finally:
        engine.types_decide = True


def test_with_history_the_citys_labels_decide(tmp_path):
    rows = ["小区路灯坏了\t城乡建设", "学校乱收费\t教育文体", "工厂排污\t环境保护",
            "拖欠工资\t劳动和社会保障", "医院收费高\t卫生计生"] * 2
    path = tmp_path / "history.tsv"
    path.write_text("text\tlabel\n" + "\n".join(rows) + "\n", encoding="utf-8")
    engine = EmbeddedEngine.load(history=path, cache_dir=None)
    assert not engine.types_decide


def test_no_type_is_proposed_for_a_message_about_none_of_them():
    wages = type_extras("公司拖欠我两个月工资", "劳动和社会保障/工资福利/工资发放")
    assert wages["problem_type"] is None and len(wages["problem_types"]) == TYPE_ALTERNATIVES
    parking = type_extras("10号院门口的车停得乱七八糟", "城乡建设")  # a class that has types
    assert parking["problem_type"] == "parking"


def test_the_type_reads_the_whole_message_the_category_its_problem_clause(engine):
    result = engine.parse_sync("谢谢师傅上次来修暖气 这回是下水道又堵了")
    assert result.category.endswith("基础设施")
    assert result.extras["problem_type"] == "drain_blocked"
    result = engine.parse_sync("能不能今天之前把下水道通了，6号楼")  # the clause: "6号楼"
    assert result.extras["problem_clause"] == "6号楼"
    assert result.extras["problem_type"] == "drain_blocked"


def test_the_type_model_is_ready_when_the_engine_is(engine):
    from nlu.problem_model import default_type_model

    default_type_model.cache_clear()
    EmbeddedEngine(engine.bundle)
    assert default_type_model.cache_info().currsize == 1


@pytest.mark.parametrize(("text", "type_id"), [
    ("my car was stolen last night", "security"),
    ("the extinguisher on the third floor is out of date", "fire_equipment"),
])
def test_english_words_of_a_types_chinese_examples_are_known(engine, text, type_id):
    # 自行车被偷 and 灭火器过期了 had no English counterpart among the examples.
    assert engine.problem_type(text) == type_id


def test_emergency_alone_is_no_fire_equipment(engine):
    # "emergency" is anyone's word (assistance, repairs): an example "the emergency lights
    # … are broken" sent this to fire_equipment.
    assert engine.problem_type("both of us are out of work, is there emergency support") \
        == "hardship_aid"
