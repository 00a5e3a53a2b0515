"""Write the results part of docs/BENCHMARKS.md (between the markers; the
text around them is kept) from run.py's summary."""
import datetime
import os
import platform
import shutil
import subprocess
import sys

BEGIN, END = "<!-- results:begin (written by bench/run.py) -->", "<!-- results:end -->"
NAMES = {"openssl": "raw OpenSSL", "cssl": "cssl", "libtls": "libtls", "python": "Python ssl"}
OTHERS = ["cssl", "libtls", "python"]


def fmt(v, nd=1):
    if v == "" or v is None:
        return "n/a"
    return f"{v:.{nd}f}" if abs(v) < 1e5 else f"{v:.0f}"


class Table:
    def __init__(self, summary):
        self.s = {(r["workload"], r["metric"], r["stack"]): r for r in summary}

    def get(self, w, m, st):
        return self.s.get((w, m, st))

    def abs(self, w, m, st, nd=1):
        r = self.get(w, m, st)
        if not r:
            return "n/a"
        return f"{fmt(r['median'], nd)} ({fmt(r['min'], nd)}..{fmt(r['max'], nd)})"

    def ratio(self, w, m, st):
        r = self.get(w, m, st)
        if not r or r["ratio_median"] == "":
            return "n/a"
        return f"{r['ratio_median']:.2f} ({r['ratio_min']:.2f}..{r['ratio_max']:.2f})"

    def med(self, w, m, st):
        r = self.get(w, m, st)
        return r["median"] if r else None

    def rmed(self, w, m, st):
        r = self.get(w, m, st)
        return r["ratio_median"] if r and r["ratio_median"] != "" else None


def machine():
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(l.split(":", 1)[1].strip() for l in f if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    ossl = subprocess.run(["openssl", "version"], capture_output=True, text=True).stdout.strip()
    py = subprocess.run(["python3", "-c", "import ssl,sys;print(sys.version.split()[0], ssl.OPENSSL_VERSION)"],
                        capture_output=True, text=True).stdout.strip()
    tls = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "libtls26"], capture_output=True,
                         text=True).stdout.strip() or "?"
    return (f"{os.cpu_count()} CPU ({cpu}), Linux {platform.release()}, {ossl}; "
            f"Python {py}; libretls (libtls) {tls}")


def rate_rows(t, items, nd=1):
    out = ["| workload | raw OpenSSL | cssl ÷ raw | libtls ÷ raw | Python ÷ raw | cssl ÷ Python (of the ratios) |",
           "|---|---|---|---|---|---|"]
    for w, m, label in items:
        if not t.get(w, m, "openssl"):
            continue
        c, p = t.rmed(w, m, "cssl"), t.rmed(w, m, "python")
        factor = f"{c / p:.2f}×" if c and p else "n/a"
        out.append(f"| {label} | {t.abs(w, m, 'openssl', nd)} | {t.ratio(w, m, 'cssl')} | "
                   f"{t.ratio(w, m, 'libtls')} | {t.ratio(w, m, 'python')} | {factor} |")
    return out


def abs_rows(t, items, nd=2):
    out = ["| measure | " + " | ".join(NAMES[s] for s in ["openssl"] + OTHERS) + " |",
           "|---|" + "---|" * 4]
    for w, m, label in items:
        if any(t.get(w, m, s) for s in NAMES):
            out.append(f"| {label} | " + " | ".join(t.abs(w, m, s, nd) for s in ["openssl"] + OTHERS)
                       + " |")
    return out


