from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "notices"
    verbose_name = "Notices: email and in-app"

    def ready(self) -> None:
        from accounts.models import Role
        from agreements.panels import NavLink, Panel, register, register_link
        from notices.models import UNREAD
        from notices.views import email_panel

        def unread(request, membership):
            return UNREAD.counting(user_id=request.user.pk, agreement_id=membership.agreement_id)

        register_link(NavLink("Notices", "notices:list", order=60, badge=unread, badge_label="unread"))
        # The system administrator hears of emails the mail server keeps refusing.
        register(Panel("notices/panel_email.html", frozenset({Role.SYSADMIN}), order=90, context=email_panel))
