from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "shuangsuiji.directory"
    verbose_name = "检查对象名录库"

    def ready(self) -> None:
        from shuangsuiji.core.exporters import register_exporter
        from shuangsuiji.core.home import register_panel
        from shuangsuiji.core.importers import ImportKind, register_import
        from shuangsuiji.core.navigation import register_nav
        from shuangsuiji.core.permissions import Perm
        from shuangsuiji.core.roles import Role
        from shuangsuiji.directory.selectors import home_panel
        from shuangsuiji.directory.services import UnitImporter
        from shuangsuiji.directory.services.exports import export_bureau_units

        register_nav("检查对象名录库", "directory:units", 100, group="一单两库")
        register_nav(
            "导入",
            "core:imports",
            190,
            roles=(Role.ADMIN, Role.COORDINATOR, Role.SPECIALIST),
            group="一单两库",
        )
        register_import(
            ImportKind(
                kind="units",
                label="检查对象名录库",
                factory=UnitImporter,
                perm=Perm.DIRECTORY_IMPORT,
                list_url_name="directory:units",
                template_hint="必填列：统一社会信用代码、单位详细名称（或单位名称）、行政区划代码（或区划代码）、行业代码。"
                "可选列：单位规模、四上类别、登记注册类型、法定代表人、联系人、联系电话、详细地址、营业收入、从业人员、"
                "指标期别、信用风险等级、增速分组、标签、状态、校验码豁免原因。已在库的单位按统一社会信用代码更新。",
            )
        )
        register_exporter("units", export_bureau_units)
        register_panel(home_panel, roles=(Role.ADMIN, Role.COORDINATOR, Role.SPECIALIST, Role.LEADER))
