"""Deterministic synthetic news corpus for benchmarks.

Every article is built from its own RNG, seeded from ``(seed, index)``, so article ``i`` is identical
whatever ``n`` is (1k is a prefix of 10k) and generation streams in constant memory. Only the small
"world" (outlets, countries, a few thousand speakers, a few dozen storylines) is built up front, once
per seed. All vocabulary below is invented for this module; nothing is taken from real articles, and
the countries, outlets, institutions and people are fictional.

``sample_queries`` rebuilds a handful of articles of the corpus (cheap: article ``i`` can be built on
its own) and turns the quotes, speakers and claims that really appear in them into queries.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["GeneratedArticle", "generate_corpus", "write_corpus", "sample_queries"]

MIN_BYTES = 2048  # 2 KiB: also >= 2 kB, so either reading of "2-8 KB" holds
MAX_BYTES = 8000  # 8 kB: also <= 8 KiB
COPY_RATE = 0.10
COPY_LOOKBACK = 300  # a syndicated copy appears soon after its original, as in real feeds
N_SPEAKERS = 3000
N_STORYLINES = 36
YEAR = 2025


@dataclass
class GeneratedArticle:
    file: str
    text: str
    title: str
    outlet: str
    date: str  # ISO YYYY-MM-DD
    url: str
    copy_of: str | None = None  # file name of the original when this is a near-copy


# --------------------------------------------------------------------------------------------------
# Vocabulary (all invented)
# --------------------------------------------------------------------------------------------------

# (name, domain, uses honorifics "Mr./Ms." on later mentions)
OUTLETS: tuple[tuple[str, str, bool], ...] = (
    ("The Meridian Herald", "meridianherald.example", True),
    ("Northgate Daily", "northgatedaily.example", False),
    ("Harborline News", "harborline.example", False),
    ("The Lantern Post", "lanternpost.example", True),
    ("Brightwater Times", "brightwatertimes.example", False),
    ("The Copperfield Courier", "copperfieldcourier.example", False),
    ("Sable Wire", "sablewire.example", False),
    ("The Ardmore Gazette", "ardmoregazette.example", True),
    ("Crestview Tribune", "crestviewtribune.example", False),
    ("Tidewater Monitor", "tidewatermonitor.example", False),
    ("The Granite Review", "graniterev.example", True),
    ("Eastbridge Observer", "eastbridgeobserver.example", False),
)

# (country, demonym, capital, leader's residence — the "White House"-style body)
COUNTRIES: tuple[tuple[str, str, str, str], ...] = (
    ("Valdria", "Valdrian", "Aldport", "the Amber Palace"),
    ("Kestovia", "Kestovian", "Kessin", "the Granite House"),
    ("Brennmark", "Brennish", "Brenholm", "the Lindenhof"),
    ("Tarsova", "Tarsovan", "Tarsk", "the Blue Chancery"),
    ("Quellan", "Quellani", "Quel Amar", "the Cedar Residence"),
    ("Dravonia", "Dravonian", "Drovnik", "the Iron Hall"),
    ("Solmere", "Solmeran", "Solhaven", "the Harbor Residence"),
    ("Ithrenia", "Ithrenian", "Ithra", "the Sunstone Palace"),
    ("Corvany", "Corvanian", "Corvel", "the Slate House"),
    ("Pellucia", "Pellucian", "Pellin", "the Glass Chancery"),
    ("Marovia", "Marovian", "Marograd", "the Red Citadel"),
    ("Zenthra", "Zenthran", "Zent", "the Silver Pavilion"),
    ("Halvoria", "Halvorian", "Halvik", "the Northern Palace"),
    ("Norvast", "Norvastian", "Norby", "the Willow House"),
    ("Elbaria", "Elbarian", "Elbarra", "the Marble Residence"),
    ("Tescany", "Tescan", "Tescano", "the Copper Palace"),
    ("Vorland", "Vorlander", "Vorburg", "the Stone Chancery"),
    ("Lusmere", "Lusmeran", "Lusport", "the Lakeside House"),
    ("Orinthia", "Orinthian", "Orinth", "the Ivory Hall"),
    ("Caldessa", "Caldessan", "Caldessa City", "the Garden Palace"),
)

# (first name, pronoun)
FIRST_NAMES: tuple[tuple[str, str], ...] = tuple(
    [(n, "he") for n in (
        "Anton Bram Casimir Dorian Emil Fabian Gideon Halvard Ivo Jorin Kasper Leander Matthias Nils "
        "Oskar Pavel Quentin Rafael Soren Tobias Ulric Viktor Wendel Yannick Zoltan Aurel Benedek "
        "Cyrill Dmitar Edvin Florin Gustav Henrik Ilias Jonas Konrad Lukas Milos Nikolai Orest Petar "
        "Rasmus Stellan Teodor Valter Arvid Bastian Corin Davor Elias"
    ).split()]
    + [(n, "she") for n in (
        "Adela Brigitta Celine Dagny Elena Freya Galina Helka Ilona Jasmina Katarina Liesel Marta "
        "Nadia Odile Paulina Renata Sabina Tamsin Ursula Vesna Wilma Yelena Zora Agnes Bettina "
        "Clara Dorota Eliska Flora Greta Hanna Irena Jovana Klara Leonie Mira Noemi Olena Petra "
        "Rosalind Silke Tereza Vera Alma Beata Cordelia Daria Esme"
    ).split()]
    + [(n, "they") for n in "Robin Sasha Ariel Rowan Jules Kit".split()]
)

SURNAMES: tuple[str, ...] = tuple(
    (
        "Korvath Almqvist Brandt Castellan Dravic Engstrom Falkner Grozev Halloran Ivanek Jarvela "
        "Kesselring Lindqvist Marek Novak Oberlin Petrovan Quist Rasmussen Stellberg Tamas Urbanek "
        "Varga Wexler Yorke Zelenko Abramov Berisha Cernak Dalca Eklund Ferenczi Galdos Hrabal "
        "Isaksen Janek Kovacic Lantos Moravec Nyberg Orban Pasternak Radulescu Sorensen Toth "
        "Ulmanis Vidmar Wojcik Zeman Arvidsson Bartok Cibulka Dvorak Erdelyi Fiala Gerhardt "
        "Holmberg Illes Jankovic Kalnins Lazar Mikkelsen Nemeth Ostrowski Pohl Reinholt Sandor "
        "Tichy Vasko Weiland Zoric Ambrus Bergman Chalupa Duric Esterhazy Fontaine Gallo Hadzic "
        "Ivers Jovic Kertesz Loewe Milic Navratil Oakes Prochazka Rusu Szabo Thorsen Vukovic "
        "Winter Zimmer Alden Blum Corbet Dahl Ellison Farrow Grady Hale Irwin Keane"
    ).split()
)

UNIVERSITIES = (
    "the University of Lindmark", "Harrowgate University", "the Aldport Institute of Technology",
    "Kessin State University", "the University of Brenholm", "Solhaven University",
    "the Pellin School of Economics", "Northmoor College",
)
THINK_TANKS = (
    "the Calloway Institute", "the Northbridge Center for Security Studies",
    "the Ashgrove Foundation", "the Meridian Policy Forum", "the Halden Council on Trade",
    "the Tarnwood Group",
)
COMPANIES = (
    "Kestrel Dynamics", "Arlo Shipping", "Brightmoor Energy", "Vantis Aerospace", "Orrin Grain",
    "Halberd Systems", "Coldwater Mining", "Peregrine Logistics",
)
FIELDS = ("international relations", "political science", "economics", "security studies", "history")

# Storyline kinds: claim wordings recur across outlets with varied phrasing.
# {A}/{B} countries, {Ad}/{Bd} demonyms.
CLAIM_KINDS: tuple[dict[str, tuple[str, ...] | str], ...] = (
    {
        "claims": (
            "{A} is supplying {B} with drones",
            "{A} has been sending attack drones to {B}",
            "{B} has received hundreds of drones from {A}",
            "{A} is quietly shipping drones to {B}",
        ),
        "headlines": (
            "{A} Quietly Supplying {B} With Drones, Officials Say",
            "Reports of {Ad} Drone Shipments to {B} Draw Sharp Denials",
            "{B} Army Fielding Drones Built in {A}",
        ),
        "topic": "the drone shipments",
        "item": "drones",
    },
    {
        "claims": (
            "{A} is sharing satellite intelligence with {B}",
            "{A} has been passing intelligence to {B}",
            "{B} is receiving targeting data from {A}",
        ),
        "headlines": (
            "{A} Passing Satellite Intelligence to {B}, Sources Say",
            "Intelligence Sharing Between {A} and {B} Deepens",
        ),
        "topic": "the intelligence sharing",
        "item": "satellite imagery",
    },
    {
        "claims": (
            "{A} is training {Bd} troops",
            "{Ad} instructors are training soldiers in {B}",
            "{Bd} soldiers are being trained by {Ad} officers",
        ),
        "headlines": (
            "{Ad} Instructors Training {Bd} Troops Near the Border",
            "{A} Expands Military Training Mission in {B}",
        ),
        "topic": "the training mission",
        "item": "military instructors",
    },
    {
        "claims": (
            "{A} is building a naval port in {B}",
            "{A} plans to station warships at a new port in {B}",
            "{B} has leased a stretch of its coast to the {Ad} navy",
        ),
        "headlines": (
            "{A} Building Naval Port on {Bd} Coast",
            "Satellite Images Show {Ad} Port Construction in {B}",
        ),
        "topic": "the port project",
        "item": "warships",
    },
    {
        "claims": (
            "{A} is buying discounted grain from {B}",
            "{Ad} traders have been purchasing cut-price {Bd} grain",
            "{B} is selling grain to {A} below market prices",
        ),
        "headlines": (
            "{A} Snaps Up Discounted Grain From {B}",
            "Cheap {Bd} Grain Flows to {A} Despite Export Limits",
        ),
        "topic": "the grain sales",
        "item": "grain",
    },
    {
        "claims": (
            "{A} was behind the cyberattack on {B}'s power grid",
            "hackers linked to {A} targeted the {Bd} power grid",
            "the attack on {B}'s electricity network was carried out by {Ad} hackers",
        ),
        "headlines": (
            "{B} Blames {A} for Power Grid Cyberattack",
            "Investigators Trace {Bd} Blackout to {Ad} Hackers",
        ),
        "topic": "the cyberattack",
        "item": "malicious software",
    },
    {
        "claims": (
            "{A} is helping {B} evade sanctions",
            "{Ad} banks have been moving money for {B}",
            "{B} is using {Ad} front companies to get around sanctions",
        ),
        "headlines": (
            "{Ad} Banks Helped {B} Dodge Sanctions, Records Show",
            "{A} Accused of Shielding {B} From Sanctions",
        ),
        "topic": "the sanctions evasion",
        "item": "shell companies",
    },
    {
        "claims": (
            "{A} has signed a secret lithium deal with {B}",
            "{A} secured exclusive rights to {Bd} lithium",
            "{B} quietly handed its lithium reserves to {Ad} firms",
        ),
        "headlines": (
            "Secret Lithium Deal Ties {B} to {A}",
            "{A} Locks Up {Bd} Lithium in Undisclosed Agreement",
        ),
        "topic": "the lithium deal",
        "item": "lithium",
    },
    {
        "claims": (
            "{A} is funding armed groups in {B}",
            "{Ad} money has been flowing to militias in {B}",
            "militias in {B} are receiving cash from {A}",
        ),
        "headlines": (
            "{A} Funding Armed Groups in {B}, Report Says",
            "Militias in {B} Linked to {Ad} Payments",
        ),
        "topic": "the militia funding",
        "item": "weapons",
    },
    {
        "claims": (
            "{A} plans to cut gas supplies to {B}",
            "{A} is preparing to halt gas exports to {B}",
            "{B} could lose its {Ad} gas supply this winter",
        ),
        "headlines": (
            "{A} Weighs Cutting Gas to {B} Ahead of Winter",
            "{B} Braces for Halt to {Ad} Gas Deliveries",
        ),
        "topic": "the gas cutoff",
        "item": "gas",
    },
    {
        "claims": (
            "{A} tried to interfere in {B}'s election",
            "{Ad} operatives ran a disinformation campaign during the {Bd} election",
            "the {Bd} election was targeted by a network run from {A}",
        ),
        "headlines": (
            "{B} Accuses {A} of Election Meddling",
            "Disinformation Network Behind {Bd} Vote Traced to {A}",
        ),
        "topic": "the election interference",
        "item": "fake accounts",
    },
    {
        "claims": (
            "{A} is selling ballistic missiles to {B}",
            "{B} has bought short-range missiles from {A}",
            "{Ad} missiles have been delivered to {B}",
        ),
        "headlines": (
            "{A} Selling Ballistic Missiles to {B}, Officials Warn",
            "{Bd} Missile Purchase From {A} Alarms Neighbors",
        ),
        "topic": "the missile sales",
        "item": "missiles",
    },
    {
        "claims": (
            "{A} and {B} are holding secret peace talks",
            "envoys from {A} and {B} have met in secret",
            "{A} has opened back-channel negotiations with {B}",
        ),
        "headlines": (
            "{A} and {B} Hold Secret Talks, Diplomats Say",
            "Back-Channel Between {A} and {B} Raises Hopes of a Deal",
        ),
        "topic": "the secret talks",
        "item": "envoys",
    },
    {
        "claims": (
            "{A} has deployed private military contractors to {B}",
            "{Ad} contractors are guarding mines in {B}",
            "hundreds of {Ad} mercenaries are operating in {B}",
        ),
        "headlines": (
            "{Ad} Contractors Deployed to {B}",
            "Mercenaries From {A} Spotted at {Bd} Mines",
        ),
        "topic": "the contractor deployment",
        "item": "contractors",
    },
    {
        "claims": (
            "{A} is helping {B} build a nuclear reactor",
            "{Ad} engineers are working on a reactor in {B}",
            "{B} is getting nuclear technology from {A}",
        ),
        "headlines": (
            "{A} Helping {B} Build Nuclear Reactor",
            "{Ad} Engineers at {Bd} Reactor Site Draw Scrutiny",
        ),
        "topic": "the reactor project",
        "item": "nuclear fuel",
    },
    {
        "claims": (
            "{A} has moved troops to the border with {B}",
            "{Ad} armored units are massing near {B}",
            "{A} has reinforced its positions along the {Bd} frontier",
        ),
        "headlines": (
            "{A} Masses Troops on {Bd} Border",
            "Satellite Images Show {Ad} Buildup Near {B}",
        ),
        "topic": "the troop buildup",
        "item": "armored vehicles",
    },
)

# Direct-quote building blocks. {topic} {A} {B} {Acap} {Bcap} {item}.
QUOTE_OPENERS = (
    "", "", "", "Let me be clear: ", "Frankly, ", "At this point, ", "As we have said many times, ",
    "To be honest, ", "Right now, ", "In our view, ",
)
QUOTE_CORES = (
    "we have been very clear that {topic} is a red line for us",
    "there is no evidence to support these claims",
    "these reports are completely false and we reject them",
    "we are watching the situation very closely",
    "our partners in {Bcap} know exactly where we stand",
    "nobody in {Acap} should be surprised by this",
    "we will respond if we have to",
    "this is not the first time {A} has done something like this",
    "the people of {B} deserve the truth about {topic}",
    "we never asked for {item} and we do not need them",
    "the government knew about {topic} for months",
    "this kind of cooperation is a threat to the whole region",
    "we will raise {topic} at the next summit",
    "nobody has shown us a single piece of proof",
    "the numbers simply do not add up",
    "every country has the right to choose its partners",
    "we expect answers from {Acap} within days",
    "this is a matter for {B} and {B} alone",
    "the longer this goes on the harder it will be to stop",
    "we have seen the images and they are deeply worrying",
    "{item} do not appear out of nowhere",
    "our soldiers see the consequences every day",
    "I have spoken to my counterpart in {Acap} twice this week",
    "there will be consequences for anyone involved",
    "sanctions alone will not solve this",
    "we are not going to comment on intelligence matters",
    "diplomacy is still the best way forward",
    "the timing of these reports is no accident",
    "the region cannot afford another crisis",
    "we remain open to talks with {A}",
    "this is a story invented in foreign newsrooms",
    "the facts on the ground speak for themselves",
    "our investigation into {topic} is far from over",
    "families on the border are paying the price",
    "I would not read too much into a single report",
    "the markets have already priced this in",
    "we will publish everything we find",
    "parliament must be told the full story",
    "I do not think anyone in {Bcap} wants a war",
    "our allies have been informed",
)
QUOTE_TAILS = (
    "", "", "", "", " and that will not change", " and we expect the same from everyone else",
    " whatever happens next", " and I think most people understand that", " for now",
    " and we are ready for any outcome",
)
FOLLOW_ONS = (
    "We will keep working with our partners.", "That is all I can say today.",
    "Nobody should doubt our resolve.", "The next few weeks will be decisive.",
    "We owe it to the families who live there.", "I hope that is clear.",
    "There is still time to change course.", "We are not naive about this.",
)
# Partial quotes: (frame, phrases). {N} speaker, {day}, {org} a body, {topic}.
PARTIAL_FRAMES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "{N} said {day} that {org} was “{p}” about {topic}.",
        ("not worried", "deeply concerned", "entirely comfortable", "not at all surprised",
         "increasingly alarmed"),
    ),
    (
        "{N} described {topic} as “{p}.”",
        ("a dangerous escalation", "a clear provocation", "entirely routine", "nothing new",
         "a serious breach of trust", "a matter of national survival"),
    ),
    (
        "{N} called the reports “{p}” and said {org} would respond in due course.",
        ("completely baseless", "deeply troubling", "wildly exaggerated", "not credible",
         "a fabrication"),
    ),
    (
        "{N} said the government would not be “{p}” by the reports.",
        ("pushed around", "distracted", "intimidated", "rushed into anything"),
    ),
)
# Reported-speech clauses (indirect quotes).
CLAUSES = (
    "the government had not been consulted about {topic}",
    "talks with {B} would continue next month",
    "{topic} had been discussed at the highest level",
    "no decision had yet been made",
    "the matter would be raised at the regional summit",
    "officials in {Acap} had not responded to several requests",
    "the figures published so far were likely an underestimate",
    "an inquiry into {topic} would begin within weeks",
    "{A} had denied any wrongdoing in private meetings",
    "the first deliveries of {item} had arrived in the spring",
    "the ministry was preparing new export rules",
    "the issue had strained relations between {Acap} and {Bcap}",
    "several officials had raised concerns about {topic} last year",
    "the cabinet would meet again on Monday",
    "ordinary citizens were unlikely to notice any change",
    "{B} had asked for a meeting of the regional security council",
    "the reports matched what border guards had seen",
    "there was no link between {topic} and the recent protests",
    "the shipments of {item} had slowed since the summer",
    "lawmakers would be briefed behind closed doors",
)
# Background sentences (no speaker), grouped into narrative paragraphs.
BACKGROUND = (
    "Relations between {A} and {B} have swung between rivalry and cautious cooperation for decades.",
    "The two governments signed a broad cooperation agreement two years ago, though its details were never published.",
    "{Acap} has repeatedly rejected accusations that it is trying to expand its influence in the region.",
    "Trade between the two countries has more than doubled since the agreement was signed.",
    "Opposition parties in {B} have demanded a full parliamentary inquiry into {topic}.",
    "Analysts say the arrangement gives {A} a foothold on the southern sea routes.",
    "Neighboring governments have watched the developments with growing unease.",
    "The regional security council is expected to discuss the issue at its next session.",
    "Satellite images reviewed by independent researchers appear to show new construction near the coast.",
    "Shipping records show a sharp rise in cargo traffic between the two countries this year.",
    "Officials in {Bcap} have so far declined to confirm the scale of the cooperation.",
    "The issue has become a central theme in the {Bd} parliamentary campaign.",
    "Prices for {item} on regional markets have risen steadily since the spring.",
    "Diplomats say the question is likely to dominate the summit in {Acap} later this year.",
    "Human rights groups have called for greater transparency about {topic}.",
    "Previous attempts to mediate between the two sides collapsed over disagreements about verification.",
    "Border communities have reported an increase in military traffic in recent weeks.",
    "The {Ad} currency weakened slightly after the first reports emerged.",
    "Both governments insist that their cooperation is directed against no third country.",
    "The dispute has also divided the governing coalition in {Bcap}.",
    "Independent verification of the claims has not been possible.",
    "Customs data published last month offered few clues about the volume of the trade.",
    "Several foreign embassies in {Bcap} have updated their travel advice.",
    "The story has been widely shared on social media in both countries.",
)
ANON_SPEAKERS = (
    "one official", "a senior official", "a senior diplomat", "a person familiar with the matter",
    "a defense official", "a Western diplomat", "one lawmaker", "a government adviser",
)
ANON_GROUPS = ("two officials", "three officials", "several diplomats", "two people familiar with the matter")
DAYS = ("on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "this week",
        "late Tuesday", "on Sunday", "earlier this week")
SAY_VERBS = ("said", "said", "said", "added", "told reporters", "said in an interview")

NEWSLETTER = (
    ("Newsletter", "Sign up for our morning briefing. The day's biggest stories, in your inbox before breakfast.", "Subscribe"),
    ("Newsletter", "Get the weekly world roundup from our foreign desk, every Friday.", "Sign up"),
    ("Newsletter", "Our editors pick the five stories you need to read today.", "Subscribe now"),
)
APPEAL_LINES = (
    "Dear readers,",
    "Independent reporting takes time, money and persistence.",
    "Our correspondents work in places where few others can, and we rely on readers to keep them there.",
    "We do not have a billionaire owner, and we do not put our journalism behind a paywall.",
    "If you value what we do, please consider a small monthly contribution.",
    "Every contribution, however small, helps us stay independent.",
    "It takes less than a minute to set up, and you can cancel at any time.",
    "Thank you for reading and for standing with us.",
)
RELATED_HEADLINES = (
    "{C} Parliament Approves Emergency Budget After Marathon Session",
    "Floods Force Thousands From Their Homes in Northern {C}",
    "{C} Central Bank Holds Rates Steady as Inflation Cools",
    "Dockworkers in {Ccap} Strike Over Pay and Safety Rules",
    "{C} Opens Inquiry Into Collapsed Rail Bridge",
    "Tech Startups Flock to {Ccap} as Rents Fall",
    "{C} Women's Team Reaches Regional Cup Final",
    "Wildfire Season Starts Early Across Southern {C}",
    "Teachers in {C} Win Pay Deal After Months of Talks",
    "{Ccap} Mayor Unveils Plan to Ban Cars From Old Town",
    "Museum in {Ccap} Returns Looted Artifacts",
    "{C} Announces New Visa Rules for Seasonal Workers",
    "Drought Pushes {C} Farmers to Switch Crops",
    "{C} Prime Minister Survives Confidence Vote",
)

# Paraphrase aids for sample_queries (words that occur in the quote vocabulary above).
SYNONYMS = {
    "clear": "plain", "very": "extremely", "closely": "carefully", "evidence": "proof",
    "claims": "allegations", "reports": "stories", "completely": "totally", "reject": "dismiss",
    "respond": "react", "surprised": "shocked", "deserve": "are owed", "months": "a long time",
    "threat": "danger", "region": "area", "simply": "just", "right": "freedom", "expect": "want",
    "harder": "more difficult", "worrying": "alarming", "consequences": "repercussions",
    "comment": "speak", "best": "most sensible", "accident": "coincidence", "afford": "survive",
    "open": "willing", "invented": "made up", "facts": "realities", "investigation": "inquiry",
    "families": "households", "price": "cost", "publish": "release", "story": "account",
    "allies": "partners", "informed": "told", "truth": "facts", "proof": "evidence",
    "think": "believe", "wants": "desires", "never": "did not ever", "seen": "looked at",
}
# Vocabulary for made-up ("unknown") queries: never used by the generator.
UNKNOWN_FIRST = ("Barnaby", "Gwendolyn", "Thaddeus", "Marisol", "Ezekiel", "Philippa", "Lysander", "Henrietta")
UNKNOWN_LAST = ("Pumpernickel", "Quackenbush", "Fairweather", "Honeysett", "Blatherwick", "Tumbleton")
UNKNOWN_COUNTRIES = ("Pemberland", "Oskavia", "Rudmoor", "Zallonia", "Quorvania", "Mirrowen")
UNKNOWN_PHRASES = (
    "the lighthouse keepers deserve a pay rise",
    "every orchard will be repainted before the carnival",
    "our submarine choir has never sounded better",
    "the marmalade reserves are perfectly adequate",
    "nobody ordered the giant tortoises",
    "the clock tower must be moved to the harbor",
    "we intend to knit a bridge across the bay",
    "the penguins were never consulted about the tunnel",
)
UNKNOWN_CLAIMS = (
    "{A} is supplying {B} with weather balloons",
    "{A} has been exporting hot air balloons to {B}",
    "{A} is secretly training {B}'s ballet dancers",
    "{A} plans to buy {B}'s entire cheese harvest",
)


# --------------------------------------------------------------------------------------------------
# World: outlets, people, bodies, storylines — small, built once per seed
# --------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Person:
    first: str
    last: str
    pronoun: str  # he / she / they
    prefix: str | None  # "Defense Minister" -> "Defense Minister Anna Korvath"
    appositive: str | None  # "a professor of history at ..." -> "Anna Korvath, a professor ...,"

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"

    @property
    def title(self) -> str:
        return self.prefix or self.appositive or ""


@dataclass(frozen=True)
class Storyline:
    kind: int
    a: int  # country indices
    b: int
    origin: int  # outlet index that broke the story: the ground truth of "first reported by"
    cast: tuple[int, ...]  # person indices who recur in this storyline


@dataclass(frozen=True)
class World:
    people: tuple[Person, ...]
    storylines: tuple[Storyline, ...]


def _mix(*parts: int) -> int:
    """SplitMix64-style integer hash: stable across processes (unlike hash()) and cheap."""
    x = 0x9E3779B97F4A7C15
    for p in parts:
        x = (x ^ (p & 0xFFFFFFFFFFFFFFFF)) * 0xBF58476D1CE4E5B9 & 0xFFFFFFFFFFFFFFFF
        x ^= x >> 31
        x = x * 0x94D049BB133111EB & 0xFFFFFFFFFFFFFFFF
        x ^= x >> 29
    return x


_LEADER_ROLES = ("President", "Foreign Minister", "Defense Minister", None)  # None: spokesperson


@functools.lru_cache(maxsize=8)
def _world(seed: int) -> World:
    rng = random.Random(_mix(seed, 0xC0FFEE))
    # Unique (first, last) pairs; a surname is shared by ~30 people with different first names/titles.
    pairs = [(f, s) for f in range(len(FIRST_NAMES)) for s in range(len(SURNAMES))]
    chosen = rng.sample(pairs, N_SPEAKERS)
    people: list[Person] = []
    for idx, (fi, si) in enumerate(chosen):
        first, pronoun = FIRST_NAMES[fi]
        last = SURNAMES[si]
        prefix: str | None = None
        appositive: str | None = None
        if idx < len(COUNTRIES) * len(_LEADER_ROLES):
            # The first people are each country's leadership, so they recur across its storylines.
            country, role = divmod(idx, len(_LEADER_ROLES))
            c = COUNTRIES[country]
            role_name = _LEADER_ROLES[role]
            if role_name is None:
                appositive = f"a spokesperson for the {c[1]} government"
            elif role_name == "President":
                prefix = f"{c[1]} President"
            else:
                prefix = f"{c[1]} {role_name}"
        else:
            c = rng.choice(COUNTRIES)
            r = rng.randrange(11)
            if r == 0:
                prefix = "Senator"
            elif r == 1:
                appositive = f"a member of the {c[1]} parliament"
            elif r == 2:
                appositive = f"a professor of {rng.choice(FIELDS)} at {rng.choice(UNIVERSITIES)}"
            elif r == 3:
                appositive = f"a senior fellow at {rng.choice(THINK_TANKS)}"
            elif r == 4:
                appositive = f"a former {c[1]} ambassador to {rng.choice(COUNTRIES)[0]}"
            elif r == 5:
                prefix = rng.choice(("General", "Admiral", "Colonel"))
            elif r == 6:
                prefix = f"{c[2]} Mayor"
            elif r == 7:
                appositive = f"a spokesperson for the {c[1]} Foreign Ministry"
            elif r == 8:
                appositive = f"chief executive of {rng.choice(COMPANIES)}"
            elif r == 9:
                appositive = f"an analyst at {rng.choice(THINK_TANKS)}"
            else:
                prefix = f"{c[1]} {rng.choice(('Trade Minister', 'Energy Minister', 'Interior Minister'))}"
        people.append(Person(first, last, pronoun, prefix, appositive))

    storylines: list[Storyline] = []
    n_lead = len(COUNTRIES) * len(_LEADER_ROLES)
    for s in range(N_STORYLINES):
        kind = s % len(CLAIM_KINDS)
        a, b = rng.sample(range(len(COUNTRIES)), 2)
        leaders = [a * 4 + r for r in range(4)] + [b * 4 + r for r in range(4)]
        extras = rng.sample(range(n_lead, N_SPEAKERS), 6)
        storylines.append(Storyline(kind, a, b, rng.randrange(len(OUTLETS)), tuple(leaders + extras)))
    return World(tuple(people), tuple(storylines))


# --------------------------------------------------------------------------------------------------
# Article construction
# --------------------------------------------------------------------------------------------------

@dataclass
class _Para:
    text: str
    kind: str  # "lead" | "bg" | "quote" | ...; only "bg" paragraphs are rewritten in copies
    facts: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, speaker/story, text)


@dataclass
class _Built:
    article: GeneratedArticle
    storyline: int
    facts: list[tuple[str, str, str]]


class _Deck:
    """Draw without replacement, reshuffling when empty: avoids the same sentence twice in a row
    within one article while staying a pure function of the article's RNG."""

    def __init__(self, rng: random.Random, items: tuple[str, ...]) -> None:
        self.rng = rng
        self.items = items
        self.left: list[str] = []

    def draw(self) -> str:
        if not self.left:
            self.left = list(self.items)
            self.rng.shuffle(self.left)
        return self.left.pop()