def targets(t, mem_ns):
    res = []

    def check(label, ok, detail):
        if ok is None:
            res.append(f"| {label} | n/a | {detail} |")
        else:
            res.append(f"| {label} | {'met' if ok else '**missed**'} | {detail} |")

    for w, label in [("hs_ecdsa", "full ECDSA"), ("hs_rsa", "full RSA"),
                     ("resume_tls13", "resumed TLS 1.3"), ("resume_tls12", "resumed TLS 1.2")]:
        r = t.rmed(w, "hs_per_s", "cssl")
        check(f"handshakes/s {label} ≥ 0.97× raw", None if r is None else r >= 0.97,
              f"{r:.3f}×" if r else "")
    for w in ["bulk_aes128", "bulk_chacha20"]:
        for m in ["up_mb_s", "down_mb_s"]:
            r = t.rmed(w, m, "cssl")
            check(f"MB/s {w[5:]} {m[:-5]} ≥ 0.97× raw", None if r is None else r >= 0.97,
                  f"{r:.3f}×" if r else "")
    for w, m in [("hs_ecdsa", "hs_per_s"), ("hs_rsa", "hs_per_s"), ("resume_tls13", "hs_per_s"),
                 ("resume_tls12", "hs_per_s"), ("bulk_aes128", "up_mb_s"), ("bulk_aes128", "down_mb_s"),
                 ("bulk_chacha20", "up_mb_s"), ("bulk_chacha20", "down_mb_s")]:
        # medians of the per-round ratios to raw: the rounds differ too much
        # for a ratio of absolute medians to mean anything
        c, p = t.rmed(w, m, "cssl"), t.rmed(w, m, "python")
        check(f"cssl beats Python: {w} {m}", None if not (c and p) else c > p,
              f"cssl = {c / p:.2f}× Python" if c and p else "")
    for m, label in [("warm_ms", "time"), ("warm_kib", "memory")]:
        c, p = t.med("ctx", m, "cssl"), t.med("ctx", m, "python")
        ok = None if c is None or p is None else (c <= 0 or p / c >= 20)
        detail = f"Python ÷ cssl = {p / c:.0f}×" if c and p and c > 0 else f"cssl {c}, Python {p}"
        check(f"warm create_default_context {label} ≥ 20× cheaper than Python", ok, detail)
    for n in mem_ns:
        for side in ["server", "client"]:
            c = t.med(f"mem_{n}", f"{side}_kib_per_conn", "cssl")
            o = t.med(f"mem_{n}", f"{side}_kib_per_conn", "openssl")
            check(f"memory per idle connection, {side}, N={n} ≤ raw",
                  None if c is None or o is None else c <= o,
                  f"cssl {c:.1f} KiB, raw {o:.1f} KiB" if c is not None and o is not None else "")
    return ["| target | result | measured (medians) |", "|---|---|---|"] + res


