import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningBinary, requireBuild, startBinary } from './test/start-binary.js';

function jsonLines(output: string): Record<string, unknown>[] {
  return output
    .split('\n')
    .filter(line => line.startsWith('{'))
    .map(line => JSON.parse(line) as Record<string, unknown>);
}

let directory: string;
let running: RunningBinary | undefined;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'llmux-bin-'));
});

afterEach(async () => {
  if (running && running.child.exitCode === null && running.child.signalCode === null) {
    running.child.kill('SIGKILL');
    await running.exited;
  }
  running = undefined;
  await rm(directory, { recursive: true, force: true });
});

describe('the llmux binary', () => {
  it('serves a config with a master key, logs requests at debug without keys, stops on SIGTERM', async () => {
    requireBuild();
    const masterKey = 'sk-secret-test-key';
    const providerKey = 'sk-provider-secret-in-config';
    await writeFile(
      join(directory, 'config.yaml'),
      [
        'model_list:',
        '  - model_name: gpt-4o-mini',
        '    litellm_params:',
        '      model: openai/gpt-4o-mini',
        `      api_key: ${providerKey}`,
        '      mock_response: "Hi from the test"',
        'litellm_settings:',
        '  success_callback: ["langfuse"]',
        'general_settings:',
        '  master_key: os.environ/TEST_MASTER_KEY',
      ].join('\n'),
    );
    running = startBinary(
      ['--config', 'config.yaml', '--port', '0', '--host', '127.0.0.1'],
      directory,
      { LLMUX_LOG_LEVEL: 'debug', TEST_MASTER_KEY: masterKey },
    );
    const [, url] = await running.waitFor(/llmux proxy running on (http:\/\/127\.0\.0\.1:\d+)/);

    const request = (authorization?: string) =>
      fetch(`${url}/v1/chat/completions`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(authorization ? { authorization } : {}),
        },
        body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] }),
      });
    const unauthorised = await request();
    expect(unauthorised.status).toBe(401);
    await unauthorised.text();
    const reply = await request(`Bearer ${masterKey}`);
    expect(reply.status).toBe(200);
    const callId = reply.headers.get('x-litellm-call-id');
    expect(await reply.json()).toMatchObject({
      choices: [{ message: { content: 'Hi from the test' } }],
    });

    // A spend report runs on its own SQLite connection in a worker thread, which the
    // shutdown below must stop before the process ends.
    const report = await fetch(`${url}/spend/logs`, {
      headers: { authorization: `Bearer ${masterKey}` },
    });
    expect(report.status).toBe(200);
    await report.json();

    running.child.kill('SIGTERM');
    expect(await running.exited).toEqual({ code: 0, signal: null });

    const output = running.output();
    const lines = jsonLines(output);
    expect(
      lines.find(line => line.msg === 'request handled' && line.callId === callId),
    ).toMatchObject({
      level: 20,
      method: 'POST',
      path: '/v1/chat/completions',
      status: 200,
      durationMs: expect.any(Number),
    });
    expect(
      lines.find(line => line.msg === 'model resolved' && line.callId === callId),
    ).toMatchObject({
      level: 20,
      modelGroup: 'gpt-4o-mini',
    });
    expect(output).toContain(`loaded config ${join(directory, 'config.yaml')}`);
    expect(output).not.toContain('NO MASTER KEY');
    const ignored = lines.filter(line => String(line.msg).startsWith('ignored config keys'));
    expect(ignored).toHaveLength(1);
    expect(ignored[0]?.msg).toContain('litellm_settings.success_callback');
    expect(output).toContain('llmux proxy stopped');
    expect(output).not.toContain(masterKey);
    expect(output).not.toContain(providerKey);
    // Spend went to the default SQLite file under the working directory.
    expect(existsSync(join(directory, '.llmux', 'llmux.sqlite'))).toBe(true);
  });

  it('serves the demo config without --config and warns that the proxy is open', async () => {
    requireBuild();
    running = startBinary(['--port', '0', '--host', '127.0.0.1'], directory);
    const [, url] = await running.waitFor(/llmux proxy running on (http:\/\/127\.0\.0\.1:\d+)/);
    const reply = await fetch(`${url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] }),
    });
    expect(reply.status).toBe(200);
    expect(Number(reply.headers.get('x-litellm-response-cost'))).toBeGreaterThan(0);
    await reply.text();

    running.child.kill('SIGINT');
    expect(await running.exited).toEqual({ code: 0, signal: null });
    const lines = jsonLines(running.output());
    const messages = lines.map(line => String(line.msg));
    expect(messages).toContainEqual(expect.stringContaining('serving the demo config'));
    expect(messages).toContainEqual(expect.stringContaining('gpt-4o-mini → openai/gpt-4o-mini'));
    expect(messages).toContainEqual(
      `database: SQLite ${join(directory, '.llmux', 'llmux.sqlite')}`,
    );
    expect(lines.find(line => String(line.msg).startsWith('NO MASTER KEY'))?.level).toBe(40);
  });

  it('loads ioredis only when the router uses Redis, and pino-pretty only for a terminal', async () => {
    requireBuild();
    // Reports, as the process exits, which of the two CommonJS packages it loaded.
    const report = join(directory, 'report-loaded.mjs');
    await writeFile(
      report,
      `import { createRequire } from 'node:module';
const cache = createRequire(import.meta.url).cache;
process.on('exit', () => {
  const loaded = ['ioredis', 'pino-pretty'].filter(name =>
    Object.keys(cache).some(path => path.includes(\`/node_modules/\${name}/\`)));
  process.stderr.write('loaded: ' + JSON.stringify(loaded) + '\\n');
});
`,
    );
    const modelList = `model_list:
  - model_name: m
    litellm_params: { model: openai/gpt-4o-mini, api_key: sk-test, api_base: http://127.0.0.1:9 }
`;
    const loadedWith = async (config: string): Promise<unknown> => {
      await writeFile(join(directory, 'config.yaml'), config);
      running = startBinary(
        ['--config', 'config.yaml', '--port', '0', '--host', '127.0.0.1'],
        directory,
        { NODE_OPTIONS: `--import ${report}` },
      );
      await running.waitFor(/llmux proxy running on/);
      running.child.kill('SIGTERM');
      await running.exited;
      const [, loaded] = /loaded: (.*)/.exec(running.output()) ?? [];
      return JSON.parse(loaded ?? 'null');
    };
    expect(await loadedWith(modelList)).toEqual([]);
    // Redis on a port nothing listens on: the router starts anyway, from memory.
    expect(
      await loadedWith(`${modelList}router_settings:\n  redis_host: 127.0.0.1\n  redis_port: 9\n`),
    ).toEqual(['ioredis']);
  });

  it('exits 1 with the key path and no stack trace when the config cannot be used', async () => {
    requireBuild();
    await writeFile(
      join(directory, 'config.yaml'),
      'model_list:\n  - model_name: a\n    litellm_params:\n      model: openai/a\n      api_key: os.environ/LLMUX_TEST_MISSING_VAR\n',
    );
    running = startBinary(['--config', 'config.yaml', '--port', '0'], directory);
    expect(await running.exited).toEqual({ code: 1, signal: null });
    expect(running.output()).toContain('model_list[0].litellm_params.api_key');
    expect(running.output()).toContain('LLMUX_TEST_MISSING_VAR');
    expect(running.output()).not.toMatch(/^\s+at /m);
  });

  it('prints --version and --help', async () => {
    requireBuild();
    const packageJson = JSON.parse(
      await readFile(new URL('../package.json', import.meta.url), 'utf8'),
    ) as { version: string };
    running = startBinary(['--version'], directory);
    expect(await running.exited).toEqual({ code: 0, signal: null });
    expect(running.output()).toBe(`${packageJson.version}\n`);

    running = startBinary(['--help'], directory);
    expect(await running.exited).toEqual({ code: 0, signal: null });
    expect(running.output()).toContain('Usage: llmux [--config config.yaml]');
  });
});
