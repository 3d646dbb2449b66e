"""Warm a server up until its JIT compiler is quiet, before measuring it.

A Spring Boot service compiles its request path for tens of rounds of a test; a server
measured meanwhile pays for warm-up that a long-running server does not (measured here:
the service's JIT at a median 19% of its CPU in downloads measured after one discarded
round). So the benchmarks discard rounds until the compiler threads' share of the
server's CPU stays low.
"""


def add_arguments(parser, most_rounds):
    """The warm-up options: --warmup-rounds, --max-warmup-rounds (default most_rounds) and
    --quiet-jit."""
    parser.add_argument("--warmup-rounds", type=int, default=2,
                        help="least discarded rounds of each test per server before the measured rounds")
    parser.add_argument("--max-warmup-rounds", type=int, default=most_rounds,
                        help="most discarded rounds of each test per server while its JIT is still busy")
    parser.add_argument("--quiet-jit", type=float, default=0.05,
                        help="a server is warm for a test when its JIT compiler threads spent less than this "
                             "share of its CPU in each of the last two discarded rounds of it")


def until_quiet(step, least, most, quiet_share):
    """Run step() (which returns the server's CPU seconds and its JIT compiler threads' CPU
    seconds during it) until the compiler's share was under quiet_share in two steps in a
    row, at least `least` and at most `most` times. Returns how many steps ran."""
    quiet = 0
    for count in range(1, most + 1):
        spent, jit_spent = step()
        quiet = quiet + 1 if spent > 0 and jit_spent / spent < quiet_share else 0
        if count >= least and quiet >= 2:
            return count
    return most
