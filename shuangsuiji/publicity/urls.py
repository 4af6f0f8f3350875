from django.urls import path

from shuangsuiji.publicity import views, views_objections

app_name = "publicity"
urlpatterns = [
    path("", views.manage, name="manage"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("objections/", views_objections.objections, name="objections"),
    path("objections/<int:pk>/", views_objections.objection, name="objection"),
]
