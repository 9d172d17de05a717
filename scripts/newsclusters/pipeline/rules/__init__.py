"""The cleaning rules: a registry to read top to bottom.

A rule answers one question, "which of these lines are not article text?", and nothing else: it
doesn't edit text, count or log. There are two shapes, one interface:

* a *line rule* looks at one normalised line. Its test is data (`LineTest`): a few regexes on the
  lower-cased line, gated by keywords, plus exact whole-line phrases and an optional guard on the
  original-case line. The data lets the cleaner dispatch on the first character and scan keywords
  once per page instead of running every regex on every line; `Rule.matches(line)` is the plain,
  slow definition the fast path must agree with.
* a *page rule* also looks at the line's neighbours through a read-only `Page`: its block (lines
  not separated by a blank line), cheap per-line features (word counts, sentence ends, prose shape),
  what earlier rules already removed and, when the caller has them, corpus line counts.

Both expose ``find(page) -> indices``. Names are permanent (``_vN``): when a rule's behaviour
changes, register a ``_v(N+1)`` and add the old name to `RETIRED` (a rule taken back with no successor goes to
`WITHDRAWN`, with why). Order matters: the cleaner
applies line rules first (the first rule in registry order that matches names the removal), then
page rules in registration order, each seeing what the earlier ones removed.

The modules, in the order they register (which is the order the cleaner applies them in):

* `shapes` (line shapes several rules share), `columns` (a text browser's side column on the article's line,
  cut off before the rules), `page` (the `Page` view and its features), `registry` (`Rule`, `LineTest`, `RULES`,
  `RETIRED`);
* line rules: `entries` (a day alone over each entry of a log, which the stamp rule leaves: a line rule may
  `spare` the lines of its verdicts that the page shows to be the article's, after the page rules), `line_rules`
  (prompts, links, credits, bylines, ads, markup), `ingested` (the residue of web archives and crawls in ingested
  corpora);
* page rules: `stamps` (a clock time alone, unless a timetable's), `captions`, `repeats` (lines repeated across story clusters, and the count pass's key),
  `menus` (pipe strips, related-link lists), `comment_lines` (reader comments printed a line each, the
  signature and the text together, and threads under a heading that names the post or counts the comments: before
  the span rules, which would take them for the article's last paragraphs), `bios` (the writer's bio under the
  article, known by the byline's name: before the span rules too, so that the span ends where it ends when the
  cleaned text, without the bio, is cleaned again), `span` (the article's run of paragraphs
  and the chrome,
  teasers and lone paragraphs outside it), `printed_lists` (nested list items, a menu run together:
  after the span rules, which must not see them as removed), `comments`, `headline` (the title, and
  the repeats removed after it), `header` (a name alone under the headline: a byline or a credit
  without its words), `templates` (a site's template lines, and the paragraphs a site or a network of
  sites prints on many stories: last, so that no other rule sees them removed).

Importing the package imports them in that order; a module imports only modules above it here.
"""

from __future__ import annotations

# isort: off
# The rule modules, imported in the order of the list above: registration order is the order the
# cleaner applies their rules in (line rules by priority, then page rules one after another).
from newsclusters.pipeline.rules import line_rules, ingested  # noqa: F401
from newsclusters.pipeline.rules import stamps, captions, repeats, menus, comment_lines, bios, span  # noqa: F401
from newsclusters.pipeline.rules import printed_lists, comments, headline, header  # noqa: F401
from newsclusters.pipeline.rules import templates  # noqa: F401
# isort: on
from newsclusters.pipeline.rules.columns import side_columns
from newsclusters.pipeline.rules.comments import INLINE_THREAD_MIN_CHARS, inline_comment_thread
from newsclusters.pipeline.rules.headline import HEADLINE_RULE, is_headline_candidate
from newsclusters.pipeline.rules.line_rules import prompt_lead_in, trailing_prompt
from newsclusters.pipeline.rules.page import Page, is_title_shaped
from newsclusters.pipeline.rules.registry import (
    OPTIONAL,
    RETIRED,
    RULES,
    WITHDRAWN,
    LineTest,
    Rule,
    get_rule,
    guarded_text,
    line_rule,
    page_rule,
)
from newsclusters.pipeline.rules.repeats import (
    REPEAT_MIN_CLUSTERS,
    REPEATED_RULE,
    cluster_line_keys,
    count_cluster_lines,
    count_lines,
    document_site,
    line_keys,
    low_line_key,
    site_key,
    site_line_key,
    site_line_keys,
    site_of,
)
from newsclusters.pipeline.rules.shapes import STOP_WORDS, is_flattened_menu, normalise_line, phrase_key, strip_bullets
from newsclusters.pipeline.rules.span import article_span

__all__ = [
    "HEADLINE_RULE", "INLINE_THREAD_MIN_CHARS", "OPTIONAL", "REPEATED_RULE", "REPEAT_MIN_CLUSTERS", "RETIRED", "RULES",
    "STOP_WORDS", "WITHDRAWN", "LineTest", "Page", "Rule", "article_span", "cluster_line_keys", "count_cluster_lines",
    "count_lines", "document_site", "get_rule", "guarded_text", "inline_comment_thread", "is_flattened_menu",
    "is_headline_candidate", "is_title_shaped", "line_keys", "line_rule", "low_line_key",
    "normalise_line", "page_rule", "phrase_key", "prompt_lead_in", "side_columns", "site_key", "site_line_key",
    "site_line_keys", "site_of",
    "strip_bullets", "trailing_prompt",
]
