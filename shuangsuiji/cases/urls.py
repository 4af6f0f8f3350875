from django.urls import path

from shuangsuiji.cases import views

app_name = "cases"

urlpatterns = [
    path("", views.board, name="board"),
    path("new/", views.new_case, name="new"),
    path("calculator/", views.calculator, name="calculator"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/<str:step>/", views.step, name="step"),
]
