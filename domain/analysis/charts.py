"""The monthly charts as PNG pictures readable on a phone, or SVG with its words as text.

Drawn with matplotlib's object API on the Agg backend (no pyplot, no display, no global
figure state); Chinese labels in a CJK font. 8 × 10 in at 135 dpi = 1080 × 1350 px. The
font is looked up with ``font_manager``; without a CJK font the labels would be boxes
(tofu), so ``NoCjkFont`` is raised instead — install Debian's ``fonts-noto-cjk``
(``make system-deps``).
"""

from __future__ import annotations

import functools
import io
import math

from domain.analysis.chart_data import Chart

SIZE_INCHES, DPI = (8, 10), 135
PREFERRED = ("Noto Sans CJK SC", "Source Han Sans SC", "Noto Sans CJK", "Source Han Sans",
             "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "SimHei", "Microsoft YaHei",
             "PingFang SC", "Droid Sans Fallback")
PROBE = "类率月热"


class NoCjkFont(RuntimeError):
    """No installed font can draw Chinese."""


@functools.cache
def cjk_font() -> str:
    """The family name of an installed font that has Chinese glyphs."""
    from matplotlib import font_manager, ft2font

    for attempt in range(2):
        fonts = sorted(font_manager.fontManager.ttflist, key=lambda f: f.weight != 400)
        for wanted in PREFERRED:
            for font in fonts:
                if font.name.startswith(wanted) and _draws_chinese(ft2font, font.fname):
                    return font.name
        if attempt == 0:  # matplotlib's font cache predates the font: look on disk once
            _add_cjk_fonts_on_disk(font_manager)
    raise NoCjkFont("no CJK font found for the chart labels: install fonts-noto-cjk "
                    "(make system-deps, or apt-get install fonts-noto-cjk)")


def _add_cjk_fonts_on_disk(font_manager) -> None:
    known = {font.fname for font in font_manager.fontManager.ttflist}
    for path in font_manager.findSystemFonts():
        if "CJK" in path and path not in known:
            font_manager.fontManager.addfont(path)


def _draws_chinese(ft2font, path: str) -> bool:
    try:
        face = ft2font.FT2Font(path)
    except (OSError, RuntimeError):
        return False
    return all(face.get_char_index(ord(ch)) for ch in PROBE)


def tick(month: str, first: bool) -> str:
    """``2026-01`` as ``01`` under its year on January and on the first month, else ``MM``."""
    year, number = month.split("-")
    return f"{number}\n{year}" if first or number == "01" else number


def _figure(chart: Chart):
    from matplotlib.figure import Figure

    figure = Figure(figsize=SIZE_INCHES, dpi=DPI, layout="constrained")
    axes = figure.add_subplot()
    axes.set_title(chart.title, fontsize=26, pad=16)
    axes.tick_params(labelsize=16)
    axes.grid(axis="y", alpha=0.3)
    axes.set_axisbelow(True)
    return figure, axes


def _render(draw, fmt: str, *args) -> bytes:
    """Draws with the CJK font and saves as ``png`` or ``svg``.

    In SVG the words stay text (``svg.fonttype = 'none'``) in the named CJK font, so a
    browser shows, selects and reads them.
    """
    import matplotlib

    rc = {"font.family": [cjk_font()], "axes.unicode_minus": False, "svg.fonttype": "none",
          "svg.hashsalt": "frontdoor"}  # the same ids for the same chart
    with matplotlib.rc_context(rc):
        out = io.BytesIO()
        draw(*args).savefig(out, format=fmt, dpi=DPI)
        return out.getvalue()


def _volume(chart: Chart, y_label: str):
    figure, axes = _figure(chart)
    x = range(len(chart.months))
    bottom = [0.0] * len(chart.months)
    for name, values in chart.series.items():
        heights = [v or 0 for v in values]
        axes.bar(x, heights, bottom=bottom, label=name, width=0.75)
        bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
    axes.set_xticks(list(x), [tick(m, i == 0) for i, m in enumerate(chart.months)])
    axes.set_ylabel(y_label, fontsize=18)
    figure.legend(loc="outside lower center", ncols=2, fontsize=17, frameon=False)
    return figure


def _trend(chart: Chart):
    figure, axes = _figure(chart)
    x = list(range(len(chart.months)))
    for (name, values), marker in zip(chart.series.items(), "os^", strict=False):
        y = [math.nan if v is None else v for v in values]
        axes.plot(x, y, marker=marker, linewidth=3, markersize=9, label=name)
        last = next((i for i in reversed(x) if values[i] is not None), None)
        if last is not None:
            axes.annotate(f"{values[last]:.1f}%", (last, values[last]), fontsize=15,
                          xytext=(6, 6), textcoords="offset points")
    known = [v for vs in chart.series.values() for v in vs if v is not None]
    axes.set_ylim(max(0, min(known, default=0) - 10) // 10 * 10, 101)
    axes.yaxis.set_major_formatter("{x:.0f}%")
    axes.set_xticks(x, [tick(m, i == 0) for i, m in enumerate(chart.months)])
    axes.set_xlim(-0.5, len(x) - 0.2)
    figure.legend(loc="outside lower center", ncols=3, fontsize=18, frameon=False)
    return figure


def volume_png(chart: Chart, y_label: str) -> bytes:
    """Stacked bars: requests per month, one layer per category."""
    return _render(_volume, "png", chart, y_label)


def volume_svg(chart: Chart, y_label: str) -> bytes:
    """``volume_png`` as SVG with its words as text."""
    return _render(_volume, "svg", chart, y_label)


def trend_png(chart: Chart) -> bytes:
    """Three lines in percent, the latest value written at the end of each."""
    return _render(_trend, "png", chart)


def trend_svg(chart: Chart) -> bytes:
    """``trend_png`` as SVG with its words as text."""
    return _render(_trend, "svg", chart)


def monthly_pngs(analysis, labels) -> dict[str, bytes]:
    """Both charts of a ``MonthlyAnalysis``: ``{"volume": png, "trend": png}``."""
    return _monthly(analysis, labels, volume_png, trend_png)


def monthly_svgs(analysis, labels) -> dict[str, bytes]:
    """Both charts as SVG: ``{"volume": svg, "trend": svg}``."""
    return _monthly(analysis, labels, volume_svg, trend_svg)


def _monthly(analysis, labels, volume, trend) -> dict[str, bytes]:
    from domain.analysis import chart_data

    return {"volume": volume(chart_data.volume(analysis, labels), labels.tickets),
            "trend": trend(chart_data.trend(analysis, labels))}
