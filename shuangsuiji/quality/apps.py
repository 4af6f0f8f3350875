from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "shuangsuiji.quality"
    verbose_name = "数据质量监测"

    def ready(self) -> None:
        from shuangsuiji.core.home import register_panel
        from shuangsuiji.core.importers import ImportKind, register_import
        from shuangsuiji.core.navigation import register_nav
        from shuangsuiji.core.permissions import Perm
        from shuangsuiji.core.roles import Role
        from shuangsuiji.quality.selectors import home_panel
        from shuangsuiji.quality.services.imports import ReportedValueImporter

        roles = (Role.ADMIN, Role.COORDINATOR, Role.SPECIALIST, Role.LEADER)
        register_nav("数据质量监测", "quality:overview", 150, roles=roles, group="数据质量")
        register_nav(
            "名录库比对",
            "quality:registers",
            155,
            roles=(Role.ADMIN, Role.COORDINATOR, Role.SPECIALIST),
            group="数据质量",
        )
        register_import(
            ImportKind(
                kind="reported_values",
                label="报送数据（联网直报）",
                factory=ReportedValueImporter,
                perm=Perm.QUALITY_IMPORT,
                list_url_name="quality:overview",
                template_hint="必填列：统一社会信用代码、报告期（2026-10、2026Q3 或 2026）。长表另需「指标」「本月」「本年累计」列"
                "（每行一个指标）；宽表每个指标一列，如「营业收入」「营业收入本年累计」「从业人员期末人数」。可选列：填报时间。"
                "同一单位、指标、报告期已有数据的，以本次导入为准。",
            )
        )
        register_panel(home_panel, roles=roles)