CLAIM_ECHOES = (
    "The reports that {c} have not been independently confirmed.",
    "Officials in both capitals have neither confirmed nor denied that {c}.",
    "Earlier reports suggested {c}, though the scale remains unclear.",
    "Whether {c} has become the central question for investigators.",
)


class _Writer:
    """Builds one article's paragraphs, tracking who has been introduced (first mention: full name
    and title; later: surname, or "Mr./Ms." in outlets with that style; pronouns right after)."""

    def __init__(self, rng: random.Random, world: World, story_idx: int, outlet: int) -> None:
        self.rng = rng
        self.world = world
        self.story = world.storylines[story_idx]
        self.story_idx = story_idx
        self.outlet = outlet
        self.kind = CLAIM_KINDS[self.story.kind]
        a, b = COUNTRIES[self.story.a], COUNTRIES[self.story.b]
        self.slots = {
            "A": a[0], "Ad": a[1], "Acap": a[2], "B": b[0], "Bd": b[1], "Bcap": b[2],
            "topic": self.kind["topic"], "item": self.kind["item"],
        }
        # A few outsiders per article so that, over a corpus, every speaker in the pool shows up.
        outsiders = [rng.randrange(len(world.people)) for _ in range(rng.randint(1, 3))]
        cast = list(self.story.cast)
        self.cast = rng.sample(cast, rng.randint(3, 6)) + outsiders
        self.introduced: set[int] = set()
        self.last_person: int | None = None  # who "he/she/they" refers to in the next paragraph
        self.echoes = 0
        self.background_deck = _Deck(rng, BACKGROUND)
        self.clause_deck = _Deck(rng, CLAUSES)
        self.core_deck = _Deck(rng, QUOTE_CORES)

    def fill(self, template: str) -> str:
        return template.format(**self.slots)

    def claim(self) -> str:
        return self.fill(self.rng.choice(self.kind["claims"]))  # type: ignore[arg-type]

    def mention(self, pid: int) -> str:
        """Name as written: an appositive mention ends with a comma ("Name, a professor at X,")."""
        p = self.world.people[pid]
        if pid not in self.introduced:
            self.introduced.add(pid)
            if p.prefix:
                return f"{p.prefix} {p.name}"
            return f"{p.name}, {p.appositive},"
        if OUTLETS[self.outlet][2] and p.pronoun != "they":
            return f"{'Mr.' if p.pronoun == 'he' else 'Ms.'} {p.last}"
        return p.last

    def pronoun(self, pid: int, capital: bool = False) -> str:
        pr = self.world.people[pid].pronoun
        return pr.capitalize() if capital else pr

    def quote_text(self) -> str:
        r = self.rng
        opener = r.choice(QUOTE_OPENERS)
        core = self.fill(self.core_deck.draw())
        text = opener + core if opener else core[0].upper() + core[1:]
        return text + r.choice(QUOTE_TAILS)

    # ---- paragraph kinds ----

    def lead(self, dateline: bool) -> _Para:
        r = self.rng
        claim = self.claim()
        sentence_claim = claim[0].upper() + claim[1:]
        outlet_names = [o[0] for o in OUTLETS]
        origin = outlet_names[self.story.origin]
        prov = r.random()
        facts = [("claim", str(self.story_idx), claim)]
        if self.story.origin == self.outlet and prov < 0.5:
            text = f"{sentence_claim}, officials and documents reviewed by {origin} show."
            facts.append(("origin", origin, claim))
        elif prov < 0.25:
            text = f"{sentence_claim}, according to {origin}."
            facts.append(("origin", origin, claim))
        elif prov < 0.45:
            text = f"{sentence_claim}, as first reported by {origin} {r.choice(DAYS)}."
            facts.append(("origin", origin, claim))
        elif prov < 0.6:
            text = f"{origin} reported {r.choice(DAYS)} that {claim}, citing people familiar with the matter."
            facts.append(("origin", origin, claim))
        elif prov < 0.7:
            text = f"Sources told {origin} that {claim}."
            facts.append(("origin", origin, claim))
        else:
            text = f"{sentence_claim}, officials say, a claim that has drawn a sharp response from {self.slots['Acap']}."
        if dateline:
            text = f"{self.slots[r.choice(('Acap', 'Bcap'))].upper()} — {text}"
        return _Para(text, "lead", facts)

    def background(self) -> _Para:
        sents = [self.background_deck.draw() for _ in range(self.rng.randint(1, 3))]
        return _Para(" ".join(self.fill(s) for s in sents), "bg")

    def direct(self) -> _Para:
        r = self.rng
        pid = r.choice(self.cast)
        who = self.mention(pid)
        name = self.world.people[pid].name
        q = self.quote_text()
        form = r.randrange(6)
        facts = [("quote", name, q)]
        if form == 0:
            text = f"“{q},” {who} said."
        elif form == 1:
            text = f"“{q},” said {who.rstrip(',')}."
        elif form == 2:
            text = f"{who} said, “{q}.”"
        elif form == 3:  # multi-sentence quote
            q2 = self.quote_text()
            facts.append(("quote", name, q2))
            text = f"“{q}. {q2[0].upper() + q2[1:]},” {who} {r.choice(SAY_VERBS)}."
        elif form == 4 and pid in self.introduced and self.last_person == pid:  # pronoun attribution
            text = f"“{q},” {self.pronoun(pid)} said."
        else:  # follow-on quote: “…,” he said. “…”
            follow = r.choice(FOLLOW_ONS)
            facts.append(("quote", name, follow.rstrip(".")))
            if form == 4:
                text = f"“{q},” {who} said. “{follow}”"
            else:
                text = f"{who} said {r.choice(DAYS)} that {self.fill(self.clause_deck.draw())}. “{q},” {self.pronoun(pid)} said. “{follow}”"
        self.last_person = pid
        return _Para(text, "quote", facts)

    def partial(self) -> _Para:
        r = self.rng
        pid = r.choice(self.cast)
        frame, phrases = r.choice(PARTIAL_FRAMES)
        p = r.choice(phrases)
        org = r.choice(("the ministry", "the government", f"the {self.slots['Ad']} government", "the cabinet"))
        text = frame.format(N=self.mention(pid), day=r.choice(DAYS), org=org, topic=self.kind["topic"], p=p)
        self.last_person = pid
        return _Para(text[0].upper() + text[1:], "partial", [("partial", self.world.people[pid].name, p)])

    def reported(self) -> _Para:
        r = self.rng
        pid = r.choice(self.cast)
        clause = self.fill(self.clause_deck.draw())
        who = self.mention(pid)
        form = r.randrange(4)
        outlet = OUTLETS[self.outlet][0]
        if form == 0:
            text = f"{who} said that {clause}."
        elif form == 1:
            text = f"According to {who.rstrip(',')}, {clause}."
        elif form == 2:
            text = f"{who} told {outlet} that {clause}."
        else:
            text = f"{who} said {r.choice(DAYS)} that {clause}."
        if self.last_person == pid or r.random() < 0.4:  # pronoun reference in a second sentence
            text += f" {self.pronoun(pid, True)} {r.choice(('said', 'added'))} that {self.fill(self.clause_deck.draw())}."
        self.last_person = pid
        return _Para(text, "reported", [("indirect", self.world.people[pid].name, clause)])

    def pronoun_para(self) -> _Para:
        r = self.rng
        pid = self.last_person
        assert pid is not None
        pr = self.pronoun(pid, True)
        if r.random() < 0.5:
            q = self.quote_text()
            text = f"{pr} said {self.fill(self.clause_deck.draw())}. “{q},” {pr.lower()} said."
            if r.random() < 0.3:
                text = f"{pr} did not say when a decision would be made. “{q}.”"
            return _Para(text, "pronoun", [("quote", self.world.people[pid].name, q)])
        return _Para(f"{pr} added that {self.fill(self.clause_deck.draw())}.", "pronoun")

    def anonymous(self) -> _Para:
        r = self.rng
        outlet = OUTLETS[self.outlet][0]
        clause = self.fill(self.clause_deck.draw())
        form = r.randrange(4)
        if form == 0:
            anon = r.choice(ANON_SPEAKERS)
            text = f"{anon[0].upper() + anon[1:]}, who asked not to be named because the matter is sensitive, said {clause}."
        elif form == 1:
            text = f"{r.choice(ANON_GROUPS).capitalize()} told {outlet} that {clause}."
        elif form == 2:
            text = f"“{self.quote_text()},” said {r.choice(ANON_SPEAKERS)}, who spoke on condition of anonymity."
        else:
            text = f"{r.choice(ANON_GROUPS).capitalize()} said {clause}, speaking on condition of anonymity."
        return _Para(text, "anon")

    def body(self) -> _Para:
        r = self.rng
        residence = COUNTRIES[self.story.a if r.random() < 0.5 else self.story.b][3]
        dem = self.slots[r.choice(("Ad", "Bd"))]
        ministry = f"the {dem} {r.choice(('Defense Ministry', 'Foreign Ministry', 'Interior Ministry', 'Ministry of Trade'))}"
        form = r.randrange(5)
        clause = self.fill(self.clause_deck.draw())
        if form == 0:
            text = f"{ministry[0].upper() + ministry[1:]} said in a statement that {clause}."
            facts = [("indirect", ministry, clause)]
        elif form == 1:
            q = self.quote_text()
            text = f"“{q},” the ministry said in a statement."
            facts = [("quote", "the ministry", q)]
        elif form == 2:
            text = f"{residence[0].upper() + residence[1:]} said {clause}."
            facts = [("indirect", residence, clause)]
        elif form == 3:
            text = f"A spokesperson for {residence} declined to comment."
            facts = []
        else:
            text = f"{ministry[0].upper() + ministry[1:]} did not respond to a request for comment."
            facts = []
        return _Para(text, "body", facts)

    def next_paragraph(self) -> _Para:
        r = self.rng.random()
        if r < 0.26:
            return self.direct()
        if r < 0.38:
            return self.partial()
        if r < 0.52:
            return self.reported()
        if r < 0.60 and self.last_person is not None:
            return self.pronoun_para()
        # Everything below names nobody, so a later "he/she" would be ambiguous.
        self.last_person = None
        if r < 0.68:
            return self.anonymous()
        if r < 0.77:
            return self.body()
        if r < 0.82 and self.echoes < 2:
            # Claims recur in the body too, usually worded differently from the lead.
            self.echoes += 1
            c = self.claim()
            return _Para(self.rng.choice(CLAIM_ECHOES).format(c=c), "claim", [("claim", str(self.story_idx), c)])
        return self.background()


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60]


