"""Plain yes- and no-words, the same at every yes/no step (never a classifier's guess).

A reply counts as yes or no only when, once its particles and punctuation are gone, it is
one of the words below (or a yes-word followed by the thing it agrees to: "加入吧",
"确定撤回"). "嗯" alone, "啊", "好的吧我再想想" and anything else are neither: the
question is asked again.
"""

from __future__ import annotations

import re

YES = frozenset({
    "好", "好的", "好啊", "好嘞", "好滴", "嗯好", "嗯嗯好", "好好", "行", "行的", "可以", "可以的",
    "对", "对的", "对对", "对头", "没错", "是", "是的", "是啊", "嗯是的", "确定", "确认", "同意",
    "提交", "加入", "要", "需要", "成", "中", "没问题", "就这样", "就这么办",
    "yes", "y", "yep", "yeah", "yup", "sure", "confirm", "submit", "join",
    "correct", "right", "that'sright", "thatsright", "exactly", "please", "好的提交", "确认提交",
    "对的没错", "👍", "✅",
})
NO = frozenset({
    "不", "不要", "不用", "不用了", "不了", "算了", "算", "不对", "不是", "不行", "不加入",
    "不确定", "不撤", "不撤回", "别", "别撤", "否", "没有", "不需要", "先不", "先不用", "单独",
    "单独登记", "no", "n", "nope", "nothanks", "not", "wrong", "incorrect", "notright", "❌",
})
# Words that may follow a yes-word without changing it ("加入吧", "确定撤回", "对就这样").
_OBJECTS = ("加入", "一起跟进", "撤回", "撤销", "提交", "登记", "就这样", "吧", "了")
_PARTICLES = "吧啊呀哈嘛呢了的哦噢喔哟呗唉诶嗯～~!！。.,，、？? "
_HEDGES = re.compile(r"想想|考虑|再说|等等|等一下|不知道|随便|吗|么|but|maybe|wait")


def _clean(text: str) -> str:
    """Lower case, no spaces or emoji variation, particles cut from both ends."""
    cleaned = re.sub(r"\s+", "", (text or "").lower()).replace("\ufe0f", "")
    return cleaned.strip(_PARTICLES) if len(cleaned) > 1 else cleaned


def answer(text: str) -> str | None:
    """``"yes"``, ``"no"`` or None (not a plain yes or no: ask again)."""
    raw = re.sub(r"\s+", "", (text or "").lower())
    if not raw or len(raw) > (24 if raw.isascii() else 12) or _HEDGES.search(raw):
        return None
    cleaned = _clean(raw)
    if cleaned in NO or (cleaned[:1] == "不" and cleaned.removeprefix("不") in YES):
        return "no"
    if cleaned in YES:
        return "yes"
    for word in sorted(YES, key=len, reverse=True):  # "确定撤回", "好的加入吧"
        rest = cleaned.removeprefix(word)
        if rest != cleaned and rest and _strip_objects(rest) == "":
            return "yes"
    return None


def _strip_objects(rest: str) -> str:
    """What is left of ``rest`` once the agreeing objects are taken off."""
    rest, changed = rest.strip(_PARTICLES), True
    while rest and changed:
        changed = False
        for word in (*_OBJECTS, *YES):
            if rest.startswith(word):
                rest, changed = rest.removeprefix(word), True
        rest = rest.strip(_PARTICLES)
    return rest
