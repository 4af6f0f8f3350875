from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "shuangsuiji.organisations"
    verbose_name = "机构"

    def ready(self) -> None:
        from shuangsuiji.core.navigation import register_nav
        from shuangsuiji.core.roles import Role

        register_nav("本局信息", "organisations:bureau", 900, group="系统")
        register_nav("用户管理", "accounts:users", 910, roles=(Role.ADMIN,), group="系统")
