/*
 * idna.c - server_hostname as Python encodes it: SSLContext._encode_hostname()
 * is hostname.encode('idna'), Python's IDNA 2003 codec (Lib/encodings/
 * idna.py, 3.13).
 *
 * cssl does its ASCII fast path exactly, messages included: every label but
 * the last must be non-empty, and no label may have 64 characters or more.
 * Names are otherwise passed as they are (upper case, '_' and spaces
 * included, as Python does).
 *
 * Non-ASCII names would need nameprep (RFC 3491: Unicode 3.2 mapping
 * tables, NFKC) and Punycode.  The only IDNA library Debian installs by
 * default is libidn2, which implements IDNA 2008 / UTS 46 and encodes some
 * names differently from Python ("straße.de" keeps its "ß"), so cssl
 * refuses non-ASCII names with CSSL_E_VALUE and asks for the A-label
 * ("xn--..."), which callers can get from any IDNA library they trust.
 */
#include <string.h>

#include "tls_internal.h"

/* UnicodeEncodeError.__str__: one character or a range of them.  Every
 * character here is ASCII, so positions are byte offsets. */
static cssl_err raise_idna(const char *name, size_t start, size_t end, const char *reason)
{
    if (end == start + 1) {
        return cssl__raise(CSSL_E_VALUE,
                           "'idna' codec can't encode character '\\x%02x' in position %zu: %s",
                           (unsigned char)name[start], start, reason);
    }
    return cssl__raise(CSSL_E_VALUE, "'idna' codec can't encode characters in position %zu-%zu: %s",
                       start, end - 1, reason);
}

static bool is_ascii(const char *s)
{
    for (; *s != '\0'; s++) {
        if ((unsigned char)*s >= 0x80) {
            return false;
        }
    }
    return true;
}

/* The codec's two passes, in its order: empty labels (all but the last),
 * then labels of 64 characters or more. */
static cssl_err check_labels(const char *name)
{
    for (const char *label = name;;) {
        const char *dot = strchr(label, '.');
        if (dot == NULL) {
            break;
        }
        if (dot == label) {
            return raise_idna(name, (size_t)(label - name), (size_t)(label - name) + 1,
                              "label empty");
        }
        label = dot + 1;
    }
    for (const char *label = name;;) {
        size_t len = strcspn(label, ".");
        if (len >= 64) {
            size_t start = (size_t)(label - name);
            return raise_idna(name, start, start + len, "label too long");
        }
        if (label[len] == '\0') {
            return CSSL_OK;
        }
        label += len + 1;
    }
}

cssl_err cssl__encode_hostname(const char *name, char **out)
{
    *out = NULL;
    if (name == NULL) {
        return CSSL_OK;
    }
    CSSL_ENSURE(is_ascii(name), CSSL_E_VALUE,
                "non-ASCII server_hostname is not supported: pass its IDNA A-label (\"xn--...\")");
    CSSL_GUARD(check_labels(name));
    *out = cssl__strdup(name);
    CSSL_GUARD_PTR(*out);
    return CSSL_OK;
}
