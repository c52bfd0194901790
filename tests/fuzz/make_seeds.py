"""Writes the small seed corpora of the fuzz harnesses (tests/fuzz/corpus/<target>/).

The seeds are committed; rerun this only to change them. Each seed is a short piece of the text
the library meets (UN speeches, news: several scripts, quotes, dashes, odd spaces, decomposed
letters) or a known hard case (invalid UTF-8, long mark runs, Hangul jamo)."""
import hashlib
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

TEXTS = [
    "C\u00f4te d\u2019Ivoire and the Stra\u00dfe of \u0130stanbul",
    "\ufb01ne \u00bd \u2460 \uff21\uff22 \u3000 x\u00b2",
    "Co\u0302te e\u0301\u0323 a\u0323\u0301 \u1e9b\u0323 \u0344 \u0f73 \u0958",
    "\uac00\u1100\u1161\u11a8 \u1100\u1161 \uac00\u11a8",
    "\u201cQuoted\u201d \u2018single\u2019 \u00abguillemets\u00bb `tick\u00b4 \u2032",
    "a\u2013b\u2014c\u2212d\u2010e\ufe63f\uff0dg",
    " a \t\n b\u00a0\u3000c\u2028d\u0085e  ",
    "\u0627\u0644\u0623\u0645\u0645 \u0627\u0644\u0645\u062a\u062d\u062f\u0629 \u0660\u0661",
    "\u0928\u092e\u0938\u094d\u0924\u0947 \u0915\u094d\u0937 \u0915\u093c",
    "\u0391\u0398\u0397\u039d\u0391 \u1fb3 \u1fb4 \u03a3\u039f\u03a3 \u03c2",
    "Vi\u1ec7t Nam \u0110\u00e0 N\u1eb5ng",
    "\U0001f1fa\U0001f1f3 \U0001f469\u200d\U0001f52c \u2764\ufe0f",
    "\u0645\u0631\u062d\u0628\u0627 \u05e9\u05b8\u05c1\u05dc\u05d5\u05b9\u05dd",
    "x" + "\u0301\u0323" * 40,
    "A\u030a \u212b \u2126 \u00c5",
    "\u0000nul\u0000byte",
    "",
    "UN-GA 78/1, U.S.A., Dr. M\u00fcller \u2026",
]

BAD = [
    b"ab\xc3(cd",
    b"\xed\xa0\x80x",
    b"\xc0\xaf\xe0\x80\xbf\xf0\x80\x80\x80",
    b"\xf4\x90\x80\x80\xf5\xff",
    b"caf\xc3",
    b"\xe2\x82",
    b"\x80\x81 lone continuation",
    b"ok \xf0\x9f\x98",
]


PROSE = [
    "Mr. President, the U.S. delegation met H.E. Mr. Ilham Aliyev at 10 a.m. on Tuesday. "
    "It was cordial... Really? Yes!",
    "Statement by the Secretary-General\n\n1. Peace and security\n(a) Ukraine\n\u2022 Gaza",
    "See https://www.un.org/en/about-us and write to info@un.org. #UNGA78 @antonioguterres",
    "Costs rose 3.5% to $1,000.50 (i.e. 30,000 units) in 2030; J. F. Kennedy Jr. agreed.",
    "\u00abC\u2019est l\u2019ONU\u00bb, dit-il. \u201cDon\u2019t,\u201d she said. Azerbaijan\u2019s view.",
    "\u5317\u4eac\u662f\u4e2d\u56fd\u7684\u9996\u90fd\u3002\u30ab\u30bf\u30ab\u30ca\u3068\u3072\u3089\u304c\u306a\u3002",
    "\U0001f1e6\U0001f1ff \U0001f469\u200d\U0001f469\u200d\U0001f467 \U0001f44d\U0001f3fd 1\ufe0f\u20e3",
    "\u0645\u0631\u062d\u0628\u0627. \u05e9\u05dc\u05d5\u05dd! \u0928\u092e\u0938\u094d\u0924\u0947\u0964 \u0e2a\u0e27\u0e31\u0e2a\u0e14\u0e35",
    "No. 5 of Art. 3, p. 12: e.g. Georgia, etc. \u2014 and so on\u2026 The end",
    "a\r\nb\u2028c \u0301x \u0600\u0661 e\u0301\u0323 \u1100\u1161\u11a8",
]


