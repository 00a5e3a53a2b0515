/*
 * json_parse.c - JSON text to a Python value tree, as json.loads() reads
 * it (Python 3.13's C scanner, Modules/_json.c), with its error messages:
 * "Expecting ',' delimiter: line 1 column 7 (char 6)".
 *
 * The input is untrusted (users paste certificate dicts; the fuzzer feeds
 * anything): every read is bounds-checked, nesting is limited, and the only
 * departures from json.loads() are refusals, each with its own message:
 * text that is not UTF-8, nesting deeper than JSON_MAX_DEPTH, and lone
 * surrogates (\ud800), which a UTF-8 string cannot hold.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "pyval.h"
#include "unicode.h"

/* A certificate dict nests six containers deep (dict, subjectAltName,
 * entry, DirName name, RDN, attribute); Python itself stops near 1000 with
 * RecursionError.  This bound keeps the C stack small whatever the input. */
#define JSON_MAX_DEPTH 32

typedef struct jparser {
    const unsigned char *s;
    size_t len;
    size_t pos;
    cssl__arena *nodes;   /* the tree */
    cssl__arena *strings; /* the decoded strings, which outlive the tree */
    cssl__buf scratch;    /* one string being decoded */
    size_t lone_at;       /* the first lone surrogate escape, or SIZE_MAX */
} jparser;

/* ---- errors -------------------------------------------------------------- */

/* JSONDecodeError's str(): msg, then where, counted in characters as Python
 * counts them in the decoded str. */
static cssl_err fail_at(const jparser *j, size_t pos, const char *msg)
{
    size_t chars = 0;
    size_t line = 1;
    size_t line_start = 0; /* character index just after the last '\n' */
    for (size_t i = 0; i < pos && i < j->len; i++) {
        if ((j->s[i] & 0xC0) == 0x80) {
            continue; /* a UTF-8 continuation byte: same character */
        }
        chars++;
        if (j->s[i] == '\n') {
            line++;
            line_start = chars;
        }
    }
    return cssl__raise(CSSL_E_VALUE, "%s: line %zu column %zu (char %zu)", msg, line,
                       chars - line_start + 1, chars);
}

static cssl__pyval *fail_null(const jparser *j, size_t pos, const char *msg)
{
    (void)fail_at(j, pos, msg);
    return NULL;
}

/* ---- lexical helpers -------------------------------------------------------- */

static void skip_ws(jparser *j)
{
    while (j->pos < j->len) {
        unsigned char c = j->s[j->pos];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
            return;
        }
        j->pos++;
    }
}

static bool at(const jparser *j, char c)
{
    return j->pos < j->len && j->s[j->pos] == (unsigned char)c;
}

static bool has_prefix(const jparser *j, const char *word)
{
    size_t n = strlen(word);
    return j->len - j->pos >= n && memcmp(j->s + j->pos, word, n) == 0;
}

