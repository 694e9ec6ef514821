from lib.access_rules import WESTPORT, Rule, expect, only


def _person(username: str = "sro"):
    """URL kwargs naming a Westport person, resolved once the demo is loaded."""

    def kwargs() -> dict:
        from accounts.models import User

        return {**WESTPORT, "user_id": User.objects.get(username=username).pk}

    return kwargs


RULES = {
    # Signed-in people are sent home from the sign-in steps; anonymous people see them.
    "accounts:signin": Rule(expect("redirect", anonymous=200, outsiders="redirect")),
    "accounts:verify": Rule(expect("redirect", anonymous="login", outsiders="redirect")),
    # Everyone in the demo has an authenticator already: the account page offers to replace it.
    "accounts:enroll": Rule(expect("redirect", anonymous="login", outsiders="redirect")),
    "accounts:recovery_codes": Rule(expect("redirect", outsiders="redirect")),
    "accounts:reset_mfa": Rule(expect(405, anonymous="login", outsiders=405)),
    "accounts:signout": Rule(expect(405, anonymous=405, outsiders=405)),
    "accounts:account": Rule(expect(200, outsiders=200)),
    # A one-time link that matches nothing: "not valid" (404); signed-in people are sent home.
    "accounts:invitation": Rule(expect("redirect", anonymous=404, outsiders="redirect"), {"token": "no-such-link"}),
    # The system administrator's people pages (and the installation's operator, who sets up an
    # agreement's first administrators); the actions take POST only (proven in test_people*.py).
    "people:list": Rule(only("admin", operator=200), WESTPORT),
    "people:invite": Rule(only("admin", operator=200), WESTPORT),
    "people:person": Rule(only("admin", operator=200), _person()),
    # A reset asks for confirmation first (GET), then resets (POST).
    "people:reset_mfa": Rule(only("admin", operator=200), _person()),
    **{
        f"people:{name}": Rule(only("admin", allowed=405, operator=405), _person())
        for name in ("change_role", "end_role", "deactivate", "resend", "revoke", "unlock")
    },
}
