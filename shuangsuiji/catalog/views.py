"""Pages of the 随机抽查事项清单: the bureau's list (own and inherited), an item with all its versions and their
checklists, create / edit draft (with the checklist formset), publish, revise, retire, the standard lists, export."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from shuangsuiji.catalog import selectors, services
from shuangsuiji.catalog.filters import OWNER_CHOICES, ItemFilter
from shuangsuiji.catalog.forms import (
    CHECKPOINT_PREFIX,
    ItemForm,
    checkpoint_formset,
    empty_checkpoint_form,
    specs_from,
)
from shuangsuiji.catalog.models import InspectionItem
from shuangsuiji.core.exporters import download
from shuangsuiji.core.permissions import Perm, has_perm, require_perm
from shuangsuiji.domain import catalog
from shuangsuiji.organisations.selectors import bureaus_visible_to, can_write_bureau


@login_required
def item_list(request: HttpRequest) -> HttpResponse:
    item_filter = ItemFilter.from_params(request.GET)
    bureau, items = selectors.item_list(request.user, item_filter)
    can_edit = (
        bureau is not None and has_perm(request.user, Perm.CATALOG_EDIT) and can_write_bureau(request.user, bureau.pk)
    )
    context = {
        "bureau": bureau,
        "items": items,
        "filter": item_filter,
        "bureaus": list(bureaus_visible_to(request.user)),
        "statuses": InspectionItem.Status.choices,
        "categories": list(catalog.CATEGORIES.items()),
        "owners": OWNER_CHOICES,
        "can_edit": can_edit,
        "missing_standard": selectors.missing_standard_count(bureau) if can_edit and bureau else 0,
        "query": request.GET.urlencode(),
    }
    htmx = getattr(request, "htmx", False)
    return render(request, "catalog/partials/item_rows.html" if htmx else "catalog/item_list.html", context)


@login_required
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.item_detail(request.user, pk)
    context = {
        "item": item,
        "versions": selectors.item_versions(item),
        "can_edit": _can_edit(request, item),
        "is_inherited": item.bureau_id != getattr(request.user, "bureau_id", None),
    }
    return render(request, "catalog/item_detail.html", context)


def _can_edit(request: HttpRequest, item: InspectionItem) -> bool:
    return has_perm(request.user, Perm.CATALOG_EDIT) and can_write_bureau(request.user, item.bureau_id)


def _writable(request: HttpRequest, pk: int) -> InspectionItem:
    item = selectors.item_detail(request.user, pk)
    if not can_write_bureau(request.user, item.bureau_id):
        raise PermissionDenied("只能修改本局的事项（上级局和下级局的事项为只读）")
    return item


def _attach(form: ItemForm, exc: services.ItemInputError) -> None:
    for key, message in exc.errors:
        form.add_error(key if key in form.fields else None, message)


def _form_page(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    return render(request, "catalog/item_form.html", context, status=400 if request.method == "POST" else 200)


@require_perm(Perm.CATALOG_EDIT)
def item_create(request: HttpRequest) -> HttpResponse:
    bureau = request.user.bureau  # type: ignore[union-attr]
    if bureau is None:
        raise PermissionDenied
    initial = {"category": "一般检查事项", "inspecting_bodies": bureau.name, "method": "现场检查或书面检查"}
    form = ItemForm(request.POST or None, initial=initial)
    formset = checkpoint_formset(request.POST or None)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            item = services.create_item(
                actor=request.user, bureau=bureau, values=form.values(), checkpoints=specs_from(formset)
            )
        except services.ItemInputError as exc:
            _attach(form, exc)
        else:
            messages.success(request, f"已保存草稿：{item.code}。核对检查表式后请“发布”。")
            return redirect("catalog:detail", item.pk)
    return _form_page(request, {"form": form, "formset": formset, "title": "新增抽查事项"})


@require_perm(Perm.CATALOG_EDIT)
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = _writable(request, pk)
    draft = item.draft_version
    if draft is None or item.status == InspectionItem.Status.RETIRED:
        messages.error(request, "已发布的版本不可修改：请先“修订”生成新的草稿版本。")
        return redirect("catalog:detail", item.pk)
    form = ItemForm(request.POST or None, creating=False, initial=ItemForm.initial_from(draft))
    formset = checkpoint_formset(request.POST or None, version=None if request.POST else draft)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            services.edit_draft(actor=request.user, item=item, values=form.values(), checkpoints=specs_from(formset))
        except services.ItemInputError as exc:
            _attach(form, exc)
        else:
            messages.success(request, f"已保存第{draft.number}版草稿。")
            return redirect("catalog:detail", item.pk)
    title = f"修改草稿：{item.code} 第{draft.number}版"
    return _form_page(request, {"form": form, "formset": formset, "item": item, "draft": draft, "title": title})


@login_required
def checkpoint_row(request: HttpRequest) -> HttpResponse:
    """htmx: one more empty checklist row, and the formset's new form count (out of band)."""
    try:
        index = int(request.GET.get(f"{CHECKPOINT_PREFIX}-TOTAL_FORMS", "0"))
    except ValueError:
        index = 0
    if not 0 <= index < 50:
        raise Http404("检查要点最多 50 个")
    context = {"form": empty_checkpoint_form(index), "index": index, "total": index + 1, "prefix": CHECKPOINT_PREFIX}
    return render(request, "catalog/partials/checkpoint_row.html", context)


