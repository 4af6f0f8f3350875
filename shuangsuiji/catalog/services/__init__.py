"""Writes to the 随机抽查事项清单: the item lifecycle with versions, the standard lists, imports and exports."""

from shuangsuiji.catalog.services.exports import export_bureau_items, export_items
from shuangsuiji.catalog.services.imports import ItemImporter, import_items
from shuangsuiji.catalog.services.items import (
    ItemInputError,
    create_item,
    discard_draft,
    edit_draft,
    publish_item,
    retire_item,
    revise_item,
    specs_of,
    text_values,
)
from shuangsuiji.catalog.services.standard import load_standard_items

__all__ = [
    "ItemImporter",
    "ItemInputError",
    "create_item",
    "discard_draft",
    "edit_draft",
    "export_bureau_items",
    "export_items",
    "import_items",
    "load_standard_items",
    "publish_item",
    "retire_item",
    "revise_item",
    "specs_of",
    "text_values",
]
