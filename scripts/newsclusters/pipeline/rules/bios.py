"""The writer's bio under the article, known by the byline's name."""

from __future__ import annotations

import re

from newsclusters.pipeline.rules.page import Page
from newsclusters.pipeline.rules.registry import page_rule

# The name a removed byline opens with ('By Dorian Pelletier', 'Words: Huw Pritchard', 'By MATTHEW LEE, Associated
# Press', 'By Dr. Priya Raman'): two to four capitalised words (particles between), after the byline's word and a
# title. A headline's or a caption's 'by' ('Starmer backed by Angela Rayner') names someone else.
_NAME_WORD = r"[A-ZÀ-ÖØ-Þ][\w'’.-]*"
_BYLINE_NAME = re.compile(  # the byline's word and a title in any case, the name's words capitalised
    r"[-*•»›·|\s]*(?i:(?:written |posted |published )?by|words\s*:|author\s*:)\s+"
    r"(?i:(?:dr|prof|sen|rep|gov|mayor|judge|the rev|rev|sir|dame|lord|lady)\.?\s+)?"
    r"(" + _NAME_WORD + r"(?: (?:" + _NAME_WORD + r"|van der|van den|van|von|de la|der|den|de|da|di|del|la|le|bin|al))"
    r"{1,3})"
)
BYLINE_WORD_REACH = 30  # 'Published by ' with bullets before it: where a byline's word can stand
# An agency, a desk or a paper writes no bio ('By The Associated Press', 'By CNN Wire Staff').
_NOT_A_WRITER = re.compile(r"\b(?:the|press|wire|staff|agency|news|associated|service|reporters?|desk|team|editors?)\b",
                           re.I)
# What a bio says of its writer right after the name: a role ('... is Pixel Parlor's reviews editor', '... is a
# certified financial planner in Westbrook'), a beat or a career ('... has covered city hall since 2004', '... covers
# the governor's office', '... joined the Herald in 2019'), a home base. 'Claire Dumont is alive because ...' and
# 'Sylvie Marchand has a mortgage ...' say something else of the writer: the article's own words.
_ROLE = (r"(?:reporter|correspondent|editor|writer|columnist|journalist|critic|producer|contributor|photographer"
         r"|blogger|author|novelist|poet|planner|adviser|advisor|physician|doctor|surgeon|nurse|professor|lecturer"
         r"|teacher"
         r"|analyst|economist|researcher|scientist|historian|fellow|consultant|coach|designer|developer|engineer|lawyer"
         r"|attorney|partner|director|manager|founder|co-founder|chief executive|ceo|president|chair|member|candidate"
         r"|senator|mayor|councillor|councilor|trustee|volunteer|student|farmer|psychologist|internist|specialist"
         r"|meteorologist|host|anchor|presenter|curator|chef|owner)s?")
_BIO_WORDS = re.compile(
    r"(?:is (?:an?|the|our|[\w&'’.-]+['’]s?)(?: [\w&'’,.-]+){0,6}? " + _ROLE + r"\b"
    r"|has (?:been )?(?:covered|written|reported|reviewed|edited|worked|taught|contributed)\b"
    r"|(?:covers|writes|reports|edits|teaches|leads|blogs|hosts|joined)\b|(?:lives|is based) in\b)"
)
_ABOUT = re.compile(r"about the author\s*:\s*", re.I)
# A bio speaks of its writer in the third person; 'Robert Hale has a grave now ..., next to my mother.' is a son's.
_FIRST_PERSON = re.compile(r"\b(?:i|me|my|mine|myself|i'm|i’m|i've|i’ve)\b")
BIO_MAX_WORDS = 80
BIO_AFTER_KEPT = 2  # kept lines after the byline before a bio can stand: the article's own first paragraphs


@page_rule(
    "byline_bio_v2",
    "A sentence under the article that opens with the byline's name and says who the writer is, is the writer's bio.",
)
def _byline_bio(page: Page) -> list[int]:
    """Line rules know a bio by a reporter's words ('Phil Helsel is a reporter for NBC News.'); a bio says as often
    that the writer covers city hall or is a planner in Westbrook. A column may name its writer, and a son shares his
    father's name: the name must open the line and a bio's words follow it, in the third person."""
    names: dict[str, int] = {}
    low = page.low
    for i in page.removed:
        head = low[i][:BYLINE_WORD_REACH]
        if "by " not in head and "words" not in head and "author" not in head:
            continue  # most removed lines: menus, stamps, credits
        hit = _BYLINE_NAME.match(page.lines[i])
        if hit and not _NOT_A_WRITER.search(hit.group(1)):
            names.setdefault(hit.group(1).lower(), i)
    if not names:
        return []
    ordered = sorted(names, key=len, reverse=True)  # 'Pieter van der Berg' before 'Pieter van'
    kept_after = [i for i in page.kept() if i > min(names.values())]
    found: list[int] = []
    for i in kept_after[BIO_AFTER_KEPT:]:
        line = low[i]
        if not page.ends[i] or page.words[i] > BIO_MAX_WORDS:
            continue
        about = _ABOUT.match(line)
        start = about.end() if about else 0
        name = next((name for name in ordered if line.startswith(name + " ", start)), None)
        if (name is not None and _BIO_WORDS.match(line, start + len(name) + 1) is not None
                and not _FIRST_PERSON.search(line)):
            found.append(i)
    return found
