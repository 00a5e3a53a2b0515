/*
 * memory_bio.c - cssl_memory_bio: Python's ssl.MemoryBIO, an in-memory byte
 * queue that a cssl_object reads TLS records from (incoming) and writes
 * them to (outgoing).
 *
 * It behaves as the BIO_s_mem() Python uses, with the end-of-file return
 * set to -1 until write_eof() (an empty BIO asks to retry: "want read";
 * after write_eof() it reads as the end of the stream), but it is a BIO of
 * its own for one reason: memory.  BIO_s_mem() keeps the largest buffer it
 * ever needed for the life of the connection; this one frees its storage
 * whenever it has been drained, so an idle connection holds no buffer at
 * all in either BIO.
 */
#include <limits.h>
#include <pthread.h>
#include <string.h>

#include <openssl/err.h>

#include "memory_bio.h"

struct cssl_memory_bio {
    BIO *bio;            /* the BIO this is the state of (no reference) */
    unsigned char *data; /* NULL while empty */
    size_t start;        /* first unread byte */
    size_t end;          /* one past the last byte */
    size_t cap;
    bool eof_written; /* Python's eof_written */
};

static size_t pending(const cssl_memory_bio *m)
{
    return m->end - m->start;
}

/* The storage goes as soon as everything has been read. */
static void consume(cssl_memory_bio *m, size_t n)
{
    m->start += n;
    if (m->start == m->end) {
        OPENSSL_free(m->data);
        *m = (cssl_memory_bio){.bio = m->bio, .eof_written = m->eof_written};
    }
}

/* Room for n more bytes: move the unread bytes to the front, or grow
 * geometrically (at least one TLS record's worth to start with). */
static bool reserve(cssl_memory_bio *m, size_t n)
{
    size_t used = pending(m);
    if (n > SIZE_MAX / 2 - used) {
        return false;
    }
    if (m->cap - m->end >= n) {
        return true;
    }
    if (m->cap - used >= n && used <= m->cap / 2) {
        memmove(m->data, m->data + m->start, used);
    } else {
        size_t cap = m->cap ? m->cap : 1024;
        while (cap < used + n) {
            cap *= 2;
        }
        unsigned char *data = OPENSSL_malloc(cap);
        if (data == NULL) {
            return false;
        }
        if (used > 0) {
            memcpy(data, m->data + m->start, used);
        }
        OPENSSL_free(m->data);
        m->data = data;
        m->cap = cap;
    }
    m->start = 0;
    m->end = used;
    return true;
}

static bool append(cssl_memory_bio *m, const void *buf, size_t len)
{
    if (len == 0) {
        return true;
    }
    if (!reserve(m, len)) {
        return false;
    }
    memcpy(m->data + m->end, buf, len);
    m->end += len;
    return true;
}

static size_t take(cssl_memory_bio *m, void *buf, size_t size)
{
    size_t n = pending(m) < size ? pending(m) : size;
    if (n > 0) {
        memcpy(buf, m->data + m->start, n);
        consume(m, n);
    }
    return n;
}

/* ---- the BIO method ----------------------------------------------------- */

static int bio_write(BIO *bio, const char *buf, size_t len, size_t *written)
{
    BIO_clear_retry_flags(bio);
    if (!append(BIO_get_data(bio), buf, len)) {
        ERR_raise(ERR_LIB_BIO, ERR_R_MALLOC_FAILURE);
        return 0;
    }
    *written = len;
    return 1;
}

/* An empty BIO asks to be retried until write_eof(), then reads as EOF:
 * BIO_s_mem() with BIO_set_mem_eof_return(bio, -1), as _ssl.c sets it. */
static int bio_read(BIO *bio, char *buf, size_t size, size_t *readbytes)
{
    cssl_memory_bio *m = BIO_get_data(bio);
    BIO_clear_retry_flags(bio);
    *readbytes = take(m, buf, size);
    if (*readbytes > 0) {
        return 1;
    }
    if (!m->eof_written && size > 0) {
        BIO_set_retry_read(bio);
    }
    return 0;
}

/* BIO_s_mem()'s answers: EOF whenever empty (OpenSSL only asks when a read
 * did not ask to be retried), pending bytes, flushing is a no-op. */
static long bio_ctrl(BIO *bio, int cmd, long num, void *ptr)
{
    cssl_memory_bio *m = BIO_get_data(bio);
    switch (cmd) {
    case BIO_CTRL_EOF:
        return pending(m) == 0;
    case BIO_CTRL_PENDING:
        return pending(m) < LONG_MAX ? (long)pending(m) : LONG_MAX;
    case BIO_CTRL_WPENDING:
        return 0;
    case BIO_CTRL_FLUSH:
    case BIO_CTRL_DUP:
        return 1;
    default:
        return 0;
    }
}

