from django.urls import path

from shuangsuiji.publicity import views_data, views_objections, views_portal

app_name = "portal"
urlpatterns = [
    path("", views_portal.index, name="index"),
    path("verify/", views_portal.verify_help, name="verify"),
    path("verify/verify_draw.py", views_portal.verifier_file, name="verifier"),
    path("p/<int:pk>/", views_portal.detail, name="detail"),
    path("p/<int:pk>/files/<str:name>", views_portal.publication_file, name="file"),
    path("p/<int:pk>/objection/", views_objections.objection_form, name="objection"),
    path("objection/<str:code>/", views_objections.objection_status, name="objection_status"),
    path("<str:code>/", views_portal.bureau, name="bureau"),
    path("<str:code>/items/", views_portal.items, name="items"),
    path("<str:code>/inspectors/", views_portal.inspectors, name="inspectors"),
    path("<str:code>/credit/", views_portal.credit, name="credit"),
    path("<str:code>/check/", views_portal.check, name="check"),
    path("<str:code>/feed.atom", views_data.feed, name="feed"),
    path("<str:code>/data/<str:name>.<str:fmt>", views_data.dataset, name="data"),
    path("<str:code>/<str:name>/", views_portal.listing, name="list"),
]
