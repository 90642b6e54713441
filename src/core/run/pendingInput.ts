// The input of a child started before its input exists (runProcess's `stdin` promise): given
// once it is made, or refused, which stops the child (nothing to run).

export interface PendingInput {
  /** What runProcess writes to the child's stdin once it resolves. */
  readonly text: Promise<string>;
  /** Plain functions: they may be passed around (as a promise's handlers). */
  readonly give: (text: string) => void;
  readonly refuse: (reason: Error) => void;
}

export function pendingInput(): PendingInput {
  let give!: (text: string) => void;
  let refuse!: (reason: Error) => void;
  const text = new Promise<string>((resolve, reject) => {
    give = resolve;
    refuse = reject;
  });
  return { text, give, refuse };
}
