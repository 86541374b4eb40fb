import { describe, expect, it } from 'vitest';
import { azureUrl } from './azure-url.js';

const base = 'https://my-resource.openai.azure.com';

describe('azureUrl', () => {
  it.each([
    [
      base,
      '2024-10-21',
      `${base}/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21`,
    ],
    [
      `${base}/openai`,
      '2024-10-21',
      `${base}/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21`,
    ],
    [
      `${base}/openai/deployments/other`,
      '2024-10-21',
      `${base}/openai/deployments/other/chat/completions?api-version=2024-10-21`,
    ],
    [base, 'v1', `${base}/openai/v1/chat/completions`],
    [`${base}/openai/v1`, 'latest', `${base}/openai/v1/chat/completions`],
    [base, 'preview', `${base}/openai/v1/chat/completions?api-version=preview`],
  ])('%s with api_version %s → %s', (baseURL, apiVersion, expected) => {
    expect(azureUrl({ baseURL, path: '/chat/completions', deployment: 'gpt-4o', apiVersion })).toBe(
      expected,
    );
  });

  it('escapes the deployment and the version', () => {
    expect(
      azureUrl({
        baseURL: base,
        path: '/embeddings',
        deployment: 'my embed',
        apiVersion: '2024 10',
      }),
    ).toBe(`${base}/openai/deployments/my%20embed/embeddings?api-version=2024%2010`);
  });
});
