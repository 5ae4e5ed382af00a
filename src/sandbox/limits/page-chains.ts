import type { ServiceModel } from '../../models/types.js';

/** The longest run of pages of one listing: each page needed the token of the page before it. */
export interface PageChain {
  accountId: string;
  region: string;
  service: string;
  operation: string;
  pages: number;
}

export interface CallCell {
  accountId: string;
  region: string;
  service: string;
  operation: string;
}

// Tokens of listings a client abandoned are never redeemed; past this many the oldest are forgotten.
const MAX_OPEN_TOKENS = 100_000;

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function stringMember(value: unknown, member: string | undefined): string | undefined {
  if (!member || value === null || typeof value !== 'object') return undefined;
  const token = (value as Record<string, unknown>)[member];
  return typeof token === 'string' && token !== '' ? token : undefined;
}

/**
 * Links every answered page to the page whose token it carries, to find the longest chain of
 * calls that must run one after another. Only the sandbox sees the tokens it issued, so it can
 * tell the second page of a listing from a new listing without knowing the client. Tokens are
 * keyed by (account, region, service, operation) as well, since equal tokens of different cells
 * belong to different listings. A token is forgotten once redeemed: a page is read once.
 */
export class PageChains {
  private readonly open = new Map<string, number>();
  private longestChain: PageChain | undefined;
  private answeredCalls = 0;

  /** Records one answered call of `operation` from its decoded input and output, following the model's paginator. */
  recordCall(cell: CallCell, model: ServiceModel, input: unknown, output: unknown): void {
    const paginator = model.paginators[cell.operation];
    const inputToken = stringMember(input, first(paginator?.input_token));
    const outputToken = stringMember(output, first(paginator?.output_token));
    this.record(cell, inputToken, outputToken);
  }

  /** One answered call: the page after `inputToken` (a first page without one), handing out `outputToken`. */
  record(cell: CallCell, inputToken?: string, outputToken?: string): void {
    this.answeredCalls += 1;
    const prefix = `${cell.accountId}|${cell.region}|${cell.service}|${cell.operation}|`;
    let pages = 1;
    if (inputToken !== undefined) {
      const key = prefix + inputToken;
      // A token from before the last reset (or forgotten) has an unknown past: counting this page
      // alone keeps the chain a lower bound.
      pages = (this.open.get(key) ?? 0) + 1;
      this.open.delete(key);
    }
    if (outputToken !== undefined) {
      if (this.open.size >= MAX_OPEN_TOKENS) {
        const oldest = this.open.keys().next().value;
        if (oldest !== undefined) this.open.delete(oldest);
      }
      this.open.set(prefix + outputToken, pages);
    }
    if (!this.longestChain || pages > this.longestChain.pages) this.longestChain = { ...cell, pages };
  }

  longest(): PageChain | undefined {
    return this.longestChain ? { ...this.longestChain } : undefined;
  }

  /** Calls answered (not throttled, not refused) since the last reset. */
  answered(): number {
    return this.answeredCalls;
  }

  reset(): void {
    this.open.clear();
    this.longestChain = undefined;
    this.answeredCalls = 0;
  }
}
