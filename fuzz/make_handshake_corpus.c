/*
 * make_handshake_corpus.c - seeds for fuzz_handshake_client and
 * fuzz_handshake_server, recorded from real cssl handshakes.
 *
 *   make_handshake_corpus OUT_DIR
 *
 * For each side and each protocol (TLS 1.3, TLS 1.2), a cssl client and a
 * cssl server, set up exactly as the fuzz targets set them up
 * (fuzz_handshake.c), complete a handshake over memory BIOs, exchange a
 * greeting each, and close (the peer unwraps, the fuzzed side reads the
 * close_notify).  Everything the peer sent is the transcript; it is
 * written to OUT_DIR/handshake_<side>/ as
 *
 *   <proto>-full            the whole transcript, fed at once
 *   <proto>-full-eof-unwrap the same, then write_eof() and unwrap()
 *   <proto>-chunk16         fed 16 bytes at a time (partial records)
 *   <proto>-flight<N>-eof   the peer's first N flights, then EOF
 *
 * Both targets fix OpenSSL's randomness, so the fuzzed side sends the same
 * bytes as here and the full transcript replays to the end.  Each full
 * seed is replayed once as a check; a replay that stops early (an OpenSSL
 * whose randomness cannot be fixed this way) is reported and the seeds are
 * still written: they then reach the first encrypted record only.
 */
#include "fuzz_handshake.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_FLIGHTS 16

typedef struct transcript {
    unsigned char *data;
    size_t len;
    size_t flight_end[MAX_FLIGHTS]; /* offsets where each flight ends */
    size_t flights;
} transcript;

static void append(void *arg, const unsigned char *data, size_t len)
{
    transcript *t = arg;
    t->data = realloc(t->data, t->len + len);
    FZ_CHECK(t->data != NULL, "out of memory");
    memcpy(t->data + t->len, data, len);
    t->len += len;
}

/* Move what `from` wrote since *sent into `to`. */
static void deliver(hs_conn *to, const transcript *from, size_t *sent)
{
    if (from->len > *sent) {
        hs_feed(to, from->data + *sent, from->len - *sent);
        *sent = from->len;
    }
}

static void end_flight(transcript *t)
{
    bool grew = t->flights == 0 ? t->len > 0 : t->len > t->flight_end[t->flights - 1];
    if (grew && t->flights < MAX_FLIGHTS) {
        t->flight_end[t->flights++] = t->len;
    }
}

/* A handshake between side `role` (as the fuzz target sets it up) and its
 * peer; returns what the peer sent. */
static transcript record(hs_role role, unsigned flags)
{
    transcript to_peer = {0}, from_peer = {0};
    size_t sent_to_peer = 0, sent_from_peer = 0;
    hs_conn me, peer;
    hs_rng_reset();
    hs_open(&me, role, flags);
    hs_open(&peer, role == HS_CLIENT ? HS_SERVER : HS_CLIENT, flags);
    bool unwrapped = false;
    for (int round = 0; round < 20 && !me.closed && !me.failed && !peer.failed; round++) {
        hs_pump(&me, append, &to_peer);
        deliver(&peer, &to_peer, &sent_to_peer);
        hs_pump(&peer, append, &from_peer);
        if (peer.done && me.done && peer.app_bytes > 0 && me.app_bytes > 0 && !unwrapped) {
            hs_unwrap(&peer, append, &from_peer);
            unwrapped = true;
        }
        end_flight(&from_peer);
        deliver(&me, &from_peer, &sent_from_peer);
    }
    FZ_CHECK(me.closed && !peer.failed, "the recorded handshake did not finish (%s side)",
             role == HS_CLIENT ? "client" : "server");
    hs_close(&me);
    hs_close(&peer);
    free(to_peer.data);
    return from_peer;
}

static void write_seed(const char *dir, const char *name, unsigned flags, const unsigned char *data,
                       size_t len)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    FZ_CHECK(f != NULL, "cannot write %s", path);
    unsigned char flag_byte = (unsigned char)flags;
    FZ_CHECK(fwrite(&flag_byte, 1, 1, f) == 1 && fwrite(data, 1, len, f) == len && fclose(f) == 0,
             "cannot write %s", path);
}

/* The full transcript must take the fuzzed side through the handshake,
 * the peer's greeting and its close_notify. */
static void check_replay(hs_role role, const char *side, const char *proto, unsigned flags,
                         const transcript *t)
{
    unsigned char *input = malloc(t->len + 1);
    FZ_CHECK(input != NULL, "out of memory");
    input[0] = (unsigned char)flags;
    memcpy(input + 1, t->data, t->len);
    hs_conn result;
    hs_run(role, input, t->len + 1, &result);
    free(input);
    if (result.done && result.closed && result.app_bytes > 0) {
        printf("handshake_%s %s: %zu bytes in %zu flights; replay reaches close_notify\n", side,
               proto, t->len, t->flights);
    } else {
        printf("handshake_%s %s: WARNING: replay stops early (handshake %s); OpenSSL's "
               "randomness is not fixed, seeds reach the first encrypted record only\n",
               side, proto, result.done ? "done" : "not done");
    }
}

static void make_seeds(const char *out, hs_role role, unsigned proto_flags)
{
    const char *side = role == HS_CLIENT ? "client" : "server";
    const char *proto = proto_flags & HS_F_TLS12 ? "tls12" : "tls13";
    char dir[4096], name[64];
    snprintf(dir, sizeof(dir), "%s/handshake_%s", out, side);
    FZ_CHECK(mkdir(dir, 0755) == 0 || errno == EEXIST, "cannot create %s", dir);
    transcript t = record(role, proto_flags);
    snprintf(name, sizeof(name), "%s-full", proto);
    write_seed(dir, name, proto_flags, t.data, t.len);
    snprintf(name, sizeof(name), "%s-full-eof-unwrap", proto);
    write_seed(dir, name, proto_flags | HS_F_EOF | HS_F_UNWRAP, t.data, t.len);
    snprintf(name, sizeof(name), "%s-chunk16", proto);
    write_seed(dir, name, proto_flags | (2u << HS_F_CHUNK_SHIFT), t.data, t.len);
    for (size_t i = 0; i + 1 < t.flights; i++) {
        snprintf(name, sizeof(name), "%s-flight%zu-eof", proto, i + 1);
        write_seed(dir, name, proto_flags | HS_F_EOF, t.data, t.flight_end[i]);
    }
    check_replay(role, side, proto, proto_flags, &t);
    free(t.data);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s OUT_DIR\n", argv[0]);
        return 2;
    }
    FZ_CHECK(mkdir(argv[1], 0755) == 0 || errno == EEXIST, "cannot create %s", argv[1]);
    hs_init();
    for (int role = HS_CLIENT; role <= HS_SERVER; role++) {
        make_seeds(argv[1], (hs_role)role, 0);
        make_seeds(argv[1], (hs_role)role, HS_F_TLS12);
    }
    return 0;
}
