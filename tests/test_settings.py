"""Production settings: refuse to start without secrets, pass `check --deploy`, send strict headers.

The settings module decides things at import time, so the production cases run it in a
subprocess with a clean environment (no DEBUG, no pytest).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from lib.env import envbool, envint, envlist, envstr, mailer

PRODUCTION = {
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "example.org",
}


def python(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run CODE after django.setup() with only PATH and ENV in the environment."""
    clean = {"PATH": os.environ.get("PATH", ""), "DJANGO_SETTINGS_MODULE": "sro.settings", **env}
    script = f"import django\ndjango.setup()\n{code}"
    return subprocess.run(
        [sys.executable, "-c", script], cwd=settings.BASE_DIR, env=clean, capture_output=True, text=True, timeout=120
    )


# Start-up


def test_without_debug_and_without_a_secret_key_the_app_refuses_to_start():
    result = python("print('started')")
    assert result.returncode != 0
    assert "started" not in result.stdout
    assert "ImproperlyConfigured: SECRET_KEY is not set" in result.stderr


def test_an_empty_secret_key_counts_as_none():
    result = python("print('started')", SECRET_KEY="", ALLOWED_HOSTS="example.org")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_development_starts_without_a_secret_key():
    result = python("print('started')", DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


def test_the_secret_key_can_come_from_a_file(tmp_path):
    key_file = tmp_path / "secret_key"
    key_file.write_text(PRODUCTION["SECRET_KEY"] + "\n")
    result = python(
        "from django.conf import settings; print(settings.SECRET_KEY)",
        SECRET_KEY_FILE=str(key_file),
        ALLOWED_HOSTS="example.org",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == PRODUCTION["SECRET_KEY"]


def test_an_unreadable_secret_key_file_stops_the_start_and_names_it(tmp_path):
    result = python("print('started')", SECRET_KEY_FILE=str(tmp_path / "missing"), ALLOWED_HOSTS="example.org")
    assert result.returncode != 0
    assert "SECRET_KEY_FILE=" in result.stderr
    assert "cannot be read" in result.stderr


def test_a_debug_value_that_is_not_a_boolean_stops_the_start():
    result = python("print('started')", DEBUG="sometimes")
    assert result.returncode != 0
    assert "DEBUG='sometimes' is not a boolean" in result.stderr


def test_production_uses_secure_cookies_hsts_whitenoise_and_smtp():
    result = python(
        "import json\n"
        "from django.conf import settings as s\n"
        "print(json.dumps({'debug': s.DEBUG, 'session_secure': s.SESSION_COOKIE_SECURE,"
        " 'csrf_secure': s.CSRF_COOKIE_SECURE, 'ssl_redirect': s.SECURE_SSL_REDIRECT, 'hsts': s.SECURE_HSTS_SECONDS,"
        " 'static': s.STORAGES['staticfiles']['BACKEND'], 'middleware': s.MIDDLEWARE,"
        " 'mail': s.MAILERS['default']}))",
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert found["debug"] is False
    assert found["session_secure"] and found["csrf_secure"] and found["ssl_redirect"]
    assert found["hsts"] >= 31536000
    assert found["static"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert found["middleware"][1] == "whitenoise.middleware.WhiteNoiseMiddleware"  # right after SecurityMiddleware
    assert found["mail"]["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"


def test_email_url_configures_the_default_mailer():
    result = python(
        "import json\nfrom django.conf import settings as s\nprint(json.dumps(s.MAILERS['default']))",
        EMAIL_URL="smtp://mailer:p%40ss@smtp.example.org:587?tls=1",
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["OPTIONS"] == {
        "host": "smtp.example.org",
        "port": 587,
        "username": "mailer",
        "password": "p@ss",
        "use_ssl": False,
        "use_tls": True,
    }


def test_classic_email_variables_configure_the_default_mailer():
    result = python(
        "import json\nfrom django.conf import settings as s\nprint(json.dumps(s.MAILERS['default']))",
        EMAIL_HOST="smtp.example.org",
        EMAIL_PORT="465",
        EMAIL_USE_SSL="1",
        EMAIL_HOST_USER="mailer",
        EMAIL_HOST_PASSWORD="secret",
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stderr
    options = json.loads(result.stdout)["OPTIONS"]
    assert (options["host"], options["port"], options["use_ssl"], options["use_tls"]) == (
        "smtp.example.org",
        465,
        True,
        False,
    )


def test_check_deploy_is_clean_with_production_settings():
    clean = {"PATH": os.environ.get("PATH", ""), **PRODUCTION}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


# Headers


@pytest.mark.django_db
def test_pages_carry_a_strict_content_security_policy_with_a_nonce(client):
    response = client.get(reverse("accounts:signin"))
    assert response.status_code == 200
    policy = response.headers["Content-Security-Policy"]
    directives = {d.split()[0]: d.split()[1:] for d in policy.split("; ")}
    nonce = re.search(r"'nonce-([^']+)'", policy)[1]
    assert directives["script-src"] == ["'self'", f"'nonce-{nonce}'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["default-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    # Every script tag on the page carries this response's nonce.
    scripts = re.findall(r"<script[^>]*>", response.content.decode())
    assert scripts
    assert all(f'nonce="{nonce}"' in tag for tag in scripts)
    assert "unsafe-inline" not in policy


@pytest.mark.django_db
def test_each_response_gets_a_fresh_nonce(client):
    first = client.get(reverse("accounts:signin")).headers["Content-Security-Policy"]
    second = client.get(reverse("accounts:signin")).headers["Content-Security-Policy"]
    assert re.search(r"'nonce-([^']+)'", first)[1] != re.search(r"'nonce-([^']+)'", second)[1]


@pytest.mark.django_db
def test_pages_forbid_framing_sniffing_and_cross_site_referrers(client):
    response = client.get(reverse("accounts:signin"))
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_whitenoise_serves_the_static_files(client):
    response = client.get(f"{settings.STATIC_URL}css/app.css")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/css")


# The typed environment helpers


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1", True), ("true", True), ("YES", True), (" on ", True), ("0", False), ("false", False), ("", False)],
)
def test_envbool_reads_the_usual_spellings(monkeypatch, value, expected):
    monkeypatch.setenv("SRO_FLAG", value)
    assert envbool("SRO_FLAG", not expected) is expected


def test_envbool_uses_the_default_when_unset(monkeypatch):
    monkeypatch.delenv("SRO_FLAG", raising=False)
    assert envbool("SRO_FLAG", True) is True


@pytest.mark.parametrize("value", ["2", "maybe", "tru", "enabled"])
def test_envbool_refuses_anything_else_and_names_the_variable(monkeypatch, value):
    monkeypatch.setenv("SRO_FLAG", value)
    with pytest.raises(ImproperlyConfigured, match=rf"SRO_FLAG='{value}' is not a boolean"):
        envbool("SRO_FLAG")


def test_envint_reads_a_number_and_falls_back_when_unset_or_empty(monkeypatch):
    monkeypatch.setenv("SRO_NUMBER", " 42 ")
    assert envint("SRO_NUMBER", 7, minimum=1, maximum=100) == 42
    monkeypatch.setenv("SRO_NUMBER", "")
    assert envint("SRO_NUMBER", 7) == 7
    monkeypatch.delenv("SRO_NUMBER")
    assert envint("SRO_NUMBER", 7) == 7


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("thirty", "is not a whole number"),
        ("1.5", "is not a whole number"),
        ("0", "is below the minimum of 1"),
        ("101", "is above the maximum of 100"),
    ],
)
def test_envint_refuses_bad_values(monkeypatch, value, message):
    monkeypatch.setenv("SRO_NUMBER", value)
    with pytest.raises(ImproperlyConfigured, match=f"SRO_NUMBER=.*{message}"):
        envint("SRO_NUMBER", 7, minimum=1, maximum=100)


def test_envlist_splits_on_commas(monkeypatch):
    monkeypatch.setenv("SRO_HOSTS", "example.org, www.example.org,,")
    assert envlist("SRO_HOSTS", ["default"]) == ["example.org", "www.example.org"]
    monkeypatch.setenv("SRO_HOSTS", "")
    assert envlist("SRO_HOSTS", ["default"]) == []
    monkeypatch.delenv("SRO_HOSTS")
    assert envlist("SRO_HOSTS", ["default"]) == ["default"]


def test_envlist_refuses_values_separated_by_spaces(monkeypatch):
    monkeypatch.setenv("SRO_HOSTS", "example.org www.example.org")
    with pytest.raises(ImproperlyConfigured, match=r"SRO_HOSTS=.*separate the values with commas"):
        envlist("SRO_HOSTS", [])


def test_envstr_prefers_the_file(monkeypatch, tmp_path):
    (tmp_path / "value").write_text("from-file\n")
    monkeypatch.setenv("SRO_TEXT", "from-env")
    assert envstr("SRO_TEXT") == "from-env"
    monkeypatch.setenv("SRO_TEXT_FILE", str(tmp_path / "value"))
    assert envstr("SRO_TEXT") == "from-file"


@pytest.mark.parametrize(
    ("url", "backend", "options"),
    [
        ("console:", "console", None),
        ("locmem:", "locmem", None),
        (
            "smtp://u:p%2Fw@mail.example.org:2525?tls=1&timeout=10",
            "smtp",
            {
                "host": "mail.example.org",
                "port": 2525,
                "username": "u",
                "password": "p/w",
                "use_ssl": False,
                "use_tls": True,
                "timeout": 10,
            },
        ),
        (
            "smtps://mail.example.org",
            "smtp",
            {
                "host": "mail.example.org",
                "port": 465,
                "username": "",
                "password": "",
                "use_ssl": True,
                "use_tls": False,
            },
        ),
        (
            "smtp://localhost",
            "smtp",
            {"host": "localhost", "port": 25, "username": "", "password": "", "use_ssl": False, "use_tls": False},
        ),
    ],
)
def test_mailer_turns_an_email_url_into_a_mailers_entry(url, backend, options):
    config = mailer(url)
    assert config["BACKEND"] == f"django.core.mail.backends.{backend}.EmailBackend"
    assert config.get("OPTIONS") == options


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("imap://mail.example.org", "scheme 'imap' is not one of"),
        ("mail.example.org", "scheme '' is not one of"),
        ("smtp://mail.example.org?tls=maybe", "is not a boolean"),
        ("smtps://mail.example.org?tls=1", "smtps:// already encrypts"),
        ("smtp://mail.example.org:port", "port that is not a number"),
        ("smtp://mail.example.org:99999", "port that is not a number"),
        ("smtp://mail.example.org?ssl=1", "unknown options: ssl"),
        ("smtp://mail.example.org?timeout=soon", "timeout='soon' is not a whole number"),
        ("smtp://", "has no host"),
    ],
)
def test_mailer_refuses_bad_email_urls(url, message):
    with pytest.raises(ImproperlyConfigured, match=re.escape(message)):
        mailer(url)
