/*
 * pylower.h - Python's str.lower() of a whole string, with its one context
 * rule (Final_Sigma), for code that compares text as Python does
 * (match_hostname's case-insensitive names).
 */
#ifndef CSSL_PYLOWER_H
#define CSSL_PYLOWER_H

#include <stddef.h>
#include <stdint.h>

#include "internal.h"

/* str.lower() of the Python str whose UTF-8 bytes are s[0..len), as code
 * points in *out (*count of them; a byte that is not UTF-8 stands for
 * U+DCxx, as surrogateescape decodes it).  The caller frees *out with
 * cssl_free().  Fails only with MemoryError. */
cssl_err cssl__py_lower(const char *s, size_t len, uint32_t **out, size_t *count) CSSL_WUR;

#endif
