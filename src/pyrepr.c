/*
 * pyrepr.c - Python's repr() of a str or bytes and json.dumps()'s string
 * literal.
 *
 * The str functions take the UTF-8 bytes of a Python str.  A byte that is
 * not valid UTF-8 (which a Python str cannot hold) is shown as Python's
 * surrogateescape decoding would show it, '\udcXX'.  The bytes functions
 * take raw bytes.
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

/* How unicode_repr() (Objects/unicodeobject.c) and bytes_repr()
 * (Objects/bytesobject.c) write one character or byte, other than the
 * quote: as itself, as a two-character escape (\\ \t \n \r), or as a hex
 * escape (\xhh, \uhhhh, \Uhhhhhhhh). */
typedef enum { REPR_SELF, REPR_SHORT, REPR_HEX } repr_kind;

static bool is_short_escaped(uint32_t cp)
{
    return cp == '\\' || cp == '\t' || cp == '\n' || cp == '\r';
}

static repr_kind repr_class(uint32_t cp)
{
    if (is_short_escaped(cp)) {
        return REPR_SHORT;
    }
    if (cp < 0x20 || cp == 0x7F) {
        return REPR_HEX;
    }
    return cp < 0x7F || cssl__unicode_isprintable(cp) ? REPR_SELF : REPR_HEX;
}

/* bytes_repr(): every byte outside ' '..'~' is a \xhh escape. */
static repr_kind bytes_class(uint32_t byte)
{
    if (is_short_escaped(byte)) {
        return REPR_SHORT;
    }
    return byte < 0x20 || byte >= 0x7F ? REPR_HEX : REPR_SELF;
}

/* The character a byte sequence stands for: a byte that is not valid UTF-8
 * is the lone surrogate U+DCxx that surrogateescape decodes it to. */
static uint32_t next_char(const unsigned char *p, size_t len, size_t *n)
{
    int32_t cp = cssl__utf8_decode(p, len, n);
    return cp < 0 ? 0xDC00u + p[0] : (uint32_t)cp;
}

/* Single quotes unless the text has a single quote and no double quote
 * (str and bytes alike). */
static char repr_quote(const char *s, size_t len)
{
    bool has_single = memchr(s, '\'', len) != NULL;
    bool has_double = memchr(s, '"', len) != NULL;
    return has_single && !has_double ? '"' : '\'';
}

/* One character cp (its n bytes at raw) between the quotes. */
static void put_repr_char(cssl__buf *out, uint32_t cp, repr_kind kind, char quote,
                          const unsigned char *raw, size_t n)
{
    if (cp == (uint32_t)quote || kind == REPR_SHORT) {
        /* \t \n \r by letter; the backslash and the quote as themselves. */
        static const char short_of[] = {['\t'] = 't', ['\n'] = 'n', ['\r'] = 'r'};
        char c = (char)cp;
        if (cp < sizeof(short_of)) {
            c = short_of[cp];
        }
        cssl__buf_putc(out, '\\');
        cssl__buf_putc(out, c);
    } else if (kind == REPR_HEX) {
        put_escape(out, cp);
    } else {
        cssl__buf_append(out, raw, n);
    }
}

void cssl__pyrepr_str(cssl__buf *out, const char *s, size_t len)
{
    char quote = repr_quote(s, len);
    cssl__buf_putc(out, quote);
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0, n; i < len; i += n) {
        uint32_t cp = next_char(p + i, len - i, &n);
        put_repr_char(out, cp, repr_class(cp), quote, p + i, n);
    }
    cssl__buf_putc(out, quote);
}

void cssl__pyrepr_bytes(cssl__buf *out, const char *s, size_t len)
{
    char quote = repr_quote(s, len);
    cssl__buf_putc(out, 'b');
    cssl__buf_putc(out, quote);
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < len; i++) {
        put_repr_char(out, p[i], bytes_class(p[i]), quote, p + i, 1);
    }
    cssl__buf_putc(out, quote);
}

/* ---- measuring: len(repr(x)) without writing it -------------------------- */

/* pprint measures the repr of growing candidate chunks (_pprint_str,
 * _wrap_bytes_repr), so the length is accumulated piece by piece. */
static void meter_count(cssl__repr_meter *m, uint32_t cp, repr_kind kind)
{
    static const size_t hex_len[] = {4, 6, 10}; /* \xhh, \uhhhh, \Uhhhhhhhh */
    if (kind == REPR_HEX) {
        m->body += hex_len[(cp >= 0x100) + (cp >= 0x10000)];
    } else {
        m->body += kind == REPR_SHORT ? 2 : 1;
    }
    m->singles += cp == '\'';
    m->doubles += cp == '"';
}

void cssl__repr_meter_add(cssl__repr_meter *m, const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0, n; i < len; i += n) {
        uint32_t cp = next_char(p + i, len - i, &n);
        meter_count(m, cp, repr_class(cp));
    }
}

void cssl__repr_meter_add_bytes(cssl__repr_meter *m, const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    m->prefix = 1;
    for (size_t i = 0; i < len; i++) {
        meter_count(m, p[i], bytes_class(p[i]));
    }
}

/* The prefix and quotes, and a backslash for each single quote unless the
 * repr uses double quotes (which it does exactly when there are no double
 * quotes). */
size_t cssl__repr_meter_len(const cssl__repr_meter *m)
{
    bool double_quoted = m->singles > 0 && m->doubles == 0;
    return m->prefix + 2 + m->body + (double_quoted ? 0 : m->singles);
}

size_t cssl__pyrepr_str_len(const char *s, size_t len)
{
    cssl__repr_meter m = {0};
    cssl__repr_meter_add(&m, s, len);
    return cssl__repr_meter_len(&m);
}

size_t cssl__pyrepr_bytes_len(const char *s, size_t len)
{
    cssl__repr_meter m = {0};
    cssl__repr_meter_add_bytes(&m, s, len);
    return cssl__repr_meter_len(&m);
}

/* ---- json.dumps() ---------------------------------------------------------- */

static void json_u(cssl__buf *out, uint32_t unit)
{
    cssl__buf_printf(out, "\\u%04x", (unsigned)unit);
}

/* The two-character escapes of json.encoder's ESCAPE_ASCII, or NULL. */
static const char *json_short_escape(uint32_t c)
{
    static const char *const esc[] = {
        ['"'] = "\\\"", ['\\'] = "\\\\", ['\n'] = "\\n", ['\r'] = "\\r",
        ['\t'] = "\\t", ['\b'] = "\\b",  ['\f'] = "\\f",
    };
    return c < CSSL_ARRAY_LEN(esc) ? esc[c] : NULL;
}

/* json.encoder.py_encode_basestring_ascii(): everything outside ' '..'~' is
 * escaped; astral characters as UTF-16 surrogate pairs. */
void cssl__json_str(cssl__buf *out, const char *s, size_t len)
{
    cssl__buf_putc(out, '"');
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0, n; i < len; i += n) {
        uint32_t c = next_char(p + i, len - i, &n);
        const char *esc = json_short_escape(c);
        if (esc != NULL) {
            cssl__buf_puts(out, esc);
        } else if (c >= 0x20 && c < 0x7F) {
            cssl__buf_putc(out, (char)c);
        } else if (c < 0x10000) {
            json_u(out, c);
        } else {
            json_u(out, 0xD800 | ((c - 0x10000) >> 10));
            json_u(out, 0xDC00 | ((c - 0x10000) & 0x3FF));
        }
    }
    cssl__buf_putc(out, '"');
}
