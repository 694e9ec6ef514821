from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("signin/", views.signin, name="signin"),
    path("signin/verify/", views.verify, name="verify"),
    path("mfa/setup/", views.enroll, name="enroll"),
    path("mfa/recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("mfa/reset/", views.reset_mfa, name="reset_mfa"),
    path("signout/", views.signout, name="signout"),
    path("invitation/<str:token>/", views.invitation, name="invitation"),
    path("", views.account, name="account"),
]
