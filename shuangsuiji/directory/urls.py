from django.urls import path

from shuangsuiji.directory import views

app_name = "directory"
urlpatterns = [
    path("", views.unit_list, name="units"),
    path("new/", views.unit_create, name="unit_create"),
    path("export.<str:fmt>", views.unit_export, name="export"),
    path("<int:pk>/", views.unit_detail, name="unit"),
    path("<int:pk>/edit/", views.unit_edit, name="unit_edit"),
    path("<int:pk>/exit/", views.unit_exit, name="unit_exit"),
]
