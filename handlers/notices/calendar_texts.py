"""Words for the calendar and 每月一题: a proposal's evidence and its draft notice.

Shared by the daily tick and ``frontdoor notices propose``; the texts are in the
catalogues (``cal_*``), Chinese first.
"""

from __future__ import annotations

from domain.analysis.months import label, parse, shift
from domain.notices.proposal import Proposal
from handlers.texts import text
from nlu.categories import display_name, first_level, short_name


def category_name(category: str, lang: str, topic: str = "") -> str:
    """The kind of problem in the reader's language: ``冬季采暖``; ``Heating`` in English.

    The taxonomy has English names for its first level only, so English uses the notice
    topic's name when there is one, else the first level's (never a Chinese word).
    """
    if lang == "zh":
        return short_name(category)
    return text(lang, f"topic_{topic}") if topic else display_name(first_level(category), lang)


def heading(proposal: Proposal, lang: str, topic: str = "") -> str:
    """``每月一题 2026-11：城乡建设 · 冬季采暖`` (``… : Heating`` in English)."""
    name = (display_name(proposal.score.category, lang) if lang == "zh"
            else category_name(proposal.score.category, lang, topic))
    return text(lang, "cal_proposal_heading", month=proposal.month, category=name)


def evidence(proposal: Proposal, lang: str, topic: str = "") -> str:
    """The reasons in plain words, each figure as counted (no clipped trend).

    Last year's month and its buildings, the real change of the last three complete months,
    this month's hot spots, the forecast.
    """
    s = proposal.score
    month = parse(proposal.month)[1]
    parts = [text(lang, "cal_proposal_evidence", m=month, ref=proposal.reference,
                  category=category_name(s.category, lang, topic), count=s.same_month,
                  index=s.index)]
    if proposal.buildings:
        parts.append(text(lang, "cal_proposal_places", buildings=_join(proposal.buildings, lang),
                          share=round(proposal.share * 100)))
    if proposal.history_end:
        first = label(*shift(*parse(proposal.history_end), -2))
        key = "cal_proposal_change" if s.change is not None else "cal_proposal_change_new"
        parts.append(text(lang, key, first=first, last=proposal.history_end,
                          change=round((s.change or 0) * 100), recent=s.recent, before=s.before))
    if proposal.hot_spots:
        spots = _join(tuple(text(lang, "cal_proposal_hot_one", building=b, n=n)
                            for b, n in proposal.hot_spots), lang)
        parts.append(text(lang, "cal_proposal_hot", spots=spots))
    parts.append(text(lang, "cal_proposal_expect", m=month, month=proposal.month,
                      expected=round(s.expected), mean=round(s.mean)))
    return "".join(parts)


def none_found(month: str, lang: str) -> str:
    """Nothing to propose for ``month``."""
    return text(lang, "cal_proposal_none", month=month)


def notice_texts(proposal: Proposal, topic: str = "") -> tuple[str, str]:
    """The draft notice for residents, Chinese and English, to every targeted building."""
    month = parse(proposal.month)[1]
    texts = []
    for lang in ("zh", "en"):
        places = (text(lang, "cal_notice_places", buildings=_join(proposal.targets, lang))
                  if proposal.targets else "")
        texts.append(text(lang, "cal_notice_text", m=month, places=places,
                          category=category_name(proposal.score.category, lang, topic)))
    return texts[0], texts[1]


def _join(buildings: tuple[str, ...], lang: str) -> str:
    return ("、" if lang == "zh" else ", ").join(buildings)
