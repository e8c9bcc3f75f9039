// Interop with a client nobody here wrote: `buf curl` (tests/proto/node_modules/.bin/buf), as an
// integrator would first try the API, over server reflection alone (no .proto file on its side).
// Against the real nianbao-validatord and nianbao-workflowd (interop_support.mjs starts them with
// the test principals and an agency registry), it lists and describes every service, health
// included, calls Health/Check on both servers, reads agencies, creates and reads a report with a
// bearer token, and decodes an error's google.rpc details from buf's JSON error output.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';

import {
  CHINESE, STOP_TIMEOUT_MS, decodeDetail, makeWorkDir, startServers, stopServers, token,
} from './interop_support.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const BUF = path.resolve(HERE, '..', 'proto', 'node_modules', '.bin', 'buf');
if (!fs.existsSync(BUF)) {
  throw new Error(`${BUF} is missing: run \`npm ci\` in tests/proto (tests/run does it)`);
}

const AGENCY = 'shuyang-fagaiju';
const REPORT_NAME = `agencies/${AGENCY}/reports/2024`;
// Every agency of tests/data/principals.textproto, under a government above the first.
const REGISTRY = `
agencies { agency_id: "shuyang-xian" name: "沭阳县人民政府" kind: AGENCY_KIND_GOVERNMENT region_code: "321322" }
agencies { agency_id: "shuyang-fagaiju" name: "沭阳县发展和改革局" kind: AGENCY_KIND_DEPARTMENT parent_agency_id: "shuyang-xian" }
agencies { agency_id: "jianshan-jiaotiju" name: "尖山区教体局" kind: AGENCY_KIND_DEPARTMENT }
`;

let workDir;
let servers;  // { validationAddress, workflowAddress }

before(async () => {
  workDir = makeWorkDir();
  const agenciesFile = path.join(workDir, 'agencies.textproto');
  fs.writeFileSync(agenciesFile, REGISTRY);
  servers = await startServers(workDir, { agenciesFile });
});

