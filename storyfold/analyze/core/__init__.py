"""The shared analysis core: what every analysis component reads the article with.

Components import downward from here, never sideways from each other:

* :mod:`lexicon`: the English word lists (speech verbs, weekdays, months, tense cues,
  speaker words), one copy each, so two components never disagree on what "a speech
  verb" is;
* :mod:`tokens`: one token index on a parsed article (by offset, children, subtree,
  governing verb);
* :mod:`quote_marks`: the table of quotation marks (the scanner lives in
  :mod:`storyfold.analyze.quotes.spans` and reads this table);
* :mod:`dates`: the one date resolver used by the timeline, discrepancies and summary.
"""
