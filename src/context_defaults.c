/*
 * context_defaults.c - ssl.create_default_context(), line by line as
 * Python 3.13 has it (Lib/ssl.py).
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/objects.h>

#include "tls_internal.h"

/* create_default_context() raises ValueError(purpose) for an _ASN1Object
 * that is neither purpose; str() of it is the named tuple's repr.  A NID
 * OpenSSL does not know fails earlier in Python, at _ASN1Object.fromnid(). */
static void raise_bad_purpose(int nid)
{
    const char *sn = OBJ_nid2sn(nid);
    const char *ln = OBJ_nid2ln(nid);
    const ASN1_OBJECT *obj = OBJ_nid2obj(nid);
    char oid[128];
    if (sn == NULL || ln == NULL || obj == NULL || OBJ_obj2txt(oid, sizeof(oid), obj, 1) <= 0) {
        cssl__raise(CSSL_E_VALUE, "unknown NID %d", nid);
        return;
    }
    cssl__buf b = {0};
    cssl__buf_printf(&b, "_ASN1Object(nid=%d, shortname=", nid);
    cssl__pyrepr_str(&b, sn, strlen(sn));
    cssl__buf_puts(&b, ", longname=");
    cssl__pyrepr_str(&b, ln, strlen(ln));
    cssl__buf_puts(&b, ", oid=");
    cssl__pyrepr_str(&b, oid, strlen(oid));
    cssl__buf_putc(&b, ')');
    char *text = cssl__buf_finish(&b);
    if (text != NULL) {
        cssl__raise(CSSL_E_VALUE, "%s", text);
        cssl_free(text);
    }
}

static cssl_context *context_for(cssl_purpose purpose)
{
    if (purpose == CSSL_PURPOSE_SERVER_AUTH) {
        cssl_context *ctx = cssl_context_new(CSSL_PROTOCOL_TLS_CLIENT);
        if (ctx != NULL && (cssl_context_set_verify_mode(ctx, CSSL_CERT_REQUIRED) < 0 ||
                            cssl_context_set_check_hostname(ctx, true) < 0)) {
            cssl_context_free(ctx);
            return NULL;
        }
        return ctx;
    }
    if (purpose == CSSL_PURPOSE_CLIENT_AUTH) {
        return cssl_context_new(CSSL_PROTOCOL_TLS_SERVER);
    }
    raise_bad_purpose((int)purpose);
    return NULL;
}

static cssl_err apply_defaults(cssl_context *ctx, cssl_purpose purpose, const char *cafile,
                               const char *capath, const void *cadata, size_t cadata_len)
{
    /* Python 3.13: strict RFC 5280 checks, and trust anchors that are not
     * self-signed roots. */
    unsigned long flags = cssl_context_get_verify_flags(ctx);
    CSSL_GUARD(cssl_context_set_verify_flags(
        ctx, flags | CSSL_VERIFY_X509_PARTIAL_CHAIN | CSSL_VERIFY_X509_STRICT));
    /* "if cafile or capath or cadata": empty strings count as absent. */
    bool have_ca = (cafile != NULL && *cafile) || (capath != NULL && *capath) ||
                   (cadata != NULL && cadata_len > 0);
    if (have_ca) {
        CSSL_GUARD(cssl_context_load_verify_locations(ctx, cafile && *cafile ? cafile : NULL,
                                                      capath && *capath ? capath : NULL,
                                                      cadata_len ? cadata : NULL, cadata_len));
    } else if (cssl_context_get_verify_mode(ctx) != CSSL_CERT_NONE) {
        CSSL_GUARD(cssl_context_load_default_certs(ctx, purpose));
    }
    const char *keylog = getenv("SSLKEYLOGFILE");
    if (keylog != NULL && *keylog != '\0') {
        CSSL_GUARD(cssl_context_set_keylog_filename(ctx, keylog));
    }
    return CSSL_OK;
}

CSSL_API cssl_context *cssl_create_default_context(cssl_purpose purpose, const char *cafile,
                                                   const char *capath, const void *cadata,
                                                   size_t cadata_len)
{
    cssl__clear_error();
    cssl_context *ctx = context_for(purpose);
    if (ctx == NULL) {
        return NULL;
    }
    if (apply_defaults(ctx, purpose, cafile, capath, cadata, cadata_len) < 0) {
        cssl_context_free(ctx);
        return NULL;
    }
    return ctx;
}
