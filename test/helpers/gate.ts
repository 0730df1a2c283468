/** A gate a wrapped activity waits at until the test opens it (see StackOptions.wrapActivities). */
export interface Gate {
  /** Resolves once something waits at the gate. */
  reached: Promise<void>;
  wait(): Promise<void>;
  open(): void;
}

export function createGate(): Gate {
  let reach!: () => void;
  let release!: () => void;
  const reached = new Promise<void>((r) => (reach = r));
  const opened = new Promise<void>((r) => (release = r));
  return {
    reached,
    wait: () => {
      reach();
      return opened;
    },
    open: () => release(),
  };
}
