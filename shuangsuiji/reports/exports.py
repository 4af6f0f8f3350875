"""The monthly forms as .xlsx laid out like the printed forms of seed 002 (title, unit, date, merged cells,
contact line) and as PDF (the same HTML the page shows, rendered by WeasyPrint)."""

from __future__ import annotations

import io

from django.template.loader import render_to_string
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet.worksheet import Worksheet

from shuangsuiji.reports.selectors import FormRow, MonthlyForm

THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="center")
CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")


def _cells(value: FormRow) -> list[object]:
    return ["—", "—", "—"] if value.count is None else list(value.count.as_list())


def _boxed(sheet: Worksheet, first_row: int, last_row: int, last_col: int) -> None:
    for row in sheet.iter_rows(min_row=first_row, max_row=last_row, max_col=last_col):
        for cell in row:
            cell.border = BOX
            if cell.alignment.horizontal != "center":
                cell.alignment = WRAP


def _form1(sheet: Worksheet, form: MonthlyForm) -> None:
    sheet.title = "附件1"
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 58
    for col in "CDE":
        sheet.column_dimensions[col].width = 12
    sheet.merge_cells("A1:E1")
    sheet["A1"] = f"{form.year} 年“双随机、一公开”监管月报表"
    sheet["A1"].font = Font(size=16, bold=True)
    sheet["A1"].alignment = CENTER
    sheet.merge_cells("A2:E2")
    sheet["A2"] = (
        f"单位名称（盖章）：{form.bureau.name}    填表时间：{timezone.localdate():%Y年%m月%d日}    报告期：{form.year}年{form.month}月"
    )
    sheet.append(["", "项目", "次数", "户数", "发现问题户数"])
    for cell in sheet[3]:
        cell.alignment = CENTER
        cell.font = Font(bold=True)
    start = 4
    for row in form.platform_rows:
        sheet.append(["", row.label, *_cells(row)])
    sheet.merge_cells(start_row=start, end_row=start + len(form.platform_rows) - 1, start_column=1, end_column=1)
    sheet.cell(start, 1, "通过本平台开展抽查情况").alignment = CENTER
    other = start + len(form.platform_rows)
    for row in form.other_rows:
        sheet.append(["", row.label, *_cells(row)])
    sheet.merge_cells(start_row=other, end_row=other + len(form.other_rows) - 1, start_column=1, end_column=1)
    sheet.cell(other, 1, "通过其他平台开展抽查情况").alignment = CENTER
    last = other + len(form.other_rows) - 1
    _boxed(sheet, 3, last, 5)
    sheet.append([])
    sheet.append(
        [f"联系人：{form.contact or '_____'}    联系电话：{form.phone or '_____'}    手机：{form.mobile or '_____'}"]
    )
    sheet.merge_cells(start_row=last + 2, end_row=last + 2, start_column=1, end_column=5)


def _form2(sheet: Worksheet, form: MonthlyForm) -> None:
    sheet.column_dimensions["A"].width = 8
    sheet.column_dimensions["B"].width = 50
    sheet.column_dimensions["C"].width = 60
    sheet.merge_cells("A1:C1")
    sheet["A1"] = f"{form.year} 年“双随机、一公开”监管工作月报表"
    sheet["A1"].font = Font(size=16, bold=True)
    sheet["A1"].alignment = CENTER
    sheet.merge_cells("A2:C2")
    sheet["A2"] = f"单位名称：{form.bureau.name}"
    sheet.merge_cells("A3:C3")
    sheet["A3"] = f"填表时间：{timezone.localdate():%Y年%m月%d日}    报告期：{form.year}年{form.month}月"
    rows: list[tuple[str, str, str]] = [
        ("一、“双随机、一公开”监管工作安排部署情况", "", ""),
        ("1", "本月召开会议部署随机抽查工作情况", form.meetings or "无"),
        ("2", "本月印发双随机工作文件情况", form.documents or "无"),
        ("3", "本月组织随机抽查业务培训情况", form.trainings or "无"),
        ("二、“双随机、一公开”监管工作开展情况", "", ""),
        ("4", "本月按年度随机抽查工作计划市本级开展随机抽查情况", ""),
        ("", "本月组织随机抽查的文件", "；".join(form.task_documents) or "无"),
        ("", "本月随机抽查次数、数量", f"{form.month_count.times} 次，{form.month_count.units} 户"),
        ("", "发现问题的检查主体数量", f"{form.month_count.problem_units} 户"),
        ("", "随机抽查的检查事项", "；".join(form.items) or "无"),
        ("", "随机抽查结果公示情况", form.publication),
        ("三、市本级开展“双随机、一公开”监管工作完成情况", "", ""),
    ]
    for n, row in enumerate(form.cumulative_rows):
        count = row.count
        text = "—" if count is None else f"{count.times} 次，{count.units} 户，发现问题 {count.problem_units} 户"
        rows.append(("5" if n == 0 else "", row.label, text))
    first = 4
    for number, label, value in rows:
        sheet.append([number, label, value])
        current = sheet.max_row
        if not label:  # a section heading across the row
            sheet.merge_cells(start_row=current, end_row=current, start_column=1, end_column=3)
            sheet.cell(current, 1).font = Font(bold=True)
    item4 = first + 5
    sheet.merge_cells(start_row=item4, end_row=item4 + 5, start_column=1, end_column=1)
    sheet.cell(item4, 1).value = "4"
    item5 = first + 12
    sheet.merge_cells(start_row=item5, end_row=item5 + len(form.cumulative_rows) - 1, start_column=1, end_column=1)
    last = sheet.max_row
    _boxed(sheet, first, last, 3)
    for cells in sheet.iter_rows(min_row=first, max_row=last, max_col=1):
        cells[0].alignment = CENTER
    sheet.append([])
    sheet.append(
        [f"联系人：{form.contact or '_____'}    联系电话：{form.phone or '_____'}    手机：{form.mobile or '_____'}"]
    )
    sheet.merge_cells(start_row=last + 2, end_row=last + 2, start_column=1, end_column=3)


def forms_xlsx(form: MonthlyForm) -> bytes:
    book = Workbook()
    _form1(book.active, form)  # type: ignore[arg-type]
    _form2(book.create_sheet("附件2"), form)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def forms_pdf(form: MonthlyForm) -> bytes:
    from shuangsuiji.documents.services import html_to_pdf

    html = render_to_string("reports/forms_print.html", {"form": form, "today": timezone.localdate()})
    return html_to_pdf(html)
