#!/usr/bin/env python3
"""Download benchmark: pump downloads against what a user of each stack writes.

Plain HTTP/1.1 (all zero-copy): the service's GET (pump, FileResponses.send), the
library alone (pump-minimal, FileResponses.serve), WebFlux returning a FileSystemResource
(webflux) and Vert.x response.sendFile (vertx). Through TLS and HTTP/2 over TLS (copying
paths): pump-minimal against WebFlux's FileSystemResource on the same transport.

Tests: one 1 GiB download, and 16 parallel downloads of a 64 MiB file (curl --parallel;
through TLS and h2 256 MiB and 16 x 16 MiB, as the JDK's TLS runs at tens of MB/s here),
MB/s and server CPU seconds (user + system, from the scheduler's nanosecond accounting in /proc) per GiB sent. Interleaved rounds,
medians. Writes benchmarks/results/downloads-results.{json,md}. Python 3 standard library
and curl; reuses e2e.py's Server. See benchmarks/README.md.
"""

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time

import e2e
from e2e import MIB, log
from pagecache import same_page_cache
import warmup

PASSWORD = "changeit"
# variant: (server kind, transport, path prefix)
PLAIN = {"pump": ("pump", "http", "/files/"), "pump-minimal": ("pump-minimal", "http", "/files/"),
         "webflux": ("webflux", "http", "/resources/"), "vertx": ("vertx", "http", "/sendfile/")}
TLS = {"pump-minimal-tls": ("pump-minimal", "tls", "/files/"), "webflux-tls": ("webflux", "tls", "/resources/")}
H2 = {"pump-minimal-h2": ("pump-minimal", "h2", "/files/"), "webflux-h2": ("webflux", "h2", "/resources/")}
GROUPS = {"plain": (PLAIN, ("pump", "pump-minimal"), ("webflux", "vertx")),
          "tls": (TLS, ("pump-minimal-tls",), ("webflux-tls",)),
          "h2": (H2, ("pump-minimal-h2",), ("webflux-h2",))}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="smoke run: 2 rounds, 128 MiB, 16 x 8 MiB")
    parser.add_argument("--rounds", type=int, default=11)
    parser.add_argument("--size-mib", type=int, default=1024)
    parser.add_argument("--parallel", type=int, default=16)
    parser.add_argument("--parallel-size-mib", type=int, default=64)
    parser.add_argument("--secure-size-mib", type=int, default=256,
                        help="size of one download through TLS and h2 (the JDK's TLS is slow here)")
    parser.add_argument("--groups", default="plain,tls,h2")
    warmup.add_arguments(parser, 40)
    parser.add_argument("--warmup-requests", type=int, default=2000,
                        help="small downloads per warm-up batch, for the JIT")
    parser.add_argument("--max-warmup-batches", type=int, default=60,
                        help="most warm-up batches of small downloads per server while its JIT is still busy")
    parser.add_argument("--keep-page-cache", action="store_true",
                        help="do not drop the page cache and read the servers' files back before the tests")
    parser.add_argument("--skip-build", action="store_true")
    parser.add_argument("--out", default=os.path.join(e2e.HERE, "results"))
    args = parser.parse_args()
    if args.quick:
        args.rounds, args.size_mib, args.parallel_size_mib, args.secure_size_mib = 2, 128, 8, 32
        args.warmup_requests, args.max_warmup_batches, args.max_warmup_rounds = 200, 1, 2
    return args


class Server(e2e.Server):
    """An e2e server on a transport: TLS and h2 through ServerTransport's properties."""

    def __init__(self, kind, transport, port, directory, keystore):
        self.transport = transport
        jvm = list(e2e.JVM_OPTS)
        if transport != "http":
            jvm.append("-Dbench.keystore=" + keystore)
        if transport == "h2":
            jvm.append("-Dbench.h2=true")
        super().__init__(kind, port, directory, jvm=jvm)

    def base(self):
        return "%s://127.0.0.1:%d" % ("http" if self.transport == "http" else "https", self.port)

    def url(self, key):
        return self.base() + "/files/" + key

    def wait_ready(self, timeout=60):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("%s exited, see %s" % (self.name, self.log_path))
            if subprocess.run(["curl", "-s", "-k", "-o", "/dev/null", self.base() + "/files/not-there"]).returncode == 0:
                return
            time.sleep(0.3)
        raise RuntimeError("%s not ready after %ds" % (self.name, timeout))


def curl_options(transport):
    return {"http": ["--http1.1"], "tls": ["-k", "--http1.1"], "h2": ["-k", "--http2"]}[transport]


