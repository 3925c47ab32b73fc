"""A commented skeleton of a new bank, so an authority can write ILACS or its own framework
as one TOML file without reading code (`readiness banks new ID`).

The skeleton is a valid bank as it stands (tested through `readiness banks validate`):
every table a bank needs, one of each, with comments that say what to replace and where
each number's basis goes.
"""

from __future__ import annotations

import re

from readiness.errors import ReadinessError

_ID = re.compile(r"[a-z0-9][a-z0-9-]*")

_TEMPLATE = '''\
# {title}: a question bank for readiness.
#
# Replace every example below with your framework, keeping the shape. Check it as you go:
#   readiness banks validate {file}
# then put it in your banks folder (readiness --banks-dir FOLDER, or READINESS_BANKS) and
# start an assessment on it: readiness new ours.toml --bank {bank_id}
#
# Quote the framework's own text (item `text`, judgement `title`, `summary`,
# `descriptors`) word for word, and cite it in `source` (document and paragraph).
# Write `question`, `prompts` and evidence titles in your own plain words.

id = "{bank_id}"
title = "{title}"
version = "1"
framework = "The framework's full name, its publisher and date"
source = ["the-framework-document.pdf"]
description = "One paragraph for the people who will score against it: what it covers and how."
# current | superseded | withdrawn; when it is not current, say since when and what
# replaced it (status_date = 2027-04-01, replaced_by = "…") where a source says so.
status = "current"

# The grades, best first. Use the framework's own; if it has none, your own scale, and say
# so here (its basis is then "method": this app's reading, not the framework's).
[[scale]]
slug = "outstanding"
label = "Outstanding"
short = "O"

[[scale]]
slug = "good"
label = "Good"
short = "G"

[[scale]]
slug = "requires_improvement"
label = "Requires improvement"
short = "RI"

[[scale]]
slug = "inadequate"
label = "Inadequate"
short = "I"

# How item grades become a judgement's likely grade and range: one table per rule. Each
# says its basis: "framework" (the framework says so: quote its words in `quote`),
# "outcomes" (read from published inspection outcomes: give the figures in `evidence`) or
# "method" (your reading). `says` is the rule in one plain sentence: it is what the method
# note of every board pack says; `{{share}}` in it becomes the rule's share in words.
[rules.benchmark]
grade = "good"
basis = "method"
source = "the-framework-document.pdf, paragraph …"
says = "Each item describes good practice: good is the benchmark items are graded against."

[rules.widespread]
share = 0.5
basis = "method"
says = "A judgement is likely good when more than {{share}} of its assessed items are good or better, with none inadequate."

[rules.exceeds]
share = 0.5
basis = "method"
says = "It is likely outstanding when no assessed item is below good and more than {{share}} are outstanding."

[rules.serious]
basis = "method"
says = "A judgement is inadequate where an item is graded inadequate and marked a serious failure."

[rules.failure]
share = 0.25
at_least = 2
basis = "method"
says = "It is also inadequate where more than {{share}} of its assessed items are inadequate, and at least {{at_least}} of them."

[rules.coverage]
share = 0.5
basis = "method"
says = "A likely grade is given once at least {{share}} of a judgement's items are scored."

[rules.range]
weak_evidence_drop = 1
unassessed_low = "requires_improvement"
unassessed_high = "good"
basis = "method"
says = "The low end drops grades without strong evidence by one and takes unscored items as not yet good; the high end takes them as good."

[rules.evidenced]
basis = "method"
says = "An item counts as strongly evidenced when its evidence is rated strong and a document or case is attached."

# What the framework judges. kind: "key" (graded on its own), "graded" (feeds a key
# judgement: add contributes_to = "its-id") or "overall" (at most one; leave it out if the
# framework has no overall grade). Ids are names, never numbers: a number can be a label.
[[judgement]]
id = "help-and-protection"
title = "The judgement's title, as the framework words it"
short = "Help and protection"
label = ""
kind = "key"
summary = "The framework's paragraph that says what this judgement covers."
source = "the-framework-document.pdf, paragraph …"

# One item per thing the framework expects, quoted word for word in `text`.
[[item]]
id = "HP01"
judgements = ["help-and-protection"]
short = "A few words for tables"
section = ""
audience = []
text = "The framework's own words for this expectation."
question = "The expectation turned into a question your team can answer?"
prompts = [
  "What would you show an inspector to prove it?",
  "How do you know it is true in every team?",
]
evidence = ["EV01"]
tags = []
source = "the-framework-document.pdf, paragraph …"

# Documents that would evidence the items, in your words; items point at them by code.
[[evidence]]
code = "EV01"
title = "A document an authority could show, in plain words"
group = "A heading to group documents by"

# Optional: declare themes (the framework's principles) and tag items with them; once
# declared, a tag not in this list is an error.
# [[tag]]
# id = "voice-of-the-child"
# title = "The principle's own words"
# source = "the-framework-document.pdf, paragraph …"
'''


def bank_skeleton(bank_id: str, title: str = "", file: str = "") -> str:
    """The text of a new, valid bank with this id, ready to be filled in."""
    if not _ID.fullmatch(bank_id):
        raise ReadinessError(
            f"{bank_id!r} cannot be a bank id",
            hint="Use lower-case letters, digits and hyphens, e.g. ilacs-2023 or "
                 "our-practice-standards.",
        )
    title = title or bank_id.replace("-", " ").capitalize()
    return _TEMPLATE.format(bank_id=bank_id, title=title.replace('"', "'"),
                            file=file or f"{bank_id}.toml")
