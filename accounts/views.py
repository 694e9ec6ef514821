"""Sign-in in two steps (password, then TOTP), MFA enrollment and the person's account pages."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from accounts import actions, mfa
from accounts.forms import CodeForm, ConfirmPasswordForm, EnrollForm, InvitationForm, SignInForm
from accounts.models import SignInAttempt, User
from audit.log import Actor

PENDING = "signin:pending_user"
NEXT = "signin:next"
ENROLL_SECRET = "signin:enroll_secret"
CODES = "signin:recovery_codes"


def _pending_user(request: HttpRequest) -> User | None:
    user_id = request.session.get(PENDING)
    if user_id is None:
        return None
    return User.objects.filter(pk=user_id, is_active=True).first()


LOCKED_MESSAGE = (
    "This account is locked after repeated failed sign-ins. "
    "Try again later, or ask your system administrator to unlock it."
)


NOT_ENROLLED_MESSAGE = (
    "Your multi-factor sign-in is not set up. Use the one-time link your system administrator sent you, "
    "or ask them for a new one."
)


def _refuse_locked(request: HttpRequest, user: User) -> HttpResponse:
    """Log the refusal and start over: a locked account gets no further, whatever it types."""
    actions.do_record_sign_in(
        Actor.from_request(request), user.username, user, SignInAttempt.Outcome.LOCKED, _ua(request)
    )
    request.session.flush()
    messages.error(request, LOCKED_MESSAGE)
    return redirect("accounts:signin")


def _finish(request: HttpRequest, user: User, method: str) -> HttpResponse:
    next_url = request.session.pop(NEXT, "")
    request.session.pop(PENDING, None)
    request.session.pop(ENROLL_SECRET, None)
    codes = request.session.pop(CODES, None)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    actions.do_record_sign_in(
        Actor.from_request(request), user.username, user, SignInAttempt.Outcome.SUCCESS, _ua(request), method=method
    )
    if codes:
        request.session[CODES] = codes
        return redirect("accounts:recovery_codes")
    if next_url and url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        return redirect(next_url)
    return redirect("home")


def _ua(request: HttpRequest) -> str:
    return request.META.get("HTTP_USER_AGENT", "")


@never_cache
@require_http_methods(["GET", "POST"])
def signin(request: HttpRequest) -> HttpResponse:
    """The first step: username and password, under the confidentiality banner."""
    if request.user.is_authenticated:
        return redirect("home")
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"]
        user = User.objects.filter(username__iexact=username).first()
        actor = Actor.from_request(request)
        if user is not None and user.is_locked():
            # Checked before the password, so even the right password gets no further.
            actions.do_record_sign_in(actor, username, user, SignInAttempt.Outcome.LOCKED, _ua(request))
            form.add_error(None, LOCKED_MESSAGE)
        elif user is None and actions.unknown_username_failures(username) >= settings.LOCKOUT_FAILURES:
            # An unknown name "locks" like a real one, so the message cannot tell which names exist.
            actions.do_record_sign_in(actor, username, None, SignInAttempt.Outcome.LOCKED, _ua(request))
            form.add_error(None, LOCKED_MESSAGE)
        elif (
            authenticate(request, username=user.username if user else username, password=form.cleaned_data["password"])
            is None
        ):
            actions.do_record_sign_in(actor, username, user, SignInAttempt.Outcome.BAD_PASSWORD, _ua(request))
            form.add_error(None, "That username and password do not match.")
        elif not user.has_mfa:
            # Enrolling with the password alone would let a stolen password enroll its own phone:
            # a new authenticator is set up only through a one-time link (S.2).
            form.add_error(None, NOT_ENROLLED_MESSAGE)
        else:
            request.session.cycle_key()
            request.session[PENDING] = user.pk
            request.session[NEXT] = request.GET.get("next", "")
            return redirect("accounts:verify")
    return render(request, "accounts/signin.html", {"form": form})


@never_cache
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """The second step: a TOTP code (each usable once) or a one-time recovery code."""
    if request.user.is_authenticated:
        return redirect("home")
    user = _pending_user(request)
    if user is None or not user.has_mfa:
        return redirect("accounts:signin")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        actor = Actor.from_request(request)
        if user.is_locked():
            return _refuse_locked(request, user)
        step = mfa.accept_totp(user, user.totp_secret, code)
        if step is not None and actions.do_accept_totp_step(user, step):
            return _finish(request, user, method="totp")
        if actions.do_use_recovery_code(Actor(user=user, source=actor.source, label=user.username), user, code):
            messages.warning(request, "You signed in with a recovery code; it cannot be used again.")
            return _finish(request, user, method="recovery_code")
        actions.do_record_sign_in(actor, user.username, user, SignInAttempt.Outcome.BAD_CODE, _ua(request))
        user.refresh_from_db(fields=["locked_until"])
        if user.is_locked():
            request.session.flush()
            messages.error(request, LOCKED_MESSAGE)
            return redirect("accounts:signin")
        form.add_error("code", "That code is not right, or was already used. Check your authenticator app's clock.")
    return render(request, "accounts/verify.html", {"form": form})


@never_cache
@require_http_methods(["GET", "POST"])
def enroll(request: HttpRequest) -> HttpResponse:
    """Replace the authenticator from the account page (signed in, after confirming the password).

    Someone past the password step only never gets here: a person without an authenticator
    sets one up through a one-time link (`invitation`).
    """
    if not request.user.is_authenticated:
        # Someone past the password only must prove the enrolled authenticator, not replace it.
        pending = _pending_user(request)
        return redirect("accounts:verify" if pending is not None and pending.has_mfa else "accounts:signin")
    user = request.user
    if user.has_mfa:
        messages.info(request, "Your authenticator is already set up. To replace it, use the button below.")
        return redirect("accounts:account")
    secret = request.session.get(ENROLL_SECRET)
    if not secret:
        secret = request.session[ENROLL_SECRET] = mfa.new_secret()
    form = EnrollForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        step = mfa.accept_totp(user, secret, form.cleaned_data["code"])
        if step is None:
            form.add_error("code", "That code does not match. Scan the code again and enter the 6 digits now shown.")
        else:
            codes = actions.do_confirm_mfa(
                Actor(user=user, source=Actor.from_request(request).source, label=user.username), user, secret, step
            )
            request.session.pop(ENROLL_SECRET, None)
            request.session[CODES] = codes
            update_session_auth_hash(request, user)  # other sessions end; this one stays
            return redirect("accounts:recovery_codes")
    uri = mfa.provisioning_uri(user, secret)
    # In groups of four, as authenticator apps show it and so it wraps on a phone.
    key = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
    return render(request, "accounts/enroll.html", {"form": form, "qr": mfa.qr_svg(uri), "key": key})


@never_cache
@login_required
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """Show new recovery codes once."""
    codes = request.session.pop(CODES, None)
    if not codes:
        return redirect("accounts:account")
    return render(request, "accounts/recovery_codes.html", {"codes": codes})


@require_POST
def signout(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.info(request, "You have signed out.")
    return redirect("accounts:signin")


def _account_page(
    request: HttpRequest, form: PasswordChangeForm, confirm: ConfirmPasswordForm, status: int = 200
) -> HttpResponse:
    recent = request.user.sign_ins.all()[:20]
    return render(request, "accounts/account.html", {"form": form, "confirm": confirm, "recent": recent}, status=status)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def account(request: HttpRequest) -> HttpResponse:
    """The person's own account: change password, replace the authenticator, recent sign-ins."""
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.do_change_password(Actor.from_request(request), request.user, form.cleaned_data["new_password1"])
        update_session_auth_hash(request, request.user)
        messages.success(request, "Your password was changed.")
        return redirect("accounts:account")
    return _account_page(request, form, ConfirmPasswordForm(request.user), status=400 if form.errors else 200)


