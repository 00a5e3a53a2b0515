#!/usr/bin/env python3
"""Run cssl's benchmarks: the same workloads through cssl, raw libssl,
libtls and Python's ssl, client pinned to CPU 0 and server to CPU 1, in
rounds that rotate the order of the stacks.  Writes OUT/raw.csv (every
measurement), OUT/summary.csv (median, min, max and the ratio to raw
OpenSSL of the same round), PNG charts, and with --doc the results part of
docs/BENCHMARKS.md.

  run.py [--quick] [--smoke] [--stacks a,b] [--rounds N] [--bin-dir DIR]
         [--out DIR] [--doc FILE]

--quick: seconds per workload, small N (a check that everything runs).
--smoke: also prove that a corrupted transfer is caught; exit 1 on any
failure (ctest bench.smoke).  Needs CSSL_CERTS (tests/certs/make_certs.py).
"""
import argparse
import csv
import os
import platform
import re
import resource
import select
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ALL_STACKS = ["openssl", "cssl", "libtls", "python"]
SUITES = {"aes128": "TLS_AES_128_GCM_SHA256", "chacha20": "TLS_CHACHA20_POLY1305_SHA256"}
SPEED = {"aes128": "aes-128-gcm", "chacha20": "chacha20-poly1305"}


class Failure(Exception):
    pass


def settings(quick):
    if quick:
        return dict(rounds=1, mem_rounds=1, hs_s=0.3, lat_s=0.5, rate=100, bulk=16 << 20,
                    ctx_k=5, mem_n=[100], speed_s=1)
    return dict(rounds=5, mem_rounds=3, hs_s=2.0, lat_s=3.0, rate=200, bulk=1 << 30,
                ctx_k=50, mem_n=[1000, 10000], speed_s=1)


def workloads(cfg):
    """(name, server args, client args, stacks that can run it, env)."""
    hs = ["--mode", "hs", "--seconds", str(cfg["hs_s"])]
    w = [("hs_ecdsa", ["--mode", "hs"], hs, None, {}),
         ("hs_rsa", ["--mode", "hs", "--cert", "server-rsa"], hs, None, {}),
         ("resume_tls13", ["--mode", "hs"], ["--mode", "resume", "--seconds", str(cfg["hs_s"])],
          "nolibtls", {}),
         ("resume_tls12", ["--mode", "hs", "--tls", "12", "--no-ticket", "--clean-close"],
          ["--mode", "resume", "--tls", "12", "--clean-close", "--seconds", str(cfg["hs_s"])],
          "nolibtls", {}),
         ("latency", ["--mode", "hs"],
          ["--mode", "lat", "--rate", str(cfg["rate"]), "--seconds", str(cfg["lat_s"])], None, {})]
    for short, suite in SUITES.items():
        w.append((f"bulk_{short}", ["--mode", "bulk"],
                  ["--mode", "bulk", "--bytes", str(cfg["bulk"]), "--expect-cipher", suite],
                  None, {"suite": suite}))
    return w


