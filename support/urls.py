from django.urls import path

from support import views

app_name = "support"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("<int:sro>/<int:year>/", views.edit, name="edit"),
]
