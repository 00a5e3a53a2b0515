/*
 * safety.h - cssl's early-return macros.  Each check is one line so the
 * happy path reads straight down.  They only ever `return`; functions that
 * own resources use an explicit `goto out` to their single cleanup label.
 *
 *   CSSL_GUARD(expr)            expr is a cssl_err: return it if negative.
 *   CSSL_GUARD_PTR(p)           p came from a raising allocator or
 *                               constructor: return its recorded error if NULL.
 *   CSSL_ENSURE(cond, code, ...) return cssl__raise(code, ...) unless cond.
 *   CSSL_BAIL(code, ...)        return cssl__raise(code, ...).
 *   CSSL_GUARD_OSSL(cond, code) an OpenSSL call failed unless cond: turn the
 *                               error queue into the error and return it.
 *   CSSL_ENSURE_ARG(p)          a required pointer argument is not NULL.
 *
 * The *_NULL variants do the same in functions that return pointers.
 */
#ifndef CSSL_SAFETY_H
#define CSSL_SAFETY_H

#define CSSL_GUARD(expr)                                                                           \
    do {                                                                                           \
        int cssl_guard_rc_ = (expr);                                                               \
        if (cssl_guard_rc_ < 0) {                                                                  \
            return cssl_guard_rc_;                                                                 \
        }                                                                                          \
    } while (0)

#define CSSL_GUARD_PTR(p)                                                                          \
    do {                                                                                           \
        if ((p) == NULL) {                                                                         \
            return cssl_last_error()->code;                                                        \
        }                                                                                          \
    } while (0)

#define CSSL_ENSURE(cond, code, ...)                                                               \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            return cssl__raise((code), __VA_ARGS__);                                               \
        }                                                                                          \
    } while (0)

#define CSSL_BAIL(code, ...) return cssl__raise((code), __VA_ARGS__)

#define CSSL_GUARD_OSSL(cond, code)                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            return cssl__raise_ossl((code), NULL);                                                 \
        }                                                                                          \
    } while (0)

#define CSSL_ENSURE_ARG(p) CSSL_ENSURE((p) != NULL, CSSL_E_VALUE, "%s must not be NULL", #p)

#define CSSL_GUARD_NULL(expr)                                                                      \
    do {                                                                                           \
        if ((expr) < 0) {                                                                          \
            return NULL;                                                                           \
        }                                                                                          \
    } while (0)

#define CSSL_ENSURE_NULL(cond, code, ...)                                                          \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            (void)cssl__raise((code), __VA_ARGS__);                                                \
            return NULL;                                                                           \
        }                                                                                          \
    } while (0)

#define CSSL_ENSURE_ARG_NULL(p) CSSL_ENSURE_NULL((p) != NULL, CSSL_E_VALUE, "%s must not be NULL", #p)

#endif
