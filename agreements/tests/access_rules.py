from lib.access_rules import WESTPORT, Rule, expect, only


def _school() -> dict:
    from agreements.models import School

    return {**WESTPORT, "school_id": School.objects.get(name="Staples High School").pk}


def _signatory() -> dict:
    from agreements.models import Signatory

    return {**WESTPORT, "signatory_id": Signatory.objects.filter(agreement__slug="westport").first().pk}


# The agreement's set-up page: its system administrator and the installation's operator. The
# changes take POST only (proven in test_settings_page.py).
POST_ONLY = only("admin", allowed=405, operator=405)

RULES = {
    # The operator holds no role: home lists every agreement for them.
    "home": Rule(expect("redirect", outsiders="redirect", operator=200)),
    "healthz": Rule(expect(200, anonymous=200, outsiders=200)),
    "dashboard": Rule(expect(200), WESTPORT),
    "agreement:settings": Rule(only("admin", operator=200), WESTPORT),
    "agreement:school_add": Rule(POST_ONLY, WESTPORT),
    "agreement:school_edit": Rule(POST_ONLY, _school),
    "agreement:school_remove": Rule(POST_ONLY, _school),
    "agreement:signatory_add": Rule(POST_ONLY, WESTPORT),
    "agreement:signatory_edit": Rule(POST_ONLY, _signatory),
    "agreement:signatory_remove": Rule(POST_ONLY, _signatory),
}
