"""Line rules for the residue of ingested corpora: Multi-News pages come from the Wayback Machine, WCEP's
from Common Crawl."""

from __future__ import annotations

import re

from newsclusters.pipeline.rules.registry import line_rule
from newsclusters.pipeline.rules.shapes import BULLET_PREFIX, SAID

# Every alternative of the `start` patterns below begins with a literal word, so the regex engine
# skips it on the line's first character: the cleaner tries all `start` patterns on every line.
# Rules whose lines share a rare word look for it (`keywords`) and run their pattern only there.

# One sentence of the Internet Archive's notes on its crawl collections, which Multi-News kept as text.
_ARCHIVE_SENTENCE = (
    r"(?:starting in \d{4},? alexa internet has been donating (?:their|its) crawl data to the internet archive"
    r"|flowing in every day,? these data are added to the wayback machine after an embargo period"
    r"|these crawls are part of an effort to archive pages as they are created and archive the pages that they refer to"
    r"|that way,? as the pages that are referenced are changed or taken from the web,? a link to the version that was "
    r"live when the page was written will be preserved"
    r"|then the internet archive hopes that references to these archived pages will be put in place of a link that "
    r"would (?:be )?(?:otherwise )?be broken,? or a companion link to allow people to see what was originally "
    r"intended by a page['’]?s? authors?"
    r"|the goal is to fix all broken links on the web"
    r"|crawls of supported [\"“”']?no more 404[\"“”']? sites"
    r"|this crawl of online resources of the \d+(?:st|nd|rd|th) (?:us|u\.s\.) congress was started on [^!?]{1,200}?"
    r"|focused crawls are collections of frequently-updated webcrawl data from narrow \(as opposed to broad or wide\) "
    r"web crawls,? often focused on a single domain or subdomain"
    r"|the seed for this crawl was a list of [^.!?]{1,150}"
    r"|this crawl was run at a level \d+ \([^)]{0,150}\)"
    r"|the warc files associated with this crawl are not currently available to the general public"
    r"|web wide crawl with initial seedlist and crawler configuration from [^.!?]{1,80}"
    r"|crawl of outlinks from wikipedia\.org started [^.!?]{1,40}"
    r"|these files are currently not publica?lly accessible"
    r"|properties of this collection"
    r"|this is a collection of web page captures from links added to,? or changed on,? wikipedia pages"
    r"|the idea is to bring a reliability to wikipedia outlinks so that if the pages referenced by wikipedia articles "
    r"are changed,? or go away,? a reader can permanently find what was originally referred to"
    r"|this is part of the internet archive['’]s attempt to rid the web of broken links"
    r"|formed in 2009,? the archive team \(not to be confused with the archive\.org archive-it team\) is a rogue "
    r"archivist collective dedicated to saving copies of rapidly dying or deleted websites for the sake of history and "
    r"digital heritage"
    r"|the group is 100% composed of volunteers and interested parties,? [^.!?]{0,150}"
    r"|history is littered with hundreds of conflicts over the future of a community,? [^.!?]{0,200}"
    r"|with the original point of contention destroyed,? the debates would fall to the wayside"
    r"|archive team believes that by duplicated condemned data,? [^.!?]{0,200}"
    r"|our projects have ranged in size from a single volunteer downloading the data [^.!?]{0,250})"
    r" ?\.?"  # the sentence's end: Multi-News lost some spaces around it ('preserved.Then', 'on the web .')
)
# A part of the Wayback Machine's capture banner, rendered as text; its labels only lead other parts.
_ARCHIVE_BANNER = (
    r"(?:about this capture"
    r"|organization: (?:alexa crawls|internet archive|archive team|archive-it)"
    r"|collection: [\w.'’ -]{0,40}"
    r"(?:crawls?|archive|wayback|no more 404|outlinks|wikipedia near real time(?: \(from irc\))?)"
    r"|the wayback machine - https?://web\.archive\.org/\S+"
    r"|\d[\d,]* captures? \d{1,2} [a-z]{3} \d{4}(?: - \d{1,2} [a-z]{3} \d{4})?"
    r"|collected by:?(?=\s\S)|timestamps:?(?=\s\S))"
)
_ARCHIVE_PART = r"(?:" + _ARCHIVE_SENTENCE + "|" + _ARCHIVE_BANNER + ")"
line_rule(
    "web_archive_notice_v1",
    "The Internet Archive's notes on its crawls and the Wayback Machine's capture banner are not news.",
    # Whole lines only: every sentence of the line must be one of the archive's own, so prose that
    # mentions the archive, or a line where a notice ran into an article's paragraph, is kept.
    start=_ARCHIVE_PART + r"(?:\s*" + _ARCHIVE_PART + r")*\s*$",
    max_len=1500,
)
line_rule(
    "social_embed_prompt_v1",
    "Dialogs and prompts of embedded posts and video players (embed code, tweet location, autoplay) are widgets.",
    start=r"tweet with a location\W+you can add location information to your tweets\b.{0,250}$"
    r"|you can add location information to your tweets\b.{0,250}$|tweet with a location\W*$"
    r"|add a location to your tweets\W+when you tweet with a location,? twitter stores\b.{0,250}$"
    r"|add this (?:tweet|video) to your website by copying the code below\b.{0,20}$"
    r"|embed this (?:tweet|video|post)\W*$"
    r"|hmm,? there was a problem reaching the server\b.{0,20}$"
    r"|by embedding twitter content in your website or app\b.{0,120}$"
    r"|here['’]?s the url for this tweet\b.{0,60}$|copy link to tweet\W*$|include parent tweet\W*$"
    r"|why you['’]?re seeing this ad\W*$"
    r"|welcome home! this timeline is where|this timeline is where you['’]?ll spend most of your time\b.{0,120}$"
    r"|tweets not working for you\? hover over the profile pic\b.{0,120}$"
    r"|say a lot with a little when you see a tweet|when you see a tweet you love, tap the heart\b.{0,120}$"
    r"|spread the word the fastest way to share|the fastest way to share someone else['’]?s tweet with your followers\b"
    r"|join the conversation add your thoughts about any tweet|add your thoughts about any tweet with a reply\b"
    r"|learn the latest get instant insight|get instant insight into what people are talking about now\W*$"
    r"|get more of what you love follow more accounts|follow more accounts to get instant updates about topics you care"
    r"|find what['’]?s happening see the latest conversations"
    r"|see the latest conversations about any topic instantly\W*$"
    r"|never miss a moment catch up instantly|catch up instantly on the best stories happening as they unfold\W*$"
    r"|autoplay when autoplay is enabled|when autoplay is enabled, a suggested video will automatically play next\W*$"
    r"|like this video\? sign in to make your opinion count\W*$"
    r"|don['’]?t like this video\? sign in to make your opinion"
    r"|want to watch this again later\? sign in to add this video"
    r"|sign in to (?:add this video to a playlist|report inappropriate content)\W*$"
    r"|the interactive transcript could not be loaded\W*$|rating is available when the video has been rented\W*$"
    r"|media playback is (?:unsupported|not supported) on (?:your|this) device\W*$"
    r"|these are external links and will open in a new window\W*$|close share panel\W*$",
    max_len=300,
)
# The label as printed ('Image caption The ...', 'Caption: The ...', 'Pictured: ...'): 'Image caption
# contests drew 300 entries' is a sentence, and a bare 'Caption' or 'Pictured' label needs its colon.
_CAPTION_LABEL = re.compile(
    r"(?:(?:Image|Media|Video|Photo|Picture) (?:caption|copyright):?|Hide Caption|(?:Caption|CAPTION|Pictured|"
    r"PICTURED):) [A-Z0-9\"“‘'(©@]"
)
line_rule(
    "caption_label_v2",
    "A picture's caption or credit printed with its label ('Image caption', 'Caption:', 'Pictured:') is not news.",
    anywhere=r"^" + BULLET_PREFIX + r"(?:media playback is (?:unsupported|not supported) on (?:your|this) device "
    r"(?:image|media|video) caption \S|(?:image|media|video|photo|picture) caption:? \S"
    r"|(?:image|picture|photo) copyright:? \S.{0,80}?(?: (?:image|picture|photo) caption:? \S.*)?$"
    r"|(?:caption|pictured): \S"
    r"|hide caption \d+ of \d+\W*$)",
    keywords=("caption", "image copyright", "picture copyright", "photo copyright", "pictured:"),
    guard=lambda line: _CAPTION_LABEL.search(line) is not None,
)
line_rule(
    "summary_box_label_v1",
    "The label of a summary box ('Story highlights', 'Key points') alone on its line is page layout.",
    phrases=(
        "story highlights", "highlights of the story", "key points", "key takeaways", "fast facts", "quick facts",
        "at a glance", "story at a glance", "the short version", "quick read", "in brief",
    ),
    max_len=40,
)
_PAGE_GONE = (
    r"(?:the|this) page (?:you (?:requested|are looking for|were looking for|tried to access)|you['’]re looking for) "
    r"(?:was not found|could not be found|cannot be found|can['’]?t be found|does not exist|doesn['’]t exist"
    r"|is (?:no longer available|unavailable)|(?:may|might) have been (?:removed|moved|deleted)"
    r"|has been (?:removed|moved|deleted))\b.{0,120}$"
)
line_rule(
    "error_page_v1",
    "Text of an error or blank page ('Sorry, the page you requested was not found') stands in for a missing article.",
    anywhere=r"^" + BULLET_PREFIX + r"(?:(?:sorry|we['’]re sorry|oops)\W+)?" + _PAGE_GONE
    + r"|^" + BULLET_PREFIX + r"(?:(?:error )?404\W{0,3}(?:error\W{0,3})?(?:(?:page|file) )?not found|(?:error|http) 404"
    r"|page not found|when you have eliminated the javascript, whatever remains must be an empty page)\W*$",
    keywords=("page you", "404", "page not found", "eliminated the javascript"),
    max_len=250,
    guard=lambda line: SAID.search(line) is None,  # 'the page ... was not found, the clerk told the court' reports
)
