import { ResponseError } from '@backstage/errors';
import {
  errorStatus,
  isAbortError,
  isPermissionDenied,
  isTerminalError,
} from './errors';

async function responseError(status: number) {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({ error: { name: 'NotAllowedError', message: 'nope' } }),
      {
        status,
        statusText: 'Forbidden',
        headers: { 'Content-Type': 'application/json' },
      },
    ),
  );
}

describe('errors', () => {
  it('reads the status of ResponseErrors, also from a foreign copy (by name, not instanceof)', async () => {
    const error = await responseError(403);
    expect(errorStatus(error)).toBe(403);
    expect(isPermissionDenied(error)).toBe(true);
    const foreign = {
      name: 'ResponseError',
      message: 'x',
      response: { status: 404 },
    };
    expect(errorStatus(foreign)).toBe(404);
    expect(isTerminalError(foreign)).toBe(true);
  });

  it('keeps retrying on server and network errors', async () => {
    expect(isTerminalError(await responseError(503))).toBe(false);
    expect(isTerminalError(new TypeError('Failed to fetch'))).toBe(false);
    expect(errorStatus(new Error('plain'))).toBeUndefined();
  });

  it('recognises aborted requests', () => {
    expect(
      isAbortError(
        new DOMException('The operation was aborted.', 'AbortError'),
      ),
    ).toBe(true);
    expect(isAbortError(new Error('boom'))).toBe(false);
  });
});
