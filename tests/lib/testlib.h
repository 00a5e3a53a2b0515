/*
 * testlib.h - helpers shared by cssl's cmocka programs.
 */
#ifndef CSSL_TESTLIB_H
#define CSSL_TESTLIB_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "cssl.h"

/* Assert that the last call failed with `code` and, when message is not
 * NULL, that cssl_last_error()->message equals it. */
#define expect_error(rc, code, message) testlib_expect_error((int)(rc), (code), (message), __FILE__, __LINE__)
void testlib_expect_error(int rc, cssl_err code, const char *message, const char *file, int line);

/* Path of a generated test certificate (CSSL_CERTS/name); static buffer. */
const char *testlib_cert_path(const char *name);

/* Read a whole file; the caller frees with free().  Fails the test when the
 * file cannot be read. */
char *testlib_read_file(const char *path, size_t *len);

/* A scratch directory for one test program, made in its setup and removed
 * with everything in it in its teardown.  testlib_tmpdir_make() creates
 * /tmp/<prefix>_XXXXXX and returns its path (static), or NULL;
 * testlib_tmp_path(name) is <dir>/name in one of 8 static buffers used in
 * turn, so a call may take up to 8 paths at once; testlib_tmpdir_remove()
 * returns 0 when the tree is gone. */
const char *testlib_tmpdir_make(const char *prefix);
const char *testlib_tmp_path(const char *name);
int testlib_tmpdir_remove(void);

#endif
