/*
 * der_list.c - cssl_store_list, the list of DER blobs handed to callers by
 * enum_certificates() / enum_crls(), get_ca_certs(binary_form=True) and the
 * certificate chains of a connection, and the one builder they share.
 */
#include <string.h>

#include <openssl/x509.h>

#include "tls_internal.h"

/* The storage behind a cssl_store_list: `pub.owner` points back to it. */
struct cssl__der_list {
    cssl_store_list pub;
    cssl_store_entry *items;
    size_t cap;
};

cssl__der_list *cssl__der_list_new(void)
{
    cssl__der_list *l = cssl__calloc(1, sizeof(*l));
    if (l != NULL) {
        l->pub.owner = l;
    }
    return l;
}

void cssl__der_list_free(cssl__der_list *l)
{
    if (l == NULL) {
        return;
    }
    for (size_t i = 0; i < l->pub.count; i++) {
        cssl_free((void *)l->items[i].data);
    }
    cssl_free(l->items);
    cssl_free(l);
}

CSSL_API void cssl_store_list_free(cssl_store_list *list)
{
    if (list != NULL) {
        cssl__der_list_free(list->owner);
    }
}

bool cssl__der_list_has(const cssl__der_list *l, const unsigned char *der, size_t len)
{
    for (size_t i = 0; i < l->pub.count; i++) {
        if (l->items[i].len == len && memcmp(l->items[i].data, der, len) == 0) {
            return true;
        }
    }
    return false;
}

cssl_err cssl__der_list_add(cssl__der_list *l, unsigned char *der, size_t len,
                            const char *encoding, bool trust_all)
{
    if (l->pub.count == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        cssl_store_entry *items = cssl__realloc(l->items, cap * sizeof(*items));
        if (items == NULL) {
            cssl_free(der);
            return CSSL_E_NOMEM;
        }
        l->items = items;
        l->pub.items = items;
        l->cap = cap;
    }
    l->items[l->pub.count++] = (cssl_store_entry){
        .data = der, .len = len, .encoding = encoding, .trust_all = trust_all};
    return CSSL_OK;
}

cssl_store_list *cssl__der_list_finish(cssl__der_list *l)
{
    return &l->pub;
}

/* Windows' X509_ASN_ENCODING, as enum_certificates() names it. */
static const char x509_asn[] = "x509_asn";

/* DER copies of certs, in order: get_ca_certs(True) and the chains. */
cssl_store_list *cssl__der_list_from_certs(STACK_OF(X509) *certs)
{
    cssl__der_list *l = cssl__der_list_new();
    for (int i = 0; l != NULL && i < sk_X509_num(certs); i++) {
        unsigned char *der = NULL;
        int len = i2d_X509(sk_X509_value(certs, i), &der);
        if (len <= 0 || cssl__der_list_add(l, der, (size_t)len, x509_asn, false) < 0) {
            if (len <= 0) {
                (void)cssl__raise_ossl(CSSL_E_SSL, NULL);
            }
            cssl__der_list_free(l);
            return NULL;
        }
    }
    return l ? cssl__der_list_finish(l) : NULL;
}
