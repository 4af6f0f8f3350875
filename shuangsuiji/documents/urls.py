from django.urls import path

from shuangsuiji.documents.views import documents, timeline

app_name = "documents"
urlpatterns = [
    path("documents/", documents.document_list, name="documents"),
    path("documents/<int:pk>/", documents.document_detail, name="document"),
    path("documents/<int:pk>/pdf", documents.document_pdf, name="pdf"),
    path("documents/<int:pk>/png", documents.document_png, name="png"),
    path("documents/about/<str:object_type>/<str:object_id>/", documents.documents_about, name="about"),
    path("documents/preview/<str:kind_code>/<str:object_id>/", documents.document_preview, name="preview"),
    path("documents/issue/<str:kind_code>/<str:object_id>/", documents.document_issue, name="issue"),
    path("timeline/<str:object_type>/<str:object_id>/", timeline.timeline, name="timeline"),
]
