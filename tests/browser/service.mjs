// Starts CitizenHelper.Web as a child process on a free loopback port, with a throw-away database and
// random secrets, and stops it again. Used by the browser tests; needs `dotnet build -c Release` first.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: two folders up from tests/browser. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const projectDir = path.join(repoRoot, 'src', 'CitizenHelper.Web');

/** The only origin (besides the service itself) the service lets call Direct Line from a browser. */
export const allowedOrigin = 'http://webchat.test';

// A busy shared machine can take longer to load the knowledge base and train its classifier: CITIZENHELPER_STARTUP_SECONDS.
const STARTUP_TIMEOUT_MS = Number(process.env.CITIZENHELPER_STARTUP_SECONDS || 120) * 1000;
const POLL_MS = 500;
const STOP_GRACE_MS = 10_000;
const MAX_LOG_CHARS = 64 * 1024;

/** Random characters from the URL-safe alphabet. */
function randomText(length) {
  return randomBytes(length).toString('base64url').slice(0, length);
}

/** A random password of `length` characters that also meets ASP.NET Core Identity's default character rules. */
function randomPassword(length) {
  return `${randomText(length - 4)}Aa1!`;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts the service and waits until GET /healthz answers 200.
 * @param {Record<string, string>} [settings] more configuration, as environment variables (e.g. `Llm__Provider`)
 * @returns {Promise<{baseUrl: string, port: number, stop: () => Promise<void>, logs: () => string, admin: {email: string, password: string}}>}
 */
export async function startService(settings = {}) {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const admin = { email: 'admin@test.local', password: randomPassword(20) };
  const dataDir = await mkdtemp(path.join(tmpdir(), 'citizenhelper-browser-'));

  const env = {
    ...process.env,
    ASPNETCORE_ENVIRONMENT: 'Development',
    DOTNET_NOLOGO: '1',
    ConnectionStrings__CitizenHelper: `Data Source=${path.join(dataDir, 'test.db')}`,
    DirectLine__Secret: randomText(48),
    DirectLine__AllowedOrigins__0: allowedOrigin,
    // Every test's browser is the same loopback address; the per-address bound is tested in .NET.
    DirectLine__ActivitiesPerAddressPerMinute: '100000',
    Answering__PublicBaseUrl: baseUrl,
    Staff__Admin__Email: admin.email,
    Staff__Admin__Password: admin.password,
    ...settings,
  };
  delete env.ASPNETCORE_URLS;

  const args = ['run', '--no-build', '-c', 'Release', '--project', projectDir, '--', '--urls', baseUrl];
  // detached: the child leads its own process group, so stopping it also stops the app `dotnet run` started.
  const child = spawn('dotnet', args, { cwd: projectDir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });

  let stdout = '';
  let stderr = '';
  const keep = (log, chunk) => (log + chunk).slice(-MAX_LOG_CHARS);
  child.stdout.setEncoding('utf8').on('data', (chunk) => { stdout = keep(stdout, chunk); });
  child.stderr.setEncoding('utf8').on('data', (chunk) => { stderr = keep(stderr, chunk); });

  let exited = null;
  const closedPromise = new Promise((resolve) => child.once('close', resolve));
  const exitedPromise = new Promise((resolve) => {
    child.once('exit', (code, signal) => { exited = { code, signal }; resolve(exited); });
    child.once('error', (error) => { exited = { code: null, signal: null, error }; resolve(exited); });
  });

  const signalGroup = (signal) => {
    if (exited || child.pid === undefined) return;
    try { process.kill(-child.pid, signal); } catch { /* already gone */ }
  };
  // Last resort if the test process exits, or is interrupted, without calling stop(): the child is in its own
  // process group, so Ctrl-C does not reach it by itself.
  const onExit = () => signalGroup('SIGKILL');
  const onSignal = (signal) => {
    signalGroup('SIGKILL');
    removeHandlers();
    process.kill(process.pid, signal); // then die of the signal as usual
  };
  const removeHandlers = () => {
    process.removeListener('exit', onExit);
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  };
  process.once('exit', onExit);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  let stopped = false;
  async function stop() {
    if (stopped) return;
    stopped = true;
    removeHandlers();
    signalGroup('SIGTERM');
    const timedOut = await Promise.race([exitedPromise.then(() => false), delay(STOP_GRACE_MS).then(() => true)]);
    if (timedOut) {
      signalGroup('SIGKILL');
      await Promise.race([exitedPromise, delay(STOP_GRACE_MS)]);
    }
    // The app `dotnet run` started may outlive the launcher for a moment: make sure the group is gone.
    try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
    await rm(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  }

  const logs = () => `--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}`;

  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  try {
    for (;;) {
      if (exited) {
        await Promise.race([closedPromise, delay(2_000)]); // let the last of its output arrive
        const how = exited.error ? `could not start: ${exited.error.message}` : `exited with code ${exited.code} (signal ${exited.signal})`;
        throw new Error(`The service ${how} before /healthz answered.\n--- stderr ---\n${stderr || '(empty)'}\n--- stdout ---\n${stdout}`);
      }
      try {
        const response = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(5_000) });
        if (response.status === 200) break;
      } catch { /* not listening yet */ }
      if (Date.now() > deadline) {
        throw new Error(`The service did not answer GET /healthz with 200 within ${STARTUP_TIMEOUT_MS / 1000} s.\n${logs()}`);
      }
      await delay(POLL_MS);
    }
  } catch (error) {
    await stop();
    throw error;
  }

  return { baseUrl, port, stop, logs, admin };
}
