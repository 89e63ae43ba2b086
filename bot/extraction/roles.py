"""Vocabulary for telling speakers apart: titles, role nouns, institutions, unnamed sources, groups.

General English and geography only; nothing here names a person or a particular outlet.
"""

from __future__ import annotations

import re

from bot.lexicon.gazetteer import aliases_by_first

# A lower-case particle joined to a capitalised name: "al-Assad", "el-Sisi", "ibn-Saud", "d'Alema".
# Such a word is capitalised for telling names apart ("said Faisal al-Miqdad" is one name).
NAME_PREFIX = r"(?:al|el|ad|ed|as|ash|at|az|an|ar|ud|ul|bin|ibn|abu|d|l)[-'’](?=[A-Z])"
_PREFIXED = re.compile(NAME_PREFIX)


def is_capitalised(tok: str) -> bool:
    """Starts with a capital letter, or with a name particle joined to one ("al-Miqdad")."""
    return tok[:1].isupper() or (tok[:1] in "abdeilu" and _PREFIXED.match(tok) is not None)

# Words of a title before a name ("U.S. Defense Secretary", "White House Press Secretary").
TITLE_WORDS = frozenset(
    """
    mr mrs ms miss dr prof sir dame lord lady rev reverend sen senator rep representative gov governor
    president vice secretary minister prime deputy assistant chief general gen lt col maj capt adm sgt
    ambassador envoy spokesman spokeswoman spokesperson press chairman chairwoman chair ceo cfo coo
    director leader speaker mayor judge justice attorney counsel adviser advisor aide commissioner
    candidate nominee former acting interim supreme foreign defense defence interior finance state
    security national homeland health justice treasury energy education labor commerce trade economy
    house white senate congressional congressman congresswoman councilman councilwoman council majority
    minority whip head executive official officials commander correspondent reporter columnist anchor
    host editor analyst economist professor scholar fellow researcher pastor bishop pope king queen prince
    princess emperor sheikh ayatollah chancellor premier president-elect first lady campaign manager
    strategist pollster founder co-founder owner partner member lawmaker delegate superdelegate
    u.s. us u.k. uk u.n. un eu e.u. federal republican democratic democrat gop independent top senior
    treasurer comptroller auditor sheriff marshal coroner inspector superintendent provost rector
    magistrate administrator registrar clerk constable warden ombudsman consul councillor councilor
    alderman alderwoman assemblyman assemblywoman legislator colonel captain lieutenant sergeant
    corporal admiral brigadier commodore coach master harbourmaster harbormaster postmaster
    headteacher headmaster headmistress principal councilmember chef
    the of for and to
    """.split()
)

# The words of TITLE_WORDS that join a title's words ("secretary of state") but name no role.
TITLE_FUNCTION_WORDS = frozenset("the of for and to".split())

# Abbreviated title words, spelt out to match a title to a role ("Gov. Jane Doe" is "the governor").
TITLE_ABBREVIATIONS = {
    "gov": "governor", "sen": "senator", "rep": "representative", "lt": "lieutenant", "gen": "general",
    "sec": "secretary", "atty": "attorney", "pres": "president", "supt": "superintendent",
    "cmdr": "commander", "adm": "admiral", "col": "colonel", "maj": "major", "capt": "captain",
    "sgt": "sergeant", "prof": "professor", "amb": "ambassador", "insp": "inspector", "det": "detective",
}

# Honorifics that are dropped to compare names ("Mr. Putin" is "Putin").
HONORIFICS = frozenset("mr mr. mrs mrs. ms ms. miss dr dr. prof prof. sir dame".split())

# Nouns for persons named by role ("the spokesman", "a senior official").
PERSON_NOUNS = frozenset(
    """
    official officials source sources spokesman spokeswoman spokesperson spokespeople aide aides
    adviser advisers advisor advisors analyst analysts expert experts lawmaker lawmakers senator
    senators congressman congresswoman representative representatives secretary president minister
    ambassador diplomat diplomats officer officers agent agents staffer staffers strategist strategists
    pollster pollsters economist economists scholar scholars researcher researchers professor professors
    critic critics supporter supporters opponent opponents observer observers insider insiders
    person people voter voters resident residents witness witnesses leader leaders member members
    executive executives director governor mayor judge lawyer lawyers attorney attorneys candidate
    candidates nominee chairman chairwoman chair democrats republicans conservatives liberals
    progressives activists activist organizers organizer employee employees worker workers doctor
    doctors nurse student students teacher teachers parent parents protesters protester veterans
    veteran soldier soldiers commander commanders correspondent reporter reporters columnist host
    manager owner founder investor investors ceo economists americans citizens residents fans
    friend friends colleague colleagues allies ally donor donors delegate delegates superdelegates
    prosecutor prosecutors investigator investigators negotiator negotiators military campaign
    administration government envoy envoys negotiator spokesmen official's
    """.split()
)

