/* example.c — a C program that uses the installed relcore through its header alone: built by
 * tests/install/check.sh with `pkg-config --cflags --libs relcore`, against the shared and the
 * static library. It normalizes, tokenizes, matches and counts co-mentions, and checks the results. */
#include <relcore.h>
#include <stdio.h>
#include <string.h>

#define CHECK(cond)                                                   \
    do {                                                              \
        if (!(cond)) {                                                \
            fprintf(stderr, "example.c:%d: failed: %s\n", __LINE__, #cond); \
            return 1;                                                 \
        }                                                             \
    } while (0)

int main(void)
{
    const char *text = "The U.S. and Azerbaijan met in Baku. Russia objected.";
    size_t len = strlen(text);

    rc_normalized norm = RC_NORMALIZED_INIT;
    CHECK(rc_normalize("Stra\xC3\x9F" "e", 7, RC_NFKC | RC_CASEFOLD, &norm) == RC_OK);
    CHECK(norm.len == 7 && memcmp(norm.text, "strasse", 7) == 0);
    rc_normalized_free(&norm);

    rc_spans toks = RC_SPANS_INIT;
    CHECK(rc_tokenize(text, len, 0, &toks) == RC_OK);
    CHECK(toks.count == 11);
    CHECK(toks.end[1] - toks.start[1] == 4); /* "U.S." */
    rc_spans_free(&toks);

    rc_gazetteer_builder *b;
    CHECK(rc_gazetteer_builder_new(&b) == RC_OK);
    const char *aliases[] = {"U.S.", "Azerbaijan", "Baku", "Russia"};
    const char *ids[] = {"USA", "AZE", "AZE", "RUS"};
    for (int i = 0; i < 4; i++) {
        rc_gazetteer_entry e = {aliases[i], strlen(aliases[i]), ids[i], strlen(ids[i]),
                                "country", 7, NULL, 0, RC_CASE_AUTO, 0};
        CHECK(rc_gazetteer_builder_add(b, &e) == RC_OK);
    }
    rc_gazetteer *g;
    CHECK(rc_gazetteer_compile(b, &g) == RC_OK);
    rc_gazetteer_builder_free(b);

    rc_counter *c;
    CHECK(rc_counter_new(g, (rc_window){RC_WINDOW_SENTENCE, 0}, &c) == RC_OK);
    rc_document doc = {text, len, NULL, 1, 0};
    rc_document_result res = RC_DOCUMENT_RESULT_INIT;
    CHECK(rc_counter_feed(c, &doc, 1, 0, 0, &res) == RC_OK && res.rc == RC_OK);
    const rc_pair_counts *t;
    CHECK(rc_counter_totals(c, 1, &t) == RC_OK);
    CHECK(t->len == 1); /* AZE-USA in the first sentence; Russia is alone in the second */
    const rc_entities *e = rc_counter_entities(c);
    CHECK(strcmp(e->id[t->a[0]], "AZE") == 0 && strcmp(e->id[t->b[0]], "USA") == 0);
    rc_document_result_free(&res);
    rc_counter_free(c);
    rc_gazetteer_free(g);

    printf("relcore %s (Unicode %s): ok\n", rc_version(), rc_unicode_version());
    return 0;
}
