from lib.access_rules import WESTPORT, Rule, expect

RULES = {
    "schoolcalendar:calendar": Rule(expect(200), WESTPORT),
}
