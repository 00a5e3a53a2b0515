/*
 * fuzz_handshake.h - what the two handshake targets (fuzz_handshake_client,
 * fuzz_handshake_server) and their seed generator (make_handshake_corpus)
 * share: one side of a TLS connection as a cssl_object over memory BIOs,
 * driven the way an event loop drives it, with the peer's bytes coming
 * from the fuzzer.
 *
 * Input: one flags byte (HS_F_*), then the bytes the peer sends (its TLS
 * records, in order).  The bytes are fed into `incoming` all at once or in
 * chunks; after each feed the object is pumped (do_handshake, then read
 * once the handshake is done) until it wants more input or fails.
 *
 * Determinism: OpenSSL's random numbers come from a fixed generator
 * (RAND_set_rand_method(), one stream per side, reset before every input)
 * and the certificate is made from a fixed Ed25519 key with fixed dates
 * (notAfter 9999-12-31, RFC 5280's "no expiration date"), so a side sends
 * the same bytes on every run and a recorded peer transcript replays in
 * full: through the encrypted handshake, application data and
 * close_notify.  Only the time inside the server's session tickets (TLS
 * 1.2 and 1.3) varies between runs: the client's seeds differ there, and
 * nothing either side checks depends on it.  The certificate and key reach
 * load_cert_chain() through a memfd (Linux), so no file is left behind.
 */
#ifndef CSSL_FUZZ_HANDSHAKE_H
#define CSSL_FUZZ_HANDSHAKE_H

#include "fuzz_common.h"

/* The flags byte. */
enum {
    HS_F_TLS12 = 0x01,      /* both sides at most TLS 1.2 (else up to TLS 1.3) */
    HS_F_EOF = 0x02,        /* write_eof() once the input is fed, pump again */
    HS_F_UNWRAP = 0x04,     /* unwrap() at the end when the connection is up */
    HS_F_CHUNK_SHIFT = 3,   /* bits 3-5: k; k > 0 feeds chunks of 4^k bytes */
    HS_F_CHUNK_MASK = 0x38, /* (0 feeds everything at once) */
};

typedef enum hs_role { HS_CLIENT = 0, HS_SERVER = 1 } hs_role;

/* One side of the connection. */
typedef struct hs_conn {
    hs_role role;
    cssl_context *ctx;
    cssl_memory_bio *in, *out;
    cssl_object *obj;
    bool done;        /* handshake complete */
    bool closed;      /* the peer's close_notify was read */
    bool failed;      /* an operation failed for good */
    size_t app_bytes; /* application data read */
} hs_conn;

/* Receives what a side writes into `outgoing` (the fuzz targets drop it). */
typedef void (*hs_sink)(void *arg, const unsigned char *data, size_t len);

/* Once per process: the fixed random generator and the certificate. */
void hs_init(void);

/* Restart both random streams (before every input). */
void hs_rng_reset(void);

/* Open a side with the settings the flags ask for: contexts of their own
 * (nothing carries over between inputs), the certificate as trust anchor,
 * own certificate and client certificate; the client checks the host
 * name "localhost", the server asks for a client certificate
 * (CERT_OPTIONAL). */
void hs_open(hs_conn *c, hs_role role, unsigned flags);

/* Pump until the side wants more input, failed, or saw close_notify;
 * everything it writes goes to sink.  Returns false once it cannot go on. */
bool hs_pump(hs_conn *c, hs_sink sink, void *arg);

/* Feed bytes from the peer into `incoming`. */
void hs_feed(hs_conn *c, const unsigned char *data, size_t len);

/* unwrap(): send close_notify; checked like every other call. */
void hs_unwrap(hs_conn *c, hs_sink sink, void *arg);

void hs_close(hs_conn *c);

/* The whole run of one fuzz input for the side `role`; *out (when not
 * NULL) says how far the connection got. */
void hs_run(hs_role role, const uint8_t *data, size_t size, hs_conn *out);

#endif
