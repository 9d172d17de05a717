"""Line rules: each removes lines of one recognisable kind, judged from the line alone."""

from __future__ import annotations

import re

from newsclusters.pipeline.rules.entries import day_entry_headings
from newsclusters.pipeline.rules.registry import line_rule
from newsclusters.pipeline.rules.shapes import (
    AGENCY,
    BULLET_PREFIX,
    CURRENCY_SIGNS,
    DAY,
    DAY_ATOMIC,
    LEADING_BULLETS,
    LINE_END,
    MONTH,
    MONTH_ABBREVIATIONS,
    RELATED_HEADING,
    SECTION_HEADING_RULE,
    SENT_END,
    SHOP_LINK,
    PICTURE_PLACE,
    SOCIAL,
    agency_caption_guard,
    byline_guard,
    author_bio_guard,
    commission_guard,
    contributor_guard,
    cookie_guard,
    copyright_guard,
    credit_guard,
    fullmatch_case_sensitive,
    is_stamp_line,
    not_attributed,
    no_clause_attribution,
    not_reported,
    not_labelled_sentence,
    not_said,
    related_section_headings,
    notification_guard,
    related_link_guard,
    section_heading,
    shop_link_guard,
    trailing_credit_guard,
)

line_rule(
    "markup_only_v1",
    "A line with no word characters (separators, bullets, empty table cells) carries no text.",
    start=r"\W*$",
    max_len=1000,
)
line_rule(
    "notification_prompt_v10",
    "Browser, app or e-mail prompts asking the reader to allow or manage notifications are site chrome.",
    anywhere=r"\b(?:enable|allow|turn on|get|receive)\s+(?:push |browser |desktop |breaking news )?"
    r"(?:notifications?|alerts)\b|\bget e-?mail notifications on .{1,80}\bdaily\b"
    r"|never miss out on (?:your|our|the) (?:\w+ )?(?:new )?(?:stories|news|articles)"
    r"|send you (?:some )?(?:reminders|notifications|alerts)"
    r"|^your notification has been saved|notifications are only sent once a day|^manage followed notifications",
    keywords=("notification", "never miss", "alerts", "send you"),
    max_len=200,
    guard=notification_guard,
)
line_rule(
    "newsletter_prompt_v8",
    "Invitations to sign up for a newsletter, and their confirmations and errors, advertise the outlet.",
    start=r"sign[- ]?up (?:for|to) (?:our |the )?(?:free )?(?:breaking news |daily |weekly )?(?:e-?mail )?(?:alerts|newsletters?|"
    r"updates)" + LINE_END + r"|sign up to receive (?:daily|weekly) headline news from\b"
    r"|invalid e-?mail(?: address)?" + LINE_END + r"|a welcome e-?mail is on its way\b"
    r"|we (?:encountered|ran into) (?:an|a) (?:issue|problem|error) signing you up\W{0,3}(?:please try again)?"
    + LINE_END
    + r"|thanks? (?:you )?for (?:signing up|subscribing)|thanks for reading [^!.?]{1,40}[!.] subscribe\b|enter (?:your|a valid) e-?mail(?: address)?\W{0,3}$"
    r"|(?:get|sign up for|subscribe to) (?:our|the) [\w' ]{0,40}(?:alerts?|briefings?|emails?|newsletters?)" + LINE_END,
    anywhere=r"^(?:\S+ ){0,3}newsletters?\W{0,3}$"
    r"|\b(?:sign(?:ing)? up|subscribed?|register|join)\b.{0,80}\bnewsletters?\b"
    r"|\bwe (?:send|e-?mail)\b.{0,40}\bnewsletters?\b.{0,80}\b(?:you|your|edition|frequency|subscri\w+)\b"
    r"|\bnewsletters?\b.{0,80}\b(?:sign(?:ing)? up|subscribe|inbox)\b"
    r"|delivered (?:straight |right |directly |daily )?(?:to|in|into) your inbox"
    r"|\b(?:in|to|meet|hit) your inbox\b|keep an eye on your inbox"
    r"|error processing your (?:subscription|request)"
    r"|^(?:get|receive) (?:our|the|[\w'’.-]+(?: [\w'’.-]+){0,3}['’]s?) (?:[\w-]+ ){0,3}newsletters?\b"
    r"|\b(?:recevez|inscrivez-vous|abonnez-vous)\b.{0,40}\bnewsletter\b|\biscriviti alla newsletter\b",
    keywords=("newsletter", "inbox", "error processing"),
    gated=(
        # a closing 'Sign up now.' after the site's offer ('... with our daily email. Sign up.')
        (("sign up",), r"\b(?:our|your|you|e-?mails?|newsletters?)\b[^.!?]{0,150}[.!?] sign up(?: now| today| here| for free)?[.!]?$"),
        (("by signing up", "by subscribing", "by registering"),
         r"^by (?:signing up|subscribing|registering)\b.{0,20}\byou\b.{0,60}\b(?:agree|acknowledge|consent)"),
        # German and Portuguese pages
        (("jetzt",), r"\bjetzt (?:kostenlos )?(?:anmelden|registrieren|abonnieren)\b"),
        (("je m",), r"^je m['’]inscris\W*$"),
        (("receba",), r"^receba\b.{0,80}\bno seu e-?mail\b"),
    ),
    guard=not_reported,
)
line_rule(
    "more_from_outlet_v1",
    "'More from <Outlet>' heads a list of the outlet's other stories.",
    start=r"more (?:from|on) \S",
    max_len=80,
    guard=fullmatch_case_sensitive(
        r"(?:More|MORE) (?:[Ff]rom|FROM|[Oo]n|ON) (?:[A-Z0-9][\w&'’.-]*)(?: [A-Z0-9][\w&'’.-]*){0,3}:?"
    ),
)
line_rule(
    SECTION_HEADING_RULE,
    "A heading over more of a section's stories ('More Premiership reports', 'Also in Business') links elsewhere.",
    start=r"(?:more|other|latest|recent|also|previously)\b",
    max_len=250,
    guard=lambda line: section_heading(line) is not None,
)
line_rule(
    "related_link_v12",
    "A label such as 'RELATED:' or 'Read more:' before a headline, or such a heading, links elsewhere.",
    start=BULLET_PREFIX
    + r"(?:" + RELATED_HEADING + r"|related"
    r"|read more|read also|also read|see also|more(?: on this| news| stories| coverage)?|read next|up next|"
    r"watch next|recommended(?: for you| stories| reading| videos?)?|further reading|you (?:may|might) also "
    r"(?:like|enjoy)|don'?t miss|must read|most (?:read|popular|viewed|shared|commented)(?: [\w ]{1,25})?"
    r"|trending(?: now| stories)?|popular on [\w.]+|also on [\w.]+|latest (?:news|stories|headlines|videos?)|"
    r"top stories|more from [\w'’ ]{1,30}(?:\.[a-z]{2,3})?|other stories|in other news|editor'?s picks?|what to read next|"
    r"sponsored stories|around the web|from the web|more about|go deeper|read more from [\w'’ .]{1,30}|see all (?:stories|news|articles)"
    r"|read this next|more topics|explore more(?: topics| stories)?|leia (?:também|mais)|lesen sie auch|auch interessant|"
    r"mehr zum thema|lire aussi|[àa] lire (?:aussi|également)|sur le même sujet|ver también|lee también|te puede interesar"
    r"|leggi anche|lees ook|lees meer|meer over dit onderwerp|relacionadas?|en lien|weiterlesen|czytaj (?:także|też|więcej)"
    r"|baca juga|läs också|les også|ler também|veja (?:também|mais)|ilgili haberler|čtěte také|lue myös)\s*(?:[:|›»\-–—]|\.\.\.|…|$)"
    r"|" + BULLET_PREFIX + r"(?:also )?(?:watch|listen|video|photos|gallery|pictures)\s*:\s*\S"
    r"|(?:also|more|elsewhere) on [\w-]+\.(?:com|net|org|co\.uk|[a-z]{2})\b"
    # a link to more of the same, the whole line ('Read more on Lidl', 'Read more at The Daily Beast.', '(MORE: ...)')
    r"|" + BULLET_PREFIX + r"(?:read more (?:on|at|from) (?:\S+ ){0,3}\S+|read more related (?:articles|stories)"
    r"|read the comments|\(more: [^()]{3,120}\)|\[see also: [^\[\]]{3,120}\])"
    r"\W{0,3}$"
    # more of the subject at the outlet's addresses, and nothing else ('More AP NBA: https://apnews.com/NBA and
    # https://twitter.com/AP_Sports')
    r"|" + BULLET_PREFIX + r"more [\w&'’ .-]{1,40}: (?:https?://|www\.)\S+(?:,? (?:and )?(?:https?://|www\.)\S+)*$",
    anywhere=r"\[(?:video|insight|news|pictures|photos|poll|revealed|warning|latest|gallery|analysis|comment)\]\W*$",
    ends=("]", "]|", "] |"),
    max_len=250,
    guard=related_link_guard,
    spare=related_section_headings,  # 'Related research' over a paragraph heads the article's section
)
line_rule(
    "read_full_article_link_v3",
    "Links that send the reader elsewhere to read, continue or expand the article are not its text.",
    start=r"click here\b|(?:continue|keep) reading\b|to read (?:the|this) (?:full |complete |entire )?(?:story|article)"
    r"|(?:view|see) (?:the )?(?:full|original) (?:story|article|gallery|image)"
    r"|(?:tap|click) (?:here|to) (?:expand|enlarge|play|watch)"
    r"|(?:story|article) continues below\b|scroll (?:down )?to continue\b"
    # an archive's teaser of an article it sells: 'The full article contains 407 words and appears in ...'
    r"|the full (?:article|story) contains [\d,]+ words and appears in\b",
    anywhere=r"\bclick here (?:to|for) (?:read|see|view|watch|get|subscribe|download|more|sign|find|learn)"
    r"|\bread (?:the|this) (?:full|complete|entire|original) (?:story|article|post)",
    keywords=("click here", "read th"),
    max_len=200,
    guard=lambda line: not line.lstrip("\"“'‘").lower().startswith("click here") or not_reported(line),
)
line_rule(
    "topics_tag_line_v3",
    "Tag and topic lists ('Topics: Fashion, Kim Kardashian') index the page, they don't report.",
    start=BULLET_PREFIX + r"(?:topics?|tags?|tagged(?: with| in)?|filed (?:under|in)|categor(?:y|ies)|keywords|sections?|"
    r"more (?:about|on)|posted in|suggested topics|explore more on these topics|tópicos|etiquetas|categorias|schlagworte|themen)"
    r"\s*(?::|\||$)",
    max_len=400,
    guard=lambda line: SENT_END.search(line) is None or line.count(",") >= 1,
)
_TITLE_AFTER_BAR_LOWER = re.compile(r"^[«‹←].*\|\s+[^\W\d_A-Z]", re.U)
line_rule(
    "post_navigation_v4",
    "Links to the previous or next post ('« Previous post', 'Next article: ...') lead away from the article.",
    start=r"(?:[«‹←<]\s*)?(?:previous|prev|next|older|newer) (?:post|entry|article|story|posts|entries|stories|articles)"
    r"\s*[»›→>]?\s*(?::.*|(?:[«‹←<]\s*)?(?:previous|next|older|newer) (?:post|entry|article|story)\s*[»›→>]?)?$"
    # the neighbours' own titles, one arrow before the first and one after the second ('« Older title | Newer title »')
    r"|[«‹←]\s*[^|«»‹›←→]{2,120}?\s+\|\s+[^|«»‹›←→]{1,119}?[^\s.!?,;:]\s*[»›→]\W{0,2}$"
    r"|[«‹←]\s*(?:newer|older|previous|next)(?: posts?| entries| entry)?\s*[·|•/]?\s*"
    r"(?:newer|older|previous|next)(?: posts?| entries| entry)?\s*[»›→]" + LINE_END,
    max_len=200,
    # the neighbours' titles each open with a capital; a quote's line broken by a bar goes on in lower case
    guard=lambda line: _TITLE_AFTER_BAR_LOWER.search(line) is None,
)
_FILED_DATE = r"(?:" + MONTH + r" \d{1,2}(?:st|nd|rd|th)?,? \d{4}|\d{1,2} " + MONTH + r",? \d{4})"
_FILED_CLOCK = r"\d{1,2}:\d{2} ?(?:[ap]\.?m\b\.?)?"
line_rule(
    "post_footer_v4",
    "A post's filing line ('Posted in News | Permalink | 3 Comments', 'Filed under china, plague') indexes the blog.",
    start=r"(?:posted in|filed (?:under|in)) [^|.!?]{1,80}\|.*\b(?:permalink|comments?|tagged|leave a comment)\b"
    # a blog's signature under its post, with the post's links ('Posted by Jo on May 2, 2011 at 08:15 AM in Food |
    # Permalink | Comments (3)')
    r"|posted by [^|]{1,160}?(?:\|\s*(?:permalink|comments? \(\d+\)|\d+ comments?|trackbacks?(?: \(\d+\))?|e-?mail this"
    r"|share)\s*)+" + LINE_END
    # 'Posted on September 22, 2011 by kwalsh', 'Posted in News, Public Safety on Thursday, October 10, 2013 4:00 am.'
    + r"|posted on " + _FILED_DATE + r"(?: (?:at )?" + _FILED_CLOCK + r")? by [\w.'’-]{2,30}(?: [\w.'’-]{2,30})?"
    + LINE_END
    + r"|posted in [\w ,&'’-]{1,80}? on (?:" + DAY + r",? )?" + _FILED_DATE + r" " + _FILED_CLOCK + LINE_END
    + r"|filed (?:under|in):? [\w'&-]+(?: [\w'&-]+)*(?: ?, [\w'&-]+(?: [\w'&-]+)*)+$"
    r"|this entry was posted in .*\b(?:bookmark|permalink)",
    max_len=300,
)
line_rule(
    "image_credit_v11",
    "Photo credits ('Name/Agency', '@handle/Twitter', 'Photo: ...', '(Getty Images)') attribute pictures.",
    start=r"(?:featured |main |top |lead |header |cover )?(?:image[nm]?|photo|picture|pic|photograph|video|illustration|"
    r"graphic|foto|bild)s?(?: credits?| courtesy| source| by)?\s*(?::|\||-(?=\s)|–|—|by\b|via\b|©)"

    r"|(?:image |photo |picture )?(?:credits?|courtesy(?: of)?)\s*:\s*\S.{0,80}$"
    r"|courtesy(?: of)? [^,;:.!?]{2,50}$"  # 'Courtesy of Venice Film Festival', 'Courtesy Sony Pictures'
    # a paper's own photographer ('Staff photo by Ann Lee'; 'Ledger photo/Mike Tanaka' is found by its slash, below)
    r"|(?:staff|file|contributed|submitted) photo(?:graph)? by [^\W\d_][\w.'’-]*(?: [^\W\d_][\w.'’-]*){0,3}$"
    r"|\(?(?:photo|image|picture)s?(?: by| credit| courtesy)\b[^)]{0,80}\)?$"
    r"|[(\[]?" + AGENCY + r"(?:\s*(?:/|via|photo|images)\s*[\w .]{0,30})?[)\]]?$",
    anywhere=r"\((?:photo|image|picture|credit|file photo|getty images|afp|reuters|ap|foto|bild|fot\.)(?: by| via|:)?[^)]{0,60}\)$"
    r"|^@?[\w.]{2,30}\s*/\s*" + SOCIAL + r"$"
    r"|^(?:[\w'’.&-]+ ){1,3}photo ?/ ?[^\W\d_][\w.'’-]*(?: [^\W\d_][\w.'’-]*){0,3}$"  # 'Ledger photo/Mike Tanaka'
    # 'Chip Somodevilla/Getty Images', 'Tom Gralish / Staff Photographer', '(Ana Ramirez / The San Diego Union-Tribune)'
    r"|^\(?[^\W\d_][\w.'’-]*+(?:\s[^\W\d_][\w.'’-]*+){0,4}+(?:\s?/\s?[^\W\d_][\w.'’&-]*+(?:\s[^\W\d_][\w.'’&-]*+){0,3}+){1,3}"
    r"(?: file)?\)?$",
    keywords=("/",),
    ends=(")",),
    max_len=120,
    guard=credit_guard,
)
line_rule(
    "caption_credit_end_v4",
    "A caption closing with its picture's credit ('... in Belfast (Liam McBurney/PA)') describes a picture.",
    # the gate, on the lower-cased line (the guard decides): a bracket closes it, or a slash or a label
    # starts its last part; each shape is searched only in lines holding its own characters
    anywhere=r"[)\]]$",
    gated=(
        (("/",), r"/[^/:]{1,60}$"),
        (("photo", "image", "picture", "foto", "credit", "bild", "imagen", "fot.", "beeld", "illustration", "graphic"),
         r"(?:photo(?:graph)?|image[nm]?|picture|foto|bild|credit|illustration|graphic)s?(?: credit)?\s?"
         r"(?::|\.\.\.|…| by )[^:]{2,90}$|\bfot\. [^:]{2,90}$|\bbeeld [^:]{2,60}$|\bphoto\.?$"),
        (("provided", "supplied", "handout", "contributed"), r"[.!?'’\"”]\s+(?:provided|supplied|handout|contributed)\.?$"),
    ),
    ends=(")", "]"),
    max_len=500,
    guard=trailing_credit_guard,
)
line_rule(
    "agency_caption_v2",
    "An agency-style caption (', left,' by a name, 'In this file photo', a weekday's full date) shows a picture.",
    # the gates, on the lower-cased line (the guard reads the case and decides)
    start=r"(?:file ?[-–—] ?)?(?:in )?this (?:\S+ ){0,5}?(?:photo|image|picture|photograph)\b",
    anywhere=rf", {PICTURE_PLACE},|\((?:{PICTURE_PLACE}|l-r|(?:2nd|3rd) [lr])\) ",
    keywords=(", left,", ", right,", ", center,", ", centre,", " from left,", " from right,", "(left) ", "(right) ",
              "(center) ", "(centre) ", "(l-r) ", "(2nd ", "(3rd ", " from left) ", " from right) "),
    # the weekday as the agencies print it, with its comma: the words a line must hold for the pattern to be tried
    gated=((tuple(f"day, {month}" for month in MONTH_ABBREVIATIONS),
            r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day, " + MONTH + r" \d{1,2}, (?:19|20)\d\d\b"),),
    max_len=700,
    guard=agency_caption_guard,
)
line_rule(
    "widget_error_v2",
    "Error or loading text of an embedded widget ('Oops! Something went wrong.') is not the story.",
    start=BULLET_PREFIX + r"(?:oops|uh oh|whoops)\b[!.,]?(?:\s.{0,60})?$|" + BULLET_PREFIX + r"sorry[!.]*$"
    r"|something went wrong\b.{0,40}$|please try again(?: later)?" + LINE_END + r"|an? (?:error|problem) (?:has )?occurred\b.{0,60}$"
    r"|there was (?:an|a) (?:error|problem)\b.{0,80}$"
    r"|(?:loading|please wait)(?:\.{0,3}|…)$|please enable javascript|your browser does not support"
    r"|this (?:video|content|embed|media) (?:is )?(?:not available|unavailable|cannot be)"
    r"|(?:we're|we are) sorry\b.{0,60}$|try again$|retry$|refresh$",
    anywhere=r"javascript (?:is )?(?:disabled|required|must be enabled)",
    keywords=("javascript",),
    max_len=160,
    guard=lambda line: not _REPORTED_FAILURE.search(line),
)
_REPORTED_FAILURE = re.compile(r"\b(?:at|with|on|in|during|after) (?:the|a|an|his|her|their)\b.{0,80}[.!]$", re.I)
# One button of a share bar; a bar prints several in one line ('Share on Facebook Share on Twitter').
_SHARE_BUTTON = (
    r"(?:share(?: (?:on|via|to|with) (?:" + SOCIAL + r"|whatsapp|reddit|tumblr|telegram|messenger|e-?mail|sms|text))?"
    r"|tweet|pin(?: it)?|e-?mail|print|sms|whatsapp|reddit|tumblr|telegram|messenger|flipboard|copy link|comments?"
    r"|" + SOCIAL + r")"
)
_SOCIAL_APP = r"(?:" + SOCIAL + r"|whatsapp|telegram|threads|bluesky|mastodon)"
# A share button and its count ('Like 312', 'Tweet', 'Pin it', 'Share 1.2k'; not a year)
_BUTTON = r"(?:share|tweet|pin(?: it)?|like|e-?mail|\+1|linkedin)"
_COUNT = r"(?: \d{1,3}(?:,\d{3})*(?:\.\d)?k?(?![\d,]))?"
line_rule(
    "share_social_v13",
    "Share, social, comment and print buttons, share bars and follow-us prompts are page widgets.",
    phrases=(
        "share", "tweet", "email", "e-mail", "print", "pin", "pin it", "save", "like", "reply", "comment",
        "comments", "share this", "share this article", "share this story", "share this page",
        "share this post", "share the story", "share article", "share story", "facebook", "twitter",
        "linkedin", "whatsapp", "reddit", "pinterest", "telegram", "messenger", "flipboard", "copy link",
        "copy the link", "link copied", "post comment", "post comment (+)", "leave a comment", "leave a reply",
        "add comment", "add a comment", "view comments", "show comments", "join the discussion",
        "join the conversation", "text size", "font size", "a a a", "order reprints", "print article",
        "print this article", "print this page", "email this article", "email this story", "bookmark",
        "subscribe", "sign in", "log in", "login", "register", "subscribe now", "sign up", "log out",
        "my account", "back to top", "top of page", "go to top", "close", "menu", "search", "explore further",
        "next", "previous", "prev", "back", "home", "more", "listen", "audio", "watch", "play", "expand",
        "download", "del.icio.us", "digg", "digg this", "stumbleupon", "google", "google+", "skip to content",
        "skip to main content", "skip to navigation", "back to headlines", "larger text", "smaller text",
        "print-friendly version", "email to a friend", "share via email", "share on facebook",
        "e-mail to a friend", "email to friend", "e-mail this to a friend", "email this to a friend", "email story",
        "e-mail story", "email article", "e-mail article", "print story", "print this story", "print version",
        "printer-friendly version", "printer friendly version", "print friendly version", "send this to a friend",
        "send this article to a friend", "send this story to a friend",
        "share on twitter", "share on linkedin", "share on whatsapp", "share on pinterest", "share on reddit",
        "copy article link", "copy article", "gift article", "gift this article", "share full article",
        "share this article with a friend", "save article", "save story", "save for later", "saved", "social sharing",
        "opens new tab", "opens in new tab", "opens in a new tab", "opens in new window", "follow", "follow us",
        "read comments", "see comments", "tap here", "sign up here", "share options", "more sharing options",
        "video player", "story saved", "article saved", "teilen", "artikel teilen", "kommentieren", "delen", "reageer",
        "compartir", "comenta", "comentar", "comentarios", "condividi", "commenta", "partager", "commenter",
        "compartilhe", "compartilhar", "comentários", "partilhar", "gravar", "guardar", "merken", "udostępnij", "dela",
        "del", "jaa", "paylaş", "bagikan", "sdílet", "republish", "condividi su facebook",
    ),
    start=r"\d+ comments?" + LINE_END + r"|comments? \(\d+\)" + LINE_END
    # a thread's heading with its count ('Reader comments (9)', "Fans' views (2)", 'Talkback (4)', 'Conversation (57
    # comments)'), and a story's own count ('Recommend this article (0)')
    + r"|(?:(?:readers?|fans?|users?)['’]?s?['’]? |your )(?:comments?|views|reactions) \(\d+\)" + LINE_END
    + r"|(?:talkback|conversation|discussion|responses|reactions)\s*\((?:total )?\d+(?: comments?)?\)" + LINE_END
    + r"|comments in chronological order(?:\s*\((?:total )?\d+ comments?\))?" + LINE_END
    + r"|recommend this (?:article|story)\s*\(\d+\)" + LINE_END
    # the buttons with their counts, a count at least, the next button another ('Share 47 Tweet', 'Pin it | Like 312 |
    # Tweet 48'; not a table's 'Share 2019 Share 2023' or 'Pin 1 | Pin 2')
    + r"|(?=[^\d]*\d)(?P<button>" + _BUTTON + r")" + _COUNT + r"(?:\s*[|·•/]?\s*(?!(?P=button)\b)" + _BUTTON + _COUNT
    + r")+" + LINE_END
    # Blogger's bar under a post ('Email This BlogThis! Share to Twitter Share to Facebook Share to Pinterest')
    + r"|(?:e-?mail this|blogthis!|share to (?:twitter|facebook|pinterest|x))"
    r"(?:\s+(?:e-?mail this|blogthis!|share to (?:twitter|facebook|pinterest|x)))+" + LINE_END
    + r"|skip to (?:the )?(?:main |primary )?(?:content|navigation|nav|search|site index|footer|article|menu|sections?)"
    + LINE_END
    + r"|(?:like|love|enjoy(?:ed)?) (?:this|the) (?:story|article|post)\?"
    r"|like us on " + _SOCIAL_APP + r"\b"
    # 'Like StarBuzz on Facebook for more celebrity news!' (not 'Like many parents on Facebook for more than a decade')
    r"|like [\w.'’&-]+(?: [\w.'’&-]+){0,3} on (?:facebook|twitter|instagram) (?:for|to get) (?:more|the latest)"
    r" (?!than\b)(?:[\w'’-]+ ){0,3}(?:news|updates|stories|photos|videos|gossip|coverage|deals)\W{0,3}$"
    r"|follow (?:us|me|him|her|them|@?[\w.'’ ]{1,40}) (?:on|via) " + _SOCIAL_APP + r"(?:\s*(?:,|and|or|&)\s*" + _SOCIAL_APP + r")*"
    r"(?:\W{0,3}$|\s+(?:for|to|and|at|@)\b|\s*[^\w\s])"  # 'Follow the bank's advice on WhatsApp messages too' goes on
    r"|join (?:our|the) (?:whatsapp|telegram) (?:community|channel|group)\b"
    r"|(?:share|follow) (?:this|us|it)\b.{0,40}(?:" + SOCIAL + r"|friend|email)\b"
    r"|(?:share|post) (?:on|to|via) (?:x|bluesky|threads|mastodon)(?: \((?:formerly )?twitter\))?" + LINE_END
    + r"|read (?:all )?[\d,]+ comments?" + LINE_END
    # a bar: two or more buttons, nothing else
    + r"|" + _SHARE_BUTTON + r"(?:[\s|/·•,]+" + _SHARE_BUTTON + r")+\W{0,3}$"
    # a blog platform's sharing buttons: 'Click to share on Twitter (Opens in new window)', 'Click to print'
    r"|click to (?:share on [\w+.]+|e-?mail (?:this )?to a friend|print|e-?mail|share)(?: \(opens in new window\))?"
    + LINE_END
    + r"|share (?:on|via) [\w+.]+ \(opens in (?:a )?new (?:window|tab)\)" + LINE_END
    # the same buttons in other languages ('Compartir en Facebook', 'Partager sur X', 'Teilen auf WhatsApp')
    + r"|(?:compartir|compartilhar|partilhar|partager|teilen|condividi|delen|udostępnij) (?:en|em|no|na|sur|auf|per|su|"
    r"via|op) " + _SOCIAL_APP + LINE_END,
    max_len=120,
)
# One button of a page's tool bar; a bar is two or more with nothing else ('Email to a friend Print
# version del.icio.us Digg this', 'Comment via Facebook Comment via Sputnik').
_TOOL = (
    r"(?:(?:e-?mail|(?:easy )?print)(?: this)?(?: (?:story|article|page|version|to a friend))?"
    r"|share(?: (?:this|story|article|on|via))?|comment(?: via \w+)?|search|newsletter|digg(?: this)?"
    r"|del\.icio\.us|reddit|facebook|twitter|google\+?|linkedin|stumbleupon|tumblr|whatsapp|bookmark|rss"
    # the tools of a page of 2008 ('Printer friendly page Send this article to Friends by E-Mail', 'Print Save EMail
    # Write to Editor', 'Print Email Return to Top')
    r"|print(?:er)?[- ]friendly(?: (?:version|page|format))?|send (?:this |it )?(?:(?:story|article|page) )?to (?:a )?"
    r"friends?(?: by e-?mail)?|e-?mail (?:this )?to (?:a )?friend|save|write to (?:the )?editor|(?:return|back) to top"
    r"|add to favou?rites|link to this (?:story|article|page)|share it with (?:a )?friends?|permalink)"
)
# A bar of them alone, 'Share:' before it or not, or a tool that closes an article: where an article ends (the
# tail rule reads both).
TOOL_BAR = re.compile(r"(?:share\s*(?:this|on|via)?\s*:?\s*)?" + _TOOL + r"(?:[\s|/·•,:]+" + _TOOL + r")+\W{0,3}",
                      re.I)
CLOSING_TOOLS = ("purchase licensing rights", "reuse this content", "reprints & permissions",
                 "reprints and permissions", "printer-friendly version", "printer friendly version")
line_rule(
    "page_tools_v12",
    "A page's own tools (text size, rating, 'Report an error', 'Send to a friend', portal buttons) are not the article.",
    phrases=(
        "increase font size", "decrease font size", "increase text size", "decrease text size", "reset text size",
        "larger text smaller text", "rate this article", "rate this story", "your rating: none", "add to my yahoo!",
        "add to my yahoo", "add to google", "add to igoogle", "report an error", "report a typo",
        "report an error or typo", "submit a correction", "suggest a correction", "send to a friend",
        "send this article", "send this story", "e-mail this story", "e-mail this article",
        "email this news to a friend", "e-mail this news to a friend", "search this site", "advertise with us", "e-edition",
        "enlarge this image", "enlarge image", "from around the web", "discuss this story", "discuss this article",
        "more on this story", "view mobile site",
        "view full site", "add new comment", "post new comment", "report this comment", "recommend this comment",
        "was this article helpful", "was this story helpful", "click image to enlarge", "listen to this article",
        "listen to this story", "listen to article", "listen to story", "audio player", "powered by trinity audio",
        "show caption", "hide caption", "toggle caption", "expand caption", "watch now", "watch video", "play video",
        "view gallery", "view photo gallery", "open gallery", "enlarge photo", "only have a minute? listen instead",
        "site feedback", "give feedback", "send feedback", "was this page helpful", "thanks for your feedback",
        "report a typo or error", "submit a news tip", "scroll down for video", "unmute",
        "view this post on instagram", "show key events only", "article content", "buy this photo",
        "cite this page: mla apa chicago", *CLOSING_TOOLS,
    ),
    start=_TOOL + r"(?:[\s|/·•,:]+" + _TOOL + r")+" + LINE_END  # a bar of them: 'EMAIL STORY EASY PRINT SEARCH'
    + r"|average rating:? \d(?:\.\d+)? (?:out of|/) \d+(?: stars?)?" + LINE_END
    + r"|rating: \d+ votes?" + LINE_END
    # a rating widget's stars or figures, and a poll's buttons ('Rate this article: 1 2 3 4 5', 'Vote | View results')
    + r"|rate (?:this|the)(?: [\w'’-]+)?\s*:?\s*(?:(?:[1-9]\s*){3,10}|[☆★✩✭]{3,10})"
    r"(?:\s*\(\d[\d,]* votes?\)|\s*\|.*\b(?:rating|votes?)\b.*)?" + LINE_END
    + r"|(?:\d{1,3}\s*\|\s*){1,12}next(?: page)?\s*[»›>]?" + LINE_END
    + r"|(?:vote|submit)\s*\|\s*(?:view|see) (?:the )?results" + LINE_END
    # a poll's total ('512 votes | Results'), a rating's average ('User rating: 3.8/5 (212 votes)'), a comment's rating
    # ('Click to rate Rating 212'); a poll's answers with their shares ('Yes (62%, 1,204 votes)') print as an election's
    # results do, and a review's own score ('Our rating: 4/5') is the review's
    + r"|[\d,]+ votes?\s*\|\s*(?:view )?results" + LINE_END
    + r"|(?:user|reader|readers['’]?|average) rating:?\s*\d(?:\.\d)?\s*/\s*\d+(?:\s*\([\d,]+ votes?\))?" + LINE_END
    # ... in stars or as a score, with its count or the reader's own button ('Reader rating: ★★★ (41 votes)', 'User
    # score: 7.8 (1,203 ratings) | Rate it', 'Rate this recipe: ★★★★☆ (4.5 from 212 ratings)'); a score alone or a
    # poll's 'Rate the manager: 7' is a review's or a survey's
    + r"|(?:(?:average )?(?:user|reader|readers['’]?|audience|community)['’]?s? (?:rating|score):?\s*"
    r"(?:\d(?:\.\d)?(?:\s*/\s*\d+)?|[☆★✩✭](?: ?[☆★✩✭]){2,9})|rate (?:this|the)(?: [\w'’-]+)?:?\s*"
    r"[☆★✩✭](?: ?[☆★✩✭]){2,9})"
    r"(?:\s*\((?:\d(?:\.\d)? from )?[\d,]+ (?:votes?|ratings?)\)(?:\s*\|\s*rate (?:this|it)\b[\w ]{0,20})?"
    r"|\s*\|\s*rate (?:this|it)\b[\w ]{0,20})" + LINE_END
    # a trailer's link with its length ('Watch the trailer (2:14)')
    + r"|watch (?:the )?(?:trailer|video|clip|highlights)\s*\(\d{1,2}:\d\d\)" + LINE_END
    + r"|click to rate(?: rating)?\s*-?\d+" + LINE_END
    + r"|listen to (?:this|the) (?:article|story)\W{0,3}\d{1,3} ?min(?:ute)?s?" + LINE_END
    + r"|audio length:? (?:\d+:)?\d{1,2}:\d\d" + LINE_END
    + r"|site feedback\b"
    + r"|(?:\d+\. )?this (?:story|article) has been shared [\d,]+ times\b"
    + r"|showing \d+(?:-\d+)? of \d+ comments?" + LINE_END
    + r"|\d+ of \d+ (?:people|users|readers) found this (?:helpful|useful)" + LINE_END
    # a pager or a gallery's counter: 'Page 1 of 3', 'Image 4 of 12', '« Previous 1 2 3 Next »'
    + r"|(?:page|image|photo|picture|slide) \d+ of \d+" + LINE_END
    # a slideshow's counter on its first slide ('1 of 24', '1 / 8': a score or a share alone is rarely one out of
    # many), its buttons and its count, and a player's clock at its start ('0:00 / 3:42': two times are a timetable)
    + r"|1 (?:of|/) \d{1,3}" + LINE_END
    + r"|view (?:the )?(?:photo )?gallery \(\d+ (?:photos|images|pictures)\)" + LINE_END
    + r"|[‹«<]?\s*(?:previous|prev)\s*[|/]?\s*next\s*[›»>]?" + LINE_END
    + r"|0:00 ?/ ?\d{1,2}:\d\d" + LINE_END
    + r"|(?:[«‹]\s*)?(?:(?:previous|prev) )?(?:\d+ ){2,12}next" + LINE_END
    # the pager of an article printed over pages: 'Page 1 of 2 | Next Page >', 'Pages: 1 2 Next Page »', 'Page 1 2»',
    # with 'of N', a second page or 'Next' ('Pages: 352' is a book's length), and the next page's title beside its
    # link ('Next Page: Database administrators weigh ...')
    + r"|pages?:? \d+(?=\s*(?:of\b|[,|\d]|next))(?: of \d+|(?:[ ,|]+\d+)+)?(?:\s*\|?\s*next(?: page)?)?" + LINE_END
    + r"|next page: .+",
    # a gallery's link with its count, as a label ('PICTURE GALLERY: Cork in the big freeze (24 photos)', 'Sample image
    # gallery (24 photos)'), whatever words open it; a sentence about a gallery goes on after the word
    gated=((("gallery",), LEADING_BULLETS + r"(?:[\w'’&-]+ ){0,4}(?:photo|picture|image) gallery(?::[^()]{1,60})?\s*"
            r"\(\d+ (?:photos|pictures|images)\)" + LINE_END),),
    max_len=60,
)
# A blog's comment form prints the same labels and notices on every site that runs the same software
# (WordPress, Blogger): the sentences among them are prose to the other rules, and one page alone
# gives the count pass nothing to go on.
_FORM_FIELD = (
    r"(?:your )?(?:name|e-?mail(?: address| id)?|mail|website|url|site's url|comment|message|town/city|country/state)"
)
line_rule(
    "comment_form_v16",
    "A comment form's labels, notices and house rules ('Leave a Reply', 'Keep it clean') are not the article.",
    start=r"(?:leave|post|add|write|submit) (?:a|your) (?:reply|comments?|response)(?: to .{1,80} cancel reply)?"
    + LINE_END
    + r"|cancel reply" + LINE_END
    + r"|your e-?mail(?: address)? will (?:not|never) be (?:published|shared|displayed)\b"
    r"|required fields are marked\b"
    r"|save my name,? e-?mail,? and website in this browser\b"
    r"|notify me of (?:follow-?up comments|new comments|new posts|new replies)\b"
    r"|(?:this site|we) uses? akismet to reduce spam\b"
    r"|you must (?:be )?(?:logged in(?:to)?|log in|signed in|sign in|a registered user|registered|register)\b"
    r".{0,40}?\b(?:to|in order to) (?:post|leave|add|submit|write)\b"
    r"|enter your comment(?: here)?" + LINE_END
    + r"|comments (?:now )?closed" + LINE_END
    + r"|(?:the )?comments (?:to|on|for) this (?:entry|post|article|story|page) are (?:now )?closed\W{0,3}"
    r"(?:$|the comment period\b)"
    + r"|this comment has been (?:removed|deleted) by (?:a|the) (?:moderator|administrator|blog administrator|author)\b"
    + r"|(?:add|post|leave) (?:a |your )?comment\s*\(you must be (?:signed|logged) in\b"
    + r"|we welcome (?:your )?comments and (?:invite|encourage) you to share your (?:thoughts|views)\b"
    + r"|(?:please )?(?:read|see|review) (?:our|the [\w'’.-]+['’]s?) comment(?:ing|er)? (?:policy|guidelines|rules)"
    r"\W{0,3}(?:$|comments? (?:that|which)\b)"
    + r"|talkback posts are (?:moderated|pre-moderated)(?:\W{0,3}$|\. .{1,60}\breserves the right\b)"
    # when a comment shows, and who may post one ('Comments are subject to approval and may not appear immediately.',
    # 'Please note: All comments will be reviewed and may take up to 24 hours to appear on the site.', 'You must be a
    # member of Tailgate Nation to comment.', 'Comments are not allowed on this story for legal reasons.')
    + r"|(?:(?:disclaimer|please note|note):\s*)?(?:all )?comments (?:are|will be) (?:subject to approval|reviewed"
    r"|moderated)(?:,| and) (?:may not appear (?:immediately|right away)"
    r"|may take up to \d+ (?:hours|minutes|days) to appear)"
    + r"|(?:disclaimer:\s*)?comments are subject to approval(?:\W{1,3}$|\. please keep comments\b)"
    + r"|you must be a (?:registered )?(?:member|subscriber) of [^.!?]{1,40} to (?:comment|post comments?)\.\s*"
    r"(?:log ?in|sign (?:in|up)|register)\b"
    + r"|(?:leave a comment \| )?you must be (?:registered|signed in|logged in) to comment(?:\W{0,3}$|\.\s*(?:log ?in"
    r"|sign (?:in|up)|register)\b)"
    + r"|comments are not (?:allowed|available|enabled|permitted) (?:on|for) this (?:story|article|post|page)"
    r"(?: for legal reasons)?\W{0,3}$"
    + r"|please log ?in,? or sign up for a new account\b.{0,80}\b(?:read or post|post) comments\b"
    + r"|comments are the opinions of the (?:person|people|individuals?) (?:posting|who posted)\b"
    # the notice that a thread is the readers' in other words ('The comments uploaded on this site do not necessarily
    # represent or reflect the views of ...')
    + r"|(?:disclaimer:\s*)?the comments (?:uploaded|posted|published) (?:on|to) this (?:site|website|page) do not"
    r" (?:necessarily )?(?:represent|reflect)\b"
    # a thread's list controls: 'Newest Oldest Best rated Worst rated'
    + r"|(?:sort by:?\s*)?newest oldest(?: (?:best|most) rated| (?:worst|least) rated| most (?:popular|liked|replied))+"
    + LINE_END
    + r"|(?:comments|commenting) (?:are|is|has been|have been) (?:now )?(?:closed|disabled|turned off)"
    r"(?: (?:for|on) (?:this (?:article|story|post|page|entry)|[\w'’.-]+(?: [\w'’.-]+){0,2}))?" + LINE_END
    # a form's field label with the box's own text run into it, and its character counter
    + r"|your comment:"
    + r"|(?:want to )?join the (?:discussion|conversation|debate)" + LINE_END
    # a login prompt ('Please log in to leave a comment.', 'Log in or register to join the debate')
    + r"|(?:please )?(?:log ?in|sign in|sign up|register)"
    r"(?: or (?:log ?in|sign in|sign up|register|create an account))?"
    r" (?:to|and) (?:leave|post|add|write|read(?: and post)?) (?:a |your )?comments?" + LINE_END
    + r"|(?:log ?in|sign in) or (?:register|sign up|create (?:an|your) (?:[\w'’-]+ )?account)"
    r" to join the (?:debate|discussion|conversation)" + LINE_END
    # a count of comments alone ('604 COMMENTS', '212 Kommentare', 'View 34 comments')
    + r"|(?:(?:view|read|see|ver|voir) (?:all )?)?\d+ (?:view )?"
    r"(?:comments?|kommentare|comentarios|commentaires|commenti)" + LINE_END
    # other languages' closed or subscriber-only threads and login prompts
    + r"|(?:les commentaires sont (?:fermés|réservés aux abonnés)(?: pour cet article)?"
    r"|para comentar (?:debes|tienes que) (?:estar registrado|iniciar sesión|registrarte)"
    r"|bitte melden sie sich an,? um zu kommentieren"
    r"|a secção de comentários é exclusiva para assinantes)" + LINE_END
    + r"|feel free to contribute!?" + LINE_END
    + r"|" + _FORM_FIELD + r":? ?(?:\*|\((?:required|optional|will not be published)\))"
    r"(?: ?\((?:required|will not be published)\))*" + LINE_END
    + r"|subscribe to: post comments(?: \(atom\))?" + LINE_END
    + r"|newer post older post home" + LINE_END
    + r"|post a comment \(comment policy\)" + LINE_END
    + r"|loading comments\W*$"
    # an empty thread's notice ('There are currently no comments for this entry.', 'No comments have so far been
    # submitted.', 'Be the first to post a comment on this story.')
    r"|(?:comments?:? )?there are (?:currently |as yet )?no comments(?: (?:yet|available|posted))?"
    r"(?: (?:for|on|to) this (?:entry|article|story|post|page))?\W{0,3}$"
    r"|no comments (?:have|has) (?:so far |yet |as yet )?been (?:submitted|posted|added)\W{0,3}$"
    r"|be the first to (?:post a |leave a |add a |write a )?comment(?: on this (?:entry|article|story|post|page))?"
    r"(?:\W{0,3}$|\. you can also (?:write|e-?mail) (?:to )?us\b)"
    r"|comment(?:ing)? (?:policy|guidelines)\s*:"
    r"|this (?:site|form|page) is protected by recaptcha\b"
    # the notice that the thread is the readers' ('The following are comments from the readers. In no way do they
    # represent ...', 'The views expressed in the contents above are those of our users and do not ...', 'Comments are
    # posted from viewers like you and do not always reflect the views of this station.')
    r"|the following are (?:comments|views) (?:from|of|by) (?:the |our )?(?:readers|users|viewers)"
    r"\. in no way do they\b"
    r"|(?:disclaimer:\s*)?the (?:views|opinions) expressed in (?:the |these |reader )?comments are those of"
    r" (?:the |our )?"
    r"(?:readers|users|commenters) and do not\b"
    r"|comments are (?:the )?opinions of the readers and do not\b"
    r"|(?:the )?(?:views|opinions|comments)(?: expressed)?"
    r"(?: (?:in|on) the (?:contents?|comments?|posts?) (?:above|below))?"
    r" are those of (?:our |the )?(?:users|readers|viewers|commenters|posters|members) and (?:do not|don't)"
    r" (?:necessarily )?(?:reflect|represent)\b"
    r"|comments (?:are|were) posted (?:by|from) (?:readers|users|viewers|members)\b.{0,40}?\b(?:do|does) not"
    r" (?:necessarily |always )?(?:reflect|represent)\b"
    # the moderation notice above or below the form
    r"|(?:conversations|comments) are (?:the )?opinions of our readers\b"
    r"|(?:some )?comments (?:posted here )?(?:are|will be|may be) (?:moderated|reviewed|pre-moderated"
    r"|subject to (?:our|the) (?:community|comment|moderation|house))\b"
    r"|we reserve the right to (?:remove|delete|edit|reject)\b.{0,60}\bcomments?\b"
    r"|please (?:keep (?:your )?comments|be respectful of other commenters|email us to report offensive comments)\b"
    r"|if you believe that a commenter\b"
    # the house rules a newspaper platform prints over every thread ('PLEASE TURN OFF YOUR CAPS LOCK.', 'Be Nice. ...'),
    # numbered or not ('1 Keep it Clean. Please avoid ...', '2 PLEASE TURN OFF YOUR CAPS LOCK.')
    r"|welcome to the discussion(?:" + LINE_END + r"|\W{1,3}keep it clean\b)"
    + r"|(?:\d{1,2}\.? )?(?:please turn off your caps lock" + LINE_END
    + r"|don['’]t threaten\W{1,3}threats of harming\b|be truthful\W{1,3}don['’]t knowingly lie\b"
    r"|be nice\W{1,3}no racism\b|be proactive\W{1,3}use the\b.{0,20}\breport\b"
    r"|share with us\W{1,3}we['’]d love to hear eyewitness accounts\b"
    r"|keep it clean\W{1,3}please avoid obscene\b)"
    r"|when submitting (?:content|comments?), please abide by\b"
    # the comment widgets' own lines (Disqus, Facebook's plugin, Livefyre)
    r"|posting as .{1,60} \(change\)" + LINE_END
    + r"|sort by (?:oldest|newest|best|top|most liked)" + LINE_END
    + r"|\d+ repl(?:y|ies)" + LINE_END,
    phrases=(
        "comment using", "comment using...", "facebook social plugin", "also post on facebook", "sign in to comment",
        "log in to comment", "login to comment", "log in to reply", "reply to this comment", "powered by livefyre",
        "comments powered by disqus", "blog comments powered by disqus", "show more comments", "view all comments",
        "load more comments", "be the first to comment", "there are no comments yet", "no comments yet",
        "no comments at the moment", "no comments so far", "there are no comments", "add your comment",
        "add your comments",
        "start the conversation", "flag as inappropriate",
    ),
    # the box's character counter, wherever the form's text puts it: '(Maximum characters: 1500) You have
    # characters left.'
    anywhere=r"^(?:.{0,80}\b)?you have (?:\d+ )?characters? (?:left|remaining)" + LINE_END
    # the readers' opinions notice after a sentence of its own ('Share your thoughts below. Conversations are ...')
    + r"|^.{0,80}[.!?] (?:comments|conversations) are (?:the )?opinions of our readers\b"
    # the moderation policy's removal of offending comments (a search only where its words are: cheaper than a start)
    + r"|^(?:\w+ ){0,3}comments? (?:that|which) (?:include|contain)\b.{0,120}\bwill be (?:removed|deleted)\b"
    r".{0,40}\b(?:from (?:the|this|our) (?:site|website|page|forum)|by (?:the |our )?moderators?)\b",
    keywords=("characters left", "characters remaining", "comments that", "comments which", "comment that",
              "comment which", "opinions of our readers"),
    gated=(
        # the outlet's promise over its thread ('... is committed to maintaining a lively but civil forum')
        (("civil forum",), r"\bis committed to maintaining a lively but civil forum\b"),
        # a house rule and a closed thread's notice, which open with words as common as 'the' and 'this'
        (("keep it clean",), LEADING_BULLETS + r"(?:the rules:\s*)?keep it clean\W{1,3}"
         r"(?:please avoid\b|and stay on (?:the )?(?:subject|topic)\b)"),
        (("this discussion is",), LEADING_BULLETS + r"this discussion is (?:now )?closed"
         r"(?: for comments(?: but you can still\b.{0,140})?)?" + LINE_END),
        (("have not been moderated",), LEADING_BULLETS + r"the comments below have not been moderated" + LINE_END),
    ),
    max_len=600,  # a moderation policy runs long (534 characters)
    # 'Comments are moderated by volunteers, a spokesperson explained' and '..., the moderator noted' report a policy
    guard=lambda line: not_attributed(line) and no_clause_attribution(line),
)
# What a blogging platform prints on every post, whatever the blog: WordPress's and Blogger's credits,
# feed and trackback notices, follow and like widgets, the archive's month counts. The same words on
# every site that runs the software, so a site never seen prints them too; a sentence that mentions
# the software ('A third of the web is powered by WordPress.') is left alone.
_PLATFORM = r"(?:blogger|wordpress|typepad|tumblr|movable type|livejournal)(?:\.com|\.org)?"
_BROWSER = (r"(?:microsoft )?(?:internet explorer|ie|firefox|netscape(?: navigator)?|mozilla|safari|chrome|opera)"
            r"(?: \d+(?:\.\d+)*)?(?:\+| or (?:higher|later|above|better|newer))?")
_SCREEN = (r"(?:,? (?:at|with|in|on) (?:a )?(?:minimum )?(?:screen )?(?:resolution (?:of )?)?\d{3,4} ?x ?\d{3,4}"
           r"(?: or (?:higher|above|more|better))?)")
line_rule(
    "blog_platform_v7",
    "A blogging platform's own lines ('Powered by Blogger.', 'Comments and pings are closed.') are not the post.",
    start=r"(?:proudly )?powered by " + _PLATFORM + LINE_END
    + r"|(?:blog at|(?:create a free website or blog|build a website|start a blog) (?:at|with)) wordpress\.com"
    + LINE_END
    + r"|theme:? [^.|]{1,40} by (?:[^.|]{1,30} )?(?:wordpress|automattic|elegant themes|woothemes|studiopress)"
    r"(?:\.com|\.org)?" + LINE_END
    + r"|entries \(rss\) and comments \(rss\)" + LINE_END
    + r"|you can follow any responses to this entry\b"
    r"|you can (?:skip to the end and )?leave a response\b"
    r"|responses are currently closed\b"
    r"|(?:both )?comments and pings are (?:currently )?closed" + LINE_END
    + r"|trackback url for this (?:entry|post)\b"
    r"|listed below are links to (?:weblogs|blogs|sites) that reference\b"
    r"|be the first to like this" + LINE_END
    # WordPress's like button run into its heading ('Like this: Like Be the first to like this.', 'Like this: Like
    # Loading...')
    + r"|like this:\s*like\b(?: (?:be the first to like this|loading\.*|\d[\d,]* (?:bloggers?|people) like this))?"
    + LINE_END
    + r"|\d[\d,]* (?:bloggers?|people) like this" + LINE_END
    + r"|join \d[\d,]* other (?:followers|subscribers)" + LINE_END
    + r"|view my complete profile" + LINE_END
    + r"|occasionally,? some of your visitors may see an advertisement here\b"
    r"|get every new post delivered to your inbox" + LINE_END
    + r"|fill in your details below or click an icon to log in\b"
    r"|you are commenting using your (?:wordpress\.com|twitter|facebook|google) account\b"
    r"|the views expressed (?:in|on) this blog are (?:those of the authors?|the authors?'s? own|my own)\b"
    # Blogger's archive widget: '► 2012 (45)', '▼ March (12)'
    r"|[►▼▶◄▸▾] ?(?:\d{4}|" + MONTH + r") \(\d{1,4}\)" + LINE_END
    # Blogger's post labels: 'Labels: budget, council, trams' (a list, no sentence)
    + r"|labels: (?:[^,.!?:]{1,40}, )*[^,.!?:]{1,40}" + LINE_END
    # LiveJournal's mood and music under a post ('Current Mood: accomplished'); the hit counter and the browser advice
    # a site of the 2000s printed on every page ('You are visitor number 028,611', 'Best viewed in Internet Explorer')
    + r"|current mood: [\w'’-]+(?: [\w'’-]+)?" + LINE_END + r"|current music: [^.!?]{1,60}" + LINE_END
    + r"|you are visitor(?: number| no\.?)?:? ?#?[\d,]+" + LINE_END
    + r"|this (?:page|site) has been (?:visited|viewed) [\d,]+ times" + LINE_END
    # the browsers (and the screen) a site was made for, and nothing else on the line
    + r"|(?:this (?:site|page) is )?best viewed (?:in|with|using) " + _BROWSER + r"(?:[;,]? (?:and |or )?" + _BROWSER
    + r")*" + _SCREEN + r"?" + LINE_END
    + r"|(?:this (?:site|page) is )?best viewed" + _SCREEN + LINE_END,
    # Blogger's theme credit: 'Awesome Inc. theme. Theme images by Ollustrator. Powered by Blogger.'
    anywhere=r"^.{1,40}? theme\. (?:theme images by .{1,40}?\. )?powered by " + _PLATFORM + LINE_END,
    keywords=("powered by",),
    phrases=(
        "about these ads", "follow this blog", "report this content", "blog stats", "search this blog",
        "links to this post", "create a link", "entries rss", "comments rss", "entries (rss)", "comments (rss)",
        "entries feed", "comments feed", "wordpress.org", "save to del.icio.us", "add to technorati favorites",
        "connecting to %s",
    ),
    max_len=200,
    guard=not_attributed,
)
line_rule(
    "copyright_v10",
    "Copyright, all-rights-reserved, reuse and trademark notices belong to the site, not the story.",
    start=r"(?:[-*•|]\s*)*(?:©|\(c\) ?\d{4}|copyright\b|℗)|rights reserved\W*$",
    anywhere=r"\ball rights reserved\b|\bcopyright (?:©\s*)?\d{4}|©\s*\d{4}"
    r"|this (?:material|article|copy|content) is for your personal"
    # 'The material on this site may not be reproduced, distributed, ... or otherwise used, except with ...'
    r"|\b(?:may|must|can) ?not be (?:[\w-]+,? (?:or )?){0,6}(?:published|reproduced|republished|redistributed"
    r"|copied|rewritten)\b"
    r"|\b(?:reproduction|redistribution|republication|copying)\b.{0,100}\b(?:prohibited|forbidden|not permitted)\b"
    r"|\btrademarks? of their respective (?:owners|holders|companies)\b"
    # 'Helixon, SecureVault and the Helixon logo are trademarks of Helixon Systems, Inc.'
    r"|\bthe [\w&.' -]{1,40} logos? (?:is a|are) (?:registered )?trademarks? of [^,;]{1,60}?,? (?:inc|ltd|llc|corp|co"
    r"|plc|gmbh|ag|sa)\b\.?(?:\W{0,3}$|\s+all other\b)"
    r"|\b(?:is|are) (?:a |among the )?(?:federally )?registered trademarks? of [^,;]{1,60}?"
    r"(?:,? (?:inc|ltd|llc|corp|co|plc|gmbh)\b\.?)?(?:\.|$)",
    keywords=("rights reserved", "copyright", "©", "for your personal", "not be", "prohibited", "forbidden",
              "not permitted", "respective", "registered trademark", "logo is a", "logos are", "logo are"),
    max_len=400,
    guard=copyright_guard,
)
# A note about the page itself after its label, in lower case or not ('Editor's note: this story has been updated ...').
_OWN_NOTE = re.compile(r":\s*this (?:story|article|post|report) (?:has been|was) (?:updated|corrected|revised)\b", re.I)
line_rule(
    "publishing_note_v7",
    "Notes on the article's own publishing (where it first ran, its updates, reprints) are not the story.",
    start=r"(?:this|the above) (?:story|article|post|piece|column|interview)(?: was| is| has been)?(?: (?:originally|first))+"
    r" (?:appeared|appears|published|posted|ran|featured)\b"
    r"|(?:this|the above) (?:story|article|post|piece|column) (?:was|is|has been) (?:produced|published|reported|co-published)"
    r" (?:in partnership|in collaboration|jointly) with\b"
    r"|(?:this|the above) (?:story|article|post|piece|column) (?:was|is|has been) (?:republished|reprinted|syndicated)"
    r" (?:from|with permission|courtesy|under|by arrangement)\b"
    r"|a version of this (?:article|story|piece|column) (?:appears|appeared|was published) (?:in print|on page|on p\.|in the)\b"
    r"|(?:originally|first) (?:published|appeared|posted) (?:on|in|at|by) [^,]{1,80}$"
    r"|\(?this (?:news )?(?:article|story|report|content) (?:was |is )?(?:provided|supplied|syndicated) by [^,;]{1,60}?"
    r"[.)]{0,2}$"
    # its updates and corrections ('Editor's note: This article has been updated to ...', '(Updates with closing prices)')
    r"|(?:editor['’]?s note:\s*|updated?(?:[ ,].{1,40}?)?:\s*|correction:\s*)?this (?:story|article|post|piece|report)"
    r" (?:has been|was) (?:updated|corrected|revised|amended)\b"
    r"|\(updates? (?:with|to add|to include|throughout)\b[^)]{0,80}\)\W{0,2}$"
    r"|corrections? (?:&|and) clarifications\s*:|an? (?:earlier|previous) version of this (?:story|article|post|report)\b"
    # reprints, licences and the agency's standards printed under its copy
    r"|(?:order|request|purchase) reprints?\b|(?:our|this|these) (?:stories|story|article|articles|content) (?:may|can) be"
    r" republished\b|our standards\s*:|the associated press receives (?:financial )?support from\b.{0,200}"
    r"\b(?:to enhance|solely responsible)\b"
    r"|quotes (?:displayed in real[- ]time or )?(?:are )?delayed (?:by )?at least \d+ minutes\s*[.;]"
    # the writer's views disclaimed ('The views expressed in this column are those of the author and do not
    # necessarily reflect ...', 'Disclaimer: Views expressed in this article do not necessarily reflect those of ...')
    r"|(?:disclaimer:\s*)?(?:the )?(?:views|opinions)(?: and (?:opinions|views|recommendations))?(?: expressed| made)"
    r" (?:(?:in|on) this (?:article|column|post|blog|piece|story|op-ed|commentary) |(?:above|below) )?"
    r"(?:are (?:those of |the )(?:(?:the |its )?(?:authors?|writers?|columnists?|contributors?)|individual analysts)\b"
    r"|do(?:es)? not (?:necessarily )?(?:reflect|represent)\b)"
    # a press office's story reprinted, and its source ('Story Source: The above story is reprinted from materials
    # provided by ...')
    r"|story source\s*:"
    r"|(?:note:\s*)?materials may be edited for content and length\b"
    r"|need to cite this (?:story|article) in your (?:essay|paper|report)\b"
    r"|note:\s*if no author is given,? the source is cited instead\b"
    r"|the above (?:story|post|article) is (?:reprinted|based on|adapted) (?:from )?materials provided by\b"
    # the disclaimer of a site that hosts press releases (the release's own contacts and statements are its text)
    r"|press releases are (?:provided|supplied) by [^.!?]{2,40}\. .{0,80}\bnot responsible for\b"
    # a site's disclaimers under every story: advice, disclosure, the presumption of innocence, affiliate links
    r"|(?:(?:note|disclaimer):\s*)?this (?:article|information|content|post|site|story)"
    r"(?: (?:on|in) this (?:site|page))?"
    r" (?:is for informational purposes only\b|is not (?:intended as )?a substitute for professional (?:medical|legal"
    r"|financial) advice\b|is not intended (?:as a substitute for professional|to (?:provide|be a substitute for))"
    r" (?:medical|legal|financial) advice\b)"
    r"|disclosure\s*:\s*[^.!?]{2,80}? (?:does not|doesn't|did not) (?:own|hold) (?:shares|stock|a position)\b"
    r"|arrests are not convictions\."
    r"|this (?:post|article|page|site) (?:may )?contains? affiliate links\W{0,3}(?:$|please read\b|(?:we|i) (?:may )?"
    r"(?:earn|receive)\b|which means\b)",
    # the agency's description of itself under its copy ('Reuters is the world's largest international multimedia news agency')
    anywhere=r"^[\w&.,'’ -]{1,60}\b(?:is|are) the world['’]s (?:largest|leading) (?:[\w-]+ ){0,3}news (?:agency|provider"
    r"|organi[sz]ation)\b.{0,40}\b(?:providing|reaching|serving|delivering|offering)\b",
    keywords=("world's", "world’s"),
    # a release host's disclaimer ('PRDispatch is not responsible for the content of releases distributed ...'), looked
    # for only in lines that hold its words: a pattern that opens with any name is tried on every line
    gated=((("content of releases", "content of press releases", "content of this release", "content of the release"),
            LEADING_BULLETS + r"(?:[\w&.,'’ -]{1,60}? )?is not responsible for the content of"
            r" (?:(?:press )?releases(?: distributed through (?:its|this) (?:service|site))?|this release|the release)"
            r"\W{0,3}(?:$|releases? (?:are|is)\b)"),),
    max_len=600,  # an agency's notes run long ('Reuters is the world's largest ...': 464 characters)
    guard=lambda line: (not_said(line) and no_clause_attribution(line)
                        and (not_labelled_sentence(line) or _OWN_NOTE.search(line) is not None)),
)
# A site's disclaimer is said of the site: its subject is the page, its content or 'nothing here', and it opens the
# line (after a 'Disclaimer:' label). The same words about a service, a court's ruling or a columnist's own advice
# open with someone else ('Pension Wise does not provide financial advice; ...', 'The judge ruled that ...').
_ADVICE_FIELD = r"(?:medical|legal|financial|investment|tax|trading|nutritional|health|professional)"
_ADVICE = (r"(?: an?| any)?(?: (?:individual|personal(?:i[sz]ed)?|professional|specific|independent))? " + _ADVICE_FIELD
           + r"(?:(?:,|,? or|,? and) " + _ADVICE_FIELD + r")*"
           + r"(?: (?:advice|recommendations?)| or (?:any )?other advice)")
_DISCLAIMER_LABEL = (r"(?:(?:[\w ]{0,20})?(?:disclaimer|risk warning|risk disclosure)\s*[:\-–—]\s*|important\s*:\s*"
                     r"|note\s*:\s*)?")
_SITE_SELF = (
    r"(?:(?:the |all |any )?(?:information|content|material|materials|data|opinions|views)"
    r"(?: (?:contained|provided|published|presented|herein))*"
    r"(?: (?:on|in|of|at|within) (?:this|our|the) (?:site|website|web site|page|article|post|blog|channel|video"
    r"|newsletter|podcast|publication))?"
    r"|(?:this|our|the) (?:article|post|blog|site|website|page|newsletter|podcast|video|channel|publication"
    r"|communication|report|content|information|material|column)(?: and (?:its|the) [\w ]{1,30})?)"
)
_NOT_ADVICE = (
    r"(?:(?:is|are|does|do|should|must) not(?: intended| meant| to be| be)?(?: (?:as|to be|to provide|to replace"
    r"|to constitute|taken as|construed as|considered|relied (?:up)?on as|a substitute for|intended to be a substitute"
    r" for))*|(?:does|do) not (?:constitute|provide|offer|replace|contain)|(?:is|are) not intended (?:as|to be)?,?"
    r" (?:and should not be (?:taken|construed) as,? )?)"
)
_OPENING = LEADING_BULLETS + _DISCLAIMER_LABEL  # the notice opens its line, after a bullet and a 'Disclaimer:' label
line_rule(
    "advice_disclaimer_v1",
    "A site's notice that its pages give no professional advice, or answer for no reader's comment, covers the site.",
    # each shape looked for only in the lines that hold its words: none has a first word to index
    gated=(
        (("advice", "recommendation"),
         _OPENING + r"(?:" + _SITE_SELF + r" " + _NOT_ADVICE + _ADVICE
         + r"|nothing (?:here|herein|on this \w+|in this \w+|contained (?:here|on this \w+|in this \w+))"
         r" (?:is|constitutes|should be (?:construed|taken) as)" + _ADVICE
         + r"|(?:this|it) is not" + _ADVICE + r"\W{0,3}(?:$|(?:please )?(?:do your own|dyor|consult|seek)\b)"
         + r"|not " + _ADVICE_FIELD + r" advice\W{0,3}(?:$|(?:nfa|dyor|do your own)\b))"),
        ((" only",),
         _OPENING + _SITE_SELF + r" (?:is|are) (?:provided )?(?:strictly |solely )?for (?:general )?(?:information"
         r"|informational|educational|entertainment)(?: and (?:information|informational|educational|entertainment))?"
         r"(?: purposes)? only\b"),
        # an investment site's risk warning, the whole line or opening one
        (("past performance",),
         _OPENING + r"(?:capital at risk\W+)?past performance (?:is|does) (?:not|no) (?:necessarily )?(?:indicative"
         r"|a guarantee|a guide|a reliable|guarantee)[\w ]{0,40}\W{0,3}(?:$|the value of\b|capital at risk\b"
         r"|investing involves\b)"),
        (("suitable for all investors",),
         _OPENING + r"(?:[\w&.'’ -]{1,60}? )?(?:carries|involves) (?:an? )?(?:high|substantial|significant)? ?"
         r"(?:level |degree )?(?:of )?risk.{0,60}\b(?:may not be|is not) suitable for all investors"),
        # no answer for other sites or for the readers' comments, the whole line
        (("not responsible for the content",),
         _OPENING + r"(?:we|[\w&.'’ -]{1,40}?) (?:is|are) not responsible for the content of (?:(?:the )?(?:external"
         r"|third[- ]party|linked|other) (?:web ?)?(?:sites|websites|internet sites|pages)(?: linked[\w ]{0,20})?"
         r"|(?:any )?(?:reader )?comments\b(?: posted[\w ]{0,30})?)\W{0,3}$"),
        # a fitness page's notice, the whole line ('Consult your physician before beginning any exercise program.')
        (("consult",),
         _OPENING + r"(?:always )?consult (?:your|a) (?:physician|doctor|gp|health ?care (?:provider|professional)"
         r"|health professional) before (?:beginning|starting|undertaking|making) any (?:new )?[\w ,-]{0,40}"
         r"(?:program|programme|regimen|routine|plan|diet|changes? to your \w+)\W{0,3}$"),
    ),
    max_len=600,
    # '..., but it is a useful start' argues with the notice: the writer's own sentence
    guard=lambda line: not_said(line) and no_clause_attribution(line) and ", but " not in line,
)
_AD_LABEL_SENTENCE = re.compile(r"[-*•|»›· ]*(?i:advertisement|advertorial)\s*[:|]\s*[a-z]")
line_rule(
    "advertisement_v12",
    "Advertisement labels and placeholders, sponsored-content or affiliate markers and shop links are not the article.",
    phrases=(
        "advertisement", "advertising", "advertisment", "anzeige", "publicidad", "publicité", "publicidade",
        "sponsored", "sponsored content", "sponsored links", "sponsored link", "sponsored stories",
        "paid content", "paid post", "paid partnership", "promoted", "promoted content", "promoted stories",
        "ad", "ads", "ad feedback", "featured advertising", "story continues below",
        "story continues below advertisement", "continue reading below", "article continues below",
        "story continues after advertisement", "article continues after advertisement",
        "story continues after this advertisement", "article continues after this advertisement",
        "article continues below this ad", "report this ad", "advertisement - scroll to continue",
        "pubblicità", "anuncio", "advertentie", "werbung", "reklame", "annonce", "publicidad - sigue leyendo",
        "hide ad", "close ad", "skip ad",
    ),
    start=r"ads by \w+" + LINE_END + r"|(?:sponsored(?: content| post)?|advertisement|advertorial)\s*[:|]\s*\S"
    # a label with the reader's way on
    r"|(?:advertisement|ad)\s*[-–—:|]\s*(?:continue reading|story continues|article continues)(?: below)?"
    + LINE_END,
    anywhere=r"may (?:get|earn|receive) an? (?:small |affiliate )?(?:share|commission)\b|may collect a share of sales\b"
    r"|\b(?:affiliate|commission) (?:links?|earned)\b.{0,80}\b(?:purchase|buy)",
    keywords=("commission", "affiliate", "a share of"),
    gated=(
        # a shop link ('$130 at Zappos', 'Shop it: $29.99 at Amazon'); `shop_link_guard` reads the shop's capitals
        (tuple(CURRENCY_SIGNS), SHOP_LINK),
        # a slot that did not load (it opens with 'this', which too many lines do to try it on each)
        (("has not loaded",), LEADING_BULLETS + r"this (?:advertisement|ad) has not loaded\b.{0,80}$"),
        # a paid link marked after its headline ('The jersey deals fans are going crazy for (Sponsored)')
        (("(sponsored)", "(promoted)", "(paid content)", "(paid post)", "(advertisement)", "(advertorial)"),
         r"\((?:sponsored|promoted|paid content|paid post|advertisement|advertorial)\)\W{0,2}$"),
    ),
    max_len=250,
    # 'Brokers may receive a commission' reports; '$1,200 at Christmas' names no shop; 'Advertisement: the council's
    # new campaign shows ...' describes one
    guard=lambda line: commission_guard(line) and shop_link_guard(line) and _AD_LABEL_SENTENCE.match(line) is None,
)
line_rule(
    "ad_blocker_notice_v2",
    "Requests to turn off an ad blocker address the reader's browser, not the story.",
    anywhere=r"\byou(?:['’]re| are) (?:using|running) an? ad[- ]?blocker"
    r"|\b(?:turn off|disable|pause|switch off|whitelist us in) (?:your |the )?ad[- ]?block(?:er|ing)?s?\b"
    r"|\bad[- ]?block(?:er|ing)? (?:detected|is (?:enabled|on|active))",
    keywords=("ad block", "adblock", "ad-block"),
    guard=not_attributed,  # "'You're using an ad blocker,' the message reads" reports one
)
line_rule(
    "cookie_notice_v7",
    "Cookie and privacy consent notices are site chrome.",
    start=r"(?:accept|reject|allow|manage)(?: all)?(?: cookies)?$|(?:privacy(?: and cookie)?|cookie) "
    r"(?:policy|settings|notice|preferences)\W*$"
    # a banner's heading: 'Cookies on GOV.UK', 'Cookies on the BBC website'
    r"|cookies on (?:[\w-]+(?:\.[\w-]+)+|(?:the )?(?:[\w'’&.-]+ ){0,3}(?:website|site))\W{0,3}$",
    anywhere=r"\bcookies?\b.{0,120}\b(?:consent|accept|agree|browsing|this site|our site|our website|policy|settings)\b"
    r"|\b(?:consent|agree|agreeing|accept|accepting)\b.{0,40}\b(?:use of|placement of|our|these) cookies\b"
    r"|\b(?:this|our) (?:site|website|web site|page) uses cookies\b"
    r"|\bby (?:continuing|using|browsing)\b.{0,80}\bcookies\b"
    # the site saying what it sets: 'We use some essential cookies to make this website work.'
    r"|^we (?:also )?(?:only )?use (?:\w+ ){0,3}cookies\b|^we(?:'d| would) (?:also )?like to (?:set|use) (?:\w+ ){0,3}cookies\b",
    keywords=("cookie",),
    max_len=400,
    guard=cookie_guard,  # 'Shoppers were happy to accept the cookies, she said.' reports
)
line_rule(
    "site_terms_v5",
    "Terms-of-use, privacy and data notices ('Use of this site constitutes acceptance of ...') belong to the site.",
    anywhere=r"\bconstitutes acceptance of (?:our|the|these) "
    r"(?:user agreement|visitor agreement|terms|privacy|conditions)"
    r"|\b(?:read|review|view|see) our (?:terms|privacy|user agreement|visitor agreement|code of conduct"
    r"|community (?:guidelines|standards))"
    r"|\bby (?:using|registering|signing up|subscribing|submitting|clicking|continuing)\b.{0,80}"
    r"\byou (?:agree|accept|consent)\b"
    r"|^(?:(?:nyse|nasdaq|amex|and|all|stock|market|real-time) )*(?:quotes|data|prices)(?: are)? delayed "
    r"(?:by )?(?:at least |a minimum of |up to )?\d+ min"  # 'NYSE and AMEX quotes delayed by at least 20 minutes'
    r"|(?:^|\()(?:[\w ]{1,30}, )?no spam(?:[,.!)]| ever\b)"  # 'No spam, we promise.', '(One email a day, no spam)'
    r"|\byou can unsubscribe at any time\b|\byour personal data will\b",
    keywords=("acceptance of", "read our", "review our", "view our", "see our", "you agree", "you accept",
              "you consent", "delayed", "no spam", "unsubscribe", "personal data"),
    # the links box's notice at the line's start ('The BBC is not responsible for the content of external internet
    # sites'), looked for only in lines that hold its words: a pattern that opens with any name is tried on every line
    gated=((("content of external",), LEADING_BULLETS + r"(?:note:\s*)?[\w&'’ -]{1,40}? (?:does not endorse and )?"
            r"is not responsible for the content of external (?:internet )?(?:sites|websites|links|pages)"
            r"\W{0,3}(?:$|[-–] links? (?:will )?opens?\b)"),),
    max_len=300,
    # "'By using it, you agree to be tracked,' the complaint alleges" and '..., the court held' report a policy
    guard=lambda line: not_attributed(line) and no_clause_attribution(line),
)
line_rule(
    "byline_v5",
    "A short byline ('By Jane Doe') or staff-title line names the writer, it isn't the story.",
    start=BULLET_PREFIX + r"(?:(?:written|reported|edited|(?:medically )?reviewed|fact[- ]checked) )?(?:by|por|von|par|di)\s*:?\s+"
    r"\S++(?:\s+\S+){0,11}+$|by$|author:\s*\S++(?:\s+\S+){0,5}+$",
    anywhere=r"^(?:\S+\s){0,3}+(?:staff |senior |national |political |business |sports )?"
    r"(?:writer|correspondent|reporter|editor|columnist|contributor)s?$"
    r"|^[^,]{3,40}, (?:\S+\s){1,3}staff$",  # 'Jenna Whitaker, Hometown Corner Staff'
    ends=(
        "writer", "writers", "correspondent", "correspondents", "reporter", "reporters", "editor",
        "editors", "columnist", "contributor", "contributors", " staff",
    ),
    max_len=110,
    guard=byline_guard,
)
line_rule(
    "contributor_credit_v2",
    "Credits for who reported or edited ('Jane Doe contributed to this report.') name the staff, not the story.",
    start=r"\(?(?:[-—–]+\s*)?(?:(?:with )?additional |with |and |also )?(?:reporting|writing|editing|compiled|research"
    r"|fact[- ]checking|translation|graphics|production)(?: and \w+)? by\b|\(?(?:[-—–]+\s*)?with (?:assistance|inputs)"
    r" from\b|contributing\s*:",
    anywhere=r"\bcontributed (?:reporting|research|to this (?:report|story|article))\b|^(?:[\w.'’-]+ ){2,8}contributed\W{0,2}$",
    keywords=("contributed",),
    max_len=300,
    guard=contributor_guard,
)
line_rule(
    "author_bio_v4",
    "A writer's bio ('Phil Helsel is a reporter for NBC News.') introduces the byline, not the story.",
    anywhere=r"^" + BULLET_PREFIX + r"(?:[\w.'’-]+\s){2,3}(?:(?:is|has been) (?:(?:an?|the) |(?:the )?[\w.&-]+['’]s? )?"
    r"(?:(?!(?:and|or|in|at|of|who|but)\b)[\w-]+,? ){0,5}?(?:reporter|correspondent|editor|writer|columnist"
    r"|journalist|producer|contributor|photographer|intern|critic|blogger)\b|covers \S)",
    keywords=("reporter", "correspondent", "editor", "writer", "columnist", "journalist", " covers "),
    max_len=300,  # a bio is a line or two; longer lines are the story's paragraphs
    guard=author_bio_guard,
)
# 'Saturday' over a forecast's paragraph is its heading; a range of hours is a timetable's line ('Thursday: 10 a.m.–9 p.m.')
_DAY_ALONE = re.compile(r"\W*" + DAY_ATOMIC + r"\W*", re.I)
# Stamps, months and days of other languages, lower-cased: Spanish, Portuguese, French, German, Italian, Dutch,
# Swedish, Norwegian, Polish (months as a date declines them), Turkish.
FOREIGN_STAMP_WORDS = (
    "actualizado", "actualizada", "publicado", "publicada", "atualizado", "atualizada", "publié", "publiée",
    "mis à jour", "modifié", "modifiée", "veröffentlicht", "aktualisiert", "aggiornato", "aggiornata", "pubblicato",
    "pubblicata", "publicerad", "uppdaterad", "publisert", "oppdatert", "gepubliceerd", "bijgewerkt", "opublikowano",
    "zaktualizowano", "aktualizacja", "publikacja", "güncelleme", "yayınlanma",
)
FOREIGN_MONTHS = (
    "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "setiembre", "octubre",
    "noviembre", "diciembre", "janeiro", "fevereiro", "março", "maio", "junho", "julho", "setembro", "outubro",
    "novembro", "dezembro", "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
    "octobre", "décembre", "januar", "jänner", "februar", "märz", "april", "juni", "juli", "august", "september",
    "oktober", "november", "dezember", "gennaio", "febbraio", "aprile", "maggio", "giugno", "luglio", "settembre",
    "ottobre", "dicembre", "januari", "februari", "maart", "mei", "augustus", "augusti", "maj", "desember",
    "december", "stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia", "września",
    "października", "listopada", "grudnia", "ocak", "şubat", "mart", "nisan", "mayıs", "haziran", "temmuz",
    "ağustos", "eylül", "ekim", "kasım", "aralık",
)
FOREIGN_DAYS = (
    "lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo", "lundi", "mardi", "mercredi", "jeudi",
    "vendredi", "samedi", "dimanche", "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag",
    "lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica", "segunda-feira", "terça-feira",
    "quarta-feira", "quinta-feira", "sexta-feira", "segunda", "terça", "quarta", "quinta", "sexta", "maandag",
    "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag", "måndag", "tisdag", "onsdag", "torsdag",
    "fredag", "lördag", "söndag", "mandag", "tirsdag", "lørdag", "søndag",
)


def _words(words: tuple[str, ...]) -> str:
    """One alternation of whole words, the longest first ('segunda-feira' before 'segunda')."""
    return "(?:" + "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True)) + r")\b"


# A date or stamp of those languages: a figure, and words of the lists and a few short ones around it ('publié le
# 9 janvier 2025 à 17h12', '12. Februar 2025, 18:34 Uhr', 'Uppdaterad 24 mars 2025 kl 09.12', '7 maja 2025 | 15:42',
# 'Atualizado há 2 horas'). A line is tried only when it holds a word of the lists (or 'uhr').
FOREIGN_STAMP_LINE = (
    "^" + BULLET_PREFIX + r"(?=.*\d)(?>(?>" + _words(FOREIGN_STAMP_WORDS) + ":?|" + _words(FOREIGN_MONTHS) + "|"
    + _words(FOREIGN_DAYS) + r",?|\d{1,2}h\d\d\b|\d++\.?|[/.:,\-–—|()]|[ap]\. ?m\.|(?:de|del|el|le|à|às|a|em|am|um|alle|"
    r"il|kl|klo|godz|uhr|hs?|horas?|heures?|stunden?|ore|há|hace|vor|fa|sedan|siden|geleden|temu|cet|cest|brt|art)\b)"
    r"\s*+){2,16}+$"
)
FOREIGN_STAMP_KEYWORDS = FOREIGN_STAMP_WORDS + FOREIGN_MONTHS + FOREIGN_DAYS + ("uhr",)
_HOURS = re.compile(r"(?<!\d)\d{1,2}(?:[:.]\d\d)?\s?(?:[ap]\.?m\.?)?\s?[–-]\s?\d{1,2}(?:[:.]\d\d)?\s?[ap]\.?m\b", re.I)
line_rule(
    "timestamp_v7",
    "A line that is only a date, time or 'Published/Updated' stamp is page metadata (not a day over a log's entries).",
    start=BULLET_PREFIX + r"(?:[\[(] ?)?(?:(?:first |last )?(?:published|updated|posted|created|modified|date|released?|"
    r"publication date|publicado|atualizado|veröffentlicht|aktualisiert)(?: on| at)?\s*[:|]?\s*)?"
    # a word of three letters or a date somewhere ('09 January, 2008', '13/01/2008', '2008-01-13'), or a wire's day and
    # second ('01/09 18:48:47 ET'): not a score or a count alone
    r"(?=.*(?:[a-z]{3}|\d{1,4}[/.]\d{1,2}[/.]\d{2,4}|\d{4}-\d\d-\d\d|\d\d?/\d\d? \d\d?:\d\d:\d\d))"
    r"(?>(?>" + DAY_ATOMIC + r"|" + MONTH + r"|\d++(?:st|nd|rd|th)?|[/.:,\-–—|@()\[\]]|at|on|de|um|à|às|a\.?m\.?|"
    r"p\.?m\.?|gmt|bst|utc|cet|cest|est|edt|pst|pdt|cst|cdt|ist|aest|et|pt|ct|hrs?|h|ago|minutes?|hours?|"
    r"days?|mins?)\s*+){1,14}+$",
    # The same in other languages, searched only in lines holding one of their words
    gated=((FOREIGN_STAMP_KEYWORDS, FOREIGN_STAMP_LINE),),
    max_len=90,
    guard=lambda line: _DAY_ALONE.fullmatch(line) is None and _HOURS.search(line) is None,
    spare=day_entry_headings,  # 'Aug. 1' over a sheriff's log's calls of that day, 'Friday, June 22' over a programme's
)
line_rule(
    "stamp_line_v5",
    "Dates, times and 'Posted by'/'Updated' words around at most a name are a byline's or comment's stamp.",
    anywhere=r"\b" + MONTH + r" \d{1,2}(?:st|nd|rd|th)?\b|\b\d{1,2}(?:st|nd|rd|th)?,? " + MONTH + r"\b",
    keywords=MONTH_ABBREVIATIONS,
    # a blog post's footer signs with the time alone ('Posted by Alex Chitu at 9:14 AM', Blogger's default), 'Posted'
    # or 'By' first or after the time: 'Keynote by President Obama, 11:00 a.m.' is a programme's item
    gated=((("posted", "by "), r"^(?:posted|by)\b.{0,60}?\d{1,2}:\d\d|^\d{1,2}:\d\d.{0,60}?\bby\b"),),
    max_len=160,
    guard=is_stamp_line,
)
line_rule(
    "author_contact_v1",
    "An author contact or tip line (e-mail or handle with a contact verb) is not the story.",
    start=r"(?:write to|e-?mail|contact|reach|follow|have a (?:news )?tip|send (?:us )?(?:your )?tips?)\b.{0,120}"
    r"(?:@|\bat\b)",
    anywhere=r"\b(?:may|can) be (?:reached|contacted) at\b",
    keywords=("be reached", "be contacted"),
    max_len=260,
    guard=lambda line: "@" in line or _CONTACT_AT.search(line) is not None,
)
_CONTACT_AT = re.compile(r"\bat\s+\S+\.(?:com|org|net|co\.uk|gov|edu)\b|\bat\s*@|\(\d{3}\)|\d{3}[-.]\d{3}[-.]\d{4}", re.I)
line_rule(
    "paywall_prompt_v10",
    "Subscription, paywall and account prompts sell access; they are not the article.",
    start=r"to (?:read|continue reading|access) (?:this|the|our|more|unlimited)\b.{0,120}\b(?:subscri\w*|"
    r"register\w*|sign(?:ed)? in|log(?:ged)? in|account|premium|members?|full (?:story|article))\b"
    r"|(?:already (?:a )?(?:subscriber|member|have an account)(?=\s*(?:[?!.:]|$))|subscribe (?:now|today|to)|"
    r"subscribe for (?:unlimited|full|digital|only|just|as little|less than|free|[$£€\d])|not a (?:subscriber|member)(?=\?)|"
    r"(?:already )?have an account\? (?:log|sign) in|already (?:contributed|donated)(?=\?)|"
    r"please (?:log|sign) in to (?:use|access|continue|comment|read)|don['’]?t have an account(?=\?)|"
    r"become a (?:member|subscriber)|get (?:unlimited|full|digital) access|start your (?:free )?trial|"
    r"this (?:article|content|story) is (?:for|available to|only available to|available exclusively to) (?:[\w'’ ]{1,30} )?"
    r"(?:subscribers|members)|"
    r"you(?: have|['’]ve) (?:reached|read) (?:your|the|\d+) (?:free|limit|of)|your account has been"
    r"|you have (?:\d+|one|two|three) (?:more )?free (?:articles?|stories) (?:left|remaining)"
    r"|create (?:a |an )?(?:free )?account(?= (?:to|and|for|now|today)\b|\W*$)|(?:forgot(?:ten)? your|reset) password)\b.{0,200}$"
    r"|(?:your |enter (?:your )?)?(?:username|password|e-?mail address)(?: or e-?mail(?: address)?)?(?:\W{0,3}$|\s*:)"
    r"|password recovery\W{0,3}$"
    r"|(?:subscription deals|subscriber agreement|terms (?:of (?:use|service|sale)|and conditions|& conditions))\W*$"
    # the same prompts on French, German, Dutch, Spanish, Portuguese and Italian pages
    r"|(?:cet article est )?réservé aux abonnés|abonnez-vous\b|déjà abonné\s?\?|(?:jetzt )?weiterlesen mit\b"
    r"|wil je dit artikel lezen\?|neem een abonnement\b|suscríbete\b|¿?ya eres suscriptor\?|assine (?:já|agora)\b"
    r"|já é assinante\?|abbonati (?:ora|subito)\b|sei già abbonato\?",
    anywhere=r"\b(?:subscri\w*|access|membership|digital|join)\b.{0,80}\bfor as little as\b.{0,40}\b(?:month|week|year)"
    r"|\bfor as little as\b.{0,40}\b(?:month|week|year)\b.{0,60}\b(?:subscri\w*|access|membership)\b"
    r"|[.!?] to continue reading\b.{0,80}\b(?:subscri\w*|register\w*|sign in|log in)\b"
    r"|\b(?:abonnez-vous|réservé aux abonnés)\b",
    keywords=("as little as", "continue reading", "abonnez-vous", "réservé aux abonnés"),
    guard=not_said,  # 'Subscribe to the scheme now, the minister told homeowners' reports
)
line_rule(
    "wire_slug_v2",
    "News-agency slugs ('AP-US--Trump, 4th Ld-Writethru') and reading-time stamps are metadata.",
    start=r"(?:bc|ap)-[a-z]{2,}-{1,2}\S|(?:tempo de leitura|reading time|lesezeit|temps de lecture)\s*:?"
    r"|\d+ min(?:ute)?s? read$"
    r"|\d+ (?:min\.?|minut[oi]s?|minuten|minuter) (?:di lettura|de lectura|de leitura|de lecture|lesezeit|leestijd|läsning|lesetid)$",
    anywhere=r"\bld[- ]writethru\b",
    keywords=("writethru",),
    max_len=120,
)
line_rule(
    "code_fragment_v2",
    "Script, CSS or template fragments that leaked into the text are not prose.",
    start=r"[{}();\[\]'\"+,]{1,4}$|(?:else|try|catch|function|var|let|const|return|if|for)\b.{0,80}[{};(]$"
    r"|</?\w+[^>]*>$|\[/?\w+(?: [^\]]*)?\].{0,200}\[/\w+\]$"
    r"|@media\b|\.[\w-]+\s*\{",
    anywhere=r"^\S*[{;]$|^\w+\s*=\s*[\w.\[\]'\"()+ ]+;$|document\.(?:getelementbyid|write|queryselector|cookie)"
    r"|window\.\w+\s*=|\bfunction\s*\(|\{\{.*\}\}",
    keywords=("document.",),
    ends=("{", ";", "}"),
    guard=lambda line: line.count(" ") < 4 or not _CODE_SYNTAX.isdisjoint(line),  # 'if the river rises, move upstairs;'
)
# Five or more words and nothing of code's syntax: an item of a list written with semicolons, not code.
_CODE_SYNTAX = frozenset("(){}[]=<>$_")


# Pages saved as text sometimes print an ad's script, a tracking link or an embed as its HTML source
# ('<script language="JavaScript"> document.write(\'<a href="http://clk.atdmt.com/...') on one line,
# often longer than the other rules look at. Most of such a line is inside tags; a sentence that
# mentions a tag ('type <br> for a line break') is not, and an article paragraph with an ad's tag run
# into it keeps its words outside the tags: that line stays.
MARKUP_MIN_SHARE = 0.5  # share of the line's characters inside '<...>' tags
MARKUP_TEXT_MAX_WORDS = 10  # words outside the tags: more, and the line holds text of its own
# A tag may be printed escaped, as a page that shows its own source does ('&lt;span class="..."&gt;').
_TAG = re.compile(r"<[^<>]{1,2000}>|&lt;(?:(?!&[lg]t;)[^<>]){1,2000}&gt;")


def is_mostly_markup(line: str) -> bool:
    """Half the line or more inside tags, and hardly a word outside them."""
    if sum(m.end() - m.start() for m in _TAG.finditer(line)) < MARKUP_MIN_SHARE * len(line):
        return False
    outside = _TAG.sub(" ", line).split()
    return sum(1 for token in outside if any(c.isalpha() for c in token)) <= MARKUP_TEXT_MAX_WORDS


line_rule(
    "html_markup_v2",
    "A line made mostly of HTML tags (an ad's script, a link or an embed printed as its source) is markup, not prose.",
    anywhere=r"<(?:[a-z][a-z0-9]*\b|/[a-z]|!\[|!--)[^<>]*>|&lt;/?[a-z][a-z0-9]*\b",
    keywords=("<", "&lt;"),
    max_len=20_000,
    guard=is_mostly_markup,
)


# A news site asks its readers for tips, pictures and opinions under or beside every story, in its own
# words: 'Got a news tip?', 'Have your say', 'Send us your feedback!'. Each form is an imperative or a
# question to the reader at the line's start; reported speech ('Police asked anyone with information
# to send tips to ...') never starts a line that way, and a line sending tips anywhere but to an
# address ('Send photos of the flood damage, the mayor said') is not one of them.
# 'Did we get something wrong? the paper asked readers ...': the question goes on in lower case, reported
_REPORTED_QUESTION = re.compile(r"\?['\"”’]?\s+(?!\S+@|e-?mail\b|send\b|contact\b|call\b|write\b|tell\b)[a-z]")
line_rule(
    "reader_prompt_v6",
    "Requests for the reader's tips, photos, feedback or views ('Got a news tip?') address the reader, not the story.",
    start=r"(?:have|got) (?:a|any) (?:confidential )?(?:news |story )?(?:tips?|story ideas?)(?: or (?:a |any )?(?:news )?tips?)?(?: for us)?\?"
    r"|(?:confidential|news) tip\? send\b|did we (?:get something wrong|miss something|make a mistake)\?"
    r"|have a (?:view|comment|say) on this (?:story|article)\b"
    r"|have your say" + LINE_END
    + r"|what do you think(?: about| of)? (?:this|the) (?:particular )?(?:story|article)" + LINE_END
    + r"|tell us what you think" + LINE_END
    + r"|when news happens\b"
    + r"|send (?:us )?(?:your )?(?:news |investigative |story )?(?:tips|tip-offs|feedback|story ideas)"
    r"(?:" + LINE_END + r"| (?:to|on|via|at) .{1,100}$)"
    r"|e-?mail (?:us )?(?:your )?(?:comments|feedback|tips|news tips|story ideas)\b.{0,40}? (?:to|at) "
    # 'Send us your news tips and photos! Click here to upload.', 'SMS your news and pictures to 34567.', 'Got a snow
    # photo? Upload it to our U Local section ...', 'Stay with KTVR 9 News ... for updates on this developing story.'
    r"|(?:send|e-?mail) us your (?:news|photos|pictures|videos)(?: tips)?"
    r"(?:,? (?:and|or) (?:photos|pictures|videos|tips))?(?: to\b|[!.])"
    r"|(?:sms|text) (?:us )?your (?:news|photos|pictures)(?:,? (?:and|or) (?:photos|pictures|videos|tips))? to \d{3,6}"
    r"(?:\W{0,3}$|\. standard (?:rates|charges)\b)"
    r"|(?:got|have|take) an? [\w-]+ (?:photo|picture|video)\? (?:upload|send|share|e-?mail) (?:it|them) (?:to|with)"
    r" (?:us|our)\b"
    r"|stay with (?:us|[^.!?]{1,40}?\b(?:news|tv|radio|[\w-]+\.com)\b[^.!?]{0,30}?) for (?:updates|the latest) on this"
    r" (?:developing )?story\W{0,3}$",
    max_len=250,
    guard=lambda line: _REPORTED_QUESTION.search(line) is None,
)

# An outlet asks for money or for its app in its own voice ('Our journalism needs your support.', 'Download the
# NBC News app for breaking news'): the words 'our journalism' or 'your support' of the reader, or an
# imperative to download an app that opens the line. Reported speech ('..., the editor wrote') is vetoed.
line_rule(
    "support_appeal_v6",
    "Appeals to fund the outlet's journalism or to download its app address the reader, not the story.",
    start=r"(?:download|get|install) (?:the|our) (?:free |new |official )?(?:[\w'’&.-]+ ){0,4}apps?"
    r"(?: (?:for (?:the )?(?:latest|breaking|more|live|all|news)|to (?:stay|get|keep|read|follow|receive|never|see)"
    r"|on (?:ios|android|iphone|apple|google play|the app store))\b|\W{0,3}$)"
    r"|jetzt (?:die |unsere )?(?:[\w'’&.-]+?[ -]){0,3}app herunterladen\W{0,3}$|baixe (?:o|nosso) app\b|scarica (?:l['’]|la nostra )app\b"
    # an app store's badge ('Download on the App Store', 'Get it on Google Play'), and 'Hürriyet uygulamasını indirin'
    r"|(?:download on the app store|get it on google play|available on the app store|disponible en google play)\W{0,3}$"
    r"|[\w'’]+ uygulamasını indirin\W{0,3}$"
    r"|(?:stay up[- ]to[- ]date|get the latest|for the latest|keep up)\b.{0,80}\b(?:download(?:ing)?|using) (?:the|our) "
    r"(?:free )?(?:[\w'’&.-]+ ){0,4}apps?\b"
    r"|(?:please )?support (?:(?:local|independent|our|quality|free[- ]thinking|trusted|fact[- ]based|nonprofit|non-profit"
    r"|public[- ]interest|award[- ]winning|student|[\w'’.-]+(?: [\w'’.-]+)?(?:['’]s?)?),? ){1,3}(?:journalism|news|reporting|newsroom|work)\b"
    r"|support us\b|(?:please )?(?:donate|give|chip in)(?: (?:today|now))?\W{0,3}$|make a (?:donation|gift|contribution)\W{0,3}$"
    r"|become an? (?:[\w'’.-]+ ){0,2}(?:donor|supporter|patron|member|insider)(?: today)?\W{0,3}$"
    r"|thank you for (?:supporting|reading and supporting) (?:local |independent |our )?(?:journalism|reporting|newsroom)\b",
    anywhere=r"\b(?:our|this) (?:journalism|reporting|newsroom|nonprofit newsroom)\b.{0,80}"
    r"\b(?:your support|support (?:us|it|our)|subscri\w+|donat\w+|contributions?)\b"
    r"|\bmade possible by (?:readers|members|donors|subscribers|supporters|you)\b"
    r"|\byour (?:[\w-]+ )?(?:support|subscription|donation|contribution|gift)\b.{0,60}\b(?:makes|helps|keeps|allows|means"
    r"|supports|funds|powers)\b.{0,60}\b(?:journalism|reporting|newsroom|our work|possible)\b"
    r"|\byour (?:[\w-]+ )?(?:donation|contribution|gift)\b.{0,40}\bgo(?:es)? a long way\b"
    r"|\bconsider (?:supporting|subscribing to|donating to) (?:our|the [\w'’ ]{1,30}['’]s|[\w'’]+['’]s) (?:journalism|reporting|work)\b"
    r"|\b(?:our|this) (?:journalism|reporting|newsroom)\b.{0,40}\bdonate (?:today|now)\b"
    r"|\bdonate (?:today|now)\b.{0,40}\b(?:our|this) (?:journalism|reporting|newsroom)\b"
    r"|\bfunded by (?:readers|members|people) like you\b",
    keywords=("journalism", "reporting", "newsroom", "like you", "long way"),
    gated=(  # shapes with words of their own
        (("readers like you",), r"\breaders like you\b"),
        (("-supported", "-funded"), r"\b(?:reader|member|listener)-(?:supported|funded) (?:publication|journalism|newsroom)\b"),
        (("we need your support",), r"\bwe need your support\b"),
        # the appeal's opening as a banner prints it, after its ellipsis ('... we have a small favour to ask.'; a
        # quoted favour opens with its quotation mark), and its plea for the outlet ('Every contribution, however
        # big or small, powers our journalism'; a charity's 'every donation, however small, helps' has no 'our')
        (("favour to ask", "favor to ask"), r"^(?:\.{3}|…)\s*we have a (?:small )?favou?r to ask\b"),
        (("however big", "however small"),
         r"\b(?:every|any) (?:contribution|donation|gift),? however (?:big or small|small)\b.{0,60}\b(?:our|us)\b"),
        (("powered by",), r"\bpowered by (?:members|readers|you)\b"),
        (("every contribution",), r"\bevery contribution (?:counts|matters|helps)\b"),
        (("donate",), r"(?:^|[.!?:] )(?:please )?donate (?:today|now)\b|\bplease donate\b"),
        (("make a gift",), r"\bmake a gift\b"),
        (("support us", "support our work"), r"[.!?:] support (?:us|our work)\b"),
        (("consider",), r"\bconsider\b.{0,60}\b(?:supporting|becoming an? (?:[\w'’.-]+ ){0,2}(?:member|supporter|donor|insider))\b"),
        (("keep our", "keep this"), r"\bkeep (?:our|this) (?:journalism|reporting|work) free\b"),
    ),
    max_len=300,
    guard=not_said,
)

# A call to action run onto the end of a paragraph of article text ('... said in a televised address.
# Click here to read more about the floods.'): a line rule would take the whole line, article
# sentences and all, or keep it, prompt and all. The cleaner cuts the prompt sentence off instead
# (TRAILING_PROMPT_RULE) and judges what is left like any line. Only a closing sentence that opens
# with one of these calls, after at least TRAILING_PROMPT_MIN_WORDS words ending a sentence.
TRAILING_PROMPT_MIN_WORDS = 6
_TRAILING_PROMPT = re.compile(
    r"[.!?…][\"”’)]?\s+"  # the end of the article's last sentence
    r"((?:click|tap) here\b"
    r"|(?:sign up|subscribe|register) (?:for|to|now for|today for) [^.!?]{0,60}?"
    r"\b(?:newsletters?|alerts|e-?mails?|updates|briefings?)\b"
    r"|follow (?:us|@\w+) on (?:twitter|facebook|instagram|x|tiktok|threads|bluesky)\b"
    r"|(?:download|get) (?:our|the) (?:free )?(?:\w+ )?app\b"
    r")[^.!?]{0,200}[.!?…]*[\"”’)]?$",
    re.IGNORECASE,
)


def trailing_prompt(text: str) -> int | None:
    """Where a call to action closing a line of article text starts, or None."""
    match = _TRAILING_PROMPT.search(text)
    if match is None or not text[match.start(1)].isupper():  # it opens a sentence
        return None
    if not not_reported(text[match.start(1):]):  # '..., officials urged residents.' reports a call
        return None
    return match.start(1) if len(text[:match.start(1)].split()) >= TRAILING_PROMPT_MIN_WORDS else None


# A line that is only the outlet's pitch: a short lead-in that opens as a pitch does, before the call it leads to
# ('Want more TV and culture writing? Subscribe to ...', 'Stay up to date with Ascom. Subscribe to ...'). An article's
# sentence run into a call opens otherwise, even when it speaks to the reader ('If you live in Zone A, you must
# evacuate by noon.', 'Stay off the roads until the ploughs have been through.'), and a reported one is the article's.
PROMPT_LEAD_IN_MAX_WORDS = 16
_LEAD_IN = re.compile(
    r"(?:sign up\W{1,3})?(?:stay (?:up[- ]to[- ]date (?:with|on)|on top of|informed (?:with|about|on)|in the know"
    r"|in touch with|connected with)\b|do you (?:rely on|value|enjoy|like|love)\b"
    r"|want (?:more|to stay|to keep up)\b|looking for more\b|hungry for more\b|never miss\b"
    r"|don['’]t miss (?:a|out|the latest)\b|get (?:the latest|more|our best)\b"
    r"|(?:enjoy(?:ed|ing)?|like|love|value|rely on) (?:this|these|our|what you)\b)",
    re.IGNORECASE,
)


def prompt_lead_in(text: str) -> bool:
    """Whether `text`, what a closing call to action was cut from, is only the pitch that led to it."""
    return len(text.split()) <= PROMPT_LEAD_IN_MAX_WORDS and _LEAD_IN.match(text) is not None and not_reported(text)
