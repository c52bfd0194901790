/* fuzz_analysis.c — the whole text → pairs pipeline: rc_analyze (and rc_analyze_many on code
 * units), rc_analysis_tokens and rc_analysis_pairs_get for every window kind, against references
 * computed here from the stages alone (rc_tokenize, rc_sentences, rc_gazetteer_find) and against
 * rc_cooccur.
 *
 * Input: byte 0: RC_OFFSETS_CODEPOINTS (bit 0), RC_ANALYZE_NO_TOKENS (bit 1), token distance
 * (bits 2..4, + 1), the text's layout (bits 5..6: UTF-8 bytes, or code units of width 1, 2, 4 given
 * to rc_analyze_many), allocation failure (bit 7); byte 1: the number of allocations that succeed
 * first under allocation failure; then alias lines "<id byte><alias>" (the id is 'A' + id byte
 * mod 8) up to the first NUL; then the text (bytes, or native-endian units).
 *
 * Invariants: the analysis's tokens, sentences and mentions are exactly what the stages give with
 * the same options; offsets lie in [0, length], spans are ordered and, with code points, are the
 * byte spans converted; every mention's sentence and token is the last one starting at or before
 * it, its entity the number of its entry's id; the pairs of each window are the reference counted
 * from the mentions (rows in table order, count evidence spans each, in text order, with the
 * documented extent) and equal rc_cooccur's table; an analysis without tokens refuses a token
 * window until rc_analysis_tokens adds them, and then equals the full one; code units give the
 * analysis of their UTF-8, or RC_ESURROGATE / RC_EINVAL with the offending unit's index; reusing
 * every output gives the same. Under allocation failure each call gives RC_OK or RC_ENOMEM with
 * its documented empty result, leaks nothing, and the outputs are then reused successfully. */
#include "fuzz_common.h"
#include "base/utf8.h"

#define MAXE 8

/* ---- The references --------------------------------------------------------------------- */

typedef struct {
    uint32_t a, b;
    int64_t s, e;
} ref_evidence;

typedef struct {
    uint64_t count[MAXE][MAXE]; /* [a][b], a < b */
    ref_evidence *ev;           /* every counted pair in the order counted (text order) */
    size_t n_ev, cap_ev;
} ref_pairs;

static void ref_count(ref_pairs *r, uint32_t x, uint32_t y, int64_t s, int64_t e)
{
    if (x > y) { uint32_t t = x; x = y; y = t; }
    r->count[x][y]++;
    if (r->n_ev == r->cap_ev) {
        r->cap_ev = r->cap_ev ? 2 * r->cap_ev : 64;
        r->ev = realloc(r->ev, r->cap_ev * sizeof *r->ev);
        if (!r->ev) abort();
    }
    r->ev[r->n_ev++] = (ref_evidence){x, y, s, e};
}

/* One window over the mentions [lo, hi): each pair of distinct entities once, in (a, b) order
 * (the evidence order within one window does not matter: rows are per pair). */
static void ref_window(ref_pairs *r, const uint32_t *ent, size_t lo, size_t hi, int64_t s, int64_t e)
{
    int seen[MAXE] = {0};
    for (size_t i = lo; i < hi; i++) seen[ent[i]] = 1;
    for (uint32_t a = 0; a < MAXE; a++)
        for (uint32_t b = a + 1; b < MAXE; b++)
            if (seen[a] && seen[b]) ref_count(r, a, b, s, e);
}

/* The pairs of a (already checked against the stages) under `window`, by the rules of
 * relcore.h written out directly. */
