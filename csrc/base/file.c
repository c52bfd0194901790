/* file.c — rc_read_file (see file.h). */
#define _POSIX_C_SOURCE 200809L /* O_CLOEXEC */
#include "base/file.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/alloc.h"
#include "relcore.h"

int rc_read_file(const char *path, char **buf, size_t *cap, size_t *len, int *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        *err = errno;
        return RC_EIO;
    }
    /* One read of the right size for a regular file; doubling for pipes and files that grow. */
    struct stat st;
    size_t want = (fstat(fd, &st) == 0 && st.st_size > 0) ? (size_t)st.st_size + 1 : 4096;
    size_t n = 0;
    for (;;) {
        if (n + 1 > *cap || want > *cap) {
            size_t ncap = want > *cap ? want : *cap * 2;
            char *b = rc_realloc(*buf, ncap);
            if (!b) {
                close(fd);
                return RC_ENOMEM;
            }
            *buf = b;
            *cap = ncap;
        }
        ssize_t r = read(fd, *buf + n, *cap - n);
        if (r < 0) {
            if (errno == EINTR) continue;
            *err = errno;
            close(fd);
            return RC_EIO;
        }
        if (r == 0) break;
        n += (size_t)r;
        if (n == *cap) want = *cap * 2; /* the file grew: keep reading */
    }
    close(fd);
    *len = n;
    return RC_OK;
}
