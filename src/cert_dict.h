/*
 * cert_dict.h - the keys of the getpeercert() dict, shared by the code that
 * renders a cssl_cert_info (cert_render.c) and the code that reads one back
 * from JSON (cert_json.c).
 */
#ifndef CSSL_CERT_DICT_H
#define CSSL_CERT_DICT_H

#include "internal.h"

typedef struct cssl__cert_key {
    unsigned bit;     /* CSSL_CERT_* */
    const char *name; /* the dict key, as Python spells it */
} cssl__cert_key;

/* In the order _decode_certificate() in Modules/_ssl.c inserts them, which
 * is the order repr() and json.dumps() show. */
extern const cssl__cert_key cssl__cert_keys[];
extern const size_t cssl__cert_key_count;

/* The subjectAltName type whose value is a name, not a string. */
#define CSSL__SAN_DIRNAME "DirName"

/* True when a subjectAltName type is CSSL__SAN_DIRNAME. */
bool cssl__san_is_dirname(cssl_str type);

#endif
