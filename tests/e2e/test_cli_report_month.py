"""`frontdoor report month` as a user runs it, in each format, on tests/helpers/month_data.py."""

import base64
import csv
import io
import re
import sqlite3

import matplotlib.image

from storage.db import make_engine, make_session_factory
from storage.uow import SqlUnitOfWork
from tests.e2e.test_cli import _run
from tests.helpers.month_data import HEATING, seed_month

BEIJING = {"FRONTDOOR_TIMEZONE": "Asia/Shanghai"}


async def _seed(tmp_path) -> None:
    assert _run(["db", "upgrade"], tmp_path).returncode == 0
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'cli.sqlite3'}")
    try:
        async with SqlUnitOfWork(make_session_factory(engine)) as uow:
            await seed_month(uow)
            await uow.commit()
    finally:
        await engine.dispose()


def _tables(text: str) -> dict[str, list[list[str]]]:
    """CSV sections by the name in their first header cell."""
    return {rows[0][0]: rows for rows in
            (list(csv.reader(io.StringIO(part)))
                     for part in text.replace("\r\n", "\n").split("\n\n"))}


async def test_report_month_as_markdown_csv_and_html(tmp_path):
    await _seed(tmp_path)
    md = _run(["report", "month", "2026-10"], tmp_path, **BEIJING)
    assert md.returncode == 0, md.stderr
    assert md.stdout.startswith("# Monthly analysis 2026-10")
    assert "| 城乡建设 | 4 | 1 | +3 | 1 | +3 |" in md.stdout
    assert "| (all) | 7 | 2 | +5 | 1 | +6 |" in md.stdout
    assert f"| 3 | {HEATING} | 4 |" in md.stdout
    assert "Surveys without an answer: 1;" in md.stdout
    assert "## Excluded tickets (1)" in md.stdout and "不属于社区管辖" in md.stdout
    assert "居民" not in md.stdout  # nothing personal: no resident names

    out = tmp_path / "month.csv"
    result = _run(["report", "month", "2026-10", "--format", "csv", "--output", str(out)],
                  tmp_path, **BEIJING)
    assert result.returncode == 0, result.stderr
    tables = _tables(out.read_text(encoding="utf-8"))
    assert set(tables) == {"category", "dimension", "hot_spot_building", "excluded_code",
                           "volume_month", "trend_month"}
    [total] = [r for r in tables["dimension"] if r[0] == "total"]
    assert total[2:6] == ["6", "0.3333", "0.5000", "0.5000"]
    assert tables["volume_month"][0] == ["volume_month", "城乡建设", "交通运输", "环境保护"]
    assert tables["volume_month"][-1] == ["2026-10", "4", "2", "1"]
    assert len(tables["trend_month"]) == 13

    page = tmp_path / "month.html"
    result = _run(["report", "month", "2026-10", "--format", "html", "--output", str(page)],
                  tmp_path, **BEIJING)
    assert result.returncode == 0, result.stderr
    html = page.read_text(encoding="utf-8")
    pictures = re.findall(r'src="data:image/png;base64,([^"]+)"', html)
    assert len(pictures) == 2 and "<td>不属于社区管辖</td>" in html
    # for a street leader: Chinese headings and labels, percentages, local times, 每月一题
    assert "<h1>月度分析报告 2026-10</h1>" in html and "<h2>图表</h2>" in html
    assert "统计范围：2026-10-01 00:00 至 2026-10-31 23:59（Asia/Shanghai 当地时间）" in html
    assert "<b>33.3%</b>" in html and "<b>50.0%</b>" in html  # response, resolution
    assert "<th>同比</th>" in html and "<th>解决率</th>" in html
    for raw in ("0.3333", "change_year", "response_rate", "resolution_rate", "Monthly analysis",
                "T00:00:00", "+08:00", "(exclusive)"):
        assert raw not in html, raw
    topic = html[html.index("<h2>每月一题</h2>"):html.index("<h2>图表</h2>")]
    assert "3号楼 冬季采暖（本月 4 件）" in topic  # no history: the month's top hot spot
    for encoded in pictures:
        image = matplotlib.image.imread(io.BytesIO(base64.b64decode(encoded)), format="png")
        assert image.shape[:2] == (1350, 1080)


def test_report_month_refuses_a_bad_month_in_one_line(tmp_path):
    result = _run(["report", "month", "2026-13"], tmp_path)
    assert result.returncode == 2
    assert "2026-13" in result.stderr and "Traceback" not in result.stderr
    assert _run(["report", "month", "--help"], tmp_path).returncode == 0


async def test_report_month_ranks_the_units_when_there_are_two(tmp_path):
    await _seed(tmp_path)
    assert "单位排名" not in _run(["report", "month", "2026-10"], tmp_path, **BEIJING).stdout
    for code, name, building in (("c1", "一社区", "3"), ("c2", "二社区", "5")):
        assert _run(["units", "add", code, "--name", name, "--kind", "community"],
                    tmp_path).returncode == 0
        with sqlite3.connect(tmp_path / "cli.sqlite3") as db:
            db.execute("UPDATE tickets SET unit_id = (SELECT id FROM units WHERE code = ?) "
                       "WHERE building = ?", (code, building))
    md = _run(["report", "month", "2026-10"], tmp_path, **BEIJING).stdout
    assert "## 单位排名: units ranked by the three rates, last month beside" in md
    assert "| 1 | 1 | 一社区 | community | 3 |" in md and "| None | None | 二社区 |" not in md
    csv_out = _run(["report", "month", "2026-10", "--format", "csv"], tmp_path, **BEIJING)
    ranked = _tables(csv_out.stdout)["rank"]
    assert [row[2] for row in ranked[1:]] == ["一社区", "二社区"]
    page = tmp_path / "month.html"
    assert _run(["report", "month", "2026-10", "--format", "html", "--output", str(page)],
                tmp_path, **BEIJING).returncode == 0
    html = page.read_text(encoding="utf-8")
    assert "<h2>单位排名（得分 = 响应率20% + 解决率40% + 满意率40%，上月名次在旁）</h2>" in html
    assert "<th>上月名次</th>" in html and "<td>一社区</td>" in html and "<td>二社区</td>" in html
