/*
 * unicode.c - Unicode properties, as Python's unicodedata has them.
 */
#include "unicode.h"

/* Python's str.isprintable(): false for categories Cc, Cf, Cs, Co, Cn, Zl,
 * Zp and Zs other than the space. */
bool cssl__unicode_isprintable(uint32_t cp)
{
    if (cp < 0x20 || (cp >= 0x7F && cp <= 0xA0) || cp == 0xAD) {
        return false;
    }
    return true;
}

/* ASCII-only placeholders until the generated tables land. */
bool cssl__unicode_isspace(uint32_t cp)
{
    return cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || (cp >= 0x1C && cp <= 0x1F);
}

int cssl__unicode_decimal(uint32_t cp)
{
    return cp >= '0' && cp <= '9' ? (int)(cp - '0') : -1;
}

int cssl__unicode_lower(uint32_t cp, uint32_t out[3])
{
    out[0] = cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
    return 1;
}

int cssl__unicode_title(uint32_t cp, uint32_t out[3])
{
    out[0] = cp >= 'a' && cp <= 'z' ? cp - 32 : cp;
    return 1;
}
