from lib.access_rules import WESTPORT, Rule, expect

RULES = {
    "home": Rule(expect("redirect", outsiders="redirect")),
    "healthz": Rule(expect(200, anonymous=200, outsiders=200)),
    "dashboard": Rule(expect(200), WESTPORT),
}
