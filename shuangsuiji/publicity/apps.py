from django.apps import AppConfig


class PublicityConfig(AppConfig):
    name = "shuangsuiji.publicity"
    verbose_name = "一公开"

    def ready(self) -> None:
        from shuangsuiji.core.home import register_panel
        from shuangsuiji.core.navigation import register_nav
        from shuangsuiji.core.roles import Role
        from shuangsuiji.publicity.selectors import publication_panel

        register_nav(
            "信息公开", "publicity:manage", 400, roles=(Role.ADMIN, Role.COORDINATOR, Role.LEADER), group="一公开"
        )
        register_panel(publication_panel, roles=(Role.ADMIN, Role.COORDINATOR))
