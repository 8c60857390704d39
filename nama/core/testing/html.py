"""Read server-rendered HTML in tests: elements with their attributes, and the visible text."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

_INVISIBLE = {"script", "style", "template"}


@dataclass(frozen=True)
class Element:
    tag: str
    attrs: dict[str, str]


@dataclass
class Outline:
    """The elements of a page in document order and its text, split by direction."""

    elements: list[Element] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    # Text outside <bdi dir="ltr">: where Persian digits are required.
    rtl_text: list[str] = field(default_factory=list)

    def find_all(self, tag: str) -> list[Element]:
        return [element for element in self.elements if element.tag == tag]

    def first(self, tag: str) -> Element:
        return self.find_all(tag)[0]

    def landmarks(self) -> dict[str, str]:
        """header/nav/main/footer -> aria-label ("" when unlabelled); the first of each."""
        found: dict[str, str] = {}
        for element in self.elements:
            if element.tag in {"header", "nav", "main", "footer"}:
                found.setdefault(element.tag, element.attrs.get("aria-label", ""))
        return found


class _OutlineParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.outline = Outline()
        self._open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self.outline.elements.append(Element(tag, values))
        if tag in _INVISIBLE or (tag == "bdi" and values.get("dir") == "ltr"):
            self._open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._open and self._open[-1] == tag:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        if any(tag in _INVISIBLE for tag in self._open) or not data.strip():
            return
        self.outline.text.append(data.strip())
        if "bdi" not in self._open:
            self.outline.rtl_text.append(data.strip())


def outline(html: str | bytes) -> Outline:
    """Parse a page (a response's content will do) into an Outline."""
    parser = _OutlineParser()
    parser.feed(html.decode() if isinstance(html, bytes) else html)
    parser.close()
    return parser.outline
