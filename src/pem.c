/*
 * pem.c - ssl.DER_cert_to_PEM_cert() and ssl.PEM_cert_to_DER_cert().
 *
 * Both are pure Python in Lib/ssl.py; this file reproduces them byte for
 * byte, error messages included.  Encoding uses OpenSSL's EVP_EncodeBlock().
 * Decoding cannot use OpenSSL: Python decodes with base64.decodebytes(),
 * that is binascii.a2b_base64() in its lenient mode, which skips any
 * character outside the alphabet, stops at the first complete padding and
 * has its own error messages, where EVP_DecodeBlock()/PEM_read refuse junk,
 * mis-padded or whitespace-split input.  So the decoder below follows
 * Modules/binascii.c's algorithm.
 *
 * PEM text is UTF-8; a byte that is not valid UTF-8 stands for the lone
 * surrogate U+DC80..U+DCFF, as Python's surrogateescape would decode it.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>

#include "internal.h"
#include "unicode.h"

#define HEADER_LEN (sizeof(CSSL_PEM_HEADER) - 1)
#define FOOTER_LEN (sizeof(CSSL_PEM_FOOTER) - 1)
#define LINE_BYTES 48 /* 64 base64 characters */

/* ---- DER to PEM -------------------------------------------------------- */

/*
 * '\n'.join([PEM_HEADER] + [b64[i:i+64] for i in range(0, len(b64), 64)]
 *           + [PEM_FOOTER + '\n'])
 */
CSSL_API char *cssl_der_cert_to_pem_cert(const void *der, size_t len)
{
    cssl__clear_error();
    CSSL_ENSURE_NULL(der != NULL || len == 0, CSSL_E_VALUE, "der must not be NULL");
    size_t lines = len / LINE_BYTES + (len % LINE_BYTES != 0);
    if (lines > (SIZE_MAX - HEADER_LEN - FOOTER_LEN - 3) / 65) {
        (void)cssl__raise_nomem();
        return NULL;
    }
    /* EVP_EncodeBlock() writes a NUL after each line: the '\n' replaces it. */
    char *pem = cssl__malloc(HEADER_LEN + 1 + lines * 65 + FOOTER_LEN + 2);
    if (pem == NULL) {
        return NULL;
    }
    const unsigned char *in = der;
    char *p = pem;
    memcpy(p, CSSL_PEM_HEADER "\n", HEADER_LEN + 1);
    p += HEADER_LEN + 1;
    for (size_t i = 0; i < len; i += LINE_BYTES) {
        size_t n = len - i < LINE_BYTES ? len - i : LINE_BYTES;
        p += EVP_EncodeBlock((unsigned char *)p, in + i, (int)n);
        *p++ = '\n';
    }
    memcpy(p, CSSL_PEM_FOOTER "\n", FOOTER_LEN + 2);
    return pem;
}

/* ---- PEM to DER -------------------------------------------------------- */

static size_t next_char(const char *s, size_t len, size_t pos, uint32_t *cp)
{
    size_t n;
    int32_t c = cssl__utf8_decode((const unsigned char *)s + pos, len - pos, &n);
    *cp = c < 0 ? 0xDC00u | (unsigned char)s[pos] : (uint32_t)c;
    return pos + n;
}

/* len(s.rstrip()) in bytes: str.strip() removes str.isspace() characters
 * (Unicode-wide).  The leading side needs nothing: the text starts with
 * PEM_HEADER by then. */
static size_t rstripped_len(const char *s, size_t len)
{
    size_t keep = 0;
    for (size_t pos = 0; pos < len;) {
        uint32_t cp;
        size_t next = next_char(s, len, pos, &cp);
        if (!cssl__unicode_isspace(cp)) {
            keep = next;
        }
        pos = next;
    }
    return keep;
}

/* The UnicodeEncodeError (a ValueError) of d.encode('ASCII', 'strict'):
 * the encoder reports the first run of unencodable characters, by
 * character position. */
static cssl_err raise_not_ascii(const char *s, size_t len, size_t bad)
{
    /* Everything before the first non-ASCII byte is one byte per character. */
    size_t start = bad, count = 0, pos = bad;
    uint32_t first = 0, cp;
    next_char(s, len, bad, &first);
    while (pos < len && (unsigned char)s[pos] >= 0x80) {
        pos = next_char(s, len, pos, &cp);
        count++;
    }
    if (count > 1) {
        return cssl__raise(CSSL_E_VALUE,
                           "'ascii' codec can't encode characters in position %zu-%zu: "
                           "ordinal not in range(128)",
                           start, start + count - 1);
    }
    /* repr() of the character, as UnicodeEncodeError.__str__ writes it. */
    char esc[16];
    if (first <= 0xFF) {
        snprintf(esc, sizeof(esc), "\\x%02x", (unsigned)first);
    } else if (first <= 0xFFFF) {
        snprintf(esc, sizeof(esc), "\\u%04x", (unsigned)first);
    } else {
        snprintf(esc, sizeof(esc), "\\U%08x", (unsigned)first);
    }
    return cssl__raise(CSSL_E_VALUE,
                       "'ascii' codec can't encode character '%s' in position %zu: "
                       "ordinal not in range(128)",
                       esc, start);
}

