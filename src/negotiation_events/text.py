"""Input text: HTML to plain text with an offset map, and an English-language check.

:func:`from_html` strips markup the way a reader sees the page (block elements become
paragraph breaks, scripts and styles vanish, entities are decoded, whitespace is
collapsed) and keeps, for every character of the plain text, its offset in the HTML, so
evidence found in the plain text can be located in the original page:

>>> page = "<html><head><title>Truce</title><style>p {}</style></head><body>"
>>> page += "<p>Russia and Ukraine exchanged <b>300</b> prisoners&nbsp;of war.</p></body></html>"
>>> doc = from_html(page)
>>> print(doc.text)
Truce
<BLANKLINE>
Russia and Ukraine exchanged 300 prisoners of war.
>>> start = doc.text.index("300")
>>> page[slice(*doc.original_span(start, start + 3))]
'300'

:func:`looks_english` is the cheap test :func:`~negotiation_events.parse_article` uses to
refuse text in another language (it returns ``[]`` with a
:class:`~negotiation_events.errors.NonEnglishTextWarning` instead of garbage events).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from html.parser import HTMLParser

from spacy.lang.en.stop_words import STOP_WORDS

__all__ = ["HtmlText", "from_html", "looks_english"]

_BLOCK = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption",
        "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main",
        "nav", "ol", "p", "pre", "section", "table", "td", "th", "title", "tr", "ul",
    }
)  # fmt: skip
_HIDDEN = frozenset({"script", "style", "noscript", "template", "svg", "head"})
_VISIBLE_IN_HEAD = frozenset({"title"})
_FOREIGN_FUNCTION_WORDS = frozenset(
    {
        # French, German, Spanish, Italian, Portuguese, Dutch, Scandinavian, Polish, Turkish
        "le", "la", "les", "des", "du", "et", "est", "une", "un", "dans", "pour", "sur", "avec", "qui", "que",
        "der", "die", "das", "und", "ist", "nicht", "mit", "den", "dem", "ein", "eine", "auf", "für", "von", "zu",
        "el", "los", "las", "y", "del", "con", "para", "por", "una", "es", "como", "pero", "más", "lo",
        "il", "di", "della", "che", "non", "gli", "sono", "nel", "alla", "delle", "dei", "anche",
        "os", "as", "em", "não", "uma", "com", "dos", "ao", "pelo", "pela",
        "het", "een", "van", "niet", "zijn", "op", "ook", "dat", "voor",
        "och", "att", "som", "og", "ikke", "er", "til", "på", "av", "jeg", "det",
        "w", "z", "nie", "się", "na", "jest", "że", "do", "ve", "bir", "bu", "ile", "için", "da", "de",
    }
)  # fmt: skip
_BREAK = "\x00"  # a paragraph break, placed while parsing and resolved when collapsing whitespace


@dataclass(frozen=True)
class HtmlText:
    """Plain text extracted from HTML, with the way back.

    Attributes:
        text: the readable text: paragraphs separated by a blank line, whitespace collapsed.
        offsets: for every character of ``text``, its offset in the HTML source.
        source: the HTML it came from.
    """

    text: str
    offsets: tuple[int, ...]
    source: str

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The HTML span ``(start, end)`` covering the plain-text span ``text[start:end]``.

        Args:
            start: start offset in :attr:`text`.
            end: end offset in :attr:`text` (exclusive); must be greater than ``start``.

        Raises:
            ValueError: the span is empty or outside :attr:`text`.
        """
        if not 0 <= start < end <= len(self.text):
            raise ValueError(f"span ({start}, {end}) is not a non-empty span of a text of length {len(self.text)}")
        last = self.offsets[end - 1]
        width = 1
        if self.source.startswith("&", last):  # an entity: cover it whole
            semicolon = self.source.find(";", last, last + 12)
            width = semicolon - last + 1 if semicolon > 0 else 1
        return self.offsets[start], last + width