def write(target, payload):
    d = os.path.join(HERE, "corpus", target)
    os.makedirs(d, exist_ok=True)
    name = hashlib.sha1(payload).hexdigest()[:16]
    with open(os.path.join(d, name), "wb") as f:
        f.write(payload)


def main():
    texts = [t.encode("utf-8") for t in TEXTS] + BAD
    for t in texts:
        write("utf8", t)
    # normalize: two option bytes, then the text. A few option words per text.
    option_words = [0x001, 0x002, 0x003 | 0x008, 0x004 | 0x010, 0x0F3, 0x3FB, 0x200 | 0x003, 0x100,
                    0x018, 0x0E0]
    for i, t in enumerate(texts):
        for w in (option_words[i % len(option_words)], option_words[(i + 3) % len(option_words)]):
            write("normalize", struct.pack("<H", w) + t)
    # Span producers: one control byte (mode bit 0 / kind mod 3; bit 7 = allocation failure).
    spans_texts = [t.encode("utf-8") for t in PROSE] + texts[:6] + BAD[:4]
    for target, modes in (("tokenize", (0, 1)), ("sentences", (0, 1)), ("segment", (0, 1, 2))):
        for i, t in enumerate(spans_texts):
            write(target, bytes([modes[i % len(modes)]]) + t)
        write(target, bytes([0x80 | (5 << 1) | 0]) + spans_texts[0])
    # gazetteer: one control byte, alias lines "<case byte><alias>", a NUL, the text.
    alias_sets = [
        ["United States", "U.S.", "USA", "Azerbaijan", "Baku", "NATO", "EU", "United Nations"],
        ["C\u00f4te d\u2019Ivoire", "Guinea-Bissau", "Niger", "Nigeria", "\u5317\u4eac", "\u0627\u0644\u0639\u0631\u0627\u0642"],
        ["Chad", "US", "Lao", "IAEA", "O'Brien", "St. Kitts", "e\u0301t\u00e9"],
    ]
    for i, aliases in enumerate(alias_sets):
        lines = b"\n".join(bytes([k % 3]) + a.encode() for k, a in enumerate(aliases))
        for j, t in enumerate(spans_texts[:6] + [" ".join(aliases).upper().encode()]):
            write("gazetteer", bytes([(i + j) % 2 * 0]) + lines + b"\0" + t)
        write("gazetteer", bytes([1 | (7 << 1)]) + lines + b"\0" + spans_texts[0])
    # Language rows among the aliases ("\t<row>"): each kind of row, refused ones, and a Russian
    # text for the rules and marker words to act on.
    lang_rows = ["lang\tru\t1\t1", "rule\tru\t-\t-\tи\tя\t2", "rule\ten\tv\t-\tler\t-\t1",
                 "marker\tru\tи", "common\tru\tтого\t12", "designator\ten\tltd", "designated\ten\tpacific",
                 "marker\tru\tдва слова", "rule\tru\t-\t-\tи\tя\t1234567890", "lang\tru\t2\t0", "alias\tru"]
    lines = b"\n".join(["\1Россия".encode(), b"\2Pacific", "\0Того".encode()]
                       + [b"\t" + r.encode() for r in lang_rows])
    for t in ("и в России, и Того; того и Pacific Trade Ltd.", "Росія Россией России"):
        write("gazetteer", b"\0" + lines + b"\0" + t.encode())
    write("gazetteer", bytes([1 | (20 << 1)]) + lines + b"\0" + "и в России".encode())
    # relations: control byte (window kind, distance), alias lines "<id byte><alias>", NUL, text.
    rel_aliases = [(0, "Azerbaijan"), (0, "Baku"), (1, "Armenia"), (2, "Russian Federation"),
                   (2, "Russia"), (3, "United States"), (3, "U.S."), (4, "NATO"), (5, "EU")]
    lines = b"\n".join(bytes([k]) + a.encode() for k, a in rel_aliases)
    rel_texts = [
        "Azerbaijan and Armenia met in Baku. Russia, the U.S. and NATO watched. The EU did too.\n\n"
        "1. Armenia\n2. Azerbaijan and the Russian Federation",
        "Mr. Aliyev of Azerbaijan met the U.S. envoy; NATO and the EU. Russia? No. Armenia!",
    ] + PROSE[:3]
    for i, t in enumerate(rel_texts):
        for ctl in (0, 1, 2 | (2 << 2)):
            write("relations", bytes([ctl]) + lines + b"\0" + t.encode())
    write("relations", bytes([0x80 | (1 << 5)]) + lines + b"\0" + rel_texts[0].encode())
    # analysis: control byte (code points, no tokens, distance, layout), allocation count byte,
    # the same alias lines, NUL, the text as UTF-8 or as code units of width 1, 2, 4.
    for i, t in enumerate(rel_texts):
        for ctl in (0, 1, 2, 3 | (1 << 2), 2 << 2):
            write("analysis", bytes([ctl, 0]) + lines + b"\0" + t.encode())
        for layout, enc in ((1, "latin-1"), (2, "utf-16-le"), (3, "utf-32-le")):
            data = t.encode(enc, "replace")
            write("analysis", bytes([(layout << 5) | (i % 4), 0]) + lines + b"\0" + data)
    write("analysis", bytes([0, 0]) + lines + b"\0" + BAD[0] + b" Azerbaijan \xff Baku. Armenia")
    write("analysis", bytes([1, 0]) + lines + b"\0" + b"Baku \xe2\x82 Armenia. \xf0\x9f Russia")
    write("analysis", bytes([2 << 5, 0]) + lines + b"\0" + "Baku \ud800 x".encode("utf-16-le", "surrogatepass"))
    write("analysis", bytes([3 << 5, 0]) + lines + b"\0" + b"B\0\0\0\0\0\x11\0")
    for k in (3, 17, 40, 90):
        write("analysis", bytes([0x80 | (k % 4), k]) + lines + b"\0" + rel_texts[0].encode())
    # gazetteer_image: one control byte (bit 0: fix the checksum), then a compiled image.
    try:
        sys.path.insert(0, os.path.join(HERE, "..", "..", "python"))
        import relcore
    except ImportError:
        print("relcore is not built: gazetteer_image seeds left as they are")
        return
    for i, aliases in enumerate(alias_sets):
        g = relcore.Gazetteer()
        for k, a in enumerate(aliases):
            g.add(a, "E%d" % k, kind="country" if k % 2 else None, lang=("ru", "tr", None)[k % 3])
        # Language sections too: settings, a rule of each shape, marker and common words.
        g._add_lang_row("lang\tru\t1\t1")
        g._add_lang_row("rule\tru\t-\t-\tи\tя\t2")
        g._add_lang_row("rule\ttr\tv\t-\tler\t-\t1")
        g._add_lang_row("marker\ttr\tve")
        g._add_lang_row("common\tru\tтого")
        image = g._image()
        write("gazetteer_image", b"\0" + image)
        write("gazetteer_image", b"\1" + image)
        flipped = bytearray(image)
        flipped[len(flipped) // 2] ^= 0x10
        write("gazetteer_image", b"\1" + bytes(flipped))
        write("gazetteer_image", b"\0" + image[: len(image) // 3])
        # gazetteer_file: the same layout, loaded from a file: also a file whose size disagrees
        # with its header (bit 1 clear) and one shorter than the header.
        write("gazetteer_file", b"\1" + image)
        write("gazetteer_file", b"\0" + image + b"\0" * 8)
        write("gazetteer_file", b"\2" + image[:100])
        write("gazetteer_file", b"\0" + image[:20])
    # Allocation failure after a few allocations (byte 1 bit 7; count in bits 2..6).
    write("normalize", bytes([0x03 | 0x08, 0x80 | (3 << 2) | 0x02]) + texts[0])


if __name__ == "__main__":
    sys.exit(main())
