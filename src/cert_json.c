/*
 * cert_json.c - a cssl_cert_info from the JSON of a getpeercert() dict:
 * what json.dumps(cert) writes, and what users write by hand for
 * cssl_match_hostname() (any subset of the keys).
 *
 * The JSON is parsed into a Python value tree (json_parse.c), then checked
 * against the shape _decode_certificate() gives each key.  Anything else --
 * an unknown key, a value of the wrong type, a pair that is not a pair --
 * is CSSL_E_VALUE naming the place, e.g. "cert['subject'][0] must be a
 * list, not str".  As in a dict built by json.loads(), a repeated key
 * keeps its last value.
 */
#include <stdio.h>
#include <string.h>

#include "cert_dict.h"
#include "pyval.h"

/* Where a value sits, for messages: "cert['subjectAltName'][2][1]". */
#define PATH_MAX_LEN 160

static const char *type_name(const cssl__pyval *v)
{
    static const char *const names[] = {
        [CSSL_PYV_STR] = "str",       [CSSL_PYV_INT] = "int",     [CSSL_PYV_TUPLE] = "list",
        [CSSL_PYV_DICT] = "dict",     [CSSL_PYV_FLOAT] = "float", [CSSL_PYV_BOOL] = "bool",
        [CSSL_PYV_NULL] = "NoneType", [CSSL_PYV_BYTES] = "bytes",
    };
    return names[v->kind];
}

/* Paths are at most "cert['crlDistributionPoints']" and five indexes, so
 * they fit; a cut one would still be a readable message. */
static void sub_path(char out[PATH_MAX_LEN], const char *path, size_t index)
{
    if (snprintf(out, PATH_MAX_LEN, "%s[%zu]", path, index) >= PATH_MAX_LEN) {
        out[PATH_MAX_LEN - 1] = '\0';
    }
}

static cssl_err expect(const cssl__pyval *v, cssl__pyval_kind kind, const char *path)
{
    CSSL_ENSURE(v->kind == kind, CSSL_E_VALUE, "%s must be a %s, not %s", path,
                kind == CSSL_PYV_TUPLE ? "list" : "str", type_name(v));
    return CSSL_OK;
}

static cssl_err get_str(const cssl__pyval *v, const char *path, cssl_str *out)
{
    CSSL_GUARD(expect(v, CSSL_PYV_STR, path));
    *out = v->str;
    return CSSL_OK;
}

/* An array of count elements in the certificate's arena.  count is
 * bounded by the length of the JSON text, but check the product anyway. */
static void *new_array(cssl__arena *a, size_t count, size_t size)
{
    if (count > SIZE_MAX / size) {
        (void)cssl__raise_nomem();
        return NULL;
    }
    return cssl__arena_alloc(a, count * size);
}

/* A list of exactly two items, the first a str: (name, value), (type,
 * value). */
static cssl_err get_pair(const cssl__pyval *v, const char *path, const char *what, cssl_str *first)
{
    CSSL_GUARD(expect(v, CSSL_PYV_TUPLE, path));
    CSSL_ENSURE(v->count == 2, CSSL_E_VALUE, "%s must be a %s pair, not a list of %zu", path, what,
                v->count);
    char sub[PATH_MAX_LEN];
    sub_path(sub, path, 0);
    return get_str(v->first, sub, first);
}

/* A name value is a str, or null: Python's None for an empty BIT STRING
 * (JSON has no bytes, so json.dumps() of a dict holding bytes fails). */
static cssl_err get_attr_value(const cssl__pyval *v, const char *path, cssl_name_attr *out)
{
    if (v->kind == CSSL_PYV_NULL) {
        out->value = (cssl_str){"", 0};
        out->value_is_none = true;
        return CSSL_OK;
    }
    return get_str(v, path, &out->value);
}

/* Every list of the dict is read the same way: check that it is a list,
 * make an array of its length in the certificate's arena, and read each
 * item into its element with the item's own path ("...[i]"). */
typedef cssl_err (*item_reader)(cssl__arena *a, const cssl__pyval *item, const char *path,
                                void *out);

static cssl_err get_list(cssl__arena *a, const cssl__pyval *v, const char *path, size_t size,
                         item_reader read, void **out)
{
    CSSL_GUARD(expect(v, CSSL_PYV_TUPLE, path));
    unsigned char *items = new_array(a, v->count, size);
    CSSL_GUARD_PTR(items);
    size_t i = 0;
    for (const cssl__pyval *item = v->first; item != NULL; item = item->next, i++) {
        char sub[PATH_MAX_LEN];
        sub_path(sub, path, i);
        CSSL_GUARD(read(a, item, sub, items + i * size));
    }
    *out = items;
    return CSSL_OK;
}

/* [name, value] */
static cssl_err read_attr(cssl__arena *a, const cssl__pyval *v, const char *path, void *out)
{
    (void)a;
    cssl_name_attr *attr = out;
    CSSL_GUARD(get_pair(v, path, "[name, value]", &attr->name));
    char value_path[PATH_MAX_LEN];
    sub_path(value_path, path, 1);
    return get_attr_value(v->last, value_path, attr);
}

static cssl_err read_rdn(cssl__arena *a, const cssl__pyval *v, const char *path, void *out)
{
    void *attrs;
    CSSL_GUARD(get_list(a, v, path, sizeof(cssl_name_attr), read_attr, &attrs));
    *(cssl_rdn *)out = (cssl_rdn){attrs, v->count};
    return CSSL_OK;
}

/* subject, issuer and DirName values: a list of RDNs, each a list of
 * [name, value] pairs. */
static cssl_err get_name(cssl__arena *a, const cssl__pyval *v, const char *path, cssl_name *out)
{
    void *rdns;
    CSSL_GUARD(get_list(a, v, path, sizeof(cssl_rdn), read_rdn, &rdns));
    *out = (cssl_name){rdns, v->count};
    return CSSL_OK;
}

