"""Cache keys, the epoch override and pruning of Rasa models (no Rasa needed)."""

from __future__ import annotations

import os
import shutil

import yaml

from nlu.rasa import runtime
from nlu.rasa.routing import write_project


def _project(root):
    write_project(root, [("暖气不热", "城乡建设"), ("医保报销", "劳动和社会保障")])
    return root


def test_model_key_follows_the_inputs_not_the_location(tmp_path):
    a = _project(tmp_path / "a")
    b = tmp_path / "b"
    shutil.copytree(a, b)
    assert runtime.model_key(a) == runtime.model_key(b)
    assert runtime.model_key(a, epochs=3) != runtime.model_key(a)
    (b / "data" / "nlu.yml").write_text((b / "data" / "nlu.yml").read_text() + "\n")
    assert runtime.model_key(a) != runtime.model_key(b)


def test_epoch_override_is_a_temporary_copy(tmp_path):
    project = _project(tmp_path / "p")
    original = (project / "config.yml").read_text()
    copy = runtime._config_with_epochs(project / "config.yml", 3, tmp_path)
    diet = [c for c in yaml.safe_load(copy.read_text())["pipeline"]
            if c["name"] == "DIETClassifier"]
    assert diet[0]["epochs"] == 3
    assert (project / "config.yml").read_text() == original


def test_prune_keeps_the_most_recently_used(tmp_path, monkeypatch):
    monkeypatch.setenv("FRONTDOOR_CACHE_DIR", str(tmp_path))
    models = tmp_path / "rasa-models"
    models.mkdir()
    for i in range(5):
        for suffix in (".tar.gz", ".json", ".lock"):
            (models / f"nlu-{i}{suffix}").write_text("x")
        os.utime(models / f"nlu-{i}.tar.gz", (1000 + i, 1000 + i))
    runtime.prune_models(keep=2)
    assert sorted(p.name for p in models.iterdir()) == [
        f"nlu-{i}{s}" for i in (3, 4) for s in (".json", ".lock", ".tar.gz")]
