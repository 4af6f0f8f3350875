"""Values for items in tests."""

from __future__ import annotations

from shuangsuiji.domain.checklists import CheckPointSpec

POINTS = (CheckPointSpec("是否设置原始记录和统计台账？"), CheckPointSpec("从业人员人数", answer_type="number"))


def item_values(**overrides: str) -> dict[str, str]:
    base = {
        "name": "设置原始记录、统计台账情况",
        "category": "一般检查事项",
        "legal_basis": "《中华人民共和国统计法》",
        "inspecting_bodies": "阳城县统计局",
        "object_type": "规模以上工业法人单位",
        "ratio": "3%-5%",
        "frequency": "1-2次/年",
        "method": "现场检查或书面检查",
        "content": "1.设置原始记录情况；2.设置统计台账情况。",
        "inspector_requirements": "持证，2人以上",
        "note": "",
    }
    return base | overrides
