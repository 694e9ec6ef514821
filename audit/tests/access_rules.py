from lib.access_rules import WESTPORT, Rule, only

RULES = {
    "audit:log": Rule(only("chief", "superintendent"), WESTPORT),
}
