"""What a rule is (`Rule`, a line rule's `LineTest`), the registry they join, and the names retired."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from types import MappingProxyType

from newsclusters.errors import RuleError
from newsclusters.pipeline.rules.page import Page
from newsclusters.pipeline.rules.shapes import phrase_key, strip_bullets


@dataclass(frozen=True)
class LineTest:
    """What a line rule looks for, as data. All regexes run on the lower-cased normalised line.

    ``start`` must match at the line's start (leading bullets and table pipes skipped); ``anywhere``
    is searched only in lines holding one of ``keywords`` or ending with one of ``ends``; ``phrases``
    are whole lines (edge punctuation trimmed). ``guard`` may veto a hit, given the original line.
    ``gated`` are more patterns, each with keywords of its own, searched only in lines holding one of
    them: a long alternation costs each line it is searched in, so a shape with a word of its own
    ('readers like you') is not searched in every line another shape's word lets through ('journalism').
    """

    start: str = ""
    anywhere: str = ""
    keywords: tuple[str, ...] = ()
    ends: tuple[str, ...] = ()
    phrases: frozenset[str] = frozenset()
    max_len: int = 300
    guard: Callable[[str], bool] | None = None
    gated: tuple[tuple[tuple[str, ...], str], ...] = ()

    def __post_init__(self) -> None:
        if self.anywhere and not (self.keywords or self.ends):
            raise RuleError("an 'anywhere' pattern needs keywords or ends to gate it")
        if any(not keywords or not all(keywords) or not pattern for keywords, pattern in self.gated):
            raise RuleError("a gated pattern needs a pattern and keywords of its own, none empty")

    @cached_property
    def gated_compiled(self) -> tuple[tuple[tuple[str, ...], re.Pattern[str]], ...]:
        return tuple((keywords, re.compile(pattern)) for keywords, pattern in self.gated)

    @cached_property
    def _compiled(self) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
        return (re.compile(self.start) if self.start else None, re.compile(self.anywhere) if self.anywhere else None)

    def __call__(self, line: str) -> bool:
        """The definition: does this (normalised) line match?"""
        if not line or len(line) > self.max_len:
            return False
        start, anywhere = self._compiled
        low = line.lower()
        hit = (
            (self.phrases and phrase_key(low) in self.phrases)
            or (start is not None and start.match(strip_bullets(low)) is not None)
            or (
                anywhere is not None
                and (any(k in low for k in self.keywords) or low.endswith(self.ends))
                and anywhere.search(low) is not None
            )
            or any(any(k in low for k in keywords) and pattern.search(low) is not None
                   for keywords, pattern in self.gated_compiled)
        )
        return bool(hit) and (self.guard is None or self.guard(guarded_text(line)))


def guarded_text(line: str) -> str:
    """What a guard reads: a table cell ('| By Law, the council must ... |') without its borders, which
    would hide how its sentence starts and ends ('By Law' is no byline when a clause follows the comma)."""
    return line[1:-1].strip() if len(line) > 2 and line[0] == "|" and line[-1] == "|" else line


@dataclass(frozen=True)
class Rule:
    name: str  # snake_case + _vN, permanent
    reason: str  # one sentence: why such a line is not article text
    find: Callable[[Page], Iterable[int]]  # indices of the lines it removes
    test: LineTest | None = None  # set for line rules
    claims: bool = False  # a page rule that may re-label a line an earlier *page* rule removed (the headline)
    # For a line rule: of the lines it matched on a page (their indices; and the lines every rule removed), those the
    # page shows to be article text, which it leaves (a log's day headings): asked after every page rule.
    spare: Callable[[Sequence[str], Sequence[int], Collection[int]], Iterable[int]] | None = None

    @property
    def is_line_rule(self) -> bool:
        return self.test is not None

    def matches(self, line: str) -> bool:
        """For line rules: does this one line match? (Page rules answer via `find`.)"""
        if self.test is None:
            raise RuleError(f"{self.name} is a page rule: it needs a page, not a line")
        return self.test(" ".join(line.split()))


# Filled once, as the rule modules are imported (in the order they run), and read-only to everyone else.
_REGISTERED: dict[str, Rule] = {}
RULES: Mapping[str, Rule] = MappingProxyType(_REGISTERED)
# Names that were used once and must never come back with another meaning, each with why its successor
# differs. The successor is the live name of the same stem (`successor`): a bump only adds its old name here.
RETIRED: frozenset[str] = frozenset({
    "notification_prompt_v1",
    "newsletter_prompt_v1",
    "related_link_v1",
    "related_link_v2",  # a sentence after the label ('More from the report: the agency found ...') is kept
    "read_full_article_link_v1",
    "topics_tag_line_v1",
    "image_credit_v1",
    "widget_error_v1",
    "caption_with_credit_v1",
    "repeated_caption_before_credit_v1",
    "headline_to_title_v1",
    "headline_to_title_v2",  # the headline just above the article, not the page's first line
    "headline_to_title_v3",  # of several candidates, the one the article restates
    "headline_to_title_v4",  # a question or a leading number, if the article restates the line
    "headline_to_title_v5",  # the lead from the first kept line, without the line's own copies
    "headline_to_title_v6",  # a restated line beats one the article doesn't restate, kept or not
    "headline_to_title_v7",  # a line ending in a quoted sentence ('... "a sad day."') is no headline
    "outside_article_span_v1",  # short table cells no longer count as paragraphs
    "outside_article_span_v2",  # tables and lists touching the article are kept with it
    "outside_article_span_v3",  # a quoted post's signature line after the article is kept
    "outside_article_span_v4",  # Chinese and Japanese paragraphs counted in words, not as Latin text
    "corpus_repeated_v1",  # counted documents; now story clusters
    "corpus_repeated_v2",  # a line of table cells ('a | | |') no longer makes the line above prose
    "corpus_repeated_v3",  # a short sentence as a story tells it ('No one was injured.') is kept
    "tail_teaser_run_v1",  # a headline's one-sentence summary now counts with it
    "tail_teaser_run_v2",  # a short line between two of the run's items goes with them
    "share_social_v1",  # share bars (several buttons in one line) go too
    "share_social_v2",  # a blog platform's 'Click to share on Twitter (Opens in new window)'
    "cookie_notice_v1",  # 'you consent to our use of cookies' too; reported speech is kept
    "notification_prompt_v2",  # e-mail alerts and the saved/managed-notification widget
    "paywall_prompt_v1",  # 'Subscribe for unlimited access', 'Please log in to use this feature'
    "timestamp_v1",  # 'Tuesday', 'Wednesday', 'Thursday', 'Saturday' never matched (atomic group)
    "related_list_v1",  # a bulleted paragraph (20+ words, a sentence) ends the list
    "comment_records_v1",  # Blogger's signatures ('Sam said...') make records too
    "comment_thread_v1",  # from the thread's heading when the first comment comes before its signature
    "comment_records_v2",  # relative and dated signatures; no thread starts above the article
    "comment_form_v1",  # 'Commenting is turned off', 'Your comment:', 'You have 300 characters left'
    "page_tools_v1",  # 'E-mail this story', 'E-mail this news to a friend'
    "read_full_article_link_v2",  # 'The full article contains 407 words and ...'
    "site_repeated_v1",  # a site's repeated paragraphs at the article's edges go too
    "site_repeated_v2",  # narrower site voice (not 'site', 'email', 'comment', 'US'); reports stay
    "corpus_repeated_paragraph_v1",  # the same narrower site voice
    "dated_headlines_v1",  # a headline with its date in brackets after it counts too
    "copyright_v1",  # reuse notices in any wording ('may not be reproduced, ...'), trademarks
    "caption_label_v1",  # 'Caption: ...', 'Pictured: ...', 'Image caption: ...' (with a colon)
    "tail_lone_paragraphs_v1",  # also a tail found as if the removed lines between were gone
    "tail_lone_paragraphs_v2",  # a quoted post's signature line carries the article's run on
    "pipe_menu_v1",  # a table's header row over its data rows is kept with them
    "byline_v1",  # 'By March, prices had doubled.': a time after 'By', or a clause after the comma
    "paywall_prompt_v2",  # a reported prompt ('Subscribe to the scheme now, the minister told homeowners') and 'Already a member of ...' are kept
    "notification_prompt_v3",  # a report of who gets alerts ('Residents can receive alerts by text') is kept
    "copyright_v2",  # a ban on publishing under a court order or the law ('the names may not be published') is kept
    "image_credit_v2",  # 'Video-sharing platform ...' and a sentence that opens 'Photos by ...' are kept
    "cookie_notice_v2",  # a report about cookies ('The regulator fined the company ...') is kept
    "advertisement_v1",  # 'Brokers may receive a commission' reports: the disclosure speaks as the site
    "trailing_prompt_v1",  # every prompt of a line's tail, not only the last ('... Sign up for our newsletter. Follow us on Twitter.')
    "mojibake_repair_v1",  # a cell that opens with mojibake is repaired as the row written back holds it, on the first cleaning
    "outside_article_span_v5",  # a bulleted list the article's last sentence announces ('The council's plan includes:') is kept with it
    "tail_teaser_run_v3",  # a bulleted list the article's last sentence announces is the article's, not teasers
    "stamp_line_v1",  # a timeline's item ('Jan. 31, 1995: Arnhem, Netherlands') and a fact box's line ('Born: March 3, 1950, Lisbon') are kept
    "code_fragment_v1",  # a line of five or more words with none of code's syntax ('if the river rises, move upstairs;') is a list's item
    "byline_v2",  # a first name that is a month ('By May Bulman') and 'By Jane Doe, special to the Globe.' are bylines again
    "notification_prompt_v4",  # a line to the reader or in the site's voice is a prompt whatever its verbs
    "cookie_notice_v3",  # a notice in any language is removed; a report about cookies names what news does (fined, ruled, analysts)
    "copyright_v3",  # a ban said of the site's own material, or short, is its notice even when it names the law
    "image_credit_v3",  # a long credit ending in a full stop ('Photo by X for The Post via Getty Images.') is a credit again
    "advertisement_v2",  # a disclosure naming the outlet ('... on purchases made through links') is removed again
    "paywall_prompt_v3",  # only someone in the story saying it keeps a prompt ('United States', 'will be added' no longer do)
    "corpus_repeated_v4",  # a notice about 'this article', 'this story' or a loading widget reads as the site, not a report
    "site_repeated_v3",  # the same site voice as corpus_repeated_v5
    "corpus_repeated_paragraph_v2",  # the same site voice as corpus_repeated_v5
    "outside_article_span_v6",  # a lead-in that speaks of stories or to the reader announces teasers, not the article's list
    "tail_teaser_run_v4",  # the same lead-ins as outside_article_span_v10
    "comment_form_v2",  # attribution verbs in lower case and not passive ('be advised')
    "blog_platform_v1",  # attribution verbs in lower case and not passive ('be advised')
    "site_terms_v1",  # attribution verbs in lower case and not passive ('be advised')
    "notification_prompt_v5",  # 'Residents were able to get alerts ...' reports again
    "cookie_notice_v4",  # a line in the site's voice is a notice whatever news words it holds ('can be found in our Cookie Policy')
    "advertisement_v3",  # 'the publisher may earn a commission on sales' is a disclosure
    "copyright_v4",  # 'prohibited without the publisher's agreement' is a notice; 'According to the agency, ...' reports
    "image_credit_v4",  # a 'Photos by' line is a sentence only when no name follows 'by' ('Photos by residents ...')
    "byline_v3",  # a writer's role after the comma ('a reporter at ...', 'with additional reporting by ...') makes a byline
    "related_link_v3",  # only 'More from/on ...:' goes on with the article; 'Read more:' and 'Related:' label links whatever follows
    "paywall_prompt_v4",  # 'Already a subscriber? Manage ...' is a prompt; 'unless otherwise stated' and 'tax added' are no one saying it
    "comment_form_v3",  # 'According to' counts at a sentence's start; 'are reminded' is passive
    "blog_platform_v2",  # 'According to' counts at a sentence's start; 'are reminded' is passive
    "site_terms_v2",  # 'According to' counts at a sentence's start; 'are reminded' is passive
    "share_social_v3",  # modern sites' buttons: 'Copy article link', 'Gift Article', 'Share on X', 'Read 212 Comments', 'Follow'
    "page_tools_v2",  # audio and video players, caption toggles and feedback links: 'Listen to this article', 'Show Caption', 'Watch Now', 'Site feedback'
    "outside_article_span_v7",  # a list beside a box's label ('Ingredients', 'Key figures:') and a review's verdict ('Four stars.') are the article's
    "headline_to_title_v8",  # a review's fact box ('Starring: ...') is no headline; the article starts at the boxes above it
    "paywall_prompt_v5",  # 'for as little as' only with access or a subscription; how-to steps and sentences about passwords are kept
    "copyright_v5",  # a long sentence about what the law allows is kept
    "cookie_notice_v5",  # a recipe's cookies are kept
    "advertisement_v4",  # a commission nobody says the outlet may earn is reported
    "related_link_v4",  # a sentence in lower case after any label ('Up next: the fourth Test begins ...') goes on with the article
    "comment_form_v4",  # comments turned off on another page are reported
    "timestamp_v2",  # a day's name alone is a heading ('Saturday' over a forecast)
    "ad_blocker_notice_v1",  # a notice the story quotes ('..., the message reads') is kept
    "notification_prompt_v6",  # 'campaigners say' and 'the message reads' name who says it
    "caption_with_credit_v2",  # a fact box's fields ('Certificate: 15', 'Price: £399') are no caption and credit
    "newsletter_prompt_v2",  # a confirmation ('You've successfully subscribed'), an e-mail box's label and a post's 'Thanks for reading ...! Subscribe'
    "reader_prompt_v1",  # tip lines with two asks ('story idea or news tip?') and 'Did we get something wrong?'
    "topics_tag_line_v2",  # 'Suggested Topics:' and 'Explore more on these topics'
    "headline_to_title_v9",  # an agency's name is the byline's; a line the lead restates counts 40 lines up; a headline restating 3+ words beats a kicker restating 2 of 2
    "publishing_note_v1",  # an agency's description of itself, delayed quotes and 'provided by' notes; a sentence in lower case after the label, 'noted' and 'read the' are the story's
    "comment_form_v5",  # moderation policies on offending comments, up to 600 characters
    "copyright_v6",  # trademark notices ('... are registered trademarks of Apple Inc.')
    "newsletter_prompt_v3",  # 'We send newsletters ...' and 'Sign up for breaking news alerts'
    "outside_article_span_v8",  # a box's label must head its items (and removed lines between are stepped over); a teaser's kicker and headline is no box item
    "reader_prompt_v2",  # a question that goes on in lower case is reported; 'Got a confidential news tip?'
    "contributor_credit_v1",  # 'NBC News' Chantal Da Silva contributed.'
    "author_bio_v1",  # 'is the Guardian's ... correspondent', producers, award-winning writers; a 'who' clause telling what the writer did is news
    "support_appeal_v1",  # 'the charity suggests', 'read the banner' name who says it
    "share_social_v4",  # 'Follow ... on WhatsApp' only when the line ends there or goes on to the platforms' list or to 'for the latest'
    "stamp_line_v2",  # a bulleted box item with a date ('- Opening date: 1 March 1962') is the box's
    "paywall_prompt_v6",  # 'noted', 'suggests' and 'read the' name who says it
    "notification_prompt_v7",  # 'noted', 'suggests' and 'read the' name who says it
    "advertisement_v5",  # 'noted', 'suggests' and 'read the' name who says it
    "caption_with_credit_v3",  # only the credit line's field shape vetoes ('Balenciaga: the brand ...' over 'Balenciaga' is a caption)
    "tail_teaser_run_v5",  # a box under the article ('Key facts:' and its items) is the article's
    "outside_article_span_v9",  # recipes printed without bullets (quantities under 'Ingredients', 'Servings:', 'Active Time:', 'Preparation', 'Step 1') and plain lists the article announces are kept
    "tail_teaser_run_v6",  # a plain list the article announces is the article's; 'topic' in a lead-in speaks of other stories
    "headline_to_title_v10",  # the article starts at the wider boxes above it
    "publishing_note_v2",  # an agency's description only with what it provides; 'provided by' only closing the line; 'Editor's note: this story has been updated' in lower case is a note
    "comment_form_v6",  # a policy on offending comments only when it names the site or its moderators
    "copyright_v7",  # a trademark notice ends with its owner ('... of America Online, Inc.'); a sentence goes on
    "author_bio_v2",  # 'producer' alone marks no bio; what the writer uncovered is news, a career ('who joined the paper in 2019') is not
    "newsletter_prompt_v4",  # 'We send newsletters ...' only when it speaks of editions or the reader
    "reader_prompt_v3",  # a question followed by an address or 'email us' is the prompt's
    "share_social_v5",  # 'Follow ... on Instagram: <link>' and other marks after the platform
    "support_appeal_v2",  # 'noted' and 'suggests' count only closing a clause; ', read the' only of a banner, sign or message
    "paywall_prompt_v7",  # 'noted' and 'suggests' count only closing a clause
    "notification_prompt_v8",  # 'noted' and 'suggests' count only closing a clause
    "advertisement_v6",  # 'unless otherwise noted' names no one
    "cookie_notice_v6",  # the site saying it uses cookies ('We use some essential cookies ...') and a banner's heading ('Cookies on GOV.UK'); 'rules', 'judge' and 'sued' are a report's
    "share_social_v6",  # skip links ('Skip to site index', 'Skip to search')
    "pipe_menu_v2",  # a header row without borders over borderless data rows is kept with them
    "image_credit_v5",  # 'Name / Agency' with spaces round the slash, in brackets, or an archive picture ('... / Getty Images file'); a particle in the name ('Julien de Rosa / AFP')
    "headline_to_title_v11",  # a restated line right above the best one (a headline over its standfirst) is the headline, unless it holds the best line
    "support_appeal_v3",  # an outlet's own appeals in more words: 'readers like you', 'Donate today.', 'Become a Tribune donor', 'Support us ...', 'every contribution counts', 'make a gift'
    "timestamp_v3",  # a range of hours ('Thursday: 10 a.m.–9 p.m.') is a timetable's line, not a stamp
    "byline_v4",  # 'Written by ...', 'Medically reviewed by ...', 'Author: ...' name the writer too
    "related_link_v5",  # 'Read this next', 'More topics' and the labels of Dutch, French, Spanish and German pages ('Lees ook', 'Sur le même sujet')
    "share_social_v7",  # 'Like us on Facebook', 'Share options', a video player's label and the buttons of Dutch, German, Spanish, Italian, French and Portuguese pages
    "advertisement_v7",  # the label in Italian, Spanish, Dutch and German ('Pubblicità', 'Anuncio', 'Advertentie', 'Werbung')
    "author_bio_v3",  # a bio without an article before the job ('is senior editor, ...'), 'the food editor of ...', '... who has been writing ...', a first name alone, 'covers ... in Texas'
    "outside_article_span_v10",  # a box's label with no items of its own under the article ('Serves 4.') stays with it
    "caption_with_credit_v4",  # a field whose label holds a comma ('Gatun Lake level, April 10: 80.3 feet') is a fact box's, not a credit
    "paywall_prompt_v8",  # "You've read 1 of 5 free articles", 'To continue reading ...' after a sentence, and the prompts of French, German, Dutch, Spanish, Portuguese and Italian pages
    "newsletter_prompt_v5",  # 'Get <outlet>'s politics newsletter, ...', a closing 'Sign up now.', 'By signing up, you agree ...', and the prompts of German, French, Italian and Portuguese pages
    "headline_to_title_v12",  # a breadcrumb of two parts parted by a spaced slash, or of three by middle dots, is no headline
    "timestamp_v4",  # dates and stamps in eleven more languages ('publié le 9 janvier 2025 à 17h12', 'Uppdaterad 24 mars 2025 kl 09.12')
    "share_social_v8",  # buttons 'Share on X (Opens in new window)', 'Compartir en Facebook' and single buttons of seven more languages
    "related_link_v6",  # related labels of eight more languages ('Relacionadas', 'Czytaj także', 'Baca juga')
    "wire_slug_v1",  # reading times in other languages ('2 minuti di lettura')
    "image_credit_v6",  # 'Imagen:', '(Bild: ...)', '(Fot. ...)' credits
    "caption_credit_end_v1",  # credits of other languages and scripts ('Foto: Néstor Gómez', 'Beeld ANP', '— Foto: Reprodução/EPTV', 'File photo: ...')
    "outside_article_span_v11",  # a box's own title over fields a box names ('Mesa Light', then 'When:', 'Where:', 'Admission:') is kept with the article
    "support_appeal_v4",  # an app store's badge ('Download on the App Store', 'Get it on Google Play')
    "name_under_headline_v1",  # a name that is all the body is left (removed, the title stood alone and cleaned again was the body)
    "stamp_line_v3",  # a stamp with an ordinal day ('November 18th, 2019') and a post's footer signed with the time alone ('Posted by Alex Chitu at 9:14 AM')
    "page_tools_v3",  # an article's pager ('Page 1 of 2 | Next Page >', 'Pages: 1 2 Next Page »') and the next page's title beside its link
    "outside_article_span_v12",  # the article's own items under a heading of its own that ends in a colon ('What's next:', then 'Who: ...'), and a run of items under a heading with a colon in it ('Edinburgh trams: The timeline'), stay with the article
    "comment_lines_v1",  # a thread of lines signed with a name, a stamp and a colon alone needs its heading (a timeline, a police log, a transcript print them too); distances are counted in kept lines; a signature after the text needs 'on' and a year; TypePad's 'Posted by:' after the text; a dash after the stamp; a name and a colon with the date and time at the end
    "outside_article_span_v13",  # the article's boxes one after another and past an ad; a page's own labels ('Stay connected:', 'Today's weather:', 'Quick links:') head no box of the article's
    "stamp_line_v4",  # 'Posted' or 'By' first or after the time: 'Keynote by President Obama, 11:00 a.m.' is a programme's item
    "page_tools_v4",  # a pager has a second page's number, 'of N' or 'Next': 'Pages: 352' is a book's length
    "comment_lines_v2",  # the same verdicts: v3, which changed them, was taken back
    "comment_lines_v3",  # v3's threads signed with a name alone taken back: a review found interviews, Q&As, letters features and subheads over quotes removed with them, and second cleanings that differed; the verdicts of v2
    "comment_lines_v4",  # a comment's link ('Reply', 'Report abuse') stands after its text, not in a sentence of a timeline's entry
    "post_thread_heading_v1",  # the same comment's links, read as comment_lines_v5 reads them
    "flattened_menu_v1",  # a menu printed with no space between its items ('Company TownTelevisionBusiness...')
    # a short pitch opening as pitches do ('Want more TV writing? Subscribe ...') goes with its call
    "trailing_prompt_v2",
    # two paragraphs in a row no longer shield a tail of links to other stories
    "tail_lone_paragraphs_v3",
    # login prompts, comment counts and 'Comments closed.' alone, other languages' notices
    "comment_form_v7",
    # singular labels ('Related story'), whole-line links to more ('Read more on Lidl')
    "related_link_v7",
    # the article's sections above its own closing bar ('Tags: ...', a share bar) are not part of the tail below it
    "tail_lone_paragraphs_v4",
    # a lead-in or heading that names news in other languages ('Estas son otras noticias ...:', 'Lea también:')
    # heads a list of other stories, not the article's own items
    "outside_article_span_v14",
    "tail_teaser_run_v7",
    # a text browser's third-level item ('o Contests') is bulleted, not a lower-case line continuing the one above
    "outside_article_span_v15",
    # a long line of words in alphabetical order is a tag cloud or an index, in lower case too
    "flattened_menu_v2",
    # a table cell of links with one notice among them (a footer printed in one cell) is no paragraph of the span's
    "outside_article_span_v16",
    # the labels, controls and forms of pages of 2016 onwards: an unloaded ad slot and a shop link
    # ('$130 at Zappos'), a metered paywall's count, a newsletter form's errors, a newspaper platform's house
    # rules for comments and a closed thread's notice, a slideshow's counter and buttons, a player's clock, and
    # a donation appeal's opening ('... we have a small favour to ask.')
    "advertisement_v8",
    "paywall_prompt_v9",
    "newsletter_prompt_v6",
    "comment_form_v8",
    "page_tools_v5",
    "support_appeal_v5",
    # a review's rating ('Rating: 4.5/5') between the article and its fact box is stepped over, as its short last
    # sentences are
    "outside_article_span_v17",
    # a forum's stamp: a day said relatively, with the clock ('2 days ago at 07:52 am', 'Yesterday at 3:45 pm')
    "comment_records_v3",
    # a gated shape reads the line after all its leading bullets, as a start pattern does; a shop link is read in
    # any case and names no time ('$1,200 at Christmas'); a closed thread's notice, the unmoderated notice and the
    # newsletter's sign-up in their platforms' whole words
    "advertisement_v9",
    "comment_form_v9",
    "newsletter_prompt_v7",
    # the tools of pages of 2008: a bar of 'Printer friendly page', 'Send this article to Friends by E-Mail', 'Save',
    # 'Write to Editor', 'Return to Top'; and one alone ('E-mail this to a friend', 'Print this story', 'Email Story')
    "page_tools_v6",
    "share_social_v9",
    # an empty thread's notice ('There are currently no comments for this entry.'); a credit 'Photo © Name / Site' or
    # 'Photo Copyright Getty Images'; a stamp in brackets ('[Published: 8-Jan-2008]') and a wire's '01/09 18:48:47 ET'
    "comment_form_v10",
    "image_credit_v7",
    "timestamp_v5",
    # after a second review: 'Photo copyright' as a label is a subheading's ('Photo copyright: what every blogger
    # needs to know'); 'No comments have been made.' is a consultation's report
    "comment_form_v11",
    "image_credit_v8",
    # credits as agencies print them: names round two or more slashes ('Sanjeev Verma/Hindustan Times/Getty
    # Images'), 'Photo by Name/Agency', 'Image via Getty Images'; an AP caption's '(AP Photo/Name, File)', 'Credit:'
    # after a caption with no full stop, and a caption of up to 90 words when its credit names a picture
    "image_credit_v9",
    "caption_credit_end_v2",
    # a piece that may be the article's stays on its line: a sentence however short, a label before or after, a
    # figure or a marker (a table's row head), a date or time before the paragraph (a signature, a stamp); and the
    # first line's date header is left to the header step
    "side_column_v1",
    # the chrome of blogs and newspapers of 2008-2013 as a loose extractor returns it: a thread's heading with its
    # count ('Reader comments (9)'), share buttons with their counts ('Share 47 Tweet'), 'Like X on Facebook for
    # more ...', the notice that a thread is the readers' ('... do not necessarily reflect the views of ...'), a closed
    # thread's notice, a blog's signature with its permalink, the neighbours' titles between arrows, WordPress's
    # like button, a rating widget and a poll's buttons, a writer's views disclaimed, 'Story Source:', a logo's
    # trademark notice, and the links box's 'is not responsible for the content of external sites'
    "share_social_v10",
    "comment_form_v12",
    "post_footer_v1",
    "post_navigation_v1",
    "blog_platform_v3",
    "page_tools_v7",
    "publishing_note_v3",
    "copyright_v8",
    "site_terms_v3",
    # more of that era's chrome: the readers' thread (its policies, headings with counts, a removed comment, the
    # sign-in form), counted and Blogger's share bars, rating widgets and pagers of figures, 'Newer · Older' between
    # arrows, WordPress's and a newspaper platform's filing lines with the date, a press release's wire lines, a site's
    # disclaimers, prompts for the reader's news and photos, related posts with their category, 'Like this:' alone,
    # 'Story continues after advertisement' and a paper's own photographer's credit
    "comment_form_v13",
    "share_social_v11",
    "page_tools_v8",
    "post_navigation_v2",
    "post_footer_v2",
    "publishing_note_v4",
    "reader_prompt_v4",
    "related_link_v8",
    "blog_platform_v4",
    "advertisement_v10",
    "image_credit_v10",
    # when a comment shows and who may post one, the thread's list controls and its numbered house rules, a poll's
    # answers and total, a rating's average, and a science news site's notes under a story
    "comment_form_v14",
    "page_tools_v9",
    "publishing_note_v5",
    # the article's own ending right under its body (a heading over a paragraph, a box score's rows: the kept lines up
    # to the first removed or link-shaped one) stays when a teaser tail is found below it
    "tail_lone_paragraphs_v5",
    # after an adversarial review: the new shapes of 0.2.71-0.2.73 narrowed to the notices themselves (a count that
    # is no year, a notice that ends the line or goes on as the notice does, no clause after a comma naming who holds
    # it); a poll's answers, a review's own rating, a related post's category and 'Like this:' alone dropped
    "share_social_v12",
    "comment_form_v15",
    "page_tools_v10",
    "publishing_note_v6",
    "copyright_v9",
    "site_terms_v4",
    "reader_prompt_v5",
    "related_link_v9",
    "post_footer_v3",
    "blog_platform_v5",
    "post_navigation_v3",
    # after an adversarial review: the article's first run among the lines still kept, one mark that only a comment
    # prints ('Reply', 'Report abuse', '2 hours ago'), nothing of the article after the thread, and no 'Views (1,204)'
    # or 'Reader responses (3)' as its heading
    "counted_thread_v1",
    # a day alone ('Aug. 1', 'Tuesday, Oct. 1') over each of three or more entries, in the order of time, heads a
    # log's or a programme's entries (`entries`)
    "timestamp_v6",
    # a picture's caption and credit between two paragraphs don't part them: the paragraphs after a photo are the
    # article's body, not lone paragraphs of a tail
    "tail_lone_paragraphs_v6",
    # tags printed escaped ('&lt;span ...&gt;') are tags too
    "html_markup_v1",
    # a side piece of more than ten words that is a menu run together (a league's team names) comes off too
    "side_column_v2",
    # the weekday's full date read with the comma the agencies print after the weekday ('Tuesday, Nov. 19, 2019'),
    # the line tried only when it holds 'day, <month>' (its search took some 4% of the cleaner's time on news text)
    "agency_caption_v1",
    # a match report's facts right under its last line ('Goals:', 'Booked:', 'Referee:', 'Attendance:') and a writer's
    # sign-off ('Cheers,' over 'Greg'; 'Jo x') are the article's
    "outside_article_span_v18",
    # readers' ratings in stars or as a score with their count ('Reader rating: ★★★ (41 votes)', 'User score: 7.8
    # (1,203 ratings) | Rate it'), a gallery's link with its count, a trailer's with its length
    "page_tools_v11",
    # LiveJournal's 'Current Mood:' and 'Current Music:', and the hit counter and browser advice of sites of the 2000s
    "blog_platform_v6",
    # a thread's signatures count from the article's first paragraph that ends a sentence, not from a long headline
    # the run took over the post's own 'Posted: <date>' line
    "comment_thread_v2",
    # 'should', 'must' and 'shall' report a third party's alerts too ('Owners should receive notification letters')
    "notification_prompt_v9",
    # a game story's 'UP NEXT' in capitals is the story's own section's heading; 'More AP NBA: <addresses>' links
    "related_link_v10",
    # a game story's 'UP NEXT' in capitals is a box's label over the teams' next games ('Thunder: Host the Lakers on
    # Friday.'): the box is the article's, and the label no headline
    "outside_article_span_v19",
    "headline_to_title_v13",
    # comments signed with a date and a 24-hour clock ('28/02/2013 08:12', 'schrieb am 14.06.2012 um 19:05') under a
    # thread one of whose signatures opens with a reader's handle ('oxleyvale_mum'), and threads counted in other
    # languages ('Leserkommentare (7)', 'Commentaires (3)')
    "counted_thread_v2",
    "post_thread_heading_v2",
    # the site's name over the page, which its copyright notice or platform credit prints again ('REEL RUNDOWN' over
    # the post, 'Copyright © 2011 Reel Rundown. Powered by Blogger.' under it), is no headline
    "headline_to_title_v14",
    # a writer's sign-off under the post's last paragraph ('Love,' over 'Jen'; 'Talk soon,' over 'Reuben') and the
    # postscript under it are the post's own ending, above the comments the rule takes
    "tail_lone_paragraphs_v7",
    # a sign-off's postscript ('P.S. ...', 'PS: ...') is the post's too, and a desk or a team signs no post ('Best,'
    # over 'Marketing'; 'Newsletter x')
    "outside_article_span_v20",
    "related_list_v2",  # a heading over more of a section's stories ('More Premiership reports') heads the list too
    # a release's contact box under the article ('Media Contact:' over a name and a number) is the article's, and a
    # match's facts under its report ('Goal: Carver 27.', 'Booked: Hollis.') are a box, not its closing sentences, and
    # so is a review's 'Specifications' over its fields
    "outside_article_span_v21",
    "tail_teaser_run_v8",
    "caption_credit_end_v3",  # the paper's own photo ('(Sentinel photo)', '— Observer photo'), an illustration's credit
    "headline_to_title_v15",  # a specifications box's label ('Specifications', 'Tech specs') heads a box, not the page
    "counted_thread_v3",  # a mark another rule removed ('Like (23) Reply') marks the thread too
    "advertisement_v11",  # a paid link marked after its headline ('... (Sponsored)'), 'Advertisement: <the offer>'
    "byline_bio_v1",  # the byline's name in capitalised words ('by admin on Monday' names no writer)
    "outside_article_span_v22",  # a letter's salutation over its first paragraph ('Dear Editor,') opens the article
    "counted_thread_v4",  # 'Showing 23 comments', 'Comments: 2', a count as a bar's first cell ('58 Comments | Add')
    # a heading that names the kind of linked material ('Related guides', 'Related fact checks', 'Similar Stories',
    # 'Related Quotes:') labels links, and heads a list of them
    "related_link_v11",
    "related_list_v3",
    # a release's contact box whose label carries the name ('Contact: Thandi Mokoena, ...', 'Investor Relations: Karen
    # Liu, 408-555-0187') or stands under the firm's name, a number given as 'Tel: +27 11 555 0192'
    "outside_article_span_v23",
    # a table whose rows hold words and one column of figures ('Chikkanur | H R Nagaraju | Congress | 7,418'), under
    # its header, is no menu
    "pipe_menu_v3",
    # a comment's links on a line of their own under its text ('Recommend (88) | Reply', '24 Likes | Reply') mark it
    "counted_thread_v5",
    # a bulleted timeline under the article ('* October 2009: Trial begins') is a list of the article's
    "outside_article_span_v24",
})
# Names of rules taken back with no successor, each with why: never to be registered again.
WITHDRAWN: Mapping[str, str] = MappingProxyType({
    "off_column_v1": "a short line left of the column the article's paragraphs stand in was taken for a side column's, "
    "but text browsers and plain texts print the article's own headings, tables, lists and speakers' names there "
    "too; guarded against them, it removed 167 boilerplate tokens of the bench's 42,731 (release 0.2.70)",
})
# A retired name whose successor has another stem.
_RENAMED_STEMS: Mapping[str, str] = MappingProxyType({"repeated_caption_before_credit": "caption_with_credit"})


def successor(retired: str, names: Iterable[str]) -> str | None:
    """The name among `names` (the rules', or the cleaner's transforms') that carries on a retired one: the same
    stem (or its new one), a later version."""
    stem, version = retired.rsplit("_v", 1)
    stem = _RENAMED_STEMS.get(stem, stem)
    later = [name for name in names if name.rsplit("_v", 1)[0] == stem and int(name.rsplit("_v", 1)[1]) > int(version)]
    return max(later, key=lambda name: int(name.rsplit("_v", 1)[1]), default=None)


# Rules built outside the registry and off by default, their names reserved all the same: the learned
# line scorer (`newsclusters.pipeline.line_scorer`), which a caller adds to a Cleaner's rules to use it.
OPTIONAL: frozenset[str] = frozenset({"line_scorer_v1"})


def _add(rule: Rule) -> Rule:
    if rule.name in OPTIONAL:
        raise RuleError(f"rule name {rule.name!r} is reserved for an optional rule")
    if rule.name in RULES:
        raise RuleError(f"rule {rule.name!r} is already registered")
    if rule.name in RETIRED or rule.name in WITHDRAWN:
        raise RuleError(f"rule name {rule.name!r} is retired; names are permanent")
    if not re.fullmatch(r"[a-z][a-z0-9_]*_v[0-9]+", rule.name):
        raise RuleError(f"rule name {rule.name!r} must be snake_case ending in _vN")
    _REGISTERED[rule.name] = rule
    return rule


def line_rule(
    name: str,
    reason: str,
    *,
    start: str = "",
    anywhere: str = "",
    keywords: Iterable[str] = (),
    ends: Iterable[str] = (),
    phrases: Iterable[str] = (),
    max_len: int = 300,
    guard: Callable[[str], bool] | None = None,
    gated: Iterable[tuple[Iterable[str], str]] = (),
    spare: Callable[[Sequence[str], Sequence[int], Collection[int]], Iterable[int]] | None = None,
) -> Rule:
    """Register a rule that removes every line its `LineTest` matches."""
    test = LineTest(start, anywhere, tuple(keywords), tuple(ends), frozenset(phrases), max_len, guard,
                    tuple((tuple(keywords), pattern) for keywords, pattern in gated))

    def find(page: Page) -> list[int]:
        found = [i for i, line in enumerate(page.lines) if test(line)]
        if spare is None or not found:
            return found
        spared = set(spare(page.lines, found, set(page.removed) | set(found)))
        return [i for i in found if i not in spared]

    return _add(Rule(name, reason, find, test, spare=spare))


def page_rule(
    name: str, reason: str, *, claims: bool = False
) -> Callable[[Callable[[Page], Iterable[int]]], Callable[[Page], Iterable[int]]]:
    """Register the decorated function as a page rule."""

    def decorate(find: Callable[[Page], Iterable[int]]) -> Callable[[Page], Iterable[int]]:
        _add(Rule(name, reason, find, claims=claims))
        return find

    return decorate


def get_rule(name: str) -> Rule:
    if name not in RULES:
        hint = (f" (retired: use {successor(name, RULES)})" if name in RETIRED
                else f" (withdrawn: {WITHDRAWN[name]})" if name in WITHDRAWN else "")
        raise RuleError(f"unknown rule {name!r}{hint}; known rules: {', '.join(sorted(RULES))}")
    return RULES[name]
