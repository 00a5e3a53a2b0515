/*
 * verify_paths.c - ssl.get_default_verify_paths().
 *
 * Python's version (Lib/ssl.py) is four lines over _ssl.get_default_verify_paths(),
 * which returns OpenSSL's four compiled-in values:
 *
 *     parts = _ssl.get_default_verify_paths()
 *     cafile = os.environ.get(parts[0], parts[1])
 *     capath = os.environ.get(parts[2], parts[3])
 *     return DefaultVerifyPaths(cafile if os.path.isfile(cafile) else None,
 *                               capath if os.path.isdir(capath) else None, *parts)
 *
 * cssl does the same, reading the environment at call time (Python reads
 * os.environ, its copy taken at start-up, which a C program has no
 * equivalent of).
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/x509.h>

#include "internal.h"

/* os.path.isfile() / os.path.isdir(): os.stat() follows symbolic links, and
 * any failure (missing, no permission, "") is simply "no". */
static bool path_is(const char *path, mode_t type)
{
    struct stat st;
    return path != NULL && stat(path, &st) == 0 && (st.st_mode & S_IFMT) == type;
}

/* os.environ.get(name, fallback): a variable set to "" still wins over the
 * fallback (and then fails the isfile/isdir test). */
static const char *env_or(const char *name, const char *fallback)
{
    const char *value = getenv(name);
    return value != NULL ? value : fallback;
}

static size_t size_of(const char *s)
{
    return s != NULL ? strlen(s) + 1 : 0;
}

/* Copy s (or NULL) to *cursor, advance it and return the copy. */
static const char *put(char **cursor, const char *s)
{
    if (s == NULL) {
        return NULL;
    }
    size_t n = strlen(s) + 1;
    char *copy = memcpy(*cursor, s, n);
    *cursor += n;
    return copy;
}

CSSL_API cssl_default_verify_paths *cssl_get_default_verify_paths(void)
{
    cssl__clear_error();
    const cssl_default_verify_paths parts = {
        .openssl_cafile_env = X509_get_default_cert_file_env(),
        .openssl_cafile = X509_get_default_cert_file(),
        .openssl_capath_env = X509_get_default_cert_dir_env(),
        .openssl_capath = X509_get_default_cert_dir(),
    };
    const char *cafile = env_or(parts.openssl_cafile_env, parts.openssl_cafile);
    const char *capath = env_or(parts.openssl_capath_env, parts.openssl_capath);
    cafile = path_is(cafile, S_IFREG) ? cafile : NULL;
    capath = path_is(capath, S_IFDIR) ? capath : NULL;

    /* One block: the struct, then its strings. */
    size_t total = sizeof(cssl_default_verify_paths) + size_of(cafile) + size_of(capath) +
                   size_of(parts.openssl_cafile_env) + size_of(parts.openssl_cafile) +
                   size_of(parts.openssl_capath_env) + size_of(parts.openssl_capath);
    cssl_default_verify_paths *out = cssl__malloc(total);
    if (out == NULL) {
        return NULL;
    }
    char *cursor = (char *)(out + 1);
    out->cafile = put(&cursor, cafile);
    out->capath = put(&cursor, capath);
    out->openssl_cafile_env = put(&cursor, parts.openssl_cafile_env);
    out->openssl_cafile = put(&cursor, parts.openssl_cafile);
    out->openssl_capath_env = put(&cursor, parts.openssl_capath_env);
    out->openssl_capath = put(&cursor, parts.openssl_capath);
    return out;
}

CSSL_API void cssl_default_verify_paths_free(cssl_default_verify_paths *paths)
{
    cssl_free(paths);
}