static void ref_pairs_of(ref_pairs *r, const rc_analysis *a, rc_window window)
{
    memset(r->count, 0, sizeof r->count);
    r->n_ev = 0;
    size_t n = a->mentions.count;
    const uint32_t *ent = a->mention_entity;
    if (n < 2) return;
    if (window.kind == RC_WINDOW_DOCUMENT) {
        ref_window(r, ent, 0, n, 0, a->length);
    } else if (window.kind == RC_WINDOW_SENTENCE) {
        for (size_t i = 0; i < n;) {
            size_t j = i;
            while (j < n && a->mention_sentence[j] == a->mention_sentence[i]) j++;
            int64_t k = a->mention_sentence[i];
            int64_t s = a->sentences.count ? a->sentences.start[k] : 0;
            int64_t e = a->sentences.count ? a->sentences.end[k] : a->length;
            ref_window(r, ent, i, j, s, e);
            i = j;
        }
    } else {
        const int64_t *tok = a->mention_token, *ms = a->mentions.start, *me = a->mentions.end;
        for (size_t i = 0; i < n; i++)
            for (size_t j = i + 1; j < n; j++)
                if (ent[i] != ent[j] && tok[j] - tok[i] <= (int64_t)window.tokens)
                    ref_count(r, ent[i], ent[j], ms[i], me[j] > me[i] ? me[j] : me[i]);
    }
}

static void check_pairs(const char *what, const rc_analysis_pairs *p, const ref_pairs *r, size_t n_ents)
{
    size_t rows = 0, total = 0;
    for (uint32_t a = 0; a < MAXE; a++)
        for (uint32_t b = a + 1; b < MAXE; b++) {
            rows += r->count[a][b] != 0;
            total += r->count[a][b];
        }
    FUZZ_CHECK(p->len == rows, "%s: %zu rows, reference %zu", what, p->len, rows);
    FUZZ_CHECK(p->n_evidence == total, "%s: %zu evidence spans, reference %zu", what, p->n_evidence, total);
    size_t next_first = 0;
    for (size_t i = 0; i < p->len; i++) {
        uint32_t a = p->a[i], b = p->b[i];
        FUZZ_CHECK(a < b && b < n_ents, "%s row %zu: pair (%u, %u)", what, i, a, b);
        FUZZ_CHECK(p->count[i] == r->count[a][b], "%s row %zu (%u, %u): count %llu, reference %llu", what, i,
                   a, b, (unsigned long long)p->count[i], (unsigned long long)r->count[a][b]);
        if (i)
            FUZZ_CHECK(p->count[i - 1] > p->count[i] ||
                       (p->count[i - 1] == p->count[i] &&
                        (p->a[i - 1] < a || (p->a[i - 1] == a && p->b[i - 1] < b))),
                       "%s: rows %zu and %zu out of table order", what, i - 1, i);
        FUZZ_CHECK(p->first[i] == next_first, "%s row %zu: evidence from %zu, expected %zu", what, i,
                   p->first[i], next_first);
        next_first += (size_t)p->count[i];
        /* This pair's evidence, in the order the reference counted it. */
        size_t k = p->first[i];
        for (size_t x = 0; x < r->n_ev; x++) {
            if (r->ev[x].a != a || r->ev[x].b != b) continue;
            FUZZ_CHECK(p->ev_start[k] == r->ev[x].s && p->ev_end[k] == r->ev[x].e,
                       "%s row %zu (%u, %u): evidence %zu is [%lld, %lld), reference [%lld, %lld)", what, i, a,
                       b, k - p->first[i], (long long)p->ev_start[k], (long long)p->ev_end[k],
                       (long long)r->ev[x].s, (long long)r->ev[x].e);
            k++;
        }
    }
}

/* The same pairs as rc_cooccur's table (in whatever order it keeps them). */
static void check_cooccur(const char *what, const rc_pair_counts *pc, const ref_pairs *r)
{
    size_t rows = 0;
    for (uint32_t a = 0; a < MAXE; a++)
        for (uint32_t b = a + 1; b < MAXE; b++) rows += r->count[a][b] != 0;
    FUZZ_CHECK(pc->len == rows, "%s: rc_cooccur has %zu rows, the analysis %zu", what, pc->len, rows);
    for (size_t i = 0; i < pc->len; i++)
        FUZZ_CHECK(pc->a[i] < pc->b[i] && pc->b[i] < MAXE && pc->count[i] == r->count[pc->a[i]][pc->b[i]],
                   "%s: rc_cooccur row %zu (%u, %u) count %llu differs", what, i, pc->a[i], pc->b[i],
                   (unsigned long long)pc->count[i]);
}

