/* fuzz_gazetteer.c — building, compiling and searching a gazetteer.
 *
 * Input: byte 0 holds the options (bit 0: allocation failure during the build, count in bits
 * 1..6); then alias lines up to the first NUL byte, each "<case><alias>" where the first byte
 * mod 3 is the case mode, or "\t<row>": a row of a languages file (rc_gazetteer_builder_add_lang_row,
 * "rule\ten\t-\t-\ts\t-\t2"); after the NUL, the text to search. Any bytes.
 *
 * Invariants: a failed add leaves the builder unchanged (its count); the compiled gazetteer
 * holds the added entries in order; matches are inside the text, on character boundaries, sorted
 * by start then end, and name an existing entry; non-overlapping matches do not overlap and each
 * is among the overlapping ones; code point offsets are the byte offsets converted; the image of
 * the gazetteer loads back into one that finds exactly the same; searching the text of a match
 * on its own finds that match's entry over all of it (matches are whole tokens). The designator
 * lists hold a few words, so that the look-ahead after one-word matches is fuzzed too. Language
 * rows: refused ones change nothing the compiled gazetteer shows; a word of a list is one match
 * token (no separator inside); the image keeps the languages, rules and words. (A match searched
 * alone is then not checked: with language data a match depends on its context by design —
 * marker words around it, a common word at the start of a sentence.) */
#include "fuzz_common.h"

static void find_or_die(const rc_gazetteer *g, const char *text, size_t n, unsigned options, rc_matches *m)
{
    int rc = rc_gazetteer_find(g, text, n, options, m);
    FUZZ_CHECK(rc == RC_OK, "rc_gazetteer_find(options %#x): rc %d", options, rc);
}