def _headline(rng: random.Random, w: _Writer) -> str:
    return w.fill(rng.choice(w.kind["headlines"]))  # type: ignore[arg-type]


def _dateline(d: dt.date) -> str:
    return f"{d.strftime('%A')}, {d.strftime('%b')} {d.day}, {d.year}"


def _furniture(rng: random.Random, outlet: int) -> list[str]:
    """Page furniture blocks (each a few lines) that some outlets append after the story."""
    name = OUTLETS[outlet][0]
    blocks: list[str] = []
    if rng.random() < 0.35:
        lines = [f"A Message from {name}:"] + [APPEAL_LINES[0]] + rng.sample(APPEAL_LINES[1:], rng.randint(2, 4))
        blocks.append("\n".join(lines))
    if rng.random() < 0.3:
        blocks.append("\n".join(rng.choice(NEWSLETTER)))
    if rng.random() < 0.35:
        heads = []
        for t in rng.sample(RELATED_HEADLINES, rng.randint(4, 8)):
            c = rng.choice(COUNTRIES)
            heads.append(t.format(C=c[0], Ccap=c[2]))
        blocks.append("Related Articles\n" + "\n".join(heads))
    if blocks and rng.random() < 0.6:
        blocks.append("Remind me later.")
    return blocks


def _assemble(header: list[str], paras: list[_Para], furniture: list[str]) -> str:
    top = "\n".join(header)
    parts = [top, *(p.text for p in paras), *furniture]
    return "\n\n".join(parts) + "\n"


