from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "shuangsuiji.inspections"
    verbose_name = "检查实施"

    def ready(self) -> None:
        from shuangsuiji.core.home import register_panel
        from shuangsuiji.core.navigation import register_nav
        from shuangsuiji.core.roles import Role
        from shuangsuiji.inspections.selectors import inspector_panel, review_panel

        register_nav("我的检查任务", "inspections:mine", 205, roles=(Role.INSPECTOR,), group="双随机抽查")
        register_nav(
            "检查记录",
            "inspections:list",
            220,
            roles=(Role.ADMIN, Role.COORDINATOR, Role.LEADER, Role.LEGAL_REVIEWER, Role.SPECIALIST),
            group="双随机抽查",
        )
        register_nav("审核与公示", "inspections:review_list", 225, roles=(Role.COORDINATOR,), group="双随机抽查")
        register_panel(inspector_panel, roles=(Role.INSPECTOR,))
        register_panel(review_panel, roles=(Role.COORDINATOR,))