static void check_same_matches(const char *what, const rc_matches *a, const rc_matches *b)
{
    FUZZ_CHECK(a->count == b->count, "%s: %zu matches vs %zu", what, a->count, b->count);
    for (size_t i = 0; i < a->count; i++)
        FUZZ_CHECK(a->start[i] == b->start[i] && a->end[i] == b->end[i] && a->entry[i] == b->entry[i],
                   "%s: match %zu differs", what, i);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    const uint8_t ctl = data[0];
    const uint8_t *aliases = data + 1;
    const uint8_t *nul = memchr(aliases, 0, size - 1);
    size_t alias_bytes = nul ? (size_t)(nul - aliases) : size - 1;
    const char *text = nul ? (const char *)nul + 1 : "";
    size_t n = nul ? size - 1 - alias_bytes - 1 : 0;

    rc_gazetteer_builder *b = NULL;
    rc_gazetteer *g = NULL, *h = NULL;
    rc_matches m = RC_MATCHES_INIT, o = RC_MATCHES_INIT, x = RC_MATCHES_INIT;
    int faulty = fuzz_fault_begin((uint8_t)((ctl & 1) << 7 | ((ctl >> 1) & 0x3F)));
    int rc = rc_gazetteer_builder_new(&b);
    size_t added = 0, line_no = 0, rows = 0;
    for (size_t p = 0; rc != RC_ENOMEM && p < alias_bytes && b;) {
        const uint8_t *eol = memchr(aliases + p, '\n', alias_bytes - p);
        size_t end = eol ? (size_t)(eol - aliases) : alias_bytes;
        if (end > p && aliases[p] == '\t') {
            rc = rc_gazetteer_builder_add_lang_row(b, (const char *)aliases + p + 1, end - p - 1);
            if (rc == RC_OK) rows++;
            FUZZ_CHECK(rc == RC_OK || rc == RC_EINVAL || rc == RC_EUTF8 || rc == RC_ETOOBIG ||
                       (faulty && rc == RC_ENOMEM), "add_lang_row: rc %d", rc);
        } else if (end > p) {
            char id[32];
            snprintf(id, sizeof id, "E%zu", line_no);
            rc_gazetteer_entry e = {(const char *)aliases + p + 1, end - p - 1, id, strlen(id),
                                    "kind", 4, NULL, 0, aliases[p] % 3, 0};
            size_t before = rc_gazetteer_builder_count(b);
            rc = rc_gazetteer_builder_add(b, &e);
            if (rc == RC_OK) added++;
            else FUZZ_CHECK(rc_gazetteer_builder_count(b) == before, "failed add (rc %d) changed the count", rc);
            FUZZ_CHECK(rc == RC_OK || rc == RC_EINVAL || rc == RC_EUTF8 || rc == RC_ETOOBIG ||
                       (faulty && rc == RC_ENOMEM), "add: rc %d", rc);
            line_no++;
        }
        p = end + 1;
    }
    /* designators: a one-word match of "a" or "x" before "B" or "Co" (after up to three capitalized
     * words) is not reported */
    static const char *const words[][2] = {{"a", "D"}, {"x", "D"}, {"b", "R"}, {"co", "R"}};
    for (size_t k = 0; k < 4 && b && rc != RC_ENOMEM; k++) {
        rc = rc_gazetteer_builder_add_word(b, "en", 2, words[k][1][0] == 'D' ? RC_WORD_DESIGNATED : RC_WORD_DESIGNATOR,
                                           words[k][0], strlen(words[k][0]));
        FUZZ_CHECK(rc == RC_OK || (faulty && rc == RC_ENOMEM), "add_word: rc %d", rc);
    }
    if (b && rc != RC_ENOMEM) rc = rc_gazetteer_compile(b, &g);
    fuzz_fault_end();
    if (faulty && rc == RC_ENOMEM) goto done;
    FUZZ_CHECK(b && rc == RC_OK && g, "build: rc %d", rc);
    FUZZ_CHECK(rc_gazetteer_count(g) == added, "%zu entries compiled, %zu added", rc_gazetteer_count(g), added);
    for (size_t i = 0; i < added; i++) {
        rc_gazetteer_entry e;
        FUZZ_CHECK(rc_gazetteer_entry_get(g, i, &e) == RC_OK, "entry %zu", i);
        FUZZ_CHECK(e.alias && e.alias[e.alias_len] == '\0' && e.id[e.id_len] == '\0', "entry %zu strings", i);
    }
    rc_gazetteer_entry none;
    FUZZ_CHECK(rc_gazetteer_entry_get(g, added, &none) == RC_EINVAL, "entry past the end");
    if (!rows)
        FUZZ_CHECK(rc_gazetteer_rule_count(g) == 0 && rc_gazetteer_word_count(g) == 4, "refused rows kept");
    for (size_t i = 0; i < rc_gazetteer_word_count(g); i++) {
        const char *w;
        size_t wn;
        FUZZ_CHECK(rc_gazetteer_word_get(g, i, NULL, NULL, &w, &wn) == RC_OK && wn, "word %zu", i);
        for (size_t k = 0; k < wn; k++)
            FUZZ_CHECK((unsigned char)w[k] > 0x20 && w[k] != '-', "word %zu holds a separator", i);
    }

    fuzz_chars c;
    fuzz_chars_init(&c, (const uint8_t *)text, n);
    find_or_die(g, text, n, 0, &m);
    find_or_die(g, text, n, RC_MATCH_OVERLAPPING, &o);
    for (int pass = 0; pass < 2; pass++) {
        const rc_matches *r = pass ? &o : &m;
        for (size_t i = 0; i < r->count; i++) {
            int64_t s = r->start[i], e = r->end[i];
            FUZZ_CHECK(0 <= s && s < e && (uint64_t)e <= n && c.start[s] && c.start[e],
                       "match %zu [%lld, %lld) of %zu", i, (long long)s, (long long)e, n);
            FUZZ_CHECK(r->entry[i] < added, "match %zu names entry %u of %zu", i, r->entry[i], added);
            if (i) FUZZ_CHECK(s > r->start[i - 1] || (s == r->start[i - 1] && e >= r->end[i - 1]),
                              "matches out of order at %zu", i);
            if (i && !pass)
                FUZZ_CHECK(s >= r->end[i - 1], "non-overlapping matches overlap at %zu", i);
        }
    }
    for (size_t i = 0, j = 0; i < m.count; i++) {
        while (j < o.count && !(o.start[j] == m.start[i] && o.end[j] == m.end[i] && o.entry[j] == m.entry[i])) j++;
        FUZZ_CHECK(j < o.count, "match %zu is not among the overlapping matches", i);
    }
    /* Code point offsets, valid UTF-8 or not (each maximal invalid subpart is one character,
     * as for rc_tokenize and rc_segment). */
    find_or_die(g, text, n, RC_MATCH_OVERLAPPING | RC_OFFSETS_CODEPOINTS, &x);
    FUZZ_CHECK(x.count == o.count, "%zu matches with code points, %zu without", x.count, o.count);
    for (size_t i = 0; i < o.count; i++)
        FUZZ_CHECK(x.start[i] == c.index[o.start[i]] && x.end[i] == c.index[o.end[i]] && x.entry[i] == o.entry[i],
                   "code point match %zu: [%lld, %lld), bytes [%lld, %lld) = code points [%lld, %lld)", i,
                   (long long)x.start[i], (long long)x.end[i], (long long)o.start[i], (long long)o.end[i],
                   (long long)c.index[o.start[i]], (long long)c.index[o.end[i]]);
    /* A match found again in its own text alone. */
    for (size_t i = 0; i < m.count && i < 8 && !rows; i++) {
        size_t s = (size_t)m.start[i], len = (size_t)(m.end[i] - m.start[i]);
        find_or_die(g, text + s, len, RC_MATCH_OVERLAPPING, &x);
        int found = 0;
        for (size_t k = 0; k < x.count; k++)
            found |= x.start[k] == 0 && (size_t)x.end[k] == len && x.entry[k] == m.entry[i];
        FUZZ_CHECK(found, "match %zu [%zu, +%zu) entry %u not found in its own text", i, s, len, m.entry[i]);
    }
    /* The image round trip. */
    const void *img;
    size_t img_size;
    rc_gazetteer_image(g, &img, &img_size);
    FUZZ_CHECK(rc_gazetteer_load_image(img, img_size, &h) == RC_OK, "own image rejected");
    FUZZ_CHECK(rc_gazetteer_count(h) == added, "loaded count");
    FUZZ_CHECK(rc_gazetteer_lang_count(h) == rc_gazetteer_lang_count(g) &&
                   rc_gazetteer_rule_count(h) == rc_gazetteer_rule_count(g) &&
                   rc_gazetteer_word_count(h) == rc_gazetteer_word_count(g),
               "loaded language data");
    find_or_die(h, text, n, RC_MATCH_OVERLAPPING, &x);
    check_same_matches("loaded image", &o, &x);
    fuzz_chars_free(&c);
done:
    rc_matches_free(&m);
    rc_matches_free(&o);
    rc_matches_free(&x);
    rc_gazetteer_free(h);
    rc_gazetteer_free(g);
    rc_gazetteer_builder_free(b);
    return 0;
}