class _Collector(HTMLParser):
    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.line_starts = [0]
        for index, char in enumerate(source):
            if char == "\n":
                self.line_starts.append(index + 1)
        self.chars: list[tuple[str, int]] = []
        self.hidden = 0
        self.in_head_visible = 0

    def _position(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def _visible(self) -> bool:
        return self.hidden == 0 or self.in_head_visible > 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        if tag in _VISIBLE_IN_HEAD:
            self.in_head_visible += 1
        if tag in _BLOCK and self._visible():
            self.chars.append((_BREAK, self._position()))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK and self._visible():
            self.chars.append((_BREAK, self._position()))

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCK and self._visible():
            self.chars.append((_BREAK, self._position()))
        if tag in _HIDDEN and self.hidden:
            self.hidden -= 1
        if tag in _VISIBLE_IN_HEAD and self.in_head_visible:
            self.in_head_visible -= 1

    def handle_data(self, data: str) -> None:
        if not self._visible():
            return
        start = self._position()
        self.chars.extend((char, start + i) for i, char in enumerate(data))

    def _entity(self, decoded: str) -> None:
        if self._visible():
            position = self._position()
            self.chars.extend((char, position) for char in decoded)

    def handle_entityref(self, name: str) -> None:
        self._entity(html.unescape(f"&{name};"))

    def handle_charref(self, name: str) -> None:
        self._entity(html.unescape(f"&#{name};"))


def from_html(source: str) -> HtmlText:
    """Readable plain text from an HTML page or fragment, with an offset map back to it.

    Args:
        source: HTML (a whole page or a fragment).

    Returns:
        An :class:`HtmlText`; give its ``text`` to :func:`~negotiation_events.parse_article`
        and map evidence back with :meth:`HtmlText.original_span`.

    Raises:
        InvalidTextError: ``source`` is not a str.
    """
    from .errors import InvalidTextError

    if not isinstance(source, str):
        raise InvalidTextError(f"source must be a str of HTML, got {type(source).__name__}")
    collector = _Collector(source)
    collector.feed(source)
    collector.close()
    out: list[str] = []
    offsets: list[int] = []
    pending_space: int | None = None
    pending_break: int | None = None
    for char, position in collector.chars:
        if char == _BREAK:
            pending_break = position if pending_break is None else pending_break
            pending_space = None
            continue
        if char.isspace() or char == "\u00a0":
            if pending_break is None and pending_space is None:
                pending_space = position
            continue
        if out and pending_break is not None:
            out.extend("\n\n")
            offsets.extend((pending_break, pending_break))
        elif out and pending_space is not None:
            out.append(" ")
            offsets.append(pending_space)
        pending_space = pending_break = None
        out.append(char)
        offsets.append(position)
    return HtmlText(text="".join(out), offsets=tuple(offsets), source=source)


def looks_english(text: str, min_words: int = 25) -> bool:
    """Whether ``text`` reads as English (True for texts too short to tell).

    English prose has about 40% English function words ("the", "of", "and", "to"...).
    A text is judged not English when it is mostly in a non-Latin script, or when it has
    more function words of other European languages ("de", "la", "und", "der", "el",
    "que"...) than English ones and under 20% English ones. Lists of names, headlines in
    capitals and texts with fewer than ``min_words`` words stay English.

    Args:
        text: any text.
        min_words: the fewest words needed to judge.
    """
    letters = [c for c in text if c.isalpha()]
    if len(letters) >= 100 and sum(c.isascii() for c in letters) < 0.5 * len(letters):
        return False  # mostly non-Latin script (Cyrillic, Arabic, CJK...)
    words = [w.strip(".,;:!?\"'()«»“”‘’").lower() for w in text.split()]
    words = [w for w in words if w.isalpha()]
    if len(words) < min_words:
        return True
    english = sum(w in STOP_WORDS for w in words) / len(words)
    foreign = sum(w in _FOREIGN_FUNCTION_WORDS for w in words) / len(words)
    return not (foreign > english and english < 0.2)
