"""What a block says about itself: page-chrome wording families, in general English.

Page chrome is written to the reader, not about the news: it addresses "you",
speaks as "we", gives orders ("Subscribe", "Share", "Enter your email"), labels
widgets ("Advertisement", "Read more:") and credits pictures.  Each family below
is a pattern of that kind of wording, not a phrase from any one outlet, and is
anchored where such text sits (a whole short line, a line start, a trailing
credit) so that a news sentence merely mentioning a newsletter or a photo is left
alone.  Quoted speech is blanked before pronouns are counted: "we" inside a quote
is a source talking, not the outlet.

:func:`wording_reason` gives the reason a block's wording alone supports, or
``None``; the position-aware decisions (headline, byline, teasers after the
article, off-topic round-ups) live in :mod:`storyfold.clean.text`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from storyfold.clean import reasons

# Widget text is short: a form label, a share bar, a gallery marker.  A block longer
# than this is prose, and only the prose rules (appeals, captions, bios) may judge it.
MAX_WIDGET_WORDS = 25
# Labels that open a list of other stories ("Most read", "Related:") are a few words.
MAX_LABEL_WORDS = 8
# A caption is a sentence or two; a body paragraph with a parenthesis at its end is longer.
MAX_CAPTION_WORDS = 60
# A credit inside the closing parenthesis of a caption names an agency or a photographer.
MAX_CREDIT_CHARS = 80
# An author bio after the article is one or two sentences.
MAX_BIO_WORDS = 70
# A short appeal ("Independent journalism needs a community, not a paywall") may not
# address the reader; longer ones always do, so wording alone decides only below this.
MAX_UNADDRESSED_APPEAL_WORDS = 25
# Long appeals (a donation box of 150 words) keep talking to the reader: at least one
# "you"/"we" per this many words.  News prose outside quotes almost never does.
WORDS_PER_ADDRESS = 40
# A newsletter sign-up box is a short pitch and the order to sign up: a few sentences.
MAX_SIGNUP_BOX_WORDS = 60
# Three asks for money or membership in one block make it an appeal whoever it addresses.
MIN_ASKS_UNADDRESSED = 3

IC = re.IGNORECASE
APOS = "['’]"
WORD = re.compile(r"[\w'’-]+")
# Straight and curly double quotes; every second one closes a quotation.
QUOTE_MARKS = re.compile(r"[\"“”«»„]")
SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")

ADDRESS = re.compile(rf"\b(?:you|your|yours|we|we{APOS}(?:re|ve|ll|d)|our|ours|us)\b", IC)

COOKIE_WORD = re.compile(r"\bcookies?\b", IC)
COOKIE_CONTEXT = re.compile(
    r"\b(?:accept|consent|agree|preferences|policy|settings|manage|brows\w*|experience|use)\b", IC
)

FORM_LINE = re.compile(
    r"^\W*(?:\*.{0,40}\b(?:required|mandatory)\b.*|(?:required|mandatory|optional)(?: fields?)?"
    r"|(?:your )?(?:e-?mail|email address|first name|last name|full name|password|postcode|zip code)"
    r"\W*(?:\*|required)?)\W*$"
    r"|\b(?:enter|type|provide) (?:a |an |your |the )?(?:correct |valid )?(?:e-?mail|email address)\b"
    r"|\b(?:invalid|incorrect|correct|valid) e-?mail(?: address)?\b|\bwill not be published\b|\brequired fields\b"
    r"|\b(?:remember|save) my (?:name|details|e-?mail)\b",
    IC,
)
NEWSLETTER_WORDING = re.compile(
    r"\bnewsletters?\b|\binbox\b|\bsign(?:ing|ed)? ?(?:me |us )?up\b|\bunsubscribe\b|\bconfirmation e-?mail\b"
    r"|\bsuccess\w* (?:subscribed|signed up|registered)\b|\bthanks?(?: you)? for (?:signing|subscribing|registering)"
    r"|\bprivacy (?:notice|policy)\b|\b(?:news|breaking|e-?mail|push) alerts\b|\bsubscribe\b"
    r"|\b(?:morning|evening|daily|weekly) (?:e-?mail|briefing)\b",
    IC,
)
SUBSCRIPTION_WORDING = re.compile(
    r"\bsubscri(?:be|ber|bers|ption|ptions)\b.{0,40}\b(?:week|month|year|\d)\b|\bpaywalls?\b|\bpremium\b"
    r"|\bfree trial\b|\bunlimited (?:access|reading)\b|\balready a (?:subscriber|member)\b"
    r"|\b(?:download|get|install) (?:the|our) \w+(?: \w+)? app\b|\bdownload (?:it )?now\b|\bin (?:the|our) app\b"
    r"|\bdelivered (?:to|through|in) your (?!inbox|e-?mail)|\bget (?:full |unlimited )?access to\b",
    IC,
)
SHARE_TOKEN = (
    r"share|tweet|e-?mail|print|copy link|copy|link|save|facebook|twitter|x|whatsapp|linkedin|telegram|reddit"
    r"|pinterest|messenger|bluesky|threads|on|via|this|article|story|page|comments?|\d+"
)
SHARE_LINE = re.compile(rf"^(?:\W*(?:{SHARE_TOKEN})\b)+\W*$", IC)
SHARE_VERB = re.compile(r"\b(?:share|tweet|print|copy link)\b", IC)
AD_LINE = re.compile(
    r"^\W*(?:advertisement|advertising|ad|sponsored(?: content)?|promoted(?: content)?|paid (?:post|content)"
    r"|story continues below(?: advertisement)?|scroll to continue(?: reading)?|continue reading below)\W*$",
    IC,
)
MEDIA_WORDING = re.compile(
    r"\blisten to (?:this|the) (?:article|story)\b|\bthis (?:audio|podcast|video) (?:is|was)\b|\btext[- ]to[- ]speech\b"
    r"|\baudio (?:version|player)\b|\b\d+\s*min(?:ute)?s? (?:listen|watch)\b|\bplay(?:ing)? (?:video|audio)\b"
    r"|\bwatch(?: the)? video\b|\bvideo player\b|\bread aloud\b|\bnarrated by\b"
    r"|\bai[- ](?:assist\w*|generated|voiced?)\b"
    r"|\bai assistance\b|\b(?:generated|created|voiced) (?:with|by) (?:ai|artificial intelligence)\b",
    IC,
)
GALLERY_MARKER = re.compile(
    r"^\W*(?:(?:open|view|expand|enlarge|see|show) (?:the )?(?:image|photo|picture|gallery|slideshow)s?(?: in gallery)?"
    r"|(?:tap|click|press) to (?:enlarge|expand|zoom)|(?:photo|image|picture)s? gallery|gallery\s*[:(]"
    r"|slideshow\s*[:(])",
    IC,
)
CREDIT_LABEL_START = re.compile(r"^\W*(?:photo(?:graph)?s?|image|picture|caption|illustration)\s*(?:credit)?\s*:", IC)
CREDIT_LABEL_END = re.compile(
    r"\b(?:photo(?:graph)?s?|image|picture|pic|credit|foto|illustration)(?: credit)?\s*:\s*[^.:]{1,80}$", IC
)
# The credit closes the caption: nothing but blanks after it (a body sentence ends in ").").
TRAILING_PARENS = re.compile(rf"\(\s*([^()]{{2,{MAX_CREDIT_CHARS}}}?)\s*\)\s*$")
CREDIT_WORD = re.compile(
    r"\b(?:photo|getty|reuters|afp|ap|epa|efe|pool|file|handout|courtesy|via|supplied|images?"
    r"|shutterstock|alamy|screenshot)\b",
    IC,
)
SLASH_CREDIT = re.compile(r"[A-Z][\w.-]*\s*/\s*[A-Z]")
RELATED_LABEL = re.compile(
    rf"^\W*(?:(?:read|see|watch) (?:more|also|next)|related(?: stories| articles| coverage| content| news)?|also read"
    rf"|more (?:news|stories|headlines)|more (?:from|on|about) \w+(?: \w+)?|most (?:read|popular|viewed|shared)\b.*"
    rf"|editors?{APOS}?s?{APOS}? (?:picks?|choice)|(?:recommended|suggested)(?: for you| stories| reading)?"
    rf"|you (?:may|might) (?:also )?(?:like|be interested)\b.*|top (?:stories|news)|latest(?: news| stories)?"
    rf"|news ?feed|live (?:updates|feed)|trending(?: now)?|don{APOS}?t miss|what to read next|further reading"
    rf"|in case you missed it|up next|popular(?: now)?)\b\W*(?:$|:.*)",
    IC,
)
ROUNDUP_LABEL = re.compile(r"^\W*(?:in other news|elsewhere(?: in \w+(?: \w+)?)?|other (?:news|stories))\b.{0,40}$", IC)
LIST_ITEM = re.compile(r"^\s*(?:[>»•·▸►]|\d{1,2}[.)])\s+\S")
# Tag and topic lists under an article ("Tags: a, b, c", "Suggested Topics:").
TAXONOMY_LABEL = re.compile(
    r"^\W*(?:tags?|topics?|categor(?:y|ies)|filed under|keywords|(?:suggested|related|more) topics)\s*:", IC
)
NAVIGATION_LINE = re.compile(
    r"^\W*(?:skip to\b.*|jump to\b.*|back to top|edit (?:post|article|page|story)|sign in|log ?in|log out|sign out"
    r"|register|my account|menu|search|home(?:page)?|main menu|close|open menu|toggle navigation)\W*$",
    IC,
)
# Menu items are set apart by bars, dots, chevrons, spaced slashes or runs of blanks
# (a slash inside a word or a link is not a separator).
MENU_SEPARATOR = re.compile(r"\s*(?:\||·|•|»|›)\s*|\s+/\s+|\s{2,}")
FOOTER_LINE = re.compile(
    r"^\W*(?:©|\(c\)|copyright\s*(?:©|\(c\)|\d{4}|(?:(?-i:[A-Z])[\w.&'’-]*\s+){1,4}(?:19|20)\d\d\b))"
    r"|\ball rights reserved\b"
    r"|^\W*(?:privacy policy|terms (?:of|and) (?:use|service|conditions)|contact us|about us|cookie policy)\W*$"
    r"|^\W*our (?:standards|principles|editorial (?:standards|policy|guidelines|code))\b",
    IC,
)
COMMENTS_LINE = re.compile(
    r"^\W*\d*\s*comments?\W*$"
    r"|\b(?:leave|post|add|show|view|read|write) (?:a |your |all )?(?:comment|repl(?:y|ies)|response)s?\b"
    r"|\bjoin the (?:conversation|discussion)\b|\bbe the first to comment\b|\btell us what you think\b",
    IC,
)
BIO = re.compile(
    r"^(?:about the author\b|[A-Z][\w'’-]+(?: [A-Z][\w'’.-]+){1,3} (?:is|was) (?:a|an|the) [^.]{0,80}"
    r"\b(?:reporter|correspondent|journalist|editor|writer|columnist|contributor|producer|author)\b"
    r"[^.]{0,80}\b(?:for|at|covering|based|who covers|with)\b)"
)
# How to reach the author: an e-mail address or a social handle after the words that offer it.
CONTACT_LINE = re.compile(
    r"\bfollow (?:us|him|her|them|me)\b.{0,40}(?:\b(?:twitter|facebook|instagram|linkedin|threads|bluesky)\b|@)"
    r"|\b(?:can|may) be reached (?:at|on|via) \S+@\S+|\b(?:e-?mail|contact) \w+(?: \w+)? (?:at|on) \S+@\S+",
    IC,
)
# A sentence that starts by ordering the reader to sign up for a newsletter (news reports it, never orders it).
SIGNUP_ORDER = re.compile(
    r"(?:^|[.!?]\s+)\W*(?:sign up|subscribe|register)\b[^.!?]{0,60}\b(?:newsletters?|briefing|alerts|inbox)\b", IC
)
# Appeal wording families: asking for money or membership, and the outlet talking about itself.
DONATION_WORDING = re.compile(
    r"\bdonat(?:e|ed|es|ion|ions|ing)\b|\bcontribution\b|\bchip in\b"
    r"|\bsupport (?:us|our|independent|quality|local|free|this|\w+ journalism)\b|\byour support\b|\bsupport now\b"
    r"|\bsupporters\b|\bmembership\b|\bbecome a (?:member|supporter|patron|friend)\b|\breaders like you\b"
    r"|\b(?:funded|paid for) by (?:readers|those who|people like you)\b|\breader[- ](?:funded|supported)\b"
    r"|\b(?:reach|join) [\d,.]+k? (?:members|supporters|readers)\b",
    IC,
)
SELF_WORDING = re.compile(
    r"\bjournalism\b|\bnewsroom\b|\bour (?:reporting|reporters|journalists|coverage|work|mission|goal)\b"
    r"|\bfree for (?:everyone|all)\b|\bindependent (?:reporting|media|news)\b",
    IC,
)
# "Newsletter: ...", "Privacy notice: ...": a widget's label, then its text.
LABEL_START = re.compile(r"^\W*\w+(?: \w+)?\s*:")
IMPERATIVE_START = re.compile(
    r"^\W*(?:support|donate|subscribe|join|become|help|sign up|give|contribute|stand (?:with|behind|up for)|back"
    r"|register|download|follow|try|unlock|upgrade)\b",
    IC,
)


def words(text: str) -> list[str]:
    return WORD.findall(text)


# The rules of wording_reason each ask for the unquoted text of the same block; a few entries
# serve one block's rules without keeping text from other pages around.
UNQUOTED_CACHE_SIZE = 4


@lru_cache(maxsize=UNQUOTED_CACHE_SIZE)
def unquoted(text: str) -> str:
    """``text`` with quoted speech blanked: the outlet's own voice is what is left."""
    parts = QUOTE_MARKS.split(text)
    return " ".join(part for index, part in enumerate(parts) if index % 2 == 0)


