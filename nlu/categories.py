"""The three-level category taxonomy (一级/二级/三级分类) and helpers over its paths.

A category is written as a ``/``-joined path: ``城乡建设`` (first level),
``城乡建设/城市建设和市政管理`` (second level) or
``城乡建设/城市建设和市政管理/冬季采暖`` (a leaf). The taxonomy ships as
``nlu/taxonomy.tsv``, derived from the public standard used by Chinese hotline systems.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

TAXONOMY_FILE = Path(__file__).with_name("taxonomy.tsv")
SEP = "/"

FIRST_LEVEL_EN = {
    "交通运输": "Transport",
    "党务政务": "Party and government affairs",
    "农村农业": "Rural affairs and agriculture",
    "劳动和社会保障": "Labour and social security",
    "卫生计生": "Health and family planning",
    "商贸旅游": "Commerce and tourism",
    "国土资源": "Land and resources",
    "城乡建设": "Urban and rural construction",
    "政法": "Public security and justice",
    "教育文体": "Education, culture and sport",
    "民政": "Civil affairs",
    "环境保护": "Environmental protection",
    "科技与信息产业": "Science, technology and IT",
    "纪检监察": "Discipline inspection",
    "经济管理": "Economic management",
}


@dataclass(frozen=True)
class Taxonomy:
    """Every node of the taxonomy, addressed by path."""

    leaves: tuple[str, ...]
    nodes: frozenset[str] = field(default=frozenset())

    def __post_init__(self) -> None:
        nodes = set()
        for leaf in self.leaves:
            parts = leaf.split(SEP)
            nodes.update(SEP.join(parts[: i + 1]) for i in range(len(parts)))
        object.__setattr__(self, "nodes", frozenset(nodes))

    def first_levels(self) -> list[str]:
        """The first-level classes in file order."""
        return list(dict.fromkeys(first_level(p) for p in self.leaves))

    def is_node(self, path: str) -> bool:
        """True if ``path`` names a node (any level) of the taxonomy."""
        return path in self.nodes

    def resolve(self, label: str) -> str:
        """Canonical path for a label (a first-level class or a path); raises KeyError."""
        path = SEP.join(part.strip() for part in label.strip().split(SEP) if part.strip())
        if path not in self.nodes:
            raise KeyError(f"not in the taxonomy: {label!r}")
        return path

    def children(self, path: str) -> list[str]:
        """The direct children of a node, in file order."""
        depth = path.count(SEP) + 1
        prefix = path + SEP
        kids = (SEP.join(leaf.split(SEP)[: depth + 1]) for leaf in self.leaves)
        return list(dict.fromkeys(k for k in kids if k.startswith(prefix)))

    def leaves_under(self, path: str) -> list[str]:
        """All leaves below (or equal to) a node."""
        return [leaf for leaf in self.leaves if leaf == path or leaf.startswith(path + SEP)]


def first_level(path: str) -> str:
    """The first-level class of any path."""
    return path.split(SEP, 1)[0]


def depth(path: str) -> int:
    """1 for a first-level class, 3 for a leaf."""
    return path.count(SEP) + 1


def is_under(path: str, ancestor: str) -> bool:
    """True if ``path`` is ``ancestor`` or lies below it."""
    return path == ancestor or path.startswith(ancestor + SEP)


def display_name(path: str, lang: str = "zh") -> str:
    """A human label for buttons: ``城乡建设 · 冬季采暖``; English names the first level only."""
    parts = path.split(SEP)
    head = FIRST_LEVEL_EN.get(parts[0], parts[0]) if lang == "en" else parts[0]
    if len(parts) == 1:
        return head
    tail = parts[-1]
    if tail == "其他" and len(parts) == 3:
        tail = f"{parts[1]}(其他)"
    return f"{head} · {tail}"


def short_name(path: str) -> str:
    """The last meaningful part of a path (``冬季采暖``; ``物业服务`` rather than ``其他``)."""
    parts = path.split(SEP)
    if parts[-1] == "其他" and len(parts) > 1:
        return f"{parts[-2]}(其他)"
    return parts[-1]


def read_taxonomy(path: Path) -> Taxonomy:
    """Reads a taxonomy TSV with columns 一级分类, 二级分类, 三级分类."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh, delimiter="\t"))
    leaves = [SEP.join(c.strip() for c in row[:3]) for row in rows[1:] if len(row) >= 3]
    return Taxonomy(leaves=tuple(dict.fromkeys(leaves)))


def retrieval_categories(nlu_dir: Path | None = None) -> dict[str, str]:
    """``report_problem/<slug>`` → taxonomy path, from the Rasa files' intent metadata.

    A Rasa server answers a report with ``response_selector.report_problem.response.
    intent_response_key``; this maps that key to a category.
    """
    import yaml

    root = nlu_dir or Path(__file__).resolve().parent
    mapping = {}
    for path in sorted((root / "data").rglob("*.yml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for item in doc.get("nlu") or []:
            category = (item.get("metadata") or {}).get("category")
            if category and "/" in str(item.get("intent", "")):
                mapping[str(item["intent"])] = str(category)
    return mapping


@lru_cache(maxsize=1)
def load_taxonomy() -> Taxonomy:
    """The taxonomy shipped with the project (read once)."""
    return read_taxonomy(TAXONOMY_FILE)
