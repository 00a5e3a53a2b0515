/*
 * fuzz_cert.c - the invariants of a decoded certificate (fz_check_cert()),
 * linked into the targets that decode certificates.
 */
#include "fuzz_common.h"

#include <string.h>

static void check_str(const cssl_str *s, const char *what)
{
    FZ_CHECK(s->data != NULL, "%s: data is NULL", what);
    FZ_CHECK(s->data[s->len] == '\0', "%s: not NUL-terminated at its length %zu", what, s->len);
}

static void check_name(const cssl_name *n, const char *what)
{
    FZ_CHECK(n->count == 0 || n->rdns != NULL, "%s: %zu RDNs but no array", what, n->count);
    for (size_t i = 0; i < n->count; i++) {
        const cssl_rdn *rdn = &n->rdns[i];
        FZ_CHECK(rdn->count == 0 || rdn->attrs != NULL, "%s: RDN %zu has no array", what, i);
        for (size_t j = 0; j < rdn->count; j++) {
            const cssl_name_attr *a = &rdn->attrs[j];
            check_str(&a->name, what);
            check_str(&a->value, what);
            /* cssl.h: a None value is "" and not bytes. */
            FZ_CHECK(!a->value_is_none || (!a->value_is_bytes && a->value.len == 0),
                     "%s: a None value that is bytes or not empty", what);
        }
    }
}

static void check_str_list(const cssl_str_list *l, const char *what)
{
    FZ_CHECK(l->count == 0 || l->items != NULL, "%s: %zu items but no array", what, l->count);
    for (size_t i = 0; i < l->count; i++) {
        check_str(&l->items[i], what);
    }
}

static void check_general_names(const cssl_general_names *g)
{
    FZ_CHECK(g->count == 0 || g->items != NULL, "subjectAltName: %zu items but no array", g->count);
    for (size_t i = 0; i < g->count; i++) {
        check_str(&g->items[i].type, "subjectAltName type");
        check_str(&g->items[i].value, "subjectAltName value");
        check_name(&g->items[i].dirname, "subjectAltName DirName");
    }
}

static void check_fields(const cssl_cert_info *c)
{
    const unsigned all = (CSSL_CERT_CRL_DISTRIBUTION_POINTS << 1) - 1;
    FZ_CHECK((c->fields & ~all) == 0, "unknown field bits 0x%x", c->fields);
    FZ_CHECK(c->owner != NULL, "a certificate the library returned has no owner");
    if (c->fields & CSSL_CERT_SUBJECT) {
        check_name(&c->subject, "subject");
    }
    if (c->fields & CSSL_CERT_ISSUER) {
        check_name(&c->issuer, "issuer");
    }
    if (c->fields & CSSL_CERT_SERIAL_NUMBER) {
        check_str(&c->serial_number, "serialNumber");
    }
    if (c->fields & CSSL_CERT_NOT_BEFORE) {
        check_str(&c->not_before, "notBefore");
    }
    if (c->fields & CSSL_CERT_NOT_AFTER) {
        check_str(&c->not_after, "notAfter");
    }
    if (c->fields & CSSL_CERT_SUBJECT_ALT_NAME) {
        check_general_names(&c->subject_alt_name);
    }
    if (c->fields & CSSL_CERT_OCSP) {
        check_str_list(&c->ocsp, "OCSP");
    }
    if (c->fields & CSSL_CERT_CA_ISSUERS) {
        check_str_list(&c->ca_issuers, "caIssuers");
    }
    if (c->fields & CSSL_CERT_CRL_DISTRIBUTION_POINTS) {
        check_str_list(&c->crl_distribution_points, "crlDistributionPoints");
    }
}

typedef char *(*renderer)(const cssl_cert_info *);

/* A rendering of a dict is never empty and reads "{...}". */
static char *render(const cssl_cert_info *c, renderer fn, const char *name)
{
    char *text = fn(c);
    FZ_CHECK(text != NULL, "%s failed: %s: %s", name, cssl_err_name(cssl_last_error()->code),
             cssl_last_error()->message);
    fz_expect_ok(name);
    size_t len = strlen(text);
    FZ_CHECK(len >= 2 && text[0] == '{' && text[len - 1] == '}', "%s gave %s", name, text);
    return text;
}