static int hex_value(unsigned char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    c = (unsigned char)(c | 0x20);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static void put_utf8(cssl__buf *b, uint32_t cp)
{
    unsigned char u[4];
    size_t n;
    if (cp < 0x80) {
        u[0] = (unsigned char)cp;
        n = 1;
    } else if (cp < 0x800) {
        u[0] = (unsigned char)(0xC0 | (cp >> 6));
        n = 2;
    } else if (cp < 0x10000) {
        u[0] = (unsigned char)(0xE0 | (cp >> 12));
        n = 3;
    } else {
        u[0] = (unsigned char)(0xF0 | (cp >> 18));
        n = 4;
    }
    for (size_t i = 1; i < n; i++) {
        u[i] = (unsigned char)(0x80 | ((cp >> (6 * (n - 1 - i))) & 0x3F));
    }
    cssl__buf_append(b, u, n);
}

/* ---- strings ---------------------------------------------------------------- */

static cssl_err read_u_escape(const jparser *j, size_t u, uint32_t *out)
{
    uint32_t v = 0;
    for (size_t i = u + 1; i <= u + 4; i++) {
        int h = hex_value(j->s[i]);
        if (h < 0) {
            return fail_at(j, u, "Invalid \\uXXXX escape");
        }
        v = v << 4 | (uint32_t)h;
    }
    *out = v;
    return CSSL_OK;
}

/* The four hex digits of the \u escape whose 'u' is at u.  Like _json.c,
 * at least one character must follow them (the string is not closed yet
 * otherwise); errors point at the 'u'. */
static cssl_err u_escape(const jparser *j, size_t u, uint32_t *out)
{
    if (u + 5 >= j->len) {
        return fail_at(j, u, "Invalid \\uXXXX escape");
    }
    return read_u_escape(j, u, out);
}

/* \uXXXX at j->pos (the 'u'), with a following low surrogate escape joined
 * to a high one as json.loads() joins them. */
static cssl_err unicode_escape(jparser *j)
{
    size_t u = j->pos;
    uint32_t cp;
    CSSL_GUARD(u_escape(j, u, &cp));
    j->pos = u + 5;
    if (cp >= 0xD800 && cp <= 0xDBFF && j->pos + 6 < j->len && j->s[j->pos] == '\\' &&
        j->s[j->pos + 1] == 'u') {
        uint32_t low;
        CSSL_GUARD(u_escape(j, j->pos + 1, &low));
        if (low >= 0xDC00 && low <= 0xDFFF) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            j->pos += 6;
        }
    }
    if (cp >= 0xD800 && cp <= 0xDFFF) {
        /* json.loads() keeps it, but UTF-8 cannot encode it: refuse the
         * document, once it has parsed, so that syntax errors further on
         * are reported as json.loads() reports them. */
        j->lone_at = j->lone_at < u - 1 ? j->lone_at : u - 1;
        cp = 0xFFFD;
    }
    put_utf8(&j->scratch, cp);
    return CSSL_OK;
}

/* One escape sequence; j->pos is at its backslash. */
static cssl_err escape(jparser *j, size_t begin)
{
    static const char from[] = "\"\\/bfnrt";
    static const char to[] = "\"\\/\b\f\n\r\t";
    size_t bs = j->pos;
    if (bs + 1 >= j->len) {
        return fail_at(j, begin, "Unterminated string starting at");
    }
    unsigned char c = j->s[bs + 1];
    if (c == 'u') {
        j->pos = bs + 1;
        return unicode_escape(j);
    }
    const char *hit = c != '\0' ? strchr(from, c) : NULL;
    if (hit == NULL) {
        return fail_at(j, bs, "Invalid \\escape");
    }
    cssl__buf_putc(&j->scratch, to[hit - from]);
    j->pos = bs + 2;
    return CSSL_OK;
}

/* scanstring(): j->pos is at the opening quote.  The decoded text goes to
 * the strings arena, NUL-terminated. */
static cssl_err parse_string(jparser *j, cssl_str *out)
{
    size_t begin = j->pos++;
    j->scratch.len = 0;
    for (;;) {
        size_t run = j->pos;
        while (j->pos < j->len && j->s[j->pos] != '"' && j->s[j->pos] != '\\' &&
               j->s[j->pos] >= 0x20) {
            j->pos++;
        }
        cssl__buf_append(&j->scratch, j->s + run, j->pos - run);
        if (j->pos >= j->len) {
            return fail_at(j, begin, "Unterminated string starting at");
        }
        if (j->s[j->pos] == '"') {
            break;
        }
        if (j->s[j->pos] < 0x20) {
            return fail_at(j, j->pos, "Invalid control character at");
        }
        CSSL_GUARD(escape(j, begin));
    }
    j->pos++;
    if (j->scratch.failed) {
        return cssl__raise_nomem();
    }
    const char *text = j->scratch.len != 0 ? j->scratch.data : "";
    char *copy = cssl__arena_strndup(j->strings, text, j->scratch.len);
    CSSL_GUARD_PTR(copy);
    *out = (cssl_str){copy, j->scratch.len};
    return CSSL_OK;
}

/* ---- numbers and literals --------------------------------------------------- */

static size_t skip_digits(const jparser *j, size_t i)
{
    while (i < j->len && j->s[i] >= '0' && j->s[i] <= '9') {
        i++;
    }
    return i;
}

