"""The standard item lists a bureau can load in one step.

- A province-level bureau: the two items of the province's 随机抽查事项清单 (seed 001, the table at the end),
  which apply to every bureau below it.
- A city or county bureau: the nine check matters (一)–(九) of a county's 抽查实施方案 (seed 000, section 四),
  as its own items.

Each check point is a question the inspector answers on site, phrased so that “是” means compliant.
"""

from __future__ import annotations

from dataclasses import dataclass

from shuangsuiji.domain.checklists import CheckPointSpec
from shuangsuiji.organisations.models import Bureau

LAW = "《中华人民共和国统计法》《中华人民共和国统计法实施条例》《统计执法监督检查办法》"
TEAM = "持有有效统计执法证，每组检查人员不少于2人"
ON_SITE_OR_WRITTEN = "现场检查或书面检查"
SURVEY_OBJECTS = (
    "规模以上工业、有资质的建筑业、限额以上批发和零售业、限额以上住宿和餐饮业、全部房地产开发经营业、"
    "规模以上服务业法人单位，以及500万元以上固定资产投资项目单位"
)


@dataclass(frozen=True)
class StandardItem:
    name: str
    legal_basis: str
    object_type: str
    ratio: str
    frequency: str
    content: str
    points: tuple[CheckPointSpec, ...]
    category: str = "一般检查事项"
    method: str = ON_SITE_OR_WRITTEN
    note: str = ""


def _yes(text: str, guidance: str = "") -> CheckPointSpec:
    return CheckPointSpec(text=text, guidance=guidance)


PROVINCE_ITEMS: tuple[StandardItem, ...] = (
    StandardItem(
        name="统计调查对象执行统计法及国家有关规定情况",
        legal_basis="《统计法》《统计法实施条例》《统计执法监督检查办法》",
        object_type="统计调查对象",
        ratio="3%",
        frequency="1-2次/年",
        content="1.调查对象依法提供统计资料情况；2.调查对象依法设置原始记录、统计台账情况；3.调查对象依法建立并执行"
        "统计资料管理制度情况；4.调查对象依法为履行法定填报职责提供保障情况；5.调查对象依法配合统计调查和统计监督情况。",
        points=(
            _yes("调查对象是否依法真实、准确、完整、及时提供统计资料？", "核对报表数与原始记录、台账、会计资料"),
            _yes("调查对象是否依法设置原始记录、统计台账？"),
            _yes("调查对象是否依法建立并执行统计资料的审核、签署、交接、归档等管理制度？"),
            _yes("调查对象是否为履行法定填报职责配备人员并提供必要保障？"),
            _yes("调查对象是否依法配合统计调查和统计监督，没有拒绝、阻碍检查？"),
        ),
    ),
    StandardItem(
        name="涉外调查机构依法从事涉外调查情况",
        legal_basis="《统计法》《统计法实施条例》《涉外调查管理办法》",
        object_type="涉外调查机构",
        ratio="100%",
        frequency="1次/年",
        content="1.涉外统计调查机构具备资格条件情况；2.涉外统计调查机构调查项目开展情况；3.涉外社会调查项目报批与执行"
        "情况；4.涉外统计调查机构遵守统计法及涉外统计调查管理法律法规规章等情况。",
        points=(
            _yes("涉外统计调查机构是否具备资格条件，持有有效的涉外调查许可证？"),
            _yes("涉外统计调查机构的调查项目是否按许可范围开展？"),
            _yes("涉外社会调查项目是否依法报批，并按批准的内容执行？"),
            _yes("涉外统计调查机构是否遵守统计法及涉外统计调查管理法律法规规章？"),
        ),
    ),
)

