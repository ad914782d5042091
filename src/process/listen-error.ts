/** A listener that could not start, already described for a person (see `describeListenError`). */
export class ListenError extends Error {
  override readonly name = 'ListenError';
}

/**
 * A listen failure in words a person can act on: which port, and which variable moves it.
 * Anything but a taken or forbidden port is left for the caller to report as it is.
 */
export function describeListenError(
  error: unknown,
  what: { name: string; port: number; variable: string },
): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'EADDRINUSE') {
    return `${what.name}: port ${what.port} is already in use. Stop whatever holds it, or set ${what.variable} to another port.`;
  }
  if (code === 'EACCES') {
    return `${what.name}: not allowed to listen on port ${what.port}. Set ${what.variable} to a port above 1023.`;
  }
  return undefined;
}
