from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "shuangsuiji.cases"
    verbose_name = "案件办理"

    def ready(self) -> None:
        from shuangsuiji.cases import documents
        from shuangsuiji.core.navigation import register_nav
        from shuangsuiji.core.roles import Role

        documents.register()

        roles = (Role.ADMIN, Role.COORDINATOR, Role.LEADER, Role.LEGAL_REVIEWER, Role.INSPECTOR)
        register_nav("案件办理", "cases:board", 300, roles=roles, group="案件与信用")
        register_nav("处罚裁量计算", "cases:calculator", 310, roles=roles, group="案件与信用")
        register_nav("裁量基准", "cases:discretion", 312, roles=roles, group="案件与信用")
        register_nav(
            "案件设置", "cases:settings", 314, roles=(Role.ADMIN, Role.COORDINATOR, Role.LEADER), group="案件与信用"
        )