# Unnamed sources: the honest label is kept and the kind is "anonymous".
PERSON_OR_TITLE = PERSON_NOUNS | TITLE_WORDS
# Prepositions that attach a place or an institution to a person: "an official at the embassy",
# "a spokeswoman for the ministry", "the mayor of Kyiv"
ROLE_PREPOSITIONS = frozenset("for of at with from in".split())

ANONYMOUS_HEADS = frozenset(
    """
    official officials source sources aide aides insider insiders person people diplomat diplomats
    officer officers staffer staffers adviser advisers advisor advisors spokesman spokeswoman
    spokesperson agent agents employee employees
    """.split()
)

# Groups speaking together: kind "group".
GROUP_HEADS = frozenset(
    """
    analysts experts critics supporters opponents observers voters residents democrats republicans
    conservatives liberals progressives activists lawmakers senators economists scholars researchers
    leaders members executives investors americans citizens fans allies donors delegates
    superdelegates protesters veterans soldiers students teachers parents doctors lawyers prosecutors
    investigators negotiators witnesses pollsters strategists candidates representatives diplomats
    officials
    """.split()
)

# Institutions and documents: kind "body".
BODY_NOUNS = frozenset(
    """
    ministry department office agency committee commission council court congress senate house
    parliament government administration campaign party kremlin pentagon palace embassy military army
    navy police force forces command bureau service network newspaper paper magazine journal times
    post news tribune herald guardian gazette station channel company corporation firm group union
    association federation foundation institute center centre university school bank fund board
    authority authorities regime cabinet coalition alliance organization organisation movement team
    report study survey poll statement letter memo document documents filing complaint lawsuit
    analysis review audit indictment website site blog outlet agency's spokesperson's
    """.split()
)

# Countries and capitals speak as bodies ("Russia says", "Moscow said").
PLACES = frozenset(
    """
    afghanistan albania algeria argentina armenia australia austria azerbaijan bahrain bangladesh
    belarus belgium bolivia bosnia brazil britain bulgaria cambodia canada chile china colombia croatia
    cuba cyprus czechia denmark egypt england estonia ethiopia europe finland france georgia germany
    greece hungary india indonesia iran iraq ireland israel italy japan jordan kazakhstan kenya kosovo
    kuwait latvia lebanon libya lithuania malaysia mexico moldova mongolia morocco myanmar nepal
    netherlands nigeria norway oman pakistan palestine panama peru philippines poland portugal qatar
    romania russia rwanda scotland serbia singapore slovakia slovenia somalia spain sudan sweden
    switzerland syria taiwan tajikistan thailand tunisia turkey turkmenistan uganda ukraine uzbekistan
    venezuela vietnam wales yemen zimbabwe america nato moscow tehran beijing kyiv kiev london paris
    berlin washington jerusalem ankara damascus baghdad riyadh cairo tokyo seoul pyongyang brussels
    caracas havana delhi islamabad kabul minsk doha
    """.split()
)
# Every country the gazetteer names in one word: a one-word speaker that is one is a place
# ("Kiribati is buying land"); not PLACES, whose words never start a name ("Chad Sweet" is a man).
COUNTRIES = frozenset(
    alias.orig[0].lower() for aliases in aliases_by_first().values() for alias in aliases
    if alias.kind == "name" and not alias.rest
)

# The states of the United States, whose news names them as often as countries: places, never a
# person known by one name ("Florida, he said"). Names of two words are matched by their last word
# only where that word is no surname ("Carolina", "Dakota"; not "Jersey", "York", "Hampshire").
US_STATES = frozenset(
    """
    alabama alaska arizona arkansas california colorado connecticut delaware florida georgia hawaii
    idaho illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan
    minnesota mississippi missouri montana nebraska nevada ohio oklahoma oregon pennsylvania
    tennessee texas utah vermont virginia washington wisconsin wyoming carolina dakota
    """.split()
)

# Months that are also surnames ("Theresa May"): a name after a capitalised given name.
NAME_MONTHS = frozenset("may june april august".split())