def _size(text: str) -> int:
    return len(text.encode("utf-8"))


def _fit(w: _Writer, header: list[str], paras: list[_Para], furniture: list[str]) -> str:
    """Trim furniture, then trailing paragraphs, to stay under MAX_BYTES; pad with background above MIN."""
    text = _assemble(header, paras, furniture)
    while _size(text) > MAX_BYTES and furniture:
        furniture.pop()
        text = _assemble(header, paras, furniture)
    while _size(text) > MAX_BYTES and len(paras) > 2:
        paras.pop()
        text = _assemble(header, paras, furniture)
    while _size(text) < MIN_BYTES:
        paras.append(w.background())
        text = _assemble(header, paras, furniture)
    return text


def _file_name(i: int) -> str:
    return f"article-{i:06d}.txt"


def _date_for(rng: random.Random) -> dt.date:
    return dt.date(YEAR, 1, 1) + dt.timedelta(days=rng.randrange(365))


def _url(outlet: int, d: dt.date, title: str, i: int) -> str:
    return f"https://{OUTLETS[outlet][1]}/{d:%Y/%m/%d}/{_slug(title)}-{i}"


def _is_copy(seed: int, i: int) -> bool:
    return i > 0 and _mix(seed, i, 0xC0) % 1000 < COPY_RATE * 1000


