from django.urls import path
from django.views.generic import RedirectView

from shuangsuiji.deadlines import views

app_name = "deadlines"
urlpatterns = [
    path("", RedirectView.as_view(pattern_name="deadlines:board"), name="index"),
    path("board/", views.board, name="board"),
    path("<int:pk>/", views.deadline_detail, name="deadline"),
    path("<int:pk>/complete/", views.deadline_complete, name="deadline_complete"),
    path("rules/", views.rules, name="rules"),
    path("rules/<str:code>/", views.rule_edit, name="rule_edit"),
    path("rules/<str:code>/reset/", views.rule_reset, name="rule_reset"),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/<int:year>/", views.calendar_year, name="calendar_year"),
]
