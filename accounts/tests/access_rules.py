from lib.access_rules import Rule, expect

RULES = {
    # Signed-in people are sent home from the sign-in steps; anonymous people see them.
    "accounts:signin": Rule(expect("redirect", anonymous=200, outsiders="redirect")),
    "accounts:verify": Rule(expect("redirect", anonymous="login", outsiders="redirect")),
    "accounts:enroll": Rule(expect(200, anonymous="login", outsiders=200)),
    "accounts:recovery_codes": Rule(expect("redirect", outsiders="redirect")),
    "accounts:reset_mfa": Rule(expect(405, anonymous="login", outsiders=405)),
    "accounts:signout": Rule(expect(405, anonymous=405, outsiders=405)),
    "accounts:account": Rule(expect(200, outsiders=200)),
}