class Runner:
    def __init__(self, a):
        self.a = a
        self.cfg = settings(a.quick)
        if a.rounds:
            self.cfg["rounds"] = a.rounds
        self.rows = []      # (round, workload, stack, metric, value)
        self.errors = []    # (round, workload, stack, message)
        self.notes = []
        self.tmp = tempfile.mkdtemp(prefix="cssl-bench-")
        self.pin = shutil.which("taskset") is not None and (os.cpu_count() or 1) >= 2
        self.stacks = [s for s in a.stacks if self.have(s)]

    def have(self, stack):
        if stack == "python":
            return True
        ok = os.access(os.path.join(self.a.bin_dir, f"bench_{stack}"), os.X_OK)
        if not ok:
            self.notes.append(f"{stack}: bench_{stack} not built, skipped")
        return ok

    def cmd(self, stack, role, args):
        if stack == "python":
            base = [sys.executable, os.path.join(HERE, "bench_py.py")]
        else:
            base = [os.path.join(self.a.bin_dir, f"bench_{stack}")]
        pin = ["taskset", "-c", "1" if role == "server" else "0"] if self.pin else []
        return pin + base + [role] + args

    def env(self, suite=None):
        env = dict(os.environ)
        if suite:  # the only TLS 1.3 suite OpenSSL offers, for every stack alike
            path = os.path.join(self.tmp, f"{suite}.cnf")
            with open(path, "w") as f:
                f.write("openssl_conf = bench_init\n[bench_init]\nssl_conf = bench_ssl\n"
                        "[bench_ssl]\nsystem_default = bench_sys\n[bench_sys]\n"
                        f"Ciphersuites = {suite}\n")
            env["OPENSSL_CONF"] = path
        return env

    # ---- processes ----------------------------------------------------------

    def start_server(self, stack, args, env):
        err = open(os.path.join(self.tmp, "server.err"), "w+")
        p = subprocess.Popen(self.cmd(stack, "server", args), stdout=subprocess.PIPE,
                             stderr=err, env=env, text=True)
        line = readline(p.stdout, 20)
        m = re.match(r"PORT (\d+)", line or "")
        if not m:
            stop(p)
            raise Failure(f"server did not start: {tail(err)}")
        return p, err, int(m.group(1))

    def end_server(self, p, err):
        p.send_signal(signal.SIGTERM)
        try:
            rc = p.wait(30)
        except subprocess.TimeoutExpired:
            stop(p)
            rc = -9
        if rc != 0:
            raise Failure(f"server exit {rc}: {tail(err)}")
        return tail(err)

    def client(self, stack, args, port, env, timeout):
        p = subprocess.run(self.cmd(stack, "client", args + ["--port", str(port)]),
                           capture_output=True, text=True, env=env, timeout=timeout)
        if p.returncode != 0:
            raise Failure(f"client exit {p.returncode}: {p.stderr.strip()[-300:]}")
        return parse_result(p.stdout)

    # ---- workloads ----------------------------------------------------------

    def run_pair(self, name, stack, sargs, cargs, env, timeout):
        p, err, port = self.start_server(stack, sargs, env)
        try:
            res = self.client(stack, cargs, port, env, timeout)
        finally:
            log = self.end_server(p, err) if p.poll() is None else tail(err)
        if p.returncode != 0:
            raise Failure(f"server exit {p.returncode}: {log}")
        if "bulk" in cargs and "verified" not in log:
            raise Failure("server did not verify the upload")
        want = "TLSv1.2" if "12" in cargs else "TLSv1.3"
        if res.get("version") != want:
            raise Failure(f"negotiated {res.get('version')}, not {want}")
        return res

    def record(self, rnd, work, stack, res, keys):
        for k in keys:
            if k in res:
                self.rows.append((rnd, work, stack, k, float(res[k])))

    def attempt(self, rnd, work, stack, fn):
        try:
            return fn()
        except (Failure, subprocess.TimeoutExpired, OSError) as e:
            self.errors.append((rnd, work, stack, str(e)))
            print(f"  ! {work} {stack}: {e}", file=sys.stderr)
            return None

    def round(self, rnd):
        order = rotate(self.stacks, rnd)
        for name, sargs, cargs, only, extra in workloads(self.cfg):
            if name.startswith("bulk_"):
                self.speed(rnd, name, extra["suite"])
            for st in order:
                if only == "nolibtls" and st == "libtls":
                    continue
                env = self.env(extra.get("suite"))
                res = self.attempt(rnd, name, st, lambda: self.run_pair(
                    name, st, sargs, cargs, env, 120 + self.cfg["bulk"] / 20e6))
                if res:
                    self.record(rnd, name, st, res, ["hs_per_s", "client_cpu_us", "p50_ms",
                                                     "p99_ms", "up_mb_s", "down_mb_s"])
        for st in order:
            res = self.attempt(rnd, "ctx", st, lambda: parse_result(self.run_ctx(st)))
            if res:
                self.record(rnd, "ctx", st, res, [k for k in res if k.endswith(("_ms", "_kib"))])

    def run_ctx(self, stack):
        p = subprocess.run(self.cmd(stack, "ctx", ["--count", str(self.cfg["ctx_k"])]),
                           capture_output=True, text=True, timeout=300)
        if p.returncode != 0:
            raise Failure(f"ctx exit {p.returncode}: {p.stderr.strip()[-300:]}")
        return p.stdout

    def speed(self, rnd, name, suite):
        alg = SPEED[[k for k, v in SUITES.items() if v == suite][0]]
        cmd = (["taskset", "-c", "0"] if self.pin else []) + [
            "openssl", "speed", "-evp", alg, "-bytes", "16384", "-seconds",
            str(self.cfg["speed_s"]), "-mr"]
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=120).stdout
        m = re.search(r"^\+F:\d+:[^:]+:([\d.]+)", out, re.M)
        if m:
            self.rows.append((rnd, name, "crypto", "ceiling_mb_s", float(m.group(1)) / 1e6))

    def memory(self, rnd, n):
        for st in rotate(self.stacks, rnd):
            res = self.attempt(rnd, f"mem_{n}", st, lambda: self.run_mem(st, n))
            if res:
                self.record(rnd, f"mem_{n}", st, res, ["server_kib_per_conn", "client_kib_per_conn"])

    def run_mem(self, stack, n):
        env = self.env()
        args = ["--mode", "mem", "--count", str(n), "--warmup", "16"]
        p, err, port = self.start_server(stack, args, env)
        c = subprocess.Popen(self.cmd(stack, "client", args + ["--port", str(port)]),
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env=env)
        try:
            res = parse_result(readline(c.stdout, 60 + n / 50) or "")
            res.update(parse_result(readline(p.stdout, 30) or ""))
            if "client_kib_per_conn" not in res or "server_kib_per_conn" not in res:
                raise Failure(f"no memory figures: {c.stderr.read() if c.poll() else ''}")
        finally:
            c.stdin.close()
            try:
                c.wait(60)
            except subprocess.TimeoutExpired:
                stop(c)
            self.end_server(p, err)
        if c.returncode != 0:
            raise Failure(f"client exit {c.returncode}")
        return res

    def corrupt_check(self):
        """A transfer with one flipped bit must fail: the check can fail."""
        for st in [s for s in self.stacks if s != "python"]:
            env = self.env()
            p, err, port = self.start_server(st, ["--mode", "bulk"], env)
            c = subprocess.run(self.cmd(st, "client", ["--mode", "bulk", "--bytes", "1048576",
                                                       "--corrupt", "--port", str(port)]),
                               capture_output=True, text=True, env=env, timeout=60)
            p.send_signal(signal.SIGTERM)
            p.wait(30)
            log = tail(err)
            if c.returncode == 0 or "content mismatch" not in log:
                self.errors.append((0, "corrupt", st, "a corrupted transfer was not caught"))
            else:
                print(f"  corrupted transfer caught by the {st} server: ok")


