import json

from bot.cli import main


def test_nlu_parse_prints_the_full_json(capsys, nlu_cache):
    code = main(["nlu", "parse", "3号楼2单元502暖气不热", "--cache-dir", str(nlu_cache),
                 "--now", "2024-05-08T10:30:00+08:00"])
    assert code == 0
    result = json.loads(capsys.readouterr().out)
    assert result["intent"] == "report_problem"
    assert result["category"].startswith("城乡建设/")
    assert result["entities"][0]["normalized"] == {"building": "3", "unit": "2", "room": "502"}
    assert {"confidence", "intent_alternatives", "category_alternatives", "engine"} <= set(result)


def test_nlu_train_and_eval_on_history(capsys, routing_slice, tmp_path):
    cache = str(tmp_path / "cache")
    assert main(["nlu", "train", "--history", str(routing_slice), "--cache-dir", cache]) == 0
    assert "trained:" in capsys.readouterr().out
    assert main(["nlu", "train", "--history", str(routing_slice), "--cache-dir", cache]) == 0
    assert "already cached" in capsys.readouterr().out
    code = main(["nlu", "eval", str(routing_slice), "--history", str(routing_slice),
                 "--cache-dir", cache])
    out = capsys.readouterr().out
    assert code == 0
    assert "accuracy=" in out and "macro_f1=" in out and "p99=" in out and "confusion" in out


def test_nlu_eval_json(capsys, routing_slice, nlu_cache):
    assert main(["nlu", "eval", str(routing_slice), "--cache-dir", str(nlu_cache), "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["n"] == 600 and 0.0 <= figures["accuracy"] <= 1.0


def test_missing_history_file_is_an_error(capsys, tmp_path):
    assert main(["nlu", "train", "--history", str(tmp_path / "nope.tsv"),
                 "--cache-dir", str(tmp_path)]) == 1
    assert "error:" in capsys.readouterr().err
