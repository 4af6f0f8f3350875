"""Checklists: numbered points, questions, and the 检查要点 text that carries each point's attributes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shuangsuiji.domain import checklists
from shuangsuiji.domain.catalog import CatalogValueError
from shuangsuiji.domain.checklists import CheckPointSpec

SEED_CONTENT = (
    "1.调查对象依法提供统计资料情况；2.调查对象依法设置原始记录、统计台账情况；3.调查对象依法建立并执行统计资料管理"
    "制度情况；4.调查对象依法为履行法定填报职责提供保障情况；5.调查对象依法配合统计调查和统计监督情况。"
)


def test_the_numbered_points_of_the_seed_item_are_found_in_order() -> None:
    points = checklists.split_numbered_points(SEED_CONTENT)
    assert len(points) == 5
    assert points[0] == "调查对象依法提供统计资料情况"
    assert points[4] == "调查对象依法配合统计调查和统计监督情况"


def test_numbers_inside_a_point_do_not_split_it() -> None:
    text = "1.抽查比例3.5%的单位；2.第3、4季度报表"
    assert checklists.split_numbered_points(text) == ["抽查比例3.5%的单位", "第3、4季度报表"]
    assert checklists.split_numbered_points("没有编号的内容") == []


def test_points_become_questions_an_inspector_answers() -> None:
    assert checklists.question_from_point("调查对象依法提供统计资料情况") == "调查对象是否依法提供统计资料？"
    assert checklists.question_from_point("涉外调查项目报批情况") == "涉外调查项目报批情况是否符合规定？"
    assert checklists.question_from_point("是否设置台账") == "是否设置台账？"


def test_checkpoint_attributes_survive_the_export_text() -> None:
    specs = [
        CheckPointSpec("是否设置原始记录？"),
        CheckPointSpec("从业人员期末人数", answer_type="number"),
        CheckPointSpec("资料管理方式", "choice", ("纸质", "电子"), is_required=False, guidance="查看：档案柜; 系统"),
        CheckPointSpec("是否有专职统计人员？", problem_when_no=False),
        CheckPointSpec("现场照片", answer_type="attachment"),
    ]
    normalized = [s.normalized() for s in specs]
    text = checklists.format_checkpoints(normalized)
    assert "2. 从业人员期末人数【数值】" in text and "【否不为问题】" in text
    assert checklists.parse_checkpoints(text) == normalized


def test_a_numbered_single_line_and_bracket_markers_are_read() -> None:
    specs = checklists.parse_checkpoints("1.是否建立台账；2.营业收入[数值]；3.检查方式【选项：现场/书面；选答】")
    assert [s.text for s in specs] == ["是否建立台账", "营业收入", "检查方式"]
    assert specs[1].answer_type == "number" and not specs[1].problem_when_no
    assert specs[2].choices == ("现场", "书面") and not specs[2].is_required


def test_an_unknown_marker_names_the_point() -> None:
    with pytest.raises(CatalogValueError, match="第2个检查要点的标注“星级”无法识别"):
        checklists.parse_checkpoints("是否A\n是否B【星级】")


def test_checkpoint_problems_name_each_point() -> None:
    problems = checklists.checkpoint_problems(
        [
            CheckPointSpec("是否A"),
            CheckPointSpec("选择", "choice", ("只有一个",)),
            CheckPointSpec("是否A"),
            CheckPointSpec(""),
        ]
    )
    assert "第2个检查要点为选项题，至少需要两个不同的选项" in problems
    assert "第3个检查要点与第1个重复" in problems
    assert "第4个检查要点内容为空" in problems


point_text = st.text(
    alphabet="统计调查对象是否依法设置原始记录台账情况，、（）ABC abc", min_size=1, max_size=40
).filter(lambda t: checklists.clean_point_text(t) and not t.strip().endswith(("）", ")")))
specs_strategy = st.builds(
    CheckPointSpec,
    text=point_text,
    answer_type=st.sampled_from(list(checklists.ANSWER_TYPES)),
    choices=st.lists(st.sampled_from(["是", "否", "纸质", "电子", "不适用"]), min_size=2, max_size=3, unique=True).map(
        tuple
    ),
    problem_when_no=st.booleans(),
    is_required=st.booleans(),
    guidance=st.sampled_from(["", "查阅台账", "核对：报表; 账簿"]),
)


@given(st.lists(specs_strategy, min_size=1, max_size=6, unique_by=lambda s: checklists.clean_point_text(s.text)))
def test_any_valid_checklist_reads_back_from_its_export_text(specs: list[CheckPointSpec]) -> None:
    normalized = [s.normalized() for s in specs]
    assert checklists.checkpoint_problems(normalized) == []
    assert checklists.parse_checkpoints(checklists.format_checkpoints(normalized)) == normalized