/* json.dumps() escapes every non-ASCII and control character. */
static void check_json_text(const char *json)
{
    for (const unsigned char *p = (const unsigned char *)json; *p; p++) {
        FZ_CHECK(*p >= 0x20 && *p < 0x7F, "JSON has raw byte 0x%02x at %zu: %s", *p,
                 (size_t)(p - (const unsigned char *)json), json);
    }
}

static void expect_same(const char *what, const char *a, const char *b)
{
    FZ_CHECK(strcmp(a, b) == 0, "%s differs after the JSON round trip:\n  first:  %s\n  second: %s",
             what, a, b);
}

static bool name_has_bytes(const cssl_name *n)
{
    for (size_t i = 0; i < n->count; i++) {
        for (size_t j = 0; j < n->rdns[i].count; j++) {
            if (n->rdns[i].attrs[j].value_is_bytes) {
                return true;
            }
        }
    }
    return false;
}

/* A BIT STRING name value is bytes in Python (cssl.h: value_is_bytes). */
static bool has_bytes(const cssl_cert_info *c)
{
    bool found = ((c->fields & CSSL_CERT_SUBJECT) && name_has_bytes(&c->subject)) ||
                 ((c->fields & CSSL_CERT_ISSUER) && name_has_bytes(&c->issuer));
    const cssl_general_names *san = &c->subject_alt_name;
    for (size_t i = 0; !found && (c->fields & CSSL_CERT_SUBJECT_ALT_NAME) && i < san->count; i++) {
        found = name_has_bytes(&san->items[i].dirname);
    }
    return found;
}

/* A dict holding bytes has no JSON, as json.dumps() raises TypeError for
 * it; there is no round trip, and its repr stands in for the JSON as the
 * text the callers compare. */
static char *check_bytes_cert(const cssl_cert_info *cert)
{
    char *json = cssl_cert_info_to_json(cert);
    FZ_CHECK(json == NULL, "cssl_cert_info_to_json of a dict with bytes gave %s", json);
    fz_expect_error("cssl_cert_info_to_json", 0, FZ_ERR(CSSL_E_TYPE));
    FZ_CHECK(strcmp(cssl_last_error()->message, "Object of type bytes is not JSON serializable") ==
                 0,
             "cssl_cert_info_to_json of a dict with bytes: %s", cssl_last_error()->message);
    cssl_free(render(cert, cssl_cert_info_to_pprint, "cssl_cert_info_to_pprint"));
    return render(cert, cssl_cert_info_to_repr, "cssl_cert_info_to_repr");
}

char *fz_cert_text(const cssl_cert_info *cert)
{
    return has_bytes(cert) ? cssl_cert_info_to_repr(cert) : cssl_cert_info_to_json(cert);
}

char *fz_check_cert(const cssl_cert_info *cert)
{
    static const struct {
        renderer fn;
        const char *name;
    } renderers[] = {
        {cssl_cert_info_to_repr, "cssl_cert_info_to_repr"},
        {cssl_cert_info_to_pprint, "cssl_cert_info_to_pprint"},
    };
    check_fields(cert);
    if (has_bytes(cert)) {
        return check_bytes_cert(cert);
    }
    char *json = render(cert, cssl_cert_info_to_json, "cssl_cert_info_to_json");
    check_json_text(json);
    cssl_cert_info *again = cssl_cert_info_from_json(json, strlen(json));
    FZ_CHECK(again != NULL, "the JSON rendering does not parse back: %s: %s\n  JSON: %s",
             cssl_err_name(cssl_last_error()->code), cssl_last_error()->message, json);
    fz_expect_ok("cssl_cert_info_from_json");
    check_fields(again);
    char *json2 = render(again, cssl_cert_info_to_json, "cssl_cert_info_to_json");
    expect_same("JSON", json, json2);
    cssl_free(json2);
    for (size_t i = 0; i < sizeof(renderers) / sizeof(renderers[0]); i++) {
        char *a = render(cert, renderers[i].fn, renderers[i].name);
        char *b = render(again, renderers[i].fn, renderers[i].name);
        expect_same(renderers[i].name, a, b);
        cssl_free(a);
        cssl_free(b);
    }
    cssl_cert_info_free(again);
    return json;
}
