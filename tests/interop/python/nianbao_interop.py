"""What the Python interop tests need to be a client of nianbao like any other system's.

The modules generated from proto/ by the build (PYTHONPATH), Debian's python3-grpcio, the real
nianbao-validatord and nianbao-workflowd started on 127.0.0.1 port 0 over a temporary data
directory with principals and an agency registry written by the test, calls with a bearer token,
and the google.rpc.Status of a failed call decoded from its "grpc-status-details-bin" trailer.

Environment (set by ctest, see CMakeLists.txt): NIANBAO_BIN_DIR (required), NIANBAO_SOURCE_DIR,
NIANBAO_FIXTURES_DIR, NIANBAO_BUF, PYTHONPATH (the generated modules).
"""

import hashlib
import os
import pathlib
import signal
import subprocess
import tempfile
import time

import grpc
from google.protobuf import json_format

HERE = pathlib.Path(__file__).resolve().parent
BIN_DIR = os.environ.get("NIANBAO_BIN_DIR")
if not BIN_DIR:
    raise RuntimeError("NIANBAO_BIN_DIR is not set (the build's bin/ directory)")
SOURCE_DIR = pathlib.Path(os.environ.get("NIANBAO_SOURCE_DIR", HERE.parent.parent.parent))
FIXTURES_DIR = pathlib.Path(
    os.environ.get("NIANBAO_FIXTURES_DIR", SOURCE_DIR.parent / "shared" / "fixtures"))


def _generated_python_dir():
    for entry in os.environ.get("PYTHONPATH", "").split(os.pathsep):
        if entry and (pathlib.Path(entry) / "nianbao" / "v1" / "workflow_pb2.py").exists():
            return pathlib.Path(entry)
    raise RuntimeError("the generated modules of proto/ are not on PYTHONPATH: build the target "
                       "nianbao_python_protos (part of ALL) and run through ctest")


PYTHON_DIR = _generated_python_dir()
# grpcio is a regular package named "grpc", so the generated grpc/health/v1 modules are not found
# under it by themselves: add the generated grpc/ directory to its search path.
grpc.__path__.append(str(PYTHON_DIR / "grpc"))

from google.rpc import error_details_pb2, status_pb2  # noqa: E402
from grpc.health.v1 import health_pb2, health_pb2_grpc  # noqa: E402,F401
from nianbao.v1 import agency_pb2, agency_pb2_grpc  # noqa: E402,F401
from nianbao.v1 import report_pb2, resources_pb2  # noqa: E402,F401
from nianbao.v1 import workflow_pb2, workflow_pb2_grpc  # noqa: E402,F401

# Generous: under AddressSanitizer on two shared cores a server takes a while to come up.
STARTUP_TIMEOUT_S = 60
STOP_TIMEOUT_S = 30
CALL_TIMEOUT_S = 30


def token_of(principal):
    """The bearer token of a test principal: only its SHA-256 is written to the principals file."""
    return f"py-token-{principal}"


def metadata_for(principal):
    return (("authorization", f"Bearer {token_of(principal)}"),) if principal else ()


def write_principals(path, principals):
    """principals: {name: [(agency_id, [role names...]), ...]} → a PrincipalsConfig text file."""
    lines = []
    for name, bindings in principals.items():
        digest = hashlib.sha256(token_of(name).encode()).hexdigest()
        lines.append(f'principals {{\n  name: "{name}"\n  token_sha256: "{digest}"')
        for agency, roles in bindings:
            role_text = " ".join(f"roles: {role}" for role in roles)
            lines.append(f'  role_bindings {{ agency_id: "{agency}" {role_text} }}')
        lines.append("}")
    pathlib.Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_registry(path, agencies):
    """agencies: [(agency_id, official name, kind, parent agency_id or "", region code or "")]."""
    lines = []
    for agency_id, name, kind, parent, region in agencies:
        line = f'agencies {{ agency_id: "{agency_id}" name: "{name}" kind: {kind}'
        if parent:
            line += f' parent_agency_id: "{parent}"'
        if region:
            line += f' region_code: "{region}"'
        lines.append(line + " }")
    pathlib.Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")


