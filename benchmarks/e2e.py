#!/usr/bin/env python3
"""End-to-end benchmark: the pump service and the pump alone against plain WebFlux and Vert.x 5.

Starts the four servers on 127.0.0.1 (each on its own port, data directory and
JVM with the same options), then measures in interleaved rounds (A B C D, B C D A, ...):
  - 1 GiB uploads (curl -T), MB/s
  - 1 GiB downloads (curl), MB/s
  - 64 concurrent 16 MiB uploads to 64 keys (curl --parallel), MB/s over the whole batch
    and, meanwhile, the latency of a small request (a GET every 20 ms)
and a memory run: a 2 GiB upload into storage throttled to 50 MB/s with -Xmx64m,
sampling heap, direct memory (actuator) and RSS (/proc). Writes medians and ratios
to benchmarks/results/, and draws the chart with the Java ChartWriter.

Python 3 standard library only. See benchmarks/README.md.
"""

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

from pagecache import same_page_cache
import warmup

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BENCH_JAR = os.path.join(HERE, "target", "benchmarks.jar")
SERVICE_JAR = os.path.join(ROOT, "demo-app", "target", "demo-app-0.1.0-SNAPSHOT.jar")
MIB = 1024 * 1024
VARIANTS = ["pump", "pump-minimal", "webflux", "vertx"]
CANDIDATES = ("pump", "pump-minimal")
BASELINES = ("webflux", "vertx")
PORTS = {"pump": 18081, "webflux": 18082, "vertx": 18083, "pump-minimal": 18084}
# What a user of each stack writes for a file download: the service and pump-minimal
# send with sendfile through the pump, WebFlux returns a FileSystemResource, Vert.x calls
# sendFile (their /files/ GETs copy through user space, a slower way nobody writes).
DOWNLOAD_PATHS = {"pump": "/files/", "pump-minimal": "/files/", "webflux": "/resources/", "vertx": "/sendfile/"}
MAIN_CLASSES = {"pump-minimal": "PumpMinimalServer", "webflux": "WebFluxBaselineServer",
                "vertx": "VertxBaselineServer"}
JVM_OPTS = ["-Xms256m", "-Xmx1g"]
# In this order: the download test reads the file the upload test wrote.
MEASURED_TESTS = ("upload", "download", "concurrent")


def log(message):
    print(time.strftime("%H:%M:%S"), message, flush=True)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true",
                        help="smoke run: 2 rounds, 128 MiB transfers, 16 x 16 MiB, 256 MiB memory run")
    parser.add_argument("--rounds", type=int, default=5)
    warmup.add_arguments(parser, 8)
    parser.add_argument("--size-mib", type=int, default=1024, help="size of one upload/download")
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--concurrent-size-mib", type=int, default=16)
    parser.add_argument("--memory-size-mib", type=int, default=2048)
    parser.add_argument("--throttle", default="50MB", help="storage throttle of the memory run")
    parser.add_argument("--write-queue", default="256KB", help="pump.write-queue-max-size")
    parser.add_argument("--keep-page-cache", action="store_true",
                        help="do not drop the page cache and read the servers' files back before the downloads")
    parser.add_argument("--skip-build", action="store_true")
    parser.add_argument("--skip-throughput", action="store_true")
    parser.add_argument("--skip-memory", action="store_true")
    parser.add_argument("--out", default=os.path.join(HERE, "results"))
    args = parser.parse_args()
    if args.quick:
        args.rounds, args.size_mib, args.concurrency, args.memory_size_mib = 2, 128, 16, 256
        args.warmup_rounds, args.max_warmup_rounds = 1, 2
    return args


def build():
    # clean: without it, a demo-app whose own classes did not change keeps its old jar,
    # and the run would measure an older library.
    log("building the service and the benchmarks (tests skipped)")
    subprocess.run([os.path.join(ROOT, "mvnw"), "-B", "-ntp", "-q", "-Pbenchmarks", "-pl", "benchmarks,demo-app",
                    "-am", "clean", "package", "-DskipTests"], cwd=ROOT, check=True)


def ensure_curl():
    # --parallel (7.66 and later) drives the concurrent uploads: one process, many keys.
    if shutil.which("curl") is None:
        log("installing curl from Debian's packages")
        subprocess.run(["apt-get", "install", "-y", "-qq", "curl"], check=True)


