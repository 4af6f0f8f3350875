"""The side navigation shows each group once, its entries together."""

from __future__ import annotations

from typing import Any

import pytest

from shuangsuiji.core.navigation import navigation_for


@pytest.mark.parametrize("who", ["admin", "coordinator", "specialist", "inspector_user", "legal_reviewer", "leader"])
def test_every_group_is_one_block(who: str, request: Any) -> None:
    user = request.getfixturevalue(who)
    groups = [item.group for item in navigation_for(user, "/")]
    assert groups
    blocks = [g for index, g in enumerate(groups) if index == 0 or groups[index - 1] != g]
    assert len(blocks) == len(set(blocks)), blocks


def test_the_directory_group_comes_first_and_holds_the_import(admin: Any) -> None:
    items = navigation_for(admin, "/")
    directory = [item.label for item in items if item.group == "一单两库"]
    assert items[0].group == "一单两库"
    assert "导入" in directory
