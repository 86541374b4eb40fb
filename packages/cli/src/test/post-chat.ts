/** POSTs a one-message chat for `gpt-4o-mini` (the demo config's model) to a running gateway. */
export function postChat(gatewayUrl: string, content = 'Hi'): Promise<Response> {
  return fetch(`${gatewayUrl}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content }] }),
  });
}
