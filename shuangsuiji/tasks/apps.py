from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "shuangsuiji.tasks"
    verbose_name = "抽查任务与摇号"

    def ready(self) -> None:
        from shuangsuiji.core.navigation import register_nav
        from shuangsuiji.core.roles import Role

        register_nav("抽查任务与摇号", "tasks:tasks", 210, group="双随机抽查")
        register_nav(
            "覆盖率与工作量",
            "tasks:coverage",
            240,
            roles=(Role.ADMIN, Role.COORDINATOR, Role.LEADER),
            group="双随机抽查",
        )
