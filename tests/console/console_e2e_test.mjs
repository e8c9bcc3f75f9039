// The web console end to end in a real browser: Debian's chromium (headless, driven by
// playwright-core, no browser download) against the real nianbao-validatord, nianbao-workflowd and
// nianbao-gatewayd on loopback, gatewayd serving the built console. Four users of
// tests/data/principals.textproto take the seed report (the text layout deploy/run uses) from
// upload to publication with one withdrawal and one rejection, a save from a stale tab shows the
// conflict, and an auditor reads the trail, has the chains verified and exports the trail, which the CLI's
// `nianbao audit verify` accepts; the publisher corrects the published report (the published text
// stays readable in the revisions list); a 2019-format report of an agency with a very long name
// lays out without overflow at 1920×1080 and 1366×768 (table 4 scrolls in its own box).
// Each step is checked by what the page says (state labels, findings, the server's messages) and
// photographed at 1366×768 into the build folder (ARTIFACTS_DIR); first load, opening a published
// report and keystroke-to-findings are measured and written to timings.json (reported, not asserted).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import {
  ARTIFACTS_DIR, BIN_DIR, CHROMIUM, FIXTURES_DIR, chromium, makeWorkDir, startServers, stopServers, token,
} from './console_support.mjs';

const AGENCY = 'shuyang-fagaiju';
const YEAR = 2024;
const SEED = path.join(FIXTURES_DIR, 'reports', '2024_jianshan-jiaotiju.txt');
const REPORT_PATH = `#/agencies/${AGENCY}/reports/${YEAR}`;
const FEE_STATEMENT = '本年度未收取政府信息公开信息处理费。';
const REJECTION = '第六部分未说明信息处理费收取情况，请补充后重新提交。';
const TIMEOUT_MS = 30_000;

let workDir;
let baseUrl;
let browser;
const timings = {};
let shot = 0;

before(async () => {
  fs.rmSync(ARTIFACTS_DIR, { recursive: true, force: true });
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  workDir = makeWorkDir();
  baseUrl = await startServers(workDir);
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
});