static int b64_value(unsigned char c)
{
    if (c >= 'A' && c <= 'Z') {
        return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
        return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
        return c - '0' + 52;
    }
    return c == '+' ? 62 : c == '/' ? 63 : -1;
}

/* One data character into the quad: each one after the first completes a
 * byte, from the bits left over and the new ones. */
static void b64_push(unsigned value, int *quad_pos, unsigned *left, unsigned char **out)
{
    switch (*quad_pos) {
    case 0:
        *left = value;
        break;
    case 1:
        *(*out)++ = (unsigned char)((*left << 2) | (value >> 4));
        *left = value & 0x0F;
        break;
    case 2:
        *(*out)++ = (unsigned char)((*left << 4) | (value >> 2));
        *left = value & 0x03;
        break;
    default:
        *(*out)++ = (unsigned char)((*left << 6) | value);
        *left = 0;
        break;
    }
    *quad_pos = (*quad_pos + 1) % 4;
}

/*
 * binascii.a2b_base64(s, strict_mode=False): characters outside the
 * alphabet are skipped; '=' counts only once two data characters of a
 * quad are in, and the padding that completes the quad ends the data.
 * Returns the number of bytes written to out, or the error.
 */
static cssl_err b64_decode(const char *s, size_t len, unsigned char *out, size_t *out_len)
{
    unsigned char *start = out;
    int quad_pos = 0, pads = 0;
    unsigned left = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '=') {
            if (quad_pos >= 2 && quad_pos + ++pads >= 4) {
                quad_pos = 0;
                break;
            }
            continue;
        }
        int value = b64_value(c);
        if (value < 0) {
            continue;
        }
        pads = 0;
        b64_push((unsigned)value, &quad_pos, &left, &out);
    }
    size_t n = (size_t)(out - start);
    CSSL_ENSURE(quad_pos != 1, CSSL_E_VALUE,
                "Invalid base64-encoded string: number of data characters (%zu) cannot be 1 "
                "more than a multiple of 4",
                n / 3 * 4 + 1);
    CSSL_ENSURE(quad_pos == 0, CSSL_E_VALUE, "Incorrect padding");
    *out_len = n;
    return CSSL_OK;
}

/*
 * if not pem.startswith(PEM_HEADER): raise ValueError(...)
 * if not pem.strip().endswith(PEM_FOOTER): raise ValueError(...)
 * d = pem.strip()[len(PEM_HEADER):-len(PEM_FOOTER)]
 * return base64.decodebytes(d.encode('ASCII', 'strict'))
 */
CSSL_API int cssl_pem_cert_to_der_cert(const char *pem, size_t pem_len, unsigned char **der,
                                       size_t *der_len)
{
    cssl__clear_error();
    CSSL_ENSURE_ARG(pem);
    CSSL_ENSURE_ARG(der);
    CSSL_ENSURE_ARG(der_len);
    *der = NULL;
    *der_len = 0;
    CSSL_ENSURE(pem_len >= HEADER_LEN && memcmp(pem, CSSL_PEM_HEADER, HEADER_LEN) == 0,
                CSSL_E_VALUE, "Invalid PEM encoding; must start with %s", CSSL_PEM_HEADER);
    size_t len = rstripped_len(pem, pem_len);
    CSSL_ENSURE(len >= FOOTER_LEN &&
                    memcmp(pem + len - FOOTER_LEN, CSSL_PEM_FOOTER, FOOTER_LEN) == 0,
                CSSL_E_VALUE, "Invalid PEM encoding; must end with %s", CSSL_PEM_FOOTER);
    /* Python's slice is empty when header and footer overlap. */
    const char *body = pem + HEADER_LEN;
    size_t body_len = len >= HEADER_LEN + FOOTER_LEN ? len - HEADER_LEN - FOOTER_LEN : 0;
    for (size_t i = 0; i < body_len; i++) {
        if ((unsigned char)body[i] >= 0x80) {
            return raise_not_ascii(body, body_len, i);
        }
    }
    unsigned char *buf = cssl__malloc(body_len / 4 * 3 + 3);
    CSSL_GUARD_PTR(buf);
    size_t n = 0;
    cssl_err rc = b64_decode(body, body_len, buf, &n);
    if (rc == CSSL_OK && n > INT_MAX) {
        rc = cssl__raise(CSSL_E_VALUE, "DER certificate too large (%zu bytes)", n);
    }
    if (rc < 0) {
        cssl_free(buf);
        return rc;
    }
    *der = buf;
    *der_len = n;
    return (int)n;
}
