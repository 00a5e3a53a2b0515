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

#endif
