"""Digests as text for a phone: a short view (at most 15 lines) and the full list.

Each line may name a ticket; the short view's tickets become buttons (``dg:ticket:<id>``)
and a "more" button brings the full list when lines were left out. The daily digest's
short view always shows the emergencies, overdue, reopened and new tickets: each with its
count and its ``VISIBLE_ITEMS`` most urgent tickets, without a tap. Deadlines carry the
year when it is not the current one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from domain.digests.compose import Content
from domain.digests.daily import Daily
from domain.digests.items import Item, Section
from domain.digests.monthly import Monthly
from domain.digests.weekly import Weekly
from domain.unit_rates import shown
from handlers.dates import day, when
from handlers.kpi import line_text, pct, ranking_lines, solved_of
from handlers.notices.calendar_texts import evidence, heading
from handlers.texts import text

SHORT_LINES = 15  # one phone screen
CHUNK = 3900  # under Telegram's 4096 characters a message
MAX_BUTTONS = 48
WITH_DEADLINE = ("overdue", "due_today")
VISIBLE = ("emergencies", "overdue", "reopened", "new")  # in the short view, no tap needed
VISIBLE_ITEMS = 2


@dataclass(frozen=True)
class Line:
    """One line of a digest; ``keep`` lines are always in the short view."""

    text: str
    ticket: tuple[int, str] | None = None
    keep: bool = False


@dataclass(frozen=True)
class Page:
    """A message to post: its text and the tickets it names (for buttons)."""

    text: str
    tickets: list[tuple[int, str]]


def _item(lang: str, tz: ZoneInfo, item: Item, with_due: bool, now: datetime,
          keep: bool = False) -> Line:
    due = text(lang, "digest_due", time=when(item.deadline, tz, now)) \
        if with_due and item.deadline else ""
    key = "digest_item" if item.building else "digest_item_nobuilding"
    body = text(lang, key, code=item.code, category=item.category, building=item.building,
                holder=item.holder or text(lang, "digest_unassigned"), due=due)
    return Line(body, (item.ticket_id, item.code), keep)


def _section(lang: str, tz: ZoneInfo, section: Section, now: datetime, *, visible: int = 0,
             header: bool = True, skip: frozenset[int] = frozenset()) -> list[Line]:
    """A section's lines; the header kept if ``header``, and ``visible`` items kept.

    The kept items are the first ones not in ``skip`` (already kept by another section).
    """
    if not section.total:
        return []
    lines = [Line(text(lang, f"digest_sec_{section.key}", n=section.total), keep=header)]
    kept = 0
    for item in section.items:
        keep = kept < visible and item.ticket_id not in skip
        kept += keep
        lines.append(_item(lang, tz, item, section.key in WITH_DEADLINE, now, keep))
    if section.total > len(section.items):
        lines.append(Line(text(lang, "digest_section_more", n=section.total - len(section.items))))
    return lines


def until_of(content: Content) -> datetime | None:
    """Where a weekly or monthly digest of a period still running stops (None: complete)."""
    if isinstance(content, Weekly):
        return content.until
    return content.analysis.until if isinstance(content, Monthly) else None


def title(content: Content, lang: str, late: bool) -> str:
    """The digest's first line: kind, period, "(late)" when sent after its time.

    A period still running says how many days it covers (compared with as many).
    """
    period, mark = content.period, text(lang, "digest_late") if late else ""
    last_day = (period.end - timedelta(days=1)).date()
    until = until_of(content)
    if until is not None:
        local = until.astimezone(period.start.tzinfo).date()
        mark += text(lang, "digest_partial", day=day(local, local),
                     days=(local - period.start.date()).days + 1)
    return text(lang, f"digest_title_{period.kind}", label=period.label, late=mark,
                start=period.start.date(), end=last_day)


def _daily(content: Daily, lang: str, tz: ZoneInfo) -> list[Line]:
    totals = {s.key: s.total for s in content.sections}
    lines = [Line(text(lang, "digest_counts", **totals), keep=True)]
    kept: set[int] = set()
    for section in content.sections:
        visible = section.key in VISIBLE
        part = _section(lang, tz, section, content.as_of, header=visible,
                        visible=VISIBLE_ITEMS if visible else 0, skip=frozenset(kept))
        kept.update(x.ticket[0] for x in part if x.keep and x.ticket)
        lines += part
    if not any(totals[k] for k in ("emergencies", "overdue", "due_today", "reopened", "new")):
        lines.append(Line(text(lang, "digest_quiet"), keep=True))
    return lines


def _weekly(content: Weekly, lang: str, tz: ZoneInfo) -> list[Line]:
    this, last = content.this_week, content.last_week
    lines = [Line(text(lang, "digest_rates_header"), keep=True)]
    key = "digest_rate_line" if content.until is None else "digest_rate_line_partial"
    for name, now, before in (("response", this.response_rate, last.response_rate),
                              ("resolution", this.resolution_rate, last.resolution_rate),
                              ("satisfaction", this.satisfaction_rate, last.satisfaction_rate)):
        lines.append(Line(text(lang, key, name=text(lang, f"digest_rate_{name}"),
                               this=pct(now), last=pct(before)), keep=True))
    lines.append(Line(text(lang, "digest_rate_basis", n=this.tickets, answered=this.answered,
                           solved=solved_of(this)), keep=True))
    if content.workers:
        lines.append(Line(text(lang, "digest_workers"), keep=True))
        lines += [Line(text(lang, "digest_worker_line", name=w.name, open=w.open,
                            closed=w.closed, overdue=w.overdue)) for w in content.workers]
    lines += _ranking(content.ranking, lang)
    lines += (_section(lang, tz, content.stuck, content.as_of)
              + _section(lang, tz, content.reopened, content.as_of))
    if content.unhappy:
        lines.append(Line(text(lang, "digest_sec_unhappy", n=len(content.unhappy)), keep=True))
        lines += [Line(text(lang, "digest_unhappy_item", code=u.item.code,
                            category=u.item.category,
                            answers="、".join(text(lang, f"digest_answer_{a}")
                                             for a in u.answers)),
                       (u.item.ticket_id, u.item.code)) for u in content.unhappy]
    return lines


def _monthly(content: Monthly, lang: str) -> list[Line]:
    """Volume with changes, the 三率, the 每月一题 proposal; then the details."""
    a, total = content.analysis, content.analysis.total_rates
    key = "digest_monthly_total" if a.until is None else "digest_monthly_total_partial"
    lines = [Line(text(lang, key, n=a.total.tickets, last=a.total.previous,
                       year=a.total.last_year), keep=True),
             Line(text(lang, "digest_monthly_rates", resp=pct(total.response_rate),
                       res=pct(total.resolution_rate), sat=pct(total.satisfaction_rate),
                       none=total.no_answer, excluded=len(a.excluded)), keep=True)]
    topic, proposal = content.topic, content.proposal
    if proposal is not None:
        lines.append(Line(text(lang, "digest_monthly_proposal", heading=heading(proposal, lang),
                               evidence=evidence(proposal, lang)), keep=True))
    else:
        lines.append(Line(text(lang, "digest_monthly_topic", building=topic.building,
                               category=topic.category.split("/")[-1], n=topic.tickets)
                          if topic else text(lang, "digest_monthly_no_topic"), keep=True))
    lines += _ranking(content.ranking, lang)
    lines += [Line(text(lang, "digest_monthly_line", rank=rank, category=c.category,
                        n=c.tickets, last=c.previous, year=c.last_year,
                        change=f"{c.change:+d}", yoy=f"{c.change_last_year:+d}"))
              for rank, c in enumerate(a.top, 1)]
    lines += [Line(text(lang, "digest_monthly_hot", building=h.building,
                        category=h.category.split("/")[-1], n=h.tickets))
              for h in a.hot_spots]
    lines += [Line(line_text(x, lang)) for x in a.rates.lines if x.dimension != "total"]
    lines += [Line(f"{text(lang, 'digest_monthly_excluded')} {e.code} {e.category}："
                   f"{e.reason or '—'}") for e in a.excluded]
    return lines


def _ranking(ranked, lang: str) -> list[Line]:
    """The units ranked (when there are several), the period before beside; the best kept."""
    if not shown(ranked):
        return []
    first, *rest = ranking_lines(SimpleNamespace(lines=list(ranked)), lang)
    return [Line(text(lang, "digest_ranking"), keep=True), Line(first, keep=True),
            *(Line(x) for x in rest)]


def lines_of(content: Content, lang: str, tz: ZoneInfo, late: bool = False) -> list[Line]:
    """Every line of a digest, its title first."""
    head = Line(title(content, lang, late), keep=True)
    if isinstance(content, Daily):
        return [head, *_daily(content, lang, tz)]
    if isinstance(content, Weekly):
        return [head, *_weekly(content, lang, tz)]
    return [head, *_monthly(content, lang)]


def short(lines: list[Line], lang: str) -> tuple[Page, bool]:
    """The view for one phone screen; True when lines were left out (offer "more")."""
    if len(lines) <= SHORT_LINES:
        return Page("\n".join(x.text for x in lines), _tickets(lines)), False
    room = SHORT_LINES - 1 - sum(x.keep for x in lines)  # one line says what was left out
    shown = []
    for line in lines:
        if line.keep or room > 0:
            shown.append(line)
            room -= not line.keep
    hint = text(lang, "digest_more_hint", n=len(lines) - len(shown))
    return Page("\n".join([*(x.text for x in shown), hint]), _tickets(shown)), True


def full(lines: list[Line], lang: str, head: str) -> list[Page]:
    """The whole digest in as many messages as it needs, each under Telegram's limit."""
    pages, chunk = [], [Line(text(lang, "digest_more_title", title=head))]
    for line in lines[1:]:
        if sum(len(x.text) + 1 for x in chunk) + len(line.text) > CHUNK:
            pages.append(Page("\n".join(x.text for x in chunk), _tickets(chunk)))
            chunk = []
        chunk.append(line)
    pages.append(Page("\n".join(x.text for x in chunk), _tickets(chunk)))
    return pages


def _tickets(lines: list[Line]) -> list[tuple[int, str]]:
    seen: dict[int, str] = {}
    for line in lines:
        if line.ticket and line.ticket[0] not in seen:
            seen[line.ticket[0]] = line.ticket[1]
    return list(seen.items())[:MAX_BUTTONS]


def as_of_stamp(moment: datetime) -> int:
    """``as_of`` in whole seconds for callback data (the "more" of an on-demand digest)."""
    return int(moment.timestamp())
