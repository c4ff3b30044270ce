"""`frontdoor demo seed` as a user runs it: seeds a SQLite file, summary, refusal, help."""

import sqlite3

from tests.e2e.test_cli import _run

SEED = ["demo", "seed", "--tickets", "300", "--until", "2026-11-01", "--seed", "3"]


def test_demo_seed_fills_the_database_and_refuses_a_second_run(tmp_path):
    result = _run(SEED, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("seeded 300 tickets (JS-2024")
    assert "residents" in result.stdout and "surveys" in result.stdout
    with sqlite3.connect(tmp_path / "cli.sqlite3") as db:
        assert db.execute("select count(*) from tickets").fetchone() == (300,)
        assert db.execute("select count(*) from staff_members where role = 'supervisor'"
                          ).fetchone() == (1,)

    again = _run(SEED, tmp_path)
    assert again.returncode == 1 and again.stdout == ""
    lines = again.stderr.strip().splitlines()
    assert len(lines) == 1 and "already has 300 tickets" in lines[0] and "--force" in lines[0]

    forced = _run([*SEED, "--force", "--tickets", "20"], tmp_path)
    assert forced.returncode == 0, forced.stderr
    with sqlite3.connect(tmp_path / "cli.sqlite3") as db:
        assert db.execute("select count(*) from tickets").fetchone() == (320,)


def test_demo_seed_writes_to_the_database_url_given(tmp_path):
    other = tmp_path / "other.sqlite3"
    result = _run([*SEED, "--tickets", "30", "--database-url",
                   f"sqlite+aiosqlite:///{other}"], tmp_path)
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(other) as db:
        assert db.execute("select count(*) from tickets").fetchone() == (30,)
    assert not (tmp_path / "cli.sqlite3").exists()


def test_demo_help(tmp_path):
    assert "demo" in _run(["--help"], tmp_path).stdout
    result = _run(["demo", "seed", "--help"], tmp_path)
    assert result.returncode == 0
    for option in ("--seed", "--tickets", "--months", "--until", "--force", "--database-url"):
        assert option in result.stdout