# Capitalised words that start sentences or name times, never speakers.
NOT_NAMES = frozenset(
    """
    the a an but and or yet so however meanwhile still also earlier later then in on at as when while like given
    absent i'm i’m i'd i’d i've i’ve we're we’re they're they’re lest unlike whether everything
    nothing something anything
    after before if although though because since now here there this that these those it its his her
    their our my your we they he she i you what who whom which where why how monday tuesday wednesday
    thursday friday saturday sunday january february march april may june july august september
    october november december jan feb mar apr jun jul aug sep sept oct nov dec last next instead
    indeed asked according speaking writing following despite during under over among with without
    for from by to of about against between into through today tonight yesterday both all some many
    most several few other others another each every no not one two three four five six seven eight
    nine ten first second third meanwhile moreover furthermore similarly likewise besides nonetheless
    nevertheless thus hence overall finally ultimately separately notably separately speaking
    along throughout beyond nor otherwise therefore unlike amid inside outside even such whoever whether
    very thanks sometimes once usually typically recently lately shortly again just soon
    """.split()
)

# "one of them", "some of us": a pronoun for people spoken of before, after a number or quantifier
PARTITIVE_PRONOUNS = frozenset("them us those".split())

# What follows a participle that opens a sentence ("Making the rounds", "Walking to the car",
# "Chastened by the polls"): a determiner, a preposition or a pronoun, never a verb.
_AFTER_OPENING_PARTICIPLE = frozenset(
    """
    the a an his her their its our my your this these those that it them him me us to on at in into by
    with for from of about after over under up out off down through across around toward towards
    hundreds thousands dozens millions several some many both
    """.split()
)


# lower-case words that name a role: "engineer", "inspector", "coordinator", "planner", "chief"
ROLE_WORD = re.compile(r"^[a-z-]+(?:er|or|ist|ian|eer|ief|man|woman|person|ant|ent)$")


def is_role_word(word: str) -> bool:
    """"director", "candidate", "member": a word that names what a person is."""
    low = word.lower()
    return low in PERSON_OR_TITLE and low not in TITLE_FUNCTION_WORDS or ROLE_WORD.match(low) is not None


def opening_participle(word: str, next_word: str) -> bool:
    """A participle capitalised only because it opens the sentence ("Making the rounds …,", "Having
    said that,", "Pressed on the point,"): never a one-word name ("Manning said", "Ahmed added")."""
    low, nxt = word.lower(), next_word.lower()
    if len(low) <= 4 or not low.endswith(("ing", "ed")):  # "Using a crude expression," (not "King")
        return False
    if low in {"having", "being"}:
        return nxt.endswith(("ed", "en")) or nxt in _AFTER_OPENING_PARTICIPLE
    return nxt in _AFTER_OPENING_PARTICIPLE


def opens_a_quantity(word: str, next_word: str) -> bool:
    """"At least half of voters", "At most two aides": an opener word that starts a quantity."""
    return word.lower() == "at" and next_word.lower() in {"least", "most"}


# Words for parts of organisations that make a capitalised run an institution, not a person.
ORG_WORDS = frozenset(
    """
    ministry department office agency committee commission council court congress senate house
    parliament government administration campaign party embassy army navy police force forces command
    bureau service network newspaper magazine journal times post news tribune herald guardian gazette
    station channel company corporation corp inc group union association federation foundation
    institute center centre university college school bank fund board authority cabinet coalition
    alliance organization organisation movement team republic kingdom states nations emirates east west
    north south central city county state street avenue square hall tower operation center's
    airlines motors media press club church hospital museum library review
    """.split()
)

DETERMINERS = frozenset(
    """
    a an the one two three four five six seven eight nine ten some many several most few other others
    both all any no each another numerous multiple dozens hundreds thousands
    """.split()
)

# Lower-case words that may stand inside a speaker phrase before its head noun.
MODIFIERS = frozenset(
    """
    senior top former current longtime chief deputy assistant acting interim administration campaign
    government military intelligence defense defence state foreign press white house federal local
    party republican democratic american national security law enforcement police justice department
    white-house u.s. us european russian chinese iranian israeli british french german ukrainian
    unnamed anonymous independent outside other prominent leading veteran conservative liberal
    progressive some many several few more two three four five six seven eight nine ten dozen dozens
    high-ranking high-level mid-level junior retired political legal congressional regional
    vice lieutenant associate vast overwhelming slim narrow close average ordinary
    """.split()
)
