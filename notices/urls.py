from django.urls import path

from notices import views

app_name = "notices"
urlpatterns = [
    path("", views.notice_list, name="list"),
    path("<int:notice_id>/read", views.mark_read, name="mark_read"),
    path("read-all", views.mark_all_read, name="mark_all_read"),
]
