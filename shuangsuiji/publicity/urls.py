from django.urls import path

from shuangsuiji.publicity import views

app_name = "publicity"
urlpatterns = [
    path("", views.manage, name="manage"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
]
