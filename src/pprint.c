/*
 * pprint.c - pprint.pformat() of a Python value tree, as Python 3.13's
 * PrettyPrinter does it with its defaults (indent=1, width=80, depth=None,
 * compact=False, sort_dicts=True).
 *
 * The functions mirror Lib/pprint.py one for one: pp_format() is _format(),
 * pp_dict() _pprint_dict(), dict_items() _format_dict_items(), pp_tuple()
 * _pprint_tuple(), tuple_items() _format_items(), pp_str() _pprint_str()
 * and pp_bytes() _pprint_bytes().
 * Widths are counted in characters (len() of the repr), not bytes.
 */
#include <string.h>

#include "pyval.h"
#include "unicode.h"

#define PP_WIDTH 80 /* PrettyPrinter(width=80) */

static void pp_format(cssl__buf *out, cssl__pyval *v, long indent, long allowance, int level);

static void put_newline_indent(cssl__buf *out, const char *before, long indent)
{
    cssl__buf_puts(out, before);
    for (long i = 0; i < indent; i++) {
        cssl__buf_putc(out, ' ');
    }
}

/* ---- dicts and tuples -------------------------------------------------- */

/* One member per line, each value indented past its key: "key: value". */
static void dict_items(cssl__buf *out, cssl__pyval *v, long indent, long allowance, int level)
{
    indent += 1;
    for (cssl__pyval *item = v->first; item != NULL; item = item->next) {
        bool last = item->next == NULL;
        cssl__pyrepr_str(out, item->key.data, item->key.len);
        cssl__buf_puts(out, ": ");
        long key_len = (long)cssl__pyrepr_str_len(item->key.data, item->key.len);
        pp_format(out, item, indent + key_len + 2, last ? allowance : 1, level);
        if (!last) {
            put_newline_indent(out, ",\n", indent);
        }
    }
}

static void pp_dict(cssl__buf *out, cssl__pyval *v, long indent, long allowance, int level)
{
    cssl__buf_putc(out, '{');
    if (v->count != 0) {
        dict_items(out, v, indent, allowance + 1, level);
    }
    cssl__buf_putc(out, '}');
}

/* One item per line; every item but the last leaves room for its comma. */
static void tuple_items(cssl__buf *out, cssl__pyval *v, long indent, long allowance, int level)
{
    indent += 1;
    for (cssl__pyval *item = v->first; item != NULL; item = item->next) {
        if (item != v->first) {
            put_newline_indent(out, ",\n", indent);
        }
        pp_format(out, item, indent, item->next == NULL ? allowance : 1, level);
    }
}

static void pp_tuple(cssl__buf *out, cssl__pyval *v, long indent, long allowance, int level)
{
    const char *end = v->count == 1 ? ",)" : ")";
    cssl__buf_putc(out, '(');
    tuple_items(out, v, indent, allowance + (long)strlen(end), level);
    cssl__buf_puts(out, end);
}

/* ---- strings ------------------------------------------------------------ */

/* str.splitlines(True): the end of the line starting at `start`, its line
 * break included (\n, \r, \r\n, \v, \f, \x1c-\x1e, \x85, \u2028, \u2029). */
static size_t line_end(const unsigned char *p, size_t len, size_t start)
{
    size_t i = start;
    while (i < len) {
        size_t n;
        int32_t cp = cssl__utf8_decode(p + i, len - i, &n);
        i += n;
        if (cp == '\r' && i < len && p[i] == '\n') {
            return i + 1;
        }
        if (cp == '\n' || cp == '\r' || (cp >= 0x0B && cp <= 0x0C) || (cp >= 0x1C && cp <= 0x1E) ||
            cp == 0x85 || cp == 0x2028 || cp == 0x2029) {
            return i;
        }
    }
    return len;
}

/* The end of the match of re's r'\S*\s*' at `start` (\s is str.isspace()). */
static size_t part_end(const unsigned char *p, size_t len, size_t start)
{
    size_t i = start;
    bool in_space = false;
    while (i < len) {
        size_t n;
        int32_t cp = cssl__utf8_decode(p + i, len - i, &n);
        bool space = cp >= 0 && cssl__unicode_isspace((uint32_t)cp);
        if (in_space && !space) {
            break;
        }
        in_space = in_space || space;
        i += n;
    }
    return i;
}

/* The chunks _pprint_str() cuts a string (and _pprint_bytes() bytes) into,
 * written to out one per line, the repr of each; `count` says how many. */
typedef struct str_chunks {
    cssl__buf *out;
    const char *s;
    long indent;
    size_t count;
    void (*repr)(cssl__buf *out, const char *s, size_t len);
} str_chunks;

static void emit_chunk(str_chunks *c, size_t start, size_t end)
{
    if (c->count++ > 0) {
        put_newline_indent(c->out, "\n", c->indent);
    }
    c->repr(c->out, c->s + start, end - start);
}

/* A line too long for one literal: greedily join its (non-space, space)
 * parts while the repr of the joined text fits. */
static void split_line(str_chunks *c, size_t start, size_t end, long max_width, long last_allowance)
{
    const unsigned char *p = (const unsigned char *)c->s;
    size_t cur = start; /* current = s[cur:pos] */
    cssl__repr_meter meter = {0};
    for (size_t pos = start; pos < end;) {
        size_t next = part_end(p, end, pos);
        if (next == end) {
            max_width -= last_allowance; /* the last part of the last line */
        }
        cssl__repr_meter candidate = meter;
        cssl__repr_meter_add(&candidate, c->s + pos, next - pos);
        if ((long)cssl__repr_meter_len(&candidate) > max_width) {
            if (pos > cur) {
                emit_chunk(c, cur, pos);
            }
            cur = pos;
            meter = (cssl__repr_meter){0};
            cssl__repr_meter_add(&meter, c->s + pos, next - pos);
        } else {
            meter = candidate;
        }
        pos = next;
    }
    if (end > cur) {
        emit_chunk(c, cur, end);
    }
}

