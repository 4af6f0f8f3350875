from django.urls import path

from shuangsuiji.organisations import views

app_name = "organisations"
urlpatterns = [
    path("bureau/", views.bureau, name="bureau"),
    path("bureau/<str:code>/", views.bureau, name="bureau_detail"),
    path("bureau/<str:code>/audit-head.json", views.chain_head_export, name="chain_head_export"),
    path("bureau/<str:code>/audit-verify/", views.chain_verify, name="chain_verify"),
]
