"""When a sentence from a reading may be posted as a fact: the rules, each with a name.

A fact is read alone, days after the passage it comes from, by students who have not
read that passage. So it must not lean on the sentences around it (a pronoun, "also",
"however", "this policy", a comparison whose other half is elsewhere), must be a checkable
statement rather than the writer's verdict ("successful", "hardly valid", "reveals"), and
must read as grammatical English. :func:`refusal` names the first rule a text breaks, so a
test (or a curious teacher) can see why a sentence was left out.
"""

from __future__ import annotations

import re

from bot.corpus.sentences import is_complete

MIN_CHARS = 50
MIN_WORDS = 8

# Openings that lean on an earlier sentence: pronouns, demonstratives and connectives.
_DANGLING_OPENERS = re.compile(
    r"^(?:this|these|that|those|he|his|him|she|her|it|its|they|their|them|we|our|i|"
    r"however|additionally|besides|further|furthermore|moreover|also|yet|but|and|or|so|"
    r"thus|therefore|hence|instead|still|then|firstly|secondly|thirdly|finally|lastly|"
    r"overall|specifically|ultimately|meanwhile|nevertheless|nonetheless|otherwise|such|"
    r"both|another|other|others|here|there|in addition|in particular|in contrast|"
    r"of course|by the way|at the same time|as a result|as a direct result|with this|"
    r"despite this|for example|for instance|during|the period|the report|the latter|"
    r"the former|the organization|the stability|the first wave|the most notable|once)\b",
    re.IGNORECASE,
)
# Words that point back to something the fact does not contain, wherever they stand:
# demonstratives ("these distortions", "that year"), "the latter", adverbs that add to or
# turn against an earlier sentence ("also", "however", "too", "as well", "such"), and a
# verb of sequence with nothing after it ("the Thaw followed, ...": followed what?).
_POINTS_BACK = re.compile(
    r"\b(?:this|these|those|the latter|the former|the same year|the report)\b"
    r"|\b(?:that|because|as|when) (?:it|they)\b"
    r"|\bthat (?:year|time|period|day|month|decade|era|moment|point|policy|speech|decision|"
    r"campaign|process|event|man|leader)\b"
    r"|(?<!\bbut )\balso\b"
    r"|(?:^|[,;]\s*)however\b|\bhowever\s*,"
    r"|[,\s]too\s*[,.;]"
    r"|\bas well\b(?!\s+as\b)"
    r"|\bsuch\b(?!\s+as\b)"
    r"|\bfollowed\b(?=\s*(?:[,.;:]|$)|\s+suit\b)",
    re.IGNORECASE,
)
# A comparison needs both of its terms: "differed" (from whom?), "more openness" (than?).
_COMPARES = re.compile(
    r"\b(?:differ|differs|differed|different|differently|unlike|similar)\b", re.IGNORECASE
)
_SECOND_TERM = re.compile(r"\b(?:from|than|to|with|between|both)\b", re.IGNORECASE)
_COMPARATIVE = re.compile(
    r"\b(?:more|less|fewer|greater|better|worse|higher|lower|larger|smaller|stronger|weaker|"
    r"harsher|milder|freer|easier|harder)\b",
    re.IGNORECASE,
)
_THAN = re.compile(r"\bthan\b", re.IGNORECASE)
# The writer's verdict, hedge or voice, which a class should weigh, not be told as fact.
_OPINION = re.compile(
    r"\b(?:success|successful|successfully|unsuccessful|failure|failures|necessary|"
    r"unnecessary|valid|invalid|hardly|moral|morally|immoral|reprehensible|tragedy|tragic|"
    r"unparalleled|egregious|dangerous|dangerously|inevitable|inevitably|genuine|genuinely|"
    r"sincere|sincerely|imperfect|imperfectly|immense|apparently|seemingly|arguably|clearly|"
    r"obviously|undoubtedly|certainly|surely|perhaps|probably|must|should|ought|reveals|"
    r"proves|positive|negative|never|always|nobody|everyone|everything|above all|let us|"
    r"this paper|this essay|in my opinion|the analysis of)\b",
    re.IGNORECASE,
)
_FIRST_PERSON = re.compile(r"\b(?:I|we|We|us|our|Our|my|My)\b")
# Garbled in the source: a possessive followed by a verb ("Khrushchev’s ushered in an era").
_POSSESSIVE_VERB = re.compile(
    r"\b[A-Z][a-z]+[’']s\s+[a-z]+ed\s+(?:in|on|out|up|to|a|an|the|his|her|its|their)\b"
)
# A person's pronoun needs that person named before it ("Stalin era" names no one).
_PRONOUN = re.compile(r"\b(?:he|his|him|she|her)\b", re.IGNORECASE)
# A plural pronoun among the first words points back to the sentence before.
_EARLY_PLURAL = re.compile(r"^(?:\S+\s+){0,2}(?:they|their|them)\b", re.IGNORECASE)
# What a fact must name to stand alone: a person, the state, the party, or a date.
_ANCHOR = re.compile(
    r"Stalin|Khrushchev|Krushchev|Soviet|USSR|Communist|Party|Congress|KGB|NKVD|MVD|Gulag|"
    r"Kremlin|Pospelov|Molotov|Malenkov|Kaganovich|Lenin|\b19\d\d\b"
)
_NAME = re.compile(
    r"\b(?:Stalin|Khrushchev|Krushchev|Pospelov|Molotov|Malenkov|Kaganovich)\b(?![’']s|\s+era)"
)
_LABEL = re.compile(r"^[A-Z][\w ]{0,30}:\s")  # "Stalin: Aggressive expansionism, ..."