after(async () => {
  if (browser) await browser.close();
  const endings = await stopServers();
  fs.writeFileSync(path.join(ARTIFACTS_DIR, 'timings.json'), `${JSON.stringify(timings, null, 2)}\n`);
  console.log(`console timings (ms): ${JSON.stringify(timings)}; screenshots in ${ARTIFACTS_DIR}`);
  for (const { name, ending, log } of endings) {
    assert.equal(ending?.code, 0, `${name} ended ${JSON.stringify(ending)}; its log:\n` +
      fs.readFileSync(log, 'utf8'));
  }
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

async function screenshot(page, step) {
  shot += 1;
  await page.screenshot({
    path: path.join(ARTIFACTS_DIR, `${String(shot).padStart(2, '0')}-${step}.png`), fullPage: true,
  });
}

// A fresh browser context (own cache and session storage) signed in as `principal`; `prepare`
// may set routes on the context first; `base` is the console of other servers (the office's).
async function signedIn(principal, viewport = { width: 1366, height: 768 }, prepare = async () => {},
  base = baseUrl) {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', acceptDownloads: true });
  await prepare(context);
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT_MS);
  const started = Date.now();
  await page.goto(`${base}#/sign-in`);
  await page.locator('input[name=token]').waitFor();
  if (timings.firstLoad === undefined) {
    // Cold cache (a new context): until the sign-in form is there, and the browser's own account
    // of the page load (the bundle's size and the time its transfer took).
    timings.firstLoad = Date.now() - started;
    Object.assign(timings, await page.evaluate(() => {
      const [navigation] = performance.getEntriesByType('navigation');
      const scripts = performance.getEntriesByType('resource').filter((r) => r.name.endsWith('.js'));
      return {
        firstLoadEvent: Math.round(navigation.loadEventEnd),
        scriptBytes: scripts.reduce((sum, r) => sum + r.encodedBodySize, 0),
        scriptTransfer: Math.round(Math.max(...scripts.map((r) => r.duration))),
      };
    }));
  }
  await page.locator('input[name=token]').fill(token(principal));
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.waitForURL(/#\/reports$/);
  // The header names who signed in, from the server's GetCaller.
  await page.locator('.top .principal', { hasText: `（${principal}）` }).waitFor();
  return page;
}

// Opens the report afresh (a page already showing it is reloaded: reading it again from the server).
async function openReport(page) {
  if (page.url().endsWith(REPORT_PATH)) await page.reload();
  else await page.goto(`${baseUrl}${REPORT_PATH}`);
  await page.locator('article.report h1').waitFor();
}

const stateLabel = (page) => page.locator('.title-line .state');
// Waits for the state label; when it does not come, fails with what the page says instead (a
// refusal's message) and a screenshot of it.
const expectState = async (page, label) => {
  try {
    await page.locator('.title-line .state', { hasText: label }).waitFor();
  } catch (error) {
    await screenshot(page, `not-${label}`);
    const said = await page.locator('.call-error').allTextContents();
    throw new Error(`the state is not ${label}; the page says: ${said.join(' | ') || '(nothing)'}`,
      { cause: error });
  }
  assert.equal((await stateLabel(page).textContent()).trim(), label);
};
const button = (page, name) => page.getByRole('button', { name, exact: true });
// Ticks every warning the page lists for acknowledgement, once the findings are there (the seed
// always has S5_CONTENT).
async function acknowledgeWarnings(page) {
  await page.locator('.acks .el-checkbox', { hasText: 'S5_CONTENT' }).waitFor();
  for (const box of await page.locator('.acks .el-checkbox').all()) await box.click();
}
const finding = (page, code) => page.locator(`.finding[data-code="${code}"]`);

let drafter;

test('a token the server does not know is refused at sign-in with the server\'s message', async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT_MS);
  await page.goto(`${baseUrl}#/sign-in`);
  await page.locator('input[name=token]').fill('not-a-token');
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.locator('.call-error', { hasText: '未提供有效的访问令牌' }).waitFor();
  assert.match(page.url(), /#\/sign-in$/);
  // No answer at all (the gateway down): said plainly, not as the browser's "Failed to fetch".
  await context.route('**/nianbao.v1.AgencyService/GetCaller', (route) => route.abort('connectionrefused'));
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.locator('.call-error', { hasText: '无法连接服务器' }).waitFor();
  await context.close();
});

test('the drafter uploads the seed, creates the report and sees its findings in place', async () => {
  drafter = await signedIn('li.qicao');
  // Name and roles per agency in the header, as the server's principals file says.
  assert.equal((await drafter.locator('.top .principal').textContent()).trim(), '李起草（li.qicao）');
  assert.match(await drafter.locator('.top .roles').textContent(), new RegExp(`${AGENCY}：起草人、查阅人`));
  // 退出 reads on the header's dark red (WCAG AA: 4.5:1 for text).
  const colours = await drafter.evaluate(() => [
    getComputedStyle(document.querySelector('.top .sign-out')).color,
    getComputedStyle(document.querySelector('.top')).backgroundColor]);
  assert.ok(contrast(...colours) >= 4.5, `退出 is ${colours[0]} on ${colours[1]}: ${contrast(...colours)}:1`);
  await page_has(drafter, '没有可查看的报告');
  await drafter.locator('input[name=document]').setInputFiles(SEED);
  await drafter.locator('.import-result', { hasText: '已导入：尖山区教体局 2024 年度' }).waitFor();
  // The picker offers the agencies the drafter drafts for; the only one is chosen already.
  await drafter.locator('.agency-picker', { hasText: AGENCY }).waitFor();
  await screenshot(drafter, 'imported');
  await button(drafter, '创建报告').click();
  await drafter.waitForURL(new RegExp(`${REPORT_PATH}$`));
  await expectState(drafter, '起草中');
  // The section rules' findings sit on their sections, as the validation service words them.
  await drafter.locator('#section-6 .finding[data-code="S6_FEE"]').waitFor();
  assert.match(await drafter.locator('#section-6 .finding[data-code="S6_FEE"]').textContent(), /警告.*S6_FEE.*信息处理费/s);
  await drafter.locator('#section-5 .finding[data-code="S5_CONTENT"]').waitFor();
  assert.equal(await drafter.locator('.finding.error').count(), 0);
  await screenshot(drafter, 'draft');
});

// Reads `read()` until `done` holds of it (or 15 s pass) and returns the last value read: for
// what the page updates after an answer arrives, which no element's appearance marks.
async function eventually(read, done) {
  const until = Date.now() + 15000;
  let value = await read();
  while (!done(value) && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  return value;
}

// WCAG's contrast ratio of two computed colours, "rgb(r, g, b)".
function contrast(a, b) {
  const luminance = (rgb) => {
    const [r, g, bl] = rgb.match(/\d+(\.\d+)?/g).slice(0, 3).map((v) => {
      const c = Number(v) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return Math.round(((hi + 0.05) / (lo + 0.05)) * 100) / 100;
}

// Installed before a page's scripts run (addInitScript): the time on the page's clock (ms since
// the navigation started) at which an element matching `selector` is first in the document, and
// of the last click (a route change within the page is timed from it).
function shownAt(selector) {
  document.addEventListener('click', () => { window.nianbaoClickAt = performance.now(); }, true);
  new MutationObserver((_, observer) => {
    if (!document.querySelector(selector)) return;
    window.nianbaoShownAt = performance.now();
    observer.disconnect();
  }).observe(document, { childList: true, subtree: true });
}

// In the page, after the report is shown: when it was shown, and when each API call and script
// of the report page started and ended (from the navigation's start, or from the last click for a
// route change within the page), as "Name start-end" in ms.
function openedAt(fromClick = false) {
  const since = fromClick ? window.nianbaoClickAt : 0;
  const entries = performance.getEntriesByType('resource').filter((r) => r.startTime >= since &&
    (r.name.includes('/nianbao.v1.') || r.name.endsWith('.js')));
  return {
    shown: Math.round(window.nianbaoShownAt - since),
    requests: entries.map((r) => `${r.name.replace(/.*\//, '')} ` +
      `${Math.round(r.startTime - since)}-${Math.round(r.responseEnd - since)}`),
  };
}

async function page_has(page, text) {
  await page.getByText(text).first().waitFor();
}

test('a save from a stale tab is refused and explained; compare shows the other change', async () => {
  const otherTab = await signedIn('li.qicao');
  await openReport(otherTab);
  const five = otherTab.locator('#section-5 textarea').first();
  await five.fill(`${await five.inputValue()}（已补充）`);
  await button(otherTab, '保存').click();
  await otherTab.locator('.notice', { hasText: '已保存' }).waitFor();
  await otherTab.context().close();

  await drafter.locator('#section-6 textarea').first().fill(FEE_STATEMENT);
  await button(drafter, '保存').click();
  const conflict = drafter.locator('.call-error');
  await conflict.waitFor();
  assert.match(await conflict.textContent(), /保存冲突：报告已被他人修改/);
  await button(drafter, '比较差异').click();
  await drafter.locator('.compare', { hasText: '（已补充）' }).waitFor();
  assert.match(await drafter.locator('.compare').textContent(), /五、/);
  await screenshot(drafter, 'conflict');
  await button(drafter, '重新加载（放弃我的修改）').click();
  await drafter.locator('.call-error').waitFor({ state: 'detached' });
  // The error goes as the reload starts; the text arrives with the reloaded report.
  const reloaded = await eventually(() => drafter.locator('#section-5 textarea').first().inputValue(),
    (value) => /（已补充）$/.test(value));
  assert.match(reloaded, /（已补充）$/);
});

test('the drafter acknowledges the warnings and submits; approving is not theirs to do', async () => {
  await acknowledgeWarnings(drafter);
  await button(drafter, '提交审核').click();
  await expectState(drafter, '待审核');
  const sod = drafter.locator('.sod');
  await sod.waitFor();
  assert.match(await sod.textContent(), /不能签发本人提交的报告（职责分离）/);
  assert.ok(await button(drafter, '签发').isDisabled());
  assert.equal(await button(drafter, '退回').count(), 0, 'rejecting is the reviewer\'s');
  await screenshot(drafter, 'submitted');
});

test('the submitter withdraws the submission (撤回) and submits it again', async () => {
  await drafter.locator('input[name=withdrawal]').fill('补充材料后再提交。');
  await button(drafter, '撤回').click();
  await drafter.locator('.notice', { hasText: '已撤回' }).waitFor();
  await expectState(drafter, '起草中');
  await acknowledgeWarnings(drafter);
  await button(drafter, '提交审核').click();
  await expectState(drafter, '待审核');
});

test('the reviewer rejects with a reason', async () => {
  const reviewer = await signedIn('wang.shenhe');
  // The reviewer finds it in the list, waiting for review, and opens it from there.
  const row = reviewer.locator('.el-table__row', { hasText: '待审核' });
  await row.waitFor();
  assert.match(await row.textContent(), /2024.*待审核.*2025-01-31/s);
  await screenshot(reviewer, 'list-in-review');
  // By keyboard: the row's link takes the focus and Enter opens it.
  await row.getByRole('link', { name: '打开' }).focus();
  await reviewer.keyboard.press('Enter');
  await expectState(reviewer, '待审核');
  await reviewer.locator('input[name=reason]').fill(REJECTION);
  await button(reviewer, '退回').click();
  await reviewer.locator('.notice', { hasText: '已退回起草人' }).waitFor();
  await expectState(reviewer, '起草中');
  await screenshot(reviewer, 'rejected');
  await reviewer.context().close();
});

test('the drafter sees the reason, fixes 六 (findings follow the typing) and resubmits', async () => {
  await openReport(drafter);
  await drafter.locator('.rejection', { hasText: REJECTION }).waitFor();
  // A figure that breaks table 3's balance: an error appears on the page, then goes with it.
  const cell = drafter.locator('td[data-cell="applications.table.new_applications.natural_person"] input');
  const original = await cell.inputValue();
  let started = Date.now();
  await cell.fill(String(Number(original) + 7));
  await drafter.locator('.finding.error').first().waitFor();
  timings.keystrokeToFindings = Date.now() - started;
  timings.validateCall = Number((await drafter.locator('.check-ms').textContent()).match(/\d+/)[0]);
  assert.match(await drafter.locator('.finding.error').first().textContent(), /错误/);
  await screenshot(drafter, 'finding-on-edit');
  await cell.fill(original);
  await drafter.locator('.finding.error').first().waitFor({ state: 'detached' });

  started = Date.now();
  await drafter.locator('#section-6 textarea').first().fill(FEE_STATEMENT);
  await finding(drafter, 'S6_FEE').first().waitFor({ state: 'detached' });
  timings.keystrokeToFindingGone = Date.now() - started;
  await button(drafter, '保存').click();
  await drafter.locator('.notice', { hasText: '已保存' }).waitFor();
  await acknowledgeWarnings(drafter);
  await button(drafter, '提交审核').click();
  await expectState(drafter, '待审核');
  await screenshot(drafter, 'resubmitted');
});

test('the approver signs off with a comment', async () => {
  const approver = await signedIn('zhao.qianfa');
  await openReport(approver);
  await expectState(approver, '待审核');
  assert.equal(await approver.locator('.sod').count(), 0);
  // What changed since the rejected submission: 六's paragraph, listed and marked on the page.
  const changes = approver.locator('.review-changes');
  await changes.waitFor();
  // Revision 1 was withdrawn; 2 was rejected; 3 is the one in review.
  assert.match(await changes.textContent(), /与上次提交（第 2 版）相比的修改：1 处/);
  assert.match(await changes.textContent(), new RegExp(`六、其他需要报告的事项 第1段.*${FEE_STATEMENT}`));
  await approver.locator('#section-6 p.changed', { hasText: FEE_STATEMENT }).waitFor();
  await approver.locator('input[name=comment]').fill('同意发布。');
  // By keyboard: Tab from the comment reaches 签发 (with a visible focus ring), Enter approves.
  await approver.keyboard.press('Tab');
  assert.equal(await approver.evaluate(() => document.activeElement?.textContent?.trim()), '签发');
  assert.notEqual(await approver.evaluate(() => getComputedStyle(document.activeElement).outlineStyle), 'none');
  await approver.keyboard.press('Enter');
  await approver.locator('.notice', { hasText: '已签发' }).waitFor();
  await expectState(approver, '已签发');
  await screenshot(approver, 'approved');
  await approver.context().close();
});

test('the publisher publishes; the published report reads as the drafter left it', async () => {
  const publisher = await signedIn('chen.fabu');
  await openReport(publisher);
  await button(publisher, '发布').click();
  await publisher.locator('.notice', { hasText: '已发布' }).waitFor();
  await expectState(publisher, '已发布');
  // Opening a published report: the page reloaded (scripts from the cache), timed by the page's own
  // clock from the navigation's start to the report's text in the document (not the load event).
  await publisher.context().addInitScript(shownAt, '#section-6 p');
  const started = Date.now();
  await openReport(publisher);
  await publisher.locator('#section-6 p', { hasText: FEE_STATEMENT }).waitFor();
  timings.openPublishedReload = Date.now() - started;
  ({ shown: timings.openPublished, requests: timings.openPublishedRequests } = await publisher.evaluate(openedAt));
  // Read once: the router's GetReport is the page's (reportOpen.ts), not a second call.
  assert.equal(timings.openPublishedRequests.filter((r) => r.startsWith('GetReport ')).length, 1,
    timings.openPublishedRequests.join('\n'));
  assert.equal(await publisher.locator('textarea, .cell-input').count(), 0, 'a published report is not editable');
  await screenshot(publisher, 'published');
  await publisher.goto(`${baseUrl}#/reports`);
  await publisher.locator('.el-table .state', { hasText: '已发布' }).waitFor();
  await screenshot(publisher, 'list');
  await publisher.context().close();
});

test('next year\'s draft is checked against the published year, as submission will be', async () => {
  // The seed under next year's number is refused with the server's words and the field it names.
  await drafter.goto(`${baseUrl}#/reports`);
  await drafter.locator('input[name=document]').setInputFiles(SEED);
  await drafter.locator('.import-result').waitFor();
  await drafter.locator('input[name=year]').fill(String(YEAR + 1));
  await drafter.locator('input[name=year]').press('Tab');
  await button(drafter, '创建报告').click();
  await drafter.locator('.call-error', { hasText: '字段 field：content.metadata.report_year' }).waitFor();
  // Its text moved on a year: the page validates with the published report of the year before (as
  // SubmitReport does), so REPEAT_LAST_YEAR is on the page with its box to tick.
  const next = path.join(workDir, `${YEAR + 1}.txt`);
  fs.writeFileSync(next, fs.readFileSync(SEED, 'utf8').replaceAll(String(YEAR), String(YEAR + 1)));
  await drafter.locator('input[name=document]').setInputFiles(next);
  await drafter.locator('.import-result', { hasText: `${YEAR + 1} 年度` }).waitFor();
  await button(drafter, '创建报告').click();
  await drafter.waitForURL(new RegExp(`reports/${YEAR + 1}$`));
  await drafter.locator('.acks .el-checkbox', { hasText: 'REPEAT_LAST_YEAR' }).waitFor();
  await finding(drafter, 'REPEAT_LAST_YEAR').first().waitFor();
  await drafter.context().close();
});

test('the auditor reads the trail with the rejection and verifies the chains', async () => {
  const auditor = await signedIn('sun.shenji', undefined, (context) => context.addInitScript(shownAt, '#section-6 p'));
  // The published report opened from the list in a tab that has not shown a report yet: from the
  // click to its text in the document, the report page's chunk loaded (or preloaded) on the way.
  const publishedRow = auditor.locator('.el-table__row', { hasText: '已发布' });
  await publishedRow.waitFor();
  await publishedRow.locator('.open-link').click();
  await auditor.locator('#section-6 p', { hasText: FEE_STATEMENT }).waitFor();
  ({ shown: timings.openFromList, requests: timings.openFromListRequests } = await auditor.evaluate(openedAt, true));
  // The page's chunk came while the list was shown (main.ts preloads it), not after the click.
  assert.ok(!timings.openFromListRequests.some((r) => r.startsWith('ReportPage-')), timings.openFromListRequests.join('\n'));
  assert.equal(timings.openFromListRequests.filter((r) => r.startsWith('GetReport ')).length, 1);
  await auditor.goto(`${baseUrl}#/audit/${AGENCY}/${YEAR}`);
  const events = auditor.locator('.events .el-table__row');
  await auditor.locator('.events .el-table__row', { hasText: 'chen.fabu' }).waitFor();
  const rows = (await events.allTextContents()).join('\n');
  for (const expected of ['创建', '撤回', '补充材料后再提交。', '退回', REJECTION, '签发', '同意发布。', 'chen.fabu']) {
    assert.ok(rows.includes(expected), `the trail lacks ${expected}:\n${rows}`);
  }
  await button(auditor, '核验审计链').click();
  await auditor.locator('.verification', { hasText: '本单位审计链' }).waitFor();
  const verdicts = await auditor.locator('.verification').allTextContents();
  assert.equal(verdicts.length, 2, verdicts.join('\n'));
  for (const verdict of verdicts) assert.match(verdict, /完整：已核验 \d+ 条记录/);
  await screenshot(auditor, 'audit');

  // The export file and the key, downloaded as a user would, are what the CLI verifies offline.
  const saved = async (name) => {
    const [download] = await Promise.all([auditor.waitForEvent('download'), button(auditor, name).click()]);
    const file = path.join(workDir, download.suggestedFilename());
    await download.saveAs(file);
    return file;
  };
  const exportFile = await saved('导出本单位审计记录');
  assert.match(path.basename(exportFile), new RegExp(`^audit-${AGENCY}-\\d{8}\\.jsonl$`));
  await auditor.locator('.exported', { hasText: '已导出' }).waitFor();
  const key = await saved('下载验证公钥');
  const verified = execFileSync(path.join(BIN_DIR, 'nianbao'),
    ['audit', 'verify', '--public-key', key, exportFile], { encoding: 'utf8' });
  assert.match(verified, new RegExp(`^验证通过 OK: \\d+ 个事件 events.*机关 agency ${AGENCY}.*已核对 \\(head matched\\)`));
  await auditor.context().close();
});

test('the publisher corrects the published report; the published text stays readable', async () => {
  const publisher = await signedIn('chen.fabu');
  await openReport(publisher);
  await expectState(publisher, '已发布');
  await publisher.locator('input[name=correction]').fill('更正第六部分的文字。');
  await button(publisher, '更正').click();
  await publisher.locator('.notice', { hasText: '已开始更正' }).waitFor();
  await expectState(publisher, '起草中');
  assert.match(await publisher.locator('.title-line').textContent(), /第 4 版.*现行发布版本：第 3 版/s);
  // The revisions: the published one in force, the rejected submission; the published text opens.
  const published = publisher.locator('.revision-table .el-table__row', { hasText: '已发布（现行）' });
  await published.waitFor();
  assert.match(await published.textContent(), /第 3 版.*chen\.fabu/s);
  await published.getByRole('button', { name: '查看' }).click();
  await publisher.locator('.viewed-revision p', { hasText: FEE_STATEMENT }).waitFor();
  await screenshot(publisher, 'correction');
  await publisher.context().close();
});

// A report in the 2019 trial format of an agency whose name runs long: its tables as the renderer
// shows them, and nothing wider than the window at either screen size.
const LONG_NAME = '尖山区教育体育局（尖山区人民政府教育督导室、尖山区语言文字工作委员会办公室）' +
  '所属事业单位政府信息公开工作领导小组办公室';
test('a long agency name and table 4 stay inside the window at 1920×1080 and 1366×768', async () => {
  // The test servers run without a registry: the header's agency name is made long on the way
  // (GetCaller's own answer, with the registry name a long-named agency would have).
  const page = await signedIn('he.jianshan', { width: 1920, height: 1080 }, (context) => context.route('**/nianbao.v1.AgencyService/GetCaller', async (route) => {
    const response = await route.fetch();
    const caller = await response.json();
    caller.roleBindings[0].agencyDisplayName = LONG_NAME;
    await route.fulfill({ response, json: caller });
  }));
  assert.match(await page.locator('.top .roles').getAttribute('title'), new RegExp(LONG_NAME.slice(0, 20)));
  const status = await page.evaluate(async ({ name, sessionToken }) => {
    const response = await fetch('/v1/agencies/jianshan-jiaotiju/reports', {
      method: 'POST', headers: { authorization: `Bearer ${sessionToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ reportYear: 2019, content: {
        metadata: { agencyName: name, reportYear: 2019 },
        activeDisclosure: { table: { formatVersion: 'FORMAT_VERSION_2019', trial2019: { rules: { made: { number: 3 } } } } },
        applications: { table: { formatVersion: 'FORMAT_VERSION_2019', otherHandling2019: { naturalPerson: { number: 1 } } } },
        reviewLitigation: { table: { litigationAfterReview: { total: { number: 4 } } } },
      } }),
    });
    return response.status;
  }, { name: LONG_NAME, sessionToken: token('he.jianshan') });
  assert.equal(status, 200);
  await page.goto(`${baseUrl}#/agencies/jianshan-jiaotiju/reports/2019`);
  for (const viewport of [{ width: 1920, height: 1080 }, { width: 1366, height: 768 }]) {
    await page.setViewportSize(viewport);
    await page.locator('article.report h1', { hasText: LONG_NAME }).waitFor();
    await page.locator('#section-4 td[data-cell="review_litigation.table.litigation_after_review.total"] input').waitFor();
    assert.equal(await page.locator('table.table-2-2019-1').count(), 1);
    assert.equal(await page.locator('table.table-2').count(), 0, 'the 2021 table 2 is not shown for a 2019 table');
    await page.locator('td[data-cell="applications.table.other_handling_2019.natural_person"]').waitFor();
    const widths = await page.evaluate(() => {
      const box = (selector) => {
        const e = document.querySelector(selector);
        return { scroll: e.scrollWidth, client: e.clientWidth };
      };
      return {
        page: box('html'), header: box('.top'), title: box('.title-line'), roles: box('.top .roles'),
        table4: box('.table-scroll:has(.table-4)'),
        // Table 4's one row of fifteen value cells.
        cells: document.querySelectorAll('.table-4 tbody td').length,
      };
    });
    const label = `${viewport.width}×${viewport.height}: ${JSON.stringify(widths)}`;
    assert.equal(widths.cells, 15, label);
    for (const part of ['page', 'header', 'title']) {
      assert.ok(widths[part].scroll <= widths[part].client, `${part} overflows at ${label}`);
    }
    // At 1366 the long name is cut inside the header (ellipsis), not pushing it wider.
    if (viewport.width === 1366) assert.ok(widths.roles.scroll > widths.roles.client, `the roles are not cut at ${label}`);
    // Table 4 scrolls in its own box if it must, never the page.
    assert.ok(widths.table4.client <= widths.page.client, label);
    await screenshot(page, `long-name-${viewport.width}`);
  }
  await page.context().close();
});

// The office's servers have an agency registry (the chain's above have none, so that their header
// shows agency ids): 沭阳县 and two of its departments, and every agency the principals file names
// (workflowd refuses a binding to an unregistered agency); the seed, named for the registered
// department, published through the CLI as deploy/run does; xu.duban supervises the county.
const OFFICE_REGISTRY = `
agencies { agency_id: "shuyang-xian" name: "沭阳县人民政府" kind: AGENCY_KIND_GOVERNMENT }
agencies { agency_id: "shuyang-fagaiju" name: "沭阳县发展和改革局" kind: AGENCY_KIND_DEPARTMENT parent_agency_id: "shuyang-xian" }
agencies { agency_id: "shuyang-jiaoyuju" name: "沭阳县教育局" kind: AGENCY_KIND_DEPARTMENT parent_agency_id: "shuyang-xian" }
agencies { agency_id: "jianshan-jiaotiju" name: "尖山区教体局" kind: AGENCY_KIND_DEPARTMENT }
`;
test('the county office sees the filing status and the roll-up, and downloads the XLSX', async () => {
  const officeDir = path.join(workDir, 'office');
  fs.mkdirSync(officeDir);
  const agenciesFile = path.join(officeDir, 'agencies.textproto');
  fs.writeFileSync(agenciesFile, OFFICE_REGISTRY);
  const officeUrl = await startServers(officeDir, { agenciesFile });
  const server = `127.0.0.1:${fs.readFileSync(path.join(officeDir, 'nianbao-workflowd.port'), 'utf8').trim()}`;
  const nianbao = (user, args) => execFileSync(path.join(BIN_DIR, 'nianbao'), [...args, '--server', server],
    { encoding: 'utf8', env: { ...process.env, NIANBAO_TOKEN: token(user) } });
  const seed = path.join(officeDir, 'seed.txt');
  fs.writeFileSync(seed, fs.readFileSync(SEED, 'utf8').replaceAll('尖山区教体局', '沭阳县发展和改革局'));
  const name = `agencies/${AGENCY}/reports/${YEAR}`;
  nianbao('li.qicao', ['report', 'create', '--agency', AGENCY, '--year', String(YEAR), '--file', seed]);
  nianbao('li.qicao', ['report', 'submit', name, '--ack', 'S5_CONTENT,S6_FEE']);
  nianbao('zhao.qianfa', ['report', 'approve', name, '--comment', '同意发布。']);
  nianbao('chen.fabu', ['report', 'publish', name]);
  const published = JSON.parse(nianbao('chen.fabu', ['report', 'get', name, '--json']));
  const licensing = String(published.content.active_disclosure.table.licensing_decisions.number);

  const office = await signedIn('xu.duban', undefined, undefined, officeUrl);
  // The menu's office page picks the supervised county by itself, at the filing status.
  await office.locator('.menu-office').click();
  await office.waitForURL(/#\/office\/shuyang-xian\/\d{4}\/status$/);
  await office.goto(`${officeUrl}#/office/shuyang-xian/${YEAR}/status`);
  const row = (text) => office.locator('.filing-table .el-table__row', { hasText: text });
  await row('沭阳县发展和改革局').locator('.filing-state', { hasText: '已发布' }).waitFor();
  assert.match(await row('沭阳县教育局').textContent(), /未创建/);
  assert.match(await row('沭阳县人民政府').textContent(), /未创建.*2025-03-31/s);
  assert.match(await office.locator('.office-totals').textContent(), /合计 3 个机关.*已发布 1/s);
  await office.locator('.filing-chart canvas').waitFor();
  await screenshot(office, 'office-status');

  await office.locator('.office-tab', { hasText: '汇总' }).click();
  await office.locator('.rollup-included', { hasText: AGENCY }).waitFor();
  assert.match(await office.locator('.rollup-missing').textContent(), /shuyang-jiaoyuju/);
  const cell = office.locator('.rollup-tables td[data-cell="active_disclosure.table.licensing_decisions"]');
  assert.equal((await cell.textContent()).trim(), licensing);
  await screenshot(office, 'office-rollup');

  const [download] = await Promise.all([office.waitForEvent('download'), button(office, '下载 XLSX').click()]);
  assert.equal(download.suggestedFilename(), `shuyang-xian-${YEAR}-汇总.xlsx`);
  const file = path.join(officeDir, download.suggestedFilename());
  await download.saveAs(file);
  const bytes = fs.readFileSync(file);
  assert.ok(bytes.length > 0);
  assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK');
  await office.locator('.exported-sheet', { hasText: '已下载' }).waitFor();
  await office.context().close();
});
