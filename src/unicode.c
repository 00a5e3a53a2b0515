/*
 * unicode.c - Unicode properties, as Python's str methods have them.
 *
 * The tables come from tools/gen_unicode_tables.py, which reads them out of
 * python3.13 itself (see src/unicode_tables.h for the Unicode version); each
 * lookup is a binary search over sorted ranges.
 */
#include <string.h>

#include "unicode.h"
#include "unicode_tables.h"

/* Index of the range of `table` (n entries of `size` bytes, each starting
 * with uint32_t first, last) that holds cp, or -1.  One search serves every
 * table: they all begin with the same two fields, read with memcpy so that
 * no table is accessed through another struct type. */
static long find_range(const void *table, size_t n, size_t size, uint32_t cp)
{
    const unsigned char *base = table;
    size_t lo = 0;
    size_t hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        cssl_urange r;
        memcpy(&r, base + mid * size, sizeof(r));
        if (cp < r.first) {
            hi = mid;
        } else if (cp > r.last) {
            lo = mid + 1;
        } else {
            return (long)mid;
        }
    }
    return -1;
}

#define CSSL_ARRAY_LEN_(a) (sizeof(a) / sizeof((a)[0]))
#define FIND(table, cp) find_range((table), CSSL_ARRAY_LEN_(table), sizeof((table)[0]), (cp))

/* Python's str.isprintable(): false for categories Cc, Cf, Cs, Co, Cn, Zl,
 * Zp and Zs other than the space (Objects/unicodectype.c). */
bool cssl__unicode_isprintable(uint32_t cp)
{
    if (cp >= 0x20 && cp < 0x7F) {
        return true;
    }
    return cp <= 0x10FFFF && FIND(cssl_unicode_nonprintable, cp) < 0;
}

/* Python's str.isspace(): bidirectional class WS, B or S, or category Zs;
 * this is what str.strip() removes and re's \s matches in str patterns. */
bool cssl__unicode_isspace(uint32_t cp)
{
    return FIND(cssl_unicode_space, cp) >= 0;
}

/* unicodedata.decimal(): category Nd, which is what re's \d matches and
 * int() reads. */
int cssl__unicode_decimal(uint32_t cp)
{
    if (cp < 0x80) {
        return cp >= '0' && cp <= '9' ? (int)(cp - '0') : -1;
    }
    long i = FIND(cssl_unicode_decimal_digits, cp);
    if (i < 0) {
        return -1;
    }
    const cssl_udigits *d = &cssl_unicode_decimal_digits[i];
    return (int)(d->value + (cp - d->first));
}

/* One character's mapping through a one-to-one table and its one-to-many
 * exceptions (Python's _PyUnicode_ToLowerFull / _PyUnicode_ToTitleFull). */
static int map_char(const cssl_umap *map, size_t n_map, const cssl_uspecial *special,
                    size_t n_special, uint32_t cp, uint32_t out[3])
{
    for (size_t i = 0; i < n_special && special[i].cp <= cp; i++) {
        if (special[i].cp == cp) {
            for (int k = 0; k < special[i].count; k++) {
                out[k] = special[i].out[k];
            }
            return special[i].count;
        }
    }
    long i = find_range(map, n_map, sizeof(map[0]), cp);
    out[0] = cp;
    if (i >= 0 && (cp - map[i].first) % map[i].stride == 0) {
        out[0] = (uint32_t)((int64_t)cp + map[i].delta);
    }
    return 1;
}

int cssl__unicode_lower(uint32_t cp, uint32_t out[3])
{
    return map_char(cssl_unicode_lower_map, CSSL_ARRAY_LEN_(cssl_unicode_lower_map),
                    cssl_unicode_lower_special, CSSL_ARRAY_LEN_(cssl_unicode_lower_special), cp,
                    out);
}

int cssl__unicode_title(uint32_t cp, uint32_t out[3])
{
    return map_char(cssl_unicode_title_map, CSSL_ARRAY_LEN_(cssl_unicode_title_map),
                    cssl_unicode_title_special, CSSL_ARRAY_LEN_(cssl_unicode_title_special), cp,
                    out);
}
