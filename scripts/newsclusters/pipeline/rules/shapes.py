"""Line shapes several rules share: prose, a menu run together, bullets, months and days, credit guards."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence

import xxhash

# English function words: article prose is full of them, menus and link lists are not.
STOP_WORDS = frozenset(
    "a about after all also an and are as at be been but by can could did do from had has have he her his i if in "
    "into is it its more not of on one or our out said she so than that the their them there they this to up was "
    "we were what when which who will with would you".split()
)
TERMINAL = frozenset(".!?…。！？»\"”’')")  # last character of a sentence-like line
SENT_END = re.compile(r"[.!?…。！？]['\"”’)\]»]*$")
_BULLETS = "-*•|»›·–+ "  # skipped before `start` patterns ("* Share" -> "share")
# The same skip for a gated pattern, which is searched on the whole line: a gated shape anchored at the line's
# start reads the line as a `start` pattern does.
LEADING_BULLETS = "^[" + re.escape(_BULLETS) + "]*"
_PHRASE_TRIM = " .:!?|»›>-–—…*•·()[]"


def normalise_line(line: str) -> str:
    """Every Unicode white-space run becomes one space; the line is stripped (for one line, no LF).

    Most lines are so already, and are returned as they are: a line that neither starts nor ends with a
    space, holds no two in a row and is printable holds no other white space (every white-space character
    but the space is a control or separator character, which `str.isprintable` rejects). Splitting a line
    into words to join them again cost three times the test.
    """
    if line[:1] != " " and line[-1:] != " " and "  " not in line and line.isprintable():
        return line
    return " ".join(line.split())


REPEAT_MAX_LEN = 300  # longer lines are never counted (they are paragraphs, even when syndicated)
_KEY_STRIP = " |*•·-–—»›>#:.,;!?'\"“”‘’()[]{}"


def low_line_key(low: str) -> int:
    """64-bit stable key of a lower-cased normalised line, edge punctuation and bullets stripped: the
    count pass's key of a line (`rules.repeats`).

    xxh64 without a seed: the same in every process (counts from shards add up), and 64 bits make an
    accidental match of a content line with a frequent boilerplate line unlikely.
    """
    return xxhash.xxh64_intdigest(low.strip(_KEY_STRIP).encode("utf-8", "surrogatepass"))


def last_char(line: str) -> str:
    if line[-1:] != "|":
        return line[-1:]
    return (line.rstrip("| ") or "|")[-1]


# A strip of '|' cells is no paragraph when every cell is short, or when nearly all are links of a few words and one
# is longer (a footer's links in one cell with its copyright notice). Bars escaped in a cell ('\|') count as cells.
STRIP_CELL_MAX_SPACES = 16
LINK_CELL_MAX_SPACES = 6
LINK_CELLS_MIN_SHARE = 0.8


def is_prose(line: str, words: int, ends: bool) -> bool:
    """Long and sentence-like, not a strip of short '|' cells (or of links)."""
    # A paragraph never opens with an address (a theme prints an image's as 'http://.../a.jpeg 1200 676').
    if words < 8 or line[:8].lower().startswith(("http://", "https://", "www.")):
        return False
    if "|" in line:
        cells = [c for c in line.split("|") if len(c) > 1]
        if len(cells) >= 3 and (max(c.count(" ") for c in cells) < STRIP_CELL_MAX_SPACES or sum(
                1 for c in cells if c.count(" ") <= LINK_CELL_MAX_SPACES) >= LINK_CELLS_MIN_SHARE * len(cells)):
            return False
    if words >= 15:
        return True
    return ends and not line.endswith(("...", "…"))


# A site's menu, tag cloud or index printed as one line ('Home News Sport Football Racing Cricket ...',
# 'Afghanistan Barack Obama Bekam Bid'ah Buku Iman ...'): a long line of capitalised names in which no
# sentence ends and almost no function word stands. An article's list of names ('Squad: Graeme Smith
# (captain), Herschelle Gibbs, ...') separates them with commas; its headlines are shorter. Such a line
# is not prose, so the article span does not run over it.
FLAT_MENU_MIN_WORDS = 15
FLAT_MENU_CAPITALISED = 0.75  # share of its words that start with a capital or a digit
FLAT_MENU_STOP_MAX = 0.2  # share of English function words (article prose has 30-50%; titles in a menu some)
FLAT_MENU_COMMAS_MAX = 0.1  # commas per word
FLAT_MENU_WORDS_PER_END = 50  # a long menu's names may end in '.', '!' or ';' ('Inc.', 'Panic!'): one per 50 words
_PRICE = re.compile(r"[$€£¥] ?\d")  # a sign before a figure: a show called 'WA$TED!' is no price
# A sentence ending inside the line: a lower-case letter, then the stop, a closing quote and a capital. Written
# from the stop (with the letter behind it) so that `re` skips to the stops in C: 2.6x faster, the same count.
_INNER_SENTENCE = re.compile(r"[.!?](?<=[a-z][.!?])[\"'”’)]?\s+[A-Z]")


def is_nested_item(line: str) -> bool:
    """'+ item' or 'o Item': how text browsers (lynx, w3m) mark the second and third level of a list. Read as
    words, the 'o' of an item starts a line in lower case, as a hard-wrapped sentence's next line does."""
    if line.startswith("+ "):
        return True  # a normalised line never ends in a space: an item follows
    return line.startswith("o ") and (line[2:3].isupper() or line[2:3].isdigit() or line[2:3] in "\"'“‘(")


# A tag cloud or an index printed as one line in alphabetical order ('adote um amigo agua alerta ambiente amizade
# ...', 'Afghanistan Bangladesh Bollywood ...'), in lower case or not: in prose, about half of the words come
# before the next one in the alphabet. An article's list of names in that order has commas between them.
SORTED_INDEX_ORDERED = 0.9  # share of neighbouring words in alphabetical order
SORTED_INDEX_WORDS = 0.8  # share of its tokens that start with a letter


def is_sorted_index(line: str) -> bool:
    """A long line of words in alphabetical order (the shape above)."""
    words = line.lower().split()
    n = len(words)
    if n < FLAT_MENU_MIN_WORDS or line.count(",") > FLAT_MENU_COMMAS_MAX * n:
        return False
    allowed = (1 - SORTED_INDEX_ORDERED) * (n - 1)  # words out of order; prose has that many within a few words
    out_of_order = 0
    for a, b in zip(words, words[1:]):
        if a > b:
            out_of_order += 1
            if out_of_order > allowed:
                return False
    # numbers in order are a draw's or a list's ('01 02 04 05 07 ...'), not a site's index
    return sum(1 for w in words if w[0].isalpha()) >= SORTED_INDEX_WORDS * n