/* _match_number_unicode(): -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?
 * An integer that does not fit a long is kept as one with `overflow` set
 * (Python's int has no limit; a certificate's version never needs it). */
static cssl__pyval *parse_number(jparser *j, size_t start)
{
    size_t i = start + (j->s[start] == '-');
    if (i >= j->len || j->s[i] < '0' || j->s[i] > '9') {
        return fail_null(j, start, "Expecting value");
    }
    size_t int_end = j->s[i] == '0' ? i + 1 : skip_digits(j, i);
    size_t end = int_end;
    if (end + 1 < j->len && j->s[end] == '.' && j->s[end + 1] >= '0' && j->s[end + 1] <= '9') {
        end = skip_digits(j, end + 1);
    }
    if (end < j->len && (j->s[end] == 'e' || j->s[end] == 'E')) {
        size_t e = end + 1 + (end + 1 < j->len && (j->s[end + 1] == '+' || j->s[end + 1] == '-'));
        size_t e_end = skip_digits(j, e);
        end = e_end > e ? e_end : end; /* "1e" is the number 1, then "e" */
    }
    bool integer = end == int_end;
    cssl__pyval *v = cssl__pyval_new(j->nodes, integer ? CSSL_PYV_INT : CSSL_PYV_FLOAT);
    if (v == NULL) {
        return NULL;
    }
    long n = 0;
    bool neg = j->s[start] == '-';
    for (size_t k = i; integer && k < int_end && !v->overflow; k++) {
        int d = j->s[k] - '0';
        v->overflow = neg ? n < (LONG_MIN + d) / 10 : n > (LONG_MAX - d) / 10;
        n = v->overflow ? 0 : n * 10 + (neg ? -d : d);
    }
    v->num = v->overflow ? 0 : n;
    j->pos = end;
    return v;
}

/* true, false, null, and the NaN / Infinity / -Infinity json.loads() also
 * accepts; or a number. */
static cssl__pyval *parse_scalar(jparser *j)
{
    static const struct {
        const char *word;
        cssl__pyval_kind kind;
        long num;
    } words[] = {{"true", CSSL_PYV_BOOL, 1},      {"false", CSSL_PYV_BOOL, 0},
                 {"null", CSSL_PYV_NULL, 0},      {"NaN", CSSL_PYV_FLOAT, 0},
                 {"Infinity", CSSL_PYV_FLOAT, 0}, {"-Infinity", CSSL_PYV_FLOAT, 0}};
    for (size_t i = 0; i < CSSL_ARRAY_LEN(words); i++) {
        if (has_prefix(j, words[i].word)) {
            cssl__pyval *v = cssl__pyval_new(j->nodes, words[i].kind);
            if (v != NULL) {
                v->num = words[i].num;
                j->pos += strlen(words[i].word);
            }
            return v;
        }
    }
    return parse_number(j, j->pos);
}

/* ---- containers -------------------------------------------------------------- */

static cssl__pyval *parse_value(jparser *j, int depth);

/* After an item: ',' and more, or the closing character.  Returns 1 to go
 * on, 0 at the end, negative on error (Python 3.13 names trailing commas). */
static int after_item(jparser *j, char close, const char *trailing_msg)
{
    skip_ws(j);
    if (at(j, close)) {
        j->pos++;
        return 0;
    }
    if (!at(j, ',')) {
        return fail_at(j, j->pos, "Expecting ',' delimiter");
    }
    size_t comma = j->pos++;
    skip_ws(j);
    if (at(j, close)) {
        return fail_at(j, comma, trailing_msg);
    }
    return 1;
}

static cssl__pyval *parse_array(jparser *j, int depth)
{
    cssl__pyval *list = cssl__pyval_new(j->nodes, CSSL_PYV_TUPLE);
    j->pos++;
    skip_ws(j);
    if (list == NULL || at(j, ']')) {
        j->pos += list != NULL;
        return list;
    }
    for (int more = 1; more > 0;) {
        cssl__pyval *item = parse_value(j, depth);
        if (item == NULL) {
            return NULL;
        }
        cssl__pyval_append(list, item);
        more = after_item(j, ']', "Illegal trailing comma before end of array");
        if (more < 0) {
            return NULL;
        }
    }
    return list;
}