def stands_alone(text: str, whole: bool = True) -> bool:
    """True when ``text`` reads as a factual statement on its own (no rule refuses it)."""
    return refusal(text, whole) is None


def refusal(text: str, whole: bool = True) -> str | None:
    """The name of the first rule ``text`` breaks, or None when it may be a fact.

    ``whole`` is False for a first clause (cut at a semicolon), which has no full stop.
    """
    for name, breaks in _RULES:
        if breaks(text, whole):
            return name
    return None


def _too_short(text: str, whole: bool) -> bool:
    return len(text) < MIN_CHARS or len(text.split()) < MIN_WORDS


def _cut_off(text: str, whole: bool) -> bool:
    return whole and not is_complete(text)


def _opens_badly(text: str, whole: bool) -> bool:
    """Not a capital, a connective or pronoun first, or a table label ("Stalin: ...")."""
    return not text[0].isupper() or bool(_DANGLING_OPENERS.match(text) or _LABEL.match(text))


def _question_or_open_quote(text: str, whole: bool) -> bool:
    """A question, or a quotation or bracket left open (or closed without opening)."""
    return (
        "?" in text
        or text.count("“") != text.count("”")
        or text.count('"') % 2 == 1
        or text.count("(") != text.count(")")
        or text.count("[") != text.count("]")
    )


def _points_back(text: str, whole: bool) -> bool:
    return bool(_POINTS_BACK.search(text) or _EARLY_PLURAL.match(text))


def _half_a_comparison(text: str, whole: bool) -> bool:
    """ "differed in his style" (from whom?) or "more openness" (than what?)."""
    compares = _COMPARES.search(text)
    if compares and not _SECOND_TERM.search(text, compares.end()):
        return True
    comparative = _COMPARATIVE.search(text)
    return bool(comparative and not _THAN.search(text, comparative.end()))


def _opinion(text: str, whole: bool) -> bool:
    return bool(_OPINION.search(text) or _FIRST_PERSON.search(text))


def _garbled(text: str, whole: bool) -> bool:
    return bool(_POSSESSIVE_VERB.search(text))


def _unanchored(text: str, whole: bool) -> bool:
    """Nothing names who or when, or a pronoun comes before the name it stands for."""
    if not _ANCHOR.search(text):
        return True
    pronoun = _PRONOUN.search(text)
    if pronoun is None:
        return False
    name = _NAME.search(text)
    return name is None or pronoun.start() < name.start()


_RULES = (
    ("too short", _too_short),
    ("cut off", _cut_off),
    ("opens by pointing back", _opens_badly),
    ("question or open quotation", _question_or_open_quote),
    ("garbled", _garbled),
    ("opinion", _opinion),
    ("points back", _points_back),
    ("half a comparison", _half_a_comparison),
    ("names no one", _unanchored),
)
