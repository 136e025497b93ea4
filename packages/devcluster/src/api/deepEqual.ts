/**
 * Structural equality of JSON values, ignoring key order and treating `undefined` properties as absent (they
 * vanish on serialisation anyway). Allocation-free, so controllers can compare objects on every reconcile.
 */
export function deepEqual(a: unknown, b: unknown, ignoreKeys?: ReadonlySet<string>): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  const aIsArray = Array.isArray(a);
  if (aIsArray !== Array.isArray(b)) return false;
  if (aIsArray) {
    const left = a as unknown[];
    const right = b as unknown[];
    if (left.length !== right.length) return false;
    for (let index = 0; index < left.length; index++) {
      if (!deepEqual(left[index], right[index])) return false;
    }
    return true;
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  let leftCount = 0;
  for (const key in left) {
    if (left[key] === undefined || ignoreKeys?.has(key)) continue;
    leftCount++;
    if (!deepEqual(left[key], right[key])) return false;
  }
  let rightCount = 0;
  for (const key in right) {
    if (right[key] !== undefined && !ignoreKeys?.has(key)) rightCount++;
  }
  return leftCount === rightCount;
}
