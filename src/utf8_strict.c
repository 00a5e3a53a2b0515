/*
 * utf8_strict.c - Python's strict UTF-8 decoder, reduced to its verdict.
 *
 * CPython turns every certificate string into a str with
 * PyUnicode_FromStringAndSize() (or Py_BuildValue "s#"), which decodes
 * strictly: the first bad sequence raises UnicodeDecodeError, a ValueError.
 * The positions and reasons below follow Objects/stringlib/codecs.h
 * (utf8_decode) and Objects/unicodeobject.c (unicode_decode_utf8): a bad
 * continuation byte ends the error span before it, a truncated sequence at
 * the end spans to the end of the input, surrogates (ED A0..BF) and
 * overlong or out-of-range forms (E0 80..9F, F0 80..8F, F4 90..) are
 * "invalid continuation byte" at their second byte.
 */
#include <stdio.h>

#include "cert_decode.h"

enum utf8_verdict { UTF8_OK, UTF8_TRUNCATED, UTF8_BAD_START, UTF8_BAD_CONT };

static bool is_cont(unsigned char c)
{
    return c >= 0x80 && c <= 0xBF;
}

/* The second byte's extra range check of 3- and 4-byte leads (RFC 3629
 * table: no overlongs, no surrogates, nothing above U+10FFFF). */
static bool second_ok(unsigned char lead, unsigned char c2)
{
    if (!is_cont(c2)) {
        return false;
    }
    switch (lead) {
    case 0xE0:
        return c2 >= 0xA0;
    case 0xED:
        return c2 < 0xA0;
    case 0xF0:
        return c2 >= 0x90;
    case 0xF4:
        return c2 < 0x90;
    default:
        return true;
    }
}

/* The length of the sequence a lead byte starts; 0 for a byte that starts
 * none (continuation bytes, C0/C1 overlong leads, F5..FF). */
static size_t sequence_length(unsigned char lead)
{
    if (lead < 0x80) {
        return 1;
    }
    if (lead < 0xC2) {
        return 0;
    }
    if (lead < 0xE0) {
        return 2;
    }
    if (lead < 0xF0) {
        return 3;
    }
    return lead < 0xF5 ? 4 : 0;
}

/* Classify the sequence at s[0..avail): on UTF8_OK *span is its length; on
 * UTF8_BAD_CONT *span is how many bytes the error covers. */
static enum utf8_verdict classify(const unsigned char *s, size_t avail, size_t *span)
{
    unsigned char lead = s[0];
    size_t need = sequence_length(lead);
    if (need == 0) {
        return UTF8_BAD_START;
    }
    for (size_t i = 1; i < need; i++) {
        if (i >= avail) {
            return UTF8_TRUNCATED;
        }
        bool ok = i == 1 ? (need == 2 ? is_cont(s[1]) : second_ok(lead, s[1])) : is_cont(s[i]);
        if (!ok) {
            *span = i;
            return UTF8_BAD_CONT;
        }
    }
    *span = need;
    return UTF8_OK;
}

/* UnicodeDecodeError.__str__: one byte is shown by value, a span by its
 * first and last positions. */
static cssl_err raise_decode_error(const unsigned char *s, size_t start, size_t end,
                                   const char *reason)
{
    if (end == start + 1) {
        return cssl__raise(CSSL_E_VALUE,
                           "'utf-8' codec can't decode byte 0x%02x in position %zu: %s", s[start],
                           start, reason);
    }
    return cssl__raise(CSSL_E_VALUE, "'utf-8' codec can't decode bytes in position %zu-%zu: %s",
                       start, end - 1, reason);
}

cssl_err cssl__utf8_strict_check(const char *text, size_t len)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0;
    while (i < len) {
        size_t span = 1;
        switch (classify(s + i, len - i, &span)) {
        case UTF8_OK:
            i += span;
            break;
        case UTF8_TRUNCATED:
            return raise_decode_error(s, i, len, "unexpected end of data");
        case UTF8_BAD_START:
            return raise_decode_error(s, i, i + 1, "invalid start byte");
        case UTF8_BAD_CONT:
            return raise_decode_error(s, i, i + span, "invalid continuation byte");
        }
    }
    return CSSL_OK;
}
