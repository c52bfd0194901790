"""Hand-made documents for tests of the analyst layer that must not depend on the tokenizer or
the gazetteer: plain records with the fields Doc, the tables and the display read."""
from collections import namedtuple

from relcore.doc import Doc

M = namedtuple("M", "start end id kind text")
S = namedtuple("S", "start end text")
T = namedtuple("T", "text start end kind")


class Toks(list):
    """A list of T records with the .starts buffer a relcore.Tokens has."""

    @property
    def starts(self):
        return [t.start for t in self]


def make_doc(text, entities, kinds=None):
    """A Doc whose sentences end at '. ', whose tokens are the space-separated words and whose
    mentions are the given words (word → id), found wherever they occur as whole words."""
    kinds = kinds or {}
    sents, start = [], 0
    for i in range(len(text)):
        if text[i] == "." and text[i - 1].islower() and (i + 1 == len(text) or text[i + 1] == " "):
            sents.append(S(start, i + 1, text[start:i + 1]))
            start = i + 2
    if start < len(text):
        sents.append(S(start, len(text), text[start:]))
    toks, pos = Toks(), 0
    for w in text.split(" "):
        toks.append(T(w, pos, pos + len(w), "word"))
        pos += len(w) + 1
    mentions = []
    for word, id in entities.items():
        pos = text.find(word)
        while pos >= 0:
            end = pos + len(word)
            if (pos == 0 or not text[pos - 1].isalnum()) and (end == len(text) or not text[end].isalnum()):
                mentions.append(M(pos, end, id, kinds.get(id, "country"), word))
            pos = text.find(word, pos + 1)
    mentions.sort(key=lambda m: m.start)
    return Doc(text, toks, sents, mentions)


ENTITIES = {"Azerbaijan": "AZE", "Armenia": "ARM", "Russia": "RUS", "U.S.": "USA",
            "Türkiye": "TUR", "United Nations": "UN", "Baku": "AZE-BAK"}
KINDS = {"UN": "organization", "AZE-BAK": "place"}

TEXTS = [
    "The U.S. and Azerbaijan signed a memorandum in Baku. Russia objected to it.",
    "Azerbaijan and Armenia met. Azerbaijan, Armenia and Russia talked. The United Nations watched.",
    "Türkiye backs Azerbaijan. Armenia and Azerbaijan sign. Nothing here.",
]


def docs():
    return [make_doc(t, ENTITIES, KINDS) for t in TEXTS]
