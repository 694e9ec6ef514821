from django.urls import path

from board import views

app_name = "board"
urlpatterns = [
    path("", views.submissions, name="submissions"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/packet/", views.packet, name="packet"),
    path("annual/", views.annual, name="annual"),
    path("annual/pdf/", views.annual_pdf, name="annual_pdf"),
]