class Server:
    """One server process, started on 127.0.0.1 and stopped by its own pid."""

    def __init__(self, name, port, directory, jvm=tuple(JVM_OPTS), extra_args=()):
        self.name, self.port, self.directory = name, port, directory
        os.makedirs(directory, exist_ok=True)
        if name == "pump":
            command = ["java", *jvm, "-jar", SERVICE_JAR, "--server.address=127.0.0.1",
                       "--server.port=%d" % port, "--demo.storage.directory=" + directory,
                       "--logging.level.root=WARN", *extra_args]
        else:
            command = ["java", *jvm, "-cp", BENCH_JAR, "dev.pump.benchmarks.servers." + MAIN_CLASSES[name],
                       str(port), directory]
        self.log_path = directory + ".log"
        self.log_file = open(self.log_path, "w")
        self.process = subprocess.Popen(command, stdout=self.log_file, stderr=subprocess.STDOUT)
        self.wait_ready()

    def cpu_seconds(self):
        """CPU time of the server's threads so far, in nanoseconds of the scheduler's own
        accounting (/proc/<pid>/task/*/schedstat), not the 10 ms ticks of /proc/<pid>/stat:
        a round of 1 GiB costs some 20 ticks, so one tick more was a 5% difference. A thread
        that ends during a round takes its time with it; the servers' threads live on."""
        return self._threads_cpu_seconds(lambda name: True)

    def jit_cpu_seconds(self):
        """CPU time of the server's JIT compiler threads so far: a server still compiling
        its request path spends it on top of serving."""
        return self._threads_cpu_seconds(lambda name: name.startswith(("C1 CompilerThre", "C2 CompilerThre")))

    def _threads_cpu_seconds(self, counted):
        total = 0
        task_dir = "/proc/%d/task" % self.process.pid
        for task in os.listdir(task_dir):
            try:
                with open(os.path.join(task_dir, task, "comm")) as comm:
                    name = comm.read().rstrip("\n")
                with open(os.path.join(task_dir, task, "schedstat")) as schedstat:
                    nanos = int(schedstat.read().split()[0])
            except (FileNotFoundError, ProcessLookupError):
                continue
            if counted(name):
                total += nanos
        return total / 1e9

    def url(self, key):
        return "http://127.0.0.1:%d/files/%s" % (self.port, key)

    def download_url(self, key):
        return "http://127.0.0.1:%d%s%s" % (self.port, DOWNLOAD_PATHS[self.name], key)

    def wait_ready(self, timeout=60):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("%s exited, see %s" % (self.name, self.log_path))
            try:
                urllib.request.urlopen(self.url("not-there"), timeout=2)
                return
            except urllib.error.HTTPError:
                return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("%s not ready after %ds" % (self.name, timeout))

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log_file.close()


def sparse_file(path, size):
    with open(path, "wb") as file:
        file.truncate(size)


def curl(args, what):
    finished = subprocess.run(["curl", "-s", "-S", "-H", "Expect:", "-o", "/dev/null", "-w",
                               "%{http_code} %{time_total} %{size_upload} %{size_download}", *args],
                              capture_output=True, text=True, timeout=600)
    if finished.returncode != 0:
        raise RuntimeError("%s: curl exited with %d: %s (after %s)" % (
            what, finished.returncode, finished.stderr.strip(), finished.stdout.strip()))
    output = finished.stdout.split()
    code, seconds, up, down = int(output[0]), float(output[1]), float(output[2]), float(output[3])
    if code >= 300:
        raise RuntimeError("%s answered %d" % (what, code))
    return (up if what == "upload" else down) / seconds / 1e6


