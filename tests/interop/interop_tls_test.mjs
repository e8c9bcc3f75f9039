// Interop over TLS: a Node.js client (grpc-js, whose TLS is Node's own OpenSSL build, not gRPC
// C++'s) calls both real servers serving TLS with a certificate from a throwaway CA, and workflowd
// calls validatord over TLS. A client speaking plaintext, or trusting another CA, gets UNAVAILABLE
// before any token leaves it.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, test } from 'node:test';

import {
  WorkflowServiceClient, expectError, failingCall, grpc, importFixtureAsJson, makeTestCertificates, makeWorkDir,
  startServersAndConnect, stopServers, unary,
} from './interop_support.mjs';

const AGENCY = 'shuyang-fagaiju';

let workDir;
let certs;
let clients;

before(async () => {
  workDir = makeWorkDir();
  certs = makeTestCertificates(workDir);
  clients = await startServersAndConnect(workDir, { tls: certs });
});

after(async () => {
  if (clients) for (const client of Object.values(clients)) client.close();
  await stopServers();
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

test('health, validation and the workflow answer over TLS', async () => {
  for (const client of [clients.validationHealth, clients.workflowHealth]) {
    assert.equal((await unary(client, 'Check', { service: '' })).status, 'SERVING');
  }
  const report = importFixtureAsJson('2024_jianshan-jiaotiju.txt');
  const validated = await unary(clients.validation, 'Validate', { report });
  assert.ok(Array.isArray(validated.findings));
  // A draft with blank table cells, created over TLS, then submitted: the refusal lists
  // validation's errors, which workflowd can only have from validatord over TLS (unreachable, it
  // would be UNAVAILABLE).
  const shuyang = importFixtureAsJson('2023_shuyang-fagaiju.txt');
  const created = await unary(clients.workflow, 'CreateReport',
    { parent: `agencies/${AGENCY}`, reportYear: 2023, content: shuyang }, 'li.qicao');
  assert.equal(created.state, 'REPORT_STATE_DRAFT');
  const listed = await unary(clients.workflow, 'ListReports', { parent: `agencies/${AGENCY}` },
    'li.qicao');
  assert.deepEqual(listed.reports.map((r) => r.name), [created.name]);
  const submit = await failingCall(clients.workflow, 'SubmitReport', { name: created.name },
    'li.qicao');
  const status = expectError(submit, grpc.status.FAILED_PRECONDITION,
    { reason: 'VALIDATION_ERRORS' });
  const violations = status.details.PreconditionFailure.violations;
  assert.ok(violations.length > 0);
  assert.ok(violations.every((v) => v.type === 'VALIDATION_ERROR'));
});

test('plaintext and untrusting clients are turned away with UNAVAILABLE', async () => {
  const address = clients.workflow.getChannel().getTarget().replace(/^dns:/, '');
  for (const credentials of [grpc.credentials.createInsecure(),
    grpc.credentials.createSsl(fs.readFileSync(certs.otherCa))]) {
    const client = new WorkflowServiceClient(address, credentials);
    const error = await failingCall(client, 'ListReports', { parent: `agencies/${AGENCY}` },
      'li.qicao');
    client.close();
    assert.equal(error.code, grpc.status.UNAVAILABLE, error.details);
  }
});