/* ---- Comparing results -------------------------------------------------------------------- */

static void same_spans(const char *what, const rc_spans *x, const rc_spans *y)
{
    fuzz_check_same_spans(what, x, y);
}

static void same_matches(const char *what, const rc_matches *x, const rc_matches *y)
{
    FUZZ_CHECK(x->count == y->count, "%s: %zu mentions vs %zu", what, x->count, y->count);
    for (size_t i = 0; i < x->count; i++)
        FUZZ_CHECK(x->start[i] == y->start[i] && x->end[i] == y->end[i] && x->entry[i] == y->entry[i],
                   "%s: mention %zu [%lld, %lld) entry %u vs [%lld, %lld) entry %u", what, i,
                   (long long)x->start[i], (long long)x->end[i], x->entry[i], (long long)y->start[i],
                   (long long)y->end[i], y->entry[i]);
}

static void same_analysis(const char *what, const rc_analysis *x, const rc_analysis *y)
{
    FUZZ_CHECK(x->length == y->length, "%s: length %lld vs %lld", what, (long long)x->length, (long long)y->length);
    same_spans(what, &x->tokens, &y->tokens);
    same_spans(what, &x->sentences, &y->sentences);
    same_matches(what, &x->mentions, &y->mentions);
    for (size_t i = 0; i < x->mentions.count; i++)
        FUZZ_CHECK(x->mention_entity[i] == y->mention_entity[i] && x->mention_sentence[i] == y->mention_sentence[i] &&
                   x->mention_token[i] == y->mention_token[i],
                   "%s: links of mention %zu differ", what, i);
}

static void same_pairs(const char *what, const rc_analysis_pairs *x, const rc_analysis_pairs *y)
{
    FUZZ_CHECK(x->len == y->len && x->n_evidence == y->n_evidence, "%s: %zu/%zu rows, %zu/%zu spans", what,
               x->len, y->len, x->n_evidence, y->n_evidence);
    for (size_t i = 0; i < x->len; i++)
        FUZZ_CHECK(x->a[i] == y->a[i] && x->b[i] == y->b[i] && x->count[i] == y->count[i] && x->first[i] == y->first[i],
                   "%s: row %zu differs", what, i);
    for (size_t k = 0; k < x->n_evidence; k++)
        FUZZ_CHECK(x->ev_start[k] == y->ev_start[k] && x->ev_end[k] == y->ev_end[k], "%s: evidence %zu differs",
                   what, k);
}

/* Index of the last span of sp starting at or before `at`, 0 if none does. */
static int64_t last_at_or_before(const rc_spans *sp, int64_t at)
{
    int64_t k = 0;
    for (size_t s = 0; s < sp->count && sp->start[s] <= at; s++) k = (int64_t)s;
    return k;
}

/* ---- One analysis against the stages ---------------------------------------------------- */

typedef struct {
    const rc_gazetteer *g;
    const rc_entities *ents;
    const char *text;
    size_t n;
    const fuzz_chars *chars;
    size_t token_distance;
} input;

/* Checks a (made from in->text with `options`) against the stages run alone with the same
 * options, and its links; for code point offsets also against the byte-offset analysis `bytes`
 * (NULL when a itself has byte offsets). */