def warm_page_cache(work, size):
    """Write and delete a file a bit larger than the next transfer, so that the transfer
    writes into page-cache pages freed a moment ago. On this virtual machine the guest
    hands memory it has left free for a few seconds back to the host (free page
    reporting), and the first write to such a page costs a fault in the host: writing 1 GiB
    into the page cache took 0.19 s of CPU time right after a delete and 2.3 to 2.5 s five
    seconds after one. Without this, whichever variant happened to get cold pages paid up to
    2 CPU-seconds per GiB more."""
    path = os.path.join(work, "warm.bin")
    chunk = bytes(MIB)
    with open(path, "wb") as file:
        for _ in range(size // MIB + 64):
            file.write(chunk)
    os.remove(path)


def timed_sync():
    started = time.time()
    subprocess.run(["sync"], check=True)
    return time.time() - started


def upload(server, body, key, durable=None):
    """MB/s until the response; with a dict as durable, also until a following sync has
    put the bytes on disk (the service forces before it answers, the others do not)."""
    warm_page_cache(os.path.dirname(body), os.path.getsize(body))
    subprocess.run(["sync"], check=True)
    mbps = curl(["-T", body, "-H", "Content-Type: application/octet-stream", server.url(key)], "upload")
    if durable is not None:
        size = os.path.getsize(body)
        durable["mbps"] = size / (size / mbps / 1e6 + timed_sync()) / 1e6
    return mbps


def download(server, key, expected):
    subprocess.run(["sync"], check=True)
    mbps = curl([server.download_url(key)], "download")
    return mbps


def probe_latency(server, stop, latencies):
    """Time a small request (GET of a missing key) every 20 ms until stop is set, in ms."""
    while not stop.is_set():
        started = time.perf_counter()
        try:
            urllib.request.urlopen(server.url("latency-probe"), timeout=60).read()
        except urllib.error.HTTPError as error:
            error.read()
        latencies.append((time.perf_counter() - started) * 1000)
        stop.wait(0.02)


def concurrent_uploads(server, body, count, size, durable=None, latencies=None):
    """count uploads of body at once, each to a key of its own (concurrent1, concurrent2...),
    all connections opened at the start; MB/s from the start until the last response."""
    warm_page_cache(os.path.dirname(body), count * size)
    subprocess.run(["sync"], check=True)
    stop = threading.Event()
    probe = threading.Thread(target=probe_latency, args=(server, stop, latencies if latencies is not None else []))
    probe.start()
    try:
        started = time.perf_counter()
        output = subprocess.run(["curl", "-s", "-S", "--parallel", "--parallel-immediate", "--parallel-max",
                                 str(count), "-H", "Expect:", "-H", "Content-Type: application/octet-stream",
                                 "-T", body, server.url("concurrent[1-%d]" % count), "-o", "/dev/null",
                                 "-w", "%{http_code}\n"], capture_output=True, text=True, timeout=600).stdout
        total = time.perf_counter() - started
    finally:
        stop.set()
        probe.join()
    ok = sum(1 for code in output.split() if code.startswith("2"))
    if ok != count:
        raise RuntimeError("concurrent uploads to %s: %d of %d succeeded: %s" % (server.name, ok, count, output))
    if durable is not None:
        durable["mbps"] = count * size / (total + timed_sync()) / 1e6
    return count * size / total / 1e6


def clean_concurrent(server):
    for name in os.listdir(server.directory):
        if name.startswith("concurrent"):
            os.remove(os.path.join(server.directory, name))


def rotations(rounds):
    for round_index in range(rounds):
        shift = round_index % len(VARIANTS)
        yield round_index, VARIANTS[shift:] + VARIANTS[:shift]


def throughput(args, work):
    body = os.path.join(work, "body.bin")
    small = os.path.join(work, "small.bin")
    sparse_file(body, args.size_mib * MIB)
    sparse_file(small, args.concurrent_size_mib * MIB)
    servers = {}
    tests = ("upload", "upload_durable", "download", "concurrent", "concurrent_durable")
    samples = {test: {v: [] for v in VARIANTS} for test in tests}
    cpu = {test: {v: [] for v in VARIANTS} for test in MEASURED_TESTS}
    # The JIT compiler threads' share of each round's server CPU: a server still compiling
    # the code of a test pays for it on top of the transfer.
    jit = {test: {v: [] for v in VARIANTS} for test in MEASURED_TESTS}
    discarded = {test: {} for test in MEASURED_TESTS}
    latencies = {v: [] for v in VARIANTS}
    try:
        for variant in VARIANTS:
            servers[variant] = Server(variant, PORTS[variant], os.path.join(work, variant))
        for test in MEASURED_TESTS:
            if test == "download" and not args.keep_page_cache:
                # Each server wrote its own file: give all of them the same page cache.
                same_page_cache([os.path.join(work, variant) for variant in VARIANTS], log)
            for variant in VARIANTS:
                discarded[test][variant] = warmup.until_quiet(
                    lambda: timed_round(test, servers[variant], body, small, args)[1:3],
                    args.warmup_rounds, args.max_warmup_rounds, args.quiet_jit)
                log("%-10s %-12s warm after %d discarded round(s)" % (test, variant, discarded[test][variant]))
            for round_index, order in rotations(args.rounds):
                for variant in order:
                    mbps, cpu_used, jit_used, durable = timed_round(test, servers[variant], body, small, args,
                                                                    latencies[variant])
                    jit_share = jit_used / cpu_used if cpu_used > 0 else 0.0
                    jit[test][variant].append(jit_share)
                    transferred = args.size_mib * MIB if test != "concurrent" else (
                        args.concurrency * args.concurrent_size_mib * MIB)
                    cpu[test][variant].append(cpu_used / (transferred / 2**30))
                    samples[test][variant].append(mbps)
                    if durable:
                        samples[test + "_durable"][variant].append(durable["mbps"])
                    log("%-10s round %d %-8s %8.1f MB/s%s, JIT %2.0f%% of CPU" % (test, round_index + 1, variant, mbps,
                        (", durable %.1f MB/s" % durable["mbps"]) if durable else "", 100 * jit_share))
    finally:
        for server in servers.values():
            server.stop()
    return samples, cpu, jit, discarded, latencies


def timed_round(test, server, body, small, args, latencies=None):
    """One round of a test on one server: MB/s, the server's CPU seconds and its JIT
    compiler threads' CPU seconds during it, and a dict with the durable MB/s of uploads."""
    durable = {}
    cpu_before, jit_before = server.cpu_seconds(), server.jit_cpu_seconds()
    mbps = run_test(test, server, body, small, args, durable, latencies)
    return mbps, server.cpu_seconds() - cpu_before, server.jit_cpu_seconds() - jit_before, durable


def run_test(test, server, body, small, args, durable, latencies=None):
    """One transfer of a test against one server: MB/s, and durable MB/s into the dict."""
    if test == "upload":
        return upload(server, body, "big", durable)
    if test == "download":
        return download(server, "big", args.size_mib * MIB)
    mbps = concurrent_uploads(server, small, args.concurrency, args.concurrent_size_mib * MIB, durable, latencies)
    clean_concurrent(server)
    return mbps


def metric(port, name, tag):
    url = "http://127.0.0.1:%d/actuator/metrics/%s?tag=%s" % (port, name, tag)
    with urllib.request.urlopen(url, timeout=5) as response:
        document = json.load(response)
    return next(m["value"] for m in document["measurements"] if m["statistic"] == "VALUE")


def proc_status(pid, field):
    with open("/proc/%d/status" % pid) as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    return 0


def memory(args, work):
    body = os.path.join(work, "memory.bin")
    sparse_file(body, args.memory_size_mib * MIB)
    server = Server("pump", PORTS["pump"] + 10, os.path.join(work, "memory"), jvm=["-Xmx64m"],
                    extra_args=["--demo.storage.throttle=" + args.throttle,
                                "--pump.write-queue-max-size=" + args.write_queue])
    peaks = {"heap": 0.0, "direct": 0.0, "rss": 0}
    try:
        idle = {"heap": metric(server.port, "jvm.memory.used", "area:heap"),
                "direct": metric(server.port, "jvm.buffer.memory.used", "id:direct"),
                "rss": proc_status(server.process.pid, "VmRSS")}
        result = {}
        transfer = threading.Thread(target=lambda: result.update(mbps=upload(server, body, "memory")))
        log("memory run: %d MiB into storage throttled to %s, -Xmx64m" % (args.memory_size_mib, args.throttle))
        transfer.start()
        while transfer.is_alive():
            peaks["heap"] = max(peaks["heap"], metric(server.port, "jvm.memory.used", "area:heap"))
            peaks["direct"] = max(peaks["direct"], metric(server.port, "jvm.buffer.memory.used", "id:direct"))
            peaks["rss"] = max(peaks["rss"], proc_status(server.process.pid, "VmRSS"))
            transfer.join(0.5)
        peaks["hwm"] = proc_status(server.process.pid, "VmHWM")
        if "mbps" not in result:
            with open(server.log_path) as log_file:
                tail = log_file.read()[-4000:]
            raise RuntimeError("the memory run's upload failed; the end of the service's log:\n" + tail)
        return {"idle": idle, "peak": peaks, "upload_mbps": result["mbps"]}
    finally:
        server.stop()


def summarize(samples):
    summary = {}
    for test, by_variant in samples.items():
        medians = {v: statistics.median(s) for v, s in by_variant.items() if s}
        if not medians:
            continue
        best_baseline = max(medians[b] for b in BASELINES)
        # The same ratio within each round, whose transfers ran a minute apart at most: a
        # machine whose speed drifts during the run moves it less than the medians.
        best_per_round = [max(round_samples) for round_samples in zip(*(by_variant[b] for b in BASELINES))]
        ratios = {}
        for candidate in CANDIDATES:
            ratios[candidate] = {
                "vs_webflux": medians[candidate] / medians["webflux"],
                "vs_vertx": medians[candidate] / medians["vertx"],
                "vs_best_baseline": medians[candidate] / best_baseline,
                "vs_best_per_round_median": statistics.median(
                    [c / b for c, b in zip(by_variant[candidate], best_per_round)])}
        summary[test] = {"median_mbps": medians, "samples_mbps": by_variant, "ratios": ratios}
    return summary


def latency_summary(latencies):
    ordered = sorted(latencies)
    if not ordered:
        return {"samples": 0}
    return {"samples": len(ordered), "median": statistics.median(ordered),
            "p90": ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))], "max": ordered[-1]}


