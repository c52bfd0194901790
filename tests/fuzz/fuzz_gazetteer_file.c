/* fuzz_gazetteer_file.c — rc_gazetteer_load_file and rc_gazetteer_save_file on hostile files.
 *
 * The only gazetteer file the C core reads is a saved image (the text formats, TSV, CSV and
 * JSONL, are read by the Python layer, relcore.Gazetteer.from_file). rc_gazetteer_load_image,
 * the in-memory loader, is fuzzed by fuzz_gazetteer_image; what is file-specific here is the
 * loader's own reading: the header read first and checked before anything is allocated, the file
 * size against the header's total size, short files, and files that are not regular. The input is
 * written to an in-memory file (memfd) and loaded through its /proc path, once per execution.
 *
 * Input: byte 0 holds the options, the rest is the file. Bit 0: the header's total size and
 * checksum are first made to agree with the bytes (as in fuzz_gazetteer_image); without
 * allocation failure, bit 1: only the total size is made to agree. Bit 7: allocation failure,
 * count in bits 1..6.
 *
 * Invariants: the file loader gives exactly what rc_gazetteer_load_image gives for the same
 * bytes when the header's total size is the file's size, and RC_EFORMAT otherwise (a file
 * shorter than the size field included); RC_ENOMEM only under allocation failure, never a crash,
 * hang or leak. A loaded gazetteer holds the file's bytes as its image, and
 * rc_gazetteer_save_file writes them back unchanged. A missing file and a directory are RC_EIO. */
#define _GNU_SOURCE
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz_common.h"
#include "gazetteer/gazetteer.h"

/* The in-memory files, made once: the one loaded and the one saved to. */
static int in_fd = -1, out_fd = -1;
static char in_path[64], out_path[64];

static void open_files(void)
{
    if (in_fd >= 0) return;
    in_fd = memfd_create("fuzz_gazetteer_file", 0);
    out_fd = memfd_create("fuzz_gazetteer_file_saved", 0);
    FUZZ_CHECK(in_fd >= 0 && out_fd >= 0, "memfd_create");
    snprintf(in_path, sizeof in_path, "/proc/self/fd/%d", in_fd);
    snprintf(out_path, sizeof out_path, "/proc/self/fd/%d", out_fd);
    /* Not a file at all: a path that does not exist, a directory. Checked once. */
    rc_gazetteer *g = (rc_gazetteer *)1;
    FUZZ_CHECK(rc_gazetteer_load_file("/proc/self/fd/-1/none", &g) == RC_EIO && g == NULL, "missing file");
    FUZZ_CHECK(rc_gazetteer_load_file("/proc/self", &g) == RC_EIO && g == NULL, "directory");
    FUZZ_CHECK(rc_gazetteer_load_file(NULL, &g) == RC_EINVAL, "NULL path");
}

static void write_file(int fd, const unsigned char *p, size_t n)
{
    FUZZ_CHECK(ftruncate(fd, 0) == 0, "ftruncate");
    for (size_t at = 0; at < n;) {
        ssize_t k = pwrite(fd, p + at, n - at, (off_t)at);
        FUZZ_CHECK(k > 0, "pwrite");
        at += (size_t)k;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    open_files();
    const uint8_t ctl = data[0];
    size_t n = size - 1;
    unsigned char *img = malloc(n ? n : 1);
    memcpy(img, data + 1, n);
    if ((ctl & 1) || (!(ctl & 0x80) && (ctl & 2))) {
        if (n >= 24) {
            uint64_t total = n;
            memcpy(img + 16, &total, 8); /* gaz_header.total_size */
        }
        if ((ctl & 1) && n >= GAZ_CHECKSUM_OFFSET + 8) {
            uint64_t sum = gaz_checksum(img, n, GAZ_CHECKSUM_OFFSET);
            memcpy(img + GAZ_CHECKSUM_OFFSET, &sum, 8);
        }
    }
    write_file(in_fd, img, n);

    /* What the loader must give: the in-memory loader's answer when the size field says the
     * file's size, else RC_EFORMAT. */
    rc_gazetteer *ref = NULL;
    int want = rc_gazetteer_load_image(img, n, &ref);
    uint64_t total = 0;
    if (n >= 24) memcpy(&total, img + 16, 8);
    if (n < 24 || total != n) want = RC_EFORMAT;

    rc_gazetteer *g = (rc_gazetteer *)1;
    int faulty = fuzz_fault_begin((uint8_t)((ctl & 0x80) | ((ctl >> 1) & 0x3F)));
    int rc = rc_gazetteer_load_file(in_path, &g);
    fuzz_fault_end();
    FUZZ_CHECK((rc == RC_OK) == (g != NULL), "load_file: rc %d but gazetteer %p", rc, (void *)g);
    if (faulty && rc == RC_ENOMEM) goto done;
    FUZZ_CHECK(rc == want, "load_file: rc %d, rc_gazetteer_load_image %d (total size %llu, file %zu)", rc, want,
               (unsigned long long)total, n);
    if (rc != RC_OK) goto done;

    const void *back;
    size_t back_size;
    rc_gazetteer_image(g, &back, &back_size);
    FUZZ_CHECK(back_size == n && memcmp(back, img, n) == 0, "the loaded image is not the file");
    FUZZ_CHECK(rc_gazetteer_count(g) == rc_gazetteer_count(ref), "entry count");
    /* Saved and read back: the same bytes. */
    FUZZ_CHECK(rc_gazetteer_save_file(g, out_path) == RC_OK, "save_file");
    FUZZ_CHECK(lseek(out_fd, 0, SEEK_END) == (off_t)n, "saved file size");
    unsigned char *saved = malloc(n ? n : 1);
    FUZZ_CHECK(pread(out_fd, saved, n, 0) == (ssize_t)n && memcmp(saved, img, n) == 0, "saved bytes differ");
    free(saved);
    rc_gazetteer *again = NULL;
    FUZZ_CHECK(rc_gazetteer_load_file(out_path, &again) == RC_OK, "the saved file does not load");
    rc_matches m = RC_MATCHES_INIT, m2 = RC_MATCHES_INIT;
    const char *probe = "The United States and the U.S. met Azerbaijan's envoy in Baku; NATO, the EU and the UN.";
    FUZZ_CHECK(rc_gazetteer_find(g, probe, strlen(probe), 0, &m) == RC_OK &&
                   rc_gazetteer_find(again, probe, strlen(probe), 0, &m2) == RC_OK && m.count == m2.count,
               "find differs after a round trip");
    rc_matches_free(&m);
    rc_matches_free(&m2);
    rc_gazetteer_free(again);
done:
    if (rc != RC_OK) FUZZ_CHECK(g == NULL, "failed load_file left a gazetteer");
    rc_gazetteer_free(rc == RC_OK ? g : NULL);
    rc_gazetteer_free(ref);
    free(img);
    return 0;
}
