// Validates the OpenAPI document the gateway serves with @apidevtools/swagger-parser (the OpenAPI
// 3.0 JSON schema, then its semantic checks: references, unique operation ids, path parameters),
// as a client generator would read it; once from the generated pool and once from the API's
// descriptor set. Usage: node validate_openapi.mjs OPENAPI_DUMP DESCRIPTOR_SET
import { execFileSync } from 'node:child_process';
import assert from 'node:assert/strict';
import { test } from 'node:test';

let SwaggerParser;
try {
  SwaggerParser = (await import('@apidevtools/swagger-parser')).default;
} catch {
  console.error('validate_openapi: @apidevtools/swagger-parser is missing: run `npm ci` in tests/gateway (tests/run does)');
  process.exit(1);
}

const [dump, descriptorSet] = process.argv.slice(2);

function documentFrom(args) {
  return JSON.parse(execFileSync(dump, args, { encoding: 'utf8', maxBuffer: 64 << 20 }));
}

for (const [label, args] of [['generated pool', []], ['descriptor set', [descriptorSet]]]) {
  test(`the OpenAPI document from the ${label} validates`, async () => {
    const document = documentFrom(args);
    // validate() dereferences in place: give it a copy, keep the original to inspect.
    await SwaggerParser.validate(structuredClone(document));
    assert.equal(document.openapi, '3.0.3');
    const submit = document.paths['/v1/agencies/{agency}/reports/{report}:submit'];
    assert.ok(submit?.post?.requestBody, 'SubmitReport takes a JSON body');
    assert.ok(document.components.schemas['nianbao.v1.Report']);
    assert.ok(document.components.schemas['google.rpc.Status'], 'errors are described');
    assert.ok(Object.keys(document.paths).length >= 15);
    if (label === 'descriptor set') {
      assert.match(document.paths['/v1/agencies/{agency}/reports/{report}'].get.description,
        /current report/);
    }
  });
}

test('a document with a broken reference is refused (the validator is not a no-op)', async () => {
  const document = documentFrom([]);
  document.paths['/v1/agencies/{agency}'].get.responses['200'].content['application/json'].schema =
    { $ref: '#/components/schemas/NoSuchSchema' };
  await assert.rejects(SwaggerParser.validate(document));
});