# ---- helpers ----------------------------------------------------------------

def rotate(seq, k):
    k %= max(1, len(seq))
    return seq[k:] + seq[:k]


def readline(f, timeout):
    r, _, _ = select.select([f], [], [], timeout)
    return f.readline() if r else None


def stop(p):
    if p.poll() is None:
        p.kill()
        p.wait()


def tail(f):
    f.flush()
    f.seek(0)
    return f.read().strip()[-400:]


def parse_result(text):
    for line in text.splitlines():
        if line.startswith("RESULT"):
            return dict(kv.split("=", 1) for kv in line.split()[1:] if "=" in kv)
    raise Failure(f"no RESULT line in {text.strip()[-200:]!r}")


def raise_nofile(need):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = hard if hard == resource.RLIM_INFINITY else hard
    if soft < need:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (min(want, max(need, soft)), hard))
        except (ValueError, OSError):
            pass
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def summarize(rows):
    """Median, min, max per (workload, metric, stack), and of the per-round
    ratio to raw OpenSSL."""
    by = {}
    for rnd, w, st, m, v in rows:
        by.setdefault((w, m, st), {})[rnd] = v
    out = []
    for (w, m, st), vals in sorted(by.items()):
        base = by.get((w, m, "openssl"), {})
        ratios = [v / base[r] for r, v in vals.items() if base.get(r)]
        xs = list(vals.values())
        out.append(dict(workload=w, metric=m, stack=st, median=statistics.median(xs),
                        min=min(xs), max=max(xs), runs=len(xs),
                        ratio_median=statistics.median(ratios) if ratios else "",
                        ratio_min=min(ratios) if ratios else "",
                        ratio_max=max(ratios) if ratios else ""))
    return out