def _build_original(seed: int, i: int) -> tuple[_Built, _Writer, list[str], list[_Para], random.Random]:
    world = _world(seed)
    rng = random.Random(_mix(seed, i))
    story_idx = rng.randrange(len(world.storylines))
    # The storyline's origin outlet carries a larger share of its stories, as the outlet that broke it.
    outlet = world.storylines[story_idx].origin if rng.random() < 0.15 else rng.randrange(len(OUTLETS))
    w = _Writer(rng, world, story_idx, outlet)
    d = _date_for(rng)
    title = _headline(rng, w)
    header = [title]
    if rng.random() < 0.4:
        header.append(_dateline(d))
    if rng.random() < 0.3:  # occasional subheading line
        sub = w.claim()
        header.append(f"{sub[0].upper()}{sub[1:]} as Questions Mount")
    paras = [w.lead(dateline=rng.random() < 0.35)]
    target = rng.randint(MIN_BYTES + 200, MAX_BYTES - 1400)
    size = sum(_size(h) for h in header)
    while size < target:
        p = w.next_paragraph()
        paras.append(p)
        size += _size(p.text) + 2
    furniture = _furniture(rng, outlet)
    text = _fit(w, header, paras, furniture)
    art = GeneratedArticle(_file_name(i), text, title, OUTLETS[outlet][0], d.isoformat(), _url(outlet, d, title, i), None)
    return _Built(art, story_idx, _collect(paras)), w, header, paras, rng


