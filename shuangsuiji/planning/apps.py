from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "shuangsuiji.planning"
    verbose_name = "年度抽查计划"

    def ready(self) -> None:
        from shuangsuiji.core.home import register_panel
        from shuangsuiji.core.navigation import register_nav
        from shuangsuiji.core.roles import Role
        from shuangsuiji.planning.selectors import plan_panel

        register_nav("年度抽查计划", "planning:plans", 200, group="双随机抽查")
        register_panel(plan_panel, roles=(Role.ADMIN, Role.COORDINATOR, Role.LEADER))
