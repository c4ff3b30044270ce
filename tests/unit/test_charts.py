"""The monthly charts: their data, the CJK font, and PNG pictures of the right size."""

import io
from datetime import UTC, datetime

import matplotlib.image

from domain import rates
from domain.analysis import CategoryCount, MonthlyAnalysis
from domain.analysis.chart_data import ChartLabels, trend, volume
from domain.analysis.charts import cjk_font, monthly_pngs, tick

LABELS = ChartLabels("月度诉求量（按类别）", "三率趋势（近12个月）", "其他", "诉求件数",
                     "响应率", "解决率", "满意率")
MONTHS = ["2025-11", "2025-12", *(f"2026-{m:02d}" for m in range(1, 11))]
CATEGORIES = ["城乡建设", "交通运输", "环境保护", "劳动和社会保障", "卫生计生", "教育文体",
              "商贸旅游", "公安司法"]


def _line(month: int) -> rates.Line:
    if month == 0:  # a month without tickets: nothing to divide
        return rates.Line("total", "", 0, None, None, None, 0, 0, 0)
    return rates.Line("total", "", 100, 0.9, 0.8 + month / 100, 0.85, 80, 5, 1)


def analysis() -> MonthlyAnalysis:
    volume_ = {name: [10 * (8 - i) + m for m in range(12)] for i, name in enumerate(CATEGORIES)}
    report = rates.Report(datetime(2026, 10, 1, tzinfo=UTC), datetime(2026, 11, 1, tzinfo=UTC),
                          0.8, [_line(11)], [])
    return MonthlyAnalysis("2026-10", report.start, report.end, CategoryCount("", 1, 1, 1), [],
                           report, [], MONTHS, volume_, [_line(m) for m in range(12)])


def test_volume_keeps_six_categories_and_sums_the_rest():
    chart = volume(analysis(), LABELS)
    assert chart.title == "月度诉求量（按类别）" and chart.months == MONTHS
    assert list(chart.series) == [*CATEGORIES[:6], "其他"]
    assert chart.series["城乡建设"] == [80 + m for m in range(12)]
    assert chart.series["其他"] == [(20 + m) + (10 + m) for m in range(12)]


def test_trend_is_the_three_rates_in_percent():
    chart = trend(analysis(), LABELS)
    assert list(chart.series) == ["响应率", "解决率", "满意率"]
    assert chart.series["响应率"] == [None] + [90.0] * 11
    assert chart.series["解决率"][1:3] == [81.0, 82.0]


def test_a_cjk_font_is_found():
    assert "CJK" in cjk_font() or "Hei" in cjk_font() or "Han" in cjk_font()


def test_ticks_show_the_year_on_january_and_the_first_month():
    assert [tick(m, i == 0) for i, m in enumerate(MONTHS[:4])] == [
        "11\n2025", "12", "01\n2026", "02"]


def test_the_charts_are_phone_sized_png_pictures():
    pictures = monthly_pngs(analysis(), LABELS)
    assert set(pictures) == {"volume", "trend"}
    for png in pictures.values():
        assert png.startswith(b"\x89PNG\r\n\x1a\n")
        image = matplotlib.image.imread(io.BytesIO(png), format="png")
        assert image.shape[:2] == (1350, 1080)


def test_the_svg_charts_keep_their_words_as_text_in_the_cjk_font():
    from domain.analysis.charts import monthly_svgs

    svgs = {k: v.decode() for k, v in monthly_svgs(analysis(), LABELS).items()}
    for name, title in (("volume", "月度诉求量（按类别）"), ("trend", "三率趋势（近12个月）")):
        assert f">{title}</text>" in svgs[name]
        assert f"font-family: '{cjk_font()}'" in svgs[name]
    assert ">城乡建设</text>" in svgs["volume"] and ">满意率</text>" in svgs["trend"]
