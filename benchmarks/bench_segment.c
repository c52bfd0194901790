/* bench_segment.c — throughput of the UAX #29 engine (csrc/segment.c) on the UNGDC speeches of
 * sessions 70-78: each text is segmented in turn (words, sentences, graphemes; byte and code point
 * offsets), best of several rounds, reported in MB/s of UTF-8 input.
 *
 * Build and run (from the repository root):
 *   cc -O2 -Iinclude -Icsrc benchmarks/bench_segment.c csrc/segment.c csrc/spans.c -o build/bench_segment
 *   build/bench_segment [/tmp/ungdc]
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "relcore.h"
#include "segment/segment.h"

typedef struct {
    char **text;
    size_t *len;
    size_t n, cap, bytes;
} corpus;

static void add_file(corpus *c, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) exit(1);
    fclose(f);
    if (c->n == c->cap) {
        c->cap = c->cap ? 2 * c->cap : 256;
        c->text = realloc(c->text, c->cap * sizeof *c->text);
        c->len = realloc(c->len, c->cap * sizeof *c->len);
        if (!c->text || !c->len) exit(1);
    }
    c->text[c->n] = buf;
    c->len[c->n++] = (size_t)n;
    c->bytes += (size_t)n;
}

static void load(corpus *c, const char *root)
{
    DIR *d = opendir(root);
    if (!d) {
        fprintf(stderr, "cannot open %s\n", root);
        exit(2);
    }
    struct dirent *e;
    while ((e = readdir(d))) {
        int session;
        if (sscanf(e->d_name, "Session %d", &session) != 1 || session < 70 || session > 78) continue;
        char dir[4096];
        snprintf(dir, sizeof dir, "%s/%s", root, e->d_name);
        DIR *sd = opendir(dir);
        if (!sd) continue;
        struct dirent *f;
        while ((f = readdir(sd))) {
            size_t l = strlen(f->d_name);
            if (l < 4 || strcmp(f->d_name + l - 4, ".txt")) continue;
            char path[8192];
            snprintf(path, sizeof path, "%s/%s", dir, f->d_name);
            add_file(c, path);
        }
        closedir(sd);
    }
    closedir(d);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* Segments the whole corpus with rc_segment; returns the best time of `rounds`. */
static double run_segment(const corpus *c, rc_seg_kind kind, unsigned options, size_t *count)
{
    rc_spans sp = RC_SPANS_INIT;
    double best = 1e30;
    for (int r = 0; r < 5; r++) {
        size_t total = 0;
        double t0 = now();
        for (size_t i = 0; i < c->n; i++) {
            if (rc_segment(kind, c->text[i], c->len[i], options, &sp)) exit(3);
            total += sp.count;
        }
        double t = now() - t0;
        if (t < best) best = t;
        *count = total;
    }
    rc_spans_free(&sp);
    return best;
}

/* Only the boundary function, no span list: the cost the tokenizer builds on. */
static double run_next(const corpus *c, size_t (*next)(const unsigned char *, size_t, size_t),
                       size_t *count)
{
    double best = 1e30;
    for (int r = 0; r < 5; r++) {
        size_t total = 0;
        double t0 = now();
        for (size_t i = 0; i < c->n; i++) {
            const unsigned char *s = (const unsigned char *)c->text[i];
            for (size_t pos = 0; pos < c->len[i]; total++) pos = next(s, c->len[i], pos);
        }
        double t = now() - t0;
        if (t < best) best = t;
        *count = total;
    }
    return best;
}

/* Word boundaries in batches (rc_word_boundaries), as a tokenizer would consume them. */
static double run_batch(const corpus *c, size_t *count)
{
    double best = 1e30;
    size_t buf[256];
    for (int r = 0; r < 5; r++) {
        size_t total = 0;
        double t0 = now();
        for (size_t i = 0; i < c->n; i++) {
            const unsigned char *s = (const unsigned char *)c->text[i];
            for (size_t pos = 0; pos < c->len[i];) {
                size_t n = rc_word_boundaries(s, c->len[i], pos, buf, 256);
                total += n;
                pos = buf[n - 1];
            }
        }
        double t = now() - t0;
        if (t < best) best = t;
        *count = total;
    }
    return best;
}

int main(int argc, char **argv)
{
    corpus c = {0};
    load(&c, argc > 1 ? argv[1] : "/tmp/ungdc");
    double mb = c.bytes / 1e6;
    printf("UNGDC sessions 70-78: %zu texts, %.1f MB\n", c.n, mb);
    size_t n;
    double t;
    t = run_next(&c, rc_next_word_boundary, &n);
    printf("rc_next_word_boundary            %8.0f MB/s  (%zu segments)\n", mb / t, n);
    t = run_batch(&c, &n);
    printf("rc_word_boundaries (batches)     %8.0f MB/s  (%zu segments)\n", mb / t, n);
    t = run_next(&c, rc_next_sentence_boundary, &n);
    printf("rc_next_sentence_boundary        %8.0f MB/s  (%zu segments)\n", mb / t, n);
    t = run_next(&c, rc_next_grapheme_boundary, &n);
    printf("rc_next_grapheme_boundary        %8.0f MB/s  (%zu segments)\n", mb / t, n);
    static const char *names[] = {"grapheme", "word", "sentence"};
    for (int k = 0; k < 3; k++) {
        t = run_segment(&c, (rc_seg_kind)k, 0, &n);
        printf("rc_segment %-8s bytes           %8.0f MB/s  (%zu segments)\n", names[k], mb / t, n);
        t = run_segment(&c, (rc_seg_kind)k, RC_OFFSETS_CODEPOINTS, &n);
        printf("rc_segment %-8s code points     %8.0f MB/s\n", names[k], mb / t);
    }
    for (size_t i = 0; i < c.n; i++) free(c.text[i]);
    free(c.text);
    free(c.len);
    return 0;
}
