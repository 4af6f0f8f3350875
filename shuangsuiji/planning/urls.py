from django.urls import path

from shuangsuiji.planning import views

app_name = "planning"
urlpatterns = [
    path("", views.plan_list, name="plans"),
    path("<int:pk>/", views.plan_detail, name="plan"),
    path("<int:pk>/adjust/", views.plan_adjust, name="adjust"),
    path("versions/<int:pk>/edit/", views.version_edit, name="version_edit"),
    path("versions/<int:pk>/lines/new/", views.line_add, name="line_add"),
    path("versions/<int:pk>/<str:action>/", views.version_action, name="version_action"),
    path("lines/<int:pk>/remove/", views.line_remove, name="line_remove"),
]
