/*
 * cert_render.c - a cssl_cert_info as Python shows the getpeercert() dict:
 * json.dumps(d), repr(d) and pprint.pformat(d).
 *
 * The struct is turned into a tree of Python values (pyval.h) shaped as
 * _decode_certificate() in Modules/_ssl.c builds the dict: names are tuples
 * of RDN tuples of (name, value) pairs, subjectAltName a tuple of (type,
 * value) pairs whose DirName values are names, the URI lists tuples of str,
 * version an int.  The renderers then only know Python's rules.
 */
#include <string.h>

#include "cert_dict.h"
#include "pyval.h"

const cssl__cert_key cssl__cert_keys[] = {
    {CSSL_CERT_SUBJECT, "subject"},
    {CSSL_CERT_ISSUER, "issuer"},
    {CSSL_CERT_VERSION, "version"},
    {CSSL_CERT_SERIAL_NUMBER, "serialNumber"},
    {CSSL_CERT_NOT_BEFORE, "notBefore"},
    {CSSL_CERT_NOT_AFTER, "notAfter"},
    {CSSL_CERT_SUBJECT_ALT_NAME, "subjectAltName"},
    {CSSL_CERT_OCSP, "OCSP"},
    {CSSL_CERT_CA_ISSUERS, "caIssuers"},
    {CSSL_CERT_CRL_DISTRIBUTION_POINTS, "crlDistributionPoints"},
};
const size_t cssl__cert_key_count = CSSL_ARRAY_LEN(cssl__cert_keys);

/* A hand-built struct may hold (NULL, 0) for an empty string, but a NULL
 * array or string with a non-zero length is the caller's bug: refuse it
 * rather than crash. */
static cssl__pyval *str_node(cssl__arena *a, cssl_str s)
{
    CSSL_ENSURE_NULL(s.data != NULL || s.len == 0, CSSL_E_VALUE,
                     "cssl_cert_info: a string has NULL data and length %zu", s.len);
    cssl__pyval *v = cssl__pyval_new(a, CSSL_PYV_STR);
    if (v != NULL && s.data != NULL) {
        v->str = s;
    }
    return v;
}

static cssl__pyval *tuple_node(cssl__arena *a, const void *items, size_t count)
{
    CSSL_ENSURE_NULL(items != NULL || count == 0, CSSL_E_VALUE,
                     "cssl_cert_info: an array is NULL with count %zu", count);
    return cssl__pyval_new(a, CSSL_PYV_TUPLE);
}

/* (x, y): a (name, value) or (type, value) pair. */
static cssl__pyval *pair_node(cssl__arena *a, cssl__pyval *x, cssl__pyval *y)
{
    if (x == NULL || y == NULL) {
        return NULL;
    }
    cssl__pyval *t = cssl__pyval_new(a, CSSL_PYV_TUPLE);
    if (t != NULL) {
        cssl__pyval_append(t, x);
        cssl__pyval_append(t, y);
    }
    return t;
}

/* _create_tuple_for_attribute(): (name, str), or (name, bytes) for a
 * BIT STRING value (None for an empty one). */
static cssl__pyval *attr_value_node(cssl__arena *a, const cssl_name_attr *attr)
{
    if (attr->value_is_none) {
        return cssl__pyval_new(a, CSSL_PYV_NULL);
    }
    cssl__pyval *v = str_node(a, attr->value);
    if (v != NULL && attr->value_is_bytes) {
        v->kind = CSSL_PYV_BYTES;
    }
    return v;
}

static cssl__pyval *rdn_node(cssl__arena *a, const cssl_rdn *rdn)
{
    cssl__pyval *t = tuple_node(a, rdn->attrs, rdn->count);
    for (size_t i = 0; t != NULL && i < rdn->count; i++) {
        const cssl_name_attr *attr = &rdn->attrs[i];
        cssl__pyval *pair = pair_node(a, str_node(a, attr->name), attr_value_node(a, attr));
        if (pair == NULL) {
            return NULL;
        }
        cssl__pyval_append(t, pair);
    }
    return t;
}

/* _create_tuple_for_X509_NAME(): a tuple of RDN tuples. */
static cssl__pyval *name_node(cssl__arena *a, const cssl_name *name)
{
    cssl__pyval *t = tuple_node(a, name->rdns, name->count);
    for (size_t i = 0; t != NULL && i < name->count; i++) {
        cssl__pyval *rdn = rdn_node(a, &name->rdns[i]);
        if (rdn == NULL) {
            return NULL;
        }
        cssl__pyval_append(t, rdn);
    }
    return t;
}

bool cssl__san_is_dirname(cssl_str type)
{
    return type.len == strlen(CSSL__SAN_DIRNAME) && type.data != NULL &&
           memcmp(type.data, CSSL__SAN_DIRNAME, type.len) == 0;
}

