from django.urls import path

from shuangsuiji.catalog import views

app_name = "catalog"
urlpatterns = [
    path("", views.item_list, name="list"),
    path("new/", views.item_create, name="create"),
    path("standard/", views.load_standard, name="load_standard"),
    path("checkpoint-row/", views.checkpoint_row, name="checkpoint_row"),
    path("export.<str:fmt>", views.item_export, name="export"),
    path("<int:pk>/", views.item_detail, name="detail"),
    path("<int:pk>/edit/", views.item_edit, name="edit"),
    path("<int:pk>/publish/", views.item_publish, name="publish"),
    path("<int:pk>/revise/", views.item_revise, name="revise"),
    path("<int:pk>/retire/", views.item_retire, name="retire"),
    path("<int:pk>/discard/", views.item_discard, name="discard"),
]
