from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "shuangsuiji.catalog"
    verbose_name = "随机抽查事项清单"

    def ready(self) -> None:
        from shuangsuiji.catalog.selectors import home_panel
        from shuangsuiji.catalog.services import ItemImporter, export_bureau_items
        from shuangsuiji.core.exporters import register_exporter
        from shuangsuiji.core.home import register_panel
        from shuangsuiji.core.importers import ImportKind, register_import
        from shuangsuiji.core.navigation import register_nav
        from shuangsuiji.core.permissions import Perm
        from shuangsuiji.core.roles import Role

        register_nav("随机抽查事项清单", "catalog:list", 90, group="一单两库")
        register_import(
            ImportKind(
                kind="items",
                label="随机抽查事项清单",
                factory=ItemImporter,
                perm=Perm.CATALOG_EDIT,
                list_url_name="catalog:list",
                template_hint="必填列：抽查事项名称、抽查依据、抽查主体、抽查对象、抽查比例（如 3%、3%-5%、不低于3%）、"
                "抽查频次（如 1-2次/年、每年1次）、抽查方式、抽查内容及要求。可选列：事项编码、事项类别（一般/重点检查事项）、"
                "检查人员要求、备注、检查要点（每行一个，或“1.…；2.…”；未填时按抽查内容及要求的编号生成）。"
                "按事项编码（无编码时按名称）更新；已发布的事项有变化时生成新的草稿版本，不直接修改已发布版本。",
            )
        )
        register_exporter("items", export_bureau_items)
        register_panel(home_panel, roles=(Role.ADMIN, Role.COORDINATOR, Role.SPECIALIST, Role.LEADER))
