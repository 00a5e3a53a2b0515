/*
 * truststore.c - ssl.enum_certificates() and ssl.enum_crls().
 *
 * Python has them on Windows only, where they list a system certificate
 * store ("CA", "ROOT", "MY") as (bytes, encoding, trust) tuples for
 * certificates and (bytes, encoding) for CRLs; the encoding is the store's
 * dwCertEncodingType, "x509_asn" in practice for both (Lib/test/test_ssl.py
 * accepts only "x509_asn" and "pkcs_7_asn" for either).
 *
 * cssl maps "ROOT" to what OpenSSL trusts by default: the PEM objects of
 * cssl_get_default_verify_paths()'s cafile, then those of every regular file
 * of its capath (sorted by name, so the order is stable), each listed once.
 * A file OpenSSL cannot read or parse is skipped, as
 * SSL_CTX_set_default_verify_paths() (Python's set_default_verify_paths(),
 * "no error reporting") skips it.  "CA" and "MY" are empty.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "internal.h"

/* What a listing collects from each PEM object. */
typedef enum store_kind { STORE_CERTS, STORE_CRLS } store_kind;

/* Windows' X509_ASN_ENCODING, as _ssl.c's certEncodingType() names it. */
static const char x509_asn[] = "x509_asn";

/* A listing: the shared list builder plus what this file collects. */
typedef struct store_list {
    cssl__der_list *list;
    store_kind kind;
} store_list;

/* Append der (taken over) unless the same bytes are already listed: a
 * capath usually holds the cafile's certificates again (and each of them
 * under two names).  Roots are trusted for every purpose. */
static CSSL_WUR cssl_err list_add(store_list *l, unsigned char *der, size_t len)
{
    if (cssl__der_list_has(l->list, der, len)) {
        cssl_free(der);
        return CSSL_OK;
    }
    return cssl__der_list_add(l->list, der, len, x509_asn, l->kind == STORE_CERTS);
}

/* The DER of the object of the wanted kind in info, or 0 bytes if it holds
 * none (a key, or a certificate while listing CRLs). */
static int info_der(const X509_INFO *info, store_kind kind, unsigned char **der)
{
    if (kind == STORE_CERTS) {
        return info->x509 != NULL ? i2d_X509(info->x509, der) : 0;
    }
    return info->crl != NULL ? i2d_X509_CRL(info->crl, der) : 0;
}

static CSSL_WUR cssl_err add_infos(store_list *l, STACK_OF(X509_INFO) * infos)
{
    for (int i = 0; i < sk_X509_INFO_num(infos); i++) {
        unsigned char *der = NULL;
        int len = info_der(sk_X509_INFO_value(infos, i), l->kind, &der);
        if (len < 0) {
            return cssl__raise_nomem();
        }
        if (len > 0) {
            CSSL_GUARD(list_add(l, der, (size_t)len));
        }
    }
    return CSSL_OK;
}

/* Never prompt for a pass phrase: encrypted keys are not listed anyway. */
static int no_password(char *buf, int size, int rwflag, void *u)
{
    (void)buf, (void)size, (void)rwflag, (void)u;
    return 0;
}

/* Every certificate (or CRL) of one PEM file, as X509_load_cert_crl_file()
 * reads it; a file that does not open or parse contributes nothing (but
 * running out of memory is an error, not a shorter list). */
static CSSL_WUR cssl_err add_file(store_list *l, const char *path)
{
    BIO *bio = BIO_new_file(path, "rb");
    bool opened = bio != NULL;
    STACK_OF(X509_INFO) *infos = NULL;
    if (opened) {
        infos = PEM_X509_INFO_read_bio(bio, NULL, no_password, NULL);
        BIO_free(bio);
    }
    /* A file that does not parse leaves OpenSSL's reason in the queue; the
     * allocation failures PEM_X509_INFO_read_bio() meets while reading
     * (OpenSSL 3.0) can leave nothing there at all. */
    bool unexplained = opened && infos == NULL && ERR_peek_error() == 0;
    if (cssl__ossl_malloc_failed() || unexplained) {
        sk_X509_INFO_pop_free(infos, X509_INFO_free);
        return cssl__raise_nomem();
    }
    if (infos == NULL) {
        return CSSL_OK;
    }
    cssl_err rc = add_infos(l, infos);
    sk_X509_INFO_pop_free(infos, X509_INFO_free);
    return rc;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void free_names(char **names, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        cssl_free(names[i]);
    }
    cssl_free(names);
}

