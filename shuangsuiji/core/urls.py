from django.urls import path

from shuangsuiji.core import views

app_name = "core"
urlpatterns = [
    path("", views.root, name="home"),
    path("jobs/<int:pk>/", views.job, name="job"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
]

from shuangsuiji.core import import_views  # noqa: E402

urlpatterns += [
    path("imports/", import_views.index, name="imports"),
    path("imports/<str:kind>/", import_views.upload, name="import"),
    path("imports/jobs/<int:pk>/", import_views.job_page, name="import_job"),
    path("imports/jobs/<int:pk>/confirm/", import_views.confirm, name="import_confirm"),
    path("imports/jobs/<int:pk>/rejected.csv", import_views.rejected_file, name="import_rejected"),
]
