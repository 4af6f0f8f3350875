from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    name = "shuangsuiji.deadlines"
    verbose_name = "法定期限"

    def ready(self) -> None:
        from shuangsuiji.core.home import register_panel
        from shuangsuiji.core.navigation import register_nav
        from shuangsuiji.core.roles import Role
        from shuangsuiji.deadlines.selectors import home_panel

        register_nav(
            "期限看板", "deadlines:board", 500, roles=(Role.ADMIN, Role.COORDINATOR, Role.LEADER), group="期限管理"
        )
        register_nav("期限规则", "deadlines:rules", 510, roles=(Role.ADMIN, Role.COORDINATOR), group="期限管理")
        register_nav("工作日历", "deadlines:calendar", 520, roles=(Role.ADMIN, Role.COORDINATOR), group="期限管理")
        register_panel(home_panel, roles=(Role.ADMIN, Role.COORDINATOR, Role.LEADER))