def one(server, url, size):
    finished = subprocess.run(["curl", "-s", "-S", *curl_options(server.transport), "-o", "/dev/null", "-w",
                               "%{http_code} %{size_download} %{time_total}", url],
                              capture_output=True, text=True, timeout=900)
    code, down, seconds = finished.stdout.split()
    if finished.returncode != 0 or int(code) != 200 or int(down) != size:
        raise RuntimeError("download of %s: %s %s" % (url, finished.stdout, finished.stderr))
    return size / float(seconds) / 1e6


def parallel(server, url, count, size):
    outputs = []
    for _ in range(count):
        outputs += [url, "-o", "/dev/null"]
    started = time.perf_counter()
    finished = subprocess.run(["curl", "-s", "-S", *curl_options(server.transport), "--parallel",
                               "--parallel-immediate", "--parallel-max", str(count), "-w",
                               "%{http_code} %{size_download}\n", *outputs],
                              capture_output=True, text=True, timeout=900)
    elapsed = time.perf_counter() - started
    ok = [line for line in finished.stdout.splitlines() if line == "200 %d" % size]
    if len(ok) != count:
        raise RuntimeError("parallel downloads of %s: %s %s" % (url, finished.stdout, finished.stderr))
    return count * size / elapsed / 1e6


def warm(server, url, args):
    """Small downloads in batches of --warmup-requests, 16 at a time, a quarter of them on a
    connection of their own (Connection: close, so that per-connection code compiles too),
    until the server's JIT is quiet (see warmup.until_quiet), at most --max-warmup-batches. They
    compile the request path (routing, headers, the pump's set-up) that a handful of large
    downloads leaves to the JIT while measured: the Spring Boot service needs some 100 000
    of them on 2 cores, a 200-line server some 60 000. Returns the number of batches."""
    closing = args.warmup_requests // 4

    def batch():
        before, jit_before = server.cpu_seconds(), server.jit_cpu_seconds()
        small_downloads(server, url, args.warmup_requests - closing, [])
        small_downloads(server, url, closing, ["-H", "Connection: close"])
        return server.cpu_seconds() - before, server.jit_cpu_seconds() - jit_before

    return warmup.until_quiet(batch, 1, args.max_warmup_batches, args.quiet_jit)


def small_downloads(server, url, requests, headers):
    outputs = []
    for _ in range(requests):
        outputs += [url, "-o", "/dev/null"]
    finished = subprocess.run(["curl", "-s", "-S", *curl_options(server.transport), *headers, "--parallel",
                               "--parallel-max", "16", "-w", "%{http_code}\n", *outputs],
                              capture_output=True, text=True, timeout=900)
    if finished.stdout.splitlines().count("200") != requests:
        raise RuntimeError("warm-up downloads of %s failed: %s" % (url, finished.stderr))


def settle(run_once, args):
    """Discard rounds of one test on one server until its JIT is quiet (at least
    --warmup-rounds, at most --max-warmup-rounds). A Spring Boot service compiles its
    request path for tens of rounds after the small downloads; measured meanwhile it would
    pay for warm-up, which a long-running server does not. Returns how many rounds it took."""
    def round_once():
        _, spent, jit_spent, _ = run_once()
        return spent, jit_spent

    return warmup.until_quiet(round_once, args.warmup_rounds, args.max_warmup_rounds, args.quiet_jit)


def keytool(work):
    keystore = os.path.join(work, "server.p12")
    subprocess.run(["keytool", "-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048",
                    "-validity", "2", "-dname", "CN=localhost", "-ext", "san=ip:127.0.0.1", "-storetype",
                    "PKCS12", "-keystore", keystore, "-storepass", PASSWORD, "-keypass", PASSWORD],
                   check=True, capture_output=True)
    return keystore


