/*
 * pyval.c - the Python value tree behind cert dicts: construction, repr()
 * and json.dumps().  pprint.pformat() is in pprint.c.
 */
#include <stdio.h>
#include <string.h>

#include "pyval.h"

cssl__pyval *cssl__pyval_new(cssl__arena *a, cssl__pyval_kind kind)
{
    cssl__pyval *v = cssl__arena_alloc(a, sizeof(*v));
    if (v != NULL) {
        v->kind = kind;
        v->str.data = "";
    }
    return v;
}

void cssl__pyval_append(cssl__pyval *parent, cssl__pyval *item)
{
    item->next = NULL;
    if (parent->last != NULL) {
        parent->last->next = item;
    } else {
        parent->first = item;
    }
    parent->last = item;
    parent->count++;
    parent->repr_len = 0;
}

/* ---- repr() and json.dumps() ------------------------------------------------ */

/* What tells repr() and json.dumps() of a container apart: tuple_repr()
 * writes (a, b) and ('x',), json.dumps() [a, b] and ["x"]; both write
 * dicts as {key: value} with ", " and ": " (json.dumps()'s default
 * separators). */
typedef struct container_style {
    const char *open_tuple;
    const char *close_tuple;
    const char *close_one_tuple;
    void (*key)(cssl__buf *out, const char *s, size_t len);
    cssl_err (*item)(cssl__buf *out, const cssl__pyval *v);
} container_style;

static cssl_err put_container(cssl__buf *out, const cssl__pyval *v, const container_style *st)
{
    bool dict = v->kind == CSSL_PYV_DICT;
    cssl__buf_puts(out, dict ? "{" : st->open_tuple);
    for (const cssl__pyval *item = v->first; item != NULL; item = item->next) {
        if (dict) {
            st->key(out, item->key.data, item->key.len);
            cssl__buf_puts(out, ": ");
        }
        CSSL_GUARD(st->item(out, item));
        if (item->next != NULL) {
            cssl__buf_puts(out, ", ");
        }
    }
    cssl__buf_puts(out, dict ? "}" : v->count == 1 ? st->close_one_tuple : st->close_tuple);
    return CSSL_OK;
}

static cssl_err repr_of(cssl__buf *out, const cssl__pyval *v);

static const container_style repr_style = {"(", ")", ",)", cssl__pyrepr_str, repr_of};

static cssl_err repr_of(cssl__buf *out, const cssl__pyval *v)
{
    switch (v->kind) {
    case CSSL_PYV_STR:
        cssl__pyrepr_str(out, v->str.data, v->str.len);
        return CSSL_OK;
    case CSSL_PYV_BYTES:
        cssl__pyrepr_bytes(out, v->str.data, v->str.len);
        return CSSL_OK;
    case CSSL_PYV_INT:
        cssl__buf_printf(out, "%ld", v->num);
        return CSSL_OK;
    case CSSL_PYV_TUPLE:
    case CSSL_PYV_DICT:
        return put_container(out, v, &repr_style);
    default:
        /* None (an empty BIT STRING name value); a certificate dict never
         * holds floats or bools. */
        cssl__buf_puts(out, "None");
        return CSSL_OK;
    }
}

void cssl__pyval_repr(cssl__buf *out, cssl__pyval *v)
{
    (void)repr_of(out, v); /* repr() cannot fail */
}

static const container_style json_style = {"[", "]", "]", cssl__json_str, cssl__pyval_json};

/* json.dumps(): tuples are written as arrays; bytes have no JSON form
 * (the C encoder's TypeError from its default()). */
cssl_err cssl__pyval_json(cssl__buf *out, const cssl__pyval *v)
{
    switch (v->kind) {
    case CSSL_PYV_STR:
        cssl__json_str(out, v->str.data, v->str.len);
        return CSSL_OK;
    case CSSL_PYV_BYTES:
        return cssl__raise(CSSL_E_TYPE, "Object of type bytes is not JSON serializable");
    case CSSL_PYV_INT:
        cssl__buf_printf(out, "%ld", v->num);
        return CSSL_OK;
    case CSSL_PYV_TUPLE:
    case CSSL_PYV_DICT:
        return put_container(out, v, &json_style);
    default:
        cssl__buf_puts(out, "null");
        return CSSL_OK;
    }
}

/* ---- len(repr()) ------------------------------------------------------------- */

static size_t int_len(long n)
{
    char tmp[32];
    int len = snprintf(tmp, sizeof(tmp), "%ld", n);
    return len > 0 ? (size_t)len : 0;
}

static size_t container_repr_len(cssl__pyval *v)
{
    size_t len = 2 + (v->kind == CSSL_PYV_TUPLE && v->count == 1);
    for (cssl__pyval *item = v->first; item != NULL; item = item->next) {
        if (v->kind == CSSL_PYV_DICT) {
            len += cssl__pyrepr_str_len(item->key.data, item->key.len) + 2;
        }
        len += cssl__pyval_repr_len(item) + (item->next != NULL ? 2 : 0);
    }
    return len;
}

size_t cssl__pyval_repr_len(cssl__pyval *v)
{
    if (v->repr_len != 0) {
        return v->repr_len;
    }
    switch (v->kind) {
    case CSSL_PYV_STR:
        v->repr_len = cssl__pyrepr_str_len(v->str.data, v->str.len);
        break;
    case CSSL_PYV_BYTES:
        v->repr_len = cssl__pyrepr_bytes_len(v->str.data, v->str.len);
        break;
    case CSSL_PYV_INT:
        v->repr_len = int_len(v->num);
        break;
    case CSSL_PYV_TUPLE:
    case CSSL_PYV_DICT:
        v->repr_len = container_repr_len(v);
        break;
    default:
        v->repr_len = 4; /* "None", as cssl__pyval_repr() writes it */
        break;
    }
    return v->repr_len;
}
