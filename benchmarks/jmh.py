#!/usr/bin/env python3
"""Runs PumpBenchmark (JMH) and writes medians and ratios to benchmarks/results/.

Each fork is a round; the median is taken over every measured iteration of every
fork, so one noisy fork cannot move it much. Ratios compare each variant with the
plain Reactor loop (the floor) and with Vert.x's pipe at the same buffer size.
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


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--forks", type=int, default=3)
    parser.add_argument("--iterations", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="1 fork, 2 short iterations: a smoke run")
    parser.add_argument("--out", default=os.path.join(HERE, "results"))
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    raw = os.path.join(args.out, "jmh-raw.json")
    timing = ["-f", "1", "-wi", "2", "-w", "500ms", "-i", "2", "-r", "500ms"] if args.quick else [
        "-f", str(args.forks), "-wi", "5", "-w", "1s", "-i", str(args.iterations), "-r", "1s"]
    load_before = os.getloadavg()[0]
    subprocess.run(["java", "-jar", BENCH_JAR, "PumpBenchmark", *timing, "-rf", "json", "-rff", raw], check=True)
    with open(raw) as file:
        results = json.load(file)
    medians = {}
    for result in results:
        variant = result["benchmark"].rsplit(".", 1)[1]
        size = int(result["params"]["bufferSize"])
        scores = [score for fork in result["primaryMetric"]["rawData"] for score in fork]
        medians[(variant, size)] = statistics.median(scores)
    sizes = sorted({size for _, size in medians})
    variants = ["reactorLoop", "vertxPipeTo", "pump", "pumpManaged", "pumpWithLimit", "pumpWithObservation",
                "pumpWithMetrics"]
    lines = ["# JMH: cost per buffer (ns, lower is better)", "",
             "%s; 1-min load before %.2f, after %.2f; %s" % (
                 time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), load_before, os.getloadavg()[0],
                 "quick" if args.quick else "%d forks x %d iterations" % (args.forks, args.iterations)), "",
             "| variant | " + " | ".join("%d B ns/buffer | vs Reactor | vs Vert.x" % s for s in sizes) + " |",
             "|---|" + "---|---|---|" * len(sizes)]
    for variant in variants:
        cells = []
        for size in sizes:
            value = medians.get((variant, size))
            floor = medians.get(("reactorLoop", size))
            vertx = medians.get(("vertxPipeTo", size))
            cells.append("%.1f | %.2f | %.2f" % (value, value / floor, value / vertx) if value and floor and vertx
                         else "- | - | -")
        lines.append("| %s | %s |" % (variant, " | ".join(cells)))
    with open(os.path.join(args.out, "jmh-results.md"), "w") as file:
        file.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