@login_required
@require_POST
def reset_mfa(request: HttpRequest) -> HttpResponse:
    """Start over with a new authenticator (the old one stops working at once)."""
    confirm = ConfirmPasswordForm(request.user, request.POST)
    if not confirm.is_valid():
        return _account_page(request, PasswordChangeForm(request.user), confirm, status=400)
    actions.do_reset_mfa(Actor.from_request(request), request.user)
    update_session_auth_hash(request, request.user)  # other sessions end; this one stays
    request.session.pop(ENROLL_SECRET, None)
    return redirect("accounts:enroll")


@never_cache
@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """A one-time link: choose a password and enroll the authenticator, then sign in (S.2)."""
    if request.user.is_authenticated:
        messages.info(request, "You are signed in. To use a sign-in link for someone else, sign out first.")
        return redirect("home")
    invite = actions.find_invitation(token)
    if invite is None:
        return render(request, "accounts/invitation_closed.html", {"state": "unknown"}, status=404)
    state = invite.state if invite.user.is_active else "revoked"
    if state != "open":
        return render(request, "accounts/invitation_closed.html", {"state": state}, status=410)
    user = invite.user
    key = f"{ENROLL_SECRET}:{invite.pk}"
    secret = request.session.get(key)
    if not secret:
        secret = request.session[key] = mfa.new_secret()
    form = InvitationForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        step = mfa.accept_totp(user, secret, form.cleaned_data["code"])
        if step is None:
            form.add_error("code", "That code does not match. Scan the code again and enter the 6 digits now shown.")
        else:
            actor = Actor(user=user, source=Actor.from_request(request).source, label=user.username)
            try:
                codes = actions.do_accept_invitation(
                    actor, invite, password=form.cleaned_data["new_password1"], secret=secret, step=step
                )
            except ValidationError as e:
                return render(request, "accounts/invitation_closed.html", {"state": e.messages[0]}, status=410)
            request.session.pop(key, None)
            user.refresh_from_db()
            request.session.cycle_key()
            request.session[PENDING] = user.pk
            request.session[CODES] = codes
            return _finish(request, user, method="invitation")
    uri = mfa.provisioning_uri(user, secret)
    key_text = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
    return render(
        request,
        "accounts/invitation.html",
        {"form": form, "qr": mfa.qr_svg(uri), "key": key_text, "invite": invite, "person": user},
        status=400 if form.errors else 200,
    )
