/*
 * unicode.h - the few Unicode properties cssl needs to read and write text
 * exactly as Python does (repr(), str.lower(), str.strip(), strptime's \d).
 */
#ifndef CSSL_UNICODE_H
#define CSSL_UNICODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Decode one UTF-8 sequence at s (len > 0 bytes available).  Returns the
 * code point and sets *consumed, or returns -1 with *consumed = 1 for a byte
 * that does not start a valid sequence. */
int32_t cssl__utf8_decode(const unsigned char *s, size_t len, size_t *consumed);

/* str.isprintable() for one character. */
bool cssl__unicode_isprintable(uint32_t cp);

#endif