after(async () => {
  await stopServers();  // Normally already done by the last test; this covers failures.
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

// buf curl over plaintext HTTP/2 with the gRPC protocol; the schema comes from reflection.
// Returns { status, stdout, stderr }.
function bufCurl(address, args, { principal, data } = {}) {
  const command = ['curl', '--protocol', 'grpc', '--http2-prior-knowledge', '--timeout', '30s'];
  if (principal) command.push('-H', `authorization: Bearer ${token(principal)}`);
  if (data !== undefined) command.push('-d', JSON.stringify(data));
  const result = spawnSync(BUF, [...command, ...args.map((arg) => arg.replace('ADDR', address))],
    { encoding: 'utf8', timeout: 60_000 });
  if (result.error) throw result.error;
  return result;
}

// A call that must succeed: its JSON response.
function call(address, method, data, principal) {
  const result = bufCurl(address, [`http://ADDR/${method}`], { principal, data });
  assert.equal(result.status, 0, `buf curl ${method} failed: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

// A call that must fail: buf curl's JSON error on stderr, { code, message, details: [{ type,
// value }] } (value: the detail's bytes in base64), with the details decoded from proto/'s
// google/rpc declarations and keyed by type.
function failingCall(address, method, data, principal) {
  const result = bufCurl(address, [`http://ADDR/${method}`], { principal, data });
  assert.notEqual(result.status, 0, `buf curl ${method} succeeded: ${result.stdout}`);
  const error = JSON.parse(result.stderr);
  assert.ok(error.code && error.message, result.stderr);
  const details = {};
  for (const detail of error.details ?? []) {
    assert.ok(!(detail.type in details), `two ${detail.type} details`);
    details[detail.type] = decodeDetail(detail.type, Buffer.from(detail.value, 'base64'));
  }
  return { ...error, details };
}

const EXPECTED_SERVICES = {
  validation: ['grpc.health.v1.Health', 'grpc.reflection.v1alpha.ServerReflection',
    'nianbao.v1.ValidationService'],
  workflow: ['grpc.health.v1.Health', 'grpc.reflection.v1alpha.ServerReflection',
    'nianbao.v1.AdminService', 'nianbao.v1.AgencyService', 'nianbao.v1.AuditService',
    'nianbao.v1.WorkflowService'],
};

test('reflection lists and describes every service of both servers, health included', () => {
  for (const [server, expected] of Object.entries(EXPECTED_SERVICES)) {
    const address = servers[`${server}Address`];
    const listed = bufCurl(address, ['--list-services', 'http://ADDR']);
    assert.equal(listed.status, 0, listed.stderr);
    const services = listed.stdout.trim().split('\n');
    for (const service of expected) {
      assert.ok(services.includes(service), `${server}: ${service} not in ${services}`);
    }
    // Describing: the methods come from each listed service's descriptor, which reflection must
    // serve (grpc.health.v1.Health had none, and --list-methods failed as a whole).
    const listedMethods = bufCurl(address, ['--list-methods', 'http://ADDR']);
    assert.equal(listedMethods.status, 0, `${server}: ${listedMethods.stderr}`);
    const methods = listedMethods.stdout.trim().split('\n');
    for (const service of services) {
      assert.ok(methods.some((method) => method.startsWith(`${service}/`)),
        `${server}: no method of ${service} in ${methods}`);
    }
    assert.ok(methods.includes('grpc.health.v1.Health/Check'), methods);
    assert.ok(methods.includes('grpc.health.v1.Health/Watch'), methods);
  }
});

test('Health/Check answers SERVING on both servers, for the server and for its services', () => {
  for (const [server, expected] of Object.entries(EXPECTED_SERVICES)) {
    const address = servers[`${server}Address`];
    assert.deepEqual(call(address, 'grpc.health.v1.Health/Check', {}), { status: 'SERVING' });
    const service = expected[expected.length - 1];
    assert.deepEqual(call(address, 'grpc.health.v1.Health/Check', { service }),
      { status: 'SERVING' }, `${server}: ${service}`);
  }
});

test('ValidationService/ListRules answers over reflection', () => {
  const response = call(servers.validationAddress, 'nianbao.v1.ValidationService/ListRules', {});
  assert.ok(response.rules.some((rule) => rule.code === 'T3_COLUMN_BALANCE'));
});

test('AgencyService: GetAgency and ListAgencies read the registry', () => {
  const agency = call(servers.workflowAddress, 'nianbao.v1.AgencyService/GetAgency',
    { name: `agencies/${AGENCY}` }, 'qian.chayue');
  assert.equal(agency.name, `agencies/${AGENCY}`);
  assert.equal(agency.displayName, '沭阳县发展和改革局');
  assert.equal(agency.kind, 'AGENCY_KIND_DEPARTMENT');
  assert.equal(agency.parentAgency, 'agencies/shuyang-xian');

  const listed = call(servers.workflowAddress, 'nianbao.v1.AgencyService/ListAgencies', {},
    'qian.chayue');
  assert.deepEqual(listed.agencies.map((a) => a.name),
    ['agencies/jianshan-jiaotiju', 'agencies/shuyang-fagaiju', 'agencies/shuyang-xian']);
  const below = call(servers.workflowAddress, 'nianbao.v1.AgencyService/ListAgencies',
    { parentAgency: 'agencies/shuyang-xian' }, 'qian.chayue');
  assert.deepEqual(below.agencies.map((a) => a.name), [`agencies/${AGENCY}`]);
});

test('CreateReport and GetReport with a bearer token return the Report', () => {
  const created = call(servers.workflowAddress, 'nianbao.v1.WorkflowService/CreateReport',
    { parent: `agencies/${AGENCY}`, reportYear: 2024 }, 'li.qicao');
  assert.equal(created.name, REPORT_NAME);
  assert.equal(created.state, 'REPORT_STATE_DRAFT');
  assert.equal(created.creator, 'li.qicao');
  assert.equal(created.agencyDisplayName, '沭阳县发展和改革局');
  assert.ok(created.etag);

  const read = call(servers.workflowAddress, 'nianbao.v1.WorkflowService/GetReport',
    { name: REPORT_NAME }, 'qian.chayue');
  assert.equal(read.name, REPORT_NAME);
  assert.equal(read.etag, created.etag);
  assert.equal(read.revision, '1');  // int64 in proto3 JSON is a string.
});

test('AuditService and AdminService answer over reflection too', () => {
  const key = call(servers.workflowAddress, 'nianbao.v1.AuditService/GetPublicKey', {},
    'sun.shenji');
  assert.match(key.publicKeyPem, /^-----BEGIN PUBLIC KEY-----/);
  // No test principal holds ROLE_ADMIN: the call reaches the service and is refused for the role.
  const refused = failingCall(servers.workflowAddress, 'nianbao.v1.AdminService/ListBackups', {},
    'li.qicao');
  assert.equal(refused.code, 'permission_denied', JSON.stringify(refused));
  assert.ok(refused.details['google.rpc.ErrorInfo'], 'no ErrorInfo');
});

test('errors come back as JSON whose details name the field and the resource', () => {
  // No token at all.
  const anonymous = failingCall(servers.workflowAddress,
    'nianbao.v1.WorkflowService/GetReport', { name: REPORT_NAME });
  assert.equal(anonymous.code, 'unauthenticated');

  // A filter outside ReportState: BadRequest naming the field, ErrorInfo, a Chinese message.
  const badFilter = failingCall(servers.workflowAddress,
    'nianbao.v1.WorkflowService/ListReports', { parent: `agencies/${AGENCY}`, state: 99 },
    'qian.chayue');
  assert.equal(badFilter.code, 'invalid_argument', JSON.stringify(badFilter));
  const badRequest = badFilter.details['google.rpc.BadRequest'];
  assert.ok(badRequest, `no BadRequest among ${Object.keys(badFilter.details)}`);
  assert.equal(badRequest.fieldViolations[0].field, 'state');
  assert.match(badRequest.fieldViolations[0].description, CHINESE);
  assert.ok(badFilter.details['google.rpc.ErrorInfo'], 'no ErrorInfo');
  assert.equal(badFilter.details['google.rpc.ErrorInfo'].domain, 'nianbao.gov.cn');

  // A report that does not exist: NOT_FOUND with ResourceInfo naming it.
  const missing = `agencies/${AGENCY}/reports/2023`;
  const notFound = failingCall(servers.workflowAddress,
    'nianbao.v1.WorkflowService/GetReport', { name: missing }, 'qian.chayue');
  assert.equal(notFound.code, 'not_found', JSON.stringify(notFound));
  assert.equal(notFound.details['google.rpc.ResourceInfo']?.resourceName, missing,
    JSON.stringify(notFound.details));
});

test('both servers stop cleanly on SIGTERM', async () => {
  const endings = await stopServers();
  for (const { name, ending, log } of endings) {
    assert.ok(ending, `${name} did not exit within ${STOP_TIMEOUT_MS} ms of SIGTERM`);
    assert.deepEqual(ending, { code: 0, signal: null },
      `${name} ended badly; its log:\n${fs.readFileSync(log, 'utf8')}`);
  }
});