static int bio_create(BIO *bio)
{
    cssl_memory_bio *m = OPENSSL_zalloc(sizeof(*m));
    if (m == NULL) {
        return 0;
    }
    m->bio = bio;
    BIO_set_data(bio, m);
    BIO_set_init(bio, 1);
    return 1;
}

static int bio_destroy(BIO *bio)
{
    cssl_memory_bio *m = BIO_get_data(bio);
    if (m != NULL) {
        OPENSSL_free(m->data);
        OPENSSL_free(m);
    }
    BIO_set_data(bio, NULL);
    return 1;
}

static BIO_METHOD *method;
static pthread_once_t method_once = PTHREAD_ONCE_INIT;

/* Made once for the process and kept (reachable) until it exits. */
static void make_method(void)
{
    BIO_METHOD *m = BIO_meth_new(BIO_TYPE_SOURCE_SINK | BIO_get_new_index(), "cssl memory");
    if (m == NULL) {
        return;
    }
    if (!BIO_meth_set_write_ex(m, bio_write) || !BIO_meth_set_read_ex(m, bio_read) ||
        !BIO_meth_set_ctrl(m, bio_ctrl) || !BIO_meth_set_create(m, bio_create) ||
        !BIO_meth_set_destroy(m, bio_destroy)) {
        BIO_meth_free(m);
        return;
    }
    method = m;
}

BIO *cssl__memory_bio_ref(cssl_memory_bio *m)
{
    if (BIO_up_ref(m->bio) != 1) {
        (void)cssl__raise_nomem();
        return NULL;
    }
    return m->bio;
}

/* ---- the public API ------------------------------------------------------ */

CSSL_API cssl_memory_bio *cssl_memory_bio_new(void)
{
    cssl__clear_error();
    pthread_once(&method_once, make_method);
    BIO *bio = method != NULL ? BIO_new(method) : NULL;
    if (bio == NULL) {
        (void)cssl__raise_nomem();
        return NULL;
    }
    return BIO_get_data(bio);
}

CSSL_API void cssl_memory_bio_free(cssl_memory_bio *bio)
{
    if (bio != NULL) {
        BIO_free(bio->bio);
    }
}

/* _ssl_MemoryBIO_write_impl(): the error is an SSLError whose one argument
 * is the text (hence Python's tuple-looking str()). */
CSSL_API int cssl_memory_bio_write(cssl_memory_bio *bio, const void *buf, size_t len)
{
    cssl__clear_error();
    CSSL_ENSURE_ARG(bio);
    CSSL_ENSURE(buf != NULL || len == 0, CSSL_E_VALUE, "buf must not be NULL");
    CSSL_ENSURE(len <= INT_MAX, CSSL_E_VALUE, "string longer than %d bytes", INT_MAX);
    if (bio->eof_written) {
        return cssl__raise_args1(CSSL_E_SSL, "cannot write() after write_eof()");
    }
    if (!append(bio, buf, len)) {
        return cssl__raise_nomem();
    }
    return (int)len;
}

CSSL_API int cssl_memory_bio_read(cssl_memory_bio *bio, void *buf, size_t size)
{
    cssl__clear_error();
    CSSL_ENSURE_ARG(bio);
    CSSL_ENSURE(buf != NULL || size == 0, CSSL_E_VALUE, "buf must not be NULL");
    return (int)take(bio, buf, size < INT_MAX ? size : INT_MAX);
}

CSSL_API unsigned char *cssl_memory_bio_read_all(cssl_memory_bio *bio, size_t *len)
{
    cssl__clear_error();
    CSSL_ENSURE_ARG_NULL(len);
    *len = 0;
    CSSL_ENSURE_ARG_NULL(bio);
    unsigned char *out = cssl__malloc(pending(bio) > 0 ? pending(bio) : 1);
    if (out != NULL) {
        *len = take(bio, out, pending(bio));
    }
    return out;
}

CSSL_API size_t cssl_memory_bio_pending(const cssl_memory_bio *bio)
{
    cssl__clear_error();
    return bio != NULL ? pending(bio) : 0;
}

/* MemoryBIO.eof: "(BIO_ctrl_pending(bio) == 0) && eof_written". */
CSSL_API bool cssl_memory_bio_eof(const cssl_memory_bio *bio)
{
    cssl__clear_error();
    return bio != NULL && bio->eof_written && pending(bio) == 0;
}

CSSL_API cssl_err cssl_memory_bio_write_eof(cssl_memory_bio *bio)
{
    cssl__clear_error();
    CSSL_ENSURE_ARG(bio);
    bio->eof_written = true;
    return CSSL_OK;
}
