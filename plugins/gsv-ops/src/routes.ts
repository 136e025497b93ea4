import { createRouteRef } from '@backstage/core-plugin-api';

export const rootRouteRef = createRouteRef({ id: 'gsv-ops' });
export const platformHealthRouteRef = createRouteRef({ id: 'gsv-ops:platform-health' });
