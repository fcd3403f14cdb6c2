"""Browser pages (namespace `web`)."""

from django.urls import path

from paperkeep.web.views import bulk, dashboard, document, documents, fields, health, manage, people, tasks, trash

app_name = "web"

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("", dashboard.home, name="home"),
    path("documents/", documents.documents, name="documents"),
    path("documents/autocomplete/", documents.autocomplete, name="autocomplete"),
    path("documents/bulk/", bulk.bulk_edit, name="bulk"),
    path("documents/views/save/", documents.save_view, name="save_view"),
    path("documents/views/<int:pk>/", documents.open_saved_view, name="saved_view"),
    path("documents/views/<int:pk>/delete/", documents.delete_view, name="delete_view"),
    path("documents/<int:pk>/", document.detail, name="document"),
    path("documents/<int:pk>/edit/", document.edit, name="document_edit"),
    path("documents/<int:pk>/notes/", document.note_add, name="note_add"),
    path("documents/<int:pk>/notes/<int:note_id>/delete/", document.note_delete, name="note_delete"),
    path("documents/<int:pk>/permissions/", document.permissions, name="document_permissions"),
    path("documents/<int:pk>/share/", document.share_create, name="share_create"),
    path("documents/<int:pk>/share/<int:link_id>/delete/", document.share_delete, name="share_delete"),
    path("documents/<int:pk>/trash/", document.trash, name="document_trash"),
    path("upload/", tasks.upload, name="upload"),
    path("tasks/", tasks.tasks, name="tasks"),
    path("tasks/status/", tasks.task_status, name="task_status"),
    path("tasks/dismiss/", tasks.dismiss, name="dismiss_tasks"),
    path("trash/", trash.trash, name="trash"),
    path("trash/action/", trash.trash_action, name="trash_action"),
    path("manage/", manage.index, name="manage"),
    path("manage/custom_fields/", fields.custom_fields, name="custom_fields"),
    path("manage/custom_fields/<int:pk>/", fields.custom_field_edit, name="custom_field_edit"),
    path("manage/custom_fields/<int:pk>/delete/", fields.custom_field_delete, name="custom_field_delete"),
    path("manage/people/", people.people, name="people"),
    path("manage/people/users/new/", people.user_edit, name="user_new"),
    path("manage/people/users/<int:pk>/", people.user_edit, name="user_edit"),
    path("manage/people/users/<int:pk>/delete/", people.user_delete, name="user_delete"),
    path("manage/people/groups/new/", people.group_edit, name="group_new"),
    path("manage/people/groups/<int:pk>/", people.group_edit, name="group_edit"),
    path("manage/people/groups/<int:pk>/delete/", people.group_delete, name="group_delete"),
    path("manage/<str:kind>/", manage.objects, name="objects"),
    path("manage/<str:kind>/<int:pk>/", manage.object_edit, name="object_edit"),
    path("manage/<str:kind>/<int:pk>/delete/", manage.object_delete, name="object_delete"),
]
