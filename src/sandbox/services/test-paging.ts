import { paginatorOf, SandboxError, type Handler, type Input, type RequestContext } from './service.js';

/**
 * For handler unit tests: follows every page of a list operation the way an SDK paginator does
 * (tokens, limit and result key from the model's paginator) and returns the items and page sizes.
 */
export async function collectPages(
  handler: Handler | undefined,
  ctx: RequestContext,
  input: Input = {},
): Promise<{ items: unknown[]; pageSizes: number[] }> {
  if (!handler) throw new Error(`no handler for ${ctx.operation}`);
  const paginator = paginatorOf(ctx);
  const [inputToken, outputToken, resultKey] = [paginator.input_token, paginator.output_token, paginator.result_key].map((v) =>
    Array.isArray(v) ? v[0] : v,
  );
  if (!inputToken || !outputToken || !resultKey) throw new Error(`${ctx.operation}: incomplete paginator`);
  const items: unknown[] = [];
  const pageSizes: number[] = [];
  let token: unknown;
  for (let page = 0; page < 100_000; page++) {
    const output = await handler({ ...input, ...(token === undefined ? {} : { [inputToken]: token }) }, ctx);
    const result = output[resultKey];
    if (!Array.isArray(result)) throw new Error(`${ctx.operation}: ${resultKey} is not a list`);
    items.push(...(result as unknown[]));
    pageSizes.push(result.length);
    token = output[outputToken];
    if (paginator.more_results && output[paginator.more_results] !== (token !== undefined)) {
      throw new Error(`${ctx.operation}: ${paginator.more_results} disagrees with ${outputToken}`);
    }
    if (token === undefined) return { items, pageSizes };
  }
  throw new Error(`${ctx.operation}: pagination does not end`);
}

/** The SandboxError a handler call fails with (its code and HTTP status), or an error if it succeeds. */
export async function failureOf(call: () => unknown): Promise<SandboxError> {
  try {
    await call();
  } catch (error) {
    if (error instanceof SandboxError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}
