from django.urls import path

from shuangsuiji.inspectors import views

app_name = "inspectors"
urlpatterns = [
    path("", views.inspector_list, name="list"),
    path("new/", views.inspector_create, name="create"),
    path("public/", views.public_list, name="public"),
    path("units-lookup/", views.unit_lookup, name="unit_lookup"),
    path("export.<str:fmt>", views.inspector_export, name="export"),
    path("<int:pk>/", views.inspector_detail, name="detail"),
    path("<int:pk>/edit/", views.inspector_edit, name="edit"),
    path("<int:pk>/status/", views.inspector_status, name="status"),
    path("<int:pk>/certificate/", views.inspector_renew, name="renew"),
    path("<int:pk>/account/", views.inspector_link, name="link"),
    path("<int:pk>/conflicts/new/", views.conflict_create, name="conflict_create"),
    path("<int:pk>/conflicts/<int:conflict_pk>/withdraw/", views.conflict_withdraw, name="conflict_withdraw"),
]
