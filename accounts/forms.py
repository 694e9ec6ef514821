"""Forms for the sign-in steps and the account page. Labels are what people (and screen readers) read."""

from __future__ import annotations

from datetime import date, timedelta

from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils import timezone


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

    def __init__(self, user, *args, **kwargs):
        kwargs.setdefault("prefix", "confirm")
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your current password.")
        return password


class InvitationForm(SetPasswordForm):
    """A one-time link's form: a new password (twice) and the first code from the new authenticator."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "Choose a password"
        self.fields["new_password2"].label = "The same password again"

    code = forms.CharField(
        label="Code from your authenticator app",
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def _is_id(value) -> bool:
    """A value that can be a row id: a tampered form's huge or odd value is a bad choice, not a 500."""
    text = str(value).strip()
    return text.isascii() and text.isdigit() and len(text) <= 12


class SchoolChoice(forms.ModelChoiceField):
    def to_python(self, value):
        if value not in self.empty_values and not _is_id(value):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class SchoolsChoice(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        for v in value:
            if not _is_id(v):
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": str(v)[:20]}
                )
        return super()._check_values(value)


class RoleForm(forms.Form):
    """A role in one agreement: the role, its schools (for an SRO or principal) and badge (police)."""

    role = forms.ChoiceField(label="Role")
    schools = SchoolsChoice(
        label="Schools",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="For an SRO or a principal.",
    )
    primary_school = SchoolChoice(
        label="Primary school",
        queryset=None,
        required=False,
        help_text="One of the schools ticked; the first of them if left empty.",
    )
    badge_number = forms.CharField(
        label="Badge number", max_length=20, required=False, help_text="For police roles (SRO, Chief, officers)."
    )
    title = forms.CharField(label="Rank or job title", max_length=100, required=False, help_text="For example Officer.")

    def __init__(self, agreement, roles, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(r.value, r.label) for r in roles]
        self.fields["schools"].queryset = agreement.schools.order_by("name")
        self.fields["schools"].error_messages["invalid_choice"] = "Choose schools of this agreement only."
        self.fields["primary_school"].queryset = agreement.schools.order_by("name")

    def clean(self):
        data = super().clean()
        schools = list(data.get("schools") or [])
        primary = data.get("primary_school")
        if primary is not None:
            if primary not in schools:
                self.add_error("primary_school", "The primary school must be one of the schools ticked.")
            else:
                schools = [primary, *(s for s in schools if s != primary)]
        data["schools"] = schools
        return data


class InviteForm(RoleForm):
    username = forms.CharField(
        label="Username",
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text="Letters, digits and @ . + - _ only.",
    )
    name = forms.CharField(label="Full name", max_length=150)
    email = forms.EmailField(label="Email", max_length=254, help_text="The one-time link goes here.")
    field_order = ["username", "name", "email", "role", "schools", "primary_school", "badge_number", "title"]


class EndRoleForm(forms.Form):
    ends_on = forms.DateField(
        label="Last day in the role",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Today if left empty; at most a year ahead.",
        error_messages={"invalid": "Enter a date like 2024-08-15."},
    )

    def clean_ends_on(self):
        value = self.cleaned_data["ends_on"]
        if value is not None and not (date(2000, 1, 1) <= value <= timezone.localdate() + timedelta(days=366)):
            raise forms.ValidationError("Enter a date from the role's start to a year from today.")
        return value