def real_file(path, size):
    chunk = os.urandom(MIB)
    with open(path, "wb") as file:
        for _ in range(size // MIB):
            file.write(chunk)


def run_group(group, args, work, keystore, files):
    variants, candidates, peers = GROUPS[group]
    servers = {}
    tests = ("one", "parallel")
    samples = {t: {v: [] for v in variants} for t in tests}
    cpu = {t: {v: [] for v in variants} for t in tests}
    serving_cpu = {t: {v: [] for v in variants} for t in tests}
    jit_share = {t: {v: [] for v in variants} for t in tests}
    discarded = {t: {} for t in tests}
    batches = {}
    secure = group != "plain"
    sizes = {"one": (args.secure_size_mib if secure else args.size_mib) * MIB,
             "parallel": (args.parallel_size_mib // 4 if secure else args.parallel_size_mib) * MIB}
    try:
        for index, (variant, (kind, transport, prefix)) in enumerate(variants.items()):
            directory = os.path.join(work, variant)
            servers[variant] = Server(kind, transport, 18181 + index, directory, keystore)
            for key, source in files.items():
                if kind == "pump":
                    # The service keeps its own files: upload the object.
                    subprocess.run(["curl", "-s", "-S", "-f", "-H", "Expect:", "-T", source,
                                    servers[variant].url(key), "-o", "/dev/null"], check=True)
                else:
                    os.link(source, os.path.join(directory, key))
            batches[variant] = warm(servers[variant], servers[variant].base() + prefix + "tiny", args)
            log("%-5s %-17s warm after %d batches of %d small downloads" % (
                group, variant, batches[variant], args.warmup_requests))
        if not args.keep_page_cache:
            same_page_cache([work], log)
        for test in tests:
            key = ("big" if test == "one" else "small") + ("-secure" if secure else "")

            def run_once(variant):
                """One download test on one server: MB/s, CPU seconds, JIT CPU seconds, bytes."""
                server = servers[variant]
                url = server.base() + variants[variant][2] + key
                before, jit_before = server.cpu_seconds(), server.jit_cpu_seconds()
                if test == "one":
                    mbps, moved = one(server, url, sizes[test]), sizes[test]
                else:
                    mbps = parallel(server, url, args.parallel, sizes[test])
                    moved = args.parallel * sizes[test]
                return mbps, server.cpu_seconds() - before, server.jit_cpu_seconds() - jit_before, moved

            for variant in variants:
                discarded[test][variant] = settle(lambda: run_once(variant), args)
                log("%-5s %-8s %-17s warm after %d discarded rounds" % (group, test, variant,
                                                                      discarded[test][variant]))
            for round_index in range(1, args.rounds + 1):
                order = list(variants)
                shift = round_index % len(order)
                for variant in order[shift:] + order[:shift]:
                    mbps, spent, jit_spent, moved = run_once(variant)
                    samples[test][variant].append(mbps)
                    cpu[test][variant].append(spent / (moved / 2**30))
                    serving_cpu[test][variant].append((spent - jit_spent) / (moved / 2**30))
                    jit_share[test][variant].append(jit_spent / spent if spent else 0.0)
                    log("%-5s %-8s round %d %-17s %8.1f MB/s, JIT %2.0f%% of CPU" % (
                        group, test, round_index, variant, mbps, 100 * jit_share[test][variant][-1]))
    finally:
        for server in servers.values():
            server.stop()
    summary = {}
    for test in tests:
        medians = {v: statistics.median(s) for v, s in samples[test].items()}
        cpu_medians = {v: statistics.median(s) for v, s in cpu[test].items()}
        best_peer = max(peers, key=lambda p: medians[p])
        serving_medians = {v: statistics.median(s) for v, s in serving_cpu[test].items()}
        least_cpu_peer = min(peers, key=lambda p: cpu_medians[p])
        least_serving_peer = min(peers, key=lambda p: serving_medians[p])
        summary[test] = {"median_mbps": medians, "samples_mbps": samples[test], "samples_cpu": cpu[test],
                         "samples_serving_cpu": serving_cpu[test],
                         "cpu_seconds_per_gib": cpu_medians, "serving_cpu_seconds_per_gib": serving_medians,
                         "best_peer": best_peer, "warmup_rounds": discarded[test], "warmup_batches": batches,
                         "jit_share_median": {v: statistics.median(s) for v, s in jit_share[test].items()},
                         "ratios": {c: {"vs_best_peer": medians[c] / medians[best_peer],
                                        "cpu_vs_least_peer": cpu_medians[c] / cpu_medians[least_cpu_peer],
                                        "serving_cpu_vs_least_peer": serving_medians[c] / serving_medians[least_serving_peer]}
                                    for c in candidates},
                         "intervals": {c: {"vs_best_peer": ratio_interval(samples[test][c], samples[test][best_peer]),
                                           "cpu_vs_least_peer": ratio_interval(cpu[test][c], cpu[test][least_cpu_peer]),
                                           "serving_cpu_vs_least_peer": ratio_interval(serving_cpu[test][c],
                                                                                       serving_cpu[test][least_serving_peer])}
                                       for c in candidates}}
    return summary


def ratio_interval(candidate, peer, resamples=2000):
    """95% bootstrap interval of median(candidate) / median(peer). A server's CPU per GiB
    varies by 10 to 30% between rounds here (the kernel's sendfile is most of it), so a
    median ratio of 21 rounds moves by some 5% between runs: the interval says how far.
    Rounds are resampled in pairs, as round i of both ran back to back."""
    rng = random.Random(20261128)
    count = len(candidate)
    ratios = []
    for _ in range(resamples):
        picks = [rng.randrange(count) for _ in range(count)]
        ratios.append(statistics.median(candidate[i] for i in picks) / statistics.median(peer[i] for i in picks))
    ratios.sort()
    return [ratios[int(0.025 * resamples)], ratios[int(0.975 * resamples) - 1]]


def write_results(args, report):
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "downloads-results.json"), "w") as file:
        json.dump(report, file, indent=2)
    lines = ["# Download results", "", "Machine: %(cpu)s, %(cores)d cores, %(java)s, %(date)s, "
             "1-min load before %(load_before).2f, after %(load_after).2f" % report["machine"], "",
             "Medians of %d interleaved rounds. Before them each server downloaded a 64 KiB file in batches "
             "of %d (16 at a time, a quarter on connections of their own) until its JIT compiler threads spent "
             "under %.0f%% of its CPU in two batches in a row (at most %d batches), then ran discarded rounds of "
             "each test until the same held for two rounds (at least %d, at most %d rounds); both counts are in "
             "the tables. One download of %d MiB, and %d parallel downloads of %d MiB (TLS and h2: %d MiB, and "
             "%d x %d MiB). CPU: server user + system seconds per GiB sent (/proc/<pid>/task/*/schedstat, ns); serving: the same without the JIT "
             "compiler's threads; JIT: their median share of the server's CPU in the measured rounds. In brackets: "
             "95%% bootstrap intervals of the ratios (rounds resampled in pairs)." % (
                 args.rounds, args.warmup_requests, 100 * args.quiet_jit, args.max_warmup_batches,
                 args.warmup_rounds, args.max_warmup_rounds, args.size_mib, args.parallel, args.parallel_size_mib,
                 args.secure_size_mib, args.parallel, args.parallel_size_mib // 4), ""]
    for group, tests in report["groups"].items():
        lines += ["## " + group, "", "| test | variant | warm-up batches, rounds | MB/s | CPU s/GiB | serving CPU s/GiB | JIT "
                  "| MB/s vs best peer | CPU vs least peer | serving CPU vs least peer |",
                  "|---|---|---|---|---|---|---|---|---|---|"]
        for test, row in tests.items():
            for variant, mbps in row["median_mbps"].items():
                lines.append("| %s | %s | %d, %d | %.0f | %.3f | %.3f | %.0f%% | %s | %s | %s |" % (
                    test, variant, row["warmup_batches"][variant], row["warmup_rounds"][variant], mbps, row["cpu_seconds_per_gib"][variant],
                    row["serving_cpu_seconds_per_gib"][variant], 100 * row["jit_share_median"][variant],
                    *(cell(row, variant, key) for key in (
                        "vs_best_peer", "cpu_vs_least_peer", "serving_cpu_vs_least_peer"))))
        lines.append("")
    with open(os.path.join(args.out, "downloads-results.md"), "w") as file:
        file.write("\n".join(lines) + "\n")
    print("\n".join(lines))


def cell(row, variant, key):
    """A candidate's ratio with its interval; empty for a peer."""
    if variant not in row["ratios"]:
        return ""
    return "%.2f (%.2f to %.2f)" % (row["ratios"][variant][key], *row["intervals"][variant][key])


def main():
    args = parse_args()
    if not args.skip_build:
        e2e.build()
    work = os.path.join(e2e.HERE, "target", "downloads")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    report = {"machine": e2e.machine(), "settings": {k: v for k, v in vars(args).items() if k != "out"},
              "groups": {}}
    started = time.time()
    try:
        keystore = keytool(work)
        files = {"big": os.path.join(work, "big.bin"), "small": os.path.join(work, "small.bin"),
                 "big-secure": os.path.join(work, "big-secure.bin"),
                 "small-secure": os.path.join(work, "small-secure.bin"), "tiny": os.path.join(work, "tiny.bin")}
        with open(files["tiny"], "wb") as tiny:
            tiny.write(os.urandom(64 * 1024))
        real_file(files["big"], args.size_mib * MIB)
        real_file(files["small"], args.parallel_size_mib * MIB)
        real_file(files["big-secure"], args.secure_size_mib * MIB)
        real_file(files["small-secure"], args.parallel_size_mib // 4 * MIB)
        for group in args.groups.split(","):
            report["groups"][group] = run_group(group, args, work, keystore, files)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report["machine"]["load_after"] = os.getloadavg()[0]
    report["seconds"] = round(time.time() - started)
    write_results(args, report)
    log("done in %ds" % report["seconds"])


if __name__ == "__main__":
    sys.exit(main())
