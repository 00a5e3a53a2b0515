/*
 * cert_decode.h - what the certificate decoder's files share (private to
 * cert_decode.c, cert_decode_ext.c and utf8_strict.c).
 *
 * The decoder mirrors CPython's _decode_certificate() (Modules/_ssl.c):
 * every rendering OpenSSL produces is read back the way CPython reads it
 * (BIO_gets() into a 2048-byte buffer), and every string becomes a Python
 * str through a strict UTF-8 decode, so the same bytes give the same text
 * or the same UnicodeDecodeError.
 */
#ifndef CSSL_CERT_DECODE_H
#define CSSL_CERT_DECODE_H

#include <openssl/bio.h>
#include <openssl/x509.h>

#include "internal.h"

/* CPython's `char buf[2048]` for BIO renderings. */
#define CSSL__CERT_BUF 2048

typedef struct cssl__decoder {
    cssl__arena *arena; /* owns every string of the cssl_cert_info */
    BIO *bio;           /* scratch memory BIO for OpenSSL's print functions */
} cssl__decoder;

/* Python's bytes.decode('utf-8') in strict mode: 0 when s[0..len) is valid
 * UTF-8, else CSSL_E_VALUE with UnicodeDecodeError's str(), e.g.
 * "'utf-8' codec can't decode byte 0xff in position 3: invalid start byte". */
cssl_err cssl__utf8_strict_check(const char *s, size_t len) CSSL_WUR;

/* PyUnicode_FromStringAndSize(s, len): check the bytes as UTF-8 and copy
 * them (NULs included) into the decoder's arena. */
cssl_err cssl__dec_str(cssl__decoder *d, cssl_str *out, const char *s, size_t len) CSSL_WUR;

/* CPython's BIO_gets(biobuf, buf, sizeof(buf) - 1): one line (newline
 * kept) of what was printed into d->bio, at most 2046 bytes; the BIO is
 * reset afterwards.  Returns the length, or an SSLError from the queue. */
int cssl__dec_bio_line(cssl__decoder *d, char buf[CSSL__CERT_BUF]) CSSL_WUR;

/* _create_tuple_for_X509_NAME(): RDNs grouped by X509_NAME_ENTRY_set(). */
cssl_err cssl__dec_name(cssl__decoder *d, const X509_NAME *xname, cssl_name *out) CSSL_WUR;

/* _get_peer_alt_names(), _get_aia_uri() and _get_crl_dp(): fill the
 * extension keys of *info and set their `fields` bits when Python would
 * add the key. */
cssl_err cssl__dec_subject_alt_name(cssl__decoder *d, X509 *x, cssl_cert_info *info) CSSL_WUR;
cssl_err cssl__dec_aia(cssl__decoder *d, X509 *x, cssl_cert_info *info) CSSL_WUR;
cssl_err cssl__dec_crl_dp(cssl__decoder *d, X509 *x, cssl_cert_info *info) CSSL_WUR;

#endif
