import pytest

from nlu.categories import display_name, first_level, is_under, load_taxonomy, short_name

LEAF = "城乡建设/城市建设和市政管理/冬季采暖"


def test_the_shipped_taxonomy_has_15_classes_and_517_leaves():
    taxonomy = load_taxonomy()
    assert len(taxonomy.first_levels()) == 15
    assert len(taxonomy.leaves) == 517
    assert taxonomy.is_node(LEAF) and taxonomy.is_node("城乡建设/城市建设和市政管理")


def test_resolve_accepts_first_levels_and_paths():
    taxonomy = load_taxonomy()
    assert taxonomy.resolve(" 城乡建设 ") == "城乡建设"
    assert taxonomy.resolve("城乡建设 / 城市建设和市政管理 / 冬季采暖") == LEAF
    with pytest.raises(KeyError):
        taxonomy.resolve("冬季采暖")


def test_path_helpers():
    taxonomy = load_taxonomy()
    assert first_level(LEAF) == "城乡建设"
    assert is_under(LEAF, "城乡建设") and not is_under("城乡建设x", "城乡建设")
    assert "城乡建设/城市建设和市政管理" in taxonomy.children("城乡建设")
    assert LEAF in taxonomy.leaves_under("城乡建设/城市建设和市政管理")


def test_display_names():
    assert display_name(LEAF) == "城乡建设 · 冬季采暖"
    assert display_name("城乡建设", lang="en") == "Urban and rural construction"
    assert short_name("城乡建设/住房保障与房地产/其他") == "住房保障与房地产(其他)"


def test_retrieval_intents_map_to_taxonomy_nodes():
    from nlu.categories import retrieval_categories

    mapping = retrieval_categories()
    assert mapping["report_problem/heating"] == LEAF
    assert len(mapping) >= 40
    assert all(load_taxonomy().is_node(path) for path in mapping.values())


def test_domain_lists_a_response_per_category():
    from pathlib import Path

    import yaml

    from nlu.categories import retrieval_categories

    domain = yaml.safe_load((Path(__file__).resolve().parents[2] / "nlu" / "domain.yml")
                            .read_text(encoding="utf-8"))
    for key, path in retrieval_categories().items():
        assert domain["responses"][f"utter_{key}"] == [{"text": path}]
