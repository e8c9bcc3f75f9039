// Interop test: nianbao's gRPC API used from Node.js (@grpc/grpc-js + @grpc/proto-loader), the way
// the upper-level office's systems and the government portals call it: the real nianbao-validatord
// and nianbao-workflowd over a fresh data directory, the .proto files as they are in the
// repository, and every error's google.rpc details decoded on the JS side (interop_support.mjs).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, test } from 'node:test';

import {
  AnnualReport, CALL_DEADLINE_MS, CHINESE, STOP_TIMEOUT_MS, expectError, failingCall, grpc, importFixtureAsJson,
  makeWorkDir, metadataFor, startServersAndConnect, stopServers, unary,
} from './interop_support.mjs';

const AGENCY = 'shuyang-fagaiju';
const REPORT_YEAR = 2024;
const REPORT_NAME = `agencies/${AGENCY}/reports/${REPORT_YEAR}`;
const FEE_STATEMENT = '本年度未收取政府信息公开信息处理费。';

let workDir;
let clients;

before(async () => {
  workDir = makeWorkDir();
  clients = await startServersAndConnect(workDir);
});

after(async () => {
  if (clients) for (const client of Object.values(clients)) client.close();
  await stopServers();  // Normally already done by the last test; this covers failures.
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------
// The tests run in order: the workflow ones build on each other.

let seedReport;  // The seed fixture as the object proto-loader sends.

test('health: both servers answer grpc.health.v1 Check with SERVING', async () => {
  // The empty service name asks for the server as a whole, as load balancers and probes do.
  for (const client of [clients.validationHealth, clients.workflowHealth]) {
    const response = await unary(client, 'Check', { service: '' });
    assert.equal(response.status, 'SERVING');
  }
});

test('seed fixture: nianbao import --to json decodes into nianbao.v1.AnnualReport losslessly', () => {
  const json = importFixtureAsJson('2024_jianshan-jiaotiju.txt');
  const message = AnnualReport.fromObject(json);
  // Every field of the JSON is known to the JS side: JSON → message → JSON gives the same object.
  assert.deepEqual(
    AnnualReport.toObject(message, { enums: String, longs: String, json: true }), json);
  assert.equal(message.metadata.reportYear, 2024);
  assert.match(message.metadata.agencyName, CHINESE);
  seedReport = json;
});

let catalog;

test('ValidationService.ListRules returns the rule catalog', async () => {
  const response = await unary(clients.validation, 'ListRules', {});
  assert.ok(response.catalogVersion, 'catalog_version is empty');
  assert.ok(response.rules.length >= 10, `only ${response.rules.length} rules`);
  const codes = response.rules.map((rule) => rule.code);
  assert.equal(new Set(codes).size, codes.length, 'rule codes repeat');
  assert.ok(codes.includes('T3_COLUMN_BALANCE'), `T3_COLUMN_BALANCE missing from ${codes}`);
  for (const rule of response.rules) {
    assert.match(rule.code, /^[A-Z][A-Z0-9_]*$/);
    assert.ok(rule.severity !== 'SEVERITY_UNSPECIFIED', `${rule.code} has no severity`);
    assert.match(rule.descriptionZh, CHINESE, `${rule.code} description_zh`);
    assert.ok(rule.descriptionEn.length > 0, `${rule.code} description_en`);
  }
  catalog = response;
});

test('ValidationService.Validate on the seed fixture returns coded, located, Chinese findings',
  async () => {
    const response = await unary(clients.validation, 'Validate',
      { report: seedReport, stage: 'VALIDATION_STAGE_SUBMISSION' });
    assert.equal(response.catalogVersion, catalog.catalogVersion);
    assert.ok(response.findings.length > 0, 'no findings on the seed report');
    const known = new Set(catalog.rules.map((rule) => rule.code));
    const rank = { SEVERITY_ERROR: 0, SEVERITY_WARNING: 1, SEVERITY_INFO: 2 };
    let previousRank = 0;
    for (const finding of response.findings) {
      assert.ok(known.has(finding.code), `finding code ${finding.code} is not in the catalog`);
      assert.ok(finding.severity in rank, `${finding.code}: severity ${finding.severity}`);
      assert.ok(rank[finding.severity] >= previousRank, 'findings are not sorted errors first');
      previousRank = rank[finding.severity];
      assert.ok(finding.fieldPath.length > 0, `${finding.code} has no field_path`);
      assert.match(finding.messageZh, CHINESE, `${finding.code} message_zh`);
      assert.ok(finding.messageEn.length > 0, `${finding.code} message_en`);
    }
    const count = (severity) => response.findings.filter((f) => f.severity === severity).length;
    assert.equal(response.errorCount, count('SEVERITY_ERROR'));
    assert.equal(response.warningCount, count('SEVERITY_WARNING'));
    assert.equal(response.infoCount, count('SEVERITY_INFO'));
    // The seed report is the one deploy/run publishes after acknowledging these two warnings.
    assert.equal(response.errorCount, 0, JSON.stringify(response.findings, null, 1));
    const warnings = response.findings.filter((f) => f.severity === 'SEVERITY_WARNING');
    assert.deepEqual([...new Set(warnings.map((f) => f.code))].sort(), ['S5_CONTENT', 'S6_FEE']);
  });

test('ValidationService.Validate: an unbalanced table 3 column is an ERROR naming the cell',
  async () => {
    const broken = structuredClone(seedReport);
    const cell = broken.applications.table.newApplications.naturalPerson;
    assert.ok(Number.isInteger(cell.number), JSON.stringify(cell));
    cell.number += 7;
    const response = await unary(clients.validation, 'Validate', { report: broken });
    const errors = response.findings.filter((f) => f.severity === 'SEVERITY_ERROR');
    assert.ok(errors.length > 0, JSON.stringify(response.findings, null, 1));
    const balance = errors.find((f) => f.code === 'T3_COLUMN_BALANCE');
    assert.ok(balance, `no T3_COLUMN_BALANCE among ${errors.map((f) => f.code)}`);
    assert.equal(balance.column, 'natural_person');
    assert.match(balance.fieldPath, /^applications\.table\./);
    assert.match(balance.messageZh, CHINESE);
    assert.ok(balance.expected !== balance.actual, 'expected and actual should differ');
  });

test('WorkflowService without a token is UNAUTHENTICATED', async () => {
  const error = await failingCall(clients.workflow, 'ListReports', { parent: `agencies/${AGENCY}` });
  expectError(error, grpc.status.UNAUTHENTICATED);
});

test('WorkflowService with an unknown token is UNAUTHENTICATED', async () => {
  const error = await failingCall(clients.workflow, 'ListReports',
    { parent: `agencies/${AGENCY}` }, 'nobody');
  expectError(error, grpc.status.UNAUTHENTICATED);
});

test('CreateReport by a reader is PERMISSION_DENIED', async () => {
  const error = await failingCall(clients.workflow, 'CreateReport',
    { parent: `agencies/${AGENCY}`, reportYear: REPORT_YEAR, content: seedReport }, 'qian.chayue');
  const status = expectError(error, grpc.status.PERMISSION_DENIED);
  assert.ok(status.details.ErrorInfo, 'no ErrorInfo on PERMISSION_DENIED');
});

test('CreateReport with a bad year is INVALID_ARGUMENT with BadRequest and zh-CN message',
  async () => {
    const error = await failingCall(clients.workflow, 'CreateReport',
      { parent: `agencies/${AGENCY}`, reportYear: 1900, content: seedReport }, 'li.qicao');
    const status = expectError(error, grpc.status.INVALID_ARGUMENT, { reason: 'INVALID_FIELD' });
    const badRequest = status.details.BadRequest;
    assert.ok(badRequest, `no BadRequest among ${Object.keys(status.details)}`);
    assert.equal(badRequest.fieldViolations.length, 1);
    assert.equal(badRequest.fieldViolations[0].field, 'report_year');
    assert.ok(badRequest.fieldViolations[0].description.length > 0);
    assert.match(status.details.LocalizedMessage.message, /报告年度/);
  });

test('CreateReport whose content is for another year names content.metadata.report_year',
  async () => {
    const error = await failingCall(clients.workflow, 'CreateReport',
      { parent: `agencies/${AGENCY}`, reportYear: REPORT_YEAR + 1, content: seedReport },
      'li.qicao');
    const status = expectError(error, grpc.status.INVALID_ARGUMENT, { reason: 'INVALID_FIELD' });
    assert.equal(status.details.BadRequest.fieldViolations[0].field,
      'content.metadata.report_year');
    assert.equal(status.details.ErrorInfo.metadata.field, 'content.metadata.report_year');
  });

// A 60 KB name once came back whole in the error's metadata, and this channel hung on it.
test('GetReport with a 60 KB name is INVALID_ARGUMENT naming name, in a status that fits',
  { timeout: 20000 }, async () => {
    const name = `agencies/${AGENCY}/reports/${'9'.repeat(60 * 1024)}`;
    const error = await failingCall(clients.workflow, 'GetReport', { name }, 'qian.chayue');
    const status = expectError(error, grpc.status.INVALID_ARGUMENT, { reason: 'INVALID_FIELD' });
    assert.equal(status.details.BadRequest.fieldViolations[0].field, 'name');
    assert.ok(error.details.length < 2000, `message of ${error.details.length} characters`);
  });

const etags = {};

test('CreateReport returns the Report; a second one is ALREADY_EXISTS naming it', async () => {
  // A standard method returns the resource itself (AIP-133), not a response wrapping it.
  const created = await unary(clients.workflow, 'CreateReport',
    { parent: `agencies/${AGENCY}`, reportYear: REPORT_YEAR, content: seedReport }, 'li.qicao');
  assert.equal(created.name, REPORT_NAME);
  assert.equal(created.state, 'REPORT_STATE_DRAFT');
  assert.equal(created.revision, '1');  // int64 arrives as a string (longs: String).
  assert.equal(created.creator, 'li.qicao');
  assert.deepEqual(created.content, AnnualReport.toObject(
    AnnualReport.fromObject(seedReport),
    { enums: String, longs: String, defaults: true, oneofs: true }));
  etags.created = created.etag;

  const error = await failingCall(clients.workflow, 'CreateReport',
    { parent: `agencies/${AGENCY}`, reportYear: REPORT_YEAR, content: seedReport }, 'li.qicao');
  const status = expectError(error, grpc.status.ALREADY_EXISTS);
  assert.ok(status.details.ResourceInfo, `no ResourceInfo among ${Object.keys(status.details)}`);
  assert.equal(status.details.ResourceInfo.resourceName, REPORT_NAME);
});

test('UpdateReport with a stale etag is ABORTED and changes nothing', async () => {
  // 六 now states the processing fee (信息处理费), which answers the S6_FEE warning.
  const edited = structuredClone(seedReport);
  edited.otherMatters.paragraphs = [{ kind: 'PARAGRAPH_KIND_BODY', text: FEE_STATEMENT }];
  const updated = await unary(clients.workflow, 'UpdateReport', {
    report: { name: REPORT_NAME, etag: etags.created, content: edited },
    updateMask: { paths: ['content.other_matters'] },
  }, 'li.qicao');
  assert.notEqual(updated.etag, etags.created);
  assert.equal(updated.lastEditor, 'li.qicao');

  const stale = structuredClone(seedReport);
  stale.otherMatters.paragraphs = [{ kind: 'PARAGRAPH_KIND_BODY', text: '这段不应被保存。' }];
  const error = await failingCall(clients.workflow, 'UpdateReport', {
    report: { name: REPORT_NAME, etag: etags.created, content: stale },
    updateMask: { paths: ['content.other_matters'] },
  }, 'li.qicao');
  expectError(error, grpc.status.ABORTED, { reason: 'STALE_ETAG' });

  const current = await unary(clients.workflow, 'GetReport', { name: REPORT_NAME }, 'li.qicao');
  assert.equal(current.name, REPORT_NAME);
  assert.equal(current.etag, updated.etag);
  assert.deepEqual(current.content.otherMatters.paragraphs.map((p) => p.text),
    [FEE_STATEMENT]);
  etags.updated = updated.etag;
});

let publishedSha;
let publishedRevisionName;  // "agencies/…/reports/2024/revisions/1"

test('create → submit (warnings acknowledged) → approve → publish, each by its own principal',
  async () => {
    // Submitting without acknowledging: the PreconditionFailure names each warning by code, which
    // is what a client needs to ask its user and acknowledge.
    const refused = await failingCall(clients.workflow, 'SubmitReport',
      { name: REPORT_NAME, etag: etags.updated }, 'li.qicao');
    const status = expectError(refused, grpc.status.FAILED_PRECONDITION,
      { reason: 'UNACKNOWLEDGED_WARNINGS' });
    const violations = status.details.PreconditionFailure.violations;
    assert.ok(violations.every((v) => v.type === 'WARNING_NOT_ACKNOWLEDGED'));
    const warningCodes = violations.map((v) => v.subject).sort();
    // S6_FEE was answered by the update; S5_CONTENT remains.
    assert.deepEqual(warningCodes, ['S5_CONTENT']);

    const submitted = await unary(clients.workflow, 'SubmitReport',
      { name: REPORT_NAME, etag: etags.updated, acknowledgedWarnings: warningCodes }, 'li.qicao');
    assert.equal(submitted.report.state, 'REPORT_STATE_IN_REVIEW');
    assert.equal(submitted.report.submitter, 'li.qicao');
    assert.deepEqual([...submitted.report.acknowledgedWarnings].sort(), warningCodes);
    assert.equal(submitted.revision.kind, 'REVISION_KIND_SUBMITTED');
    // A revision is a resource named by its number alone (AIP-122): no "@kind" suffix.
    assert.equal(submitted.revision.name, `${REPORT_NAME}/revisions/1`);
    assert.equal(submitted.revision.report, REPORT_NAME);
    assert.equal(submitted.revision.submitter, 'li.qicao');
    assert.ok(submitted.findings.every((f) => f.severity !== 'SEVERITY_ERROR'));

    // The drafter may not approve; the approver may.
    const notApprover = await failingCall(clients.workflow, 'ApproveReport',
      { name: REPORT_NAME }, 'li.qicao');
    expectError(notApprover, grpc.status.PERMISSION_DENIED);
    const approved = await unary(clients.workflow, 'ApproveReport',
      { name: REPORT_NAME, etag: submitted.report.etag, comment: '同意发布。' }, 'zhao.qianfa');
    assert.equal(approved.report.state, 'REPORT_STATE_APPROVED');
    assert.equal(approved.report.approver, 'zhao.qianfa');

    const published = await unary(clients.workflow, 'PublishReport',
      { name: REPORT_NAME, etag: approved.report.etag }, 'chen.fabu');
    assert.equal(published.report.state, 'REPORT_STATE_PUBLISHED');
    assert.equal(published.report.publishedRevision, published.report.revision);
    assert.ok(published.report.publishTime && Number(published.report.publishTime.seconds) > 0);
    // The submitted revision, now published, keeps its name; kind and publisher record it.
    assert.equal(published.revision.name, submitted.revision.name);
    assert.equal(published.revision.kind, 'REVISION_KIND_PUBLISHED');
    assert.equal(published.revision.submitter, 'li.qicao');
    assert.equal(published.revision.publisher, 'chen.fabu');
    assert.ok(published.revision.publishTime && Number(published.revision.publishTime.seconds) > 0);
    assert.equal(published.revision.contentSha256.length, 32);
    assert.deepEqual(published.revision.contentSha256, submitted.revision.contentSha256);
    publishedSha = published.revision.contentSha256;
    publishedRevisionName = `${REPORT_NAME}/revisions/${published.report.publishedRevision}`;
  });

let listedEvents;

test('AuditService.ListAuditEvents as the auditor returns the events in chain order', async () => {
  const refused = await failingCall(clients.audit, 'ListAuditEvents',
    { agencyId: AGENCY }, 'li.qicao');
  expectError(refused, grpc.status.PERMISSION_DENIED);

  const events = [];
  let pageToken = '';
  do {  // Small pages, to exercise paging from JS too.
    const page = await unary(clients.audit, 'ListAuditEvents',
      { report: REPORT_NAME, pageSize: 2, pageToken }, 'sun.shenji');
    events.push(...page.events);
    pageToken = page.nextPageToken;
  } while (pageToken);

  const summary = events.map((e) => [e.action, e.actor, e.outcome]);
  assert.deepEqual(summary, [
    ['AUDIT_ACTION_CREATE', 'qian.chayue', 'AUDIT_OUTCOME_DENIED'],
    ['AUDIT_ACTION_CREATE', 'li.qicao', 'AUDIT_OUTCOME_SUCCEEDED'],
    ['AUDIT_ACTION_UPDATE', 'li.qicao', 'AUDIT_OUTCOME_SUCCEEDED'],
    ['AUDIT_ACTION_SUBMIT', 'li.qicao', 'AUDIT_OUTCOME_SUCCEEDED'],
    ['AUDIT_ACTION_APPROVE', 'li.qicao', 'AUDIT_OUTCOME_DENIED'],
    ['AUDIT_ACTION_APPROVE', 'zhao.qianfa', 'AUDIT_OUTCOME_SUCCEEDED'],
    ['AUDIT_ACTION_PUBLISH', 'chen.fabu', 'AUDIT_OUTCOME_SUCCEEDED'],
    // This listing itself, recorded in the report's chain after its first page.
    ['AUDIT_ACTION_READ', 'sun.shenji', 'AUDIT_OUTCOME_SUCCEEDED'],
  ], JSON.stringify(summary));
  events.forEach((event, i) => {
    assert.equal(event.report, REPORT_NAME);
    assert.equal(event.agencyId, AGENCY);
    assert.equal(Number(event.reportSequence), i + 1);
    assert.equal(event.reportHash.length, 32);
    if (i > 0) {
      assert.ok(Number(event.sequence) > Number(events[i - 1].sequence), 'sequence not increasing');
      assert.deepEqual(event.reportPreviousHash, events[i - 1].reportHash, 'report chain broken');
    }
  });
  const approval = events[5];
  assert.equal(approval.reason, '同意发布。');
  assert.equal(approval.stateBefore, 'REPORT_STATE_IN_REVIEW');
  assert.equal(approval.stateAfter, 'REPORT_STATE_APPROVED');
  assert.deepEqual(events[6].contentSha256After, publishedSha);
  listedEvents = events;
});

test('AuditService.StreamAuditEvents from sequence 1 streams the same events', async () => {
  const streamed = await new Promise((resolve, reject) => {
    const received = [];
    const call = clients.audit.StreamAuditEvents({ afterSequence: 0, agencyId: AGENCY },
      metadataFor('sun.shenji'), { deadline: Date.now() + CALL_DEADLINE_MS });
    call.on('data', (message) => received.push(message.event));
    call.on('error', reject);
    call.on('end', () => resolve(received));
  });
  assert.ok(streamed.length >= listedEvents.length);
  assert.equal(Number(streamed[0].sequence), 1, 'the stream does not start at sequence 1');
  streamed.forEach((event, i) => {
    if (i > 0) {
      assert.equal(Number(event.sequence), Number(streamed[i - 1].sequence) + 1, 'gap in stream');
      assert.deepEqual(event.previousHash, streamed[i - 1].hash, 'global chain broken');
    }
  });
  // This agency's report events, as streamed, are exactly those listed.
  const ofReport = streamed.filter((event) => event.report === REPORT_NAME);
  assert.deepEqual(ofReport, listedEvents);
  // The stream's own read, recorded before its first event.
  const own = streamed.filter((event) => event.action === 'AUDIT_ACTION_READ' &&
    event.report === '' && event.actor === 'sun.shenji');
  assert.equal(own.length, 1, JSON.stringify(own));
  assert.ok(own[0].reason.includes('StreamAuditEvents'), own[0].reason);
});

// ---------------------------------------------------------------------------------------------
// After the audit tests, which count the report's events: reads of revisions and lists, their
// refusals (recorded as reads), and a correction.

test('GetRevision of the published revision: FULL by default, BASIC without the content',
  async () => {
    // Anyone with a role reads the published revision back, identical.
    const read = await unary(clients.workflow, 'GetRevision', { name: publishedRevisionName },
      'qian.chayue');
    assert.equal(read.name, publishedRevisionName);
    assert.equal(read.report, REPORT_NAME);
    assert.equal(read.revision, '1');
    assert.equal(read.kind, 'REVISION_KIND_PUBLISHED');
    assert.equal(read.publisher, 'chen.fabu');
    assert.deepEqual(read.contentSha256, publishedSha);
    assert.deepEqual(read.content.otherMatters.paragraphs.map((p) => p.text), [FEE_STATEMENT]);

    const basic = await unary(clients.workflow, 'GetRevision',
      { name: publishedRevisionName, view: 'REPORT_VIEW_BASIC' }, 'qian.chayue');
    assert.equal(basic.content, null, 'the BASIC view carries content');
    assert.deepEqual(basic.contentSha256, publishedSha);

    // The old "@kind" spelling is not a revision's name.
    const error = await failingCall(clients.workflow, 'GetRevision',
      { name: `${publishedRevisionName}@published` }, 'qian.chayue');
    const status = expectError(error, grpc.status.INVALID_ARGUMENT);
    assert.equal(status.details.BadRequest.fieldViolations[0].field, 'name');

    const missing = `${REPORT_NAME}/revisions/9`;
    const notFound = await failingCall(clients.workflow, 'GetRevision', { name: missing },
      'qian.chayue');
    const notFoundStatus = expectError(notFound, grpc.status.NOT_FOUND);
    assert.equal(notFoundStatus.details.ResourceInfo?.resourceName, missing);
  });

const SECOND_YEAR = REPORT_YEAR - 1;

test('ListReports: BASIC by default (no content), FULL on request', async () => {
  // A second report, left in draft, so that the lists below have something to leave out.
  const draft = await unary(clients.workflow, 'CreateReport',
    { parent: `agencies/${AGENCY}`, reportYear: SECOND_YEAR }, 'li.qicao');
  assert.equal(draft.name, `agencies/${AGENCY}/reports/${SECOND_YEAR}`);

  const basic = await unary(clients.workflow, 'ListReports', { parent: `agencies/${AGENCY}` },
    'qian.chayue');
  // Agency, then year.
  assert.deepEqual(basic.reports.map((r) => r.name), [draft.name, REPORT_NAME]);
  for (const report of basic.reports) {
    assert.equal(report.content, null, `${report.name}: the BASIC view carries content`);
    assert.ok(report.etag, `${report.name}: no etag in the BASIC view`);
  }
  const published = basic.reports[1];
  assert.equal(published.state, 'REPORT_STATE_PUBLISHED');
  assert.equal(published.contentSha256.length, 32);

  const explicitBasic = await unary(clients.workflow, 'ListReports',
    { parent: `agencies/${AGENCY}`, view: 'REPORT_VIEW_BASIC' }, 'qian.chayue');
  assert.deepEqual(explicitBasic.reports, basic.reports);

  const full = await unary(clients.workflow, 'ListReports',
    { parent: `agencies/${AGENCY}`, view: 'REPORT_VIEW_FULL' }, 'qian.chayue');
  assert.deepEqual(full.reports.map((r) => r.name), [draft.name, REPORT_NAME]);
  assert.deepEqual(full.reports[1].content.otherMatters.paragraphs.map((p) => p.text),
    [FEE_STATEMENT]);
  // GetReport defaults to FULL; BASIC leaves the content out there too.
  const got = await unary(clients.workflow, 'GetReport',
    { name: REPORT_NAME, view: 'REPORT_VIEW_BASIC' }, 'qian.chayue');
  assert.equal(got.content, null);
  assert.equal(got.etag, full.reports[1].etag);
});

test('ListReports published_only: what a portal lists, a correction in draft included',
  async () => {
    const listPublished = async () => (await unary(clients.workflow, 'ListReports',
      { parent: `agencies/${AGENCY}`, publishedOnly: true }, 'qian.chayue')).reports;
    assert.deepEqual((await listPublished()).map((r) => r.name), [REPORT_NAME]);

    // 更正: the report goes back to DRAFT of revision 2; its published revision 1 stays listed
    // and readable.
    const corrected = await unary(clients.workflow, 'CorrectReport',
      { name: REPORT_NAME, reason: '更正表三数据。' }, 'chen.fabu');
    assert.equal(corrected.report.state, 'REPORT_STATE_DRAFT');
    assert.equal(corrected.report.revision, '2');
    assert.equal(corrected.report.publishedRevision, '1');

    const listed = await listPublished();
    assert.deepEqual(listed.map((r) => r.name), [REPORT_NAME]);
    assert.equal(listed[0].state, 'REPORT_STATE_DRAFT');
    assert.equal(listed[0].publishedRevision, '1');
    // state=PUBLISHED, by contrast, no longer finds it: its state is DRAFT now.
    const byState = await unary(clients.workflow, 'ListReports',
      { parent: `agencies/${AGENCY}`, state: 'REPORT_STATE_PUBLISHED' }, 'qian.chayue');
    assert.deepEqual(byState.reports, []);

    const stillThere = await unary(clients.workflow, 'GetRevision',
      { name: publishedRevisionName }, 'qian.chayue');
    assert.deepEqual(stillThere.contentSha256, publishedSha);
  });

test('ListReports with an unknown state is INVALID_ARGUMENT naming state', async () => {
  // 99 is no ReportState: refused, not read as "every state".
  const error = await failingCall(clients.workflow, 'ListReports',
    { parent: `agencies/${AGENCY}`, state: 99 }, 'qian.chayue');
  const status = expectError(error, grpc.status.INVALID_ARGUMENT, { reason: 'INVALID_FIELD' });
  const violations = status.details.BadRequest.fieldViolations;
  assert.equal(violations.length, 1);
  assert.equal(violations[0].field, 'state');
  assert.match(violations[0].description, CHINESE);
  assert.equal(status.details.ErrorInfo.domain, 'nianbao.gov.cn');
  assert.equal(status.details.ErrorInfo.metadata.field, 'state');

  const badYear = await failingCall(clients.workflow, 'ListReports',
    { parent: `agencies/${AGENCY}`, reportYear: -3 }, 'qian.chayue');
  const yearStatus = expectError(badYear, grpc.status.INVALID_ARGUMENT);
  assert.equal(yearStatus.details.BadRequest.fieldViolations[0].field, 'report_year');
});

test('both servers stop cleanly on SIGTERM', async () => {
  for (const client of Object.values(clients)) client.close();
  clients = null;
  const endings = await stopServers();
  for (const { name, ending, log } of endings) {
    assert.ok(ending, `${name} did not exit within ${STOP_TIMEOUT_MS} ms of SIGTERM`);
    assert.deepEqual(ending, { code: 0, signal: null },
      `${name} ended badly; its log:\n${fs.readFileSync(log, 'utf8')}`);
  }
});
