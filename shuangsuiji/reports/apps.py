from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "shuangsuiji.reports"
    verbose_name = "统计报表"

    def ready(self) -> None:
        from shuangsuiji.core.navigation import register_nav
        from shuangsuiji.core.roles import Role

        roles = (Role.ADMIN, Role.COORDINATOR, Role.LEADER, Role.LEGAL_REVIEWER)
        register_nav("工作月报表", "reports:monthly", 410, roles=roles, group="一公开")
        register_nav("执法统计年报", "reports:annual", 420, roles=roles, group="一公开")
        register_nav("统计图表", "reports:dashboard", 430, roles=roles, group="一公开")
