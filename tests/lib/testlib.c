#define _XOPEN_SOURCE 700 /* nftw() */
#include "testlib.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void testlib_expect_error(int rc, cssl_err code, const char *message, const char *file, int line)
{
    const cssl_error *e = cssl_last_error();
    if (rc >= 0 || e->code != code || (message != NULL && strcmp(e->message, message) != 0)) {
        print_error("%s:%d: expected %s(%s), got rc=%d %s(%s)\n", file, line, cssl_err_name(code),
                       message ? message : "*", rc, cssl_err_name(e->code), e->message);
        _fail(file, line);
    }
}

const char *testlib_cert_path(const char *name)
{
    static char path[4096];
    const char *dir = getenv("CSSL_CERTS");
    snprintf(path, sizeof(path), "%s/%s", dir ? dir : ".", name);
    return path;
}

char *testlib_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        print_error("cannot open %s\n", path);
        fail();
    }
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    size_t r;
    while ((r = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += r;
        if (cap - n - 1 == 0) {
            cap *= 2;
            buf = realloc(buf, cap);
        }
    }
    fclose(f);
    buf[n] = '\0';
    if (len) {
        *len = n;
    }
    return buf;
}

static char tmpdir[256];

const char *testlib_tmpdir_make(const char *prefix)
{
    snprintf(tmpdir, sizeof(tmpdir), "/tmp/%s_XXXXXX", prefix);
    return mkdtemp(tmpdir);
}

const char *testlib_tmp_path(const char *name)
{
    static char bufs[8][512];
    static unsigned next;
    char *b = bufs[next++ % 8];
    snprintf(b, sizeof(bufs[0]), "%s/%s", tmpdir, name);
    return b;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

int testlib_tmpdir_remove(void)
{
    /* Depth first, links not followed: only what is inside the tree goes. */
    return nftw(tmpdir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}
