#!/usr/bin/env python3
"""Draw the benchmark charts from OUT/summary.csv with gnuplot:

  OUT/throughput.png  ratio to raw OpenSSL, higher is better (handshakes/s, MB/s)
  OUT/costs.png       ratio to raw OpenSSL, lower is better (latency, memory,
                      create_default_context), log scale

Each bar is the median of the per-round ratios, the error bar min..max.
Usage: chart.py OUT
"""
import csv
import os
import shutil
import subprocess
import sys

STACKS = [("cssl", "cssl"), ("libtls", "libtls"), ("python", "Python ssl")]
THROUGHPUT = [("hs_ecdsa", "hs_per_s", "full ECDSA"), ("hs_rsa", "hs_per_s", "full RSA"),
              ("resume_tls13", "hs_per_s", "resumed 1.3"), ("resume_tls12", "hs_per_s", "resumed 1.2"),
              ("bulk_aes128", "up_mb_s", "AES up"), ("bulk_aes128", "down_mb_s", "AES down"),
              ("bulk_chacha20", "up_mb_s", "ChaCha up"), ("bulk_chacha20", "down_mb_s", "ChaCha down")]
COSTS = [("latency", "p50_ms", "hs p50"), ("latency", "p99_ms", "hs p99"),
         ("ctx", "cold_ms", "ctx cold ms"), ("ctx", "warm_ms", "ctx warm ms"),
         ("ctx", "warm_kib", "ctx warm KiB")]


def load(path):
    with open(path) as f:
        return {(r["workload"], r["metric"], r["stack"]): r for r in csv.DictReader(f)}


def cell(rows, w, m, st, positive):
    r = rows.get((w, m, st))
    if not r or r["ratio_median"] == "":
        return ["NaN"] * 3
    vals = [float(r[k]) for k in ("ratio_median", "ratio_min", "ratio_max")]
    if positive and min(vals) <= 0:
        return ["NaN"] * 3
    return [f"{v:.4f}" for v in vals]


def chart(rows, items, out, title, ylabel, logscale):
    dat = out + ".dat"
    lines = []
    stacks = [(st, name) for st, name in STACKS
              if any(cell(rows, w, m, st, logscale)[0] != "NaN" for w, m, _ in items)]
    if not stacks:
        return
    for w, m, label in items:
        if any((w, m, st) in rows for st, _ in stacks):
            cols = [c for st, _ in stacks for c in cell(rows, w, m, st, logscale)]
            lines.append(f'"{label}" ' + " ".join(cols))
    if not lines:
        return
    with open(dat, "w") as f:
        f.write("\n".join(lines) + "\n")
    plots = ", ".join(
        f"'{dat}' using {2 + 3 * i}:{3 + 3 * i}:{4 + 3 * i}{':xtic(1)' if i == 0 else ''} "
        f"title '{name}'" for i, (_, name) in enumerate(stacks))
    script = f"""
set terminal pngcairo size 1100,520 font ',10' noenhanced
set output '{out}.png'
set title '{title}'
set ylabel '{ylabel}'
set style data histograms
set style histogram errorbars gap 2 lw 1
set style fill solid 0.8 border -1
set xtics rotate by -30
set key top left
set grid ytics
{'set logscale y' if logscale else 'set yrange [0:*]'}
set arrow from graph 0, first 1 to graph 1, first 1 nohead lw 2 dt 2 lc rgb 'black'
plot {plots}
"""
    subprocess.run(["gnuplot"], input=script, text=True, check=True)
    os.remove(dat)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "."
    if shutil.which("gnuplot") is None:
        print("chart.py: gnuplot not found (scripts/deps.sh bench installs gnuplot-nox); no charts")
        return 0
    rows = load(os.path.join(out, "summary.csv"))
    mems = sorted({w for w, _, _ in rows if w.startswith("mem_")}, key=lambda w: int(w[4:]))
    costs = COSTS + [(w, f"{side}_kib_per_conn", f"{side[:3]} KiB/conn N={w[4:]}")
                     for w in mems for side in ("server", "client")]
    chart(rows, THROUGHPUT, os.path.join(out, "throughput"),
          "Throughput relative to raw OpenSSL (same run; higher is better; dashed = 1.0)",
          "ratio to raw OpenSSL", False)
    chart(rows, costs, os.path.join(out, "costs"),
          "Costs relative to raw OpenSSL (same run; lower is better; log scale)",
          "ratio to raw OpenSSL", True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
