"""The article's span (its run of paragraphs, with the tables and lists that touch it) and what lies outside it:
chrome above and below, lone teaser paragraphs and teaser lists after it."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Set as AbstractSet

from newsclusters.pipeline.rules.line_rules import CLOSING_TOOLS, TOOL_BAR
from newsclusters.pipeline.rules.menus import BULLET, LIST_HEAD
from newsclusters.pipeline.rules.page import Page, effective_words, is_title_shaped
from newsclusters.pipeline.rules.registry import page_rule
from newsclusters.pipeline.rules.shapes import (
    DAY,
    FACT_FIELD,
    FIELD,
    MONTH,
    MONTH_ABBREVIATIONS,
    MONTH_NUMBER,
    NEXT_HEADING,
    SENT_END,
    is_embed_signature,
    speaks_as_site,
)

SPAN_SHORT_PENALTY = 2.0  # cost of bridging a short, non-prose line
SPAN_RULE_PENALTY = 4.0  # cost of bridging a line a rule already removed
SPAN_PROSE_CAP = 60  # a paragraph counts at most this many words
# A line wrapped in table-cell pipes ('| ... |') shorter than this is a cell of the page's layout
# (teasers, the site's blurb, a poll) even when it reads like a sentence: it does not count as an
# article paragraph. Table-layout pages put the article in one long cell.
SPAN_CELL_MAX_WORDS = 40
SPAN_DENSE_MIN = 4  # an outside region this long ...
SPAN_DENSE_FRAC = 0.5  # ... with this share of junk lines is a junk region
SPAN_VERY_DENSE_FRAC = 0.7  # ... with this share even sentence-like lines go
_NUMBERED = re.compile(r"\d{1,3}[.)]\s")
_MONTHS3 = frozenset(MONTH_ABBREVIATIONS)


@page_rule(
    "outside_article_span_v25",
    "Link-, menu- or stamp-shaped lines and short cells outside the article's run (with its tables and lists) are chrome.",
)
def _outside_article_span(page: Page) -> list[int]:
    n = len(page.lines)
    if n < 3:
        return []
    span = article_span(page)
    if span is None:
        return []
    first, last = _with_structured_runs(page, *span)
    # the article's own lists, one box after another, and the runs under them; an ad between is stepped over
    while items := announced_items(page, last + 1) or _headed_items(page, _kept_from(page, last + 1, 1)):
        first, last = _with_structured_runs(page, first, items[-1])
    first, last = with_boxes(page, first, -1), _with_contacts(page, with_boxes(page, last, 1))
    first = _with_salutation(page, first)
    # An article that ends on a quoted post: the post's signature line goes with it. It still stands for
    # the region below as its first line (so no statement under it passes for the article's last line).
    signature = last + 1 if last + 1 < n and is_embed_signature(page.lines[last + 1]) else -1
    found: list[int] = []
    for lo, hi in ((0, first), (last + 1, n)):  # the region above the article, then the one below
        if lo >= hi:
            continue
        kept = [i for i in range(lo, hi) if i not in page.removed]
        # A review's verdict ('Four stars.') among the first kept lines under the article or the last over it.
        near = kept[:RATING_REACH] if lo > 0 else kept[-RATING_REACH:]
        verdicts = {i for i in near if _RATING.fullmatch(page.lines[i])}
        candidates = [i for i in kept if i not in verdicts]
        if not candidates:
            continue
        shapes = {i: _outside_shape(page, i) for i in candidates}
        junk = (hi - lo - len(kept)) + sum(1 for s in shapes.values() if s == "J")
        size = hi - lo
        dense = size >= SPAN_DENSE_MIN and junk >= SPAN_DENSE_FRAC * size
        very_dense = dense and junk >= SPAN_VERY_DENSE_FRAC * size
        # A statement right next to the article (nothing kept between) is its own short last or first line.
        touching = candidates[0] if lo > 0 else candidates[-1]
        spared = touching if shapes[touching] == "C" and _is_statement(page.lines[touching]) else -1
        # A writer's sign-off right under the post is the post's; the region is judged with it all the same.
        signed = _sign_off(page, kept) if lo > 0 and kept[:1] == [lo] else ()
        found += [i for i in candidates if i != signature and i not in signed
                  and (shapes[i] == "J" or (dense and (shapes[i] == "N" or (very_dense and i != spared))))]
    return found


# A letter to the editor opens with its salutation ('Dear Editor,', 'To the editor:', 'Sir,'), a short line right above
# the letter's first paragraph that the region above it would otherwise take. 'Sir' alone is a form's field.
_SALUTATION = re.compile(
    r"(?:(?:dear (?:editors?|sirs?|madam|sir or madam|sir/madam)|to the editors?)\s*[,:]?|sir\s*,)(?:\s*[-–—])?", re.I)


def _with_salutation(page: Page, first: int) -> int:
    above = first - 1
    if above >= 0 and above not in page.removed and _SALUTATION.fullmatch(page.lines[above].strip()):
        return above
    return first


# A press release closes on whom to call: 'Media Contact:' over a name, a firm, a number and an address, lines
# the span counts as chrome when the region under it is. On a page signed as a release (a wire's name in its
# dateline, 'About <the firm>' over its last paragraph), a plainer label opens the box too, may carry the name
# ('Contact: Thandi Mokoena, Communications Manager', 'Investor Relations: Karen Liu, 408-555-0187') and may stand
# under the firm's name; elsewhere 'Contacts' and 'Enquiries:' are a site's, a paper's, an advert's.
_CONTACT_LABEL = re.compile(r"(?:media|press|investor|news media|pr) (?:contacts?|enquiries|inquiries)\W{0,2}", re.I)
_RELEASE_CONTACT_LABEL = re.compile(
    r"(?:(?:media|press|investors?|news media|pr|company) )?(?:contacts?|enquiries|inquiries)(?:\s*:.*|\W{0,2})"
    r"|(?:investor|media|public) relations(?:\s*:.*|\W{0,2})", re.I)
_LABEL_WORDS = ("contact", "enquir", "inquir", "relations")
_RELEASE_SIGN = re.compile(r"\((?:[\w ]+ )?wire\)|\bnewswire\b|\bbusiness wire\b|\bfor immediate release\b")
_ABOUT_FIRM = re.compile(r"About (?:[A-Z][\w&.,'’-]*)(?: (?:[A-Z][\w&.,'’-]*|&|and|of|the)){0,5}")
# an e-mail address or a phone number
_CONTACT_WAY = re.compile(r"@[\w-]+\.\w|\d{3}\W{0,2}\d{3}\W?\d{4}\b|\b(?:tel|phone|fax|mobile)\b\.?:?\s*\+?\d", re.I)
_CONTACT_WAY_OR_HANDLE = re.compile(_CONTACT_WAY.pattern + r"|@\w|\bwww\.|https?://", re.I)
_CONTACT_NAME = re.compile(r"[A-Z][a-z]+(?: [A-Z]\.)? [A-Z][\w'’-]+,")  # 'Jane Smith, Ridgeline Semiconductor'

CONTACT_LINES_MAX = 10  # two boxes, the investors' and the media's
CONTACT_LINE_WORDS = 12  # a label with the name and the role ('Contact: Thandi Mokoena, Communications Manager, ...')
CONTACT_LABEL_REACH = 2  # the label is the box's first or second kept line


def _with_contacts(page: Page, last: int) -> int:
    """The span's last line moved over a release's contact box right under it, when the box gives a number or an
    address: its short lines up to the first number or address, and after it those that give one ('Twitter:
    @HelixonNews'), a name and its firm, or the next box's label; another line after them is the page's ('SOURCE
    ...', 'Want your news featured?')."""
    start = _kept_from(page, last + 1, 1)
    second = _kept_from(page, start + 1, 1)
    if not any(word in page.low[j] for j in (start, second) if j < len(page.lines) for word in _LABEL_WORDS):
        return last  # most pages: no label where a box would start
    release = _RELEASE_SIGN.search(page.low_text) is not None or any(
        _ABOUT_FIRM.fullmatch(page.lines[i]) for i in range(last + 1) if i not in page.removed)
    label = _RELEASE_CONTACT_LABEL if release else _CONTACT_LABEL
    end, labelled, reached, seen = last, False, False, 0  # `end`: the last line of the last box that gave a number
    j = start
    while j < len(page.lines) and j - start <= CONTACT_LINES_MAX:
        if j in page.removed:
            j += 1
            continue
        line = page.lines[j]
        if page.words[j] > CONTACT_LINE_WORDS or page.prose[j]:  # a firm's name ends in 'Inc.' as a sentence does
            break
        if reached and label.fullmatch(line):
            reached = False  # the next box ('Investor Contact:' over one, then 'Media Contact:'), to its number
        elif reached and not (_CONTACT_WAY_OR_HANDLE.search(line) or _CONTACT_NAME.match(line)):
            break
        labelled = labelled or (seen < CONTACT_LABEL_REACH and label.fullmatch(line) is not None)
        reached = reached or (labelled and _CONTACT_WAY.search(line) is not None)
        end, seen, j = j if reached else end, seen + 1, j + 1
    return end


# A writer's sign-off under a post, as a letter closes: a closing phrase and its comma over a first name ('Cheers,'
# 'Greg'; 'Happy reading,' 'Ruth'), or the name with a kiss ('Jo x'). A name alone under an article is a byline's; a
# cheer that ends in '!' or '.' ('Enjoy!', 'See you next week!') stands over a platform's or an archive's links as often.
_VALEDICTION = re.compile(
    r"(?:cheers|hugs|(?:much |lots of |with )?love|thanks|thank you|many thanks|best(?: wishes)?|all the best"
    r"|(?:kind |warm |best )?regards|warmly|yours|take care|happy \w+ing|enjoy|see you|until next time|till next time"
    r"|bye for now|talk soon|stay (?:safe|warm|tuned)|ride safe|peace|ciao|xoxo|xo|good luck|onwards)\b.*,", re.I)
VALEDICTION_MAX_WORDS = 10
# A team or a desk signs a site's notices and a shop's mail the same way ('Best,' over 'Marketing'; 'Newsletter x').
_NOT_A_NAME = (r"(?!(?:Team|Staff|Admin|Administrator|Marketing|Sales|Support|Moderators?|Sponsors?|Publicity"
               r"|Editors?|Committee|Management|Webmaster|Everyone|Newsletter|Subscribe|Close|Next|Skip|Exit|Cancel"
               r"|Back|Menu|More|Dismiss)\b)")
_SIGNED_NAME = re.compile(_NOT_A_NAME + r"[A-Z][a-z]+(?: (?:&|and) [A-Z][a-z]+)?")
_KISSED_NAME = re.compile(_NOT_A_NAME + r"[A-Z][a-z]+ x{1,3}")
# A postscript under the sign-off: the mark with its stop or colon ('P.S. If anyone ...', 'PS: ...', 'P.P.S. ...'), not
# a title that opens with the letters ('PS Plus: March's free games', 'P.S. I Love You: ten years on').
_POSTSCRIPT = re.compile(r"(?:P\.)?P\.S\.|P?PS:|P\.S:")


def _sign_off(page: Page, kept: list[int]) -> list[int]:
    """The sign-off that opens the kept lines under the article: a closing phrase and the name under it, or a name
    with a kiss, and the postscript right under either; [] when there is none."""
    head = page.lines[kept[0]]
    if _KISSED_NAME.fullmatch(head):
        signed = kept[:1]
    elif (len(kept) > 1 and kept[1] == kept[0] + 1 and _SIGNED_NAME.fullmatch(page.lines[kept[1]])
            and page.words[kept[0]] <= VALEDICTION_MAX_WORDS and _VALEDICTION.fullmatch(head)):
        signed = kept[:2]
    else:
        return []
    after = len(signed)
    if after < len(kept) and kept[after] == signed[-1] + 1 and _is_postscript(page.lines[kept[after]]):
        signed.append(kept[after])
    return signed


def _is_postscript(line: str) -> bool:
    """A postscript's mark opening the line, and no colon after it (past the mark's own: 'P.P.S:' is five characters),
    which makes the line a title ('P.S. I Love You: ten years on')."""
    return _POSTSCRIPT.match(line) is not None and ":" not in line[5:]


STATEMENT_MIN_WORDS = 4
STATEMENT_MIN_LOWER = 2  # words in lower case: a sentence has verbs and function words, a name ('St. Louis Inc.') none


def _is_statement(line: str) -> bool:
    """A sentence that ends in a full stop ('Colombia had lost to Belgium on Monday.'), not a numbered
    teaser, a question, an address or a name that happens to end in one."""
    if line.endswith("。"):  # Chinese and Japanese: no capitals to tell a name by, and no spaces between words
        return not line[0].isdigit() and effective_words(line) >= STATEMENT_MIN_WORDS
    if not line.rstrip("\"'”’)").endswith(".") or line[0].isdigit() or "@" in line:
        return False
    tokens = line.split()
    return len(tokens) >= STATEMENT_MIN_WORDS and sum(t[0].islower() for t in tokens) >= STATEMENT_MIN_LOWER


# Tables and lists that touch the article's run are part of it: a tour's dates, a league table or a
# box score has no prose in it, so the run stops where it starts, and the span rule took it for chrome.
STRUCTURED_RUN_MIN = 3  # rows of one table, or items of one list, that make a structured run
STRUCTURED_ITEM_MIN_WORDS = 4  # a shorter item ('1. Home', '2. News') is a menu or a breadcrumb
STRUCTURED_HEAD_MAX = 2  # heading lines allowed between the article and the run it announces
STRUCTURED_HEAD_MAX_WORDS = 14
_TABLE_FORMAT_RULES = frozenset({"markup_only_v1", "pipe_menu_v4"})  # a table's header row and '|---|' line
_BULLET_WORDS = frozenset("-*•+»›·–")


# A teaser list's heading, however it goes on ('Related coverage from How to Do Everything: Money:').
_LABEL = re.compile(r"(?:related|read more|more (?:from|on|stories|news)|see also|also read|recommended|"
                    r"further reading|watch|listen|trending|popular|most (?:read|viewed|popular)"
                    r"|lea también|leia também|lire aussi|à lire aussi|voir aussi|mehr zum thema"
                    r"|lesen sie auch)\b", re.I)
# ... and in other languages: 'Noticias relacionadas', 'Weitere Artikel', 'Articles similaires'
_TEASER_WORDS = re.compile(r"\b(?:stories|story|headlines?|news|articles?|coverage|reads|posts|videos|links|topics?"
                           r"|noticias|notícias|artículos|artigos|nachrichten|artikel|meldungen|actualités"
                           r"|relacionad[oa]s|similaires|ähnliche)\b", re.I)
ANNOUNCED_ITEMS_MIN = 2  # bulleted items under the article's own lead-in ('The council's plan includes:')
ANNOUNCED_ITEM_MIN_WORDS = 3
ANNOUNCED_PLAIN_ITEM_MAX_WORDS = 20  # an unbulleted item is a short line; a longer one is the article's next paragraph


def announced_items(page: Page, head: int) -> list[int]:
    """The bulleted items that line `head` announces in a sentence of the article's own ('The council's plan
    includes:', then '- A new flood wall along the river', ...), or []. A teaser list's heading is a label
    ('Most read', 'You might also like:'), which a line rule has removed or `LIST_HEAD` knows."""
    if head >= len(page.lines) or head in page.removed:
        return []
    line = page.lines[head]
    if (not line.endswith(":") or LIST_HEAD.match(line) or _LABEL.match(line) or _TEASER_WORDS.search(line)
            or speaks_as_site(line) or not _is_statement(line[:-1] + ".")):
        return []  # 'Here are some other stories you might have missed:' heads teasers
    items: list[int] = []
    i = head + 1
    bulleted = head + 1 < len(page.lines) and BULLET.match(page.lines[head + 1]) is not None
    while (i < len(page.lines) and i not in page.removed and _word_count(page.lines[i]) >= ANNOUNCED_ITEM_MIN_WORDS
           and (BULLET.match(page.lines[i]) is not None) == bulleted
           and (bulleted or (page.words[i] <= ANNOUNCED_PLAIN_ITEM_MAX_WORDS and SENT_END.search(page.lines[i]) is None))):
        items.append(i)  # all bulleted, or all plain short lines without a full stop ('Talbot Road, 5am to 6pm')
        i += 1
    return items if len(items) >= ANNOUNCED_ITEMS_MIN else []


HEADED_ITEMS_MIN = 2  # items under the article's own heading ('What's next:')
HEADED_ITEM_MAX_WORDS = 20  # a longer line is a paragraph, not an item
HEADED_ITEM_MIN_WORDS = 3  # or a field ('NO: Sosa'): tags and a site's languages ('Arabic') are single names
HEADING_MAX_WORDS = 8
# A page's own labels that end in a colon ('Tags / Keywords:', 'Follow us:', 'See More:', 'Stay connected:', 'Today's
# weather:', 'Also in Business:', 'Quick links:')
_NOT_HEADINGS = re.compile(
    r"\b(?:tags?|keywords?|topics?|categories|filed|share|follow|contacts?|more|links?|connected|weather|lottery"
    r"|services|sections|newsletters?|popular|partners|sponsored|elsewhere|archives?|also in|missed|previously"
    r"|other items|most|policy|recent)\b", re.I)


def _headed_items(page: Page, head: int) -> list[int]:
    """The short lines under a heading of the article's own that ends in a colon, right under its last paragraph
    ('What's next:', then 'Who: Full House', 'When: Feb. 8'; 'How they voted:', then 'YES: ...', 'NO: ...'), or [].
    A teaser list's heading is a label a line rule has removed, `LIST_HEAD` knows or that names stories; its
    items end at the first line a rule removed or the first paragraph."""
    if head >= len(page.lines) or head in page.removed:
        return []
    line = page.lines[head]
    if (not line.endswith(":") or page.words[head] > HEADING_MAX_WORDS or LIST_HEAD.match(line) or _LABEL.match(line)
            or _TEASER_WORDS.search(line) or _NOT_HEADINGS.search(line) or speaks_as_site(line)):
        return []
    items: list[int] = []
    i = head + 1
    while (i < len(page.lines) and i not in page.removed and page.words[i] <= HEADED_ITEM_MAX_WORDS
           and not page.lines[i].endswith(":")
           and (_word_count(page.lines[i]) >= HEADED_ITEM_MIN_WORDS or FIELD.match(page.lines[i]))):
        items.append(i)
        i += 1
    return items if len(items) >= HEADED_ITEMS_MIN else []


# The label of a box the article prints beside its text (facts and figures, a recipe's parts), which stays in the
# text with it. A summary box's label ('Key points', 'At a glance') is removed (summary_box_label_v1) and its
# items with it, as the span always did: cleaned again, the items would have no label to be kept by.
_BOX_LABEL = re.compile(
    r"(?:key (?:facts|figures|numbers)|the facts|fact ?box|(?:tech(?:nical)? |key )?spec(?:ification)?s"
    r"|ingredients(?: for [\w -]{1,30})?"
    r"|for the (?:[\w-]+ )?(?:sauce|dressing|filling|topping|icing|glaze|marinade|base|crust|pastry|dough|batter|salad"
    r"|garnish)|method|preparation|directions|instructions|step \d{1,2}|to serve"
    r"|(?:serves|makes|yields?|servings?):? \d+(?:[-–]\d+)?(?: [\w -]{1,20})?"
    r"|(?:active|hands-on|prep(?:aration)?|cook(?:ing)?|total|bake|baking|rest(?:ing)?) time:? .{1,20})\W{0,3}",
    re.I,
)
_CLOSING_LABEL = re.compile(
    r"(?:(?:serves|makes|yields?|servings?):? \d+(?:[-–]\d+)?(?: [\w -]{1,20})?"
    r"|(?:active|hands-on|prep(?:aration)?|cook(?:ing)?|total|bake|baking|rest(?:ing)?) time:? .{1,20})\W{0,3}",
    re.I,
)
_RATING = re.compile(
    r"(?:(?:rating|verdict|score|our verdict)\s*:\s*)?(?:\d(?:\.\d)?|one|two|three|four|five)(?: and a half)?"
    r" (?:stars?|out of (?:5|five|10|ten))\W{0,2}|(?:rating|verdict|score)\s*:\s*\d+(?:\.\d)? ?/ ?\d+\W{0,2}"
    r"|[★☆]{3,5}\W{0,2}",
    re.I,
)
RATING_REACH = 3  # lines next to the article where a review's verdict is looked for
BOX_ITEMS_MIN = 2  # a label over one line is a heading and its paragraph, not a box
BOX_FACT_FIELDS_MIN = 2  # fields a review's or a product's box names ('Director:', 'Price:'), which need no label
MATCH_FACTS_MIN = 3  # a match report's facts ('Goals:', 'Booked:', 'Referee:'), right under its last line
_MATCH_FACT = re.compile(r"(?:goals?|scorers?|booked|bookings|sent off|referee|attendance|crowd|man of the match"
                         r"|subs(?: not used)?|substitutes)\s*:", re.I)
BOX_STATEMENTS_MAX = 2  # the article's short closing sentences or a rating between it and the box ('Rating: 4.5/5')
BOX_LABELS_MAX = 3  # label lines in a row ('Serves 4', 'Ingredients')


def with_boxes(page: Page, edge: int, step: int) -> int:
    """The span's `edge` moved (going `step`) over the boxes that touch it. A fact box or a recipe's parts print
    short items the span counts as chrome; what tells them from a teaser list is the heading over the items, a
    box's label ('Key figures:', 'Ingredients', 'Serves 4') that a teaser list never has, or fields only a fact
    box names ('Price:', 'Battery:'). Removed lines (an ad, a removed label) are stepped over: the cleaned text
    has none of them, and cleaning it again must find the same box. Kept on the page for the lines removed so
    far, as the span is (`article_span`)."""
    return page.remembered(("with_boxes", edge, step), lambda: _with_boxes(page, edge, step))


def _with_boxes(page: Page, edge: int, step: int) -> int:
    n = len(page.lines)
    while True:
        start = _kept_from(page, edge + step, step)
        for _ in range(BOX_STATEMENTS_MAX):  # the article's own short closing sentences, or a review's rating
            if not 0 <= start < n:
                break
            line = page.lines[start]
            fact = step == 1 and _MATCH_FACT.match(line) is not None  # 'Goal: Carver 27.' under a match report
            if (_is_statement(line) and not fact) or _RATING.fullmatch(line):
                start = _kept_from(page, start + step, step)
        first_item, near = _box_labels(page, start, step)
        if step == 1 and not near:  # under the article, the box's own title over its fields ('Mesa Light', 'When: ...')
            first_item = _box_title(page, first_item)
        items: list[int] = []
        k = walked = first_item
        bulleted = 0 <= k < n and BULLET.match(page.lines[k]) is not None  # a box prints its items one way
        while 0 <= k < n and _is_box_item(page.lines[k]) and (BULLET.match(page.lines[k]) is not None) == bulleted:
            if not items or page.lines[k] != page.lines[items[-1]]:  # a repeat next to its line goes later
                items.append(k)
            walked = k
            k = _kept_from(page, k + step, step)
        if len(items) < BOX_ITEMS_MIN:
            # under the article or its box, a recipe's yield or time with no items of its own closes them ('Serves 4.')
            label = _kept_from(page, first_item - step, -step)
            return label if step == 1 and near and _CLOSING_LABEL.fullmatch(page.lines[label]) else edge
        beyond, far = _box_labels(page, k, step)
        headed = near if step == 1 else far  # the label over the items: under the article, or above the box
        if step == 1 and not headed and first_item == _kept_from(page, edge + 1, 1):
            headed = _box_started_above(page, edge)  # the run began inside the span, under its label
        facts = sum(1 for item in items if FACT_FIELD.match(page.lines[item]))
        # A match report's facts stand right under its last line; another game's under a title ('Next match') or an ad.
        under = step == 1 and first_item == edge + 1
        match_facts = sum(1 for item in items if _MATCH_FACT.match(page.lines[item])) if under else 0
        if not (headed or facts >= BOX_FACT_FIELDS_MIN or match_facts >= MATCH_FACTS_MIN):
            return edge
        edge = walked if step == 1 else _kept_from(page, beyond - step, -step)


BOX_TITLE_LINES = 2  # a box's title lines over its fields ('Production information', 'Royal Exchange Theatre, ...')
BOX_TITLE_WORDS = 8


def _box_title(page: Page, j: int) -> int:
    """The first field a box names ('When:', 'Director:') from `j`, past at most `BOX_TITLE_LINES` short lines
    that end no sentence; `j` when there is none."""
    k = j
    for _ in range(BOX_TITLE_LINES):
        if not (0 <= k < len(page.lines)) or _is_box_item(page.lines[k]):
            break
        if page.words[k] > BOX_TITLE_WORDS or page.ends[k]:
            return j
        k = _kept_from(page, k + 1, 1)
    return k if k != j and 0 <= k < len(page.lines) and FACT_FIELD.match(page.lines[k]) else j


def _box_started_above(page: Page, edge: int) -> bool:
    """Whether the span's last line is an item of a box whose label the span holds ('Q1 2024 at a glance:',
    then 'Grade A CBD rent: S$11.92 psf', where the span ends, and more items under it)."""
    j = edge
    while 0 <= j < len(page.lines) and _is_box_item(page.lines[j]):
        j = _kept_from(page, j - 1, -1)
    return j != edge and 0 <= j and (page.lines[j].endswith(":") or is_box_label(page.lines[j]))


def _kept_from(page: Page, j: int, step: int) -> int:
    """The first line from `j` (going `step`) that no rule removed; past the page's edge when there is none."""
    while 0 <= j < len(page.lines) and j in page.removed:
        j += step
    return j


# A teaser's kicker and headline ('- Analysis: Why the chancellor played it safe'); a box's item goes on in lower
# case or in figures ('- Free: one small bag under the seat', '- Launch mass: 6,065 kg').
_KICKER_HEADLINE = re.compile(r"[A-Z][\w'’ -]{0,25}: [A-Z\"'‘“][^\d]*$")
KICKER_HEADLINE_WORDS = 4


# An ingredient printed without a bullet: a quantity, then what ('3 cups cooked jasmine rice, chilled', '¼ cup oil').
_QUANTITY_ITEM = re.compile(r"(?:\d+(?:[./]\d+)?|[¼½¾⅓⅔⅛])(?: ?[¼½¾⅓⅔⅛])? ?[^\W\d_]")
QUANTITY_ITEM_MAX_WORDS = 12


def _is_box_item(line: str) -> bool:
    """A bulleted item that is not a teaser's kicker and headline, a fact box's field, or a quantity and what."""
    if BULLET.match(line):
        item = line[2:].lstrip()
        return not (_KICKER_HEADLINE.match(item) and len(item.split(":", 1)[1].split()) >= KICKER_HEADLINE_WORDS)
    if _QUANTITY_ITEM.match(line):
        return len(line.split()) <= QUANTITY_ITEM_MAX_WORDS and SENT_END.search(line) is None
    return FIELD.match(line) is not None


def is_box_label(line: str) -> bool:
    """A box's label on its own line ('Key figures:', 'Ingredients', 'Serves 4', a game story's 'UP NEXT' over the
    teams' next games): a heading of the box, not the page."""
    return _BOX_LABEL.fullmatch(line) is not None or NEXT_HEADING.fullmatch(line) is not None


def _box_labels(page: Page, j: int, step: int) -> tuple[int, bool]:
    """The first kept line from `j` (going `step`) past at most `BOX_LABELS_MAX` box labels, and whether there was one."""
    seen = 0
    while 0 <= j < len(page.lines) and seen < BOX_LABELS_MAX and is_box_label(page.lines[j]):
        j = _kept_from(page, j + step, step)
        seen += 1
    return j, seen > 0


def _with_structured_runs(page: Page, first: int, last: int) -> tuple[int, int]:
    """The span grown through the tables and lists that touch it, below and above.

    Between the span and a run there may be a heading or two ('Tour dates:', 'Qualified teams') and
    the table's own header and rule lines, and a third short line next to the run whose colon reads as a
    list's separator ('Edinburgh trams: The timeline'); a run above the span takes the heading that
    announces it ('Final standings after 36 races:'). A run anywhere else is not claimed.
    """
    for step in (1, -1):
        edge = last if step == 1 else first
        while (start := _next_run_start(page, edge, step)) is not None and (run := _run_from(page, start, step)):
            start, size = run
            edge = start + step * (size - 1)
            if step == -1:
                edge = _announcement_above(page, edge)
        first, last = (first, edge) if step == 1 else (edge, last)
    return first, last


def _run_from(page: Page, start: int, step: int) -> tuple[int, int] | None:
    """The first line and the size of the run at `start`, or right past it (going `step`) when `start` is a short
    line next to it whatever its shape (the colon in 'Edinburgh trams: The timeline' reads as a list's separator);
    None without."""
    if size := _structured_run(page, start, step):
        return start, size
    after = start + step
    if (not 0 <= after < len(page.lines) or after in page.removed or page.words[start] > STRUCTURED_HEAD_MAX_WORDS
            or LIST_HEAD.match(page.lines[start])):
        return None
    return (after, size) if (size := _structured_run(page, after, step)) else None


def _next_run_start(page: Page, edge: int, step: int) -> int | None:
    """The first line past `edge` (going `step`) after a table's format lines and at most two headings."""
    j, heads = edge + step, 0
    while 0 <= j < len(page.lines):
        if page.removed.get(j) in _TABLE_FORMAT_RULES:
            j += step
        elif j in page.removed:
            return None
        elif (_structure(page.lines[j]) is None and heads < STRUCTURED_HEAD_MAX
              and page.words[j] <= STRUCTURED_HEAD_MAX_WORDS and not LIST_HEAD.match(page.lines[j])):
            heads += 1
            j += step
        else:
            return j
    return None


# The heading of the article's own timeline, right over its bulleted dates ('Key dates in the case', 'Timeline:')
_TIMELINE_HEADING = re.compile(r"\b(?:timeline|chronology|key (?:dates|events|moments)|how (?:it|the \w+) unfolded"
                               r"|the story so far|in dates|milestones)\b", re.I)


def _structured_run(page: Page, start: int, step: int) -> int:
    """How many lines from `start` (going `step`) are rows of one table or items of one list: 0 unless 3+."""
    shape = _structure(page.lines[start])
    if shape is None:
        return 0
    if shape[0][:1] in _BULLET_WORDS and not (start > 0 and start - 1 not in page.removed
                                              and _TIMELINE_HEADING.search(page.lines[start - 1])):
        return 0  # bulleted dates not right under a timeline's heading: an archive, a calendar, dated teasers
    j = start
    while 0 <= j + step < len(page.lines) and j + step not in page.removed and _structure(page.lines[j + step]) == shape:
        j += step
    run = range(min(start, j), max(start, j) + 1)
    if len(run) < STRUCTURED_RUN_MIN or min(_word_count(page.lines[k]) for k in run) < STRUCTURED_ITEM_MIN_WORDS:
        return 0
    return len(run)


def _structure(line: str) -> tuple[str, ...] | None:
    """What the rows of one table (the number of cells, 3+ filled) or the items of one list (a number or a
    month first, the same separator after it) share; None for a line that is neither."""
    if line[:1] == "|":
        cells = line.strip("| ").split("|")
        filled = sum(1 for cell in cells if cell.strip())
        return ("|", str(len(cells))) if filled >= 3 else None  # a layout row ('| Bars | | Autos |') is not a record
    word, separators = _list_signature(line)
    if word in ("#", "month") or (separators and word not in _BULLET_WORDS):
        return (word, *separators)
    if word in _BULLET_WORDS and separators:  # a bulleted timeline ('* October 2009: Trial begins'), under its heading
        dated, _ = _list_signature(line[len(word):].lstrip())
        if dated in ("#", "month"):
            return (word + dated, *separators)
    return None  # a bulleted list with labels ('* Cycling: Rogers back on track') is how teasers are printed


def _word_count(line: str) -> int:
    """Words and numbers, not the pipes and dashes that lay them out."""
    return sum(1 for token in line.split() if any(c.isalnum() for c in token))


def _announcement_above(page: Page, top: int) -> int:
    """The run's top moved up over the line ending in ':' that announces it (and a header row under
    that line); the top as it is when there is no such line just above."""
    for above in range(top - 1, max(top - 1 - STRUCTURED_HEAD_MAX, -1), -1):
        if above in page.by_line_rules or page.words[above] > 25:
            break
        if page.lines[above].endswith(":"):
            return above
    return top


TAIL_BODY_MIN = 3  # paragraphs in a row (nothing between them) that make the article's body
TAIL_LONE_MIN = 3  # lone paragraphs after the body that make a teaser or notice tail
TAIL_JUNK_FRAC = 0.6  # ... when this share of the tail's lines is chrome (removed, or link/menu shaped)
TAIL_LINKS_MIN = 2  # links to other stories among the removed lines of a tail found below two paragraphs in a row
_OTHER_STORIES_RULES = frozenset({"related_link_v12", "related_list_v4", "more_from_outlet_v1"})
# The article's own closing bar (tags, a share bar, 'Posted in ...'): lines above it are the article's sections ...
_ARTICLE_END_RULES = frozenset({"page_tools_v12", "topics_tag_line_v3", "post_footer_v4"})
_LISTING = re.compile(r"[:|]\s*\S")  # 'Tags: budget, council', not a bare 'Categories' heading
# ... unless what stands above it ends the page, not the article (a comment box, the site's foot), or sells
# or introduces (a newsletter or donation box, the author's bio) rather than reports
_PAGE_END_RULES = frozenset({"copyright_v10", "site_terms_v5", "comment_form_v16", "comment_lines_v5"})
_PROMO_RULES = frozenset({"newsletter_prompt_v8", "support_appeal_v6", "paywall_prompt_v10", "author_bio_v4",
                          "reader_prompt_v6"})
# Removed lines as common inside an article's sections as anywhere: they make no records of teasers or comments.
_IN_SECTIONS_RULES = frozenset({"image_credit_v11", "caption_credit_end_v4", "caption_label_v2",
                                "caption_with_credit_v5", "agency_caption_v2"})


@page_rule(
    "tail_lone_paragraphs_v8",
    "Lone paragraphs between chrome lines after the article's last run of paragraphs are teasers or notices.",
)
def _tail_lone_paragraphs(page: Page) -> list[int]:
    # The span rule's run bridges short lines, so a list of teasers (headline, byline, date, one
    # summary paragraph, 'Read more') after the article is summed into it: every summary outweighs
    # the chrome around it. An article's paragraphs follow each other; a teaser's summary stands
    # alone between chrome lines. Only a tail of several such paragraphs, mostly chrome, goes.
    if len(page.lines) < 8:
        return []
    span = article_span(page)
    if span is None:
        return []
    first, last = span
    # A quoted post's signature line carries the article's run on, from the post above to the paragraph below.
    para = {i: _is_span_paragraph(page, i) or is_embed_signature(page.lines[i])
            for i in range(first, last + 1) if i not in page.removed}
    kept = list(para)
    # Paragraphs follow each other: nothing between them, but a removed cell of a table row does not part
    # them (the row is written back without it, and cleaning the cleaned text again must find the same body),
    # nor a picture's caption and credit, which stand between an article's paragraphs as often as anywhere.
    removed, lines = page.removed, page.lines
    parted = {i: j for j, i in zip(kept, kept[1:])
              if all(lines[k][:1] == "|" or removed.get(k) in _IN_SECTIONS_RULES for k in range(j + 1, i))}
    # Cleaned again, the text has none of the removed lines: paragraphs they parted follow each other, and
    # they are no chrome. A tail found so is a tail here too, or a second cleaning would remove what the
    # first kept (and one not found so is no tail: the removed lines alone don't make it one).
    return _lone_tail(page, para, parted, last) or _lone_tail(page, para, dict(zip(kept[1:], kept)), last, gone=True)


def _lone_tail(page: Page, para: dict[int, bool], before: dict[int, int], last: int, gone: bool = False) -> list[int]:
    """The lone paragraphs after the body (the last run of paragraphs, `before` saying which kept line
    comes right before which), if they and the chrome around them make a teaser or notice tail; `gone`:
    as the cleaned text has it, the removed lines not counted as chrome (nor at all). The article's own ending
    right under the body (`_article_ending`: a heading over a paragraph, a box score's rows) is not taken with the
    tail; whether there is a tail is decided with it counted in."""
    end = max((i for i in para if para[i] and para.get(before.get(i, -1))), default=None)  # the last pair's
    if end is None or end >= last:
        return []
    if _run_above(para, before, end) < TAIL_BODY_MIN:
        # The last two paragraphs in a row are no body: the article's closing section ('The bottom line', two
        # paragraphs) or two paragraphs of the tail (a teaser's headline that reads as a sentence, then its
        # summary). A body above them is the article's; the tail starts where a rule removed a line after the
        # lines that follow them (a heading over a paragraph among them), and only there: cleaned again, the
        # text has no removed line, and no tail is found so. And only a tail of links to other stories: under
        # two paragraphs in a row, one-paragraph sections between ads and subheads are still the article's.
        if gone or not any(_run_above(para, before, i) >= TAIL_BODY_MIN for i in para if i < end):
            return []  # no run of paragraphs to call the article: the page is all lone blocks
        # The plain ending decides: under a sign-off a removed line (a share bar, an ad) stands as often as anywhere.
        end = _article_ending(page, para, end)
        ending = _signed_ending(page, para, end)
        links = sum(1 for i in range(end + 1, last + 1) if page.removed.get(i) in _OTHER_STORIES_RULES)
        if end + 1 in para or links < TAIL_LINKS_MIN:
            return []  # an article's later sections part their paragraphs with ads, stamps and credits too
    else:
        ending = _signed_ending(page, para, _article_ending(page, para, end))
    tail = [i for i in para if i > end]
    if sum(1 for i in tail if para[i]) < TAIL_LONE_MIN:
        return []
    removed = 0 if gone else last - end - len(tail)
    chrome = removed + sum(1 for i in tail if not para[i] and _outside_shape(page, i) == "J")
    if chrome < TAIL_JUNK_FRAC * (removed + len(tail)):
        return []
    marker = _article_end_marker(page, end, last)
    return [i for i in tail if i > (ending if marker is None else max(marker, ending))]


def _article_end_marker(page: Page, end: int, last: int) -> int | None:
    """The article's own closing bar after the body ('Tags: ...', 'Share: Twitter | Facebook', 'Posted in ...'),
    when what stands between is the article's later sections: not links to other stories, a comment box or
    the page's foot, a promotion, nor one rule's lines over and over (the bylines, stamps or counts of teasers,
    events or comments). A body of list items (a 'The short version' box) leaves the sections under it, each a
    heading over one paragraph, a table or a list, looking like a tail; with the comments below the bar
    they would be taken as one."""
    links = 0
    seen: Counter[str] = Counter()
    for i in range(end + 1, last + 1):
        rule = page.removed.get(i)
        if rule is None:
            continue
        if rule in _ARTICLE_END_RULES and _is_closing_bar(page.lines[i], rule):
            return None if any(n >= 2 for n in seen.values()) else i
        links += rule in _OTHER_STORIES_RULES
        if rule in _PAGE_END_RULES or rule in _PROMO_RULES or links >= TAIL_LINKS_MIN:
            return None
        if rule not in _IN_SECTIONS_RULES and page.lines[i].lower().strip(" -–—") != "advertisement":
            seen[rule] += 1  # a lone 'Advertisement' label stands between an article's sections too
    return None


def _is_closing_bar(line: str, rule: str) -> bool:
    """A bar of tools ('Share: Twitter | Facebook', 'Email this story Print this story'), a licensing line, or a
    tag or filing line that lists something; not one tool alone ('Report an error', 'Watch video', 'Report this
    comment'), which stands anywhere, nor a bare heading ('Categories')."""
    if rule == "page_tools_v12":
        return TOOL_BAR.fullmatch(line) is not None or line.lower().rstrip(" .") in CLOSING_TOOLS
    return _LISTING.search(line) is not None


def _article_ending(page: Page, para: dict[int, bool], end: int) -> int:
    """The last line of the article's own ending after `end`: the kept lines that follow it up to the first
    removed or link- or menu-shaped one, a heading right over a paragraph taken with it ('About the council')."""
    after = [i for i in para if i > end]
    for k, i in enumerate(after):
        if i != end + 1:
            break
        if not para[i] and _outside_shape(page, i) == "J":
            below = after[k + 1] if k + 1 < len(after) else None
            if below != i + 1 or not para[below]:
                break
        end = i
    return end


def _signed_ending(page: Page, para: dict[int, bool], ending: int) -> int:
    """The article's ending (`_article_ending`) with a writer's sign-off right under it ('Love,' over 'Jen',
    `_sign_off`) and its postscript, and no further: what follows a letter's close is the page's."""
    rest = [i for i in para if i > ending]
    if rest and rest[0] == ending + 1 and (sign_off := _sign_off(page, rest)):
        return sign_off[-1]
    return ending


def _run_above(para: dict[int, bool], before: dict[int, int], i: int) -> int:
    """How many paragraphs in a row end at line `i` (0 if it is none)."""
    run, line = 0, i
    while line is not None and para.get(line):
        run, line = run + 1, before.get(line)
    return run


def _is_span_paragraph(page: Page, i: int) -> bool:
    """A line the span counts as an article paragraph: prose, and not a short table cell."""
    line = page.lines[i]
    return page.prose[i] and not (page.words[i] < SPAN_CELL_MAX_WORDS and line[:1] == "|" and line[-1:] == "|")


def article_span(page: Page, gone: AbstractSet[int] = frozenset()) -> tuple[int, int] | None:
    """The maximum-sum run of lines: prose scores its words, short lines, short table cells and removed lines
    (and the lines in `gone`, which a later rule will remove) cost.

    Without `gone`, the answer is kept on the page for the lines removed so far (`Page.remembered`): three
    asks in five come with nothing removed since the last."""
    if gone:
        return _article_span(page, gone)
    return page.remembered(("article_span",), lambda: _article_span(page, gone))


def _article_span(page: Page, gone: AbstractSet[int]) -> tuple[int, int] | None:
    prose, words, removed, lines = page.prose, page.words, page.removed, page.lines
    best = current = 0.0
    start = first = last = 0
    found = False
    for i in range(len(page.lines)):
        if i in removed or i in gone:
            value = -SPAN_RULE_PENALTY
        elif prose[i] and not (words[i] < SPAN_CELL_MAX_WORDS and lines[i][:1] == "|" and lines[i][-1:] == "|"):
            value = min(words[i], SPAN_PROSE_CAP)
        else:
            value = -SPAN_SHORT_PENALTY
        if current <= 0:
            current, start = value, i
        else:
            current += value
        if current > best:
            best, first, last, found = current, start, i, True
    return (first, _continue_list(page, last)) if found else None


def _list_signature(line: str) -> tuple[str, tuple[str, ...]]:
    """A list item's first word ('#' for a number, 'month') and the separator that comes first in it: the
    list's own ('June 9 -- Venue, City'); a later one belongs to the item ('Casino Amphitheatre – St. Louis')."""
    word = line.split(" ", 1)[0].lower().rstrip(".,:")
    if word[:1].isdigit():
        word = "#"
    elif word[:3] in _MONTHS3:
        word = "month"
    found = [(at, s) for s in (" – ", " -- ", " - ", " @ ", ": ", " — ") if (at := line.find(s)) >= 0]
    return word, (min(found)[1],) if found else ()


def _continue_list(page: Page, last: int) -> int:
    """Extend the span's end through a list (dates, numbers) whose items started inside it."""
    n = len(page.lines)
    if last + 1 >= n or last < 1:
        return last
    signature = _list_signature(page.lines[last])
    if _list_signature(page.lines[last - 1]) != signature or not (signature[1] or signature[0] in ("#", "month")):
        return last
    j = last + 1
    while j < n and j not in page.removed and _list_signature(page.lines[j]) == signature:
        j += 1
    return j - 1


def _outside_shape(page: Page, i: int) -> str:
    """J = link, menu or stamp shaped; C = content shaped; N = neither."""
    line = page.lines[i]
    words = page.words[i]
    if line[0] == "|" or "|" in line or (line[0] in "-*•»›·" and BULLET.match(line)):
        return "J"  # a bulleted or table-cell teaser outside the article
    if page.prose[i]:
        return "C"
    if i in page.browser_items:
        return "J"  # a text browser's third-level item ('o Contests'), not a line in lower case
    if line[0].islower() or _NUMBERED.match(line):
        return "C"
    if page.ends[i] and words >= 3 and not line.endswith(("...", "…")):
        return "C"
    if words <= 2:
        return "J"
    tokens = line.split()
    capitalised = sum(1 for t in tokens if t[0].isupper())
    if words <= 14 and capitalised >= 0.5 * len(tokens):
        return "J"  # headline, teaser or menu-item shape
    return "N"


_PREFIX = re.compile(r"(?:[-*•»›·|–]\s*)*")
_PREFIX_CHARS = frozenset("-*•»›·|–")


@page_rule(
    "tail_teaser_run_v9",
    "A bulleted run of headline-shaped links (with or without a summary each) after the article is a teaser list.",
)
def _tail_teasers(page: Page) -> list[int]:
    lines, prose, words = page.lines, page.prose, page.words
    kept = page.kept()
    if len(kept) < 4:
        return []
    prefix = {i: (_PREFIX.match(lines[i]).group().replace(" ", "") if lines[i][0] in _PREFIX_CHARS else "") for i in kept}
    weight: Counter[str] = Counter()
    for i in kept:
        if prose[i]:
            weight[prefix[i]] += words[i]
    if not weight:
        return []
    main = weight.most_common(1)[0][0]
    last = max((i for i in kept if prose[i] and prefix[i] == main), default=None)
    if last is None:
        return []
    region = [i for i in kept if i > last]
    announced = set(announced_items(page, region[0])) if region else set()  # the article's list, not teasers
    announced.update(range(last + 1, with_boxes(page, last, 1) + 1))  # and its boxes ('Key facts:', then items)
    bulleted = [i for i in region if prefix[i] and prefix[i] != main and i not in announced]
    if len(bulleted) < 3 or len(bulleted) < 0.5 * len(region):
        return []
    # Teasers are headlines, each maybe followed by its one-sentence summary as the next bullet.
    is_head = [_is_teaser_head(lines[i], words[i], page.ends[i]) for i in bulleted]
    heads = sum(is_head)
    summaries = sum(1 for k in range(1, len(bulleted)) if is_head[k - 1] and not is_head[k] and prose[bulleted[k]])
    if heads < 2 or heads + summaries < 0.4 * len(bulleted):
        return []  # a content list (ingredients, results), not teasers
    found = list(bulleted)
    members = set(bulleted)
    for k, i in enumerate(region[:-1]):
        if i not in members and region[k + 1] in members and is_title_shaped(page, i) and not page.ends[i]:
            found.append(i)  # the list's heading
    # A short line between two of the run's items (a date, a count, a separator) goes with them: left
    # alone after the article, the span rule would take it when the cleaned text is cleaned again.
    found += [i for i in region if bulleted[0] < i < bulleted[-1] and i not in members and not prose[i]
              and i not in found]
    return found


def _is_teaser_head(line: str, words: int, ends: bool) -> bool:
    """Headline-shaped link text: 5+ words, capitalised, no sentence end, no 'label:' or leading digit."""
    core = _PREFIX.sub("", line, count=1)
    if words < 5 or ends or not core or ":" in core or not core[0].isupper():
        return False
    return not core[0].isdigit()


# A list item's marker as a text browser prints it: '- ', '* ', '+ ', '• ', or 'o ' before a capital.
_ITEM_MARK = re.compile(r"(?:[-*•+»›·–]|o(?= [A-Z0-9\"'“‘]))\s+")
RECORDS_MIN = 3  # teasers with a summary or stamp in a row that make a list
RECORD_LINES_MAX = 4  # lines after a teaser's headline (byline, date, one summary, 'Read more')
RECORD_SUMMARY_MAX_WORDS = 120


@page_rule(
    "teaser_records_v1",
    "Three or more list-marked headlines, each with a byline, date or one summary, after the article are teasers.",
)
def _teaser_records(page: Page) -> list[int]:
    # Lists of other stories repeat one record: a marked headline, then its byline, date and a
    # one-paragraph summary. An article's own list holds items, not records with a paragraph each,
    # and a list followed by more of the article's paragraphs is the article's.
    kept = page.kept()
    if len(kept) < 3 * RECORDS_MIN:
        return []
    lines, prose = page.lines, page.prose
    marks = [_item_mark(lines[i]) for i in kept]
    body = [prose[i] and not marks[k] for k, i in enumerate(kept)]
    start = next((k for k in range(2, len(kept)) if body[k - 2] and body[k - 1] and body[k]), None)
    if start is None:
        return []  # no three unmarked paragraphs in a row: no article body to follow
    heads = [k > start and _is_record_head(page, i, marks[k]) for k, i in enumerate(kept)]
    found: list[int] = []
    k = start + 1
    while k < len(kept):
        if not heads[k]:
            k += 1
            continue
        records, end = _records_from(page, kept, heads, marks, k)
        later = any(body[j] and body[j + 1] for j in range(end, len(kept) - 1))  # the article goes on
        if sum(1 for r in records if len(r) >= 2) >= RECORDS_MIN and not later:
            found += [kept[j] for r in records for j in r]
            above = kept[k - 1]
            if k - 1 > start and not marks[k - 1] and is_title_shaped(page, above) and not page.ends[above]:
                found.append(above)  # the list's heading ('B.C. Headlines')
        k = max(end, k + 1)
    return found


# A dated headline: a full date (a time may follow), then a headline ('January 15, 2008 Nixzmary Brown
# Trial Set To Begin Tomorrow', '| Oct. 5, 2007 - At the movies: Now showing'), or a headline, then its
# date in brackets ('Berbatov could leave, says agent (31 Dec 07 | Tottenham Hotspur )').
_DATE = (
    r"(?:" + DAY + r" )?(?:(?P<m1>" + MONTH + r") (?P<d1>\d{1,2})(?:st|nd|rd|th)?,? (?P<y1>\d{4})"
    r"|(?P<d2>\d{1,2})(?:st|nd|rd|th)? (?P<m2>" + MONTH + r"),? (?P<y2>\d{4}|\d\d)"
    r"|(?P<a3>\d{1,2})[/.](?P<b3>\d{1,2})[/.](?P<y3>\d{4}|\d\d)|(?P<y4>\d{4})-(?P<a4>\d\d)-(?P<b4>\d\d))"
)
_DATED_LINE = re.compile(
    r"[-*•|»›·\s]*" + _DATE + r"(?:,? \d{1,2}:\d\d(?: ?[ap]\.?m\.?)?)?\s*[-–—:|]?\s+(?P<rest>\S.*)$", re.I
)
_LINE_DATED = re.compile(
    r"[-*•|»›·\s]*(?P<rest>\S.*?)\s*\(\s*" + _DATE + r"(?:\s*[|,;][^()]{0,40})?\s*\)[\s|]*$", re.I
)
_DATE_OPENING = MONTH + r" \d|\d{1,2}(?:st|nd|rd|th)? " + MONTH + r"|\d{1,2}[/.]\d{1,2}[/.]\d\d"
# Where a line of either shape may be: the gate before a match per line. Each shape is first counted on
# its own (a pattern opening with a literal is found by a fast search; the two as one were tried at every
# line's start and every parenthesis, 23 us a page): their two counts bound the count of the two as one.
_DATED_OPENING_LINE = r"\n[-*•|»›·\s]*(?:" + _DATE_OPENING + r"|\d{4}-\d\d-\d\d)"
_DATED_CLOSING_LINE = r"\((?:" + DAY + r" )?(?:" + _DATE_OPENING + r")[^()\n]*\)\W*\n"
_DATED_START = re.compile(f"{_DATED_OPENING_LINE}|{_DATED_CLOSING_LINE}")
_DATED_EITHER = (re.compile(_DATED_OPENING_LINE), re.compile(_DATED_CLOSING_LINE))
DATED_HEADLINES_MIN = 3
DATED_HEADLINE_MAX_WORDS = 20


@page_rule(
    "dated_headlines_v2",
    "Three or more headlines each with its date, newest first, list other stories (an archive or teaser list).",
)
def _dated_headlines(page: Page) -> list[int]:
    # An article's own dated lines are a timeline: sentences, oldest first. Lists of other stories
    # print each headline with its date, newest first (or all of one day), wherever the layout puts
    # them, inside the article's table too.
    text = page.low_text + "\n"
    if (sum(len(shape.findall(text)) for shape in _DATED_EITHER) < DATED_HEADLINES_MIN
            or len(_DATED_START.findall(text)) < DATED_HEADLINES_MIN):
        return []  # scans of the page in C before a match per line
    kept = page.kept()
    found: list[tuple[int, tuple[int, int, int]]] = []
    for i in kept:
        line = page.lines[i]
        hit = _DATED_LINE.match(line) or (_LINE_DATED.match(line) if ")" in line[-3:] else None)
        if hit is None or not _is_dated_headline(hit.group("rest")):
            continue
        found.append((i, _date_key(hit)))
    if len(found) < DATED_HEADLINES_MIN:
        return []
    if any(later > earlier for (_, earlier), (_, later) in zip(found, found[1:])):
        return []  # oldest first somewhere: a timeline
    items = [i for i, _ in found]
    # The list's headings ('Past Coverage'), above it or between its items, go with it: left alone, the
    # span rule would take them when the cleaned text is cleaned again.
    first = kept.index(items[0])
    heads = [i for i in kept[max(first - 1, 0):] if i < items[-1] and i not in items
             and not page.prose[i] and is_title_shaped(page, i) and not page.ends[i]]
    return items + heads


def _is_dated_headline(rest: str) -> bool:
    """Headline-shaped: 2-20 words, opening with a capital, a digit or a quote, no full stop."""
    rest = rest.rstrip(" |")
    words = rest.count(" ") + 1
    if not 2 <= words <= DATED_HEADLINE_MAX_WORDS:
        return False
    if not (rest[0].isupper() or rest[0].isdigit() or rest[0] in "\"'“‘"):
        return False
    return rest[-1] != "." or rest.endswith(("...", "…"))




def _date_key(hit: re.Match[str]) -> tuple[int, int, int]:
    """(year, month, day) to order the dates (a numeric date's order as printed: the list is one site's)."""
    g = hit.groupdict()
    if g["y1"] or g["y2"]:
        month = (g["m1"] or g["m2"]).lower()[:3]
        return _full_year(g["y1"] or g["y2"]), MONTH_NUMBER[month], int(g["d1"] or g["d2"])
    if g["y3"]:
        return _full_year(g["y3"]), int(g["a3"]), int(g["b3"])
    return int(g["y4"]), int(g["a4"]), int(g["b4"])


def _full_year(year: str) -> int:
    """'07' is 2007: the lists are of recent stories."""
    return int(year) + 2000 if len(year) == 2 else int(year)


def _item_mark(line: str) -> str:
    hit = _ITEM_MARK.match(line)
    return hit.group().strip() if hit else ""


def _is_record_head(page: Page, i: int, mark: str) -> bool:
    """A list-marked headline: 3-25 words, capitalised, no sentence end ('?' and closing quotes allowed)."""
    if not mark or not 3 <= page.words[i] <= 25:
        return False
    line = page.lines[i]
    core = line[_ITEM_MARK.match(line).end():]  # type: ignore[union-attr]
    if not core or not (core[0].isupper() or core[0].isdigit() or core[0] in "\"'“‘"):
        return False
    return not (page.ends[i] and core[-1] not in "?\"'”’!")


def _figures_share(line: str) -> float:
    """The share of a line's words that hold a digit: high in results and tables, low in a summary."""
    words = line.split()
    return sum(1 for w in words if any(c.isdigit() for c in w)) / len(words) if words else 0.0


def _records_from(
    page: Page, kept: list[int], heads: list[bool], marks: list[str], k: int
) -> tuple[list[list[int]], int]:
    """The records from position k (heads with the same marker, each with at most one summary), and
    the position after the last."""
    records: list[list[int]] = []
    mark = marks[k]
    while k < len(kept) and heads[k] and marks[k] == mark:
        record, summaries = [k], 0
        k += 1
        while k < len(kept) and not heads[k] and len(record) <= RECORD_LINES_MAX:
            i = kept[k]
            if page.prose[i]:
                summaries += 1
                if summaries > 1 or page.words[i] > RECORD_SUMMARY_MAX_WORDS or _figures_share(page.lines[i]) > 0.15:
                    summaries = 2  # not a summary: results or a table row, which a list of teasers doesn't hold
                    break
            record.append(k)
            k += 1
        if summaries > 1:
            break
        records.append(record)
    return records, k


# A heading that opens the page's tail: a list of other stories or the readers' comments.
COMMENTS_HEAD = re.compile(
    r"(?:[-*•]\s*)?(?:\d+ )?(?:reader )?(?:comments?|responses?|replies|reader views|your views|discussion)"
    r"(?: \(\d+\))?\W*$|(?:most recent )?reader comments:?$|comments? (?:are|is) closed\W*$"
    r"|(?:leave|add|post) (?:a|your) (?:comment|reply|view)s?\W*$",
    re.I,
)
# Either heading in one pattern: one call per short line instead of two.
TAIL_HEAD = re.compile(f"(?:{LIST_HEAD.pattern})|(?:{COMMENTS_HEAD.pattern})", re.I)
_BARE_MORE = re.compile(r"\W*more\W*", re.I)  # a button as often as a heading
TAIL_HEADING_MAX_WORDS = 6
TAIL_PARAGRAPH_WORDS = 80  # a paragraph this long below the heading is the article's: its run goes on


@page_rule(
    "tail_after_heading_v1",
    "Below the article, everything after a related-stories or comments heading is teasers or comments.",
)
def _tail_after_heading(page: Page) -> list[int]:
    """The rules above take a tail's lines by their shape; teaser blurbs and comments are sentences,
    and stay. A heading after the article's run says what follows. An article paragraph below it means
    the run was cut short (an advert or a list inside the article), so then nothing goes."""
    lines, words, prose, removed = page.lines, page.words, page.prose, page.removed
    heads = [
        i for i, line in enumerate(lines)
        if words[i] <= TAIL_HEADING_MAX_WORDS and TAIL_HEAD.match(line)
        and not _BARE_MORE.fullmatch(line)
    ]
    span = article_span(page) if heads else None  # the span only for a page with a heading: it costs
    head = next((i for i in heads if i > span[1]), None) if span else None
    if head is None:
        return []
    rest = [j for j in range(head + 1, len(lines)) if j not in removed]
    if any(prose[j] and words[j] >= TAIL_PARAGRAPH_WORDS for j in rest):
        return []
    return rest


TAG_RUN_MIN = 3  # tags in a row ('coral reefs', 'oceans', 'climate change')
TAG_MAX_WORDS = 3
TAG_MAX_CHARS = 30


def _is_tag(line: str, words: int, ends: bool) -> bool:
    """A topic's name: a few words, no figure, no sentence's end, no label's colon."""
    return (words <= TAG_MAX_WORDS and len(line) <= TAG_MAX_CHARS and not ends and line[-1] != ":"
            and not any(c.isdigit() for c in line))


# A story's tags print one a line under it, often in lower case ('coral reefs', 'oceans', 'climate change').
# The span rule reads a lower-case line as a paragraph's continuation, and a promotion's paragraph under the
# tags extends the article's run over them. A paragraph's continuation does not stop every few words: three
# short lines in a row, most in lower case, under a line that ends a sentence or that a rule removed (a
# list's lead-in ends in a colon), are tags.
@page_rule(
    "tag_run_v1",
    "Three or more topic names in a row, a line each and most in lower case, under the article's paragraphs are its tags.",
)
def _tag_run(page: Page) -> list[int]:
    lines, ends, words, kept = page.lines, page.ends, page.words, page.kept()
    lower = sum(1 for i in kept if lines[i][0].islower() and _is_tag(lines[i], words[i], ends[i]))
    if lower < (TAG_RUN_MIN + 1) // 2:  # most pages have no lower-case short line: skip the span
        return []
    span = article_span(page)
    if span is None:
        return []
    kept = [i for i in kept if i > span[0]]
    found: list[int] = []
    run: list[int] = []
    for i in kept + [len(lines)]:
        if i < len(lines) and _is_tag(lines[i], words[i], ends[i]):
            run.append(i)
            continue
        if len(run) >= TAG_RUN_MIN:
            above = run[0] - 1  # the line right above, removed or kept
            lower = sum(lines[j][0].islower() for j in run)
            if 2 * lower > len(run) and (above in page.removed or ends[above]):
                found += run
        run = []
    return found
