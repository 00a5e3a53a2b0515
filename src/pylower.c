/*
 * pylower.c - str.lower() of a whole string, as CPython's do_lower() in
 * Objects/unicodeobject.c: each character's full lower-case mapping
 * (cssl__unicode_lower), except U+03A3, whose mapping depends on its
 * neighbours.
 */
#include "pylower.h"

#include "sigma_tables.h"
#include "unicode.h"

static bool in_ranges(const uint32_t (*ranges)[2], size_t n, uint32_t cp)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cp < ranges[mid][0]) {
            hi = mid;
        } else if (cp > ranges[mid][1]) {
            lo = mid + 1;
        } else {
            return true;
        }
    }
    return false;
}

static bool case_ignorable(uint32_t cp)
{
    return in_ranges(cssl_case_ignorable, CSSL_ARRAY_LEN(cssl_case_ignorable), cp);
}

static bool cased(uint32_t cp)
{
    return in_ranges(cssl_cased, CSSL_ARRAY_LEN(cssl_cased), cp);
}

/* CPython's handle_capital_sigma(), after Unicode's Final_Sigma condition:
 * U+03A3 lowers to U+03C2 when a Cased letter precedes it and none follows
 * it (Case_Ignorable characters skipped both ways), to U+03C3 otherwise. */
static uint32_t lower_sigma(const uint32_t *cp, size_t len, size_t i)
{
    size_t j = i;
    while (j > 0 && case_ignorable(cp[j - 1])) {
        j--;
    }
    if (j == 0 || !cased(cp[j - 1])) {
        return 0x3C3;
    }
    j = i + 1;
    while (j < len && case_ignorable(cp[j])) {
        j++;
    }
    return j < len && cased(cp[j]) ? 0x3C3 : 0x3C2;
}

/* The code points of s[0..len); a byte that is not UTF-8 becomes U+DCxx. */
static cssl_err decode(const char *s, size_t len, uint32_t **out, size_t *count)
{
    uint32_t *cp = cssl__calloc(len, sizeof(*cp));
    CSSL_GUARD_PTR(cp);
    const unsigned char *p = (const unsigned char *)s;
    size_t n = 0;
    for (size_t i = 0, step; i < len; i += step) {
        int32_t c = cssl__utf8_decode(p + i, len - i, &step);
        cp[n++] = c < 0 ? 0xDC00u | p[i] : (uint32_t)c;
    }
    *out = cp;
    *count = n;
    return CSSL_OK;
}

cssl_err cssl__py_lower(const char *s, size_t len, uint32_t **out, size_t *count)
{
    uint32_t *cp = NULL;
    size_t n = 0, k = 0;
    CSSL_GUARD(decode(s, len, &cp, &n));
    /* Up to 3 code points per character: U+0130 lowers to "i\u0307". */
    uint32_t *low = cssl__calloc(n, 3 * sizeof(*low));
    if (low == NULL) {
        cssl_free(cp);
        return CSSL_E_NOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        if (cp[i] == 0x3A3) {
            low[k++] = lower_sigma(cp, n, i);
        } else {
            k += (size_t)cssl__unicode_lower(cp[i], low + k);
        }
    }
    cssl_free(cp);
    *out = low;
    *count = k;
    return CSSL_OK;
}
