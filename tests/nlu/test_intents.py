from pathlib import Path

from nlu.categories import first_level
from nlu.evaluate import read_intent_tests, score, slug_categories

ROOT = Path(__file__).resolve().parents[2]
REQUIRED = {"report_problem", "check_status", "greet", "thanks_goodbye", "affirm", "deny",
            "correct_detail", "cancel", "ask_human", "emergency", "subscribe_notices",
            "unsubscribe_notices", "out_of_scope"}


def intent_accuracy(engine, path):
    tests = read_intent_tests(path)
    predicted = [engine.parse_sync(text).intent for text, _, _ in tests]
    return score([intent for _, intent, _ in tests], predicted), len(tests)


def test_every_required_intent_is_trained_and_tested(engine):
    assert REQUIRED <= set(engine.bundle.intents.classes)
    assert REQUIRED <= {intent for _, intent, _ in
                        read_intent_tests(ROOT / "nlu" / "tests" / "test_nlu.yml")}


def test_intent_accuracy_on_the_rasa_test_file(engine):
    metrics, n = intent_accuracy(engine, ROOT / "nlu" / "tests" / "test_nlu.yml")
    assert n >= 200
    assert metrics.accuracy >= 0.95, metrics.report()  # nlu_fallback counts as wrong


def test_intent_accuracy_on_the_fresh_set(engine):
    metrics, _ = intent_accuracy(engine, ROOT / "tests" / "nlu" / "data" / "intents_fresh.yml")
    assert metrics.accuracy >= 0.85, metrics.report()


def test_no_test_sentence_is_in_the_training_data(engine):
    from nlu.embedded.data import nlu_files, read_examples, read_type_examples

    examples = read_examples(nlu_files(ROOT / "nlu")) + read_type_examples(ROOT / "nlu")
    trained = {e.text for e in examples}
    for path in (ROOT / "nlu" / "tests" / "test_nlu.yml",
                 ROOT / "tests" / "nlu" / "data" / "intents_fresh.yml"):
        assert not trained & {text for text, _, _ in read_intent_tests(path)}


def test_categories_of_held_out_reports(engine):
    mapping = slug_categories(ROOT / "nlu")
    tests = [(t, mapping[s]) for t, _, s in
             read_intent_tests(ROOT / "nlu" / "tests" / "test_nlu.yml") if s]
    exact = sum(engine.classify_category(t).category == c for t, c in tests)
    first = sum(engine.classify_category(t).first_level == first_level(c) for t, c in tests)
    assert len(tests) >= 50
    assert exact / len(tests) >= 0.85
    assert first / len(tests) >= 0.85
