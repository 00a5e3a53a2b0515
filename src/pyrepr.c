/*
 * pyrepr.c - Python's repr() of a str and json.dumps()'s string literal.
 *
 * Both take the UTF-8 bytes of a Python str.  A byte that is not valid
 * UTF-8 (which a Python str cannot hold) is shown as Python's
 * surrogateescape decoding would show it, '\udcXX'.
 */
#include <string.h>

#include "internal.h"
#include "unicode.h"

int32_t cssl__utf8_decode(const unsigned char *s, size_t len, size_t *consumed)
{
    static const uint32_t min_for_len[] = {0, 0, 0x80, 0x800, 0x10000};
    unsigned char c = s[0];
    size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || n > len) {
        *consumed = 1;
        return -1;
    }
    uint32_t cp = n == 1 ? c : (uint32_t)(c & (0x7F >> n));
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *consumed = 1;
            return -1;
        }
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if (cp < min_for_len[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        *consumed = 1;
        return -1;
    }
    *consumed = n;
    return (int32_t)cp;
}

static void put_escape(cssl__buf *out, uint32_t cp)
{
    if (cp < 0x100) {
        cssl__buf_printf(out, "\\x%02x", (unsigned)cp);
    } else if (cp < 0x10000) {
        cssl__buf_printf(out, "\\u%04x", (unsigned)cp);
    } else {
        cssl__buf_printf(out, "\\U%08x", (unsigned)cp);
    }
}

/* unicode_repr() in Objects/unicodeobject.c: single quotes unless the text
 * has a single quote and no double quote. */
void cssl__pyrepr_str(cssl__buf *out, const char *s, size_t len)
{
    bool has_single = memchr(s, '\'', len) != NULL;
    bool has_double = memchr(s, '"', len) != NULL;
    char quote = has_single && !has_double ? '"' : '\'';
    cssl__buf_putc(out, quote);
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        size_t n;
        int32_t cp = cssl__utf8_decode(p + i, len - i, &n);
        if (cp < 0) {
            cssl__buf_printf(out, "\\udc%02x", p[i]);
        } else if (cp == quote || cp == '\\') {
            cssl__buf_putc(out, '\\');
            cssl__buf_putc(out, (char)cp);
        } else if (cp == '\t') {
            cssl__buf_puts(out, "\\t");
        } else if (cp == '\n') {
            cssl__buf_puts(out, "\\n");
        } else if (cp == '\r') {
            cssl__buf_puts(out, "\\r");
        } else if (cp < 0x20 || cp == 0x7F) {
            put_escape(out, (uint32_t)cp);
        } else if (cp < 0x7F || cssl__unicode_isprintable((uint32_t)cp)) {
            cssl__buf_append(out, p + i, n);
        } else {
            put_escape(out, (uint32_t)cp);
        }
        i += n;
    }
    cssl__buf_putc(out, quote);
}

static void json_u(cssl__buf *out, uint32_t unit)
{
    cssl__buf_printf(out, "\\u%04x", (unsigned)unit);
}

/* json.encoder.py_encode_basestring_ascii(): everything outside ' '..'~' is
 * escaped; astral characters as UTF-16 surrogate pairs. */
void cssl__json_str(cssl__buf *out, const char *s, size_t len)
{
    cssl__buf_putc(out, '"');
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        size_t n;
        int32_t cp = cssl__utf8_decode(p + i, len - i, &n);
        uint32_t c = cp < 0 ? 0xDC00u + p[i] : (uint32_t)cp;
        switch (c) {
        case '"': cssl__buf_puts(out, "\\\""); break;
        case '\\': cssl__buf_puts(out, "\\\\"); break;
        case '\n': cssl__buf_puts(out, "\\n"); break;
        case '\r': cssl__buf_puts(out, "\\r"); break;
        case '\t': cssl__buf_puts(out, "\\t"); break;
        case '\b': cssl__buf_puts(out, "\\b"); break;
        case '\f': cssl__buf_puts(out, "\\f"); break;
        default:
            if (c >= 0x20 && c < 0x7F) {
                cssl__buf_putc(out, (char)c);
            } else if (c < 0x10000) {
                json_u(out, c);
            } else {
                c -= 0x10000;
                json_u(out, 0xD800 | (c >> 10));
                json_u(out, 0xDC00 | (c & 0x3FF));
            }
        }
        i += n;
    }
    cssl__buf_putc(out, '"');
}