def _lower_case_twin(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` without IGNORECASE, for text already lower-cased: the same matches, found about
    twice as fast (the regex engine's literal-prefix search works only case-sensitively)."""
    return re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)


_LOW_COOKIE_WORD, _LOW_COOKIE_CONTEXT, _LOW_ADDRESS = map(_lower_case_twin, (COOKIE_WORD, COOKIE_CONTEXT, ADDRESS))
_LOW_DONATION_WORDING, _LOW_SUBSCRIPTION_WORDING, _LOW_SELF_WORDING = map(
    _lower_case_twin, (DONATION_WORDING, SUBSCRIPTION_WORDING, SELF_WORDING))


@lru_cache(maxsize=UNQUOTED_CACHE_SIZE)
def lowered_voice(text: str) -> str:
    """:func:`unquoted` in lower case, for the lower-case twins of the appeal and cookie patterns."""
    return unquoted(text).lower()


def is_sentence(text: str) -> bool:
    """True when the block ends like prose does (full stop, question mark, closing quote)."""
    return bool(SENTENCE_END.search(text.rstrip()))


def wording_reason(text: str) -> str | None:
    """The chrome reason the wording of ``text`` supports on its own, or ``None`` for body-like text."""
    count = len(words(text))
    if count == 0:
        return reasons.NAVIGATION  # a row of bullets or bars
    for rule in RULES:
        reason = rule(text, count)
        if reason:
            return reason
    return None


def _cookie(text: str, count: int) -> str | None:
    own_voice = lowered_voice(text)
    if _LOW_COOKIE_WORD.search(own_voice) and _LOW_COOKIE_CONTEXT.search(own_voice) and _LOW_ADDRESS.search(own_voice):
        return reasons.COOKIE
    return None


def _widget(text: str, count: int) -> str | None:
    """Short form, newsletter, share, advertisement, media and navigation widgets."""
    if count > MAX_WIDGET_WORDS:
        return None
    for pattern, reason in WIDGET_PATTERNS:
        if pattern.search(text):
            return reason
    lowered = text.lower()
    for pattern, reason in _LOW_SOFT_WIDGET_PATTERNS:
        if pattern.search(lowered) and speaks_like_chrome(text, count):
            return reason
    if SHARE_LINE.match(text) and SHARE_VERB.search(text):
        return reasons.SHARE
    return None


def _labels(text: str, count: int) -> str | None:
    """Section labels that open lists of other stories, and list items themselves."""
    if count <= MAX_LABEL_WORDS and ROUNDUP_LABEL.match(text) and not is_sentence(text):
        return reasons.ROUNDUP
    if RELATED_LABEL.match(text) and (count <= MAX_LABEL_WORDS or ":" in text[:30]) and count <= MAX_WIDGET_WORDS:
        return reasons.RELATED
    return None


def _caption(text: str, count: int) -> str | None:
    """Gallery markers, picture credits (labelled or in a closing parenthesis)."""
    if count > MAX_CAPTION_WORDS:
        return None
    if GALLERY_MARKER.match(text) or CREDIT_LABEL_START.match(text) or CREDIT_LABEL_END.search(text):
        return reasons.CAPTION
    credit = TRAILING_PARENS.search(text)
    if credit and not is_sentence(text[: credit.start()]):
        inside = credit.group(1)
        if SLASH_CREDIT.search(inside) or (CREDIT_WORD.search(inside) and count > 3):
            return reasons.CAPTION
    return None


def _footer_bio_comments(text: str, count: int) -> str | None:
    if count <= MAX_WIDGET_WORDS and FOOTER_LINE.search(text):
        return reasons.FOOTER
    if count <= MAX_WIDGET_WORDS and COMMENTS_LINE.search(text) and speaks_like_chrome(text, count):
        return reasons.COMMENTS
    if count <= MAX_BIO_WORDS and BIO.match(text) and not QUOTE_MARKS.search(text):
        return reasons.AUTHOR_BIO
    if count <= MAX_BIO_WORDS and CONTACT_LINE.search(unquoted(text)):
        return reasons.AUTHOR_BIO
    return None


def _signup_box(text: str, count: int) -> str | None:
    """A newsletter box too long for a widget: the pitch, then "Sign up for ...", in the outlet's own voice."""
    if count <= MAX_SIGNUP_BOX_WORDS and SIGNUP_ORDER.search(unquoted(text)):
        return reasons.NEWSLETTER
    return None


def _appeal(text: str, count: int) -> str | None:
    """Donation, membership and subscription appeals: the outlet asking the reader for something."""
    own_voice = lowered_voice(text)
    donation = len(_LOW_DONATION_WORDING.findall(own_voice))
    subscription = len(_LOW_SUBSCRIPTION_WORDING.findall(own_voice))
    self_talk = len(_LOW_SELF_WORDING.findall(own_voice))
    asks = donation + subscription
    if asks + self_talk == 0:
        return None
    address = len(_LOW_ADDRESS.findall(own_voice)) + bool(IMPERATIVE_START.match(own_voice))
    short = count <= MAX_UNADDRESSED_APPEAL_WORDS
    addressed = address >= 1 if short else address * WORDS_PER_ADDRESS >= count
    repeated_asks = asks >= MIN_ASKS_UNADDRESSED
    if (asks and addressed) or (self_talk and address and short) or (asks + self_talk >= 2 and short) or repeated_asks:
        return reasons.SUBSCRIPTION if subscription > donation else reasons.DONATION
    return None


def speaks_like_chrome(text: str, count: int) -> bool:
    """Widget wording that could also be news ("few signed up") counts only when it reads as a widget:
    no sentence ending, a label ("Newsletter:"), or the reader addressed."""
    own_voice = unquoted(text)
    return (
        not is_sentence(text)
        or count <= MAX_LABEL_WORDS // 2
        or bool(LABEL_START.match(text))
        or bool(_LOW_ADDRESS.search(lowered_voice(text)) or IMPERATIVE_START.match(own_voice))
    )


def is_bare_label(text: str) -> bool:
    """A label with nothing after it ("Read more:", "Most read"): the items it introduces follow."""
    return not text.partition(":")[2].strip() and len(words(text)) <= MAX_LABEL_WORDS


def has_appeal_wording(text: str) -> bool:
    """True when the text asks for money or membership or talks about the outlet itself."""
    own_voice = unquoted(text)
    return any(p.search(own_voice) for p in (DONATION_WORDING, SUBSCRIPTION_WORDING, SELF_WORDING))


def menu_reason(text: str) -> str | None:
    """A row of three or more one-to-three-word items: a menu or a section list."""
    items = [item for item in MENU_SEPARATOR.split(text) if item]
    if len(items) < 3 or is_sentence(text):
        return None
    if all(len(words(item)) <= 3 for item in items):
        return reasons.NAVIGATION
    return None


WIDGET_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (AD_LINE, reasons.ADVERTISEMENT),
    (NAVIGATION_LINE, reasons.NAVIGATION),
    (TAXONOMY_LABEL, reasons.NAVIGATION),
    (FORM_LINE, reasons.FORM),
)
# Wording that news prose can share; it marks a widget only when the block reads like one.
SOFT_WIDGET_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (SUBSCRIPTION_WORDING, reasons.SUBSCRIPTION),
    (NEWSLETTER_WORDING, reasons.NEWSLETTER),
    (MEDIA_WORDING, reasons.MEDIA),
)
_LOW_SOFT_WIDGET_PATTERNS = tuple((_lower_case_twin(pattern), reason) for pattern, reason in SOFT_WIDGET_PATTERNS)

RULES: tuple[Callable[[str, int], str | None], ...] = (
    _cookie,
    _labels,
    _caption,
    _widget,
    _footer_bio_comments,
    _signup_box,
    _appeal,
)
