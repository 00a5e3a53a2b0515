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
