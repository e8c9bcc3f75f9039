// What interop_test.mjs needs to be a Node.js client of nianbao like any other system's: the
// repository's .proto files loaded with @grpc/proto-loader, the real servers started and stopped,
// calls with a bearer token, and the google.rpc.Status of a failed call decoded from its
// "grpc-status-details-bin" trailer with protobufjs, without any C++ help.
//
// Environment (set by ctest, see CMakeLists.txt): NIANBAO_BIN_DIR (required), NIANBAO_SOURCE_DIR,
// NIANBAO_FIXTURES_DIR. Install the packages first: `npm ci` in tests/interop (tests/run does).
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));

// A missing `npm ci` must fail the run, with the fix spelled out, never skip it.
if (!fs.existsSync(path.join(HERE, 'node_modules', '@grpc', 'grpc-js'))) {
  throw new Error(
    `tests/interop/node_modules is missing: run \`npm ci\` in ${HERE} (tests/run does it)`);
}
export const grpc = await import('@grpc/grpc-js');
const protoLoader = await import('@grpc/proto-loader');
const { default: protobuf } = await import('protobufjs');

const BIN_DIR = process.env.NIANBAO_BIN_DIR;
if (!BIN_DIR) throw new Error('NIANBAO_BIN_DIR is not set (the build\'s bin/ directory)');
const SOURCE_DIR = process.env.NIANBAO_SOURCE_DIR || path.resolve(HERE, '..', '..');
const FIXTURES_DIR =
  process.env.NIANBAO_FIXTURES_DIR || path.resolve(SOURCE_DIR, '..', 'shared', 'fixtures');
const PROTO_DIR = path.join(SOURCE_DIR, 'proto');
// proto/ holds nianbao's API and the google/api, google/rpc and grpc/health declarations it uses;
// Debian's libprotobuf-dev puts the well-known types (timestamp, field_mask, descriptor) here.
const INCLUDE_DIRS = [PROTO_DIR, '/usr/include'];

// Generous: under AddressSanitizer on two shared cores a server takes a while to come up.
const STARTUP_TIMEOUT_MS = 60_000;
export const STOP_TIMEOUT_MS = 30_000;
export const CALL_DEADLINE_MS = 30_000;

// tests/data/principals.textproto: the token of each test principal is "test-token-" + name.
export const token = (principal) => `test-token-${principal}`;
export const CHINESE = /[\u4e00-\u9fff]/;

// ---------------------------------------------------------------------------------------------
// Protos: the client side as any other system would build it from the repository's .proto files.

const LOADER_OPTIONS = {
  keepCase: false, longs: String, enums: String, defaults: true, oneofs: true,
  includeDirs: INCLUDE_DIRS,
};
const packageDefinition = protoLoader.loadSync([
  'nianbao/v1/validation.proto', 'nianbao/v1/workflow.proto', 'nianbao/v1/audit.proto',
  'grpc/health/v1/health.proto',
], LOADER_OPTIONS);
const api = grpc.loadPackageDefinition(packageDefinition);

// protobufjs for what grpc-js does not decode: the error details, and the report JSON.
const root = new protobuf.Root();
root.resolvePath = (origin, target) => {
  for (const dir of INCLUDE_DIRS) {
    const candidate = path.join(dir, target);
    if (fs.existsSync(candidate)) return candidate;
  }
  return target;
};
root.loadSync(['google/rpc/status.proto', 'google/rpc/error_details.proto',
  'nianbao/v1/report.proto'], { keepCase: false });
const RpcStatus = root.lookupType('google.rpc.Status');
export const AnnualReport = root.lookupType('nianbao.v1.AnnualReport');

// ---------------------------------------------------------------------------------------------
// Servers.

const servers = [];  // { name, child, exited: Promise<{code, signal}>, log, exit }

function startServer(workDir, name, args) {
  const portFile = path.join(workDir, `${name}.port`);
  const logPath = path.join(workDir, `${name}.log`);
  const logFd = fs.openSync(logPath, 'w');
  const child = spawn(path.join(BIN_DIR, name),
    ['--listen=127.0.0.1:0', `--port_file=${portFile}`, ...args],
    { stdio: ['ignore', logFd, logFd] });
  fs.closeSync(logFd);
  const server = { name, child, log: logPath, exit: null };
  server.exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => { server.exit = { code, signal }; resolve(server.exit); });
    child.on('error', (error) => { server.exit = { code: null, signal: null, error }; resolve(server.exit); });
  });
  servers.push(server);
  return waitForPort(server, portFile);
}

