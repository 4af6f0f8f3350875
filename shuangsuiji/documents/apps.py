from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "shuangsuiji.documents"
    verbose_name = "执法文书"

    def ready(self) -> None:
        from shuangsuiji.core.navigation import register_nav
        from shuangsuiji.inspections import documents as inspection_documents

        inspection_documents.register()
        register_nav("执法文书", "documents:documents", 230, group="检查实施")
