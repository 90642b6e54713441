// N workers over a list: each takes the next item when it is free. The first error stops the
// others from taking more and is thrown once the running items are done.
export async function runPool<T>(
  items: readonly T[],
  workers: number,
  work: (item: T) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (next < items.length && failure === undefined && !signal?.aborted) {
      const item = items[next++];
      try {
        await work(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  const count = Math.max(1, Math.min(workers, items.length));
  await Promise.all(Array.from({ length: count }, worker));
  if (failure) throw failure.error;
}
