"""Names that are also ordinary English words.

A given or family name alone asks the SRO to confirm it (VII.4). When the name is also an
ordinary word, the guard asks only where the text uses it as a name: capitalized, not at the
start of a sentence, and not as a month before a day. Full names block whatever the words.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


ORDINARY_WORDS = _words(
    """
    will may hope grant young long bell
    joy faith grace mercy honor patience prudence charity constance chance
    april june august summer autumn winter dawn eve sunny storm rain skye sky river brook brooks
    rose lily iris ivy daisy violet hazel heather holly fern olive pearl ruby amber jade crystal
    jasmine rosemary poppy willow laurel sage flora dell glen dale field fields wood woods
    mark bill jack rob pat sue chase hunter cash rich guy art ray sol frank earnest ernest
    sterling sonny buddy rusty dusty duke king prince earl baron knight bishop pope dean judge
    major marshal sergeant stern
    black white brown green gray grey gold silver golden reed read
    cook baker carter mason miller fisher hunter porter parker walker turner taylor tailor
    smith wright weaver butcher shepherd farmer gardener fowler archer bowman forester
    banks bank hill hills lane ford marsh moore moor stone rock park parks street law laws
    rice bush bloom bird wolf fox lamb swan crane drake finch robin wren jay hawk nightingale
    frost snow day days night morning noon may
    love lovely sweet gay hardy wise power powers strong short small little large
    price cost worth penny pennies rich cash money
    case cross post page chance fair free freeman golden goodman
    booker clay cliff miles wade pierce drew rod sandy bob mo
    hall church chapel temple bridge bridges well wells water waters pool pond lake
    north south east west
    head foot hand hands arm legs
    joy best good bright light lightfoot
    gentry noble sharp swift quick keen bold boldt
    early late spring fall
    christian justice liberty destiny harmony melody trinity serenity journey haven heaven genesis
    march may june august
    shore banks coast beach
    story stories song songs singer
    major page lord master
    tucker shields shield house houses home
    bond bonds link lines line
    holder holders keeper
    able abel
    rivers woods rose roses
    young younger
    """
)

MONTH_NAMES = _words(
    """january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec"""
)
