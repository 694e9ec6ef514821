from lib.access_rules import WESTPORT, Rule, expect, only

EDITORS = ("superintendent", "steward")

RULES = {
    # Everyone in the agreement may view the calendar; the district's editors import and edit it.
    "schoolcalendar:calendar": Rule(expect(200), WESTPORT),
    "schoolcalendar:import": Rule(only(*EDITORS), WESTPORT),
    # POST only: the editors get 405 on GET; everyone else is refused before the method matters.
    "schoolcalendar:set_day": Rule(only(*EDITORS, allowed=405), WESTPORT | {"day": "2025-10-06"}),
}