static void check_analysis(const input *in, const rc_analysis *a, unsigned options, const rc_analysis *bytes)
{
    const unsigned stage = options & RC_OFFSETS_CODEPOINTS;
    const int tokens = !(options & RC_ANALYZE_NO_TOKENS);
    int64_t length = stage ? in->chars->index[in->n] : (int64_t)in->n;
    FUZZ_CHECK(a->length == length, "length %lld, expected %lld", (long long)a->length, (long long)length);

    rc_spans sp = RC_SPANS_INIT;
    rc_matches m = RC_MATCHES_INIT;
    if (tokens) {
        FUZZ_CHECK(rc_tokenize(in->text, in->n, stage, &sp) == RC_OK, "tokenize");
        same_spans("tokens vs rc_tokenize", &a->tokens, &sp);
    } else {
        FUZZ_CHECK(a->tokens.count == 0, "RC_ANALYZE_NO_TOKENS left %zu tokens", a->tokens.count);
    }
    FUZZ_CHECK(rc_sentences(in->text, in->n, stage, &sp) == RC_OK, "sentences");
    same_spans("sentences vs rc_sentences", &a->sentences, &sp);
    FUZZ_CHECK(rc_gazetteer_find(in->g, in->text, in->n, stage, &m) == RC_OK, "find");
    same_matches("mentions vs rc_gazetteer_find", &a->mentions, &m);
    rc_spans_free(&sp);
    rc_matches_free(&m);

    if (bytes) { /* code points: the byte analysis converted */
        FUZZ_CHECK(a->mentions.count == bytes->mentions.count, "mentions with code points");
        if (tokens) fuzz_check_codepoint_spans("tokens", &bytes->tokens, &a->tokens, in->chars);
        fuzz_check_codepoint_spans("sentences", &bytes->sentences, &a->sentences, in->chars);
        for (size_t i = 0; i < a->mentions.count; i++)
            FUZZ_CHECK(a->mentions.start[i] == in->chars->index[bytes->mentions.start[i]] &&
                           a->mentions.end[i] == in->chars->index[bytes->mentions.end[i]],
                       "mention %zu: code point span is not the byte span converted", i);
    } else {
        if (tokens) fuzz_check_spans("tokens", &a->tokens, in->chars, 0);
        fuzz_check_spans("sentences", &a->sentences, in->chars, 0);
    }
    for (size_t i = 0; i < a->mentions.count; i++) {
        int64_t s = a->mentions.start[i], e = a->mentions.end[i];
        FUZZ_CHECK(0 <= s && s < e && e <= length, "mention %zu [%lld, %lld) of %lld", i, (long long)s,
                   (long long)e, (long long)length);
        if (i) {
            FUZZ_CHECK(a->mentions.start[i - 1] <= s, "mentions out of order at %zu", i);
            FUZZ_CHECK(a->mentions.end[i - 1] <= s, "mentions %zu and %zu overlap", i - 1, i);
        }
        FUZZ_CHECK(a->mentions.entry[i] < in->ents->n_entries &&
                       a->mention_entity[i] == in->ents->of_entry[a->mentions.entry[i]],
                   "mention %zu: entity %u", i, a->mention_entity[i]);
        FUZZ_CHECK(a->mention_sentence[i] == last_at_or_before(&a->sentences, s),
                   "mention %zu: sentence %lld, expected %lld", i, (long long)a->mention_sentence[i],
                   (long long)last_at_or_before(&a->sentences, s));
        int64_t tok = tokens ? last_at_or_before(&a->tokens, s) : -1;
        FUZZ_CHECK(a->mention_token[i] == tok, "mention %zu: token %lld, expected %lld", i,
                   (long long)a->mention_token[i], (long long)tok);
    }
}

/* The pairs of a for each window kind against the reference (and, for byte offsets, against
 * rc_cooccur over the same text); p[k] receives window k's pairs. */
