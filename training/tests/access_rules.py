"""Access rules for training (S.1, IV.3, X.3): everyone sees their own standing; the Chief and the
Superintendent see everyone's, keep the catalogue and record completions."""

from lib.access_rules import WESTPORT, Rule, expect, only

RULES = {
    "training:overview": Rule(expect(200), WESTPORT),
    "training:record": Rule(only("chief", "superintendent"), WESTPORT),
    "training:courses": Rule(only("chief", "superintendent"), WESTPORT),
    "training:add_mou": Rule(only("chief", "superintendent", allowed=405), WESTPORT),
}
