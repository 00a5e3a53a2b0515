/*
 * pyval.h - a tiny model of the Python values a getpeercert() dict is made
 * of (str, int, tuple, dict), and their renderings: repr(), json.dumps()
 * and pprint.pformat().  The certificate code converts a cssl_cert_info to
 * and from this tree (cert_render.c, cert_json.c); the renderers know
 * nothing about certificates.
 */
#ifndef CSSL_PYVAL_H
#define CSSL_PYVAL_H

#include "internal.h"

typedef enum cssl__pyval_kind {
    CSSL_PYV_STR,   /* str: `str` holds its UTF-8 bytes */
    CSSL_PYV_INT,   /* int: `num` */
    CSSL_PYV_TUPLE, /* tuple (a JSON array): `first` .. `next` */
    CSSL_PYV_DICT,  /* dict (a JSON object): members carry `key` */
    CSSL_PYV_BYTES, /* bytes: `str` holds the raw bytes (no JSON form) */
    CSSL_PYV_FLOAT, /* JSON values a certificate dict never holds: parsed */
    CSSL_PYV_BOOL,  /*   only so that the shape check can name them */
    CSSL_PYV_NULL   /* None: a certificate dict has it only as the value of an
                       empty BIT STRING name attribute */
} cssl__pyval_kind;

typedef struct cssl__pyval cssl__pyval;
struct cssl__pyval {
    cssl__pyval_kind kind;
    cssl_str str;       /* CSSL_PYV_STR, CSSL_PYV_BYTES */
    long num;           /* CSSL_PYV_INT; CSSL_PYV_BOOL: 0 or 1 */
    bool overflow;      /* CSSL_PYV_INT: the JSON integer does not fit a long */
    cssl_str key;       /* the key, when this value is a dict member */
    cssl__pyval *first; /* tuple items / dict members, in order */
    cssl__pyval *last;
    cssl__pyval *next; /* next sibling */
    size_t count;      /* number of items / members */
    size_t repr_len;   /* len(repr(value)) in characters, 0 until measured */
};

/* A new value in arena a (NULL and MemoryError on failure). */
cssl__pyval *cssl__pyval_new(cssl__arena *a, cssl__pyval_kind kind) CSSL_WUR;
/* Append item to a tuple or dict (set item->key first for a dict). */
void cssl__pyval_append(cssl__pyval *parent, cssl__pyval *item);

/* Append repr(v), json.dumps(v) (default separators, ensure_ascii) and
 * pprint.pformat(v) (Python 3.13: width 80, indent 1, sort_dicts) to out.
 * pformat sorts dict members in place.  json.dumps() of a tree holding
 * bytes is CSSL_E_TYPE with Python's TypeError message (out is then
 * incomplete). */
void cssl__pyval_repr(cssl__buf *out, cssl__pyval *v);
cssl_err cssl__pyval_json(cssl__buf *out, const cssl__pyval *v) CSSL_WUR;
void cssl__pyval_pformat(cssl__buf *out, cssl__pyval *v);

/* json.loads(): parse len bytes of UTF-8 JSON text into a tree whose nodes
 * live in `nodes` and whose strings (NUL-terminated) live in `strings`.
 * Syntax errors are CSSL_E_VALUE with JSONDecodeError's message; text that
 * is not UTF-8, nesting deeper than 32 and lone surrogates are refused. */
cssl__pyval *cssl__json_parse(cssl__arena *nodes, cssl__arena *strings, const char *json,
                              size_t len) CSSL_WUR;

/* len(repr(v)) in characters (cached in v->repr_len). */
size_t cssl__pyval_repr_len(cssl__pyval *v);

/* ---- pyrepr.c: string measurement for pprint ------------------------- */

/* Accumulates len(repr(text)) while text is appended piece by piece. */
typedef struct cssl__repr_meter {
    size_t body;    /* characters of the escaped text, quotes counted once */
    size_t singles; /* single quotes seen */
    size_t doubles; /* double quotes seen */
    size_t prefix;  /* 1 for bytes (the b of b'...'), else 0 */
} cssl__repr_meter;

/* Add str text (UTF-8) / raw bytes to a meter; one meter measures one kind. */
void cssl__repr_meter_add(cssl__repr_meter *m, const char *s, size_t len);
void cssl__repr_meter_add_bytes(cssl__repr_meter *m, const char *s, size_t len);
size_t cssl__repr_meter_len(const cssl__repr_meter *m);
/* len(repr(s)) in characters, s a str (UTF-8) / bytes. */
size_t cssl__pyrepr_str_len(const char *s, size_t len);
size_t cssl__pyrepr_bytes_len(const char *s, size_t len);

#endif