def write_csv(path, header, rows):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--smoke", action="store_true")
    ap.add_argument("--stacks", default=",".join(ALL_STACKS))
    ap.add_argument("--rounds", type=int, default=0)
    ap.add_argument("--bin-dir", default=os.path.join(HERE, "..", "build", "bench"))
    ap.add_argument("--out", default=os.path.join(HERE, "results"))
    ap.add_argument("--doc")
    a = ap.parse_args()
    a.stacks = [s for s in a.stacks.split(",") if s]
    if not os.environ.get("CSSL_CERTS"):
        print("run.py: CSSL_CERTS is not set (make_certs.py writes the certificates)", file=sys.stderr)
        return 77 if a.smoke else 2
    r = Runner(a)
    os.makedirs(a.out, exist_ok=True)
    need = max(r.cfg["mem_n"]) + 256
    got = raise_nofile(need)
    if got < need:
        r.notes.append(f"ulimit -n is {got} (hard limit): memory runs limited to N <= {got - 256}")
        r.cfg["mem_n"] = [n for n in r.cfg["mem_n"] if n + 256 <= got] or [max(10, got - 256)]
    if a.smoke and len(r.stacks) < len(a.stacks):
        print(f"run.py: missing programs: {'; '.join(r.notes)}", file=sys.stderr)
        return 1
    if not r.pin:
        r.notes.append("taskset or a second CPU is missing: processes are not pinned")
    start = time.time()
    if a.smoke:
        r.corrupt_check()
    for rnd in range(r.cfg["rounds"]):
        print(f"round {rnd + 1}/{r.cfg['rounds']} ({time.time() - start:.0f} s)", flush=True)
        r.round(rnd)
    for rnd in range(r.cfg["mem_rounds"]):
        for n in r.cfg["mem_n"]:
            print(f"memory N={n}, round {rnd + 1} ({time.time() - start:.0f} s)", flush=True)
            r.memory(rnd, n)
    elapsed = time.time() - start
    write_csv(os.path.join(a.out, "raw.csv"), ["round", "workload", "stack", "metric", "value"], r.rows)
    summary = summarize(r.rows)
    keys = ["workload", "metric", "stack", "median", "min", "max", "runs",
            "ratio_median", "ratio_min", "ratio_max"]
    write_csv(os.path.join(a.out, "summary.csv"), keys, [[s[k] for k in keys] for s in summary])
    write_csv(os.path.join(a.out, "errors.csv"), ["round", "workload", "stack", "message"], r.errors)
    subprocess.run([sys.executable, os.path.join(HERE, "chart.py"), a.out], check=False)
    if a.doc:
        import report
        report.write(a.doc, a.out, summary, r, elapsed, " ".join(sys.argv))
    print(f"done in {elapsed:.0f} s: {len(r.rows)} measurements, {len(r.errors)} failures; "
          f"results in {a.out}")
    for n in r.notes:
        print(f"note: {n}")
    for e in r.errors:
        print(f"FAILED: round {e[0]} {e[1]} {e[2]}: {e[3]}", file=sys.stderr)
    shutil.rmtree(r.tmp, ignore_errors=True)
    return 1 if r.errors else 0


if __name__ == "__main__":
    sys.path.insert(0, HERE)
    sys.exit(main())