async function waitForPort(server, portFile) {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (server.exit) break;
    const text = fs.existsSync(portFile) ? fs.readFileSync(portFile, 'utf8').trim() : '';
    if (/^\d+$/.test(text)) return `127.0.0.1:${text}`;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${server.name} did not start (${JSON.stringify(server.exit)}); its log:\n` +
    fs.readFileSync(server.log, 'utf8'));
}

// SIGTERM, then wait for a clean exit; returns how each server ended.
export async function stopServers() {
  const endings = [];
  for (const server of [...servers].reverse()) {
    if (!server.exit) server.child.kill('SIGTERM');
    let timer;
    const timeout = new Promise((resolve) => { timer = setTimeout(resolve, STOP_TIMEOUT_MS, null); });
    const ending = await Promise.race([server.exited, timeout]);
    clearTimeout(timer);
    if (!ending) server.child.kill('SIGKILL');
    endings.push({ name: server.name, ending, log: server.log });
  }
  servers.length = 0;
  return endings;
}

// Whatever happens to the test process, do not leave servers running.
process.on('exit', () => {
  for (const server of servers) if (!server.exit) server.child.kill('SIGTERM');
});

// Starts both servers over a fresh data directory in `workDir`: { validationAddress,
// workflowAddress, credentials }. With `tls` (makeTestCertificates), both servers serve TLS,
// workflowd calls validatord over it, and the credentials trust `tls.ca`. With `agenciesFile`,
// workflowd reads that agency registry (which must list every agency of
// tests/data/principals.textproto).
export async function startServers(workDir, { tls, agenciesFile } = {}) {
  const serveTls = tls ? [`--tls_cert_file=${tls.serverCert}`, `--tls_key_file=${tls.serverKey}`] : [];
  const validationAddress = await startServer(workDir, 'nianbao-validatord', serveTls);
  const workflowAddress = await startServer(workDir, 'nianbao-workflowd', [
    `--data_dir=${path.join(workDir, 'data')}`,
    `--validation_address=${validationAddress}`,
    `--token_file=${path.join(SOURCE_DIR, 'tests', 'data', 'principals.textproto')}`,
    `--audit_key_file=${path.join(workDir, 'audit-signing-key.pem')}`,
    ...(agenciesFile ? [`--agencies_file=${agenciesFile}`] : []),
    ...serveTls,
    ...(tls ? [`--validation_tls_ca_file=${tls.ca}`] : []),
  ]);
  const credentials = tls
    ? grpc.credentials.createSsl(fs.readFileSync(tls.ca))
    : grpc.credentials.createInsecure();
  return { validationAddress, workflowAddress, credentials };
}

// Starts nianbao-gatewayd in `workDir` in front of the servers startServers started (plaintext),
// with `args` added to its command line: its base URL, "http://127.0.0.1:PORT". stopServers stops
// it first.
export async function startGateway(workDir, { validationAddress, workflowAddress }, args = []) {
  const address = await startServer(workDir, 'nianbao-gatewayd', [
    `--workflow_address=${workflowAddress}`, `--validation_address=${validationAddress}`, ...args,
  ]);
  return `http://${address}`;
}

// Starts both servers (startServers) and returns a client of each service (an object of grpc-js
// clients; close them before stopping the servers).
export async function startServersAndConnect(workDir, options = {}) {
  const { validationAddress, workflowAddress, credentials } = await startServers(workDir, options);
  const v1 = api.nianbao.v1;
  return {
    validationHealth: new api.grpc.health.v1.Health(validationAddress, credentials),
    workflowHealth: new api.grpc.health.v1.Health(workflowAddress, credentials),
    validation: new v1.ValidationService(validationAddress, credentials),
    workflow: new v1.WorkflowService(workflowAddress, credentials),
    audit: new v1.AuditService(workflowAddress, credentials),
  };
}

// The workflow service's client class, to connect with other credentials.
export const WorkflowServiceClient = api.nianbao.v1.WorkflowService;

