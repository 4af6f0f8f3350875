from django.urls import include, path

from config.api import api

urlpatterns = [
    path("", include("shuangsuiji.core.urls")),
    path("", include("shuangsuiji.accounts.urls")),
    path("", include("shuangsuiji.organisations.urls")),
    path("directory/", include("shuangsuiji.directory.urls")),
    path("inspectors/", include("shuangsuiji.inspectors.urls")),
    path("items/", include("shuangsuiji.catalog.urls")),
    path("plans/", include("shuangsuiji.planning.urls")),
    path("tasks/", include("shuangsuiji.tasks.urls")),
    path("deadlines/", include("shuangsuiji.deadlines.urls")),
    path("inspections/", include("shuangsuiji.inspections.urls")),
    path("reports/", include("shuangsuiji.reports.urls")),
    path("cases/", include("shuangsuiji.cases.urls")),
    path("public/", include("shuangsuiji.publicity.urls_portal")),
    path("publicity/", include("shuangsuiji.publicity.urls")),
    path("", include("shuangsuiji.documents.urls")),
    path("quality/", include("shuangsuiji.quality.urls")),
    path("api/v1/", api.urls),
]
