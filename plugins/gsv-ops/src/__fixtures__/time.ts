/** Timestamps relative to the moment the fixtures are built, so relative times read the same in every run. */
export const FIXTURE_NOW = Date.now();

export const secondsAgo = (seconds: number, base = FIXTURE_NOW) =>
  new Date(base - seconds * 1000).toISOString();
export const minutesAgo = (minutes: number, base = FIXTURE_NOW) =>
  secondsAgo(minutes * 60, base);
export const hoursAgo = (hours: number, base = FIXTURE_NOW) =>
  secondsAgo(hours * 3600, base);
export const daysAgo = (days: number, base = FIXTURE_NOW) =>
  secondsAgo(days * 86400, base);
export const inHours = (hours: number, base = FIXTURE_NOW) =>
  secondsAgo(-hours * 3600, base);
export const inDays = (days: number, base = FIXTURE_NOW) =>
  secondsAgo(-days * 86400, base);