/* One "key": value member; j->pos is where its key should start. */
static cssl__pyval *parse_member(jparser *j, int depth)
{
    if (!at(j, '"')) {
        return fail_null(j, j->pos, "Expecting property name enclosed in double quotes");
    }
    cssl_str key;
    if (parse_string(j, &key) < 0) {
        return NULL;
    }
    skip_ws(j);
    if (!at(j, ':')) {
        return fail_null(j, j->pos, "Expecting ':' delimiter");
    }
    j->pos++;
    skip_ws(j);
    cssl__pyval *value = parse_value(j, depth);
    if (value != NULL) {
        value->key = key;
    }
    return value;
}

static cssl__pyval *parse_object(jparser *j, int depth)
{
    cssl__pyval *dict = cssl__pyval_new(j->nodes, CSSL_PYV_DICT);
    j->pos++;
    skip_ws(j);
    if (dict == NULL || at(j, '}')) {
        j->pos += dict != NULL;
        return dict;
    }
    for (int more = 1; more > 0;) {
        cssl__pyval *member = parse_member(j, depth);
        if (member == NULL) {
            return NULL;
        }
        cssl__pyval_append(dict, member);
        more = after_item(j, '}', "Illegal trailing comma before end of object");
        if (more < 0) {
            return NULL;
        }
    }
    return dict;
}

/* scan_once(): the value starting exactly at j->pos. */
static cssl__pyval *parse_value(jparser *j, int depth)
{
    if (j->pos >= j->len) {
        return fail_null(j, j->pos, "Expecting value");
    }
    switch (j->s[j->pos]) {
    case '"': {
        cssl__pyval *v = cssl__pyval_new(j->nodes, CSSL_PYV_STR);
        return v != NULL && parse_string(j, &v->str) == CSSL_OK ? v : NULL;
    }
    case '{':
    case '[':
        if (depth >= JSON_MAX_DEPTH) {
            return fail_null(j, j->pos, "JSON nested too deeply (more than 32 levels)");
        }
        return j->s[j->pos] == '{' ? parse_object(j, depth + 1) : parse_array(j, depth + 1);
    default:
        return parse_scalar(j);
    }
}

/* ---- the document -------------------------------------------------------------- */

/* json.loads() of bytes decodes them first; cssl takes UTF-8 only. */
static cssl_err check_utf8(const jparser *j)
{
    for (size_t i = 0; i < j->len;) {
        size_t n;
        if (cssl__utf8_decode(j->s + i, j->len - i, &n) < 0) {
            return cssl__raise(CSSL_E_VALUE,
                               "JSON text is not valid UTF-8: byte 0x%02x at offset %zu", j->s[i],
                               i);
        }
        i += n;
    }
    return CSSL_OK;
}

cssl__pyval *cssl__json_parse(cssl__arena *nodes, cssl__arena *strings, const char *json,
                              size_t len)
{
    jparser j = {.s = (const unsigned char *)json,
                 .len = len,
                 .nodes = nodes,
                 .strings = strings,
                 .lone_at = SIZE_MAX};
    cssl__pyval *root = NULL;
    if (check_utf8(&j) < 0) {
        return NULL;
    }
    if (len >= 3 && memcmp(json, "\xEF\xBB\xBF", 3) == 0) {
        return fail_null(&j, 0, "Unexpected UTF-8 BOM (decode using utf-8-sig)");
    }
    skip_ws(&j);
    root = parse_value(&j, 0);
    if (root != NULL) {
        skip_ws(&j);
        if (j.pos != j.len) {
            root = fail_null(&j, j.pos, "Extra data");
        } else if (j.lone_at != SIZE_MAX) {
            root =
                fail_null(&j, j.lone_at, "Lone surrogate \\uXXXX escape (cssl strings are UTF-8)");
        }
    }
    cssl__buf_reset(&j.scratch);
    return root;
}
