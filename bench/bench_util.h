/*
 * bench_util.h - the non-TLS helpers of the benchmark programs
 * (bench_net.c) and the workloads (bench_main.c).
 */
#ifndef CSSL_BENCH_UTIL_H
#define CSSL_BENCH_UTIL_H

#include <stdbool.h>
#include <stdint.h>

#include "bench.h"

#define BENCH_BLOCK 16384   /* bytes per write in the bulk test */
#define BENCH_PATTERN 65536 /* bytes of pattern the blocks are cut from */

extern const char *bench_stack_name;

/* A listening TCP socket on 127.0.0.1, any free port (stored in *port). */
int bench_listen(int *port);
/* accept() / connect() to 127.0.0.1:port, with TCP_NODELAY; -1 on error. */
int bench_accept(int lfd);
int bench_connect(int port);

/* Monotonic wall time and process CPU time, in seconds. */
double bench_now(void);
double bench_cpu(void);
void bench_sleep_until(double t);

/* Resident set size of this process, KiB. */
long bench_rss_kib(void);

/* The checked bulk content (see bench_net.c). */
void bench_pattern_init(unsigned char pat[BENCH_PATTERN], uint64_t seed);
void bench_block_make(unsigned char *out, const unsigned char *pat, uint64_t b);
bool bench_block_check(const unsigned char *in, const unsigned char *pat, uint64_t b);

#endif /* CSSL_BENCH_UTIL_H */
