from django.urls import path

from shuangsuiji.quality import views

app_name = "quality"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("run/", views.run, name="run"),
    path("findings/<int:pk>/", views.finding, name="finding"),
    path("findings/<int:pk>/verify/", views.verify, name="verify"),
    path("findings/<int:pk>/review/", views.review, name="review"),
    path("units/<int:pk>/", views.unit_trend, name="unit"),
    path("settings/", views.rule_settings, name="settings"),
    path("registers/", views.registers, name="registers"),
    path("registers/<int:pk>/", views.register, name="register"),
    path("proposals/<int:pk>/<str:decision>/", views.decide, name="decide"),
]
