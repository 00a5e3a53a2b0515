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

/* ---- repr() ------------------------------------------------------------ */

/* tuple_repr() and dict_repr() in Objects/: items joined by ", ", a
 * one-tuple with a trailing comma: ('x',). */
void cssl__pyval_repr(cssl__buf *out, cssl__pyval *v)
{
    switch (v->kind) {
    case CSSL_PYV_STR:
        cssl__pyrepr_str(out, v->str.data, v->str.len);
        return;
    case CSSL_PYV_INT:
        cssl__buf_printf(out, "%ld", v->num);
        return;
    case CSSL_PYV_TUPLE:
    case CSSL_PYV_DICT:
        break;
    default:
        /* A certificate dict never holds floats, bools or None. */
        cssl__buf_puts(out, "None");
        return;
    }
    bool dict = v->kind == CSSL_PYV_DICT;
    cssl__buf_putc(out, dict ? '{' : '(');
    for (cssl__pyval *item = v->first; item != NULL; item = item->next) {
        if (dict) {
            cssl__pyrepr_str(out, item->key.data, item->key.len);
            cssl__buf_puts(out, ": ");
        }
        cssl__pyval_repr(out, item);
        if (item->next != NULL) {
            cssl__buf_puts(out, ", ");
        }
    }
    cssl__buf_puts(out, dict ? "}" : v->count == 1 ? ",)" : ")");
}

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

/* ---- json.dumps() ------------------------------------------------------ */

/* json.dumps() with its default separators (', ' and ': '): tuples are
 * written as arrays. */
void cssl__pyval_json(cssl__buf *out, const cssl__pyval *v)
{
    switch (v->kind) {
    case CSSL_PYV_STR:
        cssl__json_str(out, v->str.data, v->str.len);
        return;
    case CSSL_PYV_INT:
        cssl__buf_printf(out, "%ld", v->num);
        return;
    case CSSL_PYV_TUPLE:
    case CSSL_PYV_DICT:
        break;
    default:
        cssl__buf_puts(out, "null");
        return;
    }
    bool dict = v->kind == CSSL_PYV_DICT;
    cssl__buf_putc(out, dict ? '{' : '[');
    for (const cssl__pyval *item = v->first; item != NULL; item = item->next) {
        if (dict) {
            cssl__json_str(out, item->key.data, item->key.len);
            cssl__buf_puts(out, ": ");
        }
        cssl__pyval_json(out, item);
        if (item->next != NULL) {
            cssl__buf_puts(out, ", ");
        }
    }
    cssl__buf_putc(out, dict ? '}' : ']');
}
