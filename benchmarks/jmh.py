#!/usr/bin/env python3
"""Runs PumpBenchmark and PumpTransferBenchmark (JMH), writes medians and ratios to benchmarks/results/.

JMH runs every fork of one variant before the next variant, so a machine that gets
slower for a minute makes one variant look slow. Here the whole set runs in rounds
(every variant once per round, --forks forks each), and the median is taken over every
measured iteration of every fork of every round: variants share the machine's bad
minutes, and one noisy fork cannot move a median much. Ratios compare each variant with
the plain Reactor loop (the floor) and with Vert.x's pipe at the same buffer size.

A second table gives each variant's fastest and slowest fork (the median of its
iterations) and its fastest fork against Vert.x's fastest: at these few nanoseconds a fork
falls into one of two or three compiled shapes, Vert.x's pipe as much as the pump (6.0 or
4.4 ns at 8 KiB, 10.9 or 6.7 ns at 64 KiB in one run), so a median can compare a fast shape
with a slow one. --from-raw rebuilds the report from the raw files in --out.
Python 3 standard library only. See benchmarks/README.md.
"""

import argparse
import json
import os
import statistics
import subprocess
import time

HERE = os.path.dirname(os.path.abspath(__file__))
BENCH_JAR = os.path.join(HERE, "target", "benchmarks.jar")
# PumpBenchmark.BUFFERS: the buffers of one transfer
BUFFERS_PER_TRANSFER = 1024


def table(variants, sizes, header, columns, cell):
    """Markdown rows: one per variant, `columns` cells per buffer size from cell(variant, size)."""
    rows = ["| variant | " + " | ".join(header % size for size in sizes) + " |",
            "|---|" + "---|" * columns * len(sizes)]
    for variant in variants:
        rows.append("| %s | %s |" % (variant, " | ".join(cell(variant, size) for size in sizes)))
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--forks", type=int, default=1, help="forks of each variant per round")
    parser.add_argument("--iterations", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="1 fork, 2 short iterations: a smoke run")
    parser.add_argument("--out", default=os.path.join(HERE, "results"))
    parser.add_argument("--from-raw", action="store_true", help="report on the raw files in --out, run nothing")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    timing = ["-f", "1", "-wi", "2", "-w", "500ms", "-i", "2", "-r", "500ms"] if args.quick else [
        "-f", str(args.forks), "-wi", "5", "-w", "1s", "-i", str(args.iterations), "-r", "1s"]
    rounds = 1 if args.quick else args.rounds
    load_before = os.getloadavg()[0]
    scores = {}
    forks = {}
    if args.from_raw:
        rounds = len([name for name in os.listdir(args.out) if name.startswith("jmh-raw-")])
    for round_number in range(rounds):
        raw = os.path.join(args.out, "jmh-raw-%d.json" % (round_number + 1))
        if not args.from_raw:
            subprocess.run(["java", "-jar", BENCH_JAR, r"\.Pump(Transfer)?Benchmark\.", *timing, "-rf", "json",
                            "-rff", raw], check=True)
        with open(raw) as file:
            for result in json.load(file):
                benchmark, variant = result["benchmark"].rsplit(".", 2)[1:]
                size = int(result["params"]["bufferSize"]) if "params" in result else 0
                scores.setdefault((benchmark, variant, size), []).extend(
                    score for fork in result["primaryMetric"]["rawData"] for score in fork)
                forks.setdefault((benchmark, variant, size), []).extend(
                    statistics.median(fork) for fork in result["primaryMetric"]["rawData"])
    medians = {(variant, size): statistics.median(values)
               for (benchmark, variant, size), values in scores.items() if benchmark == "PumpBenchmark"}
    transfers = {variant: statistics.median(values)
                 for (benchmark, variant, size), values in scores.items() if benchmark == "PumpTransferBenchmark"}
    sizes = sorted({size for _, size in medians})
    variants = ["reactorLoop", "vertxPipeTo", "pump", "pumpManaged", "pumpWithLimit", "pumpWithObservation",
                "pumpWithMetrics"]
    lines = ["# JMH: cost per buffer (ns, lower is better)", "",
             "%s; 1-min load before %.2f, after %.2f; %s" % (
                 time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), load_before, os.getloadavg()[0],
                 "quick" if args.quick else "%d rounds x %d fork(s) x %d iterations" % (
                     rounds, args.forks, args.iterations)) if not args.from_raw else
             "Rebuilt from the %d raw files in this directory (jmh.py --from-raw)." % rounds, ""]

    def median_cell(variant, size):
        value, floor = medians.get((variant, size)), medians.get(("reactorLoop", size))
        vertx = medians.get(("vertxPipeTo", size))
        return "%.1f | %.2f | %.2f" % (value, value / floor, value / vertx) if value and floor and vertx else "- | - | -"

    def shape_cell(variant, size):
        own, vertx = forks.get(("PumpBenchmark", variant, size)), forks.get(("PumpBenchmark", "vertxPipeTo", size))
        return "%.1f | %.1f | %.2f" % (min(own), max(own), min(own) / min(vertx)) if own and vertx else "- | - | -"

    def marginal_cell(variant, size):
        own, vertx = forks.get(("PumpBenchmark", variant, size)), forks.get(("PumpBenchmark", "vertxPipeTo", size))
        fixed, vertx_fixed = transfers.get(variant), transfers.get("vertxPipeTo")
        if not (own and vertx and fixed and vertx_fixed):
            return "- | -"
        marginal = min(own) - fixed / BUFFERS_PER_TRANSFER
        return "%.2f | %.2f" % (marginal, marginal / (min(vertx) - vertx_fixed / BUFFERS_PER_TRANSFER))

    lines += table(variants, sizes, "%d B ns/buffer | vs Reactor | vs Vert.x", 3, median_cell)
    lines += ["", "## Compiled shapes: each variant's fastest and slowest fork (ns/buffer, median of its iterations)",
              ""]
    lines += table(variants, sizes, "%d B fastest | slowest | fastest vs Vert.x's fastest", 3, shape_cell)
    lines += ["", "## Without a transfer's fixed cost: the fastest fork minus the cost of a transfer "
              "(PumpTransferBenchmark) spread over the %d buffers of one" % BUFFERS_PER_TRANSFER, ""]
    lines += table(variants, sizes, "%d B ns/buffer | vs Vert.x", 2, marginal_cell)
    lines += ["", "## Cost of a transfer beside its buffers (PumpTransferBenchmark, ns per transfer of one buffer)",
              "", "| variant | ns/transfer | vs Vert.x |", "|---|---|---|"]
    for variant in ["vertxPipeTo", "pump", "pumpManaged", "pumpWithLimit", "pumpWithMetrics", "pumpWithObservation"]:
        value = transfers.get(variant)
        vertx = transfers.get("vertxPipeTo")
        lines.append("| %s | %s | %s |" % (variant, "%.0f" % value if value else "-",
                                            "%.1f" % (value / vertx) if value and vertx else "-"))
    with open(os.path.join(args.out, "jmh-results.md"), "w") as file:
        file.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
