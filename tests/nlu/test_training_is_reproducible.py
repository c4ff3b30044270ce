"""Every process that trains the same inputs gets the same model, whatever its hash seed
(the serving model is rebuilt from its inputs in each process: domain/learning.py)."""

import hashlib
import os
import subprocess
import sys

_TRAIN = """
import hashlib
from nlu.embedded import EmbeddedEngine
rows = [("8号楼电梯又坏了", "城乡建设/住房保障与房地产/物业服务"), ("小区门口占道经营", "城乡建设")]
bundle = EmbeddedEngine.load(cache_dir=None, rows=rows).bundle
digest = hashlib.sha256()
for model in (bundle.intents, bundle.coarse, bundle.fine):
    digest.update(model.W.tobytes() + model.b.tobytes() + repr(model.scale).encode())
print(digest.hexdigest())
"""


def _trained_with_seed(seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run([sys.executable, "-c", _TRAIN], env=env, capture_output=True,
                          text=True, timeout=120, check=True)
    return done.stdout.strip()


def test_the_same_inputs_train_the_same_model_under_any_hash_seed():
    first, second = _trained_with_seed("1"), _trained_with_seed("2")
    assert len(first) == len(hashlib.sha256().hexdigest()) and first == second
