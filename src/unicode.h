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

/* str.isspace() for one character (what str.strip() and the \s of re
 * remove / match). */
bool cssl__unicode_isspace(uint32_t cp);

/* The decimal value of a character that re's \d matches and int() reads
 * (Unicode category Nd), or -1. */
int cssl__unicode_decimal(uint32_t cp);

/* str.lower() of one character: writes up to 3 code points to out and
 * returns how many (1 for characters without a mapping: out[0] = cp).
 * Python's one context rule (final sigma: U+03A3 becomes U+03C2 at the end
 * of a word) is the caller's: alone, U+03A3 maps to U+03C3 as in Python. */
int cssl__unicode_lower(uint32_t cp, uint32_t out[3]);

/* str.title() of one character that starts a word: its titlecase mapping
 * (U+01C6 -> U+01C5, U+00DF -> "Ss"); same conventions as above.  Inside a
 * word str.title() uses cssl__unicode_lower() instead. */
int cssl__unicode_title(uint32_t cp, uint32_t out[3]);

#endif
