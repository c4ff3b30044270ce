from pathlib import Path

import pytest

from nlu.embedded import EmbeddedEngine
from nlu.evaluate import read_labelled_tsv

ROOT = Path(__file__).resolve().parents[2]
ROUTING = ROOT.parent / "shared" / "data" / "routing"


@pytest.fixture(scope="session")
def nlu_cache(tmp_path_factory):
    return tmp_path_factory.mktemp("nlu-cache")


@pytest.fixture(scope="session")
def engine(nlu_cache):
    """The default engine (Rasa files only), trained once per session."""
    return EmbeddedEngine.load(cache_dir=nlu_cache)


@pytest.fixture(scope="session")
def routing_slice(tmp_path_factory):
    """The first 600 rows of the shared routing train.tsv, read at test time."""
    source = ROUTING / "train.tsv"
    if not source.exists():
        pytest.skip(f"routing data not present at {source} (it is never copied into the repo)")
    lines = source.read_text(encoding="utf-8").splitlines()
    path = tmp_path_factory.mktemp("history") / "slice.tsv"
    path.write_text("\n".join(lines[:601]) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def routing_titles():
    """The shared routing train.tsv as ``(text, label)`` rows, read at test time."""
    source = ROUTING / "train.tsv"
    if not source.exists():
        pytest.skip(f"routing data not present at {source} (it is never copied into the repo)")
    texts, labels = read_labelled_tsv(source)
    return list(zip(texts, labels, strict=True))
