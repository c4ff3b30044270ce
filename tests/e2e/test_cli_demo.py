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


def test_after_the_demo_seed_the_reports_rank_the_streets_units(tmp_path):
    beijing = {"FRONTDOOR_TIMEZONE": "Asia/Shanghai"}
    seeded = _run([*SEED, "--tickets", "400", "--months", "3"], tmp_path, **beijing)
    assert seeded.returncode == 0, seeded.stderr
    assert "street: 10 units" in seeded.stdout and "parallel tickets" in seeded.stdout
    kpi = _run(["report", "kpi", "--by", "unit", "--from", "2026-10-01", "--to", "2026-10-31"],
               tmp_path, **beijing)
    assert kpi.returncode == 0, kpi.stderr
    ranked = [line.split(" | ") for line in kpi.stdout.splitlines()
              if line[:3] in {f"| {n}" for n in range(1, 10)}]
    names = {row[2] for row in ranked}
    assert {"劲松一社区", "劲松二社区", "劲松三社区", "劲松四社区", "物业公司"} <= names
    assert len(ranked) >= 8 and len({row[8] for row in ranked}) >= 4  # scores differ
    month = _run(["report", "month", "2026-10"], tmp_path, **beijing)
    assert month.returncode == 0, month.stderr
    assert "## 单位排名" in month.stdout and "| 物业公司 | service |" in month.stdout
