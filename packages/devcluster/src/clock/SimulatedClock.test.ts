import { SimulatedClock } from './SimulatedClock';

describe('SimulatedClock', () => {
  it('stands still in manual mode and fires timers in order while advancing', async () => {
    const clock = new SimulatedClock({ manual: true, start: '2026-11-25T10:00:00Z' });
    const fired: string[] = [];
    clock.after(3000, () => fired.push(`b@${clock.date().toISOString()}`));
    clock.after(1000, () => {
      fired.push(`a@${clock.date().toISOString()}`);
      clock.after(500, () => fired.push(`c@${clock.date().toISOString()}`));
    });
    const cancelled = clock.after(2000, () => fired.push('never'));
    clock.cancel(cancelled);
    expect(clock.now()).toBe(Date.parse('2026-11-25T10:00:00Z'));
    await clock.advance(5000);
    expect(fired).toEqual(['a@2026-11-25T10:00:01.000Z', 'c@2026-11-25T10:00:01.500Z', 'b@2026-11-25T10:00:03.000Z']);
    expect(clock.now()).toBe(Date.parse('2026-11-25T10:00:05Z'));
    clock.dispose();
  });

  it('lets settle hooks run after each timer', async () => {
    const clock = new SimulatedClock({ manual: true, start: 0 });
    const order: string[] = [];
    clock.onSettle(async () => {
      order.push(`settle@${clock.now()}`);
    });
    clock.after(100, () => order.push('timer@100'));
    await clock.advance(200);
    expect(order).toEqual(['settle@0', 'timer@100', 'settle@100', 'settle@200']);
    clock.dispose();
  });

  it('runs faster than real time at a speed factor, firing timers on its own', async () => {
    const clock = new SimulatedClock({ speed: 1000 });
    const started = clock.now();
    const fired = await new Promise<number>(resolve => clock.after(60_000, () => resolve(clock.now())));
    expect(fired - started).toBeGreaterThanOrEqual(60_000);
    expect(fired - started).toBeLessThan(300_000);
    clock.setManual(true);
    const frozen = clock.now();
    await new Promise(resolve => setTimeout(resolve, 20));
    expect(clock.now()).toBe(frozen);
    clock.dispose();
  });

  it('refuses to go backwards or run at non-positive speeds', async () => {
    const clock = new SimulatedClock({ manual: true });
    await expect(clock.advance(-1)).rejects.toThrow('backwards');
    expect(() => clock.setSpeed(0)).toThrow();
    clock.dispose();
  });
});
