"""Synthetic story clusters for scale benchmarks: raw-looking news texts with known boilerplate.

Real clusters are few and small, so they cannot show how the pipeline behaves at 100k-1M
documents. This module fabricates clusters that look like extracted news pages -- a headline,
paragraphs of varied sentences with curly quotes, numbers, names and the odd NBSP, an optional
inline ``date YYYY-MM-DD`` header -- with boilerplate lines injected at known rates: the kinds the
cleaner removes (notification and newsletter prompts, ``RELATED:`` links, captions with photo
credits, widget errors, ``More from <Outlet>``, read-more links, topic lists, repeated headlines)
and kinds it does not (menus, share buttons, cookie notices, bylines, ``Advertisement``, copyright
and footer lines). Each document records how many residue lines it carries, so a benchmark can
report how many the cleaner removed.

Everything is invented here from word lists and templates; nothing is copied from real pages.
Generation is pure and deterministic: one ``random.Random(seed)`` per call, no global state.
For speed, every sentence, headline and residue block is built once per call into pools whose
cluster-level names are ``str.format`` fields; a document is then a handful of ``choices``,
slices and ``join`` calls plus one ``format`` (about 20k documents a second on one core).
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

__all__ = ["SyntheticCluster", "SyntheticDocument", "synthetic_clusters"]

SUMMARY_AUTHOR = "newsclusters.bench.synthetic (generated)"
SUMMARY_WORDS = (80, 150)


@dataclass(frozen=True, slots=True)
class SyntheticDocument:
    """One raw article as it would sit in ``dataset/raw/<cluster_id>/<name>``."""

    name: str  # '003.txt'
    text: str
    source: str | None
    url: str | None
    date: str | None  # 'YYYY-MM-DD'
    injected: int  # residue (non-article) lines injected into `text`


@dataclass(frozen=True, slots=True)
class SyntheticCluster:
    """One story: a reference summary and the articles that report it."""

    cluster_id: str
    summary: str
    summary_author: str
    documents: tuple[SyntheticDocument, ...]

    def metadata(self) -> dict[str, object]:
        """The ``cluster.json`` a curator would write beside the texts (cluster_source schema)."""
        docs: dict[str, dict[str, str]] = {}
        for doc in self.documents:
            fields = {k: v for k, v in (("source", doc.source), ("url", doc.url), ("date", doc.date)) if v}
            if fields:
                docs[doc.name] = fields
        meta: dict[str, object] = {"summary": self.summary, "summary_author": self.summary_author}
        if docs:
            meta["documents"] = docs
        return meta


# --- placeholders ---------------------------------------------------------------------------------
# While pools are built, a cluster-level name is a private-use character (one "word" to measure);
# the finished pools hold str.format fields "{0}".."{10}" instead, so that one `format` call fills a
# whole document (twice as fast as one str.replace per placeholder).

P1, S1, R1, P2, S2, R2, ORG, PLACE, EVENT, EVENTC, OUTLET = (chr(0xE001 + i) for i in range(11))
_PLACEHOLDER_SLOTS = {
    "P1": P1, "S1": S1, "R1": R1, "P2": P2, "S2": S2, "R2": R2,
    "ORG": ORG, "PLACE": PLACE, "EVENT": EVENT, "EVENTC": EVENTC, "OUTLET": OUTLET,
}

# --- word lists (invented or generic) ------------------------------------------------------------

FIRST_NAMES = (
    "Maria", "James", "Aisha", "Tomasz", "Elena", "David", "Priya", "Samuel", "Ingrid", "Kwame", "Sofia",
    "Daniel", "Mei", "Oliver", "Fatima", "Lucas", "Hannah", "Rafael", "Chloe", "Ibrahim", "Anna", "Marcus",
    "Yuki", "Patrick", "Leila", "Stefan", "Grace", "Mateo", "Nadia", "Thomas", "Olga", "Kenji", "Rachel",
    "Omar", "Laura", "Henrik", "Amara", "Victor", "Julia", "Sean", "Chiara", "Andrés", "Zoë", "Paul",
    "Nkechi", "Robert", "Sara", "Lars", "Camille", "Michael", "Noor", "Pieter", "Alice", "Gabriel",
)
LAST_NAMES = (
    "Lindqvist", "Okafor", "Moreno", "Kowalski", "Haddad", "Brennan", "Tanaka", "Fischer", "Mensah", "Duarte",
    "Whitfield", "Novak", "Castellano", "Reyes", "Achterberg", "Osei", "Larsen", "Petrov", "Hughes",
    "Nakamura", "Ferreira", "Oduya", "Barrett", "Sørensen", "Maalouf", "Gallagher", "Varga", "Iyer", "Kruger",
    "Delacroix", "Ramírez", "Ashworth", "Volkov", "Mbatha", "Conti", "Holloway", "Dubois", "Eriksen", "Quinn",
    "Abara", "Marsh", "Takahashi", "Rossi", "Keane", "Salazar", "Lund", "Adeyemi", "Brandt", "Pereira",
    "Sutherland", "O’Rourke", "Vasquez", "Kaur", "Lemaire",
)
PLACES = (
    "Lisbon", "Rotterdam", "Leeds", "Calgary", "Porto", "Krakow", "Bristol", "Adelaide", "Dublin", "Glasgow",
    "Lyon", "Valencia", "Gothenburg", "Auckland", "Nairobi", "Accra", "Montreal", "Denver", "Seattle", "Cardiff",
    "Hamburg", "Turin", "Brisbane", "Ottawa", "Halifax", "Austin", "Tucson", "Marseille", "Bergen", "Galway",
    "Perth", "Durban", "Osaka", "Pune", "Manchester", "Antwerp", "Tampere", "Bologna", "Vancouver",
    "Wellington", "Cape Town", "San Diego", "New Orleans", "Salt Lake City", "Rio Grande Valley",
)
OUTLETS = (
    "Harbourline News", "Northfield Gazette", "The Copperton Courier", "Eastbrook Herald", "Westmarch Daily",
    "The Saltmarsh Times", "Kingsbridge Post", "Fernvale Chronicle", "Ravenhill Record", "The Lowland Observer",
    "Brightwater Tribune", "Stonegate Journal", "Ashford Ledger", "Millbrook Dispatch", "The Oakhaven Bulletin",
    "Redcliff Review", "Silverlake Sentinel", "The Thornbury Mail", "Glenmore Standard", "Pinecrest Press",
    "Marlow Bay News", "The Elmstead Echo", "Hollowell Times", "Cresthaven Register", "Wrenfield Wire",
)
AGENCIES = (
    "Reuters", "AP", "AFP", "Getty Images", "EPA", "Bloomberg", "PA Images", "Alamy", "Shutterstock",
    "AFP via Getty Images", "Reuters Pictures", "NurPhoto", "SOPA Images", "Sipa USA",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")

# Generic slots shared by every topic. Values may contain further {SLOTS}.
GENERIC_SLOTS: dict[str, tuple[str, ...]] = {
    "NAME": tuple(f"{f} {l}" for f in FIRST_NAMES[::3] for l in LAST_NAMES[1::4]),
    "CITY": PLACES,
    "WEEKDAY": WEEKDAYS,
    "MONTH": MONTHS,
    "YEAR": tuple(str(y) for y in range(1998, 2024)),
    "NUM": ("two", "three", "four", "five", "six", "seven", "eight", "nine", "10", "11", "12", "14", "15", "18",
            "20", "24", "30", "36", "40", "48", "60", "75"),
    "BIG": ("1,200", "2,300", "4,750", "8,000", "12,500", "15,000", "23,000", "40,000", "120,000", "1.2 million",
            "2.5 million", "350", "600", "900"),
    "PCT": ("3%", "4.5%", "7%", "12%", "18 per cent", "22 per cent", "31%", "40 percent", "9.2 percent", "0.8%",
            "65%", "2.1 per cent"),
    "AMT": ("$3.4 million", "£120m", "€2.1 billion", "$850,000", "£4.6bn", "$1.75 billion", "€90 million",
            "$12 million", "£38,000", "$640m", "1.8 billion euros", "$27 billion"),
    "TIME": ("on {WEEKDAY}", "on {WEEKDAY}", "late on {WEEKDAY}", "earlier this week", "last week",
             "on {WEEKDAY} morning", "on {WEEKDAY} evening", "earlier this month", "at the weekend",
             "in {MONTH}", "this year"),
    "SAIDVERB": ("said", "said", "said", "told reporters", "added", "said in a statement", "wrote",
                 "told local radio", "said in an interview"),
    "SPEAKER": ("{S1}", "{S1}", "{S2}", "{P1}", "{P2}", "a spokesperson for {ORG}", "one official",
                "{NAME}, a resident of {PLACE},", "{NAME}, who has followed the case for years,"),
    "ANALYST": ("{NAME}, an analyst at {INSTITUTE},", "{NAME}, a professor at the University of {CITY},",
                "{NAME} of {INSTITUTE}", "{NAME}, a senior fellow at {INSTITUTE},"),
    "INSTITUTE": ("Calder Research", "the Fenwick Institute", "Morrow Analytics", "the Halden Policy Centre",
                  "Brightline Economics", "the Westcott Foundation", "Arden Partners"),
}

# Each topic: cluster-level choices (events, roles, organisations) and filler for the templates.
TOPICS: dict[str, dict[str, tuple[str, ...]]] = {
    "politics": {
        "EVENTS": ("pension reform bill", "budget vote", "coalition talks", "election recount", "housing bill",
                   "spending plan", "tax overhaul", "border policy", "transport levy", "voting reform"),
        "N": ("proposal", "bill", "motion", "amendment", "inquiry", "budget", "policy", "consultation"),
        "NS": ("proposals", "amendments", "public services", "local councils", "spending cuts", "tax credits"),
        "GROUP": ("opposition lawmakers", "backbench MPs", "local councillors", "union leaders", "voters",
                  "civil servants", "campaign groups", "regional leaders"),
        "ROLE": ("finance minister", "opposition leader", "prime minister", "party chair", "housing secretary",
                 "council leader", "health minister", "chief whip"),
        "ORG": ("Civic Alliance", "Reform Union", "Northern Bloc", "Labour Forum", "Green Coalition",
                "Progress Party", "Unity Movement", "Liberal Front"),
        "ADJ": ("“reckless”", "“deeply disappointing”", "a step in the right direction", "“a broken promise”",
                "long overdue", "“unworkable”"),
        "CLAUSE": ("Lawmakers are due to vote on the {EVENT} before the summer recess",
                   "The {EVENT} passed its first reading by {NUM} votes",
                   "Polls suggest {PCT} of voters in {PLACE} support the {N}",
                   "Opposition parties have tabled {NUM} amendments to the {EVENT}",
                   "The {ORG} has governed with a slim majority since the {YEAR} election"),
    },
    "business": {
        "EVENTS": ("merger deal", "redundancy plan", "profit warning", "takeover bid", "factory closure",
                   "pay dispute", "share buyback", "bond sale", "store closure programme", "price rise"),
        "N": ("deal", "offer", "restructuring", "forecast", "review", "investment", "contract", "strategy"),
        "NS": ("investors", "shareholders", "suppliers", "quarterly results", "operating costs", "margins"),
        "GROUP": ("investors", "shareholders", "analysts", "employees", "suppliers", "union representatives",
                  "regulators", "customers"),
        "ROLE": ("chief executive", "finance director", "chair", "founder", "head of operations",
                 "chief economist", "board member", "managing director"),
        "ORG": ("Northbridge Energy", "Kestrel Bank", "Calder Holdings", "Halvard Logistics", "Brightmoor Foods",
                "Ostrava Steel", "Meridian Retail", "Tarn Motors"),
        "ADJ": ("“disappointing”", "“a bold move”", "“the right decision for the business”", "premature",
                "“a wake-up call”", "overdue"),
        "CLAUSE": ("{ORG} shares fell {PCT} in early trading {TIME}",
                   "The company reported revenue of {AMT} for the quarter, below analysts’ forecasts",
                   "The {EVENT} would affect about {BIG} workers across {NUM} sites",
                   "{ORG} employs more than {BIG} people worldwide",
                   "The board is expected to set out a new strategy in {MONTH}"),
    },
    "technology": {
        "EVENTS": ("data breach", "app outage", "chip shortage", "software update", "privacy fine",
                   "satellite launch", "AI rollout", "network upgrade", "platform ban", "battery recall"),
        "N": ("update", "feature", "investigation", "system", "platform", "service", "patch", "device"),
        "NS": ("users", "customer accounts", "devices", "developers", "data centres", "passwords"),
        "GROUP": ("users", "security researchers", "privacy campaigners", "developers", "regulators",
                  "engineers", "app makers", "consumer groups"),
        "ROLE": ("chief technology officer", "head of security", "product lead", "founder", "chief executive",
                 "data protection commissioner", "lead engineer", "spokesperson"),
        "ORG": ("Vantiq Systems", "Lumora", "Cobalt Networks", "Heliograph", "Stackwise", "Pixelmere",
                "Quillon Labs", "Orbitel"),
        "ADJ": ("“unacceptable”", "“a serious lapse”", "“an isolated incident”", "“a major milestone”",
                "premature", "“deeply concerning”"),
        "CLAUSE": ("The {EVENT} affected about {BIG} users in {PLACE} and beyond",
                   "{ORG} said it had fixed the fault within {NUM} hours",
                   "Engineers traced the problem to a faulty {N} pushed out {TIME}",
                   "The company said no payment details had been exposed",
                   "{ORG} has faced {NUM} similar complaints since {YEAR}"),
    },
    "health": {
        "EVENTS": ("hospital strike", "vaccine campaign", "measles outbreak", "waiting list backlog",
                   "drug shortage", "clinic closure plan", "screening programme", "nurse shortage", "flu season",
                   "mental health plan"),
        "N": ("programme", "study", "trial", "treatment", "shortage", "backlog", "guidance", "service"),
        "NS": ("patients", "doctors", "nurses", "hospitals", "clinics", "care homes"),
        "GROUP": ("patients", "doctors", "nurses", "health officials", "care workers", "families",
                  "medical charities", "pharmacists"),
        "ROLE": ("health minister", "chief medical officer", "hospital director", "head of nursing",
                 "public health director", "surgeon", "epidemiologist", "union representative"),
        "ORG": ("Westvale Health Trust", "Medica Group", "Northshore Hospitals", "CareFirst", "Helix Pharma",
                "Pinewood Clinics", "Solace Health", "Aurel Labs"),
        "ADJ": ("“a crisis”", "“worrying”", "“encouraging”", "“a lifeline for patients”", "unsustainable",
                "“a real breakthrough”"),
        "CLAUSE": ("Health officials in {PLACE} have recorded {BIG} cases since {MONTH}",
                   "About {PCT} of patients waited longer than {NUM} weeks for treatment",
                   "The {EVENT} has forced {NUM} hospitals to postpone routine operations",
                   "Doctors said the {N} could save the health service {AMT} a year",
                   "The trial involved {BIG} volunteers across {NUM} countries"),
    },
    "environment": {
        "EVENTS": ("flood warning", "heatwave", "wildfire", "river pollution", "storm damage", "drought",
                   "wind farm plan", "emissions target", "coastal erosion", "hosepipe ban"),
        "N": ("warning", "clean-up", "evacuation", "forecast", "plan", "assessment", "target", "scheme"),
        "NS": ("residents", "farmers", "firefighters", "homes", "rivers", "coastal towns"),
        "GROUP": ("residents", "farmers", "environmental groups", "emergency services", "scientists",
                  "local councils", "insurers", "volunteers"),
        "ROLE": ("environment minister", "fire chief", "mayor", "chief meteorologist", "regional governor",
                 "climate scientist", "emergency coordinator", "water board chair"),
        "ORG": ("Coastwatch Agency", "Riverside Water", "Greenfield Trust", "Stormline Insurance",
                "Terrace Power", "Blue Basin Authority", "Oakline Energy", "Fjordvik Wind"),
        "ADJ": ("“devastating”", "“a warning sign”", "“unprecedented”", "“a wake-up call”", "inadequate",
                "“the worst we have seen”"),
        "CLAUSE": ("Temperatures in {PLACE} reached {NUM} degrees above the seasonal average",
                   "About {BIG} homes were left without power {TIME}",
                   "Firefighters have been battling the blaze for {NUM} days",
                   "The {EVENT} has caused damage estimated at {AMT}",
                   "Forecasters expect conditions to ease by {WEEKDAY}"),
    },
    "sport": {
        "EVENTS": ("transfer saga", "cup final", "doping ban", "coaching change", "stadium deal",
                   "league title race", "injury crisis", "contract dispute", "ticket row", "world record attempt"),
        "N": ("match", "season", "contract", "appeal", "tournament", "transfer", "ban", "fixture"),
        "NS": ("supporters", "players", "fixtures", "season tickets", "clubs", "points"),
        "GROUP": ("supporters", "players", "club officials", "former players", "league organisers", "pundits",
                  "season ticket holders", "coaches"),
        "ROLE": ("head coach", "club captain", "sporting director", "league chief executive", "team doctor",
                 "club chair", "assistant manager", "goalkeeper"),
        "ORG": ("Harbour City FC", "Kingsway Rovers", "Northside Athletic", "Valley United", "Redmarsh Town",
                "Eastport Lions", "Falcon Rugby Club", "Summit Cycling Team"),
        "ADJ": ("“unacceptable”", "“a dream come true”", "“harsh”", "“the right call”", "overdue",
                "“a huge disappointment”"),
        "CLAUSE": ("{ORG} won {NUM} of their last {NUM} matches",
                   "The {EVENT} has dominated the build-up to {WEEKDAY}’s fixture",
                   "A crowd of {BIG} watched the match in {PLACE}",
                   "The club has not won a major trophy since {YEAR}",
                   "{S1} scored twice in the second half to level the tie"),
    },
    "culture": {
        "EVENTS": ("museum reopening", "festival cancellation", "award row", "concert tour", "film premiere",
                   "gallery sale", "book ban", "theatre closure", "copyright case", "fashion campaign"),
        "N": ("exhibition", "campaign", "performance", "collection", "production", "festival", "album", "show"),
        "NS": ("fans", "artists", "ticket holders", "critics", "visitors", "performances"),
        "GROUP": ("fans", "critics", "artists", "ticket holders", "museum staff", "curators", "campaigners",
                  "festival organisers"),
        "ROLE": ("creative director", "festival director", "curator", "lead singer", "producer",
                 "gallery owner", "culture minister", "author"),
        "ORG": ("Marlowe Gallery", "Lumen Festival", "Aster Records", "Velour House", "Northlight Theatre",
                "Copperfield Books", "Saffron Studios", "Atelier Rhone"),
        "ADJ": ("“tone-deaf”", "“a triumph”", "“a missed opportunity”", "“wrong”", "overdue",
                "“a celebration of the city”"),
        "CLAUSE": ("More than {BIG} tickets were sold within {NUM} hours",
                   "The {N} had been due to open in {PLACE} in {MONTH}",
                   "{ORG} removed the images from its website {TIME}",
                   "The collection includes works dating back to {YEAR}",
                   "Critics gave the {N} mixed reviews when it opened"),
    },
    "justice": {
        "EVENTS": ("fraud trial", "corruption probe", "bail hearing", "class action", "police inquiry",
                   "sentencing hearing", "appeal ruling", "extradition case", "court challenge", "murder trial"),
        "N": ("case", "hearing", "ruling", "investigation", "appeal", "charge", "verdict", "inquiry"),
        "NS": ("witnesses", "defendants", "prosecutors", "court documents", "charges", "jurors"),
        "GROUP": ("prosecutors", "defence lawyers", "victims’ families", "police officers", "civil liberty groups",
                  "witnesses", "investigators", "jurors"),
        "ROLE": ("chief prosecutor", "defence lawyer", "police chief", "judge", "attorney general",
                 "lead investigator", "court spokesperson", "solicitor general"),
        "ORG": ("Crown Legal Services", "Harlow & Finch", "Harbour Police Authority", "Justice Watch",
                "Sterling Chambers", "Openlaw Trust", "Kessler Partners", "Fairhaven Police"),
        "ADJ": ("“a travesty”", "“fair”", "“deeply troubling”", "“a victory for the families”", "premature",
                "“politically motivated”"),
        "CLAUSE": ("The trial in {PLACE} is expected to last {NUM} weeks",
                   "Prosecutors allege that {AMT} was moved through {NUM} accounts",
                   "The judge adjourned the {N} until {WEEKDAY}",
                   "{S2} denies all {NUM} charges",
                   "The jury heard evidence from {NUM} witnesses {TIME}"),
    },
}

# Sentence parts. A main clause, then 0-3 extensions; or a quote with attribution.
MAIN_CLAUSES = (
    "{P1}, the {R1}, said {TIME} that the {EVENT} would go ahead as planned",
    "The {EVENT} has drawn sharp criticism from {GROUP} in {PLACE}",
    "{S1} told reporters in {PLACE} that {ORG} had not been consulted about the {N}",
    "Officials in {PLACE} said {BIG} people had been affected by the {EVENT} so far",
    "{ORG} confirmed in a statement {TIME} that it was reviewing the {N}",
    "According to figures published by {INSTITUTE}, the {N} cost {AMT} last year",
    "The decision came {NUM} days after {S2} first raised concerns about the {N}",
    "{P2}, the {R2}, described the {EVENT} as {ADJ}",
    "A survey of {GROUP} by {INSTITUTE} found that {PCT} opposed the {N}",
    "More than {BIG} people in {PLACE} are expected to be affected by the {EVENT}",
    "{S1} has been under pressure since {MONTH}, when {GROUP} called for a review of the {N}",
    "In {YEAR}, a similar {N} was abandoned after strong opposition from {GROUP}",
    "The {N} is due to be discussed at a meeting in {CITY} on {WEEKDAY}",
    "{ORG} did not respond to a request for comment {TIME}",
    "A spokesperson for {ORG} said the organisation was cooperating fully with the {N}",
    "{S2} said the {EVENT} had been handled badly from the start",
    "It is not the first time {ORG} has faced questions over its {N}",
    "{GROUP_C} gathered outside the offices of {ORG} in {PLACE} {TIME}",
    "The figures show a rise of {PCT} compared with the same period last year",
    "{ANALYST} said the {EVENT} reflected wider problems with {NS}",
    "Details of the {N} were first reported by local media {TIME}",
    "{P1} has promised to publish a full account of the {EVENT} by {MONTH}",
    "The latest {N} follows months of talks between {ORG} and {GROUP}",
    "{S1} and {S2} are expected to meet in {PLACE} {TIME} to discuss the {EVENT}",
    "{CLAUSE}",
    "{CLAUSE}",
    "{CLAUSE}",
)
ATTRIBUTIONS = (  # at most one, always last
    ", according to a statement published on its website",
    ", people familiar with the matter said",
    ", {S1} said",
    ", according to documents seen by reporters",
)
EXTENSIONS = (
    ", a move that {GROUP} said was long overdue",
    " after weeks of negotiations between {S1} and {S2}",
    ", although no date has been set for a final decision",
    " amid growing concern about the {N} across {PLACE}",
    ", the first such {N} since {YEAR}",
    ", and {NUM} more cases are still being assessed",
    " despite warnings from {GROUP} that costs could rise by {PCT}",
    ", which had been scheduled to begin in {MONTH}",
    " as part of a wider review of {NS}",
    " while {GROUP} in {CITY} pushed for a faster timetable",
    " and said further details would follow {TIME}",
    ", up from {NUM} a year earlier",
    " because of a shortfall of about {AMT}",
    ", a claim that {ORG} has denied",
    " before the end of {MONTH}",
    ", with {PCT} of the cost met by {ORG}",
)
QUOTE_BODIES = (
    "We have listened carefully to everyone involved and we will take the time to get this right",
    "This is not the outcome that {GROUP} were hoping for, but we respect the process",
    "Nobody should have to wait {NUM} months for an answer",
    "We are confident that the {N} will deliver real benefits for people in {PLACE}",
    "I think it’s a serious mistake and I said so at the time",
    "There are still a lot of questions that haven’t been answered",
    "We owe it to the families affected to find out exactly what went wrong",
    "It’s been a difficult few weeks for everyone, and I don’t want to pretend otherwise",
    "The {EVENT} was never going to be easy, but doing nothing was not an option",
    "We take our responsibilities extremely seriously",
    "I have spoken to {S2} and we both want the same thing",
    "This is about trust, and trust has to be earned",
    "The numbers simply don’t add up",
    "We were told one thing in {MONTH} and something completely different now",
    "Our priority is the safety of the people of {PLACE}",
    "I am proud of what the team has achieved under very difficult circumstances",
    "Frankly, {GROUP} deserve better than this",
    "We will keep pushing until we get a clear answer from {ORG}",
    "It’s a step forward, but it is only a first step",
    "Nobody I have spoken to thinks the {N} goes far enough",
)
QUOTE_TEMPLATES = (
    "“{Q},” {SPEAKER} {SAIDVERB}.",
    "“{Q},” {SPEAKER} {SAIDVERB}.",
    "“{Q},” said {P2}, the {R2}.",
    "{S2} said: “{Q}.”",
    "“{Q}. {Q2},” {S1} added.",
    "In a statement, {ORG} said: “{Q}.”",
    "{S1} wrote on social media that the {N} was {ADJ}, adding: “{Q}.”",
    "“{Q},” {SPEAKER} {SAIDVERB}. “{Q2}.”",
    "Asked about the {EVENT}, {S1} said: “{Q}.”",
    "‘{Q},’ {S2} told colleagues, according to a person who was present.",
)
LEAD_TEMPLATES = (
    "{P1}, the {R1}, has defended the {EVENT} after days of criticism from {GROUP} in {PLACE}.",
    "{ORG} is facing mounting pressure over the {EVENT}, with {GROUP} calling for an independent review.",
    "The {EVENT} in {PLACE} has prompted a fierce backlash, {P2}, the {R2}, said {TIME}.",
    "{PLACE} — {P1} said {TIME} that {ORG} would press ahead with the {EVENT} despite objections from {GROUP}.",
    "{P1} has apologised for the way the {EVENT} was handled, saying {ORG} had made “the wrong call”.",
    "{GROUP_C} in {PLACE} reacted with anger {TIME} after {ORG} announced the {EVENT}.",
    "The {EVENT} has become the biggest test yet for {P1}, the {R1}, who took over at {ORG} in {YEAR}.",
)
HEADLINE_TEMPLATES = (
    "{S1} defends {EVENT} amid criticism from {GROUP}",
    "{ORG} faces questions over {EVENT}",
    "{EVENTC} delayed until {MONTH} after talks stall",
    "{PLACE} braces for impact of {EVENT}",
    "What we know about the {EVENT} so far",
    "{P1} says {EVENT} will go ahead: ‘{HEADQ}’",
    "{ORG} to review {N} after complaint by {S2}",
    "{GROUP_C} in {PLACE} push back against {EVENT}",
    "{S1} and {S2} clash over {EVENT}",
    "{EVENTC}: {ORG} under pressure as {GROUP} demand answers",
    "{S1} apologises over {EVENT} as {GROUP} demand answers",
    "{ORG} {EVENT} sparks backlash in {PLACE}",
    "{P2} calls {EVENT} ‘{HEADQ}’",
    "Inside the {EVENT} that divided {PLACE}",
    "{EVENTC} in {PLACE}: {S2} says {GROUP} were ignored",
)
_SUMMARY_VARIANTS = 8
HEADLINE_QUOTES = ("We will not back down", "A serious mistake", "Nobody was listening", "We got it wrong",
                   "The right decision", "A dark day", "It is not over", "We owe them answers")
SUMMARY_LEADS = (
    "{P1}, the {R1}, announced the {EVENT} in {PLACE}, a decision that quickly drew criticism from {GROUP}.",
    "{ORG} came under pressure over the {EVENT} in {PLACE} after {GROUP} accused it of acting without consultation.",
    "The {EVENT} in {PLACE} sparked a public backlash against {ORG} and its {R1}, {P1}.",
    "In {PLACE}, {ORG} and its {R1} {P1} faced criticism from {GROUP} over the {EVENT}.",
)
SUMMARY_FOLLOWS = (
    "{P2}, the {R2}, called the move {ADJ} and urged {S1} to reconsider before {MONTH}.",
    "{S1} defended the decision, arguing that delaying the {N} would only raise costs.",
    "{ORG} said it was reviewing the {N} and promised to publish its findings.",
    "Officials estimated that more than {BIG} people could be affected.",
    "Critics said {GROUP} had not been consulted and warned that the {N} could cost {AMT}.",
    "Talks between {S1} and {S2} are expected to continue, with no date set for a final decision.",
    "{S1} later apologised for how the {EVENT} had been communicated but did not reverse it.",
    "A survey found that {PCT} of {GROUP} opposed the {N}.",
    "{S2} said the episode showed that {ORG} had ignored repeated warnings.",
    "The {EVENT} follows a similar dispute in {YEAR} that ended in a compromise.",
    "{ORG} said it would set up an independent panel to examine what went wrong.",
    "Supporters of the {N} argued it was needed to protect {NS} in the long term.",
    "{GROUP_C} planned further protests in {PLACE} if the plan was not changed.",
    "Analysts said the row could damage {ORG} and weaken the position of {S1}.",
)
CAPTIONS = (
    "{P1} speaks to reporters in {PLACE} on {WEEKDAY}.",
    "{GROUP_C} gather outside the headquarters of {ORG} in {PLACE}.",
    "A file photo of {S1} at an event in {CITY} in {YEAR}.",
    "{P2}, the {R2}, arrives for a meeting in {PLACE}.",
    "The {EVENT} has divided opinion in {PLACE}.",
    "{S1} has faced weeks of criticism over the {EVENT}.",
    "{P1} attends a press conference in {PLACE} on {MONTH} {DAY}, {YEAR}.",
    "A view of the offices of {ORG} in {CITY}.",
    "{S2} said the {N} was {ADJ}.",
    "People queue outside a building in {PLACE} earlier this week.",
)
CREDITS_SLASH = ("{NAME}/{AGENCY}", "{NAME} / {AGENCY}", "AP Photo/{NAME}", "{NAME}/{AGENCY}",
                 "Photo: {NAME}/{AGENCY}", "{NAME} / AFP via Getty Images", "@{HANDLE}/Twitter",
                 "@{HANDLE}/Instagram")
CREDITS_BARE = ("{AGENCY}", "{ORG}", "{NAME}", "Getty Images", "Handout", "{AGENCY1} file photo")
HANDLES = ("cityreporter", "newsdesk_live", "photo_weekly", "the_observer_cam", "harbour_pics", "streetlens")

# --- residue blocks -------------------------------------------------------------------------------
# Each block is one or more lines: '\n' joins lines of one paragraph, '\f' marks a paragraph break
# inside the block (a blank line, or a plain line break in documents without blank lines). Where a
# block goes (TOP of the page, AFTER the headline, MID-body, BOTTOM) is set in `_build_residue`.
TOP, AFTER, MID, BOTTOM = range(4)
DUPLICATE_HEADLINE = "\x00dup"  # stands for the page's own headline

NOTIFICATIONS = (
    "Tap ‘Allow’ to enable notifications and get breaking news first",
    "Click 'OK' then 'Allow' to turn on notifications",
    "Enable push notifications to get the latest headlines from {OUTLET}",
    "Get breaking news alerts straight to your phone",
    "Turn on notifications for {OUTLET} to follow this story",
    "So you never miss an update, we can send you alerts about stories like this one",
    "Want to hear about stories like this first? Select ‘Allow’ to receive notifications",
)
NEWSLETTERS = (
    "Sign up for our free {NLNAME} newsletter",
    "Subscribe to the {NLNAME} newsletter for the stories that matter",
    "Sign up to {OUTLET}’s daily newsletter here",
    "Our {NLNAME} newsletter brings the day’s top stories straight to your inbox",
    "Register for free to receive our weekly newsletter",
    "Never miss a story — sign up for the {NLNAME} newsletter",
)
NLNAMES = ("Morning Briefing", "Evening Edition", "Daily Digest", "Week in Review", "First Edition", "Headlines")
NOTIFICATION_INTRO = "So you never miss a story, we'd like to send you the occasional reminder"
MORE_FROM = ("More from {OUTLET}", "MORE FROM {OUTLET}", "More from {OUTLET}:")
RELATED_LABELS = ("RELATED: ", "Related: ", "READ MORE: ", "Read more: ", "See also: ", "WATCH: ", "Recommended: ",
                  "Read more | ", "MORE ON THIS: ")
READ_FULL = ("Click here to read the full article.", "Click here to read the full story.", "Continue reading",
             "Read the full article here", "Tap here to read more.", "Read full story")
TOPIC_TAGS = ("Topics: {TAGS}", "Tags: {TAGS}", "Filed under: {TAGS}", "TOPICS: {TAGS}", "Tagged with: {TAGS}")
TAG_WORDS = ("News", "World", "Politics", "Business", "Health", "Climate", "Sport", "Culture", "Technology",
             "Courts", "Local", "Opinion", "Economy", "Environment", "Education", "Transport")
WIDGET_ERRORS = ("Oops! Something went wrong.", "Oops!\nSomething went wrong.\nPlease try again later.",
                 "  • Oops!\n    Something went wrong.\n    Please try again later.",
                 "Something went wrong. Please try again later.")
# The cleaner has no rule for the kinds below: they measure what still slips through.
BYLINES = ("By {NAME}", "By {NAME} and {NAME}", "By {NAME}, {BEAT}", "{NAME} | {BEAT}", "By {NAMEUP}",
           "{NAME}, {AGENCY}")
BEATS = ("Political Correspondent", "Staff Writer", "Business Reporter", "Health Editor", "Senior Reporter",
         "Sports Writer", "Culture Desk", "Courts Reporter")
STAMPS = ("Published {HOUR}:{MIN} GMT", "Updated: {HOUR}:{MIN} ET", "Last updated {HOUR}.{MIN}",
          "{READMIN} min read")
READ_MINUTES = tuple(str(m) for m in range(2, 12))
ADVERTS = ("Advertisement", "ADVERTISEMENT", "Story continues below advertisement", "Advertisement\fAdvertisement",
           "Sponsored content")
SHARES = ("Share this article\nFacebook\nTwitter\nEmail", "Share\nTweet\nPin\nEmail",
          "Share on Facebook\nShare on X\nCopy link", "Share this story", "Comments ({NUM})")
COOKIES = (
    "We use cookies to improve your experience on our site. By continuing to browse, you agree to our use of cookies.",
    "This website uses cookies to personalise content and ads.\nAccept all\nManage preferences",
    "We and our partners use cookies to store and access information on your device.",
)
COPYRIGHTS = ("© {YEAR} {OUTLET}. All rights reserved.", "Copyright © {YEAR} {OUTLET}",
              "© {YEAR} {OUTLET} Ltd. All Rights Reserved.", "© Copyright {OUTLET} {YEAR}")
FOOTERS = ("About Us | Contact | Privacy Policy | Terms of Use", "Privacy Policy\nTerms of Service\nContact us",
           "Terms & Conditions · Privacy · Cookie settings · Accessibility", "Back to top")
MENU_ITEMS = ("Home", "News", "World", "Business", "Sport", "Politics", "Opinion", "Culture", "Lifestyle",
              "Travel", "Video", "Podcasts", "Weather", "Science", "Health", "Money", "Obituaries", "Puzzles")
MENU_HEADS = ("Most Read", "Trending", "Sections", "More Stories", "Popular Now", "Top Stories")


# --- building the pools (once per call) ---------------------------------------------------------

_SLOT = re.compile(r"\{([A-Z0-9_]+)\}")


def _filler(rng: random.Random, slots: dict[str, Sequence[str]]) -> Callable[[str], str]:
    """Fill {SLOTS} recursively from `slots` (an unknown slot name is a KeyError: a typo in a list)."""

    def pick(match: re.Match[str]) -> str:
        return rng.choice(slots[match.group(1)])

    def fill(template: str) -> str:
        for _ in range(6):
            if "{" not in template:
                return template
            template = _SLOT.sub(pick, template)
        raise ValueError(f"unfilled slots in {template!r}")

    return fill


_FIELDS = {0xE001 + i: f"{{{i}}}" for i in range(11)}


def _fields(texts: Iterable[str]) -> tuple[str, ...]:
    """Placeholders become format fields; a literal brace would break `format`, so none may exist."""
    out = []
    for text in texts:
        if "{" in text or "}" in text:
            raise ValueError(f"literal brace in synthetic text {text!r}")
        out.append(text.translate(_FIELDS))
    return tuple(out)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class _Topic:
    name: str
    pool: tuple[str, ...]  # body sentences (with format fields for names), in random order
    leads: tuple[str, ...]
    headlines: tuple[str, ...]
    summary_leads: tuple[str, ...]
    summary_follows: tuple[str, ...]  # _SUMMARY_VARIANTS fills of each SUMMARY_FOLLOWS template, in order
    events: tuple[str, ...]
    roles: tuple[str, ...]
    orgs: tuple[str, ...]


@dataclass(frozen=True)
class _Residue:
    """Flat pool of residue blocks; choose uniformly, proportions are built in."""

    slot: tuple[int, ...]
    lines: tuple[int, ...]
    blank: tuple[str, ...]  # text for documents with blank lines between paragraphs
    plain: tuple[str, ...]  # text for documents without
    mean_lines: float
    bytes_per_line: float


def _placeholder_words(topics: dict[str, dict[str, tuple[str, ...]]]) -> dict[str, tuple[int, int]]:
    """Fewest and most words each placeholder can expand to, to keep sentences in 15-45 words."""
    def span(values: Sequence[str]) -> tuple[int, int]:
        counts = [len(v.split()) for v in values]
        return min(counts), max(counts)

    def every(key: str) -> list[str]:
        return [v for t in topics.values() for v in t[key]]

    return {
        P1: (2, 2), P2: (2, 2), S1: (1, 1), S2: (1, 1), R1: span(every("ROLE")), R2: span(every("ROLE")),
        ORG: span(every("ORG")), PLACE: span(PLACES), EVENT: span(every("EVENTS")), EVENTC: span(every("EVENTS")),
        OUTLET: span(OUTLETS),
    }


def _word_span(text: str, spans: dict[str, tuple[int, int]]) -> tuple[int, int]:
    """Fewest and most words `text` can have once its placeholders are filled."""
    low = high = 0
    for word in text.split():
        found = [spans[c] for c in word if c in spans]
        low += sum(f[0] for f in found) if found else 1
        high += sum(f[1] for f in found) if found else 1
    return low, high


def _build_topic(rng: random.Random, name: str, data: dict[str, tuple[str, ...]], pool_size: int,
                 spans: dict[str, tuple[int, int]]) -> _Topic:
    slots: dict[str, Sequence[str]] = dict(GENERIC_SLOTS)
    slots.update(data)
    slots.update({k: (v,) for k, v in _PLACEHOLDER_SLOTS.items()})
    slots["GROUP_C"] = tuple(_cap(g) for g in data["GROUP"])
    slots["HEADQ"] = HEADLINE_QUOTES
    slots["DAY"] = tuple(str(d) for d in range(1, 29))
    fill = _filler(rng, slots)

    sentences: list[str] = []
    seen: set[str] = set()
    attempts = 0
    while len(sentences) < pool_size and attempts < pool_size * 20:
        attempts += 1
        if rng.random() < 0.3:
            first, second = rng.sample(QUOTE_BODIES, 2)  # two quotes in one sentence never repeat
            text = fill(rng.choice(QUOTE_TEMPLATES).replace("{Q}", first).replace("{Q2}", second))
        else:
            text = fill(rng.choice(MAIN_CLAUSES))
            for extension in rng.sample(EXTENSIONS, rng.choice((0, 1, 1, 1, 2, 2, 3))):
                text += fill(extension)
            if rng.random() < 0.2:
                text += fill(rng.choice(ATTRIBUTIONS))
            text += "."
        text = _cap(text)
        low, high = _word_span(text, spans)
        if low < 15 or high > 45 or text in seen:
            continue
        seen.add(text)
        if rng.random() < 0.04:  # an occasional non-breaking space, as extracted pages have
            spaces = [i for i, c in enumerate(text) if c == " "]
            cut = rng.choice(spaces)
            text = text[:cut] + "\u00a0" + text[cut + 1:]
        sentences.append(text)
    leads = tuple(dict.fromkeys(fill(rng.choice(LEAD_TEMPLATES)) for _ in range(60)))
    headlines = tuple(dict.fromkeys(fill(rng.choice(HEADLINE_TEMPLATES)) for _ in range(80)))
    summary_leads = tuple(dict.fromkeys(fill(rng.choice(SUMMARY_LEADS)) for _ in range(30)))
    summary_follows = tuple(fill(t) for t in SUMMARY_FOLLOWS for _ in range(_SUMMARY_VARIANTS))
    return _Topic(
        name=name,
        pool=_fields(sentences),
        leads=_fields(leads),
        headlines=_fields(headlines),
        summary_leads=_fields(summary_leads),
        summary_follows=_fields(summary_follows),
        events=data["EVENTS"],
        roles=data["ROLE"],
        orgs=data["ORG"],
    )


def _build_residue(rng: random.Random, topics: dict[str, _Topic]) -> _Residue:
    slots: dict[str, Sequence[str]] = dict(GENERIC_SLOTS)
    slots.update({k: (v,) for k, v in _PLACEHOLDER_SLOTS.items()})
    slots.update({
        "AGENCY": AGENCIES, "AGENCY1": tuple(a for a in AGENCIES if " " not in a), "HANDLE": HANDLES,
        "NLNAME": NLNAMES, "BEAT": BEATS, "READMIN": READ_MINUTES,
        "YEAR": tuple(str(y) for y in range(2015, 2025)),
        "DAY": tuple(str(d) for d in range(1, 29)), "HOUR": tuple(f"{h:02d}" for h in range(24)),
        "MIN": tuple(f"{m:02d}" for m in range(0, 60, 3)),
        "NAMEUP": tuple(n.upper() for n in GENERIC_SLOTS["NAME"][:40]),
        "GROUP_C": ("Protesters", "Supporters", "Residents", "Workers", "Campaigners", "Fans"),
        "GROUP": ("residents", "campaigners", "officials"), "N": ("plan", "decision", "proposal"),
        "R2": (R2,), "ADJ": ("“unacceptable”", "“a mistake”", "overdue"),
        "TAGS": tuple(", ".join(rng.sample(TAG_WORDS, rng.randint(1, 3)) + [PLACE] * (i % 2)) for i in range(40)),
    })
    fill = _filler(rng, slots)
    other_headlines = [h for t in topics.values() for h in t.headlines[:20]]
    credit_names = GENERIC_SLOTS["NAME"]

    def make(kind: str) -> str:
        if kind == "notification":
            text = fill(rng.choice(NOTIFICATIONS))
            return text if rng.random() < 0.7 else f"{NOTIFICATION_INTRO}\f{text}"
        if kind == "newsletter":
            return fill(rng.choice(NEWSLETTERS))
        if kind == "related":
            return rng.choice(RELATED_LABELS) + _with_names(rng.choice(other_headlines))
        if kind == "read_full":
            return rng.choice(READ_FULL)
        if kind == "more_from":
            return fill(rng.choice(MORE_FROM))
        if kind == "more_from_list":
            heads = "\n".join(_with_names(rng.choice(other_headlines)) for _ in range(rng.randint(2, 4)))
            return f"More from {OUTLET}\f{heads}"
        if kind == "topics":
            return fill(rng.choice(TOPIC_TAGS))
        if kind == "widget":
            return rng.choice(WIDGET_ERRORS)
        if kind == "credit":
            return fill(rng.choice(CREDITS_SLASH))
        if kind == "caption_slash":
            return fill(rng.choice(CAPTIONS)) + "\n" + fill(rng.choice(CREDITS_SLASH))
        if kind == "caption_bare":
            return fill(rng.choice(CAPTIONS)) + "\n" + fill(rng.choice(CREDITS_BARE))
        if kind == "caption_repeated":
            caption = fill(rng.choice(CAPTIONS))
            return f"{caption}\n{caption}\f" + fill(rng.choice(CREDITS_SLASH))
        if kind == "byline":
            return fill(rng.choice(BYLINES))
        if kind == "stamp":
            return fill(rng.choice(STAMPS))
        if kind == "advert":
            return rng.choice(ADVERTS)
        if kind == "share":
            return fill(rng.choice(SHARES))
        if kind == "cookie":
            return rng.choice(COOKIES)
        if kind == "copyright":
            return fill(rng.choice(COPYRIGHTS))
        if kind == "footer":
            return rng.choice(FOOTERS)
        if kind == "menu":
            items = rng.sample(MENU_ITEMS, rng.randint(4, 8))
            bullet = rng.choice(("", "* ", "• "))
            return rng.choice(MENU_HEADS) + "\n" + "\n".join(bullet + i for i in items)
        raise AssertionError(kind)

    def _with_names(text: str) -> str:
        """Another story's headline (pools hold format fields): its own names, not this cluster's."""
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        topic = rng.choice(list(TOPICS.values()))
        event = rng.choice(topic["EVENTS"])
        return text.format(f"{first} {last}", last, rng.choice(topic["ROLE"]), rng.choice(credit_names),
                           rng.choice(LAST_NAMES), rng.choice(topic["ROLE"]), rng.choice(topic["ORG"]),
                           rng.choice(PLACES), event, _cap(event), rng.choice(OUTLETS))

    # (slot, kind, weight): weights are relative block frequencies; they are set so that about four
    # in five residue *lines* are of kinds the cleaner handles today.
    plan = (
        (TOP, "notification", 5), (TOP, "newsletter", 1.5), (TOP, "widget", 1.5),
        (AFTER, "duplicate", 7), (AFTER, "byline", 2), (AFTER, "stamp", 1.2), (AFTER, "caption_slash", 3),
        (AFTER, "credit", 2),
        (MID, "caption_slash", 12), (MID, "caption_bare", 5), (MID, "caption_repeated", 3), (MID, "related", 12),
        (MID, "newsletter", 4), (MID, "widget", 3), (MID, "advert", 2), (MID, "share", 0.7),
        (BOTTOM, "read_full", 6), (BOTTOM, "topics", 5), (BOTTOM, "more_from", 5), (BOTTOM, "more_from_list", 0.6),
        (BOTTOM, "copyright", 2.5), (BOTTOM, "cookie", 0.7), (BOTTOM, "footer", 1), (BOTTOM, "menu", 0.4),
        (BOTTOM, "share", 0.5),
    )
    slot_of: list[int] = []
    lines_of: list[int] = []
    blank: list[str] = []
    plain: list[str] = []
    for slot, kind, weight in plan:
        for _ in range(round(weight * 20)):
            text = DUPLICATE_HEADLINE if kind == "duplicate" else make(kind)
            slot_of.append(slot)
            lines_of.append(1 if kind == "duplicate" else text.count("\n") + text.count("\f") + 1)
            blank.append(text.replace("\f", "\n\n"))
            plain.append(text.replace("\f", "\n"))
    order = list(range(len(blank)))
    rng.shuffle(order)
    size = sum(60 if text == DUPLICATE_HEADLINE else len(text.encode()) + 2 for text in blank)
    lines = sum(lines_of)
    return _Residue(
        slot=tuple(slot_of[i] for i in order),
        lines=tuple(lines_of[i] for i in order),
        blank=_fields(blank[i] for i in order),
        plain=_fields(plain[i] for i in order),
        mean_lines=lines / len(order),
        bytes_per_line=size / lines,
    )


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# --- generation -----------------------------------------------------------------------------------

_STRAIGHT = (("“", '"'), ("”", '"'), ("‘", "'"), ("’", "'"))  # str.replace: far faster than translate
_RATE_MULTIPLIERS = (0.0, 0.5, 0.75, 1.0, 1.0, 1.25, 1.5, 2.0)  # per-document spread, mean 1.0
_P_BLANK = 0.75  # documents with blank lines between paragraphs
_P_SAME_PARAGRAPH = 0.45  # chance that the next sentence continues the paragraph
_P_DATE_HEADER = 0.35
_P_STRAIGHT_QUOTES = 0.25
_FACTS = 40  # sentences every article of a cluster is likelier to share
_ENDINGS = ("", "\n", "\n", "\n\n\n")  # how raw files end


def synthetic_clusters(
    n_docs: int,
    seed: int = 0,
    docs_per_cluster: tuple[int, int] = (3, 8),
    *,
    mean_bytes: int = 4000,
    residue_rate: float = 0.2,
    pool_size: int = 1500,
) -> Iterator[SyntheticCluster]:
    """Yield clusters holding exactly `n_docs` synthetic raw articles, deterministically from `seed`.

    `docs_per_cluster` bounds each cluster's size (only the last cluster may be smaller, when
    `n_docs` leaves a remainder); `mean_bytes` is the target mean UTF-8 size of a text;
    `residue_rate` the mean share of non-blank lines that are boilerplate (it varies per document,
    some documents have none); `pool_size` the number of distinct body sentences per topic.
    Lazy: pools are built on the first `next`, then clusters stream without being kept.
    """
    low, high = docs_per_cluster
    if n_docs < 0:
        raise ValueError(f"n_docs must be >= 0, got {n_docs}")
    if not 1 <= low <= high:
        raise ValueError(f"docs_per_cluster must be (low, high) with 1 <= low <= high, got {docs_per_cluster}")
    if mean_bytes < 500:
        raise ValueError(f"mean_bytes must be >= 500, got {mean_bytes}")
    if not 0.0 <= residue_rate < 0.45:
        raise ValueError(f"residue_rate must be in [0, 0.45), got {residue_rate}")
    if pool_size < 20:
        raise ValueError(f"pool_size must be >= 20, got {pool_size}")
    return _generate(n_docs, seed, low, high, mean_bytes, residue_rate, pool_size)


def _generate(n_docs: int, seed: int, low: int, high: int, mean_bytes: int, residue_rate: float,
              pool_size: int) -> Iterator[SyntheticCluster]:
    """The generator behind `synthetic_clusters` (split off so bad arguments fail at the call)."""
    if n_docs == 0:
        return
    rng = random.Random(seed)
    spans = _placeholder_words(TOPICS)
    topics = {name: _build_topic(rng, name, data, pool_size, spans) for name, data in TOPICS.items()}
    residue = _build_residue(rng, topics)
    topic_list = list(topics.values())
    outlets = [(o, "https://www." + _slug(o).replace("-", "") + ".example") for o in OUTLETS]

    # Sizing: how many body sentences make `mean_bytes`, given each document's residue rate.
    typical = ("Hannah Okafor", "Okafor", "chief executive", "Marcus Lindqvist", "Lindqvist", "party chair",
               "Kestrel Bank", "Rotterdam", "budget vote", "Budget vote", "Northfield Gazette")

    def mean_size(texts: list[str]) -> float:
        return sum(len(t.format(*typical).encode()) for t in texts) / len(texts)

    pooled = [s for t in topic_list for s in t.pool]
    curly = sum(s.count(q) for s in pooled for q in "“”‘’") / len(pooled)  # 3 bytes, or 1 when straightened
    sentence_bytes = mean_size(pooled) - _P_STRAIGHT_QUOTES * 2 * curly
    lead_bytes = mean_size([s for t in topic_list for s in t.leads])
    headline_bytes = mean_size([h for t in topic_list for h in t.headlines])
    separator = _P_SAME_PARAGRAPH * 1 + (1 - _P_SAME_PARAGRAPH) * (2 * _P_BLANK + (1 - _P_BLANK))
    # headline, date header, final newlines; and the lead is shorter than an average sentence
    fixed = headline_bytes + 2 + _P_DATE_HEADER * 17 + 1.25 + lead_bytes - sentence_bytes
    breaks = 1 - _P_SAME_PARAGRAPH
    per_rate = []  # (residue lines per body line, bytes per body sentence) for each multiplier
    for mult in _RATE_MULTIPLIERS:
        rate = min(residue_rate * mult, 0.6)
        ratio = rate / (1 - rate)
        per_rate.append((ratio, sentence_bytes + separator + ratio * breaks * (residue.bytes_per_line + 1.5)))
    factors = sorted(min(3.0, max(0.3, rng.lognormvariate(0, 0.35))) for _ in range(997))
    mean_factor = sum(factors) / len(factors)
    factors = [f / mean_factor for f in factors]

    choice, choices, rand, randint = rng.choice, rng.choices, rng.random, rng.randint
    # Paragraph breaks: a document takes a random window of one long pre-drawn run of separators
    # (a C-level slice instead of a weighted draw per sentence).
    longest = int(mean_bytes * max(factors) / min(p for _, p in per_rate)) + 2
    run = rng.choices((" ", "\n\n"), (_P_SAME_PARAGRAPH, 1 - _P_SAME_PARAGRAPH), k=max(8192, 4 * longest))
    seps_blank, seps_plain = run, ["\n" if sep == "\n\n" else sep for sep in run]
    run_room = len(run) - longest
    n_items = len(residue.blank)
    n_rates, n_factors = len(per_rate), len(factors)
    wide = max(160, int(4 * mean_bytes / per_rate[-1][1]))  # room for long documents without repeats
    base_day = dt.date(2012, 1, 1).toordinal()
    summary_orders = [rng.sample(range(len(SUMMARY_FOLLOWS)), len(SUMMARY_FOLLOWS)) for _ in range(64)]

    remaining = n_docs
    number = 0
    while remaining:
        size = min(randint(low, high), remaining)
        if 0 < remaining - size < low and remaining <= high:
            size = remaining  # don't strand a too-small last cluster when this one can absorb it
        elif 0 < remaining - size < low and size - (low - (remaining - size)) >= low:
            size -= low - (remaining - size)
        remaining -= size

        topic = choice(topic_list)
        first, last = choice(FIRST_NAMES), choice(LAST_NAMES)
        first2, last2 = choice(FIRST_NAMES), choice(LAST_NAMES)
        if last2 == last:
            last2 = LAST_NAMES[(LAST_NAMES.index(last) + 1) % len(LAST_NAMES)]
        role1, role2 = rng.sample(topic.roles, 2)
        event = choice(topic.events)
        place = choice(PLACES)
        # in placeholder order: P1, S1, R1, P2, S2, R2, ORG, PLACE, EVENT, EVENTC (then OUTLET per doc)
        names = (f"{first} {last}", last, role1, f"{first2} {last2}", last2, role2, choice(topic.orgs), place,
                 event, _cap(event))
        cluster_id = f"synth-{number:06d}-{_slug(place).split('-')[0]}-{_slug(event).split('-')[0]}"
        summary = _summary(rng, topic, names, summary_orders)
        # The cluster's sentences: a few "facts" (twice as likely, so articles overlap) and a wider
        # window of the topic's pool; both are slices, so no per-sentence work per cluster.
        pool_len = len(topic.pool)
        facts = min(_FACTS, pool_len // 4)
        window = min(wide, pool_len - facts)
        o1, o2 = randint(0, pool_len - facts), randint(0, pool_len - window)
        cluster_pool = topic.pool[o1:o1 + facts] * 2 + topic.pool[o2:o2 + window]
        spread = (2 * facts + window) ** 2 / (4 * facts + window)  # effective pool size for repeats
        story_day = base_day + randint(0, 4500)
        event_slug = _slug(event)

        leads, headlines = topic.leads, topic.headlines
        documents = []
        for index in range(size):
            # int(rand() * len) instead of choice/randint: the same uniform pick at a third of the cost
            ratio, per_sentence = per_rate[int(rand() * n_rates)]
            target = mean_bytes * factors[int(rand() * n_factors)] - fixed
            n = max(3, int(target / per_sentence + rand()))
            # draw a little extra to make up for the repeats that dict.fromkeys drops
            draw = choices(cluster_pool, k=n + int((n * n) / (2 * spread)))
            sentences = [leads[int(rand() * len(leads))], *list(dict.fromkeys(draw))[:n - 1]]
            blank = rand() < _P_BLANK
            brk = "\n\n" if blank else "\n"
            start = int(rand() * run_room)
            seps = (seps_blank if blank else seps_plain)[start:start + len(sentences) - 1]
            body_lines = 1 + seps.count(brk)

            headline = headlines[int(rand() * len(headlines))]
            top: list[str] = []
            after: list[str] = []
            bottom: list[str] = []
            injected = 0
            m = int(ratio * body_lines / residue.mean_lines + rand()) if ratio else 0
            if m:
                texts = residue.blank if blank else residue.plain
                repeated = False
                for k in choices(range(n_items), k=m):
                    slot, text = residue.slot[k], texts[k]
                    if text == DUPLICATE_HEADLINE:
                        if repeated:
                            continue  # one repeat of the headline is what pages have
                        text, repeated = headline, True
                    injected += residue.lines[k]
                    if slot == MID and seps:
                        j = int(rand() * len(seps))
                        seps[j] = (brk if seps[j] == " " else seps[j]) + text + brk
                    elif slot == TOP:
                        top.append(text)
                    elif slot == AFTER:
                        after.append(text)
                    else:
                        bottom.append(text)

            parts = [""] * (2 * len(sentences) - 1)
            parts[0::2] = sentences
            parts[1::2] = seps
            text = brk.join((*top, headline, *after, "".join(parts), *bottom))
            day = story_day + int(rand() * 4)
            iso = dt.date.fromordinal(day).isoformat()
            if rand() < _P_DATE_HEADER:
                text = (" date " + iso + (" " if rand() < 0.6 else " \n")) + text
            text += _ENDINGS[int(rand() * len(_ENDINGS))]
            outlet, site = outlets[int(rand() * len(outlets))]
            text = text.format(*names, outlet)
            if rand() < _P_STRAIGHT_QUOTES:
                for curly, straight in _STRAIGHT:
                    text = text.replace(curly, straight)
            has_source = rand() < 0.85
            url: str | None = f"{site}/{topic.name}/{iso[:4]}/{iso[5:7]}/{event_slug}-{int(rand() * 9e5) + 10**5}"
            if rand() >= 0.8:
                url = None
            documents.append(SyntheticDocument(
                name=f"{index:03d}.txt",
                text=text,
                source=outlet if has_source else None,
                url=url,
                date=iso if rand() < 0.7 else None,
                injected=injected,
            ))
        yield SyntheticCluster(cluster_id, summary, SUMMARY_AUTHOR, tuple(documents))
        number += 1


def _summary(rng: random.Random, topic: _Topic, names: tuple[str, ...], orders: Sequence[Sequence[int]]) -> str:
    """80-150 words: a lead, then follow-up sentences until a per-cluster target length.

    `orders` are pre-drawn permutations of the follow-up templates (each used at most once).
    """
    rand, variants, follows = rng.random, _SUMMARY_VARIANTS, topic.summary_follows
    order = orders[int(rand() * len(orders))]
    picked = [follows[g * variants + int(rand() * variants)] for g in order]
    leads = topic.summary_leads
    candidates = "\n".join((leads[int(rand() * len(leads))], *picked))
    lead, *rest = candidates.format(*names, "").split("\n")
    target = SUMMARY_WORDS[0] + 5 + int(rand() * (SUMMARY_WORDS[1] - SUMMARY_WORDS[0] - 14))
    chosen = [lead]
    words = len(lead.split())
    for sentence in rest:
        if words >= target:
            break
        count = len(sentence.split())
        if words + count <= SUMMARY_WORDS[1]:
            chosen.append(sentence)
            words += count
    return " ".join(chosen)
