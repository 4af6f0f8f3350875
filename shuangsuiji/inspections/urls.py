from django.urls import path

from shuangsuiji.inspections import views

app_name = "inspections"

urlpatterns = [
    path("", views.inspection_list, name="list"),
    path("mine/", views.mine, name="mine"),
    path("review/", views.review_list, name="review_list"),
    path("publish/", views.publish, name="publish"),
    path("targets/<int:pk>/open/", views.open_target, name="open_target"),
    path("<int:pk>/", views.record, name="record"),
    path("<int:pk>/evidence/", views.upload_evidence, name="upload_evidence"),
    path("<int:pk>/sign/", views.sign, name="sign"),
    path("<int:pk>/review/", views.review, name="review"),
    path("<int:pk>/handover/", views.hand_over, name="hand_over"),
    path("<int:pk>/recheck/", views.recheck, name="recheck"),
    path("evidence/<int:pk>/", views.evidence_file, name="evidence_file"),
    path("signatures/<int:pk>/", views.signature_image, name="signature_image"),
]
