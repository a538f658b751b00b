"""A regional hub's acts in a wave: a session of a catalogue module, registrations of the
region's convened conseillers, their attendance and the session's completion."""

from __future__ import annotations

from datetime import date

from conum_devtools.network import tokens
from conum_devtools.network.wave.requests import Requests


class HubActs(Requests):
    async def register_for_a_module(self, conseiller: str, region: str) -> None:
        """Once the hub's instance knows the convocation, the structure registers them in the
        hub's session (convened: required; passed: not)."""
        instance = f"modules-{region}"
        await self.until(
            "the hub's modules instance to learn the convocation",
            lambda: self.found(
                instance,
                f"/conseillers/{conseiller}/modules",
                tokens.hub_token(region),
                lambda body: bool(body["convened_for"]),
            ),
            timeout=120,
        )
        session = await self.module_session_of(region)
        registration = await self.send(
            instance,
            "POST",
            f"{session}/registrations",
            tokens.structure_token(region),
            json={"conseiller_id": conseiller},
        )
        self.report.sent["module_registrations"] += 1
        if registration["status"] == "accepted":  # beyond the seats, they wait
            self.module_seats[region].append(conseiller)

    async def module_session_of(self, region: str) -> str:
        async with self.session_lock:
            if region not in self.module_sessions:
                instance, hub = f"modules-{region}", tokens.hub_token(region)
                modules = await self.send(
                    instance, "GET", "/modules", hub, params={"state": "published"}
                )
                module = next(
                    m
                    for m in modules
                    if m["kind"] == "prise_en_main" and not m["requires_habilitation"]
                )
                made = await self.send(
                    instance,
                    "POST",
                    "/sessions",
                    hub,
                    json={
                        "module_id": module["module_id"],
                        "region": region,
                        "days": [{"on": date.today().isoformat(), "mode": "in_person"}],
                        "capacity": 30,
                        "place": "Tiers-lieu numérique",
                    },
                )
                self.module_sessions[region] = f"/sessions/{made['session_id']}"
                self.module_seats[region] = []
            return self.module_sessions[region]

    async def complete_modules(self) -> None:
        """Each hub records who attended its session today, then completes it."""
        for region, session in self.module_sessions.items():
            instance, hub = f"modules-{region}", tokens.hub_token(region)
            present = self.module_seats[region]
            await self.send(
                instance,
                "POST",
                f"{session}/attendance",
                hub,
                json={"on": date.today().isoformat(), "present": present},
            )
            await self.send(instance, "POST", f"{session}/completion", hub)
            self.report.sent["modules_completed"] += len(present)
