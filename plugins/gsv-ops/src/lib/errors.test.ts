import { ResponseError } from '@backstage/errors';
import {
  backendErrorMessage,
  errorMessage,
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

  it("shows the backend's own message of a ResponseError", async () => {
    // the body Backstage's error middleware sends
    const error = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: { name: 'ServiceUnavailableError', message: 'warming up' },
          request: { method: 'GET', url: '/platform/metrics' },
          response: { statusCode: 503 },
        }),
        {
          status: 503,
          statusText: 'Service Unavailable',
          headers: { 'Content-Type': 'application/json' },
        },
      ),
    );
    expect(error.message).toMatch(/^Request failed with 503/);
    expect(errorMessage(error)).toBe('warming up');
    expect(errorMessage(new TypeError('Failed to fetch'))).toBe(
      'Failed to fetch',
    );
  });

  it('reads the backend’s message from the body of a failed request', () => {
    const refused = Object.assign(new Error('Request failed with 403'), {
      body: {
        error: { name: 'NotAllowedError', message: 'outside the window' },
      },
    });
    expect(backendErrorMessage(refused)).toBe('outside the window');
    expect(backendErrorMessage(new Error('offline'))).toBe('offline');
    expect(backendErrorMessage('broken')).toBe('broken');
  });
});