/* [type, value]; a DirName's value is a name, every other a str. */
static cssl_err read_general_name(cssl__arena *a, const cssl__pyval *v, const char *path, void *out)
{
    cssl_general_name *gn = out;
    CSSL_GUARD(get_pair(v, path, "[type, value]", &gn->type));
    char value_path[PATH_MAX_LEN];
    sub_path(value_path, path, 1);
    gn->value = (cssl_str){"", 0};
    if (cssl__san_is_dirname(gn->type)) {
        return get_name(a, v->last, value_path, &gn->dirname);
    }
    return get_str(v->last, value_path, &gn->value);
}

static cssl_err get_san(cssl__arena *a, const cssl__pyval *v, const char *path,
                        cssl_general_names *out)
{
    void *items;
    CSSL_GUARD(get_list(a, v, path, sizeof(cssl_general_name), read_general_name, &items));
    *out = (cssl_general_names){items, v->count};
    return CSSL_OK;
}

static cssl_err read_str(cssl__arena *a, const cssl__pyval *v, const char *path, void *out)
{
    (void)a;
    return get_str(v, path, out);
}

/* OCSP, caIssuers, crlDistributionPoints: lists of str. */
static cssl_err get_str_list(cssl__arena *a, const cssl__pyval *v, const char *path,
                             cssl_str_list *out)
{
    void *items;
    CSSL_GUARD(get_list(a, v, path, sizeof(cssl_str), read_str, &items));
    *out = (cssl_str_list){items, v->count};
    return CSSL_OK;
}

/* 'version' is an int (bool, which json.loads() makes of true, is one in
 * Python, but no certificate has it). */
static cssl_err get_version(const cssl__pyval *v, const char *path, long *out)
{
    CSSL_ENSURE(v->kind == CSSL_PYV_INT, CSSL_E_VALUE, "%s must be an int, not %s", path,
                type_name(v));
    CSSL_ENSURE(!v->overflow, CSSL_E_VALUE, "%s is out of range", path);
    *out = v->num;
    return CSSL_OK;
}

static cssl_err get_field(cssl__arena *a, const cssl__pyval *v, unsigned bit, const char *path,
                          cssl_cert_info *c)
{
    switch (bit) {
    case CSSL_CERT_SUBJECT:
        return get_name(a, v, path, &c->subject);
    case CSSL_CERT_ISSUER:
        return get_name(a, v, path, &c->issuer);
    case CSSL_CERT_VERSION:
        return get_version(v, path, &c->version);
    case CSSL_CERT_SERIAL_NUMBER:
        return get_str(v, path, &c->serial_number);
    case CSSL_CERT_NOT_BEFORE:
        return get_str(v, path, &c->not_before);
    case CSSL_CERT_NOT_AFTER:
        return get_str(v, path, &c->not_after);
    case CSSL_CERT_SUBJECT_ALT_NAME:
        return get_san(a, v, path, &c->subject_alt_name);
    case CSSL_CERT_OCSP:
        return get_str_list(a, v, path, &c->ocsp);
    case CSSL_CERT_CA_ISSUERS:
        return get_str_list(a, v, path, &c->ca_issuers);
    default:
        return get_str_list(a, v, path, &c->crl_distribution_points);
    }
}

static const cssl__cert_key *find_key(cssl_str key)
{
    for (size_t i = 0; i < cssl__cert_key_count; i++) {
        const char *name = cssl__cert_keys[i].name;
        if (key.len == strlen(name) && memcmp(key.data, name, key.len) == 0) {
            return &cssl__cert_keys[i];
        }
    }
    return NULL;
}

static cssl_err unknown_key(cssl_str key)
{
    cssl__buf b = {0};
    cssl__pyrepr_str(&b, key.data, key.len);
    char *text = cssl__buf_finish(&b);
    CSSL_GUARD_PTR(text);
    cssl_err rc = cssl__raise(CSSL_E_VALUE, "unknown cert key %s", text);
    cssl_free(text);
    return rc;
}

static cssl_err tree_to_cert(cssl__arena *a, const cssl__pyval *root, cssl_cert_info *c)
{
    CSSL_ENSURE(root->kind == CSSL_PYV_DICT, CSSL_E_VALUE, "cert must be a dict, not %s",
                type_name(root));
    for (const cssl__pyval *m = root->first; m != NULL; m = m->next) {
        const cssl__cert_key *key = find_key(m->key);
        if (key == NULL) {
            return unknown_key(m->key);
        }
        char path[PATH_MAX_LEN];
        snprintf(path, sizeof(path), "cert['%s']", key->name);
        CSSL_GUARD(get_field(a, m, key->bit, path, c));
        c->fields |= key->bit;
    }
    return CSSL_OK;
}

CSSL_API cssl_cert_info *cssl_cert_info_from_json(const char *json, size_t len)
{
    cssl__clear_error();
    CSSL_ENSURE_ARG_NULL(json);
    cssl_cert_info *cert = NULL;
    cssl__arena *owner = cssl__arena_new();
    cssl__arena *nodes = cssl__arena_new();
    if (owner == NULL || nodes == NULL) {
        goto out;
    }
    cssl__pyval *root = cssl__json_parse(nodes, owner, json, len);
    cert = root != NULL ? cssl__arena_alloc(owner, sizeof(*cert)) : NULL;
    if (cert == NULL || tree_to_cert(owner, root, cert) < 0) {
        cert = NULL;
        goto out;
    }
    cert->owner = owner; /* cssl_cert_info_free() frees the arena, cert included */
    owner = NULL;
out:
    cssl__arena_free(nodes);
    cssl__arena_free(owner);
    return cert;
}
