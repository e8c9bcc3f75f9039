// Interop with the Connect protocol through nianbao-gatewayd, as a browser or Node.js system built
// on connect-es calls it: @connectrpc/connect with @connectrpc/connect-node's transport over
// HTTP/1.1, and no generated code at all. The services and messages come from the descriptor set
// the build writes (share/nianbao/nianbao-v1.binpb) through @bufbuild/protobuf's registry, as an
// integrator holding only that file would build them. Against the real nianbao-validatord,
// nianbao-workflowd and nianbao-gatewayd, once with Connect's JSON codec and once with its binary
// one (useBinaryFormat), each over fresh servers: the approval chain, a refused call decoded as a
// ConnectError with its google.rpc details read through the registry, an UpdateReport with a stale
// etag, the WatchReports stream receiving a change while it follows, and a body over the gateway's
// limit refused with a code the client can read.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  CHINESE, importFixtureAsJson, makeWorkDir, startGateway, startServers, stopServers, token,
} from './interop_support.mjs';

// interop_support.mjs checks for @grpc/grpc-js; these came later, and a tree installed before
// them must fail saying how to install them too.
if (!fs.existsSync(new URL('./node_modules/@connectrpc/connect-node', import.meta.url))) {
  throw new Error('tests/interop/node_modules lacks @connectrpc/connect-node: run `npm ci` in ' +
    'tests/interop (tests/run does it)');
}
const { Code, ConnectError, createClient } = await import('@connectrpc/connect');
const { createConnectTransport } = await import('@connectrpc/connect-node');
const { createFileRegistry, fromBinary, fromJson, toJson } = await import('@bufbuild/protobuf');
const { FileDescriptorSetSchema } = await import('@bufbuild/protobuf/wkt');

const DESCRIPTOR_SET = path.join(process.env.NIANBAO_BIN_DIR, '..', 'share', 'nianbao',
  'nianbao-v1.binpb');
const registry = createFileRegistry(
  fromBinary(FileDescriptorSetSchema, fs.readFileSync(DESCRIPTOR_SET)));
const WorkflowService = registry.getService('nianbao.v1.WorkflowService');
const AnnualReport = registry.getMessage('nianbao.v1.AnnualReport');
assert.ok(WorkflowService && AnnualReport, `${DESCRIPTOR_SET} lacks nianbao.v1`);

const AGENCY = 'shuyang-fagaiju';
const REPORT_YEAR = 2024;
const REPORT_NAME = `agencies/${AGENCY}/reports/${REPORT_YEAR}`;
const FEE_STATEMENT = '本年度未收取政府信息公开信息处理费。';
const CALL_TIMEOUT_MS = 30_000;
const MAX_BODY_BYTES = 65536;

// The seed fixture as nianbao's proto3 JSON, made a message of the registry's type.
const seedContent = fromJson(AnnualReport, importFixtureAsJson('2024_jianshan-jiaotiju.txt'),
  { registry });

// Call options of a call made as `principal`.
const as = (principal, options = {}) => ({
  headers: { authorization: `Bearer ${token(principal)}` }, timeoutMs: CALL_TIMEOUT_MS, ...options,
});

// The error a call ended with, which must be a ConnectError; its google.rpc details decoded through
// the registry, keyed by type name ("google.rpc.ErrorInfo"): { error, details }.
async function refusal(call) {
  let response;
  try {
    response = await call();
  } catch (error) {
    assert.ok(error instanceof ConnectError, `not a ConnectError: ${error}`);
    const details = {};
    for (const detail of error.findDetails(registry)) {
      assert.ok(!(detail.$typeName in details), `two ${detail.$typeName} details`);
      details[detail.$typeName] = detail;
    }
    return { error, details };
  }
  assert.fail(`the call succeeded but was expected to fail: ${JSON.stringify(response)}`);
}

// Every message of a server stream (until it ends or `until` says so).
async function collect(stream, until = () => false) {
  const messages = [];
  for await (const message of stream) {
    messages.push(message);
    if (until(messages)) break;
  }
  return messages;
}

