import { afterEach, describe, expect, it, vi } from 'vitest';
import { SecscoreError } from '../domain/errors.js';
import { interruptible } from './interrupt.js';

/** The signal handler interruptible installs (the last SIGINT listener), called as the process would. */
const handler = () => process.listeners('SIGINT').at(-1) as (name: NodeJS.Signals) => void;

describe('interruptible', () => {
  afterEach(() => vi.restoreAllMocks());

  it('on a first signal aborts the work and stops the store, then fails with INTERRUPTED (exit 130) saying what was undone', async () => {
    const before = process.listeners('SIGINT').length;
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    let stops = 0;
    let seen: AbortSignal | null = null;
    const run = interruptible(
      'the file was rolled back',
      () => stops++,
      (signal) => {
        seen = signal;
        return new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('INTERRUPT Error: Interrupted!'))));
      },
    );
    handler()('SIGINT');
    const err = await run.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SecscoreError);
    expect(err).toMatchObject({ code: 'INTERRUPTED', exitCode: 130, message: 'stopped by SIGINT; the file was rolled back' });
    expect(stops).toBe(1);
    expect(seen!.aborted).toBe(true);
    expect(stderr.mock.calls.map((c) => String(c[0]))).toEqual(['secscore: SIGINT: stopping (press Ctrl-C again to exit at once)…\n']);
    // Its handlers are gone once the work has ended.
    expect(process.listeners('SIGINT')).toHaveLength(before);
  });

  it('on a second signal exits at once with 130', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const exit = vi.spyOn(process, 'exit').mockImplementation(() => undefined as never);
    let finish!: () => void;
    const run = interruptible(
      'nothing',
      () => {},
      () => new Promise<void>((resolve) => (finish = resolve)),
    );
    const onSignal = handler();
    onSignal('SIGINT');
    expect(exit).not.toHaveBeenCalled();
    onSignal('SIGINT');
    expect(exit).toHaveBeenCalledWith(130);
    expect(String(stderr.mock.calls.at(-1)![0])).toMatch(/^secscore: SIGINT again: exiting now/);
    finish();
    await run.catch(() => {});
  });

  it('returns what the work returns when the signal came too late to stop it, and says so', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    let finish!: (v: string) => void;
    const run = interruptible(
      'nothing',
      () => {},
      () => new Promise<string>((resolve) => (finish = resolve)),
    );
    handler()('SIGTERM');
    finish('committed');
    await expect(run).resolves.toBe('committed');
    expect(String(stderr.mock.calls.at(-1)![0])).toBe('secscore: too late to stop: the work had finished\n');
  });
});