class ServerProcess:
    """One server binary on 127.0.0.1 port 0; its real port is read from --port_file."""

    def __init__(self, work_dir, name, args):
        self.name = name
        self.log_path = pathlib.Path(work_dir) / f"{name}.log"
        port_file = pathlib.Path(work_dir) / f"{name}.port"
        port_file.unlink(missing_ok=True)
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                [os.path.join(BIN_DIR, name), "--listen=127.0.0.1:0", f"--port_file={port_file}",
                 *args], stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while time.monotonic() < deadline and self.process.poll() is None:
            text = port_file.read_text().strip() if port_file.exists() else ""
            if text.isdigit():
                self.address = f"127.0.0.1:{text}"
                return
            time.sleep(0.05)
        self.process.kill()
        self.process.wait()
        raise RuntimeError(f"{name} did not start (exit {self.process.returncode}); its log:\n"
                           f"{self.log()}")

    def log(self):
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def stop(self):
        """SIGTERM, then the exit code (None when it had to be killed)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                return None
        return self.process.returncode


class Servers:
    """nianbao-validatord and nianbao-workflowd over a fresh data directory in a temporary
    directory, with the given principals ({name: [(agency, [roles])]}) and registry (see
    write_registry). Workflowd can be restarted on the same data directory."""

    def __init__(self, principals, agencies):
        self._temp = tempfile.TemporaryDirectory(prefix="nianbao-interop-py-")
        self.work_dir = pathlib.Path(self._temp.name)
        self.principals_file = self.work_dir / "principals.textproto"
        self.agencies_file = self.work_dir / "agencies.textproto"
        write_principals(self.principals_file, principals)
        write_registry(self.agencies_file, agencies)
        self.workflow = None
        self.channel = None
        self.validation = ServerProcess(self.work_dir, "nianbao-validatord", [])
        try:
            self.start_workflow()
        except BaseException:
            self.validation.stop()
            self._temp.cleanup()
            raise

    def start_workflow(self):
        self.workflow = ServerProcess(self.work_dir, "nianbao-workflowd", [
            f"--data_dir={self.work_dir / 'data'}",
            f"--validation_address={self.validation.address}",
            f"--token_file={self.principals_file}",
            f"--agencies_file={self.agencies_file}",
            f"--audit_key_file={self.work_dir / 'audit-signing-key.pem'}",
        ])
        self.channel = grpc.insecure_channel(self.workflow.address)
        self.reports = workflow_pb2_grpc.WorkflowServiceStub(self.channel)
        self.agencies = agency_pb2_grpc.AgencyServiceStub(self.channel)
        self.health = health_pb2_grpc.HealthStub(self.channel)

    def stop_workflow(self):
        """Stops workflowd (streams still open end from the server's side), then closes the
        channel; returns its exit code."""
        code = self.workflow.stop()
        self.channel.close()
        if code != 0:
            raise AssertionError(f"nianbao-workflowd ended with {code}; its log:\n"
                                 f"{self.workflow.log()}")
        return code

    def restart_workflow(self):
        self.stop_workflow()
        self.start_workflow()

    def close(self):
        """Stops both servers; raises when one did not end cleanly (exit 0 on SIGTERM)."""
        failures = []
        for server in (self.workflow, self.validation):
            if server is None:
                continue
            code = server.stop()
            if code != 0:
                failures.append(f"{server.name} ended with {code}; its log:\n{server.log()}")
        if self.channel is not None:
            self.channel.close()
        self._temp.cleanup()
        if failures:
            raise AssertionError("\n".join(failures))


# -------------------------------------------------------------------------------------------------
# Errors.

# Every detail message proto/google/rpc/error_details.proto declares, by name.
_DETAIL_TYPES = {
    name: getattr(error_details_pb2, name)
    for name in error_details_pb2.DESCRIPTOR.message_types_by_name
}


def rpc_status(error):
    """The google.rpc.Status of a failed call, from its grpc-status-details-bin trailer, and its
    details unpacked by type name: (status, {"BadRequest": message, ...})."""
    trailer = dict(error.trailing_metadata() or ()).get("grpc-status-details-bin")
    if trailer is None:
        raise AssertionError(f"no grpc-status-details-bin trailer on {error.code()}: "
                             f"{error.details()}")
    status = status_pb2.Status.FromString(trailer)
    details = {}
    prefix = "type.googleapis.com/google.rpc."
    for detail in status.details:
        if not detail.type_url.startswith(prefix):
            raise AssertionError(f"unexpected detail type {detail.type_url}")
        type_name = detail.type_url[len(prefix):]
        if type_name in details:
            raise AssertionError(f"two {type_name} details")
        message = _DETAIL_TYPES[type_name]()
        detail.Unpack(message)
        details[type_name] = message
    return status, details


def has_chinese(text):
    return any("\u4e00" <= character <= "\u9fff" for character in text)


# -------------------------------------------------------------------------------------------------
# Reports.

def import_fixture(file_name):
    """A shared fixture report imported by the nianbao command (as JSON), parsed into
    nianbao.v1.AnnualReport by the Python protobuf runtime."""
    text = subprocess.run(
        [os.path.join(BIN_DIR, "nianbao"), "import", str(FIXTURES_DIR / "reports" / file_name),
         "--to", "json"], check=True, capture_output=True, text=True).stdout
    return json_format.Parse(text, report_pb2.AnnualReport())


def report_name(agency, year):
    return f"agencies/{agency}/reports/{year}"