def _collect(paras: list[_Para]) -> list[tuple[str, str, str]]:
    return [f for p in paras for f in p.facts if f[2]]


def _build(seed: int, i: int) -> _Built:
    if not _is_copy(seed, i):
        return _build_original(seed, i)[0]
    # Near-copy: pick an earlier original (never a copy, so copy_of always names an original).
    rng = random.Random(_mix(seed, i, 0xC0))
    j = i - 1 - rng.randrange(min(i, COPY_LOOKBACK))
    while _is_copy(seed, j):  # terminates: article 0 is never a copy
        j -= 1
    orig, w, header, paras, _ = _build_original(seed, j)
    w.rng = rng  # changes below come from this article's own RNG
    outlet = rng.choice([k for k in range(len(OUTLETS)) if OUTLETS[k][0] != orig.article.outlet])
    w.outlet = outlet
    paras = list(paras)
    # Change a sentence or two: syndication rewrites some background, and may add a credit line.
    bg = [k for k, p in enumerate(paras) if p.kind == "bg"]
    changed = False
    existing = {p.text for p in paras}
    for k in rng.sample(bg, min(len(bg), rng.randint(1, 2))):
        for _ in range(3):  # the deck may hand back sentences the article already has
            new = w.background()
            if new.text not in existing:
                paras[k], changed = new, True
                break
    if not changed or rng.random() < 0.4:
        paras.append(_Para(f"This article was originally published by {orig.article.outlet}.", "bg"))
    d = dt.date.fromisoformat(orig.article.date) + dt.timedelta(days=rng.randrange(3))
    d = min(d, dt.date(YEAR, 12, 31))
    header = list(header)
    if len(header) > 1 and header[1] == _dateline(dt.date.fromisoformat(orig.article.date)):
        header[1] = _dateline(d)
    text = _fit(w, header, paras, _furniture(rng, outlet))
    title = orig.article.title
    art = GeneratedArticle(_file_name(i), text, title, OUTLETS[outlet][0], d.isoformat(),
                           _url(outlet, d, title, i), orig.article.file)
    return _Built(art, orig.storyline, _collect(paras))