for (const useBinaryFormat of [false, true]) {
  const codec = useBinaryFormat ? 'proto' : 'json';
  describe(`Connect ${useBinaryFormat ? 'binary' : 'JSON'} through nianbao-gatewayd`, () => {
    let workDir;
    let workflow;
    // The content types the gateway answered with: the codec asked for, never silently another.
    const contentTypes = new Set();
    const recordContentType = (next) => async (request) => {
      const response = await next(request);
      contentTypes.add(response.header.get('content-type').split(';')[0]);
      return response;
    };

    before(async () => {
      workDir = makeWorkDir();
      const backends = await startServers(workDir);
      const baseUrl = await startGateway(workDir, backends, [`--max_body_bytes=${MAX_BODY_BYTES}`]);
      const transport = createConnectTransport({
        baseUrl, httpVersion: '1.1', useBinaryFormat, interceptors: [recordContentType],
      });
      workflow = createClient(WorkflowService, transport);
    });

    after(async () => {
      await stopServers();
      if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
    });

    let etags = {};
    let draftContent;  // The content as updated, before the chain goes on.

    test('a refused call is a ConnectError with its code and google.rpc details', async () => {
      const { error, details } = await refusal(() => workflow.createReport(
        { parent: `agencies/${AGENCY}`, reportYear: 1900, content: seedContent },
        as('li.qicao')));
      assert.equal(error.code, Code.InvalidArgument, error.message);
      assert.match(error.rawMessage, CHINESE);
      assert.equal(details['google.rpc.ErrorInfo']?.reason, 'INVALID_FIELD', error.message);
      assert.equal(details['google.rpc.ErrorInfo'].domain, 'nianbao.gov.cn');
      const violations = details['google.rpc.BadRequest']?.fieldViolations;
      assert.deepEqual(violations?.map((v) => v.field), ['report_year'], error.message);
      assert.equal(details['google.rpc.LocalizedMessage']?.locale, 'zh-CN');

      // No token: unauthenticated, before anything else is looked at.
      const anonymous = await refusal(() => workflow.getReport({ name: REPORT_NAME }));
      assert.equal(anonymous.error.code, Code.Unauthenticated, anonymous.error.message);
    });

    test('create, then an UpdateReport with a stale etag is ABORTED and changes nothing',
      async () => {
        const created = await workflow.createReport(
          { parent: `agencies/${AGENCY}`, reportYear: REPORT_YEAR, content: seedContent },
          as('li.qicao'));
        assert.equal(created.name, REPORT_NAME);
        assert.equal(registry.getEnum('nianbao.v1.ReportState').values
          .find((v) => v.number === created.state)?.name, 'REPORT_STATE_DRAFT');
        assert.equal(created.content.metadata.reportYear, REPORT_YEAR);
        assert.match(created.content.metadata.agencyName, CHINESE);

        // 六 now states the processing fee, which answers the S6_FEE warning.
        const edited = fromJson(AnnualReport, toJson(AnnualReport, seedContent, { registry }),
          { registry });
        edited.otherMatters.paragraphs = [fromJson(registry.getMessage('nianbao.v1.Paragraph'),
          { kind: 'PARAGRAPH_KIND_BODY', text: FEE_STATEMENT })];
        const updated = await workflow.updateReport({
          report: { name: REPORT_NAME, etag: created.etag, content: edited },
          updateMask: { paths: ['content.other_matters'] },
        }, as('li.qicao'));
        assert.notEqual(updated.etag, created.etag);
        assert.equal(updated.lastEditor, 'li.qicao');

        const { error, details } = await refusal(() => workflow.updateReport({
          report: { name: REPORT_NAME, etag: created.etag, content: seedContent },
          updateMask: { paths: ['content.other_matters'] },
        }, as('li.qicao')));
        assert.equal(error.code, Code.Aborted, error.message);
        assert.equal(details['google.rpc.ErrorInfo']?.reason, 'STALE_ETAG', error.message);

        const current = await workflow.getReport({ name: REPORT_NAME }, as('li.qicao'));
        assert.equal(current.etag, updated.etag);
        assert.deepEqual(current.content.otherMatters.paragraphs.map((p) => p.text),
          [FEE_STATEMENT]);
        etags = { updated: updated.etag };
        draftContent = current.content;
      });

    let publishedRevision;

    test('submit (warnings acknowledged), reject, resubmit, approve, publish', async () => {
      const { error, details } = await refusal(() => workflow.submitReport(
        { name: REPORT_NAME, etag: etags.updated }, as('li.qicao')));
      assert.equal(error.code, Code.FailedPrecondition, error.message);
      assert.equal(details['google.rpc.ErrorInfo']?.reason, 'UNACKNOWLEDGED_WARNINGS',
        JSON.stringify(error.details.map((d) => d.debug)));
      const warnings = details['google.rpc.PreconditionFailure'].violations
        .filter((v) => v.type === 'WARNING_NOT_ACKNOWLEDGED').map((v) => v.subject);
      assert.deepEqual(warnings, ['S5_CONTENT']);

      const submit = (etag) => workflow.submitReport(
        { name: REPORT_NAME, etag, acknowledgedWarnings: warnings }, as('li.qicao'));
      const submitted = await submit(etags.updated);
      assert.equal(submitted.report.submitter, 'li.qicao');
      assert.equal(submitted.revision.name, `${REPORT_NAME}/revisions/1`);

      const rejected = await workflow.rejectReport(
        { name: REPORT_NAME, etag: submitted.report.etag, reason: '表三数据需复核' },
        as('wang.shenhe'));
      const resubmitted = await submit(rejected.report.etag);
      assert.equal(resubmitted.revision.name, `${REPORT_NAME}/revisions/2`);

      const approved = await workflow.approveReport(
        { name: REPORT_NAME, etag: resubmitted.report.etag, comment: '同意发布。' },
        as('zhao.qianfa'));
      assert.equal(approved.report.approver, 'zhao.qianfa');
      const published = await workflow.publishReport(
        { name: REPORT_NAME, etag: approved.report.etag }, as('chen.fabu'));
      assert.equal(published.revision.publisher, 'chen.fabu');
      assert.ok(published.report.publishTime.seconds > 0n);
      assert.equal(published.revision.contentSha256.length, 32);
      publishedRevision = published.revision.name;

      // The published revision as the public reads it: the content the drafter left, every
      // field (int64 values, enums, Chinese text) through the codec and back unchanged.
      const read = await workflow.getRevision({ name: publishedRevision }, as('qian.chayue'));
      assert.match(read.content.metadata.agencyName, CHINESE);
      assert.deepEqual(toJson(AnnualReport, read.content, { registry }),
        toJson(AnnualReport, draftContent, { registry }));
    });

    test('WatchReports: the stream lists the chain, then a followed one receives a change',
      async () => {
        const listed = await collect(workflow.watchReports(
          { parent: `agencies/${AGENCY}` }, as('qian.chayue')));
        const changes = listed.flatMap((m) => m.changes);
        const actionName = (number) => registry.getEnum('nianbao.v1.AuditAction').values
          .find((v) => v.number === number)?.name;
        assert.deepEqual(changes.map((c) => actionName(c.action)), [
          'AUDIT_ACTION_CREATE', 'AUDIT_ACTION_UPDATE', 'AUDIT_ACTION_SUBMIT',
          'AUDIT_ACTION_REJECT', 'AUDIT_ACTION_SUBMIT', 'AUDIT_ACTION_APPROVE',
          'AUDIT_ACTION_PUBLISH']);
        const cursor = listed[listed.length - 1].nextCursor;
        assert.ok(cursor.length > 0);

        // Follow from the newest position, then make a change: it arrives on the open stream.
        const abort = new AbortController();
        const followed = collect(workflow.watchReports(
          { parent: `agencies/${AGENCY}`, cursor, follow: true },
          as('qian.chayue', { signal: abort.signal, timeoutMs: undefined })),
        (messages) => messages.some((m) => m.changes.length > 0));
        await new Promise((resolve) => { setTimeout(resolve, 500); });
        await workflow.createReport({ parent: `agencies/${AGENCY}`, reportYear: REPORT_YEAR - 1 },
          as('li.qicao'));
        const timer = setTimeout(() => abort.abort(), CALL_TIMEOUT_MS);
        const received = (await followed).flatMap((m) => m.changes);
        clearTimeout(timer);
        abort.abort();
        const ReportChange = registry.getMessage('nianbao.v1.ReportChange');
        const json = received.map((change) => toJson(ReportChange, change));
        assert.equal(json.length, 1, JSON.stringify(json));
        const { changeTime, cursor: changeCursor, ...change } = json[0];
        assert.deepEqual(change, {
          report: `agencies/${AGENCY}/reports/${REPORT_YEAR - 1}`, agencyId: AGENCY,
          reportYear: REPORT_YEAR - 1, action: 'AUDIT_ACTION_CREATE',
          state: 'REPORT_STATE_DRAFT', revision: '1', actor: 'li.qicao',
        });
        assert.ok(Date.parse(changeTime) > 0 && changeCursor > cursor, JSON.stringify(json));

        // A stream refused before its first message ends in a ConnectError naming the field.
        const { error, details } = await refusal(() => collect(workflow.watchReports(
          { parent: `agencies/${AGENCY}`, cursor: 'garbage' }, as('qian.chayue'))));
        assert.equal(error.code, Code.InvalidArgument, error.message);
        assert.deepEqual(details['google.rpc.BadRequest']?.fieldViolations.map((v) => v.field),
          ['cursor'], error.message);
      });

    test('a body over the gateway\'s limit is RESOURCE_EXHAUSTED, unary and stream', async () => {
      // connect-node sends the body at once (no 100-continue): the gateway must drain it to be
      // heard, and answer in Connect's format for the code to be read (it was EPIPE or unknown).
      const large = 'x'.repeat(MAX_BODY_BYTES + 1);
      const unary = await refusal(() => workflow.createReport(
        { parent: `agencies/${AGENCY}`, reportYear: REPORT_YEAR + 2, requestId: large },
        as('li.qicao')));
      const stream = await refusal(() => collect(workflow.watchReports(
        { parent: `agencies/${AGENCY}`, cursor: large }, as('qian.chayue'))));
      for (const { error, details } of [unary, stream]) {
        assert.equal(error.code, Code.ResourceExhausted, error.message);
        assert.match(error.rawMessage, /请求体超过 65536 字节/);
        assert.equal(details['google.rpc.ErrorInfo']?.reason, 'BODY_TOO_LARGE', error.message);
      }
    });

    test(`the gateway answered with the ${codec} codec only`, () => {
      assert.deepEqual([...contentTypes].sort(),
        useBinaryFormat ? ['application/connect+proto', 'application/proto']
          : ['application/connect+json', 'application/json']);
    });
  });
}
