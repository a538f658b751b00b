"""A wave of conseillers through a running network, with withdrawals and re-enrolments, to
reconcile afterwards (``./conum reconcile``).

Each conseiller is enrolled (2024 or 2021) by one of a few structures of Landes; the 2024
ones are positioned (La Fabrik records scores: the development tokens hold no 2021
organisation, so 2021 conseillers stay scheduled), some results reopened and recorded
again; a share is withdrawn with a reason code, and most of those are enrolled again at once
by another structure (the same day: the case of decision 0016), positioned again, and a few
withdrawn a second time. Every act waits for the events it needs (the positioning of the
current enrolment) and nothing more: the services work concurrently on the whole wave.

    CONUM_PORT_OFFSET=10000 ./conum up --wave 0   # Kafka on 19092, services from 18001
    CONUM_PORT_OFFSET=10000 uv run python bench/wave_re_enrolment.py --conseillers 500 --seed 1
    CONUM_PORT_OFFSET=10000 ./conum reconcile -v

Prints the figures (conseillers, enrolments, withdrawals by reason, re-enrolments, results,
reopenings) and the time taken. Uses the development tokens of ``deploy/local``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any, get_args

import httpx
from conum_contracts.enrolment import WithdrawalReason

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "deploy" / "local"))
from journey import luhn_siret

STRUCTURE = {"Authorization": "Bearer dev-structure-naq"}
ORGANISATION = {"Authorization": "Bearer dev-la-fabrik-naq"}
NATIONAL = {"Authorization": "Bearer dev-national-coordinator"}
REASONS = get_args(WithdrawalReason)
SCORES = ((80, 80), (50, 60), (45, 45), (20, 30), (75, 40))


def ok(answer: httpx.Response, status: int = 201) -> Any:
    if answer.status_code != status:
        raise RuntimeError(
            f"{answer.request.method} {answer.request.url.path}: {answer.status_code} {answer.text}"
        )
    return answer.json()


class Wave:
    def __init__(self, base: int, seed: int, concurrency: int) -> None:
        self.random = random.Random(seed)  # what happens to whom
        self.names = random.Random()  # SIRETs and e-mails: new ones on every run
        self.seed = seed
        self.gate = asyncio.Semaphore(concurrency)
        self.figures: Counter[str] = Counter()
        self.clients = {
            name: httpx.AsyncClient(
                base_url=f"http://127.0.0.1:{base + offset}",
                timeout=120,
                # idle connections dropped before the server's keep-alive (5 s) closes them
                limits=httpx.Limits(keepalive_expiry=2),
            )
            for name, offset in (("enrolment", 1), ("positioning", 2))
        }
        self.structures: list[str] = []

    async def close(self) -> None:
        for client in self.clients.values():
            await client.aclose()

    async def register_structures(self, count: int) -> None:
        for n in range(count):
            body = {
                "siret": luhn_siret(f"{self.names.randrange(10**12, 10**13):013d}"),
                "name": f"Structure {n}",
                "kind": "association",
                "department": "40",
            }
            answer = await self.clients["enrolment"].post(
                "/structures", json=body, headers=STRUCTURE
            )
            self.structures.append(ok(answer)["structure_id"])

    async def enrol(self, email: str, structure_id: str, scheme: str) -> dict[str, Any]:
        body = {
            "structure_id": structure_id,
            "scheme": scheme,
            "employment": "recruited",
            "person": {"first_name": "Camille", "last_name": "Durand", "email": email},
        }
        answer = await self.clients["enrolment"].post("/enrolments", json=body, headers=STRUCTURE)
        enrolled: dict[str, Any] = ok(answer)
        self.figures["enrolments"] += 1
        return enrolled

    async def positioned(self, conseiller_id: str, enrolment_id: str) -> None:
        """Wait until positioning holds the round of this enrolment."""
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            answer = await self.clients["positioning"].get(
                f"/positionings/{conseiller_id}", headers=NATIONAL
            )
            if answer.status_code == 200 and answer.json()["enrolment_id"] == enrolment_id:
                return
            await asyncio.sleep(0.3)
        raise RuntimeError(f"no positioning round for {conseiller_id}/{enrolment_id}")

    async def result(self, conseiller_id: str) -> None:
        digital, support = self.random.choice(SCORES)
        body = {"digital_score": digital, "support_score": support, "interview_note": "ok"}
        path = f"/positionings/{conseiller_id}/result"
        ok(await self.clients["positioning"].post(path, json=body, headers=ORGANISATION))
        self.figures["positioning results"] += 1

    async def reopen(self, conseiller_id: str) -> None:
        path = f"/positionings/{conseiller_id}/reopenings"
        body = {"reason": "scores swapped"}
        ok(await self.clients["positioning"].post(path, json=body, headers=ORGANISATION))
        self.figures["results reopened"] += 1
        await self.result(conseiller_id)

    async def withdraw(self, conseiller_id: str) -> None:
        reason = self.random.choice(REASONS)
        body = {"reason": reason, "detail": "left during the wave"}
        path = f"/enrolments/{conseiller_id}/withdrawal"
        ok(await self.clients["enrolment"].post(path, json=body, headers=NATIONAL), 200)
        self.figures["withdrawals"] += 1
        self.figures[f"withdrawals: {reason}"] += 1

    async def conseiller(self, n: int) -> None:
        rnd = self.random
        scheme = "2021" if rnd.random() < 0.25 else "2024"
        structure, other = rnd.sample(self.structures, 2)
        # what happens to this conseiller, drawn up front so the seed decides it all
        positioned, reopened = rnd.random() < 0.85, rnd.random() < 0.2
        withdrawn, again = rnd.random() < 0.4, rnd.random() < 0.7
        positioned_again, withdrawn_again = rnd.random() < 0.6, rnd.random() < 0.15
        scheme_again = "2021" if rnd.random() < 0.25 else "2024"
        async with self.gate:
            email = f"wave{self.seed}.{n}.{self.names.randrange(10**9)}@example.org"
            enrolled = await self.enrol(email, structure, scheme)
            cid = enrolled["conseiller_id"]
            self.figures["conseillers"] += 1
            if positioned and scheme == "2024":  # La Fabrik's token: 2024 conseillers only
                await self.positioned(cid, enrolled["enrolment_id"])
                await self.result(cid)
                if reopened and scheme == "2024":
                    await self.reopen(cid)
            if not withdrawn:
                return
            await self.withdraw(cid)
            if not again:
                return
            again_enrolled = await self.enrol(email, other, scheme_again)  # the same day
            assert again_enrolled["conseiller_id"] == cid
            self.figures["re-enrolments"] += 1
            if positioned_again and scheme_again == "2024":
                await self.positioned(cid, again_enrolled["enrolment_id"])
                await self.result(cid)
            if withdrawn_again:
                await self.withdraw(cid)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--conseillers", type=int, default=400)
    parser.add_argument("--structures", type=int, default=12)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--concurrency", type=int, default=24)
    args = parser.parse_args()
    base = 8000 + int(os.environ.get("CONUM_PORT_OFFSET", "0"))  # as ./conum up
    wave = Wave(base, args.seed, args.concurrency)
    started = time.monotonic()
    try:
        await wave.register_structures(args.structures)
        await asyncio.gather(*(wave.conseiller(n) for n in range(args.conseillers)))
    finally:
        await wave.close()
    print(f"wave (seed {args.seed}) in {time.monotonic() - started:.1f}s:")
    for name, count in sorted(wave.figures.items()):
        print(f"  {name}: {count}")


if __name__ == "__main__":
    asyncio.run(main())
