"""Forms for the sign-in steps and the account page. Labels are what people (and screen readers) read."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import PasswordChangeForm

from accounts import actions
from audit.log import Actor

LOCKED_NOW = "Too many wrong passwords: your account is now locked. Ask your system administrator to unlock it."
LOCKED_ALREADY = "Your account is locked after repeated wrong passwords; nothing was changed."


def _counted_current_password(
    form: forms.Form, typed: str, action: str, wrong: str = "That is not your current password."
) -> str:
    """Check the current password as one try towards the sign-in lockout; refusals are audited."""
    actor = form.actor or Actor(user=form.user, source="", label=form.user.username)
    result = actions.check_current_password(actor, form.user, typed, action=action)
    if result == actions.Try.LOCKED:
        raise forms.ValidationError(LOCKED_ALREADY)
    if result == actions.Try.WRONG:
        raise forms.ValidationError(LOCKED_NOW if form.user.is_locked() else wrong)
    return typed


class SignInForm(forms.Form):
    username = forms.CharField(
        label="Username", max_length=150, widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True})
    )
    password = forms.CharField(label="Password", widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Verification code",
        max_length=40,  # a recovery code is 21 characters
        help_text="The 6-digit code from your authenticator app, or one of your recovery codes.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


class EnrollForm(forms.Form):
    code = forms.CharField(
        label="Code from your authenticator app",
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


class ConfirmPasswordForm(forms.Form):
    """Ask for the current password before a change a stolen session should not make alone."""

    password = forms.CharField(
        label="Your current password", widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )

    def __init__(self, user, *args: Any, actor: Actor | None = None, **kwargs: Any):
        kwargs.setdefault("prefix", "confirm")
        super().__init__(*args, **kwargs)
        self.user = user
        self.actor = actor

    def clean_password(self) -> str:
        return _counted_current_password(self, self.cleaned_data["password"], "account.mfa_reset")


class CountedPasswordChangeForm(PasswordChangeForm):
    """Django's password change, with the old password counted towards the lockout (S.2)."""

    def __init__(self, user, *args: Any, actor: Actor | None = None, **kwargs: Any):
        super().__init__(user, *args, **kwargs)
        self.actor = actor

    def clean_old_password(self) -> str:
        return _counted_current_password(
            self,
            self.cleaned_data["old_password"],
            "account.password_change",
            self.error_messages["password_incorrect"],
        )
