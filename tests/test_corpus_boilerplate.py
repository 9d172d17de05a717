"""Boilerplate that ingested corpora carry, cleaned away; the articles around it kept word for word.

Multi-News took its source articles from the Wayback Machine, WCEP from Common Crawl: both kept the
archive's crawl notices, embedded-tweet and video dialogs, share bars, consent and subscription
prompts as text. The boilerplate lines below are verbatim as they appear in those corpora; the
article paragraphs are invented. The example is written as Multi-News's raw release writes one:
line breaks as NEWLINE_CHAR, articles separated by '|||||'.
"""

from __future__ import annotations

import pytest

from newsclusters.pipeline.clean import default_cleaner, normalise_line
from newsclusters.pipeline.rules import RULES

# (line, the rule that removes it), in the order they appear below.
ARCHIVE_ALEXA = (
    "Starting in 1996, Alexa Internet has been donating their crawl data to the Internet Archive. Flowing in every day,"
    " these data are added to the Wayback Machine after an embargo period.",
    "web_archive_notice_v1",
)
ARCHIVE_EFFORT = (
    "These crawls are part of an effort to archive pages as they are created and archive the pages that they refer to."
    " That way, as the pages that are referenced are changed or taken from the web, a link to the version that was live"
    " when the page was written will be preserved.",
    "web_archive_notice_v1",
)
ARCHIVE_HOPES = (
    "Then the Internet Archive hopes that references to these archived pages will be put in place of a link that would"
    " be otherwise be broken, or a companion link to allow people to see what was originally intended by a page's"
    " author.",
    "web_archive_notice_v1",
)
ARCHIVE_GOAL = (
    'The goal is to fix all broken links on the web. Crawls of supported "No More 404" sites.',
    "web_archive_notice_v1",
)
ARCHIVE_CONGRESS = (
    "This crawl of online resources of the 115th US Congress was started on January 3rd, 2017.",
    "web_archive_notice_v1",
)
ARCHIVE_FOCUSED = (
    "Focused crawls are collections of frequently-updated webcrawl data from narrow (as opposed to broad or wide) web"
    " crawls, often focused on a single domain or subdomain.",
    "web_archive_notice_v1",
)
TWEET_LOCATION = (
    "Tweet with a location You can add location information to your Tweets, such as your city or precise location,"
    " from the web and via third-party applications. You always have the option to delete your Tweet location history."
    " Learn more",
    "social_embed_prompt_v1",
)
VIDEO_EMBED_CODE = ("Add this video to your website by copying the code below. Learn more", "social_embed_prompt_v1")
SERVER_PROBLEM = ("Hmm, there was a problem reaching the server. Try again?", "social_embed_prompt_v1")
EMBED_VIDEO = ("Embed This Video", "social_embed_prompt_v1")
MEDIA_CAPTION = (
    "Media playback is unsupported on your device Media caption Crews worked through the night to clear the debris",
    "caption_label_v2",
)
IMAGE_CAPTION = (
    "Image copyright Getty Images Image caption Demonstrators gathered outside the ministry on Tuesday",
    "caption_label_v2",
)
ADVERTISEMENT = ("Advertisement", "advertisement_v12")
HIGHLIGHTS = ("Story highlights", "summary_box_label_v1")
COOKIES_BEST = ("We use cookies to ensure you get the best experience on our website.", "cookie_notice_v7")
COOKIES_CONSENT = ("By continuing to use this site you consent to our use of cookies", "cookie_notice_v7")
SUBSCRIBE = ("Subscribe now for unlimited access", "paywall_prompt_v10")
NEWSLETTER = ("Sign up for our newsletter", "newsletter_prompt_v8")
SHARE_ARTICLE = ("Share this article", "share_social_v13")
SHARE_BAR = ("Share on Facebook Share on Twitter Share via Email", "share_social_v13")
SHARE_BUTTONS = ("Share Tweet Pin Email", "share_social_v13")
EMAIL_ALERTS = ("Close Get email notifications on {{subject}} daily!", "notification_prompt_v10")
ALERT_SAVED = ("Your notification has been saved.", "notification_prompt_v10")
ALERTS_DAILY = (
    "Email notifications are only sent once a day, and only if there are new matching items.",
    "notification_prompt_v10",
)
AD_BLOCKER = ("We've noticed that you are using an ad blocker.", "ad_blocker_notice_v2")

