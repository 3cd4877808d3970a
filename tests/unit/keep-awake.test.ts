import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { keepAwakeDuring } from '../../utils/save/keep-awake';

describe('keepAwakeDuring', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('pings every interval while the work lasts, and never after', async () => {
    let finish!: (value: string) => void;
    const work = new Promise<string>((resolve) => (finish = resolve));
    const ping = vi.fn(async () => 'pong');
    const kept = keepAwakeDuring(work, ping, 20_000);
    await vi.advanceTimersByTimeAsync(65_000);
    expect(ping).toHaveBeenCalledTimes(3);
    finish('upgraded');
    await expect(kept).resolves.toBe('upgraded');
    await vi.advanceTimersByTimeAsync(100_000);
    expect(ping).toHaveBeenCalledTimes(3);
  });

  it('stops pinging when the work fails, and passes the failure on', async () => {
    let fail!: (error: Error) => void;
    const work = new Promise<never>((_, reject) => (fail = reject));
    const ping = vi.fn(async () => undefined);
    const kept = keepAwakeDuring(work, ping, 1_000);
    const outcome = expect(kept).rejects.toThrow('quota');
    await vi.advanceTimersByTimeAsync(2_500);
    fail(new Error('quota'));
    await outcome;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(ping).toHaveBeenCalledTimes(2);
  });

  it('keeps going when a ping fails', async () => {
    let finish!: () => void;
    const work = new Promise<void>((resolve) => (finish = resolve));
    const ping = vi.fn(async () => {
      throw new Error('Extension context invalidated');
    });
    const kept = keepAwakeDuring(work, ping, 1_000);
    await vi.advanceTimersByTimeAsync(3_500);
    expect(ping).toHaveBeenCalledTimes(3);
    finish();
    await expect(kept).resolves.toBeUndefined();
  });
});