def results(summary, runner, elapsed, command, chart_rel):
    t = Table(summary)
    cfg = runner.cfg
    mem_ns = cfg["mem_n"]
    lines = [f"Produced by `{command}` on {datetime.date.today().isoformat()} in {elapsed / 60:.1f} min.",
             "", f"Machine: {machine()}.", "",
             f"Rounds: {cfg['rounds']} (memory: {cfg['mem_rounds']}), order of stacks rotating; "
             f"handshake runs {cfg['hs_s']} s each; bulk {cfg['bulk'] >> 20} MiB each way; "
             f"latency {cfg['rate']} handshakes/s offered for {cfg['lat_s']} s; "
             f"{cfg['ctx_k']} warm contexts. Figures are median (min..max) over the rounds; "
             "a ratio is taken within each round, then its median (min..max) is shown.", ""]
    for n in runner.notes:
        lines.append(f"Note: {n}.")
    if runner.errors:
        lines += ["", "**Failed runs** (not in the figures):", ""]
        lines += [f"- round {e[0]} {e[1]} {e[2]}: `{e[3][:200]}`" for e in runner.errors]
    lines += ["", "### Targets", ""] + targets(t, mem_ns)
    lines += ["", "### Handshakes per second (sequential, new TCP connection each)", ""]
    lines += rate_rows(t, [("hs_ecdsa", "hs_per_s", "full, ECDSA P-256"),
                           ("hs_rsa", "hs_per_s", "full, RSA-2048"),
                           ("resume_tls13", "hs_per_s", "resumed, TLS 1.3 ticket"),
                           ("resume_tls12", "hs_per_s", "resumed, TLS 1.2 session ID")])
    lines += ["", "Client CPU per handshake, µs:", ""]
    lines += abs_rows(t, [(w, "client_cpu_us", w) for w in
                          ["hs_ecdsa", "hs_rsa", "resume_tls13", "resume_tls12"]], 0)
    lines += ["", "### Bulk throughput, MB/s (10^6 bytes/s), one connection, 16 KiB writes", ""]
    lines += rate_rows(t, [("bulk_aes128", "up_mb_s", "AES-128-GCM, client → server"),
                           ("bulk_aes128", "down_mb_s", "AES-128-GCM, server → client"),
                           ("bulk_chacha20", "up_mb_s", "ChaCha20-Poly1305, client → server"),
                           ("bulk_chacha20", "down_mb_s", "ChaCha20-Poly1305, server → client")])
    lines += ["", "Crypto ceiling (`openssl speed -evp <cipher> -bytes 16384`, one core, same run): "
              f"AES-128-GCM {t.abs('bulk_aes128', 'ceiling_mb_s', 'crypto', 0)} MB/s, "
              f"ChaCha20-Poly1305 {t.abs('bulk_chacha20', 'ceiling_mb_s', 'crypto', 0)} MB/s."]
    lines += ["", f"### Handshake latency at {cfg['rate']} handshakes/s offered (open loop), ms", ""]
    lines += abs_rows(t, [("latency", "p50_ms", "p50"), ("latency", "p99_ms", "p99")], 3)
    lines += ["", "Ratios to raw: p50 " + ", ".join(f"{NAMES[s]} {t.ratio('latency', 'p50_ms', s)}"
                                                   for s in OTHERS)
              + "; p99 " + ", ".join(f"{NAMES[s]} {t.ratio('latency', 'p99_ms', s)}" for s in OTHERS) + "."]
    lines += ["", "### create_default_context(): time and memory per context", ""]
    lines += abs_rows(t, [("ctx", "cold_ms", "cold (first in the process), ms"),
                          ("ctx", "cold_kib", "cold, RSS KiB"),
                          ("ctx", "warm_ms", "warm (next ones), ms"),
                          ("ctx", "warm_kib", "warm, RSS KiB per context held"),
                          ("ctx", "shared_store_ms", "raw, SSL_CTX_new + shared store, ms"),
                          ("ctx", "shared_store_kib", "raw, shared store, KiB")], 3)
    lines += ["", "### Memory per idle established TLS 1.3 connection (RSS delta ÷ N), KiB", ""]
    items = []
    for n in mem_ns:
        items += [(f"mem_{n}", "server_kib_per_conn", f"server, N={n}"),
                  (f"mem_{n}", "client_kib_per_conn", f"client, N={n}")]
    lines += abs_rows(t, items, 1)
    lines += ["", "### Charts", "",
              f"![throughput ratios]({chart_rel}/bench-throughput.png)", "",
              f"![cost ratios]({chart_rel}/bench-costs.png)"]
    return "\n".join(lines)


def write(doc, out, summary, runner, elapsed, command):
    docdir = os.path.dirname(os.path.abspath(doc))
    for name in ["throughput", "costs"]:
        src = os.path.join(out, f"{name}.png")
        if os.path.exists(src):
            shutil.copy(src, os.path.join(docdir, f"bench-{name}.png"))
    body = results(summary, runner, elapsed, command, ".")
    if os.path.exists(doc):
        with open(doc) as f:
            text = f.read()
    else:
        text = f"# Benchmarks\n\n{BEGIN}\n{END}\n"
    if BEGIN not in text or END not in text:
        text += f"\n{BEGIN}\n{END}\n"
    head, rest = text.split(BEGIN, 1)
    tail = rest.split(END, 1)[1]
    with open(doc, "w") as f:
        f.write(f"{head}{BEGIN}\n{body}\n{END}{tail}")
    print(f"wrote {doc}", file=sys.stderr)
