from django.urls import path

from activities import views

app_name = "activities"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("new/", views.new, name="new"),
    path("<int:pk>/remove/", views.remove, name="remove"),
    path("summary/", views.summary, name="summary"),
]