// A throwaway CA and a server certificate it issued for 127.0.0.1, and an unrelated CA, made with
// the openssl command in `workDir`: { ca, serverCert, serverKey, otherCa } (PEM paths).
export function makeTestCertificates(workDir) {
  const file = (name) => path.join(workDir, name);
  const openssl = (...args) => execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const newKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl('req', '-x509', ...newKey, '-keyout', file('ca.key'), '-out', file('ca.pem'),
    '-days', '2', '-subj', '/CN=nianbao interop CA');
  openssl('req', '-x509', ...newKey, '-keyout', file('other-ca.key'), '-out', file('other-ca.pem'),
    '-days', '2', '-subj', '/CN=impostor CA');
  fs.writeFileSync(file('server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  openssl('req', ...newKey, '-keyout', file('server.key'), '-out', file('server.csr'),
    '-subj', '/CN=127.0.0.1');
  openssl('x509', '-req', '-in', file('server.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca.key'),
    '-CAcreateserial', '-CAserial', file('ca.srl'), '-out', file('server.pem'), '-days', '2',
    '-extfile', file('server.ext'));
  return {
    ca: file('ca.pem'), serverCert: file('server.pem'), serverKey: file('server.key'),
    otherCa: file('other-ca.pem'),
  };
}

export function makeWorkDir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-interop-'));
}

// ---------------------------------------------------------------------------------------------
// Calls.

export function metadataFor(principal) {
  const metadata = new grpc.Metadata();
  if (principal) metadata.set('authorization', `Bearer ${token(principal)}`);
  return metadata;
}

// A unary call as `principal` (none: no authorization metadata at all).
export function unary(client, method, request, principal) {
  return new Promise((resolve, reject) => {
    client[method](request, metadataFor(principal), { deadline: Date.now() + CALL_DEADLINE_MS },
      (error, response) => (error ? reject(error) : resolve(response)));
  });
}

// A call that must fail: returns the grpc-js error.
export async function failingCall(client, method, request, principal) {
  let response;
  try {
    response = await unary(client, method, request, principal);
  } catch (error) {
    assert.ok(typeof error.code === 'number', `not a gRPC error: ${error}`);
    return error;
  }
  assert.fail(`${method} succeeded but was expected to fail: ${JSON.stringify(response)}`);
}

// The google.rpc.Status of a failed call, decoded from the grpc-status-details-bin trailer, with
// each Any detail unpacked by its type URL: { code, message, details: { BadRequest: {...}, ... } }.
export function decodeStatus(error) {
  const [bin] = error.metadata.get('grpc-status-details-bin');
  assert.ok(Buffer.isBuffer(bin), `no grpc-status-details-bin trailer on: ${error.message}`);
  const status = RpcStatus.decode(bin);
  const details = {};
  for (const any of status.details) {
    // protobufjs' built-in google.protobuf.Any keeps the proto field names.
    const typeUrl = any.type_url ?? any.typeUrl;
    const prefix = 'type.googleapis.com/google.rpc.';
    assert.ok(typeUrl.startsWith(prefix), `unexpected detail type ${typeUrl}`);
    const typeName = typeUrl.slice(prefix.length);
    const type = root.lookupType(`google.rpc.${typeName}`);
    assert.ok(!(typeName in details), `two ${typeName} details`);
    details[typeName] = type.toObject(type.decode(any.value), { defaults: true });
  }
  return { code: status.code, message: status.message, details };
}

// A google.rpc error detail from its type name ("google.rpc.BadRequest") and serialized bytes, as
// a plain object (for clients other than grpc-js that hand the Any over undecoded, e.g. buf curl).
export function decodeDetail(typeName, bytes) {
  const type = root.lookupType(typeName);
  return type.toObject(type.decode(bytes), { defaults: true });
}

// The checks every error must pass: trailer consistent with the status line, Chinese message.
export function expectError(error, code, { reason } = {}) {
  assert.equal(error.code, code,
    `expected ${grpcCodeName(code)}, got ${grpcCodeName(error.code)}: ${error.details}`);
  const status = decodeStatus(error);
  assert.equal(status.code, code, 'google.rpc.Status.code differs from grpc-status');
  assert.equal(status.message, error.details, 'google.rpc.Status.message differs from grpc-message');
  const localized = status.details.LocalizedMessage;
  assert.ok(localized, `no LocalizedMessage among ${Object.keys(status.details)}`);
  assert.equal(localized.locale, 'zh-CN');
  assert.match(localized.message, CHINESE);
  if (reason) {
    assert.ok(status.details.ErrorInfo, 'no ErrorInfo');
    assert.equal(status.details.ErrorInfo.reason, reason);
  }
  return status;
}

function grpcCodeName(code) {
  return Object.keys(grpc.status).find((name) => grpc.status[name] === code) ?? String(code);
}

export function importFixtureAsJson(file) {
  const json = execFileSync(path.join(BIN_DIR, 'nianbao'),
    ['import', path.join(FIXTURES_DIR, 'reports', file), '--to', 'json'],
    { encoding: 'utf8', maxBuffer: 64 << 20 });
  return JSON.parse(json);
}