static void check_all_pairs(const input *in, const rc_analysis *a, int with_tokens, int bytes,
                            rc_analysis_pairs p[3], ref_pairs *r)
{
    static const char *const names[] = {"sentence pairs", "document pairs", "token pairs"};
    for (int k = 0; k < 3; k++) {
        rc_window w = {(rc_window_kind)k, in->token_distance};
        int rc = rc_analysis_pairs_get(a, w, &p[k]);
        if (k == RC_WINDOW_TOKENS && !with_tokens) {
            /* No tokens: refused (a text of fewer than two mentions has no pairs to refuse). */
            FUZZ_CHECK(rc == RC_EINVAL || (rc == RC_OK && a->mentions.count < 2 && p[k].len == 0),
                       "token window without tokens: rc %d", rc);
            continue;
        }
        FUZZ_CHECK(rc == RC_OK, "%s: rc %d", names[k], rc);
        ref_pairs_of(r, a, w);
        check_pairs(names[k], &p[k], r, in->ents->count);
        if (bytes) {
            rc_cooccur_scratch scratch = RC_COOCCUR_SCRATCH_INIT;
            rc_pair_counts pc = RC_PAIR_COUNTS_INIT;
            FUZZ_CHECK(rc_cooccur(in->g, in->ents, in->text, in->n, w, &scratch, &pc) == RC_OK, "rc_cooccur");
            check_cooccur(names[k], &pc, r);
            rc_pair_counts_free(&pc);
            rc_cooccur_scratch_free(&scratch);
        }
    }
}

/* ---- Code units ---------------------------------------------------------------------------- */

/* The reference conversion of units to UTF-8 (rc_utf8_encode is checked by fuzz_utf8): RC_OK,
 * or RC_ESURROGATE / RC_EINVAL with the index of the first offending unit in *bad. */
static int ref_units_to_utf8(const void *units, int width, size_t len, char *out, size_t *out_len, size_t *bad)
{
    size_t w = 0;
    for (size_t i = 0; i < len; i++) {
        uint32_t c;
        if (width == 1) c = ((const uint8_t *)units)[i];
        else if (width == 2) c = ((const uint16_t *)units)[i];
        else c = ((const uint32_t *)units)[i];
        if (c >= 0xD800 && c <= 0xDFFF) {
            *bad = i;
            return RC_ESURROGATE;
        }
        if (c > 0x10FFFF) {
            *bad = i;
            return RC_EINVAL;
        }
        w += (size_t)rc_utf8_encode((int32_t)c, (uint8_t *)out + w);
    }
    *out_len = w;
    return RC_OK;
}

/* ---- The harness ---------------------------------------------------------------------------- */

/* Allocation failure after `count` successful allocations when `on` (0..255: the pipeline makes
 * more allocations than the 64 that fuzz_fault_begin reaches). */
static int fault_begin(int on, uint8_t count)
{
#ifdef RC_FAULT_INJECTION
    if (on) {
        rc_fault_fail_after(count);
        return 1;
    }
#else
    (void)on;
    (void)count;
#endif
    return 0;
}

/* Runs the pipeline once into the given outputs; returns the first failing call's code (after
 * checking what that call leaves behind), or RC_OK. */