static void pp_str(cssl__buf *out, cssl__pyval *v, long indent, long allowance, int level)
{
    const char *s = v->str.data;
    size_t len = v->str.len;
    if (level == 1) {
        indent += 1;
        allowance += 1;
    }
    cssl__buf chunks = {0};
    str_chunks c = {.out = &chunks, .s = s, .indent = indent, .repr = cssl__pyrepr_str};
    long max_width = PP_WIDTH - indent;
    for (size_t start = 0; start < len;) {
        size_t end = line_end((const unsigned char *)s, len, start);
        bool last = end == len;
        long width = max_width - (last ? allowance : 0);
        if ((long)cssl__pyrepr_str_len(s + start, end - start) <= width) {
            emit_chunk(&c, start, end);
        } else {
            split_line(&c, start, end, max_width, last ? allowance : 0);
        }
        start = end;
    }
    if (c.count <= 1) {
        /* One chunk is the whole string (and '' has none). */
        cssl__pyrepr_str(out, s, len);
    } else {
        cssl__buf_puts(out, level == 1 ? "(" : "");
        cssl__buf_append(out, chunks.data, chunks.len);
        cssl__buf_puts(out, level == 1 ? ")" : "");
        out->failed = out->failed || chunks.failed;
    }
    cssl__buf_reset(&chunks);
}

/* ---- bytes ------------------------------------------------------------------ */

/* _pprint_bytes() and _wrap_bytes_repr(): up to 4 bytes stay one literal;
 * longer ones are cut into 4-byte parts joined greedily while the repr of
 * the joined bytes fits the width (less the allowance from the last part
 * on, a part that only exists when the length is not a multiple of 4). */
static void pp_bytes(cssl__buf *out, cssl__pyval *v, long indent, long allowance, int level)
{
    const char *s = v->str.data;
    size_t len = v->str.len;
    if (len <= 4) {
        cssl__pyrepr_bytes(out, s, len);
        return;
    }
    bool parens = level == 1;
    indent += parens;
    allowance += parens;
    cssl__buf_puts(out, parens ? "(" : "");
    str_chunks c = {.out = out, .s = s, .indent = indent, .repr = cssl__pyrepr_bytes};
    long width = PP_WIDTH - indent;
    size_t last = len / 4 * 4, cur = 0;
    cssl__repr_meter meter = {0};
    for (size_t i = 0; i < len; i += 4) {
        size_t n = len - i < 4 ? len - i : 4;
        width -= i == last ? allowance : 0;
        cssl__repr_meter candidate = meter;
        cssl__repr_meter_add_bytes(&candidate, s + i, n);
        if ((long)cssl__repr_meter_len(&candidate) <= width) {
            meter = candidate;
            continue;
        }
        if (i > cur) {
            emit_chunk(&c, cur, i);
        }
        cur = i;
        meter = (cssl__repr_meter){0};
        cssl__repr_meter_add_bytes(&meter, s + i, n);
    }
    emit_chunk(&c, cur, len);
    cssl__buf_puts(out, parens ? ")" : "");
}

/* ---- dispatch ------------------------------------------------------------ */

typedef void (*pp_fn)(cssl__buf *out, cssl__pyval *v, long indent, long allowance, int level);

/* PrettyPrinter._dispatch: the types with a multi-line form. */
static const pp_fn multi_line[] = {
    [CSSL_PYV_DICT] = pp_dict,
    [CSSL_PYV_TUPLE] = pp_tuple,
    [CSSL_PYV_STR] = pp_str,
    [CSSL_PYV_BYTES] = pp_bytes,
};

/* _format(): the one-line repr when it fits in what is left of the line,
 * else the multi-line form of its type. */
static void pp_format(cssl__buf *out, cssl__pyval *v, long indent, long allowance, int level)
{
    long max_width = PP_WIDTH - indent - allowance;
    pp_fn fn = (size_t)v->kind < CSSL_ARRAY_LEN(multi_line) ? multi_line[v->kind] : NULL;
    if (fn != NULL && (long)cssl__pyval_repr_len(v) > max_width) {
        fn(out, v, indent, allowance, level + 1);
        return;
    }
    cssl__pyval_repr(out, v);
}

static int key_cmp(const cssl__pyval *a, const cssl__pyval *b)
{
    size_t n = a->key.len < b->key.len ? a->key.len : b->key.len;
    int c = memcmp(a->key.data, b->key.data, n);
    return c != 0 ? c : (a->key.len > b->key.len) - (a->key.len < b->key.len);
}

/* sort_dicts=True: members in key order (UTF-8 byte order is code point
 * order), a stable insertion sort of each member list. */
static void sort_dicts(cssl__pyval *v)
{
    for (cssl__pyval *item = v->first; item != NULL; item = item->next) {
        sort_dicts(item);
    }
    if (v->kind != CSSL_PYV_DICT) {
        return;
    }
    cssl__pyval *sorted = NULL;
    for (cssl__pyval *item = v->first, *next; item != NULL; item = next) {
        next = item->next;
        cssl__pyval **at = &sorted;
        while (*at != NULL && key_cmp(*at, item) <= 0) {
            at = &(*at)->next;
        }
        item->next = *at;
        *at = item;
    }
    v->first = sorted;
    for (v->last = sorted; v->last != NULL && v->last->next != NULL;) {
        v->last = v->last->next;
    }
}

void cssl__pyval_pformat(cssl__buf *out, cssl__pyval *v)
{
    sort_dicts(v);
    pp_format(out, v, 0, 0, 0);
}
