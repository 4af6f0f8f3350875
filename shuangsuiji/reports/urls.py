from django.urls import path

from shuangsuiji.reports import views

app_name = "reports"

urlpatterns = [
    path("monthly/", views.monthly, name="monthly"),
    path("monthly/input/", views.monthly_input, name="monthly_input"),
    path("monthly/download.<str:fmt>", views.monthly_download, name="monthly_download"),
    path("annual/", views.annual, name="annual"),
    path("annual/publish/", views.annual_publish, name="annual_publish"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/<str:chart>.csv", views.chart_csv, name="chart_csv"),
]
