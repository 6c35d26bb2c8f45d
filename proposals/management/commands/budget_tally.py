"""Tally a pabulib `.pb` file with one of the platform's PB rules.

Prints exactly one JSON object on stdout::

    {"selected": ["2", "3", ...], "cost": 76700}

``selected`` holds the winning project ids as strings, sorted in string order. ``cost`` is the
exact total cost: a JSON integer when it is integral, otherwise a JSON *string* holding the exact
decimal (e.g. ``"102533.36"``) so no precision is lost to floats. Parse errors become a
CommandError listing every ``line N: message``; progress of long runs (MES + Add1) goes to stderr.
"""

from __future__ import annotations

import json
import sys
import time
from decimal import Decimal
from fractions import Fraction

from django.core.management.base import BaseCommand, CommandError

from proposals.budgeting.tally.methods import RULES
from proposals.budgeting.tally.pabulib import PabulibError, parse_pabulib_file


def format_cost(value: Fraction) -> int | str:
    if value.denominator == 1:
        return int(value.numerator)
    # Costs are decimals in .pb files, so their sum is a terminating decimal.
    den, twos, fives = value.denominator, 0, 0
    while den % 2 == 0:
        den //= 2
        twos += 1
    while den % 5 == 0:
        den //= 5
        fives += 1
    if den != 1:
        return f"{value.numerator}/{value.denominator}"
    digits = max(twos, fives)
    scaled = value * 10**digits
    return str(Decimal(int(scaled)).scaleb(-digits))


class Command(BaseCommand):
    help = "Compute the winners of a pabulib .pb file: greedy, MES, MES + Add1, or MES + Add1 + comparison."

    def add_arguments(self, parser):
        parser.add_argument("file", help="path to a .pb file")
        parser.add_argument("--rule", choices=sorted(RULES), default="greedy")
        parser.add_argument(
            "--exact", action="store_true", help="use exact rational arithmetic for every MES run (slower)"
        )

    def handle(self, *args, **options):
        path = options["file"]
        try:
            instance = parse_pabulib_file(path)
        except OSError as exc:
            raise CommandError(f"{path}: {exc}") from None
        except PabulibError as exc:
            lines = "\n".join(f"  line {line}: {msg}" for line, msg in exc.errors)
            raise CommandError(f"{path}: malformed .pb file\n{lines}") from None
        rule = options["rule"]
        func = RULES[rule]
        kwargs = {}
        if rule != "greedy":
            kwargs["force_exact"] = options["exact"]
        started = time.monotonic()
        if rule.startswith("mes-add1"):
            last = [started]

            def progress(step, share, cost):
                now = time.monotonic()
                if now - last[0] >= 1.0 or step == 0:
                    last[0] = now
                    sys.stderr.write(
                        f"Add1 step {step}: per-voter budget {float(share):.2f}, outcome cost {float(cost):.2f} "
                        f"(budget {float(instance.budget):.2f}, {now - started:.1f} s)\n"
                    )
                    sys.stderr.flush()

            kwargs["progress"] = progress
        try:
            outcome = func(instance, **kwargs)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        if rule.startswith("mes-add1"):
            sys.stderr.write(f"done: {outcome.info.get('steps')} MES runs in {time.monotonic() - started:.2f} s\n")
        self.stdout.write(json.dumps({"selected": outcome.sorted_ids, "cost": format_cost(outcome.cost)}))
