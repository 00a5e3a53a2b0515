/*
 * alloc.c - allocation, growable buffers and arenas.
 *
 * Everything goes through OPENSSL_malloc() and friends: a test build that
 * fails the N-th allocation through CRYPTO_set_mem_functions() then reaches
 * cssl's allocations and OpenSSL's alike.
 */
#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>

#include "internal.h"

CSSL_API void cssl_free(void *ptr)
{
    OPENSSL_free(ptr);
}

void *cssl__malloc(size_t n)
{
    void *p = OPENSSL_malloc(n ? n : 1);
    if (p == NULL) {
        cssl__raise_nomem();
    }
    return p;
}

void *cssl__calloc(size_t count, size_t n)
{
    if (n != 0 && count > SIZE_MAX / n) {
        cssl__raise_nomem();
        return NULL;
    }
    size_t total = count * n;
    void *p = OPENSSL_zalloc(total != 0 ? total : 1);
    if (p == NULL) {
        cssl__raise_nomem();
    }
    return p;
}

void *cssl__realloc(void *old, size_t n)
{
    void *p = OPENSSL_realloc(old, n ? n : 1);
    if (p == NULL) {
        cssl__raise_nomem();
    }
    return p;
}

char *cssl__strndup(const char *s, size_t n)
{
    char *p = cssl__malloc(n + 1);
    if (p != NULL) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

char *cssl__strdup(const char *s)
{
    return cssl__strndup(s, strlen(s));
}

/* ---- growable buffer ---------------------------------------------------- */

static bool buf_reserve(cssl__buf *b, size_t extra)
{
    if (b->failed) {
        return false;
    }
    if (b->len + extra + 1 <= b->cap) {
        return true;
    }
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1) {
        cap *= 2;
    }
    char *p = OPENSSL_realloc(b->data, cap);
    if (p == NULL) {
        b->failed = true;
        return false;
    }
    b->data = p;
    b->cap = cap;
    return true;
}

void cssl__buf_append(cssl__buf *b, const void *p, size_t n)
{
    if (!buf_reserve(b, n)) {
        return;
    }
    memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void cssl__buf_puts(cssl__buf *b, const char *s)
{
    cssl__buf_append(b, s, strlen(s));
}

void cssl__buf_putc(cssl__buf *b, char c)
{
    cssl__buf_append(b, &c, 1);
}

void cssl__buf_printf(cssl__buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    /* False positive of clang 14's valist checker: va_start() just initialized ap. */
    /* NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized) */
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || !buf_reserve(b, (size_t)n)) {
        return;
    }
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void cssl__buf_reset(cssl__buf *b)
{
    OPENSSL_free(b->data);
    *b = (cssl__buf){0};
}

char *cssl__buf_finish(cssl__buf *b)
{
    if (b->failed || !buf_reserve(b, 0)) {
        cssl__buf_reset(b);
        cssl__raise_nomem();
        return NULL;
    }
    b->data[b->len] = '\0';
    char *out = b->data;
    *b = (cssl__buf){0};
    return out;
}

/* ---- arena -------------------------------------------------------------- */

struct arena_chunk {
    struct arena_chunk *next;
    size_t used;
    size_t size;
    max_align_t data[];
};

struct cssl__arena {
    struct arena_chunk *head;
};

cssl__arena *cssl__arena_new(void)
{
    return cssl__calloc(1, sizeof(cssl__arena));
}

void cssl__arena_free(cssl__arena *a)
{
    if (a == NULL) {
        return;
    }
    struct arena_chunk *c = a->head;
    while (c != NULL) {
        struct arena_chunk *next = c->next;
        OPENSSL_free(c);
        c = next;
    }
    OPENSSL_free(a);
}

void *cssl__arena_alloc(cssl__arena *a, size_t n)
{
    const size_t align = sizeof(max_align_t);
    n = (n + align - 1) / align * align;
    struct arena_chunk *c = a->head;
    if (c == NULL || c->size - c->used < n) {
        size_t size = n > 4096 ? n : 4096;
        c = cssl__malloc(sizeof(*c) + size);
        if (c == NULL) {
            return NULL;
        }
        c->size = size;
        c->used = 0;
        c->next = a->head;
        a->head = c;
    }
    void *p = (char *)c->data + c->used;
    c->used += n;
    memset(p, 0, n);
    return p;
}

char *cssl__arena_strndup(cssl__arena *a, const char *s, size_t n)
{
    char *p = cssl__arena_alloc(a, n + 1);
    if (p != NULL) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}
