"""Words for the calendar and 每月一题: a proposal's evidence and its draft notice.

Shared by the daily tick and ``frontdoor notices propose``; the texts are in the
catalogues (``cal_*``), Chinese first.
"""

from __future__ import annotations

from domain.analysis.months import parse
from domain.notices.proposal import Proposal
from handlers.texts import text
from nlu.categories import display_name, short_name


def heading(proposal: Proposal, lang: str) -> str:
    """``每月一题 2026-11：城乡建设 · 冬季采暖``."""
    return text(lang, "cal_proposal_heading", month=proposal.month,
                category=display_name(proposal.score.category, lang))


def evidence(proposal: Proposal, lang: str) -> str:
    """The reasons in plain words: last year's month, its buildings, the trend, the forecast."""
    s = proposal.score
    category = short_name(s.category)
    month = parse(proposal.month)[1]
    parts = [text(lang, "cal_proposal_evidence", m=month, ref=proposal.reference,
                  category=category, count=s.same_month, index=s.index)]
    if proposal.buildings:
        parts.append(text(lang, "cal_proposal_places", buildings=_join(proposal.buildings, lang),
                          share=round(proposal.share * 100)))
    trend = round((s.trend - 1) * 100)
    if trend:
        parts.append(text(lang, "cal_proposal_trend", trend=trend))
    parts.append(text(lang, "cal_proposal_expect", m=month, month=proposal.month,
                      expected=round(s.expected), mean=round(s.mean)))
    return "".join(parts)


def none_found(month: str, lang: str) -> str:
    """Nothing to propose for ``month``."""
    return text(lang, "cal_proposal_none", month=month)


def notice_texts(proposal: Proposal) -> tuple[str, str]:
    """The draft notice for residents, Chinese and English."""
    month = parse(proposal.month)[1]
    texts = []
    for lang in ("zh", "en"):
        places = (text(lang, "cal_notice_places", buildings=_join(proposal.buildings, lang))
                  if proposal.buildings else "")
        texts.append(text(lang, "cal_notice_text", m=month, places=places,
                          category=short_name(proposal.score.category)))
    return texts[0], texts[1]


def _join(buildings: tuple[str, ...], lang: str) -> str:
    return ("、" if lang == "zh" else ", ").join(buildings)