/* The entry names of dir except "." and "..", sorted (readdir() order
 * changes from one file system to the next).  Free with free_names(). */
static CSSL_WUR cssl_err read_names(DIR *dir, char ***names_out, size_t *count)
{
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(dir)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) {
            continue;
        }
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **bigger = cssl__realloc(names, cap * sizeof(*names));
            if (bigger == NULL) {
                free_names(names, n);
                return CSSL_E_NOMEM;
            }
            names = bigger;
        }
        if ((names[n] = cssl__strdup(e->d_name)) == NULL) {
            free_names(names, n);
            return CSSL_E_NOMEM;
        }
        n++;
    }
    if (n > 0) {
        qsort(names, n, sizeof(*names), compare_names);
    }
    *names_out = names;
    *count = n;
    return CSSL_OK;
}

/* Each regular file of dir (symbolic links followed, as the c_rehash links
 * of a hashed directory are), in name order. */
static CSSL_WUR cssl_err add_dir(store_list *l, const char *dir_path)
{
    DIR *dir = opendir(dir_path);
    if (dir == NULL) {
        return CSSL_OK; /* gone since get_default_verify_paths() looked */
    }
    char **names = NULL;
    size_t count = 0;
    cssl_err rc = read_names(dir, &names, &count);
    closedir(dir);
    CSSL_GUARD(rc);
    cssl__buf path = {0};
    for (size_t i = 0; i < count && rc >= 0; i++) {
        cssl__buf_printf(&path, "%s/%s", dir_path, names[i]);
        struct stat st;
        if (path.failed) {
            rc = cssl__raise_nomem();
        } else if (stat(path.data, &st) == 0 && S_ISREG(st.st_mode)) {
            rc = add_file(l, path.data);
        }
        path.len = 0;
    }
    cssl__buf_reset(&path);
    free_names(names, count);
    return rc;
}

/* "ROOT": the default verify paths' cafile, then capath. */
static CSSL_WUR cssl_err add_default_paths(store_list *l)
{
    cssl_default_verify_paths *paths = cssl_get_default_verify_paths();
    CSSL_GUARD_PTR(paths);
    cssl_err rc = CSSL_OK;
    if (paths->cafile != NULL) {
        rc = add_file(l, paths->cafile);
    }
    if (rc >= 0 && paths->capath != NULL) {
        rc = add_dir(l, paths->capath);
    }
    cssl_default_verify_paths_free(paths);
    return rc;
}

/* Windows' system store names compare without regard to case. */
static bool is_store(const char *name, const char *want)
{
    return strcasecmp(name, want) == 0;
}

static cssl_store_list *enum_store(const char *store_name, store_kind kind)
{
    CSSL_ENSURE_ARG_NULL(store_name);
    bool root = is_store(store_name, "ROOT");
    if (!root && !is_store(store_name, "CA") && !is_store(store_name, "MY")) {
        cssl__buf b = {0};
        cssl__pyrepr_str(&b, store_name, strlen(store_name));
        char *shown = cssl__buf_finish(&b);
        CSSL_ENSURE_NULL(shown != NULL, CSSL_E_NOMEM, "%s", "");
        (void)cssl__raise(CSSL_E_VALUE,
                          "unknown certificate store %s: expected 'ROOT', 'CA' or 'MY'", shown);
        cssl_free(shown);
        return NULL;
    }
    store_list l = {.list = cssl__der_list_new(), .kind = kind};
    if (l.list == NULL) {
        return NULL;
    }
    if (root && add_default_paths(&l) < 0) {
        cssl__der_list_free(l.list);
        return NULL;
    }
    return cssl__der_list_finish(l.list);
}

CSSL_API cssl_store_list *cssl_enum_certificates(const char *store_name)
{
    cssl__clear_error();
    return enum_store(store_name, STORE_CERTS);
}

CSSL_API cssl_store_list *cssl_enum_crls(const char *store_name)
{
    cssl__clear_error();
    return enum_store(store_name, STORE_CRLS);
}
