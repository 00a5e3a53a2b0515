/*
 * certtime.c - ssl.cert_time_to_seconds(), exactly as Python 3.13 computes it.
 *
 * Lib/ssl.py looks the month up as cert_time[:3].title() in ("Jan", ...,
 * "Dec"), hands the rest to time.strptime(rest, ' %d %H:%M:%S %Y GMT') and
 * gives the fields to calendar.timegm().  Lib/_strptime.py turns that format
 * into a regular expression, matched with re.match() and re.IGNORECASE:
 *
 *   \s+(?P<d>3[0-1]|[1-2]\d|0[1-9]|[1-9]| [1-9])\s+(?P<H>2[0-3]|[0-1]\d|\d)
 *   :(?P<M>[0-5]\d|\d):(?P<S>6[0-1]|[0-5]\d|\d)\s+(?P<Y>\d\d\d\d)\s+GMT
 *
 * where \s is str.isspace() and \d any Unicode decimal digit (category Nd),
 * both Unicode-wide for str patterns.  This file runs that expression with
 * re's semantics (alternatives in order, greedy \s+, backtracking), then does
 * what _strptime() and timegm() do with the fields.  No locale, no libc
 * strptime: C's strptime neither backtracks nor knows Unicode digits.
 *
 * Text is UTF-8; a byte that is not valid UTF-8 stands for the lone
 * surrogate U+DC80..U+DCFF, as Python's surrogateescape would decode it.
 */
#include <string.h>

#include "internal.h"
#include "unicode.h"

#define TIME_FORMAT " %d %H:%M:%S %Y GMT"

enum field { F_DAY, F_HOUR, F_MINUTE, F_SECOND, F_YEAR, F_COUNT };

enum node_kind { N_END, N_SPACES, N_FIELD, N_LITERAL };

/*
 * One element of the expression.  A field's alternatives are spelled in a
 * tiny notation: "d" is \d, "[xy]" the range x-y, anything else itself.
 */
struct node {
    enum node_kind kind;
    enum field field;
    const char *const *alts;
    const char *literal;
};

/* _strptime.TimeRE's expressions for %d, %H, %M, %S and %Y. */
static const char *const day_alts[] = {"3[01]", "[12]d", "0[19]", "[19]", " [19]", NULL};
static const char *const hour_alts[] = {"2[03]", "[01]d", "d", NULL};
static const char *const minute_alts[] = {"[05]d", "d", NULL};
static const char *const second_alts[] = {"6[01]", "[05]d", "d", NULL};
static const char *const year_alts[] = {"dddd", NULL};

static const struct node pattern[] = {
    {.kind = N_SPACES},
    {.kind = N_FIELD, .field = F_DAY, .alts = day_alts},
    {.kind = N_SPACES},
    {.kind = N_FIELD, .field = F_HOUR, .alts = hour_alts},
    {.kind = N_LITERAL, .literal = ":"},
    {.kind = N_FIELD, .field = F_MINUTE, .alts = minute_alts},
    {.kind = N_LITERAL, .literal = ":"},
    {.kind = N_FIELD, .field = F_SECOND, .alts = second_alts},
    {.kind = N_SPACES},
    {.kind = N_FIELD, .field = F_YEAR, .alts = year_alts},
    {.kind = N_SPACES},
    {.kind = N_LITERAL, .literal = "GMT"},
    {.kind = N_END},
};

struct matcher {
    const unsigned char *s;
    size_t len;
    size_t start[F_COUNT];
    size_t end[F_COUNT];
    size_t match_end;
};

/* The character at s[pos] (pos < len); returns the position after it. */
static size_t next_char(const unsigned char *s, size_t len, size_t pos, uint32_t *cp)
{
    size_t n;
    int32_t c = cssl__utf8_decode(s + pos, len - pos, &n);
    *cp = c < 0 ? 0xDC00u | s[pos] : (uint32_t)c;
    return pos + n;
}

/* The start of the character before pos.  Only used inside a run of
 * whitespace, which is always valid UTF-8. */
static size_t prev_char(const unsigned char *s, size_t floor, size_t pos)
{
    do {
        pos--;
    } while (pos > floor && (s[pos] & 0xC0) == 0x80);
    return pos;
}

