"""Several problems in one message: one draft per problem, reviewed together.

A message is cut into clauses (at punctuation and at "还有", "另外" …). A clause that
names a problem (a problem word, and a category the classifier is sure of) starts a new
problem unless an earlier problem has the same category; other clauses ("我家住6楼",
"老人下不了楼") stay with the problem before them. The classifier is passed in:
``domain`` does not call the NLU itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

MAX_PROBLEMS = 4
MIN_CONFIDENCE = 0.6
_CLAUSES = re.compile(r"[，,。；;！!？?\n]+|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff\d])|"
                      r"还有|另外|再有|再就是|以及|此外|外加|"
                      r"\balso\b|\bplus\b|\band\b(?= the| our| my)", re.I)
_PROBLEM = re.compile(
    r"坏|不亮|不热|不凉|不通|不出|不走|不动|不能用|漏|堵|吵|噪音|扰民|油烟|烟味|臭|异味|垃圾|没人管|没人收|"
    r"没人修|停水|停电|没水|没电|没暖气|乱|占|违建|违章|破|裂|脏|积水|太大|太响|太吵|卡住|爆|塌|掉|"
    r"松动|失灵|故障|滴水|渗水|冒|堆|杂物|占用|老是停|总是停|总停|经常停|停运|停梯|又停|不好使|不灵|"
    r"broken|leak|noise|noisy|rubbish|garbage|smell|blocked|"
    r"not working|out of order|cold|dirty", re.I)

Classify = Callable[[str], tuple[str | None, float]]


@dataclass
class Problem:
    """One problem: its words and the category the classifier gave it."""

    description: str
    category: str | None
    clauses: list[str] = field(default_factory=list)


def clauses(text: str) -> list[str]:
    """The message's clauses, in order, without empty ones."""
    return [c.strip(" 　") for c in _CLAUSES.split(text or "") if c and c.strip(" 　")]


def names_a_problem(clause: str) -> bool:
    """True if the clause has a word that names something wrong."""
    return bool(_PROBLEM.search(clause))


def split(text: str, classify: Classify) -> list[Problem]:
    """The problems of a message; one problem (the whole text) when it names only one."""
    found: list[Problem] = []
    current: Problem | None = None
    for clause in clauses(text):
        category, confidence = classify(clause) if names_a_problem(clause) else (None, 0.0)
        if category and confidence >= MIN_CONFIDENCE:
            same = next((p for p in found if p.category == category), None)
            if same is None and len(found) < MAX_PROBLEMS:
                current = Problem("", category)
                found.append(current)
            elif same is not None:
                current = same
        if current is None:  # words before the first problem go with it
            current = Problem("", None)
            found.append(current)
        current.clauses.append(clause)
    real = [p for p in found if p.category]
    if len(real) < 2:
        return [Problem(text, real[0].category if real else None, [text])]
    if found[0].category is None:  # leading context joins the first problem
        real[0].clauses[:0] = found[0].clauses
    for problem in real:
        problem.description = "，".join(problem.clauses)
    return real