COUNTY_ITEMS: tuple[StandardItem, ...] = (
    StandardItem(
        name="统计机构和统计人员依法独立行使职权情况",
        legal_basis=LAW,
        object_type=SURVEY_OBJECTS,
        ratio="3%-5%",
        frequency="2-4次/年",
        content="是否存在侵犯统计机构和统计人员独立行使统计调查、统计报告、统计监督职权的行为。",
        points=(
            _yes("统计人员是否依法独立开展统计调查、填报和报送统计资料，未受到单位负责人或他人干预？"),
            _yes("单位负责人是否保障统计人员依法履职，没有授意、指使、强令其篡改统计资料或编造虚假数据？"),
            _yes("对依法履职、抵制统计违法行为的统计人员，单位是否依法保护，没有打击报复？"),
        ),
    ),
    StandardItem(
        name="依法定程序和统计制度修改统计数据情况",
        legal_basis=LAW,
        object_type=SURVEY_OBJECTS,
        ratio="不低于5%",
        frequency="2-4次/年",
        category="重点检查事项",
        content="是否存在违反法定程序和统计制度修改统计数据的行为。",
        points=(
            _yes("已报送的统计数据如有修改，是否按统计制度规定的程序办理并经统计机构同意？"),
            _yes("修改统计数据是否有原始记录、统计台账或会计资料等依据，并留存修改记录？"),
            _yes("联网直报系统中的数据修改记录与单位留存资料是否一致？", "调阅联网直报平台的修改日志"),
        ),
    ),
    StandardItem(
        name="如实报送统计资料情况",
        legal_basis=LAW,
        object_type=SURVEY_OBJECTS,
        ratio="不低于5%",
        frequency="2-4次/年",
        category="重点检查事项",
        content="是否存在虚报、瞒报、伪造、篡改、拒报和迟报统计资料的行为。",
        points=(
            _yes("报送的主要统计指标与原始记录、统计台账、会计资料是否一致？"),
            CheckPointSpec(text="核查指标的报表数（万元）", answer_type="number", guidance="如营业收入、工业总产值"),
            CheckPointSpec(text="核查指标的核实数（万元）", answer_type="number"),
            _yes("是否按统计调查制度规定的时间报送统计资料，没有拒报、迟报？"),
            CheckPointSpec(text="数据差异情况说明", answer_type="text", is_required=False),
        ),
    ),
    StandardItem(
        name="依法设立统计机构或配备统计人员情况",
        legal_basis=LAW,
        object_type=SURVEY_OBJECTS,
        ratio="3%-5%",
        frequency="2-4次/年",
        content="是否依法设立统计机构或配备统计人员。",
        points=(
            _yes("是否设立统计机构或指定统计人员负责统计工作？"),
            CheckPointSpec(text="专（兼）职统计人员人数", answer_type="number"),
            _yes("统计人员是否具备相应的统计专业知识，参加过统计业务培训？"),
        ),
    ),
    StandardItem(
        name="设置原始记录、统计台账情况",
        legal_basis=LAW,
        object_type=SURVEY_OBJECTS,
        ratio="3%-5%",
        frequency="2-4次/年",
        content="是否设置原始记录、统计台帐。",
        points=(
            _yes("是否按照国家有关规定设置原始记录和统计台账？"),
            _yes("原始记录、统计台账与统计报表的指标口径是否一致，记录是否及时、完整？"),
            _yes("统计资料是否建立健全审核、签署、交接、归档等管理制度？"),
            CheckPointSpec(text="原始记录、统计台账照片或复印件", answer_type="attachment"),
        ),
    ),
    StandardItem(
        name="统计调查项目报批和法定标识情况",
        legal_basis=LAW,
        object_type="开展统计调查的部门和单位",
        ratio="3%-5%",
        frequency="1-2次/年",
        content="统计调查项目是否依据法定程序报批，是否在统计调查表的右上角标明法定标识。",
        points=(
            _yes("所开展的统计调查项目是否依法报经审批或者备案？"),
            _yes("统计调查表右上角是否标明表号、制定机关、批准或者备案文号、有效期限等法定标识？"),
            CheckPointSpec(text="统计调查表照片", answer_type="attachment"),
        ),
    ),
    StandardItem(
        name="按经批准的统计调查方案开展调查情况",
        legal_basis=LAW,
        object_type="开展统计调查的部门和单位",
        ratio="3%-5%",
        frequency="1-2次/年",
        content="是否严格按照经批准的统计调查方案进行调查，有无随意改变调查内容、调查对象和调查时间等问题。",
        points=(
            _yes("是否严格按照经批准的统计调查方案组织实施调查？"),
            _yes("调查内容、调查对象和调查时间是否与批准的方案一致？"),
            CheckPointSpec(text="与方案不一致之处及原因", answer_type="text", is_required=False),
        ),
    ),
    StandardItem(
        name="统计资料管理、公布和保密情况",
        legal_basis=LAW + "《中华人民共和国保守国家秘密法》",
        object_type=SURVEY_OBJECTS,
        ratio="3%-5%",
        frequency="2-4次/年",
        content="统计资料的管理和公布是否符合有关规定，有无泄露国家秘密、统计调查对象的商业秘密和私人、家庭的单项调查"
        "资料的行为。",
        points=(
            _yes("统计资料的保管、调用、移交是否符合有关规定？"),
            _yes("统计资料的公布是否按规定程序审核后进行？"),
            _yes("是否对国家秘密、统计调查对象的商业秘密和个人、家庭的单项调查资料予以保密，没有泄露？"),
        ),
    ),
    StandardItem(
        name="依法进行涉外调查情况",
        legal_basis=LAW + "《涉外调查管理办法》",
        object_type="涉外调查机构及委托开展涉外调查的单位",
        ratio="100%",
        frequency="1次/年",
        content="是否依法进行涉外调查。",
        points=(
            CheckPointSpec(
                text="涉外调查的开展方式", answer_type="choice", choices=("委托涉外调查机构", "自行开展", "未开展")
            ),
            _yes("开展的涉外调查是否由取得涉外调查许可证的机构实施？"),
            _yes("涉外社会调查项目是否依法报经批准？"),
        ),
    ),
)


def standard_items_for(bureau: Bureau) -> tuple[StandardItem, ...]:
    return PROVINCE_ITEMS if bureau.level in (Bureau.Level.PROVINCE, Bureau.Level.NATIONAL) else COUNTY_ITEMS
