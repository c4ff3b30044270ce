import pytest

from nlu.categories import load_taxonomy
from nlu.embedded import EmbeddedEngine
from nlu.embedded.data import read_history
from nlu.evaluate import evaluate_predictor, read_labelled_tsv


def test_history_with_first_level_labels_trains_routing(routing_slice, tmp_path):
    engine = EmbeddedEngine.load(history=routing_slice, cache_dir=tmp_path)
    assert engine.trained and engine.bundle.stats["history_rows"] == 600
    texts, labels = read_labelled_tsv(routing_slice)
    metrics = evaluate_predictor(lambda t: engine.classify_category(t).first_level,
                                 texts[:200], labels[:200])
    assert metrics.accuracy >= 0.9  # seen rows: the model must at least fit them
    assert EmbeddedEngine.load(history=routing_slice, cache_dir=tmp_path).trained is False


def test_history_with_path_labels_trains_leaves(routing_slice, tmp_path):
    leaf = "城乡建设/城市建设和市政管理/冬季采暖"
    lines = routing_slice.read_text(encoding="utf-8").splitlines()
    extra = [f"{t}\t{leaf}" for t in ("小区供暖温度不达标", "集中供暖管网老化暖气不热",
                                       "供热公司不按时供暖")] * 3
    path = tmp_path / "mixed.tsv"
    path.write_text("\n".join(lines + extra) + "\n", encoding="utf-8")
    rows = read_history(path, load_taxonomy())
    assert sum(label == leaf for _, label in rows) == 9
    engine = EmbeddedEngine.load(history=path, cache_dir=tmp_path)
    assert leaf in engine.bundle.fine.classes
    guess = engine.classify_category("供暖不达标，暖气不热")
    assert guess.first_level == "城乡建设"
    assert guess.category == leaf


def test_history_changes_the_cache_key(routing_slice, tmp_path, engine):
    with_history = EmbeddedEngine.load(history=routing_slice, cache_dir=tmp_path)
    assert with_history.cache_path.name != engine.cache_path.name


def test_history_does_not_change_intents(routing_slice, tmp_path, engine):
    with_history = EmbeddedEngine.load(history=routing_slice, cache_dir=tmp_path)
    for text in ["你好", "取消", "我的工单怎么样了", "着火了", "转人工"]:
        assert with_history.parse_sync(text).intent == engine.parse_sync(text).intent


@pytest.mark.parametrize(("content", "message"), [
    ("text\tlabel\n暖气不热\t不存在的分类\n", "not in the taxonomy"),
    ("words\tclass\n暖气不热\t城乡建设\n", "columns 'text' and 'label'"),
])
def test_bad_history_is_a_clear_error(tmp_path, content, message):
    path = tmp_path / "bad.tsv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        EmbeddedEngine.load(history=path, cache_dir=None)
