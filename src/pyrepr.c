/*
 * pyrepr.c - Python's repr() of a str and json.dumps()'s string literal.
 *
 * Both take the UTF-8 bytes of a Python str.  A byte that is not valid
 * UTF-8 (which a Python str cannot hold) is shown as Python's
 * surrogateescape decoding would show it, '\udcXX'.
 */
#include <string.h>

#include "internal.h"
#include "pyval.h"
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

/* How unicode_repr() (Objects/unicodeobject.c) writes one character, other
 * than the quote: as itself, as a two-character escape (\\ \t \n \r), or as
 * a hex escape (\xhh, \uhhhh, \Uhhhhhhhh). */
typedef enum { REPR_SELF, REPR_SHORT, REPR_HEX } repr_kind;

static repr_kind repr_class(uint32_t cp)
{
    if (cp == '\\' || cp == '\t' || cp == '\n' || cp == '\r') {
        return REPR_SHORT;
    }
    if (cp < 0x20 || cp == 0x7F) {
        return REPR_HEX;
    }
    return cp < 0x7F || cssl__unicode_isprintable(cp) ? REPR_SELF : REPR_HEX;
}

/* The character a byte sequence stands for: a byte that is not valid UTF-8
 * is the lone surrogate U+DCxx that surrogateescape decodes it to. */
static uint32_t next_char(const unsigned char *p, size_t len, size_t *n)
{
    int32_t cp = cssl__utf8_decode(p, len, n);
    return cp < 0 ? 0xDC00u + p[0] : (uint32_t)cp;
}

static char repr_quote(const char *s, size_t len)
{
    bool has_single = memchr(s, '\'', len) != NULL;
    bool has_double = memchr(s, '"', len) != NULL;
    return has_single && !has_double ? '"' : '\'';
}

/* unicode_repr(): single quotes unless the text has a single quote and no
 * double quote. */
void cssl__pyrepr_str(cssl__buf *out, const char *s, size_t len)
{
    char quote = repr_quote(s, len);
    cssl__buf_putc(out, quote);
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        size_t n;
        uint32_t cp = next_char(p + i, len - i, &n);
        repr_kind kind = repr_class(cp);
        if (cp == (uint32_t)quote || kind == REPR_SHORT) {
            static const char short_of[] = {['\t'] = 't', ['\n'] = 'n', ['\r'] = 'r'};
            cssl__buf_putc(out, '\\');
            cssl__buf_putc(out, cp < sizeof(short_of) ? short_of[cp] : (char)cp);
        } else if (kind == REPR_HEX) {
            put_escape(out, cp);
        } else {
            cssl__buf_append(out, p + i, n);
        }
        i += n;
    }
    cssl__buf_putc(out, quote);
}

/* len(repr(text)) in characters, counted as text is appended piecewise:
 * pprint measures the repr of growing candidate chunks (_pprint_str). */
void cssl__repr_meter_add(cssl__repr_meter *m, const char *s, size_t len)
{
    static const size_t hex_len[] = {4, 6, 10}; /* \xhh, \uhhhh, \Uhhhhhhhh */
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        size_t n;
        uint32_t cp = next_char(p + i, len - i, &n);
        repr_kind kind = repr_class(cp);
        if (kind == REPR_HEX) {
            m->body += hex_len[(cp >= 0x100) + (cp >= 0x10000)];
        } else {
            m->body += kind == REPR_SHORT ? 2 : 1;
        }
        m->singles += cp == '\'';
        m->doubles += cp == '"';
        i += n;
    }
}

/* The quotes, and a backslash for each single quote unless the repr uses
 * double quotes (which it does exactly when there are no double quotes). */
size_t cssl__repr_meter_len(const cssl__repr_meter *m)
{
    bool double_quoted = m->singles > 0 && m->doubles == 0;
    return 2 + m->body + (double_quoted ? 0 : m->singles);
}

size_t cssl__pyrepr_str_len(const char *s, size_t len)
{
    cssl__repr_meter m = {0};
    cssl__repr_meter_add(&m, s, len);
    return cssl__repr_meter_len(&m);
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
        uint32_t c = next_char(p + i, len - i, &n);
        switch (c) {
        case '"':
            cssl__buf_puts(out, "\\\"");
            break;
        case '\\':
            cssl__buf_puts(out, "\\\\");
            break;
        case '\n':
            cssl__buf_puts(out, "\\n");
            break;
        case '\r':
            cssl__buf_puts(out, "\\r");
            break;
        case '\t':
            cssl__buf_puts(out, "\\t");
            break;
        case '\b':
            cssl__buf_puts(out, "\\b");
            break;
        case '\f':
            cssl__buf_puts(out, "\\f");
            break;
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