static uint32_t ascii_lower(uint32_t c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* One alternative at pos; sets *end past it.  Under re.IGNORECASE only
 * ASCII letters fold here: no other character lowers to a digit, ':', ' ',
 * 'g', 'm' or 't' (checked against Python over all of Unicode). */
static bool match_alt(const struct matcher *m, const char *alt, size_t pos, size_t *end)
{
    while (*alt != '\0') {
        uint32_t cp;
        if (pos >= m->len) {
            return false;
        }
        pos = next_char(m->s, m->len, pos, &cp);
        bool ok;
        if (*alt == 'd') {
            ok = cssl__unicode_decimal(cp) >= 0;
            alt += 1;
        } else if (*alt == '[') {
            ok = cp >= (unsigned char)alt[1] && cp <= (unsigned char)alt[2];
            alt += 4;
        } else {
            ok = ascii_lower(cp) == ascii_lower((unsigned char)*alt);
            alt += 1;
        }
        if (!ok) {
            return false;
        }
    }
    *end = pos;
    return true;
}

static bool match_node(struct matcher *m, size_t node, size_t pos);

/* \s+ is greedy: take the whole run, then give back one character at a
 * time until the rest of the expression matches. */
static bool match_spaces(struct matcher *m, size_t node, size_t pos)
{
    size_t run_end = pos;
    while (run_end < m->len) {
        uint32_t cp;
        size_t next = next_char(m->s, m->len, run_end, &cp);
        if (!cssl__unicode_isspace(cp)) {
            break;
        }
        run_end = next;
    }
    for (size_t p = run_end; p > pos; p = prev_char(m->s, pos, p)) {
        if (match_node(m, node + 1, p)) {
            return true;
        }
    }
    return false;
}

/* A group: its alternatives in order, the first that lets the rest match. */
static bool match_field(struct matcher *m, size_t node, size_t pos)
{
    const struct node *n = &pattern[node];
    for (const char *const *alt = n->alts; *alt != NULL; alt++) {
        size_t end;
        if (match_alt(m, *alt, pos, &end)) {
            m->start[n->field] = pos;
            m->end[n->field] = end;
            if (match_node(m, node + 1, end)) {
                return true;
            }
        }
    }
    return false;
}

static bool match_node(struct matcher *m, size_t node, size_t pos)
{
    size_t end;
    switch (pattern[node].kind) {
    case N_SPACES:
        return match_spaces(m, node, pos);
    case N_FIELD:
        return match_field(m, node, pos);
    case N_LITERAL:
        return match_alt(m, pattern[node].literal, pos, &end) && match_node(m, node + 1, end);
    case N_END:
        m->match_end = pos;
        return true;
    }
    return false;
}

/* int() of a matched group: its digits (a %d group may start with a space). */
static int field_value(const struct matcher *m, enum field f)
{
    int value = 0;
    for (size_t pos = m->start[f]; pos < m->end[f];) {
        uint32_t cp;
        pos = next_char(m->s, m->len, pos, &cp);
        int digit = cssl__unicode_decimal(cp);
        if (digit >= 0) {
            value = value * 10 + digit;
        }
    }
    return value;
}

/* The month: cert_time[:3].title() in the English abbreviations.  title()
 * maps the first character to titlecase and, after a cased one, the next to
 * lowercase; a result can only equal "Jan".."Dec" when each of the three
 * characters maps to one ASCII letter (so each is cased), hence title, lower,
 * lower.  That is how "\u017Fep" (long s) is September in Python too.
 * Returns 1..12, or 0; *rest is the byte offset of cert_time[3:]. */
static int month_number(const unsigned char *s, size_t len, size_t *rest)
{
    static const char months[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    char name[4] = {0};
    size_t pos = 0;
    for (int i = 0; i < 3; i++) {
        uint32_t cp, mapped[3];
        if (pos >= len) {
            return 0;
        }
        pos = next_char(s, len, pos, &cp);
        int n = i == 0 ? cssl__unicode_title(cp, mapped) : cssl__unicode_lower(cp, mapped);
        if (n != 1 || mapped[0] == 0 || mapped[0] >= 0x80) {
            return 0;
        }
        name[i] = (char)mapped[0];
    }
    *rest = pos;
    for (int i = 0; i < 12; i++) {
        if (memcmp(name, months[i], 4) == 0) {
            return i + 1;
        }
    }
    return 0;
}

/* ValueError('time data %r does not match format %r' % (text, format)). */
static cssl_err raise_no_match(const char *text, size_t len, const char *format_repr)
{
    cssl__buf b = {0};
    cssl__buf_puts(&b, "time data ");
    cssl__pyrepr_str(&b, text, len);
    cssl__buf_puts(&b, " does not match format ");
    cssl__buf_puts(&b, format_repr);
    char *msg = cssl__buf_finish(&b);
    if (msg == NULL) {
        return cssl__raise_nomem();
    }
    cssl__raise(CSSL_E_VALUE, "%s", msg);
    cssl_free(msg);
    return CSSL_E_VALUE;
}

/* Days from 1970-01-01 to year-month-01 of the proleptic Gregorian calendar
 * (datetime.date(year, month, 1).toordinal() - EPOCH's, as timegm() does). */
static int64_t days_from_epoch(int64_t year, int month)
{
    int64_t y = month <= 2 ? year - 1 : year;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t mp = (month + 9) % 12;
    int64_t doy = (153 * mp + 2) / 5;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/*
 * After the match, _strptime() computes the julian day through
 * datetime.date(year, 1, day) (the format has no month, so month is 1):
 * that refuses year 0.  Then calendar.timegm() adds day, hour, minute and
 * second to the first of the month, so Feb 31 is March 3 and second 61 is
 * the next minute's first.
 */
static cssl_err finish(const struct matcher *m, int month, int64_t *out)
{
    int year = field_value(m, F_YEAR);
    CSSL_ENSURE(year >= 1, CSSL_E_VALUE, "year %d is out of range", year);
    int64_t days = days_from_epoch(year, month) + field_value(m, F_DAY) - 1;
    int64_t hours = days * 24 + field_value(m, F_HOUR);
    int64_t minutes = hours * 60 + field_value(m, F_MINUTE);
    *out = minutes * 60 + field_value(m, F_SECOND);
    return CSSL_OK;
}

CSSL_API cssl_err cssl_cert_time_to_seconds(const char *cert_time, int64_t *out)
{
    cssl__clear_error();
    CSSL_ENSURE_ARG(cert_time);
    CSSL_ENSURE_ARG(out);
    const unsigned char *s = (const unsigned char *)cert_time;
    size_t len = strlen(cert_time);
    size_t rest = 0;
    int month = month_number(s, len, &rest);
    if (month == 0) {
        return raise_no_match(cert_time, len, "\"%b" TIME_FORMAT "\"");
    }
    struct matcher m = {.s = s + rest, .len = len - rest};
    if (!match_node(&m, 0, 0)) {
        return raise_no_match(cert_time + rest, len - rest, "'" TIME_FORMAT "'");
    }
    CSSL_ENSURE(m.match_end == m.len, CSSL_E_VALUE, "unconverted data remains: %s",
                cert_time + rest + m.match_end);
    return finish(&m, month, out);
}
