import type { ChatModelV1 } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { conformanceTestNames } from './conformance-types.js';
import { runChatModelConformance } from './run-chat-model-conformance.js';

const unusedModel = (): ChatModelV1 => {
  throw new Error('not called: every test is skipped');
};

describe('runChatModelConformance', () => {
  it.each(['', '   '])('refuses a skip whose reason is %j', reason => {
    expect(() =>
      runChatModelConformance({
        name: 'no reason',
        createModel: unusedModel,
        server: { route: 'POST /v1/chat/completions' },
        fixtures: {},
        skip: [{ reason, tests: ['text'] }],
      }),
    ).toThrow(/every conformance skip needs a reason/);
  });

  it('refuses a skip naming an unknown test', () => {
    expect(() =>
      runChatModelConformance({
        name: 'unknown test',
        createModel: unusedModel,
        server: { route: 'POST /v1/chat/completions' },
        fixtures: {},
        skip: [{ reason: 'typo', tests: ['txet' as 'text'] }],
      }),
    ).toThrow(/unknown conformance test "txet"/);
  });
});

// Registers every test as skipped, reason in the title (shown as skipped by vitest).
runChatModelConformance({
  name: 'a fully skipped suite',
  createModel: unusedModel,
  server: { route: 'POST /v1/chat/completions' },
  fixtures: {},
  skip: [{ reason: 'registration check only', tests: conformanceTestNames }],
});
