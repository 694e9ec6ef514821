"""Names that are also ordinary English words.

A given or family name alone asks the SRO to confirm it (VII.4). When the name is also an
ordinary word, the guard asks only where the text uses it as a name: capitalized, not at the
start of a sentence, and not as a month before a day. Full names block whatever the words.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words an SRO's narrative uses as ordinary words. Names that are rarely ordinary words in
# this register (Smith, Taylor, Jasmine) are left out, so they are flagged wherever they appear.
ORDINARY_WORDS = _words(
    """
    will may hope grant young long bell
    mark bill jack rob pat sue chase hunter cash rich guy art ray frank earnest
    joy faith grace mercy honor patience chance justice liberty
    april june august summer autumn winter dawn eve sunny storm rain sky river brook
    rose ivy holly sage
    black white brown green gray grey gold silver golden reed
    cook baker mason miller porter
    banks bank hill hills lane ford marsh moore stone rock park parks street law
    rice bush bird wolf fox lamb swan crane drake finch robin wren jay hawk
    frost snow day night morning noon
    love sweet hardy wise power strong short small little
    price cost worth penny money
    case cross post page fair free
    clay cliff miles wade pierce drew rod sandy
    hall church chapel bridge well wells water pool lake
    north south east west head foot hand
    best good bright light noble sharp swift quick keen bold
    early late spring fall story song major lord master house home bond link line able
    """
)

# At the start of a sentence a capital says nothing; a verb of speech or action after the
# word says it is someone: "Hope said", "Grant pushed".
PERSON_VERBS = _words(
    """
    said says told stated refused pushed struck hit punched kicked threw ran admitted denied
    explained reported yelled shouted grabbed was had left walked took asked began started
    tried wanted did got swung slapped shoved spat cursed fled returned entered came went
    """
)

MONTH_NAMES = _words(
    """january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec"""
)