def is_flattened_menu(line: str) -> bool:
    """A menu, tag cloud or site index run together into one line (the shape above), not prose."""
    # Most lines this long are prose, turned away by their sentences before the words are counted one
    # by one (the line's token count, at least its word count, bounds the sentences allowed).
    if _more_sentences_than(line, (line.count(" ") + 1) // FLAT_MENU_WORDS_PER_END):
        return False
    tokens = line.split()
    if sum(1 for t in tokens if t[0].islower()) > (1 - FLAT_MENU_CAPITALISED) * len(tokens):
        return False  # too many words start lower-case
    words = [token for token in tokens if any(c.isalpha() for c in token)]
    n = len(words)
    if n < FLAT_MENU_MIN_WORDS or line.count(",") > FLAT_MENU_COMMAS_MAX * n:
        return False
    if _more_sentences_than(line, n // FLAT_MENU_WORDS_PER_END):
        return False
    if _PRICE.search(line):
        return False  # a product with its price ('... Gaming Monitor with RGB, Now $649.99')
    capitalised = sum(1 for w in words if w[0].isupper() or w[0].isdigit())
    stop = sum(1 for w in words if w.lower().strip(".,:!?\"'()") in STOP_WORDS)
    return capitalised >= FLAT_MENU_CAPITALISED * n and stop <= FLAT_MENU_STOP_MAX * n


# A menu whose items the page printed with no space between them ('Company TownTelevisionBusinessEntertainment &
# Arts', 'Cloud Partner ProgramsCloud SecurityCloud StorageEdge Computing'): an item's last lower-case letters run
# into the next one's capital in most of its words. A name joins two words too ('GiveWell', 'PlayStation'), a few
# times in a paragraph of many words. Glued items make long words, which is checked first, from the line's length
# and its spaces.
GLUED_JOINS_MIN = 3
GLUED_WORDS_PER_JOIN = 2  # at most this many space-separated words for each join
GLUED_MIN_CHARS_PER_WORD = 8  # prose averages 5 to 6
_GLUED_JOIN = re.compile(r"[a-z]{3}(?=[A-Z][a-z])")


def is_glued_menu(line: str) -> bool:
    """A menu printed with no space between its items (the shape above)."""
    words = line.count(" ") + 1
    if len(line) < GLUED_MIN_CHARS_PER_WORD * words:
        return False
    joins = len(_GLUED_JOIN.findall(line))
    return joins >= GLUED_JOINS_MIN and words <= GLUED_WORDS_PER_JOIN * joins


def _more_sentences_than(line: str, allowed: int) -> bool:
    """Sentence ends (and ';') in the line, counted only until there are more than `allowed`."""
    ends = line.count(";") + (line[-1:] in ".!?")
    if ends <= allowed:
        for _ in _INNER_SENTENCE.finditer(line):
            ends += 1
            if ends > allowed:
                break
    return ends > allowed


def phrase_key(low: str) -> str:
    return low.strip(_PHRASE_TRIM)


def strip_bullets(low: str) -> str:
    if low and low[0] in _BULLETS:
        return low.lstrip(_BULLETS) or low
    return low


LINE_END = r"\W{0,3}$"
BULLET_PREFIX = r"(?:[-*•|»›·]\s*)?"  # an optional leading bullet or pipe
MONTH_ABBREVIATIONS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
MONTH_NUMBER = {abbreviation: number for number, abbreviation in enumerate(MONTH_ABBREVIATIONS, 1)}
MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
    r"aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
DAY = r"(?:mon|tue|tues|wed|wednes|thu|thur|thurs|fri|sat|satur|sun)(?:day)?\.?,?"
# The line an embedded post's code prints under the post ('— Rep. Ilhan Omar (@Ilhan) November 19, 2019'):
# the same on every site that quotes one, and part of the article that quotes it.
_EMBED_SIGNATURE = re.compile(rf"[—–-]{{1,2}} ?\S.{{0,80}}\(@\w{{1,15}}\) {MONTH} \d{{1,2}}, \d{{4}}", re.I)


def is_embed_signature(line: str) -> bool:
    """An embedded post's author and date line, which link-shaped as it is, belongs with the post above it."""
    return line[:1] in "—–-" and _EMBED_SIGNATURE.fullmatch(line) is not None
# The same names for an atomic group, which never backtracks into a longer alternative: whole
# names first ('tue' + 'sday' would otherwise fail where 'tuesday' matches).
DAY_ATOMIC = (
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|mon|tues|tue|wed|thurs|thur|thu|fri|sat|sun)\.?,?"
)
AGENCY = (
    r"(?:getty(?: images)?|afp|reuters|ap|ap photo|associated press|epa|epa-efe|efe|pa|pa wire|"
    r"pa images|press association|shutterstock|alamy|rex|rex features|bloomberg|xinhua|anadolu|"
    r"ansa|dpa|sipa|sipa usa|zuma|zuma press|ap images|wireimage|filmmagic|imago|corbis|istock|"
    r"istockphoto|handout|upi|tass|kyodo|yonhap|nurphoto|splash news|backgrid|afp/getty images|"
    r"getty images/istockphoto)"
)
SOCIAL = r"(?:twitter|instagram|facebook|youtube|tiktok|snapchat|linkedin|pinterest|x)"

# "Jamie McCarthy/WireImage": capitalised words on both sides of the slash (possessive: no backtracking).
# Capitalised names either side of the slash, spaced or not ('Tom Gralish / Staff Photographer', 'Julien de Rosa / AFP'),
# in brackets or not, an archive picture marked so ('Jan Sonnenmair / Getty Images file').
_CREDIT_NAME_SLASH = re.compile(
    r"^\(?[A-Z@][\w.'’-]*+(?:\s(?:[A-Z@][\w.'’-]*+|de|van|von|der|den|la|da|di|du|del|le)){0,4}+"
    r"(?:\s?/\s?[A-Z][\w.'’&-]*+(?:\s[A-Z][\w.'’&-]*+){0,3}+){1,3}(?: file)?\)?$"
)
_HANDLE_SLASH = re.compile(r"^@?[\w.]{2,30}\s*/\s*" + SOCIAL + r"$", re.I)
_AGENCY_START = re.compile(r"^" + AGENCY + r"\b", re.I)
_NAME_PARTICLES = frozenset("and & de van von der den la da di du del le y e et und bin al".split())


NAME_MAX_CHARS = 50
NAME_WORDS = (2, 5)
_NAME_MARKS = frozenset("'’.-")


def is_name_alone(line: str) -> bool:
    """A name on its own line and nothing else ('Tomás Lindqvist', 'Rene Johnston Toronto Star', 'Pieter van
    Dam', 'ŁUKASZ NOWAK'): capitalised words of letters, initials and particles; no figure, no full stop."""
    words = line.split(" ")
    return (len(line) <= NAME_MAX_CHARS and NAME_WORDS[0] <= len(words) <= NAME_WORDS[1] and not line.endswith(".")
            and all(word in _NAME_PARTICLES
                    or (word[:1].isupper() and all(c.isalpha() or c in _NAME_MARKS for c in word))
                    for word in words))


CREDIT_SENTENCE_WORDS = 8  # a 'Photos by ...' line longer than this, ending in a full stop, with no name after 'by'


_COPYRIGHT_LABEL = re.compile(r"(?:photo|photograph|image|picture)s? ©", re.I)  # 'Photo © Name / Site'


def credit_guard(line: str) -> bool:
    """'Name/Agency' credits need capitalised words on both sides of '/' ('24/7' is not a credit); 'Photos by
    residents posted online showed cars floating down the high street.' tells the story, 'Photo by Jan Novak
    for The Post via Getty Images.' credits one."""
    if ((by := _MEDIA_BY.match(line)) and len(line.split()) > CREDIT_SENTENCE_WORDS
            and line.rstrip("\"'”’)").endswith(".") and line[by.end():].lstrip()[:1].islower()):
        return False  # 'Photos by residents ...', 'Video by a bystander ...': no name after 'by'
    if "/" not in line or ":" in line or "(" in line or _COPYRIGHT_LABEL.match(line):
        return True
    if _PAPER_PHOTO.fullmatch(line):
        return True  # 'Ledger photo/Mike Tanaka', 'Courier file photo/Jim Sarno': the paper, then its photographer
    names = line[by.end():].lstrip() if by else line  # 'Photo by Jason Kempin/Getty Images': the names after 'by'
    return bool(_CREDIT_NAME_SLASH.match(names) or _HANDLE_SLASH.match(line) or _AGENCY_START.match(line))


# A caption that closes with its picture's credit: after the caption's own words, capitalised names in brackets
# around a slash, bar or semicolon ('(Kevin Lamarque/Reuters)', '[ DIRK SHADD | Times ]'), an agency in brackets
# ('(Kyodo)'), a labelled credit ('Photo: Marc Brenner', '(Image credit: SpaceX)') or names round a slash after the
# sentence ('... record rainfall. Chris Whiteoak / The National'). Letters only in the names: '(Q3/Q4)' compares.
_CREDIT_NAME = r"[A-ZÀ-ÖØ-ÞĀ-ŽА-Я](?:[^\W\d_]|[.'’&-])+"  # a capital of Latin, Latin Extended-A or Cyrillic
_CREDIT_NAMES = _CREDIT_NAME + r"(?:\s(?:" + _CREDIT_NAME + r"|de|van|von|der|den|la|da|di|du|del|le|of|via|for|and|y))*"
# A paper's own photographer after its name ('Ledger photo/Mike Tanaka', 'Courier file photo/Jim Sarno').
_PAPER_PHOTO = re.compile(r"(?:[A-Z][\w'’.&-]*\s){1,3}(?:[Ff]ile\s)?[Pp]hoto\s?/\s?" + _CREDIT_NAMES)
_AGENCY_CAPS = (r"AP|AFP|Reuters|REUTERS|EPA|PA|AAP|Getty(?: Images)?|Kyodo|Yonhap|Xinhua|Shutterstock|Alamy|Antara|dpa"
                r"|ANSA|Anadolu|Bloomberg")
_CREDIT_LABEL = (r"(?:(?:File [Pp]hoto|Photo|Photograph|Image|Picture|Foto|Bild|Imagen|Imagem|Image [Cc]redit|Photo [Cc]redit|"
                 r"Credit|Illustration|Graphic)s?\s?:|Fot\.|(?:Photo|Photograph|Image)s? by|Credit(?:\.\.\.|…)"
                 r"|Beeld(?= ))")
_TRAILING_CREDIT = re.compile(
    r"(?:[(\[]\s?" + _CREDIT_NAMES + r"(?:\s?[/|;]\s?" + _CREDIT_NAMES + r"(?:,?\s(?:[Ff]ile|[Pp]ool|\d{4}))?)+\s?[)\]]"
    r"|\((?:" + _AGENCY_CAPS + r"|Supplied|File|Handout)\)"
    # the paper's own photo, in brackets or after the sentence or a dash ('(Sentinel photo)', '(Register photo by Greg
    # Tamura)', '— Observer photo', 'DISPATCH PHOTO/JERRY TAN')
    r"|(?:\(|(?<=[.!?'’\"”])\s+(?:[—–-]\s)?|\s[—–-]\s)(?:[A-Z][\w'’.&-]*\s){1,3}(?:[Ff]ile\s|[Ss]taff\s)?[Pp]hoto"
    r"(?:graph)?(?:\s?(?:by\s|/\s?)" + _CREDIT_NAMES + r")?\)?\.?"
    r"|(?<=[.!?'’\"”])\s+[A-Z]{2,}(?:\s[A-Z]{2,}){0,2}\sPHOTO\s?/\s?[A-Z][A-Z .'’-]{1,40}"
    r"|(?<=[.!?'’\"”])\s+(?:Provided|Supplied|Handout|Contributed)\.?"  # who gave the picture ('... pool in 1978. Provided')
    # a label after the sentence, or after a dash ('... em Campinas — Foto: Reprodução/EPTV', '... Beeld ANP')
    r"|(?:(?<=[.!?'’\"”)])\s+|\s[—–-]\s|(?<=\w)\s+(?=(?:Photo |Image |Picture )?Credits?\s?:))[(\[]?" + _CREDIT_LABEL + r"\s?"
    + _CREDIT_NAMES + r"(?:\s?[/|;,]\s?(?:" + _CREDIT_NAMES + r"|" + _AGENCY_CAPS + r"))*[)\]]?\.?"
    # after the sentence, names round a slash after a bar ('| Francis Chung/E&E News') or round a spaced slash
    # ('Chris Whiteoak / The National'), or an agency's name round a slash ('REUTERS/Steve Dipaola'); 'Vegas
    # Spas/Salon' run onto a paragraph is an advert's
    r"|(?<=[.!?'’\"”])\s+(?:\|\s" + _CREDIT_NAMES + r"\s?/\s?" + _CREDIT_NAMES + r"|" + _CREDIT_NAMES + r" / " + _CREDIT_NAMES
    + r"|(?:" + _AGENCY_CAPS + r")/" + _CREDIT_NAMES + r"|" + _CREDIT_NAMES + r"/(?:" + _AGENCY_CAPS + r")\b[\w ]*)"
    + r"(?:\s?/\s?" + _CREDIT_NAMES + r")*"
    r")$"
)
TRAILING_CREDIT_HEAD_WORDS = 3  # the caption's own words before the credit, at least
TRAILING_CREDIT_MAX_WORDS = 45  # a caption is a sentence or two
# ... or, when its credit names a picture ('(AP Photo/...)', 'Credit: ESA', 'Photo: ...'), an agency's caption of
# three or four sentences: no paragraph of a report ends by crediting a photograph
TRAILING_CREDIT_PICTURE_MAX_WORDS = 90
_PICTURE_WORD = re.compile(r"\b(?:Photo|Photograph|Image|Picture|Foto|Credit)s?\b", re.I)
TRAILING_CREDIT_MAX_CHARS = 120  # ... and its credit a few names


def trailing_credit_guard(line: str) -> bool:
    """The line's last part is a picture's credit, after a caption of its own words (a credit alone is
    `image_credit`'s; a menu's items parted by bars are no caption). A paragraph saying who said what, with
    an advertiser's words run onto it ('... had been hacked off. Vegas Spas/Salon'), is the story's."""
    words = len(line.split())
    if words > TRAILING_CREDIT_PICTURE_MAX_WORDS:
        return False
    found = _TRAILING_CREDIT.search(line, max(0, len(line) - TRAILING_CREDIT_MAX_CHARS))  # a credit closes the line
    if found is None or (words > TRAILING_CREDIT_MAX_WORDS and not _PICTURE_WORD.search(found.group())):
        return False
    head = line[: found.start()]
    return len(head.split()) >= TRAILING_CREDIT_HEAD_WORDS and " | " not in head and SAID.search(head) is None

# A caption as the agencies write one, with no credit after it, each shape in the words the agencies use and a
# report does not. A person's place in the picture after the person's name ('Stephen Ames, left, and Mike Weir
# check ...', 'Andreas Lilja (left) and ...'): a name of one word is a team's line-up or a speaker's 'Well, right,',
# and '(L)' or '(C)' a party. The file photo's words ('In this Dec. 12, 2006, file photo, ...', 'In this photo
# provided by ...', 'This undated photo ...'): 'In this picture, Hockney ...' is a review's. The weekday's full date
# right after the picture's place ('... in Pittsburgh, Tuesday, Nov. 19, 2019.'): a report says 'on Monday', and
# of this year gives no year. The first sentence's verb is in the present: 'will stay', 'was', 'died' are a report's.
PICTURE_PLACE = r"(?:left|right|cent(?:er|re)|(?:second|third) from (?:left|right))"
AGENCY_CAPTION_MIN_WORDS = 8
AGENCY_CAPTION_MAX_WORDS = 90
_PERSON = r"[A-Z][A-Za-z'’.-]* [A-Z][A-Za-z'’.-]*"  # 'Mark Esper', 'Curbeam Jr.'; not 'Galaxy S10', 'Manchester'
_PLACE_IN_PICTURE = re.compile(rf"{_PERSON}(?:, {PICTURE_PLACE},| \((?:{PICTURE_PLACE}|L-R|(?:2nd|3rd) [LR])\) [a-z])")
_PICTURE_KIND = r"(?:file |handout |undated |aerial |satellite |video |still )*(?:photo(?:graph)?|image|picture)"
_PICTURE_MADE = r" (?:provided|released|taken|made|shot|obtained|posted|distributed|made available)\b"
_DATE_WORDS = r"(?:(?:\S+ ){0,3}\d{4},? |(?:\S+ ){1,2}\d{1,2},? )"  # 'Dec. 12, 2006, ', 'Sunday, Nov. 17 '
_FILE_PHOTO = re.compile(
    r"[-*•\s]*(?:FILE ?[-–—] ?)?(?:In this|This) (?:" + _DATE_WORDS + "?(?:file|handout|undated) " + _PICTURE_KIND
    + "|" + _DATE_WORDS + _PICTURE_KIND + "|" + _PICTURE_KIND + _PICTURE_MADE + ")")
_PICTURE_DAY = re.compile(
    rf"[A-Z][\w.]*,? (?i:{DAY_ATOMIC}) (?i:{MONTH}) \d{{1,2}}, (?:19|20)\d\d(?:\.|, in [A-Z]|\s*$)")
_NOT_PRESENT = re.compile(r"\b(?:died|passed away|was|were|will|would|could|should|had|born|married|said|"
                          r"appear(?:s|ed|ing)|published|posted|updated|scheduled)\b", re.I)
_SENTENCE_END = re.compile(r"(?<=[a-z0-9]{2})[.!?] (?=[A-Z])")


def agency_caption_guard(line: str) -> bool:
    """The line is a caption in the agencies' style (the shapes above), of a caption's length, and no quote."""
    words = line.count(" ") + 1
    if not AGENCY_CAPTION_MIN_WORDS <= words <= AGENCY_CAPTION_MAX_WORDS:
        return False
    if line.lstrip("-*• ").startswith(("\"", "“", "‘", "'")):
        return False  # a quote
    end = _SENTENCE_END.search(line)
    first = line[: end.start()] if end else line
    if _NOT_PRESENT.search(first):
        return False
    return bool(_PLACE_IN_PICTURE.search(first) or _FILE_PHOTO.match(first) or _PICTURE_DAY.search(first))


_MEDIA_BY = re.compile(r"(?:image|photo|picture|pic|photograph|video|illustration|graphic|foto|bild)s? (?:by|via)\b", re.I)
# Who speaks in a notice: the site, or the reader it addresses ('We may earn a commission', 'By continuing, you
# accept cookies'); a report names a third party ('Brokers may receive a commission from insurers').
_SITE_OR_READER = re.compile(r"\b(?:we|us|our|you|your|this (?:site|website|web site|page|article|story|post)"
                             r"|continu(?:e|ing)|browsing|click)\b", re.I)


def speaks_as_site(line: str) -> bool:
    """The line speaks as the site or to the reader (a notice), or holds no sentence of a report."""
    return _SITE_OR_READER.search(line) is not None


# 'Residents who turn on alerts ...', 'The app will send you alerts ...', '... have signed up to receive alerts',
# 'Owners should receive notification letters ...': a third party's alerts, reported; a prompt is the imperative
# ('Get breaking news alerts') or the site's 'we'.
_THIRD_PARTY_ALERTS = re.compile(r"\b(?:can|could|will|would|may|might|should|must|shall|have|has|had|who|which|that)"
                                 r"\s+(?:\w+\s+){0,3}?"
                                 r"(?:receive|get|turn on|enable|allow|send)\b", re.I)


def notification_guard(line: str) -> bool:
    """A prompt to turn on alerts, not a report of who gets them: a line that speaks to the reader or as the
    site ('Would you like to receive breaking news alerts?') is a prompt whatever its verbs."""
    return not_reported(line) and not_said(line) and (speaks_as_site(line) or _THIRD_PARTY_ALERTS.search(line) is None)


# What a report about cookies does and a consent notice never does (in any of its languages).
_COOKIE_NEWS = re.compile(r"\b(?:fined?|rul(?:e[sd]?|ing)|judges?|sue[sd]?|estimate[sd]?|announced|reported|banned?|investigat\w*|regulators?"
                          r"|court|lawsuit|analysts?|billions?|millions?)\b", re.I)


# A recipe's cookies ('check the cookies after eight minutes and adjust your oven settings').
_COOKIE_FOOD = re.compile(r"\b(?:bake[ds]?|baking|oven|dough|butter|sugar|flour|chocolate|biscuits?|recipe|tray)\b", re.I)


def cookie_guard(line: str) -> bool:
    """'The regulator fined the company for making it harder to reject cookies than to accept them' reports;
    a consent notice ('Please be advised that this website uses cookies', 'Questo sito utilizza i cookie ...')
    does not."""
    return not_reported(line) and not _COOKIE_FOOD.search(line) and (speaks_as_site(line) or _COOKIE_NEWS.search(line) is None)


def commission_guard(line: str) -> bool:
    """An affiliate disclosure speaks as the site ('We may earn a commission') or is a label ('BGR may receive a
    commission'); 'Brokers may receive a commission from insurers' reports. The advertisement labels
    ('Advertisement', 'Sponsored') are not asked."""
    low = line.lower()
    if "commission" not in low and "a share of" not in low:
        return True
    return not_said(line) and (len(line.split()) <= 6 or _SITE_VOICE_WORDS.search(line) is not None
                               or (_AFFILIATE.search(line) is not None and _MAY_EARN.search(line) is not None))


# A shop link under a product in a buying guide: a price at a shop, alone or under the guide's label ('$130 at
# Zappos', 'Shop it: $29.99 at Amazon'). Read on the lower-cased line; `shop_link_guard` then asks for the shop's
# capitals. A product named before the price ('Heinz Baked Beans, £1.40 at Tesco') is a price table's row as often,
# and a label of another kind ('Tickets: $35 at Ticketmaster', 'Brent crude: $82.10 at 0900 GMT') a fact box's.
CURRENCY_SIGNS = "$£€"  # the shop link's keywords too: it is looked for only in lines holding one
SHOP_LINK = (LEADING_BULLETS + r"(?:(?:shop it|buy it|get it|our pick|top pick|buy now|buy|shop)\s*:\s*)?"
             rf"[{re.escape(CURRENCY_SIGNS)}]\s?\d[\d,]*(?:\.\d\d)? at (?P<shop>[^\d\s]\S*(?: \S+){{0,2}})$")
_SHOP_LINK = re.compile(SHOP_LINK, re.I)
# Capitalised words after 'at' that say when, not which shop ('$1,200 at Christmas', '$10 at Noon', 'at Monday's').
_WHEN = re.compile(rf"(?:{MONTH}|{DAY}|christmas|easter|thanksgiving|halloween|noon|midnight|weekends?|night|dawn"
                   r"|dusk|lunch|dinner|breakfast|launch|close|open)(?:['’]s)?", re.I)


def shop_link_guard(line: str) -> bool:
    """A shop is a name: every word of it capitalised ('at Best Buy', 'at Dick's Sporting Goods'), no sentence's
    full stop; 'at weekends', 'at Christmas' and 'at door.' say when or where, not which shop. Lines of no shop
    link's shape are not asked."""
    found = _SHOP_LINK.match(line)
    if found is None:
        return True
    shop = found["shop"].split()
    return (not shop[-1].endswith(".") and _WHEN.fullmatch(shop[0]) is None
            and all(word[0].isupper() or word == "&" for word in shop))


# An affiliate disclosure's words, whoever it names ('The Independent may earn a commission on purchases made
# through links in the article', 'CNN Underscored may receive a share of revenue').
_AFFILIATE = re.compile(r"\b(?:links?|purchases?|revenue|buy|shop(?:ping)?|affiliate|sales)\b", re.I)
# ... and what it says the outlet may do: 'Many influencers use affiliate links, earning a commission ...' reports.
_SITE_VOICE_WORDS = re.compile(r"\b(?:we|us|our|this (?:page|site|website|article|story|post))\b", re.I)
_MAY_EARN = re.compile(r"\b(?:may|might|can|could|will|would)\s+(?:\w+\s+)?(?:earn|receive|get|make)\b", re.I)
# 'may not be published' said of a site's material, not of a court's order on names or footage.
_SITE_MATERIAL = re.compile(r"\b(?:material|content|article|site|story|stories|page|website|photographs?|images?|"
                            r"text|feed|broadcast|publication)s?\b", re.I)
_REUSE_BAN = re.compile(r"\b(?:may|must|can) ?not be |\b(?:prohibited|forbidden|not permitted)\b", re.I)
_NOTICE = re.compile(r"without (?:the )?(?:[\w'’]+['’]s )?(?:express )?(?:prior )?(?:written )?"
                     r"(?:permission|consent|authori[sz]ation|agreement)|in whole or in part", re.I)
COPYRIGHT_NOTICE_WORDS = 6  # 'Any reproduction is forbidden.': a notice this short speaks for itself
COPYRIGHT_LAW_WORDS = 14  # a sentence this long about the law, not about the site's own material, explains it
_LAW_TALK = re.compile(r"\b(?:under|by|in) (?:[\w.]+ ){0,2}(?:law|laws|legislation|statutes?)\b|\bfair use\b", re.I)
_OWN_MATERIAL = re.compile(r"\b(?:this|our) (?:material|content|article|site|website|story|page|publication|photo"
                           r"|video|feed)s?\b|\bour\b", re.I)
_LEGAL = re.compile(r"\b(?:court|judge|law|order|injunction|ruling|settlement|agreement|police|minutes)\b", re.I)


# A heading over links to related material names the kind of material ('Related guides', 'Related fact checks',
# 'Similar Stories', 'Related Internet links:'); an article's lines that open with the word go on ('Related costs,
# including ...', 'Similar post-war estates were ...'). 'Similar' names fewer kinds: 'Similar reports' and 'Similar
# research' open an article's sentences and sections.
_RELATED_KINDS = (r"(?:stor(?:y|ies)|articles?|posts?|content|coverage|reading|news|links|videos?|topics?|guides?"
                  r"|reviews?|releases|documents?|search(?:es)?|quotes|keywords|tags|artists|slideshows|features"
                  r"|reports|research|items|fact[- ]checks?|galleries|photos|podcasts|pages|resources)")
_SIMILAR_KINDS = r"(?:stor(?:y|ies)|articles|posts|news|links|videos|guides|reviews|topics)"
RELATED_HEADING = (r"(?:related(?: [\w&'’.]+){0,2}? " + _RELATED_KINDS + r"|similar " + _SIMILAR_KINDS
                   + r"|related to this (?:story|article|post))(?=\s*(?:[:|›»]|$))")  # no dash: 'Similar video-sharing'
# The headings 'Related' knew before it named more kinds: they head teasers whatever follows them.
_FIRST_RELATED_HEADING = re.compile(r"related(?: stor(?:y|ies)| articles?| posts?| content| coverage| reading| news"
                                    r"| links| videos?| topics)?\W*")
_RELATED_LABEL = re.compile(r"[-*•|»›· ]*(?:" + RELATED_HEADING + r")\s*", re.I)
# the kinds an article's own section may be named for ('Related research'); links, tags and quotes head no section
_SECTION_KIND = re.compile(r"\b(?:stor(?:y|ies)|research|reports|reviews?|features|items|coverage|reading|topics?"
                           r"|resources)\W*$")
RELATED_SECTION_WORDS = 12  # a line this long that ends a sentence, under a heading, makes it the article's section


def related_section_headings(lines: Sequence[str], matched: Sequence[int], removed: Collection[int]) -> list[int]:
    """Of the lines the related-links rule matched (`spare` of the rule), the headings that name a kind of material
    only lately known ('Related research', 'Similar stories') right over a paragraph: the article's own sections."""
    spared: list[int] = []
    for i in matched:
        line = lines[i].lower()
        if (_FIRST_RELATED_HEADING.fullmatch(strip_bullets(line)) or not _RELATED_LABEL.fullmatch(line)
                or not _SECTION_KIND.search(line)):
            continue
        below = i + 1  # the line right under it, which the rules kept
        if (below < len(lines) and below not in removed and len(lines[below].split()) >= RELATED_SECTION_WORDS
                and SENT_END.search(lines[below])):
            spared.append(i)
    return spared


# 'More from the report: the agency found ...' goes on with the article; 'Read more:', 'Related:' and 'Video:' never do.
_MORE_LABEL = re.compile(r"[-*•+·›» ]*more (?:from|on|about|of)\b", re.I)
LABEL_SENTENCE_WORDS = 12  # ... or this many words after the label, ending in a full stop: a sentence, not a headline
LABEL_CLAUSE_WORDS = 6  # 'Up next: the fourth Test begins in Sydney on 4 January.' after any label


# A heading over more of a section's or a topic's stories: 'More Premiership reports', 'Other Tamil Nadu stories',
# 'More news releases from Corvale Medical, Inc.' (a kind of story last, then perhaps its source by name), 'Also in
# Business' (a section's name in capitals). An article's own lead-ins and subheadings name no kind of story ('Other
# winners announced Sunday:', 'More Ways To Save', 'More Rain Expected'), a kind the article shows itself ('Other
# features', 'More photos from the parade:'), or judge the news ('More good news:').
_STORY_KINDS = (r"(?:news|stories|reports|reviews|recipes|interviews|releases|coverage|headlines|articles|posts"
                r"|columns|columnists|obituaries|recaps|galleries|videos|blogs|briefs|podcasts)")
_MIDDLE_WORD = (r"(?!(?i:than|and|or|to|is|are|was|were|will|have|has|that|which|who|include[sd]?|including|good|bad"
                r"|great|sad|happy|positive|negative|encouraging|worrying|mixed|welcome|grim)\b)[^\W\d][\w&/'’-]*")
_CAP_WORD = r"(?!(?i:than|" + DAY.replace(r"\.?,?", "") + r"|" + MONTH.replace(r"\.?", "") + r")\b)[A-Z][\w&/'’.,-]*"
_CAP_NAME = _CAP_WORD + r"(?: (?:&|and|of|on|the|a|in|at|for|" + _CAP_WORD + r")){0,3}"
# A paper's sections, the last word of an 'Also in ...' heading ('Also in Business', 'Also in Middle East News'); not
# a place or a thing ('Also in Wiltshire', 'ALSO ON THE CARD', German 'Also in Zukunft ...').
_SECTIONS = (r"(?:news|business|sports?|city|property|travel|politics|opinion|entertainment|life|lifestyle|health"
             r"|technology|tech|science|world|local|money|arts|culture|motoring|education|outdoors|crime|courts|movies"
             r"|music|tv|radio|film|books|food|style|fashion|environment|weather|obituaries|nation|national|metro"
             r"|theatre|theater|this section)")
_SECTION_HEAD_END = r"\s*(?::|»|›|>>|\.\.\.|…)?"
_SECTION_HEADING = re.compile(
    r"(?:(?i:more|other|latest|recent)(?: " + _MIDDLE_WORD + r"){0,4}? (?i:" + _STORY_KINDS + r")"
    r"(?: (?:from|on|in|about|by) (?:this (?:source|section|author|site|category)|" + _CAP_NAME + r"))?"
    r"|(?:Also|ALSO) (?:in|on|IN|ON) (?:[A-Z][\w'’.-]* (?:& )?){0,2}(?i:" + _SECTIONS + r")"
    + r"|(?i:(?:more|also) in this (?:section|category|series)))" + _SECTION_HEAD_END
)
SECTION_HEADING_RULE = "section_teasers_heading_v1"  # the line rule these headings are removed by
SECTION_HEADING_WORDS = 8  # '<heading>: <a headline>' is a teaser; longer, the line is prose


def section_heading(line: str) -> str | None:
    """The heading a line is, or opens ('More Valley news: Suspect arrested in Mesa bank robbery'); None for
    a sentence ('More bad news: sales fell 5% in May.', 'Also in attendance: the mayor') or a list's item
    ('- More podcasts from local radio stations')."""
    core = line.lstrip("-*•+·›» ")
    head, sep, rest = core.partition(": ")
    words = head.split()
    if not words:
        return None
    if not words[0].isupper() and sum(1 for word in words[1:] if len(word) > 1 and word.isupper()) >= 2:
        return None  # a heading keeps one case: 'More' before 'VOICES FROM IRAQ' is two columns' words side by side
    if sep and rest.strip():
        words = rest.split()
        if (not _SECTION_HEADING.fullmatch(head) or words[0][0].islower()
                or SENT_END.search(rest) is not None and not rest.rstrip().endswith(("?", ")"))):
            return None
        return head
    if (core != line or len(core.split()) > SECTION_HEADING_WORDS
            or _SECTION_HEADING.fullmatch(core) is None):
        return None
    return core


# A game story's own last section, as the agencies print it: 'UP NEXT' in capitals over the teams' next games; a
# player's 'Up Next' and 'Up next: <a video's title>' link elsewhere.
NEXT_HEADING = re.compile(r"[-*•+·›» ]*UP NEXT")


def related_link_guard(line: str) -> bool:
    """'Read more: Council approves budget' links elsewhere; 'More from the report: the agency found that 40%
    of homes lacked insurance.' is the article going on: after the label, a sentence in lower case, or a
    long one, ending in a full stop (a linked headline has none). So is what follows a label naming a kind of
    material ('Related research: A 2010 study of 300 reefs found ...')."""
    if NEXT_HEADING.fullmatch(line):
        return False
    label, sep, rest = line.partition(":")
    words = rest.split()
    if not sep or not words or not rest.rstrip("\"'”’)").endswith("."):
        return True
    if not (_MORE_LABEL.match(label) or _RELATED_LABEL.fullmatch(label)):  # 'Read more:', 'Related:', ...
        return not (words[0].islower() and len(words) >= LABEL_CLAUSE_WORDS)  # ... unless a sentence in lower case follows
    return not (words[0].islower() or len(words) >= LABEL_SENTENCE_WORDS)  # 'eBay', 'iPhone': a headline's name


# What follows a byline's comma: the writer's role ('By Jane Doe, special to the Globe.', 'By Mark Johnson, a
# reporter at the Daily Courier.', 'By Jane Doe, with additional reporting by John Smith.').
_BYLINE_ROLE = re.compile(r"\b(?:special to|staff|contributing|senior|chief|correspondent|reporter|writer|editor|"
                          r"freelance|columnist|contributor|photographer|journalist|producer|reporting|bureau)\b", re.I)
BYLINE_CLAUSE_WORDS = 3  # lower-case words after the first comma of a line ending in a full stop: a clause, not a title


_BYLINE_VERBS = frozenset({"written", "reported", "edited", "medically", "reviewed", "fact-checked", "fact"})


def byline_guard(line: str) -> bool:
    """'By the end of today' is a sentence: the words after 'By' must be a name, and a line that goes on
    after its comma in lower case to a full stop ('By March, prices had doubled.') is one too; 'By May Bulman',
    'By MATTHEW LEE, Associated Press Writer' and 'By Jane Doe, special to the Globe.' are bylines."""
    words = line.lstrip("-*•|»›· ").split()
    while words and words[0].lower() in _BYLINE_VERBS:  # 'Written by', 'Medically reviewed by'
        words = words[1:]
    if not words or words[0].lower().rstrip(":") not in ("by", "por", "von", "par", "di", "author"):
        return True  # the 'Staff writer' shape
    if "," in line and line.rstrip("\"'”’)").endswith("."):
        rest = line.split(",", 1)[1].split()
        if (rest and not _BYLINE_ROLE.search(" ".join(rest))
                and sum(1 for word in rest if word[0].islower()) >= BYLINE_CLAUSE_WORDS):
            return False
    for word in words[1:]:
        if word in ("|", "-", "–", "—", ","):
            return True
        if not (word[0].isupper() or word[0] == "@" or word.lower() in _NAME_PARTICLES):
            return False
        if word.endswith(","):
            return True
    return True


# The only words in lower case a contributor credit uses besides the names it lists ('Associated Press writers
# Jill Lawless in London and Jamey Keaton in Paris contributed to this report.', '(Reporting by Tim Large;
# Editing by Belinda Goldsmith)'): 'Reporting by ProPublica found that ...' has words of its own.
_CREDIT_WORDS = frozenset(
    "reporting reported writing written editing edited research researched compiled graphics production produced "
    "translation translated fact checking checked by and with from in at also additional assistance inputs agencies "
    "agency contributed contributing to this story article report writer writers reporter reporters correspondent "
    "correspondents editor editors staff photographer photographers producer producers the of news sports business fact-checking "
    "wire services service video photo photos data".split()
)


def contributor_guard(line: str) -> bool:
    """Every word in lower case is the credit's own: what is left are the names and places it lists."""
    return all(word in _CREDIT_WORDS or word in _NAME_PARTICLES
               for word in re.findall(r"[^\W\d_][\w'’-]*", line) if word[0].islower())


# A writer's bio under the article names the writer in full, then the job and the outlet ('Phil Helsel is a
# reporter for NBC News.', 'Jane Miller covers education for the Lakeview Herald.', 'Rosa Delgado has been the food
# editor of The Valley Sun since 2016.'); a surname alone is the story's ('Gershkovich is a reporter for ...'). A
# story about a journalist says more: what happened to them ('... who was detained in March'), or who says so.
_BIO_JOB = r"(?:reporter|correspondent|editor|writer|columnist|journalist|producer|contributor|photographer|intern|critic|blogger)"
_BIO_WORDS = r"(?:(?!(?:and|or|in|at|of|who|but)\b)[\w-]+,? ){0,5}?"  # 'senior', 'food', 'staff'
_BIO_IS = (
    r"(?:is|has been) (?:"
    # 'is a reporter for ...', 'is NBC News' senior writer.'
    r"(?:an?|(?:the )?[A-Z][\w.&-]*['’]s?) " + _BIO_WORDS + _BIO_JOB
    + r"(?= (?:for|at|with|in|of|based|living|covering|who (?:covers|has|writes|joined))\b|[.,;]|$)"
    # 'is senior editor, ocean freight, at Freight & Logistics Today', 'has been the food editor of The Valley Sun'
    r"|(?:the )?" + _BIO_WORDS + _BIO_JOB + r"(?:, [^,]{1,40},)? (?:(?:for|at|with|of) (?:the )?[A-Z]|covering\b))"
)
_AUTHOR_BIO = re.compile(
    r"(?:[A-Z][\w.'’-]*\s){2,3}(?:" + _BIO_IS + r"|covers (?:[\w,&'’-]+ ){1,8}?(?:for|in|at) (?:the )?[A-Z])"
)
_NEWSWORTHY = re.compile(r"\b(?:arrested|detained|jailed|killed|died|dead|charged|sentenced|kidnapped|missing|accused|sued"
                         r"|fired|injured|wounded|expelled|freed|released|shot|held|convicted|imprisoned|abducted|deported"
                         r"|banned|threatened|award(?!-winning)|prize(?!-winning)|won|nominated)\b"
                         r"|\b(?:investigat\w+|exposed|revealed|uncovered|led to|resign\w*|lawsuit)\b", re.I)


def author_bio_guard(line: str) -> bool:
    """A full name opens the line in capitals, and nothing in it is news about the writer."""
    return _AUTHOR_BIO.match(line.lstrip("-*•|»›· ")) is not None and not _NEWSWORTHY.search(line) and not_said(line)


# A fact box's field ('Pretax profit: £5.97bn', 'Director: Sarah Quint', 'Gatun Lake level, April 10: 80.3 feet'),
# and the names that only a review's or a product's fact box gives its fields ('Starring: Paul Mescal, Jodie Comer',
# 'Battery: 30 hours').
FIELD = re.compile(r"[A-Z][\w'’ ,-]{0,30}: \S")
FACT_FIELD = re.compile(r"(?:starring|cast|director|directed by|written by|price|certificate|rating|verdict|running time"
                        r"|runtime|genre|battery(?: life)?|weight|best for|author|publisher|format|venue|tickets"
                        r"|age rating|release date|platforms?|developer|pros|cons|when|where|admission|address"
                        r"|(?:opening )?hours|dates?|designer|choreographer|composer|player of the (?:match|series))\s*:", re.I)


LABELLED_SENTENCE_WORDS = 6  # 'Our standards: the paper published a new code ...': a sentence in lower case after a label


def not_labelled_sentence(line: str) -> bool:
    """A label's own text follows its colon ('Our Standards: The Thomson Reuters Trust Principles.'); a sentence in
    lower case after it ('Corrections and clarifications: the paper now runs a daily column ...') is the story's."""
    _, sep, rest = line.partition(":")
    words = rest.split()
    return not (sep and len(words) >= LABELLED_SENTENCE_WORDS and words[0].islower())


def fullmatch_case_sensitive(pattern: str) -> Callable[[str], bool]:
    compiled = re.compile(pattern)
    return lambda line: compiled.fullmatch(line) is not None


def not_reported(line: str) -> bool:
    """An invitation addresses the reader; 'The mayor urged residents to subscribe ...' reports one."""
    return _REPORTED.search(line) is None


def copyright_guard(line: str) -> bool:
    """'Copyright lawyers said ...' is a sentence about copyright; a notice that a site's material may not
    be reproduced speaks for itself, 'the photos may not be reproduced, the agency said' reports one."""
    low = line.lower()
    if low.startswith("copyright ") and not (line[10:11].isdigit() or "©" in line or "reserved" in low):
        # 'Copyright The Associated Press' names the holder; 'Copyright case delayed ...' is a headline
        return SENT_END.search(line) is None and not any(word[:1].islower() for word in line.split()[1:])
    if (_LAW_TALK.search(line) and len(line.split()) >= COPYRIGHT_LAW_WORDS and not _OWN_MATERIAL.search(line)
            and not any(mark in low for mark in _NOTICE_MARKS)):
        return False  # 'Under US law, copyrighted works may not be reproduced without the owner's permission, though ...'
    if any(mark in low for mark in _COPYRIGHT_MARKS):
        return True
    if (_REUSE_BAN.search(line) and not _NOTICE.search(line) and len(line.split()) > COPYRIGHT_NOTICE_WORDS
            and not _OWN_MATERIAL.search(line) and (_LEGAL.search(line) or not _SITE_MATERIAL.search(line))):
        return False  # 'Under a court order, the names of the children may not be published.'
    return not_attributed(line)


_COPYRIGHT_MARKS = ("©", "(c)", "℗", "rights reserved", "copyright")
_NOTICE_MARKS = tuple(m for m in _COPYRIGHT_MARKS if m != "copyright")  # 'copyright' is also a word of the law's


def not_attributed(line: str) -> bool:
    """A site's notice speaks for itself; a sentence that names who says so ('..., the rules state',
    '..., the complaint alleges') reports a policy."""
    return not_reported(line) and _ATTRIBUTED.search(line) is None


_REPORTED = re.compile(r"\b(?:urged|told|asked|said|says|encouraged|were|was|had)\b", re.I)
# Lower case, and not after 'be' or 'been': 'Please be advised that ...', 'taxes will be added' and 'United States'
# are a notice's words, not a report's.
_PASSIVE = r"(?<!\bbe )(?<!\bbeen )(?<!\bare )(?<!\bis )(?<!\bwas )(?<!\bwere )"  # 'Readers are reminded that ...'
_ATTRIBUTED = re.compile(
    _PASSIVE + r"\b(?:warn(?:s|ed)?|promised|insist(?:s|ed)|ruled|explain(?:s|ed)|announced|confirm(?:s|ed)"
    r"|alleg(?:es|ed)|reads|states?|stated|claim(?:s|ed)|(?i:according to)|advised|ordered|reminded|replied|wrote|added)\b"
)
# Who says it, in a sentence that reports a prompt's words ('..., the minister told homeowners'): not the verbs
# a notice's small print uses ('unless otherwise stated', 'tax added at checkout').
_SAYING = re.compile(_PASSIVE + r"\b(?:said|says|say|told|urged|asked|encouraged|warn(?:s|ed)|promised|announced|ordered"
                     r"|advised|reminded|explained|insisted|claimed|alleged|wrote|reads|(?i:according to))\b"
                     # 'the regulator noted.', 'the charity suggests.' (not 'Prices noted are ...', 'a suggested contribution')
                     r"|(?<!otherwise )(?<!as )(?<!where )(?<!unless )\b(?:noted|suggest(?:s|ed))(?=[.,;]|\s+that\b|$)"
                     # '..., read the banner over the stage' (not '..., read the day's top stories')
                     r"|, read (?:the|a|an|its|his|her|their) (?:[\w'’-]+ )?(?:banner|sign|message|notice|line|headline|poster"
                     r"|slogan|letter|note|statement|caption|placard|text|e-?mail|post|tweet)s?\b")


# Who holds a view, in a clause after a comma ('..., the fund stressed', '..., the court held', '..., critics point
# out').
_CLAUSE_ATTRIBUTION = re.compile(r",\s+(?:the |a |an |its |his |her |their )?[\w'’ -]{1,40}? (?:not(?:ed|es)|stressed"
                                 r"|concluded|argued|decided|maintain(?:s|ed)|cautioned|found|held|point(?:s|ed)? out"
                                 r"|added|replied|ruled)\b", re.I)


def no_clause_attribution(line: str) -> bool:
    """No clause after a comma names who holds it ('..., the fund stressed', '..., the court held'): for the notices
    whose words a story reports as often, beside the rule's own guard."""
    return _CLAUSE_ATTRIBUTION.search(line) is None


def not_said(line: str) -> bool:
    """No one in the story says it: a prompt's own words, not a report of them. Narrower than `not_reported`,
    which a notice's 'was' or 'were' ('This article was written for subscribers') also vetoes."""
    return _SAYING.search(line) is None


SAID = re.compile(r"\b(?:said|says|told|according to)\b", re.I)


# A byline's or comment's stamp: dates, times and the words around them ('PUBLISHED: November 19,
# 2019 at 8:59 pm | UPDATED: ...', 'Posted by Paul on January 6, 2008 2:09 PM', 'Chris Davies - Nov
# 19, 2019, 10:31 pm CST'). What is left when they are taken out is at most a name.
_STAMP_TOKEN = re.compile(r"[^\s|/·•,;@()\[\]–—]+")
_STAMP_VOCABULARY = frozenset(
    "published updated posted last edited original by on at comment comments said says wrote written date time air "
    "writer filed created modified am pm a.m p.m et pt ct mt est edt pst pdt cst cdt mst mdt gmt bst utc "
    "hst cet cest ist aest ago an a hour hours minute minutes min mins read day days "
    "mon monday tue tues tuesday wed wednesday thu thur thurs thursday fri friday sat saturday sun sunday "
    "jan january feb february mar march apr april may jun june jul july aug august sep sept september "
    "oct october nov november dec december".split()
)
_STAMP_ELEMENT = re.compile(r"\d:\d\d|\d{4}|\b(?:published|updated|posted|by|comment)\b")
STAMP_NAME_MAX_WORDS = 3


# A timeline's item: a date heading what follows ('Jan. 31, 1995: Arnhem, Netherlands', 'Feb 14, 2018 - Parkland,
# Florida'); a stamp's date goes with a time or a name ('Nov 19, 2019 - 10:31 pm', 'Chris Davies - Nov 19, 2019').
_DATED_ITEM = re.compile(rf"(?:{DAY}\s+)?(?:{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}\s+{MONTH}\s+\d{{4}})"
                         r"\s*(?::|[-–—])\s+(?P<rest>.+)$", re.I)
# A fact box's label ('Born:', 'Election Day:', 'Release date:'); a stamp's is its own words ('Last updated:').
_LABEL_HEAD = re.compile(r"(?P<label>[A-Z][\w'’]*(?: [\w'’]+){0,2}):\s")


def is_stamp_line(line: str) -> bool:
    """Only stamp words, dates and times, beside at most a name of capitalised words (or a handle); not a
    timeline's item or a fact box's line."""
    low = line.lower()
    if _STAMP_ELEMENT.search(low) is None or "(@" in line:
        return False  # '— Jo Bloggs (@jo) November 4, 2019' signs a post the article quotes
    item_text = line.lstrip("-*•·–» ")  # a bulleted item of a list or a box: '- Opening date: 1 March 1962'
    if (item := _DATED_ITEM.match(item_text)) and not any(c.isdigit() for c in item.group("rest")):
        return False
    if ((label := _LABEL_HEAD.match(item_text))
            and not all(w.lower() in _STAMP_VOCABULARY for w in label.group("label").split())):
        return False
    rest = 0
    for token in _STAMP_TOKEN.findall(line):
        bare = token.strip(":.-'’").lower()
        if not bare or bare in _STAMP_VOCABULARY or any(c.isdigit() for c in bare):
            continue
        if not token[0].isupper():
            return False  # a lower-case word: a sentence, not a stamp
        rest += 1
    return rest <= STAMP_NAME_MAX_WORDS
