"""``frontdoor nlu train --from-tickets`` as an operator runs it: old vs new, the verdict."""

import os
import subprocess
import sys

from storage.db import make_engine, make_session_factory
from storage.uow import SqlUnitOfWork
from tests.integration.test_learning import LOCKERS, _locker_words, _tickets

FRONTDOOR = [sys.executable, "-m", "bot.cli"]


def _run(args, tmp_path, env):
    return subprocess.run([*FRONTDOOR, *args], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=120)


async def test_train_from_tickets_prints_both_models_and_serves_the_new_one(tmp_path):
    url = f"sqlite+aiosqlite:///{tmp_path / 'cli.sqlite3'}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("FRONTDOOR_")}
    env["FRONTDOOR_DATABASE_URL"] = url
    assert _run(["db", "upgrade"], tmp_path, env).returncode == 0
    few = _run(["nlu", "train", "--from-tickets", "--cache-dir", "cache"], tmp_path, env)
    assert few.returncode == 4 and "nothing learnt" in few.stdout

    engine = make_engine(url)
    try:
        await _tickets(lambda: SqlUnitOfWork(make_session_factory(engine)), _locker_words(60),
                       LOCKERS)
    finally:
        await engine.dispose()
    done = _run(["nlu", "train", "--from-tickets", "--cache-dir", "cache"], tmp_path, env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "held out 12" in done.stdout and "residents.yml, first level" in done.stdout
    assert "accepted: model 1 now serves every process" in done.stdout