def machine():
    with open("/proc/cpuinfo") as cpuinfo:
        model = next((l.split(":", 1)[1].strip() for l in cpuinfo if l.startswith("model name")), "?")
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    return {"cpu": model, "cores": os.cpu_count(), "kernel": platform.release(), "java": java,
            "load_before": os.getloadavg()[0], "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}


def write_results(args, report):
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "e2e-results.json"), "w") as file:
        json.dump(report, file, indent=2)
    lines = ["# End-to-end results", "", "Machine: %(cpu)s, %(cores)d cores, %(java)s, %(date)s, "
             "1-min load before %(load_before).2f, after %(load_after).2f" % report["machine"],
             "", "Settings: %s" % json.dumps(report["settings"]), ""]
    titles = {"upload": "Upload %d MiB" % args.size_mib,
              "upload_durable": "Upload %d MiB, durable" % args.size_mib,
              "download": "Download %d MiB" % args.size_mib,
              "concurrent": "%d x %d MiB uploads" % (args.concurrency, args.concurrent_size_mib),
              "concurrent_durable": "%d x %d MiB, durable" % (args.concurrency, args.concurrent_size_mib)}
    tsv = []
    if report.get("throughput"):
        lines += ["| test | pump MB/s | pump-minimal MB/s | webflux MB/s | vertx MB/s | pump/best "
                  "| pump/best per round | minimal/best | minimal/best per round |",
                  "|---|---|---|---|---|---|---|---|---|"]
        for test, row in report["throughput"].items():
            m, r = row["median_mbps"], row["ratios"]
            lines.append("| %s | %.0f | %.0f | %.0f | %.0f | %.2f | %.2f | %.2f | %.2f |" % (
                titles[test], m["pump"], m["pump-minimal"], m["webflux"], m["vertx"],
                r["pump"]["vs_best_baseline"], r["pump"]["vs_best_per_round_median"],
                r["pump-minimal"]["vs_best_baseline"], r["pump-minimal"]["vs_best_per_round_median"]))
            for variant in VARIANTS:
                tsv.append("%s\t%s\t%.1f" % (titles[test], variant, m[variant]))
        lines.append("")
        lines.append("Medians of %d interleaved rounds; \"best\" is the faster of webflux and vertx, \"per "
                     "round\" the median of the ratio taken within each round; every sample is in "
                     "e2e-results.json. \"durable\": until a sync after the transfer returned (the service "
                     "forces the file before it answers; pump-minimal and the baselines leave dirty pages to "
                     "the kernel)." % args.rounds)
    if report.get("server_cpu_seconds_per_gib"):
        lines += ["", "Server CPU time (user + system) per GiB moved, median:", "",
                  "| test | " + " | ".join(VARIANTS) + " |", "|---" * (len(VARIANTS) + 1) + "|"]
        for test, by_variant in report["server_cpu_seconds_per_gib"].items():
            lines.append("| %s | %s |" % (titles[test], " | ".join("%.3f s" % by_variant[v] for v in VARIANTS)))
    if report.get("jit_share_of_server_cpu"):
        lines += ["", "The JIT compiler threads' share of the server's CPU in the measured rounds, median:", "",
                  "| test | " + " | ".join(VARIANTS) + " |", "|---" * (len(VARIANTS) + 1) + "|"]
        for test, by_variant in report["jit_share_of_server_cpu"].items():
            lines.append("| %s | %s |" % (titles[test], " | ".join("%.0f%%" % (100 * by_variant[v]) for v in VARIANTS)))
    if report.get("warmup_rounds"):
        lines += ["", "Discarded rounds before the measured ones: at least %d, then until the JIT compiler threads "
                  "spent under %.0f%% of the server's CPU in two rounds in a row (at most %d):" % (
                      args.warmup_rounds, 100 * args.quiet_jit, args.max_warmup_rounds), "",
                  "| test | " + " | ".join(VARIANTS) + " |", "|---" * (len(VARIANTS) + 1) + "|"]
        for test, by_variant in report["warmup_rounds"].items():
            lines.append("| %s | %s |" % (titles[test], " | ".join("%d" % by_variant[v] for v in VARIANTS)))
    if report.get("probe_latency_ms"):
        lines += ["", "Latency of a small request (GET of a missing key, every 20 ms) while the %d concurrent "
                  "uploads run, all measured rounds:" % args.concurrency, "",
                  "| variant | requests | median | p90 | max |", "|---|---|---|---|---|"]
        for variant, row in report["probe_latency_ms"].items():
            if row["samples"]:
                lines.append("| %s | %d | %.1f ms | %.1f ms | %.1f ms |" % (
                    variant, row["samples"], row["median"], row["p90"], row["max"]))
    if report.get("memory"):
        mem = report["memory"]
        lines += ["", "Memory run: %d MiB, storage throttled to %s, -Xmx64m, write queue %s; upload %.1f MB/s" % (
            args.memory_size_mib, args.throttle, args.write_queue, mem["upload_mbps"]), "",
            "| | idle | peak during the upload |", "|---|---|---|",
            "| heap used | %.1f MiB | %.1f MiB |" % (mem["idle"]["heap"] / MIB, mem["peak"]["heap"] / MIB),
            "| direct buffers | %.1f MiB | %.1f MiB |" % (mem["idle"]["direct"] / MIB, mem["peak"]["direct"] / MIB),
            "| RSS | %.1f MiB | %.1f MiB (VmHWM %.1f MiB) |" % (
                mem["idle"]["rss"] / MIB, mem["peak"]["rss"] / MIB, mem["peak"]["hwm"] / MIB)]
    with open(os.path.join(args.out, "e2e-results.md"), "w") as file:
        file.write("\n".join(lines) + "\n")
    if tsv:
        tsv_path = os.path.join(args.out, "e2e-results.tsv")
        with open(tsv_path, "w") as file:
            file.write("\n".join(tsv) + "\n")
        subprocess.run(["java", "-Djava.awt.headless=true", "-cp", BENCH_JAR,
                        "dev.pump.benchmarks.report.ThroughputChart", tsv_path,
                        os.path.join(args.out, "throughput.png"), "Median MB/s, " + report["machine"]["date"]],
                       check=True)
    print("\n".join(lines))


def main():
    args = parse_args()
    if not args.skip_build:
        build()
    ensure_curl()
    work = os.path.join(HERE, "target", "e2e")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    report = {"machine": machine(), "settings": {k: v for k, v in vars(args).items() if k != "out"}}
    started = time.time()
    try:
        if not args.skip_throughput:
            samples, cpu, jit, discarded, latencies = throughput(args, work)
            report["warmup_rounds"] = discarded
            report["probe_latency_ms"] = {v: latency_summary(s) for v, s in latencies.items()}
            report["throughput"] = summarize(samples)
            report["server_cpu_seconds_per_gib"] = {
                test: {v: statistics.median(s) for v, s in by_variant.items()} for test, by_variant in cpu.items()}
            report["jit_share_of_server_cpu"] = {
                test: {v: statistics.median(s) for v, s in by_variant.items()} for test, by_variant in jit.items()}
        if not args.skip_memory:
            report["memory"] = memory(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report["machine"]["load_after"] = os.getloadavg()[0]
    report["seconds"] = round(time.time() - started)
    write_results(args, report)
    log("done in %ds" % report["seconds"])


if __name__ == "__main__":
    sys.exit(main())
