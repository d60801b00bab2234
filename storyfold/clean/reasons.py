"""The reasons cleaning gives for removing a span: one vocabulary for text and HTML.

Reports group removals by these strings and users filter on them, so they are
stable; add new ones here rather than inventing strings at call sites.
"""

CAPTURE_HEADER = "capture header"  # key/value lines a scraper put before the page text
TITLE = "title"  # the headline: kept as metadata, not body text
BYLINE = "byline"  # author/date line: kept as metadata, not body text
NAVIGATION = "navigation"  # menus, skip links, breadcrumbs, section lists
DONATION = "donation appeal"
SUBSCRIPTION = "subscription appeal"  # paywall / membership / "sign up" calls
NEWSLETTER = "newsletter"  # newsletter sign-up and form text
FORM = "form text"  # field labels, validation messages
COOKIE = "cookie notice"
SHARE = "share widget"  # share/print/save/comment counters
CAPTION = "image caption"  # gallery and photo captions, photo credits
MEDIA = "media widget"  # "listen to this article", video/audio player text
RELATED = "related stories"  # teasers for other stories, "read more", news feeds
AUTHOR_BIO = "author bio"
ADVERTISEMENT = "advertisement"
COMMENTS = "comments"
FOOTER = "site footer"  # copyright, legal, contact lines
ROUNDUP = "off-topic round-up"  # a section about other news, appended to the article
REPEATED = "repeated boilerplate"  # the same block in several articles of one outlet in this run
HTML_BOILERPLATE = "html boilerplate"  # page text the HTML extractor left out
