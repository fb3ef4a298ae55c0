// Action lookup by own property only. Action names come off the wire (X-Amz-Target, Action=); a plain
// `actions[name]` would find `constructor`, `toString` or `__proto__` on Object.prototype and call them.
export function ownAction<T>(actions: Record<string, T>, name: string): T | undefined {
  return Object.hasOwn(actions, name) ? actions[name] : undefined;
}
