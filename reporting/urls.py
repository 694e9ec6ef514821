from django.urls import path

from reporting import views

app_name = "reporting"
urlpatterns = [
    # The SRO: drafts and receipts, the eligibility gate, the form, the signature.
    path("", views.mine, name="mine"),
    path("new/", views.new, name="new"),
    path("<int:pk>/", views.edit, name="edit"),
    path("<int:pk>/save/", views.save, name="save"),
    path("<int:pk>/sign/", views.sign, name="sign"),
    path("<int:pk>/discard/", views.discard, name="discard"),
    # The Chief, or the Superintendent on the § 10-233p route.
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<int:pk>/", views.review, name="review"),
    path("inbox/<int:pk>/pdf/", views.pdf, name="pdf"),
    path("inbox/<int:pk>/receive/", views.receive, name="receive"),
    path("inbox/<int:pk>/return/", views.return_for_correction, name="return"),
    path("inbox/<int:pk>/forward/", views.forward_to_board, name="forward"),
]
