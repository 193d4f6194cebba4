"""Captures what the official Python SDK's consumer puts on the wire for the three speech intents, so a test can post
those exact bytes to a real node where the SDK cannot run (CI has no route to PyPI, and Debian's httpcore predates
the SDK's).

The body is built the way `IICPClient.submit_async` builds it (client.py): `task_id`, `intent`, `constraints` from the
SDK's own `project_execution_constraints`, `iicp_conf` from the SDK's own `encrypt_payload_with_context`, and
`cx_response_encryption: "required"` because the node advertises `response_encryption_v1`. The node's CX key is a
fixed test key, so the recorded shared secret opens the node's sealed answer as the SDK's `decrypt_response` does.

Run by hand with a checkout of RobLe3/iicp-client-python (0.7.107 for the committed file):
    IICP_SDK_SRC=/path/to/iicp-client-python/src python3 capture-speech-bodies.py > speech-bodies.json
Needs python3-cryptography; nothing else of the SDK's dependencies is imported.
"""
import base64
import hashlib
import json
import os
import struct
import sys
import types
import uuid

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

# Only the SDK modules the body needs, without its package __init__ (which imports httpx's newer transport).
src = os.environ["IICP_SDK_SRC"]
pkg = types.ModuleType("iicp_client")
pkg.__path__ = [os.path.join(src, "iicp_client")]
sys.modules["iicp_client"] = pkg
import iicp_client._confidentiality as cx  # noqa: E402
import iicp_client.request_projection as projection  # noqa: E402
import iicp_client.types as sdk_types  # noqa: E402

# Debian bookworm's cryptography (38) predates `public_bytes_raw` (40); the SDK calls it on its ephemeral key.
_ephemeral_type = type(X25519PrivateKey.generate().public_key())
if not hasattr(_ephemeral_type, "public_bytes_raw"):
    _ephemeral_type.public_bytes_raw = lambda self: self.public_bytes(Encoding.Raw, PublicFormat.Raw)

# A fixed key for the test node: derived from a public phrase, so it protects nothing.
node_private = hashlib.sha256(b"iicp-provider test node CX key").digest()
node_public = X25519PrivateKey.from_private_bytes(node_private).public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
cx_public_key = {
    "algorithm": "X25519",
    "key": base64.urlsafe_b64encode(node_public).rstrip(b"=").decode(),
    "key_id": "cx-" + hashlib.sha256(node_public).hexdigest()[:16],
    "features": ["response_encryption_v1"],
}


def wav(ms, rate=16000):
    data = b"\0\0" * (rate * ms // 1000)
    fmt = struct.pack("<IHHIIHH", 16, 1, 1, rate, rate * 2, 2, 16)
    return b"RIFF" + struct.pack("<I", 36 + len(data)) + b"WAVEfmt " + fmt + b"data" + struct.pack("<I", len(data)) + data


def body(name, intent, payload, model=None):
    request = sdk_types.TaskRequest(
        intent=intent, payload=payload, constraints=sdk_types.TaskConstraints(timeout_ms=30000, model=model)
    )
    task_id = str(uuid.uuid4())
    out = {"task_id": task_id, "intent": request.intent, "constraints": projection.project_execution_constraints(request)}
    out["iicp_conf"], secret = cx.encrypt_payload_with_context(request.payload, cx_public_key, task_id, request.intent)
    out["cx_response_encryption"] = "required"
    return {"name": name, "body": out, "shared_secret": base64.urlsafe_b64encode(secret).rstrip(b"=").decode()}


cases = [
    body(
        "transcribe",
        "urn:iicp:intent:audio:transcribe:v1",
        {"audio": base64.b64encode(wav(500)).decode(), "filename": "clip.wav", "language": "en"},
        model="whisper-large-v3",
    ),
    body("speech", "urn:iicp:intent:audio:speech:v1", {"input": "hi", "voice": "alloy"}, model="tts-1"),
    body("moderate", "urn:iicp:intent:safety:moderate:v1", {"input": "text"}),
    body("bad_audio", "urn:iicp:intent:audio:transcribe:v1", {"audio": "not base64!"}),
]
json.dump(
    {
        "sdk": "iicp-client-python " + os.environ.get("IICP_SDK_VERSION", "0.7.107"),
        "node_cx_private_key": base64.urlsafe_b64encode(node_private).rstrip(b"=").decode(),
        "cx_public_key": cx_public_key,
        "cases": cases,
    },
    sys.stdout,
    indent=1,
)
sys.stdout.write("\n")
