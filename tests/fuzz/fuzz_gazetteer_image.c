/* fuzz_gazetteer_image.c — loading a saved gazetteer image from untrusted bytes.
 *
 * Input: byte 0 holds the options; the rest is the image. With bit 0 set the harness first
 * makes the header's total size and checksum agree with the bytes, so that the fuzzer gets past
 * the checksum and exercises the structural validation behind it (a file with random bit flips
 * fails the checksum; a hostile one can carry a valid checksum). Bit 7: allocation failure,
 * count in bits 1..6.
 *
 * Invariants: loading gives RC_OK, RC_EFORMAT or RC_EVERSION (RC_ENOMEM under allocation failure), never a
 * crash, hang or leak; a loaded gazetteer gives back the same image bytes, its entries are
 * NUL-terminated valid UTF-8, and searching any text gives matches inside the text naming
 * existing entries. */
#include "fuzz_common.h"
#include "gazetteer/gazetteer.h"

static const char *const probes[] = {
    "The United States and the U.S. met Azerbaijan's envoy in Baku; NATO, the EU and the UN.",
    "C\xc3\xb4te d\xe2\x80\x99Ivoire \xe5\x8c\x97\xe4\xba\xac \xd8\xa7\xd9\x84\xd8\xb9\xd8\xb1\xd8\xa7\xd9\x82 e\xcc\x81 \xff x",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    const uint8_t ctl = data[0];
    size_t n = size - 1;
    unsigned char *img = malloc(n ? n : 1);
    memcpy(img, data + 1, n);
    if ((ctl & 1) && n >= GAZ_HEADER_SIZE) {
        uint64_t total = n;
        memcpy(img + 16, &total, 8); /* gaz_header.total_size */
        uint64_t sum = gaz_checksum(img, n, GAZ_CHECKSUM_OFFSET);
        memcpy(img + GAZ_CHECKSUM_OFFSET, &sum, 8);
    }
    rc_gazetteer *g = NULL;
    int faulty = fuzz_fault_begin((uint8_t)((ctl & 0x80) | ((ctl >> 1) & 0x3F)));
    int rc = rc_gazetteer_load_image(img, n, &g);
    fuzz_fault_end();
    /* RC_EVERSION: an intact image of another format version (the grown corpus keeps older ones). */
    FUZZ_CHECK(rc == RC_OK || rc == RC_EFORMAT || rc == RC_EVERSION || (faulty && rc == RC_ENOMEM),
               "load: rc %d", rc);
    FUZZ_CHECK((rc == RC_OK) == (g != NULL), "load: rc %d but gazetteer %p", rc, (void *)g);
    if (rc != RC_OK) {
        free(img);
        return 0;
    }
    const void *back;
    size_t back_size;
    rc_gazetteer_image(g, &back, &back_size);
    FUZZ_CHECK(back_size == n && memcmp(back, img, n) == 0, "image bytes change on load");

    size_t count = rc_gazetteer_count(g);
    rc_matches m = RC_MATCHES_INIT;
    for (size_t i = 0; i < count; i++) {
        rc_gazetteer_entry e;
        FUZZ_CHECK(rc_gazetteer_entry_get(g, i, &e) == RC_OK, "entry %zu", i);
        const char *strs[] = {e.alias, e.id, e.kind, e.lang};
        size_t lens[] = {e.alias_len, e.id_len, e.kind_len, e.lang_len};
        for (int k = 0; k < 4; k++)
            FUZZ_CHECK(strs[k] && strs[k][lens[k]] == '\0' && rc_utf8_validate(strs[k], lens[k], NULL) == RC_OK,
                       "entry %zu string %d", i, k);
        if (i < 16) { /* each alias searched as a text: whatever matches must be in bounds */
            FUZZ_CHECK(rc_gazetteer_find(g, e.alias, e.alias_len, RC_MATCH_OVERLAPPING, &m) == RC_OK, "find");
            for (size_t k = 0; k < m.count; k++)
                FUZZ_CHECK(m.start[k] < m.end[k] && (size_t)m.end[k] <= e.alias_len && m.entry[k] < count,
                           "alias %zu: match %zu out of bounds", i, k);
        }
    }
    size_t meta_len = 99;
    const char *meta = rc_gazetteer_meta(g, &meta_len);
    FUZZ_CHECK(meta && meta[meta_len] == '\0', "meta");
    for (size_t p = 0; p < sizeof probes / sizeof probes[0]; p++) {
        static const unsigned opts[] = {0, RC_MATCH_OVERLAPPING, RC_OFFSETS_CODEPOINTS,
                                        RC_MATCH_OVERLAPPING | RC_OFFSETS_CODEPOINTS};
        for (size_t oi = 0; oi < 4; oi++) {
            unsigned opt = opts[oi];
            size_t len = strlen(probes[p]);
            FUZZ_CHECK(rc_gazetteer_find(g, probes[p], len, opt, &m) == RC_OK, "find probe");
            for (size_t k = 0; k < m.count; k++)
                FUZZ_CHECK(m.start[k] < m.end[k] && (size_t)m.end[k] <= len && m.entry[k] < count,
                           "probe %zu: match %zu out of bounds", p, k);
        }
    }
    rc_matches_free(&m);
    rc_gazetteer_free(g);
    free(img);
    return 0;
}
