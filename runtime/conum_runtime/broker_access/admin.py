"""ACLs onto a running broker through Kafka's Admin protocol: many bindings in one
CreateAcls request (aiokafka's own takes one), then DescribeAcls until the broker's authorizer
applies them (it reads its metadata log asynchronously). The test broker and ``./conum up``
use it; a real cluster takes its ACLs from Strimzi ``KafkaUser`` resources (decision 0030)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence

from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.protocol.admin import CreateAclsRequest_v1, DescribeAclsRequest
from aiokafka.protocol.api import Request

from conum_runtime.broker_access.rules import KafkaAcl
from conum_runtime.kafka_connection import KafkaConnection

_RESOURCE_TYPES = {"TOPIC": 2, "GROUP": 3, "CLUSTER": 4, "TRANSACTIONAL_ID": 5}
_PATTERN_TYPES = {"LITERAL": 3, "PREFIXED": 4}
_OPERATIONS = {
    "ALL": 2,
    "READ": 3,
    "WRITE": 4,
    "CREATE": 5,
    "DELETE": 6,
    "ALTER": 7,
    "DESCRIBE": 8,
    "CLUSTER_ACTION": 9,
    "DESCRIBE_CONFIGS": 10,
    "ALTER_CONFIGS": 11,
    "IDEMPOTENT_WRITE": 12,
}
_ALLOW = 3
_ANY = 1


class _CreateAcls(Request[CreateAclsRequest_v1]):  # type: ignore[misc]
    """CreateAcls (v1) with many creations in one request (aiokafka's takes one)."""

    API_KEY = 30

    def __init__(self, bindings: Sequence[KafkaAcl]) -> None:
        self._bindings = bindings

    def build(self, request_struct_class: type[CreateAclsRequest_v1]) -> CreateAclsRequest_v1:
        return request_struct_class([_fields(acl) for acl in self._bindings])


def _fields(acl: KafkaAcl) -> tuple[int, str, int, str, str, int, int]:
    """A binding as the protocol's creation and filter fields: resource type, name, pattern
    type, principal, host, operation, permission."""
    return (
        _RESOURCE_TYPES[acl.resource_type],
        acl.resource,
        _PATTERN_TYPES[acl.pattern_type],
        acl.principal,
        "*",
        _OPERATIONS[acl.operation],
        _ALLOW,
    )


async def create_acls(
    connection: KafkaConnection, bindings: Sequence[KafkaAcl], timeout: float = 30.0
) -> None:
    """Create ``bindings`` on the broker as ``connection`` (an admin), then wait until the
    broker authorizes with them (its authorizer applies the metadata log asynchronously)."""
    if not bindings:
        return
    admin = AIOKafkaAdminClient(**connection.options())
    await admin.start()
    try:
        response = await admin._send_request(_CreateAcls(bindings))
        failed = [
            f"{error_code}: {message}"
            for error_code, message in response.creation_responses
            if error_code != 0
        ]
        if failed:
            raise RuntimeError("ACLs refused by the broker: " + "; ".join(sorted(set(failed))))
        last = max(bindings)
        deadline = time.monotonic() + timeout
        while not await _described(admin, last):
            if time.monotonic() > deadline:
                raise TimeoutError(f"the broker does not show {last} after {timeout}s")
            await asyncio.sleep(0.02)
    finally:
        await admin.close()


async def _described(admin: AIOKafkaAdminClient, acl: KafkaAcl) -> bool:
    request = DescribeAclsRequest(*_fields(acl))
    response = await admin._send_request(request)
    return bool(response.error_code == 0 and response.resources)
