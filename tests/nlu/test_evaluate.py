from nlu.evaluate import evaluate_predictor, score


def test_score_figures():
    metrics = score(["a", "a", "b", "b"], ["a", "b", "b", "b"])
    assert metrics.accuracy == 0.75
    assert metrics.confusion == [[1, 1], [0, 2]]
    assert round(metrics.per_class["b"]["precision"], 4) == 0.6667
    assert 0.7 < metrics.macro_f1 < 0.75
    assert "confusion" in metrics.report()


def test_evaluate_predictor_times_each_call():
    metrics = evaluate_predictor(lambda t: t.upper(), ["a", "b"], ["A", "B"])
    assert metrics.accuracy == 1.0
    assert metrics.latency_ms_p99 >= metrics.latency_ms_p50 >= 0.0