# Each article: its lines in page order, a boilerplate line as a (line, rule) pair, a paragraph as a string.
ARTICLES = [
    [
        ARCHIVE_ALEXA,
        HIGHLIGHTS,
        "The city council voted on Monday to close the Harbour Street bridge for six months, after engineers found"
        " corrosion in two of its steel supports during a routine inspection.",
        "Councillor Ana Reyes said the decision had not been taken lightly. \"Nobody wants to lose a crossing that"
        " carries 20,000 cars a day, but we cannot ask people to drive over a bridge we are not sure of,\" she said.",
        ADVERTISEMENT,
        "Share prices of the contractor that built the bridge in 1987 fell 4% after the announcement, and the company"
        " said it would cooperate with the review.",
        SHARE_ARTICLE,
        SHARE_BAR,
    ],
    [
        ARCHIVE_EFFORT,
        ARCHIVE_HOPES,
        ARCHIVE_GOAL,
        "The Internet Archive, a nonprofit library in San Francisco, said it had saved copies of the agency's flood"
        " maps before they were taken offline last week, and that researchers could still consult them.",
        IMAGE_CAPTION,
        "Residents who rely on the maps to buy insurance said they had been left guessing. \"I checked the site on"
        " Friday and the page was gone,\" said Tom Hale, who lives two streets from the river.",
        COOKIES_BEST,
        COOKIES_CONSENT,
        "Bakers at the riverside market said they still sold more than 4,000 cookies on Saturday, despite the warnings"
        " and the rain that kept many visitors at home.",
    ],
    [
        ARCHIVE_CONGRESS,
        ARCHIVE_FOCUSED,
        "Senator Maria Lopez introduced a bill on Wednesday that would require federal agencies to keep archived copies"
        " of every web page they remove, citing the disappearance of the flood maps.",
        TWEET_LOCATION,
        VIDEO_EMBED_CODE,
        SERVER_PROBLEM,
        EMBED_VIDEO,
        "Lopez wrote on Twitter that the public should never have to rely on a private archive to see what its"
        " government once published. The post was shared more than 5,000 times by Thursday morning.",
        MEDIA_CAPTION,
        SUBSCRIBE,
        NEWSLETTER,
        "The mayor urged residents to subscribe to the council newsletter, which will carry updates on the repairs and"
        " the temporary ferry service that starts next month.",
        SHARE_BUTTONS,
    ],
    [
        "Engineers expect the repairs to cost about $12 million, to be shared by the city and the state, according to"
        " a budget document released on Thursday.",
        EMAIL_ALERTS,
        ALERT_SAVED,
        ALERTS_DAILY,
        "Ferry tickets will cost $2 for adults and nothing for children under 12. Officials said the service would run"
        " every 15 minutes during the morning and evening rush hours.",
        AD_BLOCKER,
        "By continuing to use the old crossing until the closure, drivers are taking no risk, the chief engineer said,"
        " because the bridge has been limited to cars since the inspection.",
    ],
]


def multi_news_example(articles: list[list]) -> str:
    """One Multi-News `document` field: paragraphs joined by NEWLINE_CHAR, each article ended by '|||||'."""
    lines = [[item if isinstance(item, str) else item[0] for item in article] for article in articles]
    return "".join(" NEWLINE_CHAR NEWLINE_CHAR ".join(article) + " ||||| " for article in lines)


def raw_documents(document: str) -> list[str]:
    """The ingested raw documents: one per article, the separator gone and line breaks restored."""
    return [part.replace("NEWLINE_CHAR", "\n") for part in document.split("|||||")[:-1]]


DOCUMENTS = raw_documents(multi_news_example(ARTICLES))


def test_the_example_is_written_as_multi_news_writes_one() -> None:
    document = multi_news_example(ARTICLES)
    assert "\n" not in document and document.count("|||||") == len(ARTICLES) == len(DOCUMENTS)


@pytest.mark.parametrize("index", range(len(ARTICLES)))
def test_every_boilerplate_line_is_removed_by_its_named_rule(index: int) -> None:
    cleaned = default_cleaner().clean(DOCUMENTS[index])
    boilerplate = [item for item in ARTICLES[index] if not isinstance(item, str)]
    expected = [(normalise_line(line), rule) for line, rule in boilerplate]
    assert [(r.text, r.rule) for r in cleaned.removed] == expected
    assert all(rule in RULES for _, rule in expected)


@pytest.mark.parametrize("index", range(len(ARTICLES)))
def test_every_article_paragraph_is_kept_word_for_word(index: int) -> None:
    cleaned = default_cleaner().clean(DOCUMENTS[index])
    assert cleaned.title is None  # each article opens with a paragraph or boilerplate, not a headline
    assert cleaned.text.split("\n") == [item for item in ARTICLES[index] if isinstance(item, str)]