static int pipeline(const input *in, unsigned options, rc_analysis *a, rc_analysis_pairs p[3])
{
    int rc = rc_analyze(in->g, in->ents, in->text, in->n, options, a);
    if (rc) {
        FUZZ_CHECK(a->mentions.count == 0 && a->tokens.count == 0 && a->sentences.count == 0,
                   "failed rc_analyze (rc %d) left %zu mentions, %zu tokens, %zu sentences", rc,
                   a->mentions.count, a->tokens.count, a->sentences.count);
        return rc;
    }
    if (options & RC_ANALYZE_NO_TOKENS) {
        rc = rc_analysis_tokens(a, in->text, in->n, options & RC_OFFSETS_CODEPOINTS);
        if (rc) {
            FUZZ_CHECK(a->tokens.count == 0, "failed rc_analysis_tokens left %zu tokens", a->tokens.count);
            for (size_t i = 0; i < a->mentions.count; i++)
                FUZZ_CHECK(a->mention_token[i] == -1, "failed rc_analysis_tokens linked mention %zu", i);
            return rc;
        }
    }
    for (int k = 0; k < 3; k++) {
        rc = rc_analysis_pairs_get(a, (rc_window){(rc_window_kind)k, in->token_distance}, &p[k]);
        if (rc) {
            FUZZ_CHECK(p[k].len == 0, "failed rc_analysis_pairs_get (rc %d) left %zu rows", rc, p[k].len);
            return rc;
        }
    }
    return RC_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2) return 0;
    const uint8_t ctl = data[0], fail_after = data[1];
    const unsigned options = ((ctl & 1) ? RC_OFFSETS_CODEPOINTS : 0) | ((ctl & 2) ? RC_ANALYZE_NO_TOKENS : 0);
    static const int widths[] = {0, 1, 2, 4};
    const int width = widths[(ctl >> 5) & 3];
    const uint8_t *aliases = data + 2;
    const uint8_t *nul = memchr(aliases, 0, size - 2);
    size_t alias_bytes = nul ? (size_t)(nul - aliases) : size - 2;
    const uint8_t *raw = nul ? nul + 1 : aliases + alias_bytes;
    size_t raw_len = (size_t)(data + size - raw);

    rc_gazetteer *g = fuzz_alias_gazetteer(aliases, alias_bytes, MAXE);
    rc_entities ents = RC_ENTITIES_INIT;
    if (rc_entities_init(g, &ents)) abort();

    /* The text: the bytes themselves, or the units' UTF-8 (then rc_analyze_many on the units
     * must give the analysis of it). */
    char *utf8 = NULL;
    void *units = NULL;
    size_t n = raw_len, n_units = 0;
    const char *text = (const char *)raw;
    if (width) {
        n_units = raw_len / (size_t)width;
        units = malloc(n_units ? n_units * (size_t)width : 1);
        memcpy(units, raw, n_units * (size_t)width); /* aligned for the width */
        utf8 = malloc(rc_units_utf8_bound(width, n_units ? n_units : 1));
        size_t bad = 0;
        int want = ref_units_to_utf8(units, width, n_units, utf8, &n, &bad);
        rc_text t = {units, n_units, width};
        rc_analysis many = RC_ANALYSIS_INIT;
        int code = 12345;
        size_t error_offset = 54321;
        int faulty = fault_begin(ctl & 0x80, fail_after);
        FUZZ_CHECK(rc_analyze_many(g, &ents, 1, &t, &options, 1, &many, &code, &error_offset) == RC_OK,
                   "rc_analyze_many");
        fuzz_fault_end();
        if (faulty && code == RC_ENOMEM) {
            FUZZ_CHECK(many.mentions.count == 0 && many.tokens.count == 0, "failed rc_analyze_many left a result");
            FUZZ_CHECK(rc_analyze_many(g, &ents, 1, &t, &options, 1, &many, &code, &error_offset) == RC_OK,
                       "rc_analyze_many after a failure");
        }
        FUZZ_CHECK(code == want, "rc_analyze_many on width %d: code %d, reference %d", width, code, want);
        if (want != RC_OK) {
            FUZZ_CHECK(error_offset == bad, "width %d: offending unit %zu, reference %zu", width, error_offset, bad);
            rc_analysis_free(&many);
            goto done;
        }
        rc_analysis direct = RC_ANALYSIS_INIT;
        FUZZ_CHECK(rc_analyze(g, &ents, utf8, n, options, &direct) == RC_OK, "rc_analyze of the units' UTF-8");
        same_analysis("rc_analyze_many on units vs rc_analyze on their UTF-8", &many, &direct);
        /* With code points, offsets are unit indices: the length is the number of units. */
        if (options & RC_OFFSETS_CODEPOINTS)
            FUZZ_CHECK(many.length == (int64_t)n_units, "units: length %lld of %zu units", (long long)many.length, n_units);
        rc_analysis_free(&direct);
        rc_analysis_free(&many);
        text = utf8;
    }

    fuzz_chars chars;
    fuzz_chars_init(&chars, (const uint8_t *)text, n);
    input in = {g, &ents, text, n, &chars, (size_t)((ctl >> 2) & 7) + 1};
    rc_analysis a = RC_ANALYSIS_INIT, again = RC_ANALYSIS_INIT;
    rc_analysis_pairs p[3] = {RC_ANALYSIS_PAIRS_INIT, RC_ANALYSIS_PAIRS_INIT, RC_ANALYSIS_PAIRS_INIT};
    rc_analysis_pairs q[3] = {RC_ANALYSIS_PAIRS_INIT, RC_ANALYSIS_PAIRS_INIT, RC_ANALYSIS_PAIRS_INIT};
    ref_pairs ref = {{{0}}, NULL, 0, 0};

    if (fault_begin(ctl & 0x80, fail_after)) {
        /* Under allocation failure: RC_OK or RC_ENOMEM (checked inside), then the same outputs
         * reused without failure must give the right result. */
        int rc = pipeline(&in, options, &a, p);
        fuzz_fault_end();
        FUZZ_CHECK(rc == RC_OK || rc == RC_ENOMEM, "pipeline under allocation failure: rc %d", rc);
    }

    /* The byte-offset analysis first (the reference for code points), full then without tokens. */
    FUZZ_CHECK(rc_analyze(g, &ents, text, n, 0, &again) == RC_OK, "rc_analyze");
    check_analysis(&in, &again, 0, NULL);
    check_all_pairs(&in, &again, 1, 1, q, &ref);

    /* The analysis with the input's options, into outputs used before (under failure, or for the
     * byte analysis above), pairs for every window against the reference. */
    FUZZ_CHECK(rc_analyze(g, &ents, text, n, options, &a) == RC_OK, "rc_analyze with options %x", options);
    check_analysis(&in, &a, options, (options & RC_OFFSETS_CODEPOINTS) ? &again : NULL);
    check_all_pairs(&in, &a, !(options & RC_ANALYZE_NO_TOKENS), 0, p, &ref);
    if (options & RC_ANALYZE_NO_TOKENS) {
        FUZZ_CHECK(rc_analysis_tokens(&a, text, n, options & RC_OFFSETS_CODEPOINTS) == RC_OK, "rc_analysis_tokens");
        check_analysis(&in, &a, options & RC_OFFSETS_CODEPOINTS, (options & RC_OFFSETS_CODEPOINTS) ? &again : NULL);
        check_all_pairs(&in, &a, 1, 0, p, &ref);
    }
    /* Reused outputs give the same: analysis and pairs of the same options again. */
    FUZZ_CHECK(rc_analyze(g, &ents, text, n, options & RC_OFFSETS_CODEPOINTS, &again) == RC_OK, "again");
    same_analysis("reused analysis", &a, &again);
    for (int k = 0; k < 3; k++) {
        FUZZ_CHECK(rc_analysis_pairs_get(&again, (rc_window){(rc_window_kind)k, in.token_distance}, &q[k]) == RC_OK,
                   "pairs again");
        same_pairs("reused pairs", &p[k], &q[k]);
    }
    FUZZ_CHECK(rc_analysis_pairs_get(&again, (rc_window){RC_WINDOW_TOKENS, 0}, &q[0]) == RC_EINVAL,
               "a token window of 0 accepted");
    FUZZ_CHECK(rc_analyze(g, &ents, text, n, 1u << 5, &again) == RC_EINVAL, "unknown option accepted");

    free(ref.ev);
    for (int k = 0; k < 3; k++) {
        rc_analysis_pairs_free(&p[k]);
        rc_analysis_pairs_free(&q[k]);
    }
    rc_analysis_free(&a);
    rc_analysis_free(&again);
    fuzz_chars_free(&chars);
done:
    free(units);
    free(utf8);
    rc_entities_free(&ents);
    rc_gazetteer_free(g);
    return 0;
}
