"""The article's header: what stands between the headline and the article's first paragraphs."""

from __future__ import annotations

from newsclusters.pipeline.rules.headline import HEADLINE_RULE
from newsclusters.pipeline.rules.page import Page
from newsclusters.pipeline.rules.registry import page_rule
from newsclusters.pipeline.rules.shapes import is_name_alone

HEADER_KEPT_MAX = 1  # other kept lines (a standfirst or a caption) a header may hold above a name
HEADER_LINE_MAX_WORDS = 45  # a longer line is the article's first paragraph: the header has ended


def _continued(page: Page, i: int) -> bool:
    """The line is a piece of a hard-wrapped paragraph: the next line goes on in lower case ('The' /
    'Super Stardust HD' / 'upgrade has been made available')."""
    return i + 1 < len(page.lines) and page.lines[i + 1][:1].islower()


# Under a news page's headline stands its header: a standfirst, a byline, a date, a share bar, a photo with
# its caption and credit. Line rules know a byline by its 'By' and a credit by its agency or 'Photo:'; the
# writer's name alone, over the date or the writer's role, or the photographer's under a caption, has
# neither, and the span rule keeps a short line that touches the article. Among the first lines the cleaned
# text has under its title, a name alone is one of those. They are the page's kept lines in order (any kept
# above the headline come first), so the cleaned text cleaned again finds the same lines there. The header
# ends at the first long paragraph, or at the second other line.
@page_rule(
    "name_under_headline_v2",
    "A name alone between the headline and the article's first paragraphs is a byline without its 'By' or a photo's credit.",
)
def _name_under_headline(page: Page) -> list[int]:
    if HEADLINE_RULE not in page.removed.values():
        return []
    found: list[int] = []
    others = 0
    kept = page.kept()
    for i in kept:
        if page.words[i] > HEADER_LINE_MAX_WORDS:
            break
        if is_name_alone(page.lines[i]) and not _continued(page, i):
            found.append(i)
        elif others == HEADER_KEPT_MAX:
            break
        else:
            others += 1
    return found if len(found) < len(kept) else []  # a name that is all the body is left, as the headline rule leaves it
