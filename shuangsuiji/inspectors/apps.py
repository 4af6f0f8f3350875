from django.apps import AppConfig


class InspectorsConfig(AppConfig):
    name = "shuangsuiji.inspectors"
    verbose_name = "执法检查人员名录库"

    def ready(self) -> None:
        from shuangsuiji.core.exporters import register_exporter
        from shuangsuiji.core.home import register_panel
        from shuangsuiji.core.importers import ImportKind, register_import
        from shuangsuiji.core.navigation import register_nav
        from shuangsuiji.core.permissions import Perm
        from shuangsuiji.core.roles import Role
        from shuangsuiji.inspectors.selectors import home_panel
        from shuangsuiji.inspectors.services import InspectorImporter, export_bureau_inspectors

        register_nav("执法检查人员名录库", "inspectors:list", 110, group="一单两库")
        register_import(
            ImportKind(
                kind="inspectors",
                label="执法检查人员名录库",
                factory=InspectorImporter,
                perm=Perm.INSPECTORS_EDIT,
                list_url_name="inspectors:list",
                template_hint="必填列：姓名、性别、执法证号、执法证有效期至。可选列：所属科室（须为本局已有科室）、执法岗位、"
                "执法区域、专长标签（空格或顿号分隔）、状态（在岗/请假/借调/调离，空为在岗）、常住地区划代码、工号、手机。"
                "已登记的人员按执法证号更新，变化记入其历史。",
            )
        )
        register_exporter("inspectors", export_bureau_inspectors)
        register_panel(home_panel, roles=(Role.ADMIN, Role.COORDINATOR, Role.LEADER))