# --------------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------------

def generate_corpus(n: int, seed: int = 1) -> Iterator[GeneratedArticle]:
    """Yield ``n`` articles lazily; article ``i`` depends only on ``(seed, i)``."""
    for i in range(n):
        yield _build(seed, i).article


def write_corpus(directory: Path, n: int, seed: int = 1) -> Path:
    """Write ``n`` article files plus ``manifest.csv`` (file,title,outlet,date,url) into ``directory``."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    manifest = directory / "manifest.csv"
    with manifest.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["file", "title", "outlet", "date", "url"])
        for art in generate_corpus(n, seed):
            (directory / art.file).write_text(art.text, encoding="utf-8", newline="\n")
            writer.writerow([art.file, art.title, art.outlet, art.date, art.url])
    return manifest


_COMMANDS = ("whosaid", "quotes", "sources", "ask")
_VARIANTS = ("exact", "misspelt", "paraphrased", "unknown")


def sample_queries(n: int, seed: int = 1, corpus_size: int = 1000) -> list[dict]:
    """``n`` varied queries (command x variant round-robin) grounded in the first ``corpus_size``
    articles of ``generate_corpus(corpus_size, seed)``: exact phrases/speakers/claims from them,
    the same with typos (misspelt), reworded (paraphrased), or made up (unknown)."""
    if corpus_size < 1:
        raise ValueError("corpus_size must be at least 1")
    rng = random.Random(_mix(seed, corpus_size, 0x51))
    out: list[dict] = []
    for k in range(n):
        command = _COMMANDS[k % 4]
        variant = _VARIANTS[(k // 4) % 4]
        built = _build(seed, rng.randrange(corpus_size))
        query = _make_query(rng, command, variant, built, seed)
        out.append({"command": command, "query": query, "variant": variant})
    return out


def _pick_fact(rng: random.Random, built: _Built, kinds: tuple[str, ...]) -> tuple[str, str, str] | None:
    facts = [f for f in built.facts if f[0] in kinds]
    return rng.choice(facts) if facts else None


def _exact_phrase(rng: random.Random, quote: str) -> str:
    """A run of 5-9 words of the quote, as a user remembers it: usually from the start of the
    statement proper (after any "Frankly, " opener), sometimes from the middle."""
    for opener in QUOTE_OPENERS:
        if opener and quote.startswith(opener):
            quote = quote[len(opener):]
            break
    words = quote.split()
    if len(words) <= 6:
        return quote
    length = rng.randint(5, min(9, len(words)))
    start = 0 if rng.random() < 0.6 else rng.randrange(len(words) - length + 1)
    return " ".join(words[start:start + length]).strip(",:")


def _typo(rng: random.Random, text: str) -> str:
    words = text.split()
    candidates = [k for k, w in enumerate(words) if len(w) >= 4 and w.isalpha()]
    if not candidates:
        candidates = [k for k, w in enumerate(words) if len(w) >= 2] or [0]
    for k in rng.sample(candidates, min(len(candidates), rng.randint(1, 2))):
        w = words[k]
        p = rng.randrange(1, max(2, len(w) - 1))
        op = rng.randrange(3)
        if op == 0 and len(w) > 2:  # swap two adjacent letters
            new = w[:p - 1] + w[p] + w[p - 1] + w[p + 1:]
        elif op == 1:  # drop a letter
            new = w[:p] + w[p + 1:]
        else:  # double a letter
            new = w[:p] + w[p] + w[p:]
        words[k] = new if new != w else w + w[-1]
    return " ".join(words)


def _paraphrase(rng: random.Random, text: str) -> str:
    words = text.split()
    swapped = [SYNONYMS.get(w.lower(), w) for w in words]
    if swapped == words:  # nothing to swap: reword the frame instead
        return f"something like {text}" if rng.random() < 0.5 else f"{text} or words to that effect"
    return " ".join(swapped)


def _make_query(rng: random.Random, command: str, variant: str, built: _Built, seed: int) -> str:
    world = _world(seed)
    if variant == "unknown":
        a, b = rng.sample(UNKNOWN_COUNTRIES, 2)
        name = f"{rng.choice(UNKNOWN_FIRST)} {rng.choice(UNKNOWN_LAST)}"
        phrase = rng.choice(UNKNOWN_PHRASES)
        claim = rng.choice(UNKNOWN_CLAIMS).format(A=a, B=b)
        return {
            "whosaid": phrase,
            "quotes": name,
            "sources": claim,
            "ask": rng.choice((f"Who said {phrase}?", f"What did {name} say?", f"Who first reported that {claim}?")),
        }[command]

    quote = _pick_fact(rng, built, ("quote",))
    phrase = _exact_phrase(rng, quote[2]) if quote else built.article.title
    persons = [f[1] for f in built.facts if f[0] in ("quote", "partial", "indirect") and not f[1].startswith("the ")]
    name = rng.choice(persons) if persons else world.people[world.storylines[built.storyline].cast[0]].name
    claim_fact = _pick_fact(rng, built, ("claim",))
    claim = claim_fact[2] if claim_fact else _claim_of(world, built.storyline, rng)
    topic = str(CLAIM_KINDS[world.storylines[built.storyline].kind]["topic"]).removeprefix("the ")

    if variant == "paraphrased":
        phrase = _paraphrase(rng, phrase)
        person = next(p for p in world.people if p.name == name)
        # Refer to a speaker the way a user might: title + surname, or surname only.
        name = f"{person.prefix.split()[-1]} {person.last}" if person.prefix and rng.random() < 0.6 else person.last
        claim = _claim_of(world, built.storyline, rng, avoid=claim)

    query = {
        "whosaid": phrase,
        "quotes": name,
        "sources": claim,
        "ask": rng.choice((
            f"Who said “{phrase}”?",
            f"Who said that {phrase}?",
            f"What did {name} say about {topic}?",
            f"What has {name} said?",
            f"Who first reported that {claim}?",
            f"Where did the claim that {claim} come from?",
        )),
    }[command]
    if variant == "misspelt":
        query = _typo(rng, query)
    return query


def _claim_of(world: World, story: int, rng: random.Random, avoid: str | None = None) -> str:
    s = world.storylines[story]
    kind = CLAIM_KINDS[s.kind]
    a, b = COUNTRIES[s.a], COUNTRIES[s.b]
    options = [c.format(A=a[0], Ad=a[1], B=b[0], Bd=b[1]) for c in kind["claims"]]  # type: ignore[union-attr]
    options = [c for c in options if c != avoid] or options
    return rng.choice(options)
