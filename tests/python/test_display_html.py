"""The highlight markup parses as intended: each <mark> has exactly a style and a title
"ID · kind" (a missing quote once swallowed the title into the style)."""
from html.parser import HTMLParser

from relcore import analyze
from relcore.display import mentions_html


class Marks(HTMLParser):
    def __init__(self):
        super().__init__()
        self.marks = []

    def handle_starttag(self, tag, attrs):
        if tag == "mark":
            self.marks.append(dict(attrs))


def marks(html_text):
    p = Marks()
    p.feed(html_text)
    return p.marks


def test_mark_has_style_and_title():
    doc = analyze("Azerbaijan & \"NATO\" <met> the UN.")
    got = marks(mentions_html(doc.text, doc.mentions))
    assert [m["title"] for m in got] == ["AZE · country", "NATO · org", "UN · org"]
    for m in got:
        assert set(m) == {"style", "title"}
        assert m["style"].startswith("background:#") and "title" not in m["style"]
