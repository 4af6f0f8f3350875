from django.urls import path

from shuangsuiji.cases.views import configuration, pages, records, steps

app_name = "cases"

urlpatterns = [
    path("", pages.board, name="board"),
    path("new/", pages.new_case, name="new"),
    path("calculator/", pages.calculator, name="calculator"),
    path("settings/", configuration.case_settings, name="settings"),
    path("discretion/", configuration.discretion, name="discretion"),
    path("discretion/import/", configuration.discretion_import, name="discretion_import"),
    path("discretion/export.<str:fmt>", configuration.discretion_export, name="discretion_export"),
    path("<int:pk>/", pages.detail, name="detail"),
    path("<int:pk>/interview/", records.interview, name="interview"),
    path("<int:pk>/hearing-record/", records.hearing_record, name="hearing_record"),
    path("<int:pk>/statement/", records.statement, name="statement"),
    path("<int:pk>/<str:step>/", steps.step, name="step"),
]
