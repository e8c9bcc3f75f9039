// What the console's browser test needs around the browser: the real nianbao-validatord,
// nianbao-workflowd and nianbao-gatewayd on loopback ports over a fresh data directory (gatewayd
// serving the built console as its static root), and Debian's chromium through playwright-core.
//
// Environment (set by ctest, see CMakeLists.txt): NIANBAO_BIN_DIR, NIANBAO_SOURCE_DIR,
// NIANBAO_FIXTURES_DIR, NIANBAO_CONSOLE_DIR (the built console), NIANBAO_CONSOLE_ARTIFACTS (where
// screenshots and the timing summary go). Install the packages first: `npm ci` here (tests/run
// does), and chromium from Debian (deploy/install-deps.sh).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
if (!fs.existsSync(path.join(HERE, 'node_modules', 'playwright-core'))) {
  throw new Error(`tests/console/node_modules is missing: run \`npm ci\` in ${HERE} (tests/run does it)`);
}
export const { chromium } = await import('playwright-core');

export const CHROMIUM = process.env.NIANBAO_CHROMIUM || '/usr/bin/chromium';
if (!fs.existsSync(CHROMIUM)) {
  throw new Error(`${CHROMIUM} is missing: apt-get install chromium (deploy/install-deps.sh does it)`);
}
export const BIN_DIR = process.env.NIANBAO_BIN_DIR;
if (!BIN_DIR) throw new Error('NIANBAO_BIN_DIR is not set (the build\'s bin/ directory)');
export const SOURCE_DIR = process.env.NIANBAO_SOURCE_DIR || path.resolve(HERE, '..', '..');
export const FIXTURES_DIR =
  process.env.NIANBAO_FIXTURES_DIR || path.resolve(SOURCE_DIR, '..', 'shared', 'fixtures');
export const CONSOLE_DIR = process.env.NIANBAO_CONSOLE_DIR || path.join(BIN_DIR, '..', 'console');
if (!fs.existsSync(path.join(CONSOLE_DIR, 'index.html'))) {
  throw new Error(`${CONSOLE_DIR}/index.html is missing: build the console first ` +
    '(cmake --build BUILD --target nianbao_console; tests/run does it)');
}
export const ARTIFACTS_DIR = process.env.NIANBAO_CONSOLE_ARTIFACTS ||
  path.join(BIN_DIR, '..', 'tests', 'console', 'artifacts');

// Generous: under AddressSanitizer on two shared cores a server takes a while to come up.
const STARTUP_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 30_000;

// tests/data/principals.textproto: the token of each test principal is "test-token-" + name.
export const token = (principal) => `test-token-${principal}`;

const servers = [];

async function startServer(workDir, name, args) {
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
    child.on('error', (error) => { server.exit = { error }; resolve(server.exit); });
  });
  servers.push(server);
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline && !server.exit) {
    const text = fs.existsSync(portFile) ? fs.readFileSync(portFile, 'utf8').trim() : '';
    if (/^\d+$/.test(text)) return `127.0.0.1:${text}`;
    await new Promise((resolve) => { setTimeout(resolve, 100); });
  }
  throw new Error(`${name} did not start (${JSON.stringify(server.exit)}); its log:\n` +
    fs.readFileSync(logPath, 'utf8'));
}

// validatord, workflowd (tests/data/principals.textproto's tokens; the agency registry
// `agenciesFile` when given) and gatewayd serving the console: the console's base URL,
// "http://127.0.0.1:PORT/". Each writes its port to workDir/NAME.port.
export async function startServers(workDir, { agenciesFile } = {}) {
  const validation = await startServer(workDir, 'nianbao-validatord', []);
  const workflow = await startServer(workDir, 'nianbao-workflowd', [
    `--data_dir=${path.join(workDir, 'data')}`,
    `--validation_address=${validation}`,
    `--token_file=${path.join(SOURCE_DIR, 'tests', 'data', 'principals.textproto')}`,
    `--audit_key_file=${path.join(workDir, 'audit-signing-key.pem')}`,
    ...(agenciesFile ? [`--agencies_file=${agenciesFile}`] : []),
  ]);
  const gateway = await startServer(workDir, 'nianbao-gatewayd', [
    `--workflow_address=${workflow}`, `--validation_address=${validation}`,
    `--static_root=${CONSOLE_DIR}`,
  ]);
  return `http://${gateway}/`;
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

process.on('exit', () => {
  for (const server of servers) if (!server.exit) server.child.kill('SIGTERM');
});

export function makeWorkDir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-console-'));
}