def _action(request: HttpRequest, pk: int, run: Any, success: str) -> HttpResponse:
    item = _writable(request, pk)
    try:
        run(item)
    except services.ItemInputError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, success)
    return redirect("catalog:detail", item.pk)


@require_perm(Perm.CATALOG_EDIT)
@require_POST
def item_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(request, pk, lambda item: services.publish_item(actor=request.user, item=item), "已发布。")


@require_perm(Perm.CATALOG_EDIT)
@require_POST
def item_revise(request: HttpRequest, pk: int) -> HttpResponse:
    item = _writable(request, pk)
    try:
        draft = services.revise_item(actor=request.user, item=item, change_reason=request.POST.get("reason", ""))
    except services.ItemInputError as exc:
        messages.error(request, str(exc))
        return redirect("catalog:detail", item.pk)
    messages.success(request, f"已生成第{draft.number}版草稿，修改后请发布。已发布的版本保持不变。")
    return redirect("catalog:edit", item.pk)


@require_perm(Perm.CATALOG_EDIT)
@require_POST
def item_retire(request: HttpRequest, pk: int) -> HttpResponse:
    reason = request.POST.get("reason", "")
    return _action(
        request, pk, lambda item: services.retire_item(actor=request.user, item=item, reason=reason), "已停用。"
    )


@require_perm(Perm.CATALOG_EDIT)
@require_POST
def item_discard(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(request, pk, lambda item: services.discard_draft(actor=request.user, item=item), "已放弃修订草稿。")


@require_perm(Perm.CATALOG_EDIT)
@require_POST
def load_standard(request: HttpRequest) -> HttpResponse:
    bureau = request.user.bureau  # type: ignore[union-attr]
    if bureau is None:
        raise PermissionDenied
    created = services.load_standard_items(bureau, actor=request.user)
    messages.success(
        request, f"已加载并发布 {len(created)} 项标准抽查事项。" if created else "标准事项均已存在，未作改动。"
    )
    return redirect("catalog:list")


@login_required
def item_export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    if fmt not in ("xlsx", "csv"):
        raise Http404("不支持的导出格式")
    bureau = selectors.list_bureau(request.user, request.GET.get("bureau", ""))
    if bureau is None:
        raise Http404("未分配统计局")
    name = f"随机抽查事项清单-{bureau.name}-{timezone.localdate():%Y%m%d}.{fmt}"
    items = selectors.own_items(bureau)
    return download(lambda path: services.export_items(queryset=items, path=path), f".{fmt}", name)