/* _get_peer_alt_names(): ('DirName', name) for directory names, (type,
 * str) for every other entry. */
static cssl__pyval *san_node(cssl__arena *a, const cssl_general_names *san)
{
    cssl__pyval *t = tuple_node(a, san->items, san->count);
    for (size_t i = 0; t != NULL && i < san->count; i++) {
        const cssl_general_name *gn = &san->items[i];
        cssl__pyval *value =
            cssl__san_is_dirname(gn->type) ? name_node(a, &gn->dirname) : str_node(a, gn->value);
        cssl__pyval *pair = pair_node(a, str_node(a, gn->type), value);
        if (pair == NULL) {
            return NULL;
        }
        cssl__pyval_append(t, pair);
    }
    return t;
}

/* OCSP, caIssuers, crlDistributionPoints: tuples of str. */
static cssl__pyval *str_list_node(cssl__arena *a, const cssl_str_list *list)
{
    cssl__pyval *t = tuple_node(a, list->items, list->count);
    for (size_t i = 0; t != NULL && i < list->count; i++) {
        cssl__pyval *s = str_node(a, list->items[i]);
        if (s == NULL) {
            return NULL;
        }
        cssl__pyval_append(t, s);
    }
    return t;
}

static cssl__pyval *field_node(cssl__arena *a, const cssl_cert_info *c, unsigned bit)
{
    cssl__pyval *v;
    switch (bit) {
    case CSSL_CERT_SUBJECT:
        return name_node(a, &c->subject);
    case CSSL_CERT_ISSUER:
        return name_node(a, &c->issuer);
    case CSSL_CERT_VERSION:
        v = cssl__pyval_new(a, CSSL_PYV_INT);
        if (v != NULL) {
            v->num = c->version;
        }
        return v;
    case CSSL_CERT_SERIAL_NUMBER:
        return str_node(a, c->serial_number);
    case CSSL_CERT_NOT_BEFORE:
        return str_node(a, c->not_before);
    case CSSL_CERT_NOT_AFTER:
        return str_node(a, c->not_after);
    case CSSL_CERT_SUBJECT_ALT_NAME:
        return san_node(a, &c->subject_alt_name);
    case CSSL_CERT_OCSP:
        return str_list_node(a, &c->ocsp);
    case CSSL_CERT_CA_ISSUERS:
        return str_list_node(a, &c->ca_issuers);
    default:
        return str_list_node(a, &c->crl_distribution_points);
    }
}

/* The dict: the keys whose bit is set, in Python's insertion order. */
static cssl__pyval *cert_node(cssl__arena *a, const cssl_cert_info *c)
{
    cssl__pyval *dict = cssl__pyval_new(a, CSSL_PYV_DICT);
    for (size_t i = 0; dict != NULL && i < cssl__cert_key_count; i++) {
        if ((c->fields & cssl__cert_keys[i].bit) == 0) {
            continue;
        }
        cssl__pyval *v = field_node(a, c, cssl__cert_keys[i].bit);
        if (v == NULL) {
            return NULL;
        }
        v->key = (cssl_str){cssl__cert_keys[i].name, strlen(cssl__cert_keys[i].name)};
        cssl__pyval_append(dict, v);
    }
    return dict;
}

typedef cssl_err (*render_fn)(cssl__buf *out, cssl__pyval *v);

static char *render(const cssl_cert_info *cert, render_fn fn)
{
    CSSL_ENSURE_ARG_NULL(cert);
    char *text = NULL;
    cssl__arena *a = cssl__arena_new();
    if (a == NULL) {
        return NULL;
    }
    cssl__pyval *tree = cert_node(a, cert);
    if (tree == NULL) {
        goto out;
    }
    cssl__buf b = {0};
    if (fn(&b, tree) < 0) {
        cssl__buf_reset(&b);
        goto out;
    }
    text = cssl__buf_finish(&b);
out:
    cssl__arena_free(a);
    return text;
}

static cssl_err json_of(cssl__buf *out, cssl__pyval *v)
{
    return cssl__pyval_json(out, v);
}

static cssl_err repr_of(cssl__buf *out, cssl__pyval *v)
{
    cssl__pyval_repr(out, v);
    return CSSL_OK;
}

static cssl_err pformat_of(cssl__buf *out, cssl__pyval *v)
{
    cssl__pyval_pformat(out, v);
    return CSSL_OK;
}

CSSL_API char *cssl_cert_info_to_json(const cssl_cert_info *cert)
{
    cssl__clear_error();
    return render(cert, json_of);
}

CSSL_API char *cssl_cert_info_to_repr(const cssl_cert_info *cert)
{
    cssl__clear_error();
    return render(cert, repr_of);
}

CSSL_API char *cssl_cert_info_to_pprint(const cssl_cert_info *cert)
{
    cssl__clear_error();
    return render(cert, pformat_of);
}
