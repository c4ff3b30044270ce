"""A real bot process killed with SIGKILL in the middle of a broadcast, then started again.

Runs the broadcast benchmark's engine path at a small size: the local Bot API in this
process with its rate limits on, the bot in a child process (``benchmarks.intake_bot``),
counted from the local Bot API's chat histories, not from our tables.
"""

import argparse

import pytest

from benchmarks.broadcast import FIRST_USER, run_engine
from tests.conftest import BACKENDS, postgres_server_url

RESIDENTS = 400
ENV = ("FRONTDOOR_TELEGRAM_OVERALL_PER_SECOND", "FRONTDOOR_BROADCAST_TICK_SECONDS",
       "FRONTDOOR_BROADCAST_LEASE_SECONDS", "FRONTDOOR_QUIET_HOURS")


@pytest.mark.parametrize("backend", BACKENDS)
async def test_a_killed_broadcast_resumes_with_nobody_sent_twice(backend, monkeypatch):
    for key in ENV:  # run_engine sets these for its child process; put them back afterwards
        monkeypatch.setenv(key, "")
    url = postgres_server_url() if backend == "postgres" else ""
    args = argparse.Namespace(residents=RESIDENTS, rate=100, crash=True, lease=1.0,
                              db=backend, postgres_url=url, no_baseline=True)
    result = await run_engine(backend, args, [FIRST_USER + n for n in range(RESIDENTS)])
    assert result["duplicates"] == 0 and result["wrong_language"] == 0
    counts = result["counts"]
    assert counts.get("sent", 0) + counts.get("uncertain", 0) == RESIDENTS
    assert set(counts) <= {"sent", "uncertain"}
    assert result["missing"] <= result["uncertain"]  # only in-flight rows may be missing
    assert result["uncertain"] <= 30  # what the outbox had in flight (domain.outbox.BATCH)
    assert counts["sent"] > RESIDENTS // 2  # the restarted process carried on
