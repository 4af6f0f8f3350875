"""Writes to the 检查对象名录库: manual lifecycle (入库/变更/退库), imports and exports."""

from shuangsuiji.directory.services.exports import export_units
from shuangsuiji.directory.services.imports import UnitImporter, import_units
from shuangsuiji.directory.services.units import (
    UnitInputError,
    change_unit,
    enter_unit,
    exit_unit,
    reenter_unit,
    set_risk_class,
)

__all__ = [
    "UnitImporter",
    "UnitInputError",
    "change_unit",
    "enter_unit",
    "exit_unit",
    "export_units",
    "import_units",
    "reenter_unit",
    "set_risk_class",
]
