from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "notices"
    verbose_name = "Notices: email and in-app"

    def ready(self) -> None:
        from agreements.panels import NavLink, register_link
        from notices.models import UNREAD

        def unread(request, membership):
            return UNREAD.counting(user_id=request.user.pk, agreement_id=membership.agreement_id)

        register_link(NavLink("Notices", "notices:list", order=60, badge=unread, badge_label="unread"))
