/* version.c - cssl's own version. */
#include "internal.h"

CSSL_API const char *cssl_version(void)
{
    return CSSL_VERSION_STRING;
}
