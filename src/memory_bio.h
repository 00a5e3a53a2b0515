/*
 * memory_bio.h - what object.c needs to know of a cssl_memory_bio.
 */
#ifndef CSSL_MEMORY_BIO_H
#define CSSL_MEMORY_BIO_H

#include <openssl/bio.h>

#include "internal.h"

/* The OpenSSL BIO behind m, with one more reference for the caller (who
 * hands it to SSL_set_bio()). */
BIO *cssl__memory_bio_ref(cssl_memory_bio *m) CSSL_WUR;

#endif
