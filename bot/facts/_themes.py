"""A fact's theme: one of /compare's themes when the words make it clear, else "general".

A wrong label teaches something false ("economy" on a sentence about culture), so a theme
needs clear evidence: its own name ("foreign policy"), one of the words students use for
it ("camps", "KGB"), or two of its search words; and it must outweigh every other theme,
so a sentence that mixes two themes equally is "general". Words that say little about a
theme in these readings are not evidence: a politician's "reputation" is not a "legacy",
"under the leadership of" is not a leadership style, "security of wealth" is neither
police nor economy, and the "cult of personality" turns up in nearly every sentence about
de-Stalinization.
"""

from __future__ import annotations

from bot.compare import THEMES, Theme
from bot.text import fold, words

GENERAL_THEME = "general"
NAME_WEIGHT, SYNONYM_WEIGHT, QUERY_WEIGHT = 3, 2, 1
CLEAR = 2  # the theme's name, a synonym, or two search words
# Search words too loose for labelling ("secret" police or "Secret Speech"?).
_LOOSE_QUERY_WORDS = frozenset({"secret", "style", "image", "shaped", "history", "west", "fear"})
# Synonyms too ambiguous in these readings to label a fact (see the module docstring).
_NOT_EVIDENCE = frozenset(
    {"cult", "personality", "reputation", "leadership", "rule", "security", "wealth"}
)


def theme_of(text: str) -> str:
    """The theme with clear evidence that outweighs every other, else "general"."""
    scores = sorted(((_score(theme, text), theme.name) for theme in THEMES), reverse=True)
    (best, name), (runner_up, _) = scores[0], scores[1]
    return name if best >= CLEAR and best > runner_up else GENERAL_THEME


def _score(theme: Theme, text: str) -> int:
    """The weight of the theme's evidence; each word of the text counts once, at its best.

    "living standards" is one piece of evidence, not three ("living", "standards" and the
    phrase), and "economic" counts once though it matches "economic" and "economics".
    """
    folded = " ".join(words(text))
    tokens = set(folded.split())
    weights = _keywords(theme.name, theme.synonyms, theme.query)
    found = [
        (w, covered)
        for keyword, w in weights.items()
        if (covered := _hits(keyword, tokens, folded))
    ]
    used: set[str] = set()
    score = 0
    for weight, covered in sorted(found, key=lambda hit: (-hit[0], -len(hit[1]))):
        if not covered & used:
            used |= covered
            score += weight
    return score


def _keywords(name: str, synonyms: tuple[str, ...], query: str) -> dict[str, int]:
    weights = {w: QUERY_WEIGHT for w in fold(query).split() if w not in _LOOSE_QUERY_WORDS}
    weights.update({fold(word): SYNONYM_WEIGHT for word in synonyms})
    weights[fold(name)] = NAME_WEIGHT
    return {word: weight for word, weight in weights.items() if word not in _NOT_EVIDENCE}


def _hits(keyword: str, tokens: set[str], folded: str) -> set[str]:
    """The words of the text a keyword matches (a phrase whole; a word or its plural)."""
    if " " in keyword:
        return set(keyword.split()) if f" {keyword} " in f" {folded} " else set()
    return {keyword, keyword + "s", keyword.removesuffix("s")} & tokens
