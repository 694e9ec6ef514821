from django.urls import path

from reporting import views_compilation as views

app_name = "compilations"
urlpatterns = [
    path("", views.compilation_list, name="list"),
    path("prepare", views.prepare, name="prepare"),
    path("<int:compilation_id>/", views.detail, name="detail"),
    path("<int:compilation_id>/send", views.send, name="send"),
    path("<int:compilation_id>/acknowledge", views.acknowledge, name="acknowledge"),
    path("<int:compilation_id>/pdf", views.pdf, name="pdf"),
]
