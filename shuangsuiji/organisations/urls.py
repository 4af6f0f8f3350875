from django.urls import path

from shuangsuiji.organisations import views

app_name = "organisations"
urlpatterns = [
    path("bureau/", views.bureau, name="bureau"),
    path("bureau/<str:code>/", views.bureau, name="bureau_detail"),
]
