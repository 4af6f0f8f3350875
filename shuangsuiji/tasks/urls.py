from django.urls import path

from shuangsuiji.tasks.views import draws, tasks

app_name = "tasks"
urlpatterns = [
    path("", tasks.task_list, name="tasks"),
    path("new/", tasks.task_create, name="task_create"),
    path("coverage/", tasks.coverage_page, name="coverage"),
    path("<int:pk>/", tasks.task_detail, name="task"),
    path("<int:pk>/edit/", tasks.task_edit, name="task_edit"),
    path("<int:pk>/frame/", tasks.frame_preview, name="frame_preview"),
    path("<int:pk>/directed/", tasks.directed_add, name="directed_add"),
    path("<int:pk>/partners/", tasks.partner_invite, name="partner_invite"),
    path("<int:pk>/cancel/", tasks.task_cancel, name="task_cancel"),
    path("<int:pk>/draw/", draws.prepare, name="prepare"),
    path("partners/<int:pk>/respond/", tasks.partner_respond, name="partner_respond"),
    path("draws/<int:pk>/", draws.draw_detail, name="draw"),
    path("draws/<int:pk>/ceremony/", draws.presentation, name="presentation"),
    path("draws/<int:pk>/<str:action>/", draws.step, name="draw_step"),
    path("draws/<int:pk>/files/<str:name>", draws.draw_file, name="draw_file"),
    path("targets/<int:pk>/substitute/", draws.substitute_target, name="substitute_target"),
    path("members/<int:pk>/replace/", draws.replace_inspector, name="replace_inspector"),
]
